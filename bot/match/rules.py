"""The decision rules: each looks at a match in progress and either decides, with its reason,
or lets the next rule look. :data:`RULES` is their order; :func:`decide` applies them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bot.answer import Reason
from bot.knowledge import Entry
from bot.match.scoring import Reading
from bot.nlp.normalize import detect_language
from bot.nlp.pipeline import Analysis


@dataclass(frozen=True)
class MatchConfig:
    """The decision thresholds, all on the 0-100 score scale.

    Attributes:
        answer_at: the best entry is answered at or above this score ...
        margin: ... when it leads the runner-up by at least this much (else "did you mean").
        suggest_at: entries at or above this (but not answered) are offered as "did you mean".
        max_suggestions: at most this many suggestions.
        phrasing_share: the best phrasing's share of the score (the rest: the entry's).
        decline_override_at: a question with a decline word is declined unless it is, words
            and all, this close to a phrasing (สถานที่ลงนามอยู่ไหน): the decline word did not
            change its meaning.
        content_free_answer_at: a question with no content word (only question and stop
            words) is declined below this score.
        other_subject_factor: the best entry's score is multiplied by this when it won on a
            phrasing about another person or organisation than the question names.
        clear_lead: between the suggestion and the answer bars, the best entry is answered
            when it leads the runner-up by at least this much: nothing else is close.
        loose_topic_at: a gap that is one only of a topic named (rules.yaml
            ``not_stated_beside_a_topic``: "what time did the ceremony start?") takes the best
            entry as that topic from this score on; below it the message names none.
    """

    answer_at: float = 48.0
    margin: float = 2.0
    suggest_at: float = 45.0
    max_suggestions: int = 3
    phrasing_share: float = 0.5
    decline_override_at: float = 85.0
    content_free_answer_at: float = 65.0
    other_subject_factor: float = 0.7
    loose_topic_at: float = 25.0
    clear_lead: float = 8.0


@dataclass(frozen=True)
class Decision:
    """What a rule decided: the outcome, the entries offered, and why (for "not stated", the
    topic it is about)."""

    outcome: str  # answered | suggested | declined | not-stated
    reason: Reason
    suggestions: tuple[Entry, ...] = ()
    topic: Entry | None = None
    related: tuple[Entry, ...] = ()


@dataclass(frozen=True)
class Situation:
    """Everything the rules look at.

    Attributes:
        question: the message as received.
        analysis: the text stages' result for the whole message.
        words: the words ranked (the message's tokens, or a follow-up's read in context).
        whole: the reading of the whole message.
        reading: the reading kept (the whole, or the part of it that asks).
        asks: the where/when words each entry's phrasings use, by entry id.
        where_when: the where/when question words (rules.yaml).
        config: the thresholds.
        topic: what the message is about once its decline words are left out (None when
            that names nothing particular), for "not stated".
        declined_as_typed: whether the decline words are read as typed, not as typos of FAQ
            words, so that a near-exact phrasing may outweigh them ("rain" is no "train").
        closing: the where/when words that close an English clause ("meetings, when?").
        other_round: the entry of the article's round, when a question asks about another
            ("when was the first agreement signed?").
    """

    question: str
    analysis: Analysis
    words: list[str]
    whole: Reading
    reading: Reading
    asks: dict[str, frozenset[str]]
    where_when: frozenset[str]
    config: MatchConfig
    topic: Entry | None = None
    declined_as_typed: bool = True
    closing: frozenset[str] = frozenset()
    other_round: Entry | None = None


Rule = Callable[[Situation], Decision | None]


def decline_word(s: Situation) -> Decision | None:
    """A decline word (ตอนนี้, ราคา …) or an uncounted "how many" declines, unless the whole
    message is a near-exact phrasing."""
    decline = s.analysis.decline
    if decline is None:
        return None
    if s.declined_as_typed and s.whole.best >= s.config.decline_override_at:
        return None
    if s.topic is not None:
        # The topic is known; what the decline word asks is what the article does not say.
        words = decline.gap_words
        detail = f"{s.topic.id}.{words[0]}"
        return Decision("not-stated", Reason("not-stated", words, detail), topic=s.topic)
    return Decision("declined", Reason(decline.rule, decline.words))


def no_content(s: Situation) -> Decision | None:
    """A question whose only known words are question words, stop words or numbers (เป็นไง
    บ้าง, ใครอ่ะ) names nothing of the article."""
    reading = s.reading
    numbers_only = all(t.isdigit() for t in reading.tokens)
    if reading.content_matched or (
        reading.best >= s.config.content_free_answer_at and not numbers_only
    ):
        return None
    return Decision("declined", Reason("no-content", reading.tokens))


def cannot_tell(s: Situation) -> Decision | None:
    """A question that asks where or when, to an entry none of whose phrasings asks that (the
    meetings have no date in the article). Only what the member asked counts, not a slot read
    from a checked value; in English only a where/when opening or closing a clause asks
    ("meetings, when exactly?"; "what was his title when he signed" does not)."""
    if not s.reading.ranked:
        return None
    words = s.words
    english = detect_language(s.question) == "en"
    opening = words[:2] if english else words
    asked = s.where_when.intersection(opening) | (s.closing if english else frozenset())
    entry = s.reading.ranked[0].entry
    if not asked or asked & s.asks.get(entry.id, frozenset()):
        return None
    if s.reading.best >= s.config.suggest_at:
        # The topic is known, the article does not tell where or when.
        unsaid = tuple(sorted(asked))
        return Decision(
            "not-stated", Reason("not-stated", unsaid, f"{entry.id}.{unsaid[0]}"), topic=entry
        )
    return Decision("declined", Reason("cannot-tell", tuple(sorted(asked)), detail=entry.id))


def by_score(s: Situation) -> Decision:
    """Answer the best entry at the answer bar with a lead; offer the close ones from the
    suggestion bar; decline below."""
    cfg = s.config
    ranked = s.reading.ranked
    if not ranked or ranked[0].score < cfg.suggest_at:
        return Decision("declined", Reason("below-threshold", detail=f"{s.reading.best:.1f}"))
    best = ranked[0].score
    runner_up = ranked[1].score if len(ranked) > 1 else 0.0
    if best >= cfg.answer_at and best - runner_up >= cfg.margin:
        return Decision("answered", Reason("answered", detail=f"{best:.1f}"))
    if best - runner_up >= cfg.clear_lead:
        # Near the bar and nothing else close: a question back would offer one entry only.
        return Decision("answered", Reason("clear-lead", detail=f"{best:.1f} vs {runner_up:.1f}"))
    if best >= cfg.answer_at and ranked[0].entry.is_related(ranked[1].entry):
        # Both would be a right answer: answer the better, offer the other beside it.
        other = ranked[1].entry
        reason = Reason("related", (other.id,), f"{best:.1f} vs {runner_up:.1f}")
        return Decision("answered", reason, related=(other,))
    close = tuple(
        r.entry
        for r in ranked
        if r.score >= cfg.suggest_at and best - r.score < 2 * cfg.margin + 10
    )
    return Decision(
        "suggested",
        Reason("close-call", detail=f"{best:.1f} vs {runner_up:.1f}"),
        close[: cfg.max_suggestions],
    )


# Rules that may decide before the message is read by its clauses, then those after.
OTHER_ROUND = "other-round"  # what is not stated, named in rules.yaml not_stated


def another_round(s: Situation) -> Decision | None:
    """A question about another round than the article's (the first agreement, a third):
    the article does not say, beside the entry of its own round."""
    if s.other_round is None:
        return None
    reason = Reason("not-stated", (OTHER_ROUND,), f"{s.other_round.id}.{OTHER_ROUND}")
    return Decision("not-stated", reason, topic=s.other_round)


BEFORE_CLAUSES: tuple[Rule, ...] = (decline_word, another_round)
AFTER_CLAUSES: tuple[Rule, ...] = (no_content, cannot_tell)


def first_decision(rules: tuple[Rule, ...], situation: Situation) -> Decision | None:
    """The decision of the first rule that decides, or None."""
    for rule in rules:
        decision = rule(situation)
        if decision is not None:
            return decision
    return None
