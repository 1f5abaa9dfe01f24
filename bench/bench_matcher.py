"""Matcher latency (p50/p99) at the shipped FAQ and at synthetic 1,000 and 10,000 entries,
and the time from process start to the first answer.

    .venv/bin/python bench/bench_matcher.py [--repeat N]

Synthetic entries are built from random dictionary words so that, like real ones, they share
common words with each other and with the questions; the shipped FAQ is kept among them.
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pythainlp.corpus import thai_words  # noqa: E402

from bot.engine import Engine, load_processor  # noqa: E402
from bot.evaluation import load_cases  # noqa: E402
from bot.knowledge import FAQ, Entry, load_faq  # noqa: E402
from bot.settings import DEFAULT_FAQ_PATH  # noqa: E402

EVAL_PATHS = (ROOT / "knowledge" / "eval.yaml", ROOT / "knowledge" / "eval_independent.yaml")


def synthetic_faq(base: FAQ, size: int, rng: random.Random) -> FAQ:
    words = sorted(w for w in thai_words() if 2 <= len(w) <= 8)
    common = rng.sample(words, 300)  # a shared core vocabulary, as real FAQs have
    entries = list(base.entries)
    for i in range(size - len(entries)):
        questions = tuple(
            "".join(
                rng.choice(common if rng.random() < 0.5 else words)
                for _ in range(rng.randint(3, 6))
            )
            + rng.choice(["อะไร", "ที่ไหน", "เมื่อไหร่", "ใคร", "อย่างไร"])
            for _ in range(4)
        )
        entries.append(
            Entry(
                id=f"synthetic-{i}",
                title=f"s{i}",
                title_en=f"s{i}",
                questions=questions,
                answer="-",
                answer_en="-",
                source="-",
            )
        )
    return FAQ(entries=tuple(entries))


def latencies(engine: Engine, questions: list[str], repeat: int) -> tuple[float, float]:
    samples = []
    for _ in range(repeat):
        for q in questions:
            start = time.perf_counter()
            engine.ask(q)
            samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.99) - 1]


def startup_seconds(runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "bot", "ask", "ลงนามที่ไหนครับ"],
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    rng = random.Random(7)
    base = load_faq(DEFAULT_FAQ_PATH)
    processor = load_processor(DEFAULT_FAQ_PATH)
    questions = [c.question for path in EVAL_PATHS for c in load_cases(path)]
    print(f"questions per run: {len(questions)}, repeats: {args.repeat}")
    for size in (len(base), 1_000, 10_000):
        faq = base if size == len(base) else synthetic_faq(base, size, rng)
        build = time.perf_counter()
        engine = Engine(faq, processor)
        build = time.perf_counter() - build
        phrasings = sum(len(e.questions) for e in faq.entries)
        sample = questions + [
            rng.choice(e.questions) for e in rng.sample(faq.entries, min(100, len(faq)))
        ]
        p50, p99 = latencies(engine, sample, args.repeat)
        print(
            f"entries={len(faq):>6} phrasings={phrasings:>6} index={build * 1000:7.1f} ms  "
            f"p50={p50:6.3f} ms  p99={p99:6.3f} ms"
        )
    print(f"start-up to first answer (python -m bot ask, median of 3): {startup_seconds():.2f} s")


if __name__ == "__main__":
    main()
