"""Mend the tokeniser's cuts around words the FAQ knows.

Neighbours are joined when together they are a FAQ word (ที่ + ไหน → ที่ไหน), or when two to four
unknown Thai fragments together are a typo of one (วัตถุ + ประ + สง → วัตถุประสงค์): the
tokeniser does not know a misspelt word, so it cuts it up. An unknown compound is split in two
when both halves are known (เป้าหมายหลัก → เป้าหมาย + หลัก).
"""

from __future__ import annotations

from bot.match.index import EntryIndex
from bot.nlp.normalize import has_thai

# At most this many tokeniser fragments are joined back into one misspelt word.
MAX_FRAGMENTS = 4


def mend_cuts(index: EntryIndex, tokens: list[str]) -> list[str]:
    """``tokens`` with split words joined and unknown compounds split."""
    out: list[str] = []
    i = 0
    while i < len(tokens):
        if not index.knows(tokens[i]):
            joined = _join_fragments(index, tokens, i)
            if joined is not None:
                word, used = joined
                out.append(word)
                i += used
                continue
            halves = split_compound(index, tokens[i])
            if halves is not None:
                out.extend(halves)
                i += 1
                continue
        out.append(tokens[i])
        i += 1
    return out


def _join_fragments(index: EntryIndex, tokens: list[str], start: int) -> tuple[str, int] | None:
    for size in range(min(MAX_FRAGMENTS, len(tokens) - start), 1, -1):
        window = tokens[start : start + size]
        joined = "".join(window)
        if index.knows(joined):
            return joined, size
        if (
            not any(index.knows(t) for t in window)
            and all(has_thai(t) for t in window)
            and index.resolve(joined) is not None
        ):
            return joined, size
    return None


def split_compound(index: EntryIndex, token: str) -> tuple[str, str] | None:
    """The two known words an unknown Thai compound is made of, if it is (as FAQ tokens)."""
    if len(token) < 4 or not has_thai(token):
        return None
    known = index.typo_target
    for cut in range(len(token) - 2, 1, -1):
        left, right = token[:cut], token[cut:]
        if left in known and right in known:
            return known[left], known[right]
    return None


def known_part(index: EntryIndex, word: str) -> str | None:
    """The FAQ word a Thai compound ends or starts with (ค่าอบรม → the training word), the
    longest such part of at least three letters, or None."""
    if not has_thai(word):
        return None
    known = index.typo_target
    for size in range(len(word) - 1, 2, -1):
        for part in (word[-size:], word[:size]):
            if part in known:
                return known[part]
    return None
