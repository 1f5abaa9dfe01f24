"""What the matcher decides about one message (:class:`MatchResult`), apart from how."""

from __future__ import annotations

from dataclasses import dataclass

from bot.answer import Reason, Verdict
from bot.knowledge import Entry
from bot.match.scoring import Scored

Step = tuple[str, str]  # (stage, what it produced), for ``--explain``


@dataclass(frozen=True)
class Checked:
    """A check's outcome: its verdict and the entry it is answered with (or the topic)."""

    verdict: Verdict
    entry: Entry
    outcome: str  # answered | not-stated
    words: tuple[str, ...]


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
        entry: the entry answered (or, not stated, the topic offered).
        verdict: the verdict on a yes/no check.
        note: a sentence computed for today, said before the entry's answer.
        related: entries offered beside the answer (both would be right).
        span: the clauses of the message the reading kept is of ("" for the whole).
    """

    tokens: tuple[str, ...]
    ranked: tuple[Scored, ...]
    outcome: str
    suggestions: tuple[Entry, ...]
    reason: Reason
    steps: tuple[Step, ...] = ()
    entry: Entry | None = None
    verdict: Verdict | None = None
    note: str = ""
    related: tuple[Entry, ...] = ()
    span: str = ""

    @property
    def best(self) -> Scored | None:
        return self.ranked[0] if self.ranked else None
