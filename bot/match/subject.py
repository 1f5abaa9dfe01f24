"""A question's own subject: an entry about someone else gives way.

"สถาบันยานยนต์เป็นหน่วยงานแบบไหน" shares "เป็นหน่วยงานประเภทไหน" with "เจโทรเป็นหน่วยงาน
ประเภทไหน": the words agree, the subject does not. When the question names one of the article's
people or organisations, and the best entry won on a phrasing naming another, while none of its
phrasings names this one, its score is lowered by ``MatchConfig.other_subject_factor`` and the
ranking is sorted again. (The signatories' entry, asked of either side, names both.)
"""

from __future__ import annotations

from dataclasses import replace

from bot.facts import Facts
from bot.match.index import EntryIndex
from bot.match.scoring import Reading


class OwnSubject:
    """Lowers the best entry when it answers about another person or organisation.

    Args:
        index: the phrasings' tokens, by entry.
        facts: the article's people and organisations (their words).
        factor: what the score of an entry about another subject is multiplied by.
    """

    def __init__(self, index: EntryIndex, facts: Facts, factor: float) -> None:
        self.index = index
        self.factor = factor
        self._entry_index = {e.id: i for i, e in enumerate(index.faq.entries)}
        self.named = frozenset(
            w
            for items in (facts.people, facts.organisations)
            for thing in items.values()
            for w in thing.words
        )

    def apply(self, reading: Reading, words: list[str]) -> tuple[Reading, str | None]:
        """The reading with the best entry lowered when its phrasing is about another
        subject than the one the question names; and what was done, for the trace."""
        asked = self.named.intersection(words)
        if not asked or len(reading.ranked) < 2 or self.factor >= 1.0:
            return reading, None
        top = reading.ranked[0]
        phrasings = self.index.entry_phrasings[self._entry_index[top.entry.id]]
        sets = self.index.token_sets
        theirs = next(
            (sets[p] & self.named for p in phrasings if self.index.phrasings[p] == top.phrasing),
            frozenset(),
        )
        if not theirs or theirs & asked or any(asked & sets[p] for p in phrasings):
            return reading, None
        lowered = replace(top, score=round(top.score * self.factor, 1))
        ranked = tuple(sorted((lowered, *reading.ranked[1:]), key=lambda s: -s.score))
        note = (
            f"{top.entry.id} is about {', '.join(sorted(theirs))}, not {', '.join(sorted(asked))}"
        )
        return replace(reading, ranked=ranked), note
