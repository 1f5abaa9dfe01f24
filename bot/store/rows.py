"""What the question log keeps: one logged question, the statistics, the ids; no SQL here."""

from __future__ import annotations

import json
import secrets
import string
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Literal

from bot.answer import OUTCOMES as ANSWER_OUTCOMES
from bot.answer import Language, VerdictValue
from bot.answer import Outcome as AnswerOutcome

if TYPE_CHECKING:
    from bot.answer import Answer

# The engine's outcomes, "unanswered" (the member pressed "none of these") and "expired" (an
# update that waited too long to be answered).
Outcome = Literal[AnswerOutcome, "unanswered", "expired"]
OUTCOMES: tuple[Outcome, ...] = (*ANSWER_OUTCOMES, "unanswered", "expired")
Feedback = Literal["up", "down"]
ReviewStatus = Literal["open", "resolved", "ignored", "assigned"]
REVIEW_STATUSES: tuple[ReviewStatus, ...] = ("open", "resolved", "ignored", "assigned")

QUESTION_ID_LENGTH = 12
# Letters and digits only: an id never starts with "-" (argparse would take it for an option)
# and a double-click selects the whole of it in a terminal.
_ID_ALPHABET = string.ascii_letters + string.digits

# The columns of the questions table, in the order rows are read and exported.
COLUMNS = (
    "id",
    "created_at",
    "chat_type",
    "user_key",
    "text",
    "language",
    "outcome",
    "matched_id",
    "score",
    "runner_up_id",
    "runner_up_score",
    "feedback",
    "review_status",
    "assigned_id",
    "reason",
    "verdict",
    "parts",
)


def new_question_id() -> str:
    """A fresh random question id: 12 letters and digits (about 71 bits).

    Short enough for Telegram's 64-byte callback data, so buttons can carry it.
    """
    return "".join(secrets.choice(_ID_ALPHABET) for _ in range(QUESTION_ID_LENGTH))


@dataclass(frozen=True)
class LoggedQuestion:
    """One question as the log keeps it.

    Attributes:
        id: from :func:`new_question_id`, made before logging so buttons can carry it.
        created_at: when it was asked (timezone-aware; stored as UTC).
        chat_type: private, group, supergroup or cli.
        user_key: the member's pseudonym from :meth:`QuestionLog.user_key`.
        text: the question as asked.
        language: "th" or "en".
        outcome: answered, suggested, declined, not-stated, unanswered ("none of these"
            pressed) or expired (it waited too long to be answered).
        matched_id: the best entry's id, whatever the outcome (None when nothing came close).
        score: the best entry's score, 0-100.
        runner_up_id: the second best entry's id.
        runner_up_score: its score.
        feedback: the member's thumbs "up" or "down", if given.
        review_status: open, resolved, ignored, or assigned (to ``assigned_id``).
        assigned_id: the entry an admin added this question to.
        reason: the rule that decided (e.g. "decline-word: ราคา"), for curators.
        verdict: yes, no or not-stated when the question was a yes/no check.
        parts: for a message that asked several things, a JSON list of one object per part
            (``text``, ``outcome``, ``matched_id``, ``score``, ``reason``, ``verdict``).
    """

    id: str
    created_at: datetime
    chat_type: str
    user_key: str
    text: str
    language: Language
    outcome: Outcome
    matched_id: str | None = None
    score: float = 0.0
    runner_up_id: str | None = None
    runner_up_score: float | None = None
    feedback: Feedback | None = None
    review_status: ReviewStatus = "open"
    assigned_id: str | None = None
    reason: str | None = None
    verdict: VerdictValue | None = None
    parts: str | None = None

    @classmethod
    def from_answer(
        cls,
        answer: Answer,
        *,
        question_id: str,
        chat_type: str,
        user_key: str,
        created_at: datetime | None = None,
    ) -> LoggedQuestion:
        """The log row for the engine's answer to one question.

        Args:
            answer: what the engine replied.
            question_id: from :func:`new_question_id`.
            chat_type: private, group, supergroup or cli.
            user_key: from :meth:`QuestionLog.user_key`.
            created_at: when it was asked; now by default.

        Returns:
            The row, ready for :meth:`QuestionLog.record`.
        """
        best = answer.candidates[0] if answer.candidates else None
        runner_up = answer.runner_up
        matched = answer.entry or (best.entry if best else None)
        return cls(
            id=question_id,
            created_at=created_at or datetime.now(UTC),
            chat_type=chat_type,
            user_key=user_key,
            text=answer.question,
            language=answer.language,
            outcome=answer.outcome,
            matched_id=matched.id if matched else None,
            score=answer.score,
            runner_up_id=runner_up.entry.id if runner_up else None,
            runner_up_score=runner_up.score if runner_up else None,
            reason=str(answer.reason) if answer.reason else None,
            verdict=answer.verdict.value if answer.verdict else None,
            parts=_parts_json(answer),
        )

    def params(self) -> tuple[object, ...]:
        """The row's values in :data:`COLUMNS` order, as SQLite and the spill file store them."""
        return (
            self.id,
            iso(self.created_at),
            self.chat_type,
            self.user_key,
            self.text,
            self.language,
            self.outcome,
            self.matched_id,
            float(self.score),
            self.runner_up_id,
            None if self.runner_up_score is None else float(self.runner_up_score),
            self.feedback,
            self.review_status,
            self.assigned_id,
            self.reason,
            self.verdict,
            self.parts,
        )


