"""Terse topics: a few words that name an entry on their own, asked beside another part.

"Signing date, and when does the term end?", "pillar 1 and pillar 5 explain please", "venue and
term?": in English a topic named without a question word is a part of its own when it stands
beside a part about something else — not when it lists what one question is about ("electric
motors and batteries?"), names the subject ("Hagiuda minister also sign …?") or is a remark
after the question ("i saw 2566 in some thai doc").
"""

from __future__ import annotations

from collections.abc import Callable

from bot.match.scoring import Scorer
from bot.nlp.normalize import has_thai
from bot.nlp.pipeline import TextProcessor


class TerseTopics:
    """Finds the terse topics of a message's pieces.

    Args:
        processor: the text pipeline.
        scorer: ranks a piece alone.
        specific: words that name something particular (the index's).
        named: the words naming the article's people, organisations and countries.
        not_content: words that name no topic (stop words, question words, units).
        answer_at: the score a terse topic must reach alone.
    """

    def __init__(
        self,
        processor: TextProcessor,
        scorer: Scorer,
        *,
        specific: frozenset[str],
        named: frozenset[str],
        not_content: frozenset[str],
        answer_at: float,
    ) -> None:
        self.processor = processor
        self.scorer = scorer
        self.specific = specific
        self.named = named
        self._not_content = not_content
        # "Beyond the 5 points, …" sets what is asked about; "of" and "ใน" alone do not
        # ("venue of the signing")
        self._premises = (
            processor.rules.claims.premise_words
            - processor.rules.english_stop_words
            - processor.weak_words
        )
        self._short = processor.rules.parts.short_part
        self.answer_at = answer_at

    def parts(
        self,
        kept: list[tuple[int, str]],
        asking: set[int],
        asks_itself: list[bool],
        joined_at: set[int],
        opened_at: set[int],
    ) -> set[int]:
        """The terse topics that ask for themselves: each names an entry on its own, another
        than the piece beside it names ("battery and e-motor" name one), and stands before
        a piece that asks or beside a joiner (not a remark after the question: "i saw 2566
        in some thai doc")."""
        asks = [i in asking or own for (i, _), own in zip(kept, asks_itself, strict=True)]
        last_asking = max((n for n, a in enumerate(asks) if a), default=-1)
        tops: dict[int, str | None] = {}  # ranked only for the pieces it decides on

        def top(m: int) -> str | None:
            if m not in tops:
                tops[m] = self._own_topic(kept[m][1])
            return tops[m]

        listed = self._a_list_of_topics(kept, asks, top)
        if listed:
            return listed
        found: set[int] = set()
        for n, (i, text) in enumerate(kept):
            if asks[n] or not self.is_terse(text):
                continue
            joined = i in joined_at or (n + 1 < len(kept) and kept[n + 1][0] in joined_at)
            if n > last_asking >= 0 and i not in opened_at:
                continue  # "… about electric motors and batteries?": one list asked about
            if not (n < last_asking or joined) or top(n) is None:
                continue
            beside = [m for m in (n - 1, n + 1) if 0 <= m < len(kept)]
            if any(top(m) == top(n) for m in beside):
                continue
            following = next((m for m in range(n + 1, len(kept)) if asks[m]), None)
            if following is not None and (
                self.names_nothing(kept[following][1])
                or (
                    following == len(kept) - 1
                    and kept[following][0] not in joined_at
                    and not asks_itself[following]
                    and self.is_terse(kept[following][1])
                )
            ):
                # "battery and e-motor, what does it say?", "batteries, motors?": a list of
                # what one question is about.
                continue
            found.add(i)
        return found

    def _a_list_of_topics(
        self, kept: list[tuple[int, str]], asks: list[bool], top: Callable[[int], str | None]
    ) -> set[int]:
        """Every piece, when the message is only a list of three terse topics or more, each
        naming another entry ("date, venue and term pls", "Date, venue, signatories"): the
        facts asked for, one by one."""
        # (a closing remark naming nothing particular is no topic: "— quick triple check")
        # ("need 3 things for my captions: …" before the list sets the scene)
        end = len(kept)
        while end and not asks[end - 1] and self._remark(kept[end - 1][1]):
            end -= 1
        start = 0
        while start < end and not asks[start] and self._remark(kept[start][1]):
            start += 1
        kept, asks = kept[start:end], asks[start:end]
        if len(kept) < 3 or any(asks) or not all(self.is_terse(t) for _, t in kept):
            return set()
        topics = [top(start + n) for n in range(len(kept))]
        if None in topics or len(set(topics)) < len(topics):
            return set()
        return {i for i, _ in kept}

    def _remark(self, text: str) -> bool:
        """Whether a piece names nothing particular of the article ("quick triple check")."""
        return not any(t in self.specific for t in self.processor.tokens(text))

    def names_its_entry(self, piece: str, *, asks_itself: bool) -> bool:
        """Whether an English part is a terse topic that alone names its entry ("term" in
        "venue and term?"): it is not read as continuing the part before."""
        if has_thai(piece) or asks_itself:
            return False
        return self.is_terse(piece) and bool(self._own_topic(piece))

    def names_nothing(self, text: str) -> bool:
        """Whether a piece has only question words and words that name no topic ("ที่ไหน",
        "what does it say")."""
        return all(t in self._not_content for t in self.processor.tokens(text))

    def _own_topic(self, text: str) -> str | None:
        """The entry a piece alone would be answered with (its best at the answer bar)."""
        reading = self.scorer.rank(self.processor.tokens(text), 2)
        good = reading.ranked and reading.best >= self.answer_at
        return reading.ranked[0].entry.id if good else None

    def is_terse(self, text: str) -> bool:
        """Whether a piece (one that does not ask) only names a topic in a few words, one of them
        particular, none a person or organisation ("signing date", "LOI meaning", "pillar
        5"): "TAI" in "TAI and JETRO, who signed?" is the subject, not a part."""
        tokens = self.processor.tokens(text)
        if not self._premises.isdisjoint(tokens):
            return False  # "Beyond the 5 points, …" sets what is asked about
        own = [t for t in tokens if t not in self._not_content]
        topical = [t for t in own if t in self.specific]
        named = not self.named.isdisjoint(own)  # "Hagiuda minister | also sign …": the subject
        return 0 < len(own) <= self._short and bool(topical) and not named
