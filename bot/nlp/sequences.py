"""Token sequences replaced by others (misspellings, synonyms), longest first, left to right."""

from __future__ import annotations

import re

_THAI = re.compile("[\u0e00-\u0e7f]")


class SequenceTable:
    """Token sequences to replace, indexed for a fast left-to-right scan."""

    def __init__(self, table: dict[tuple[str, ...], tuple[str, ...]]) -> None:
        self.table = table
        self.longest_from: dict[str, int] = {}
        for key in table:
            self.longest_from[key[0]] = max(self.longest_from.get(key[0], 0), len(key))
        self.prefixes = {
            key[0][:end]
            for key in table
            if len(key) == 1 and _THAI.search(key[0])
            for end in range(1, len(key[0]) + 1)
        }

    def replace(self, tokens: list[str]) -> list[str]:
        """Replace sequences found in the table, longest first, left to right.

        A run of Thai tokens also matches a one-token key equal to their concatenation: a typo
        mended inside a word (ที่ใหน → ที่ + ไหน) must still meet ที่ไหน.
        """
        out: list[str] = []
        i = 0
        while i < len(tokens):
            size, target = self.longest_at(tokens, i)
            if target is None:
                out.append(tokens[i])
                i += 1
            else:
                out.extend(target)
                i += size
        return out

    def longest_at(self, tokens: list[str], i: int) -> tuple[int, tuple[str, ...] | None]:
        """The length and replacement of the longest key starting at ``tokens[i]``."""
        table = self.table
        size, target = 0, None
        for length in range(min(self.longest_from.get(tokens[i], 0), len(tokens) - i), 0, -1):
            found = table.get(tuple(tokens[i : i + length]))
            if found is not None:
                size, target = length, found
                break
        joined = tokens[i]
        for end in range(i + 1, len(tokens)):
            joined += tokens[end]
            if joined not in self.prefixes or not _THAI.search(tokens[end]):
                break
            found = table.get((joined,))
            if found is not None and end - i + 1 > size:
                size, target = end - i + 1, found
        return size, target
