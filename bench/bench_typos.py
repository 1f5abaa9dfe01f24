"""How well the engine stands typing slips: each labelled question that is answered right is
typed again with one kind of slip, and the share still answered right is printed.

    .venv/bin/python bench/bench_typos.py [--seed N]

Slips: every Thai tone mark dropped; ใ and ไ swapped; one Thai consonant dropped; the spaces of
a Thai question removed; two neighbouring letters of one English word (5+ letters) swapped.
Only questions the engine gets right as written are counted, so the figure is what the slip
costs. The slips are random where they pick a letter: ``--seed`` makes a run repeatable.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.engine import Engine  # noqa: E402
from bot.evaluation import Case, is_correct, load_cases  # noqa: E402
from bot.settings import DEFAULT_FAQ_PATH  # noqa: E402

THAI = re.compile("[\u0e00-\u0e7f]")
TONE_MARKS = re.compile("[\u0e48-\u0e4b]")
SETS = (ROOT / "knowledge" / "eval.yaml", ROOT / "knowledge" / "eval_independent.yaml")


def slips(rng: random.Random) -> dict[str, Callable[[str], str]]:
    def drop_consonant(q: str) -> str:
        places = [i for i, ch in enumerate(q) if "\u0e01" <= ch <= "\u0e2e"]
        if not places:
            return q
        i = rng.choice(places)
        return q[:i] + q[i + 1 :]

    def swap_english_letters(q: str) -> str:
        if THAI.search(q):
            return q
        words = q.split()
        long_words = [i for i, w in enumerate(words) if len(w) >= 5 and w.isalpha()]
        if not long_words:
            return q
        i = rng.choice(long_words)
        w = words[i]
        j = rng.randrange(1, len(w) - 2)
        words[i] = w[:j] + w[j + 1] + w[j] + w[j + 2 :]
        return " ".join(words)

    return {
        "tone marks dropped": lambda q: TONE_MARKS.sub("", q),
        "ใ/ไ swapped": lambda q: q.translate(str.maketrans("ใไ", "ไใ")),
        "one Thai consonant dropped": drop_consonant,
        "Thai spaces removed": lambda q: q.replace(" ", "") if THAI.search(q) else q,
        "English letters swapped": swap_english_letters,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    engine = Engine.load(DEFAULT_FAQ_PATH)
    cases: list[Case] = [c for path in SETS for c in load_cases(path) if c.expect is not None]
    right = [c for c in cases if is_correct(c, engine.ask(c.question))]
    print(f"in-scope labelled questions: {len(cases)}, answered right as written: {len(right)}")
    for name, slip in slips(random.Random(args.seed)).items():
        changed = [(c, slip(c.question)) for c in right]
        changed = [(c, q) for c, q in changed if q != c.question]
        still = sum(is_correct(c, engine.ask(q)) for c, q in changed)
        share = 100.0 * still / len(changed) if changed else 100.0
        print(f"{name:<28} {still:>5} / {len(changed):<5} still right ({share:.1f} %)")


if __name__ == "__main__":
    main()
