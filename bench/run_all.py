"""Run every benchmark, even after one misses, and end with one table of targets.

    .venv/bin/python bench/run_all.py [SCRIPT ...]

Each script's output is shown as it comes (the long steps print their progress); the lines
that ``bench/targets.py``'s ``report()`` writes are collected. Exits 1 at the end when any
target was missed or any script failed.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.targets import parse  # noqa: E402

SCRIPTS = ("bench_matcher.py", "bench_throughput.py", "bench_typos.py")


def run(script: str) -> tuple[int, list[dict[str, object]]]:
    """Run one script, echoing its human lines; its exit code and the targets it reported."""
    print(f"=== {script}", flush=True)
    targets = []
    with subprocess.Popen(
        [sys.executable, "-u", str(ROOT / "bench" / script)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    ) as child:
        assert child.stdout is not None
        for line in child.stdout:
            found = parse(line.rstrip("\n"))
            if found is None:
                print(line, end="", flush=True)
            else:
                targets.append(found)
    return child.returncode, targets


def table(rows: list[dict[str, object]]) -> str:
    """The targets as an aligned table: figure / target / measured / met or missed."""
    cells = [("figure", "target", "measured", "result")] + [
        (str(r["figure"]), str(r["target"]), str(r["value"]), "met" if r["met"] else "MISSED")
        for r in rows
    ]
    widths = [max(len(row[i]) for row in cells) for i in range(4)]
    return "\n".join(
        "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) for row in cells
    )


def main(argv: list[str] | None = None) -> int:
    scripts = argv if argv else list(SCRIPTS)
    rows: list[dict[str, object]] = []
    failed = []
    for script in scripts:
        code, targets = run(script)
        rows.extend(targets)
        if code != 0 and all(t["met"] for t in targets):
            failed.append(f"{script} exited {code}")
    print("\n" + table(rows))
    for line in failed:
        print(f"FAILED: {line}")
    missed = sum(not r["met"] for r in rows)
    print(f"{len(rows) - missed} met, {missed} missed")
    return 1 if missed or failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
