"""Rank the entries for a question's tokens.

The score of a question against one phrasing is a weighted Dice overlap of their tokens; the
entry's score blends its best phrasing's overlap with how much of the question the entry as a
whole (phrasings, then more weakly its title and answer) explains. Typos count by their
similarity to the FAQ word they stand for.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from dataclasses import dataclass

from bot.knowledge import Entry
from bot.match.index import EntryIndex
from bot.match.mend import mend_cuts
from bot.match.values import ValueReader

# From this many entries on, only those sharing a specific word with the question are scored:
# an entry that shares only common words cannot win against one that shares a rare one.
PRESELECT_MIN_ENTRIES = 1000


Gain = tuple[str, float]  # a FAQ word the question names, and its weight times its similarity


@dataclass(frozen=True)
class Scored:
    """An entry, its score and the phrasing that scored it."""

    entry: Entry
    score: float
    phrasing: str


@dataclass(frozen=True)
class Reading:
    """One way of reading a message: its mended tokens and the entries ranked for them.

    Attributes:
        tokens: the tokens scored (cuts mended, checked values read, each once).
        ranked: the best entries, best first.
        content_matched: whether a known content word is there (not only question words,
            stop words, numbers or words that name no topic).
        span: which clauses of the message were read ("" for the whole).
    """

    tokens: tuple[str, ...]
    ranked: tuple[Scored, ...]
    content_matched: bool
    span: str = ""

    @property
    def best(self) -> float:
        return self.ranked[0].score if self.ranked else 0.0


class Scorer:
    """Ranks entries for token lists.

    Args:
        index: the FAQ's index.
        values: reads checked values.
        phrasing_share: the best phrasing's share of the score (the rest is the entry's).
    """

    def __init__(self, index: EntryIndex, values: ValueReader, phrasing_share: float) -> None:
        self.index = index
        self.values = values
        self.share = phrasing_share
        rules = index.processor.rules
        self._not_content = rules.question_words | rules.generic_words

    def rank(self, words: list[str], limit: int, *, read_values: bool = True) -> Reading:
        """The mended tokens of ``words``, the best ``limit`` entries, and whether a known
        content word is there."""
        index = self.index
        mended = mend_cuts(index, words)
        tokens = tuple(dict.fromkeys(self.values.read(mended) if read_values else mended))
        query_weight = 0.0
        content_matched = False
        shared: list[Gain] = []
        for token in tokens:
            resolved = index.resolve(token)
            if resolved is None:
                query_weight += index.token_weight(token)
                continue
            known, similarity = resolved
            content_matched |= not (
                known in self._not_content or known in index.weak or known.isdigit()
            )
            weight = index.weight[known]
            query_weight += weight
            shared.append((known, weight * similarity))
        allowed = self._candidates([known for known, _ in shared])
        if allowed is None:
            overlap, coverage = self._by_postings(shared)
        else:
            overlap, coverage = self._among(allowed, shared)
        return Reading(tokens, self._top(overlap, coverage, query_weight, limit), content_matched)

    def _by_postings(self, shared: list[Gain]) -> tuple[dict[int, float], dict[int, float]]:
        """What each phrasing shares with the question, and how much of it each entry
        explains, for every phrasing and entry that shares a word with it."""
        index = self.index
        overlap: dict[int, float] = defaultdict(float)
        coverage: dict[int, float] = defaultdict(float)
        for known, gain in shared:
            for phrasing in index.postings.get(known, ()):
                overlap[phrasing] += gain
            for entry_index, factor in index.entry_postings[known]:
                coverage[entry_index] += gain * factor
        return overlap, coverage

    def _among(
        self, allowed: set[int], shared: list[Gain]
    ) -> tuple[dict[int, float], dict[int, float]]:
        """The same as :meth:`_by_postings` for the ``allowed`` entries only, read from the
        entries rather than the postings (a common word's run through every entry of a large
        FAQ costs more than the few candidates). Sums are made in the question's order and
        the results kept in the order the postings would give, so ties break alike."""
        index = self.index
        overlap_at: list[tuple[int, int, float]] = []  # (first word shared, phrasing, overlap)
        covered_at: list[tuple[int, int, float]] = []  # (first word shared, entry, coverage)
        for entry_index in allowed:
            known_here = index.entry_known[entry_index]
            first, covered = -1, 0.0
            for position, (known, gain) in enumerate(shared):
                factor = known_here.get(known)
                if factor is not None:
                    covered += gain * factor
                    first = position if first < 0 else first
            covered_at.append((first, entry_index, covered))
            for phrasing in index.entry_phrasings[entry_index]:
                words = index.token_sets[phrasing]
                first, total = -1, 0.0
                for position, (known, gain) in enumerate(shared):
                    if known in words:
                        total += gain
                        first = position if first < 0 else first
                if first >= 0:
                    overlap_at.append((first, phrasing, total))
        overlap_at.sort()
        covered_at.sort()
        return {p: v for _, p, v in overlap_at}, {e: v for _, e, v in covered_at}

    def _candidates(self, known: list[str]) -> set[int] | None:
        """In a large FAQ, the entries that share a specific word with the question (None:
        score every entry sharing any word). A small FAQ is always scored whole."""
        index = self.index
        if len(index.faq) < PRESELECT_MIN_ENTRIES:
            return None
        specific = [t for t in known if t in index.specific]
        if not specific:
            return None
        return {e for t in specific for e, _ in index.entry_postings[t]}

    def _top(
        self,
        overlap: dict[int, float],
        coverage: dict[int, float],
        query_weight: float,
        limit: int,
    ) -> tuple[Scored, ...]:
        index = self.index
        best_dice: dict[int, tuple[float, int]] = {}
        for phrasing, shared in overlap.items():
            dice = 2.0 * shared / (query_weight + index.phrasing_weight[phrasing])
            owner = index.owner[phrasing]
            current = best_dice.get(owner)
            if current is None or dice > current[0]:
                best_dice[owner] = (dice, phrasing)
        best_per_entry: dict[int, tuple[float, int]] = {}
        for owner, covered in coverage.items():
            dice, phrasing = best_dice.get(owner, (0.0, -1))
            score = 100.0 * (self.share * dice + (1 - self.share) * covered / query_weight)
            best_per_entry[owner] = (score, phrasing)
        top = heapq.nlargest(limit, best_per_entry.items(), key=lambda item: item[1][0])
        return tuple(
            Scored(
                index.faq.entries[owner],
                round(score, 1),
                index.phrasings[phrasing] if phrasing >= 0 else "",
            )
            for owner, (score, phrasing) in top
        )
