"""How common an English word is in everyday English (wordfreq's Zipf scale: 3 is once in a
million words, 6 once in a thousand), for the rules that ask whether a word the FAQ does not
know names something particular ("hydrogen", "motorcycles") or is everyday English ("business",
"teaching"). The word list is read on first use; without wordfreq no word is common.
"""

from __future__ import annotations

import functools


@functools.cache
def zipf(word: str) -> float:
    """The word's Zipf frequency in English (0 when unknown or wordfreq is missing)."""
    try:
        from wordfreq import zipf_frequency
    except ImportError:  # pragma: no cover - wordfreq is a dependency
        return 0.0
    return float(zipf_frequency(word, "en"))


def is_common(word: str, at_least: float) -> bool:
    """Whether an English word is at least this common (rules.yaml ``common_english_zipf``)."""
    return at_least > 0 and zipf(word.lower()) >= at_least
