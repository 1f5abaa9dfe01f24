"""What marks a question the article cannot answer: a decline word, or "how many" of something
the article does not count. Found on the raw tokens, before synonyms."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.nlp.lexicon import Counting

_THAI = re.compile("[\u0e00-\u0e7f]")
# A Thai decline word this long is looked for anywhere in the text (the tokeniser may cut it
# differently inside a sentence: ต่อ|อายุความร่วมมือ); shorter and English ones only as whole
# token sequences, so งบ is not found in สงบ.
SUBSTRING_MIN_LENGTH = 4


@dataclass(frozen=True)
class Decline:
    """Why a text asks beyond the article: the rule and the words that triggered it."""

    rule: str  # "decline-word" or "uncounted"
    words: tuple[str, ...]

    @property
    def gap_words(self) -> tuple[str, ...]:
        """The words rules.yaml ``not_stated`` names it by: an uncounted "how many" as
        ``uncounted`` ("อบรมกี่คน": the article gives no such number), else its words."""
        return ("uncounted",) if self.rule == "uncounted" else self.words


class DeclineFinder:
    """Finds decline words and uncounted "how many" in a text.

    Args:
        sequences: the decline words and phrases as raw token sequences.
        squeezed: the same, normalised with their spaces removed.
        counting: what the article counts (rules.yaml).
    """

    def __init__(
        self,
        sequences: set[tuple[str, ...]],
        squeezed: set[str],
        counting: Counting,
        gaps: frozenset[str] = frozenset(),
        fillers: frozenset[tuple[str, ...]] = frozenset(),
    ) -> None:
        self._gaps = frozenset(g.replace(" ", "") for g in gaps)
        # A filler of several words ("photo op") asks nothing, whatever words are in it.
        self._fillers = {f for f in fillers if len(f) > 1}
        self._filler_longest = max((len(f) for f in self._fillers), default=0)
        # (One with a space left in it could never be inside a clause.)
        self._substrings = sorted(
            w
            for w in squeezed
            if _THAI.search(w) and len(w) >= SUBSTRING_MIN_LENGTH and len(w.split()) == 1
        )
        self._sequences = {key for key in sequences if key}
        self._longest = max((len(k) for k in self._sequences), default=0)
        self._counting = counting
        self._units_longest_first = sorted(self._counting.countable, key=len, reverse=True)
        self._how_many = [tuple(p.split()) for p in counting.how_many]

    def find(self, normalized: str, raw: list[str]) -> Decline | None:
        """The first reason ``raw`` (the tokens of ``normalized``) asks beyond the article."""
        counted = self._uncounted(raw)
        # Looked for within each clause: "กี่ปี | แล้วตอนนี้" does not make "กี่ปีแล้ว". Every
        # decline word is kept: a rule may excuse one (ตอนนี้ about the term) but not another.
        # A decline word has no space in it, so it is in a clause exactly when it is in the
        # clauses joined by spaces: one search of the text per word.
        # The word must still be there once typos are mended: สิทธิ is not asked in a
        # misspelt name (พิสิทธิ์ → พิสิฐ).
        text = " ".join(normalized.split())
        mended = "".join(raw)
        found = [w for w in self._substrings if w in text and w in mended]
        raw = self._without_fillers(raw)
        for i in range(len(raw)):
            for size in range(1, self._longest + 1):
                if tuple(raw[i : i + size]) in self._sequences:
                    found.append(" ".join(raw[i : i + size]))
        words = tuple(dict.fromkeys(found))
        if counted is not None and not (words and self._counts_a_gap(words)):
            return Decline("uncounted", counted)
        return Decline("decline-word", words) if words else None

    def _without_fillers(self, raw: list[str]) -> list[str]:
        """The tokens with each filler of several words blanked out."""
        if not self._fillers:
            return raw
        out = list(raw)
        for i in range(len(raw)):
            for size in range(self._filler_longest, 1, -1):
                if tuple(raw[i : i + size]) in self._fillers:
                    out[i : i + size] = [""] * size
                    break
        return out

    def _counts_a_gap(self, words: tuple[str, ...]) -> bool:
        """Whether a decline word says what an uncounted "how many" counts is a gap of the
        article ("งบประมาณกี่ล้านบาท": the budget, rules.yaml ``not_stated``)."""
        return any(w.replace(" ", "") in self._gaps for w in words)

    def _uncounted(self, raw: list[str]) -> tuple[str, ...] | None:
        """The "how many" and what follows when it counts something the article does not."""
        counting = self._counting
        for index in range(len(raw)):
            found = self._how_many_at(raw, index)
            if found is None:
                continue
            start, following = found
            counted = {self._unit(t) for t in following} - {None}
            if following and not counted:
                return (raw[index], *following)
            # People are counted only as signatories, witnesses or ministers, named right
            # before the question or right after the counted word ("ผู้ลงนามมีกี่คน", "how many
            # people signed"), not as attendees or trainees ("อบรมกี่คน").
            if counted <= counting.people:
                before = raw[max(0, index - self._counting.people_reach) : index]
                # right after the counted word ("how many cabinet-level officials witnessed")
                units = [
                    i
                    for i in range(start, min(start + len(following), len(raw)))
                    if self._unit(raw[i])
                ]
                last = units[-1] if units else start
                near = before + raw[last + 1 : last + 3]
                if not any(self._is_signing_word(t) for t in near):
                    return (raw[index], *following)
        return None

    def _how_many_at(self, raw: list[str], index: int) -> tuple[int, list[str]] | None:
        """Where the counted words start and the words that may be counted, if ``raw`` asks
        "how many" at ``index``."""
        ahead = self._counting.look_ahead
        token = raw[index]
        for phrase in self._how_many:
            if len(phrase) == 1 and _THAI.search(phrase[0]):
                word = phrase[0]
                if token == word:
                    start = index + 1
                    return start, raw[start : start + ahead]
                if token.startswith(word) and len(token) > len(word):
                    rest = token[len(word) :]
                    # "กี่ปีแล้ว": the unit the word opens with is what is counted.
                    return index, [rest, *raw[index + 1 : index + ahead]]
            elif tuple(raw[index : index + len(phrase)]) == phrase:
                start = index + len(phrase)
                return start, raw[start : start + ahead]
        return None

    def _unit(self, token: str) -> str | None:
        """The countable word a token is, or opens with in Thai ("ปีแล้ว", "หัวข้อหลัก")."""
        countable = self._counting.countable
        if token in countable:
            return token
        if not _THAI.search(token):
            return None
        return next((c for c in self._units_longest_first if token.startswith(c)), None)

    def _is_signing_word(self, token: str) -> bool:
        return token in self._counting.signing_words or token.startswith(
            self._counting.signing_prefixes
        )
