"""The admins' reads and review changes: the review queue, the latest questions, statistics."""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterable
from datetime import datetime

from bot.store.database import Database
from bot.store.rows import REVIEW_STATUSES, LoggedQuestion, ReviewStatus, Stats, cutoff, to_question
from bot.store.schema import SELECT_QUESTIONS

LOW_CONFIDENCE = 75.0  # a score below this sends the question to review, whatever its outcome
_NEEDS_REVIEW = (
    " WHERE review_status = 'open'"
    " AND (outcome IN ('declined', 'suggested', 'unanswered', 'not-stated')"
    " OR score < ? OR feedback = 'down')"
)


async def get(db: Database, question_id: str) -> LoggedQuestion | None:
    """The logged question with this id, or None."""
    rows = await db.fetch(SELECT_QUESTIONS + " WHERE id = ?", (question_id,))
    return to_question(rows[0]) if rows else None


async def review_queue(
    db: Database, limit: int, offset: int, low_confidence: float
) -> list[LoggedQuestion]:
    """The open questions an admin should look at, newest first (see QuestionLog)."""
    rows = await db.fetch(
        SELECT_QUESTIONS + _NEEDS_REVIEW + " ORDER BY created_at DESC, rowid DESC LIMIT ? OFFSET ?",
        (low_confidence, limit, offset),
    )
    return [to_question(row) for row in rows]


async def review_count(db: Database, low_confidence: float) -> int:
    """How many questions the review queue holds."""
    rows = await db.fetch("SELECT COUNT(*) FROM questions" + _NEEDS_REVIEW, (low_confidence,))
    return int(rows[0][0])


async def recent(db: Database, limit: int, offset: int) -> list[LoggedQuestion]:
    """The latest questions whatever their outcome or status, newest first."""
    rows = await db.fetch(
        SELECT_QUESTIONS + " ORDER BY created_at DESC, rowid DESC LIMIT ? OFFSET ?",
        (limit, offset),
    )
    return [to_question(row) for row in rows]


async def set_review_status(
    db: Database, question_id: str, status: ReviewStatus, assigned_id: str | None
) -> bool:
    """Record an admin's decision on a question; True if the question exists.

    Raises:
        ValueError: an unknown status, or "assigned" without an entry id.
    """
    if status not in REVIEW_STATUSES:
        raise ValueError(f"review status must be one of {', '.join(REVIEW_STATUSES)}")
    if (status == "assigned") != (assigned_id is not None):
        raise ValueError("give an entry id with 'assigned', and only then")
    changed = await db.change(
        "UPDATE questions SET review_status = ?, assigned_id = ? WHERE id = ?",
        (status, assigned_id, question_id),
    )
    return changed > 0


async def stats(db: Database, days: int, top: int, now: datetime | None) -> Stats:
    """Count questions, outcomes and feedback of the last ``days`` days (0: all kept)."""
    since = cutoff(days, now) if days > 0 else ""
    outcomes: dict[str, int] = dict(
        await db.fetch(
            "SELECT outcome, COUNT(*) FROM questions WHERE created_at >= ? GROUP BY outcome",
            (since,),
        )
    )
    feedback: dict[str, int] = dict(
        await db.fetch(
            "SELECT feedback, COUNT(*) FROM questions"
            " WHERE created_at >= ? AND feedback IS NOT NULL GROUP BY feedback",
            (since,),
        )
    )
    top_entries = await db.fetch(
        "SELECT matched_id, COUNT(*) AS n FROM questions"
        " WHERE created_at >= ? AND outcome = 'answered' AND matched_id IS NOT NULL"
        " GROUP BY matched_id ORDER BY n DESC, matched_id LIMIT ?",
        (since, top),
    )
    unanswered_texts = await db.fetch(
        "SELECT text FROM questions WHERE created_at >= ?"
        " AND outcome IN ('declined', 'unanswered') ORDER BY created_at DESC",
        (since,),
    )
    not_stated_texts = await db.fetch(
        "SELECT text FROM questions WHERE created_at >= ? AND outcome = 'not-stated'"
        " ORDER BY created_at DESC",
        (since,),
    )
    per_day = await db.fetch(
        "SELECT substr(created_at, 1, 10) AS day, COUNT(*), SUM(outcome = 'answered')"
        " FROM questions WHERE created_at >= ? GROUP BY day ORDER BY day",
        (since,),
    )
    total = sum(outcomes.values())
    answered = int(outcomes.get("answered", 0))
    return Stats(
        days=days,
        total=total,
        answered=answered,
        suggested=int(outcomes.get("suggested", 0)),
        declined=int(outcomes.get("declined", 0)),
        unanswered=int(outcomes.get("unanswered", 0)),
        not_stated=int(outcomes.get("not-stated", 0)),
        answered_rate=answered / total if total else 0.0,
        feedback_up=int(feedback.get("up", 0)),
        feedback_down=int(feedback.get("down", 0)),
        top_entries=[(str(entry), int(n)) for entry, n in top_entries],
        top_declined=most_common_questions((row[0] for row in unanswered_texts), top),
        top_not_stated=most_common_questions((row[0] for row in not_stated_texts), top),
        per_day=[(str(day), int(n), int(ok)) for day, n, ok in per_day],
    )


def most_common_questions(texts: Iterable[str], top: int) -> list[tuple[str, int]]:
    """Group texts by their normalised form; name each group by its most frequent wording."""
    groups: dict[str, Counter[str]] = {}
    for text in texts:
        key = _normalise(text)
        if key:
            groups.setdefault(key, Counter())[" ".join(text.split())] += 1
    ranked = sorted(groups.values(), key=lambda c: -c.total())
    return [(wordings.most_common(1)[0][0], wordings.total()) for wordings in ranked[:top]]


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFC", text).casefold()
    return " ".join(text.split()).rstrip("?!.。 ")
