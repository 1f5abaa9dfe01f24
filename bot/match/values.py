"""Values a member checks, read as what they stand for.

A member checking a fact names a value the FAQ does not know: "signed at the Centara?", "TAI
with JICA?", "ผู้ลงนามชื่อสมชายใช่ไหม". Unknown words right after a cue word (rules.yaml
``value_cues``) are read as the value the cue asks about (at X → where, with X → who): the
question is about the venue or the parties whatever the value, and the answer gives the true
one. An unknown year near the signing asks about a year.
"""

from __future__ import annotations

from bot.match.index import EntryIndex


class ValueReader:
    """Replaces checked values by the slot they stand for.

    Args:
        index: the FAQ's index (what is known).
        years: the years (C.E. and B.E., as text) that ask about a year when unknown.
    """

    def __init__(self, index: EntryIndex, years: frozenset[str]) -> None:
        self.index = index
        rules = index.processor.rules
        self._cues = rules.value_cues
        self._gap = rules.value_gap
        self._years = years
        self._year_word = rules.checked_years.word

    def read(self, tokens: list[str]) -> list[str]:
        """``tokens`` with each checked value replaced by the slot it stands for."""
        index = self.index
        out: list[str] = []
        i = 0
        while i < len(tokens):
            token = tokens[i]
            i += 1
            if token in self._years and index.resolve(token) is None:
                out.append(self._year_word if index.knows(self._year_word) else token)
                continue
            out.append(token)
            slot = self._cues.get(token)
            if slot is None or not index.knows(slot):
                continue
            while i < len(tokens) and tokens[i] in self._gap:
                out.append(tokens[i])
                i += 1
            end = self._value_end(tokens, i)
            value = "".join(tokens[i:end])
            if value and not index.processor.is_common_word(value):
                out.append(slot)
                i = end
        return out

    def _value_end(self, tokens: list[str], start: int) -> int:
        """Where the value after a cue ends: the unknown words (the tokeniser may have cut a
        name up), up to a number or a known word."""
        end = start
        while (
            end < len(tokens)
            and not tokens[end].isdigit()
            and self.index.resolve(tokens[end]) is None
        ):
            end += 1
        return end