@dataclass(frozen=True)
class Stats:
    """What members asked over a period, for admins.

    Attributes:
        days: the period, in days back from now (0: everything kept).
        total: questions asked.
        answered / suggested / declined / unanswered: questions by outcome.
        answered_rate: answered / total (0.0 when nothing was asked).
        feedback_up / feedback_down: thumbs given.
        top_entries: the most answered entries, as (entry id, count), most first.
        top_declined: the questions most often left without an answer (declined or
            "none of these"), grouped by normalised text, as (text, count), most first.
        per_day: (UTC date, questions, answered) for each day with questions, oldest first.
        not_stated: questions whose topic is known but the article does not say what was
            asked (the gaps curators may fill).
        top_not_stated: the most frequent of those, grouped like ``top_declined``.
    """

    days: int
    total: int
    answered: int
    suggested: int
    declined: int
    unanswered: int
    answered_rate: float
    feedback_up: int
    feedback_down: int
    top_entries: list[tuple[str, int]] = field(default_factory=list)
    top_declined: list[tuple[str, int]] = field(default_factory=list)
    per_day: list[tuple[str, int, int]] = field(default_factory=list)
    not_stated: int = 0
    top_not_stated: list[tuple[str, int]] = field(default_factory=list)


def to_question(row: Sequence[object]) -> LoggedQuestion:
    """A row read in :data:`COLUMNS` order, as a :class:`LoggedQuestion`."""
    values = dict(zip(COLUMNS, row, strict=True))
    values["created_at"] = datetime.fromisoformat(str(values["created_at"]))
    return LoggedQuestion(**values)  # type: ignore[arg-type]


def iso(moment: datetime) -> str:
    """A moment as the log stores it: ISO 8601 in UTC, to the microsecond."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    # Fixed width, always UTC: text order is time order, so SQL can compare and sort it.
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def cutoff(days: float, now: datetime | None = None) -> str:
    """The stored form of the moment ``days`` days before ``now`` (default: the current time)."""
    return iso((now or datetime.now(UTC)) - timedelta(days=days))


def _parts_json(answer: Answer) -> str | None:
    """The parts of a message that asked several things, as the log keeps them."""
    if not answer.parts:
        return None
    return json.dumps(
        [
            {
                "text": part.question,
                "outcome": part.outcome,
                "matched_id": part.entry.id if part.entry else None,
                "score": part.score,
                "reason": str(part.reason) if part.reason else None,
                "verdict": part.verdict.value if part.verdict else None,
            }
            for part in answer.parts
        ],
        ensure_ascii=False,
    )
