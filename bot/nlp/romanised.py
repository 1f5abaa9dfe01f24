"""Thai typed in Latin letters ("karaoke" Thai: "long nam wan nai krub") read as Thai, from the
table of everyday words in rules.yaml ``romanised``; the article's names are synonyms, and the
places and names of values.yaml stay as typed ("chiang mai" is no ไหม).
"""

from __future__ import annotations

from collections.abc import Iterable

from bot.nlp.normalize import has_thai
from bot.nlp.rule_words import Romanised
from bot.nlp.value_words import ValueKind


class RomanisedThai:
    """Reads a message typed in Latin letters as Thai, when it is Thai.

    Args:
        table: the markers, the share and the words (rules.yaml ``romanised``).
        values: the values members name; their Latin-letter words are kept as typed.
    """

    def __init__(self, table: Romanised, values: Iterable[ValueKind]) -> None:
        self.table = table
        self.kept = frozenset(table.kept) | {
            w for kind in values if kind.kind != "number" for w in kind.words if w.isascii()
        }
        self.longest = max((len(w.split()) for w in (*table.words, *self.kept)), default=0)

    def read(self, normalized: str) -> str:
        """The message read as Thai: one with a marker word, or with enough of its words in
        the table (longest phrases first); else the text as it is."""
        table = self.table
        words = normalized.split()
        if not table.words or not words or has_thai(normalized):
            return normalized
        out: list[str] = []
        known = 0
        i = 0
        while i < len(words):
            for size in range(min(self.longest, len(words) - i), 0, -1):
                typed = " ".join(words[i : i + size])
                thai = typed if typed in self.kept else table.words.get(typed)
                if i + size == len(words) and typed in table.endings:
                    thai = table.endings[typed]  # "la fai yipun la": แล้ว … ล่ะ
                if thai is not None:
                    out.append(thai)
                    known += size
                    i += size
                    break
            else:
                out.append(words[i])
                i += 1
        text = f" {normalized} "
        marked = any(f" {m} " in text for m in table.markers)
        return " ".join(out) if marked or known >= table.share * len(words) else normalized
