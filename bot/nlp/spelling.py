"""Spelling stages: light English stemming, English slips mended to the lexicon's words, and
the sloppy Thai spellings members type (no tone marks, ใ/ไ swapped)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from rapidfuzz import process
from rapidfuzz.distance import OSA

ENGLISH_TYPO_MIN_LENGTH = 5  # shorter English words are not mended (rain ≠ train)

_TONE_MARKS = re.compile("[\u0e48-\u0e4b]")
# Tone marks with the short-vowel mark (เซ็น → เซน) and the silencer (มอเตอร์ → มอเตอร).
_MARKS = re.compile("[\u0e47-\u0e4c]")
_AI_SWAP = str.maketrans("ใไ", "ไใ")


def stem_english(token: str) -> str:
    """A light English suffix strip, enough to let signed/signing/signs or times/time meet."""
    if not token.isascii() or not token.isalpha() or len(token) <= 4:
        return token
    if token.endswith("ies"):
        return token[:-3] + "y"
    if token.endswith(("sses", "xes", "ches", "shes")):
        return token[:-2]
    if token.endswith("ing") and len(token) >= 6:
        return token[:-3]
    if token.endswith("ed") and len(token) >= 5:
        return token[:-2]
    if token.endswith("s") and not token.endswith(("ss", "us", "is")):
        return token[:-1]
    return token


def without_marks(text: str) -> str:
    """``text`` without tone marks, the short-vowel mark and the silencer (ใช่มั้ย → ใชมัย)."""
    return _MARKS.sub("", text)


def sloppy_spellings(word: str) -> set[str]:
    """``word`` without its tone marks (or all its marks: เซ็น → เซน), with ใ and ไ swapped,
    and both (at least 3 letters)."""
    toneless = _TONE_MARKS.sub("", word)
    bare = _MARKS.sub("", word)
    swapped = word.translate(_AI_SWAP)
    variants = {toneless, bare, swapped, toneless.translate(_AI_SWAP), bare.translate(_AI_SWAP)}
    variants -= {word}
    return {v for v in variants if len(v) >= 3}


class EnglishMender:
    """English words one slip away (a letter swapped, missing, extra or wrong) from a word of
    the lexicon are read as that word: pilalr → pillar, stadn → stand.

    Args:
        known: every English word the lexicon knows (they are never mended).
        never_targets: known words no slip is mended into ("grand" is not a misspelt "grant").
    """

    def __init__(self, known: Iterable[str], never_targets: Iterable[str] = ()) -> None:
        known = set(known)
        blocked = set(never_targets)
        self._known = frozenset(known | blocked)
        self._by_length: dict[int, list[str]] = {}
        for word in sorted(known - blocked):
            if len(word) >= ENGLISH_TYPO_MIN_LENGTH:
                self._by_length.setdefault(len(word), []).append(word)

    def mend(self, tokens: list[str]) -> list[str]:
        """Every token mended where it is one slip from a known word."""
        return [self.mend_word(t) for t in tokens]

    def mend_word(self, token: str) -> str:
        """The known word ``token`` is a slip of, or ``token`` itself."""
        if (
            len(token) < ENGLISH_TYPO_MIN_LENGTH
            or not token.isascii()
            or not token.isalpha()
            or token in self._known
        ):
            return token
        choices = [
            w
            for length in (len(token) - 1, len(token), len(token) + 1)
            for w in self._by_length.get(length, ())
        ]
        found = process.extractOne(token, choices, scorer=OSA.distance, score_cutoff=1)
        return found[0] if found is not None else token
