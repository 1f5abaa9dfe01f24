"""The question log: every question asked, how it was answered, and the admins' review of it.

All SQL of the project lives in this package. A reply never waits on the disk:
:meth:`QuestionLog.record` only queues the row, and a background task writes whatever is queued
in batches of one transaction each; while the database cannot be written the rows go to a spill
file beside it and are replayed once it can, so no row is ever given up on. The same package
keeps the bot's durable inbox of updates, and the secret of the members' pseudonyms outside the
database.

Members are never logged by their Telegram id: :meth:`QuestionLog.user_key` turns the id into a
keyed hash (HMAC-SHA256 with a secret kept outside the database), stable across restarts.
"""

from bot.store.database import StoreError
from bot.store.inbox import InboxItem
from bot.store.log import QuestionLog
from bot.store.queries import LOW_CONFIDENCE
from bot.store.rows import (
    COLUMNS,
    OUTCOMES,
    REVIEW_STATUSES,
    Feedback,
    LoggedQuestion,
    Outcome,
    ReviewStatus,
    Stats,
    new_question_id,
)
from bot.store.schema import MIGRATIONS

__all__ = [
    "COLUMNS",
    "LOW_CONFIDENCE",
    "MIGRATIONS",
    "OUTCOMES",
    "REVIEW_STATUSES",
    "Feedback",
    "InboxItem",
    "LoggedQuestion",
    "Outcome",
    "QuestionLog",
    "ReviewStatus",
    "Stats",
    "StoreError",
    "new_question_id",
]
