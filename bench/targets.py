"""How every benchmark states a figure against its target, so `make bench` can sum them up.

Each script calls :func:`report` once per target (it prints one human line and one machine line)
and exits 1 when any of its targets was missed; ``bench/run_all.py`` runs every script, reads the
machine lines and ends with one table of figure / target / met or missed.
"""

from __future__ import annotations

import json

MARK = "TARGET\t"  # the machine line's prefix; the rest is JSON


def report(figure: str, value: str, target: str, met: bool) -> bool:
    """Print ``figure: value (target …) met|missed`` and its machine line; returns ``met``."""
    print(f"{figure}: {value} (target {target}) {'met' if met else 'MISSED'}")
    line = {"figure": figure, "value": value, "target": target, "met": met}
    print(MARK + json.dumps(line, ensure_ascii=False), flush=True)
    return met


def parse(line: str) -> dict[str, object] | None:
    """The target a machine line reports, or None for any other line."""
    if not line.startswith(MARK):
        return None
    data: dict[str, object] = json.loads(line[len(MARK) :])
    return data
