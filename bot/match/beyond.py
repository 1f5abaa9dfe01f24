"""What a message asking beyond the article is about: the topic its "not stated" names.

"งบประมาณของ LOI" asks what the article does not give (a budget) about the LOI; "ใครออกค่าอบรม"
about the training; "ต่ออายุไหม" about the term (the word's own ``topic`` in rules.yaml
``not_stated``); "งบประมาณเท่าไหร่" about the cooperation as a whole (``not_stated_topic``).
"""

from __future__ import annotations

from bot.knowledge import FAQ, Entry
from bot.match.index import EntryIndex
from bot.match.mend import known_part
from bot.match.result import Step
from bot.match.rules import MatchConfig
from bot.match.scoring import Reading, Scorer
from bot.nlp.normalize import normalize
from bot.nlp.pipeline import Analysis, TextProcessor


class BeyondTheArticle:
    """Finds the topic of a message with a decline word, for the reply that the article does
    not say it.

    Args:
        faq: the entries.
        index: what each entry knows.
        scorer: ranks token lists.
        processor: the text pipeline (rule words).
        config: the thresholds.
        places: the names of the venue, which name no topic beside a decline word.
    """

    def __init__(
        self,
        faq: FAQ,
        index: EntryIndex,
        scorer: Scorer,
        processor: TextProcessor,
        config: MatchConfig,
        places: frozenset[str] = frozenset(),
    ) -> None:
        self.faq = faq
        self.places = places  # the venue's names (facts.yaml venue.words)
        self.index = index
        self.scorer = scorer
        self.processor = processor
        self.config = config
        self._gap_words = frozenset(normalize(w) for w in processor.rules.not_stated)
        self._beside = frozenset(normalize(w) for w in processor.rules.not_stated_beside_a_topic)
        self._amounts = frozenset(normalize(w) for w in processor.rules.amount_words)
        self._companies = frozenset(
            normalize(w)
            for kind in processor.lexicon.values
            if kind.kind in ("outsider-companies", "outsider-organisations")
            for w in kind.words
        )

    def topic(
        self, analysis: Analysis, words: list[str], limit: int, steps: list[Step]
    ) -> Entry | None:
        """What a message with a decline word is about once that word is left out, when the
        rest matches an entry outright ("งบประมาณของ LOI": the LOI; "ใครออกค่าอบรม": the
        training, the known half of the decline word), or when the decline word names its
        own topic."""
        decline = analysis.decline
        if decline is None:
            return None
        rules = self.processor.rules
        dropped = {t for w in decline.words for t in self.processor.tokens(w)} | set(decline.words)
        # The question words go too: "JETRO ก่อตั้งปีไหน" is about JETRO, not about a year.
        dropped |= rules.question_words | rules.where_when_words
        # A place or a date named is no topic of its own ("weather in Bangkok?").
        dropped |= {t for v in analysis.values for t in self.processor.tokens(v.text)}
        dropped |= self.places
        dropped |= rules.time.now  # "ตอนนี้กี่โมง": "now" names no topic of its own
        kept = [t for t in words if t not in dropped and t not in self.processor.weak_words]
        for word in decline.words:
            part = known_part(self.index, word)
            if part is not None and part in self.index.specific:
                kept.append(part)
        reading = self.scorer.rank(kept, limit)
        found = None
        if reading.content_matched and reading.ranked and reading.best >= self.config.suggest_at:
            found = reading.ranked[0].entry  # only offered beside "not stated": close is enough
        own = self._gap_topic(decline.gap_words)
        if found is None and own is None and self._beside_a_topic(decline.gap_words):
            # "What time did the ceremony start?": the time of the topic named, however loosely.
            loose = reading.content_matched and reading.best >= self.config.loose_topic_at
            found = reading.ranked[0].entry if loose else None
        # What an uncounted "how many" counts is the message's own word too ("calories").
        counted = decline.words[1:] if decline.rule == "uncounted" else ()
        strange = [
            t
            for t in [*kept, *counted]
            if not self.index.knows(t) and t not in self.processor.weak_words
        ]
        # "งบประมาณโครงการนี้": the project pointed at is this cooperation.
        pointing = rules.pointing_words
        strange = [
            t for t in strange if not _pointed_at(t, words, pointing) and t not in self._amounts
        ]
        clear = found is not None and reading.best >= self.config.answer_at
        if (
            own is not None
            and own.id == rules.not_stated_topic
            and (clear or (strange and not reading.content_matched))
        ):
            # The cooperation only of a message naming nothing else: "join a gym?" is no
            # question about it, "สมัครเข้าอบรมพัฒนาบุคลากรได้ยังไง" is about the training.
            own = found
        if own is not None:
            steps.append(("topic-beyond", f"{' | '.join(decline.words)} → {own.id}"))
            return own
        if found is not None:
            steps.append(("topic-beyond", f"{' | '.join(kept)} → {_ranked(reading)}"))
        return found

    def _gaps(self, declined: tuple[str, ...]) -> tuple[str, ...]:
        """The decline words when every one is a gap of rules.yaml ``not_stated`` (a
        company's name beside a word for companies is what that word asks about: "which
        carmakers, Toyota? Honda?"), else nothing."""
        amounts = self._amounts
        declined = (
            tuple(w for w in declined if normalize(w) not in self._companies | amounts) or declined
        )
        if declined and all(normalize(w) in self._gap_words for w in declined):
            return declined
        return ()

    def _beside_a_topic(self, declined: tuple[str, ...]) -> bool:
        """Whether the gaps asked are gaps only of a topic the message names ("what time"
        of the ceremony; "what time is it" is no question about the article)."""
        beside = self._beside
        return any(normalize(w) in beside for w in self._gaps(declined))

    def _gap_topic(self, declined: tuple[str, ...]) -> Entry | None:
        """The topic of what the article does not give, when every decline word is one of
        rules.yaml ``not_stated``: a word's own ``topic`` ("ต่ออายุไหม": the term), else the
        cooperation (``not_stated_topic``: "งบประมาณเท่าไหร่")."""
        rules = self.processor.rules
        declined = self._gaps(declined)
        if not declined or self._beside_a_topic(declined):
            return None
        labels = {normalize(w): v for w, v in rules.not_stated.items()}
        own = next((t for w in declined if (t := labels[normalize(w)].get("topic"))), None)
        topic = own or rules.not_stated_topic
        return self.faq.get(topic) if topic else None


def _pointed_at(token: str, words: list[str], pointing: frozenset[str]) -> bool:
    """Whether a word is pointed at: right before นี้, right after "this"."""
    for index, word in enumerate(words):
        if word == token:
            after = words[index + 1] if index + 1 < len(words) else ""
            before = words[index - 1] if index > 0 else ""
            if after in pointing or before in pointing:
                return True
    return False


def _ranked(reading: Reading, shown: int = 3) -> str:
    return ", ".join(f"{s.entry.id} {s.score:.1f}" for s in reading.ranked[:shown]) or "nothing"
