"""The matcher: a message's tokens against the FAQ, then the decision rules, every step traced.

The stages, in order: the text stages (:mod:`bot.nlp`), rank the whole message
(:mod:`scoring`), the rules that decide before anything else is read (:mod:`rules`), the
message read by its asking part when the whole matches nothing outright (:mod:`clauses`), the
rules after, and the decision by score.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.answer import Reason
from bot.knowledge import FAQ, Entry
from bot.match.clauses import ClauseReader
from bot.match.index import EntryIndex, IndexConfig
from bot.match.rules import (
    AFTER_CLAUSES,
    BEFORE_CLAUSES,
    MatchConfig,
    Situation,
    by_score,
    first_decision,
)
from bot.match.scoring import Reading, Scored, Scorer
from bot.match.values import ValueReader
from bot.nlp.pipeline import Analysis, TextProcessor

Step = tuple[str, str]


@dataclass(frozen=True)
class MatchResult:
    """The matcher's verdict on one message.

    Attributes:
        tokens: the tokens of the reading kept.
        ranked: best first, one per entry.
        outcome: answered | suggested | declined.
        suggestions: the entries offered as "did you mean".
        reason: the rule that decided and what triggered it.
        steps: every stage and its output, for ``--explain``.
    """

    tokens: tuple[str, ...]
    ranked: tuple[Scored, ...]
    outcome: str
    suggestions: tuple[Entry, ...]
    reason: Reason
    steps: tuple[Step, ...] = ()

    @property
    def best(self) -> Scored | None:
        return self.ranked[0] if self.ranked else None


class Matcher:
    """Ranks a FAQ's entries for a message and decides what to do with it.

    Args:
        faq: the entries to match against.
        processor: the text pipeline shared with the questions.
        config: decision thresholds.
        index_config: word weights and typo look-ups.
        years: unknown years that ask about a year (see :class:`ValueReader`).
    """

    def __init__(
        self,
        faq: FAQ,
        processor: TextProcessor,
        config: MatchConfig | None = None,
        *,
        index_config: IndexConfig | None = None,
        years: frozenset[str] = frozenset(),
    ) -> None:
        self.faq = faq
        self.processor = processor
        self.config = config or MatchConfig()
        self.index = EntryIndex(faq, processor, index_config)
        self.scorer = Scorer(self.index, ValueReader(self.index, years), self.config.phrasing_share)
        self.clauses = ClauseReader(self.scorer, processor.rules)

    def match(self, question: str, limit: int = 5) -> MatchResult:
        """Rank the entries for ``question`` and decide what to do with it."""
        analysis = self.processor.analyse(question)
        steps: list[Step] = list(analysis.steps)
        if analysis.decline is not None:
            found = Reason(analysis.decline.rule, analysis.decline.words)
            steps.append(("decline-check", str(found)))
        # A value next to a decline word is what the article does not cover (LOI กับจีน).
        read_values = not analysis.beyond_the_article
        whole = self.scorer.rank(analysis.tokens, limit, read_values=read_values)
        steps.append(("rank", _ranked(whole)))
        situation = self._situation(question, analysis, whole, whole)
        decision = first_decision(BEFORE_CLAUSES, situation)
        if decision is None:
            reading = whole
            if whole.best < self.config.answer_at:
                reading = self.clauses.read(question, analysis.tokens, whole, limit, read_values)
                if reading is not whole:
                    steps.append(("read-clauses", f"{reading.span} → {_ranked(reading)}"))
            situation = self._situation(question, analysis, whole, reading)
            decision = first_decision(AFTER_CLAUSES, situation) or by_score(situation)
        steps.append(("decide", f"{decision.outcome} ({decision.reason})"))
        kept = situation.reading
        return MatchResult(
            kept.tokens,
            kept.ranked,
            decision.outcome,
            decision.suggestions,
            decision.reason,
            tuple(steps),
        )

    def _situation(
        self, question: str, analysis: Analysis, whole: Reading, reading: Reading
    ) -> Situation:
        return Situation(
            question,
            analysis,
            whole,
            reading,
            self.index.asks,
            self.processor.rules.where_when_words,
            self.config,
        )

    def explain(self, question: str) -> str:
        """A human-readable trace of a match: every stage's output and the rule that decided."""
        result = self.match(question)
        lines = [f"{stage:>16}: {output}" for stage, output in result.steps]
        lines.append(f"{'tokens':>16}: {' | '.join(result.tokens)}")
        for scored in result.ranked:
            lines.append(f"  {scored.score:5.1f}  {scored.entry.id:<28} via: {scored.phrasing}")
        return "\n".join(lines)


def _ranked(reading: Reading, shown: int = 3) -> str:
    return ", ".join(f"{s.entry.id} {s.score:.1f}" for s in reading.ranked[:shown]) or "nothing"
