"""The question log: every question asked, how it was answered, and the admins' review of it.

All SQL of the project lives here. A reply never waits on the disk: :meth:`QuestionLog.record`
only puts the row on a queue, and a background task writes whatever is queued in batches of one
transaction each (gathered for up to :data:`BATCH_WINDOW` seconds), so a burst of a thousand
questions costs a few commits, and a full or locked disk is reported to the admins instead of
breaking answers. :meth:`QuestionLog.close` writes everything still queued.

Members are never stored by their Telegram id: :meth:`QuestionLog.user_key` turns the id into a
keyed hash (HMAC-SHA256 with a secret kept outside the rows), stable across restarts.
"""

from __future__ import annotations

import asyncio
import contextlib
import csv
import hashlib
import hmac
import inspect
import io
import json
import logging
import secrets
import sqlite3
import string
import time
import unicodedata
from collections import Counter, deque
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from itertools import groupby
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Literal, Self

import aiosqlite

from bot.answer import OUTCOMES as ANSWER_OUTCOMES
from bot.answer import Language, VerdictValue
from bot.answer import Outcome as AnswerOutcome

if TYPE_CHECKING:
    from bot.answer import Answer

logger = logging.getLogger(__name__)

# The engine's outcomes, "unanswered" (the member pressed "none of these") and "expired" (an
# update that waited too long to be answered).
Outcome = Literal[AnswerOutcome, "unanswered", "expired"]
OUTCOMES: tuple[Outcome, ...] = (*ANSWER_OUTCOMES, "unanswered", "expired")
Feedback = Literal["up", "down"]
ReviewStatus = Literal["open", "resolved", "ignored", "assigned"]
ErrorCallback = Callable[[Exception], Awaitable[None] | None]

REVIEW_STATUSES: tuple[ReviewStatus, ...] = ("open", "resolved", "ignored", "assigned")
LOW_CONFIDENCE = 75.0  # a score below this sends the question to review, whatever its outcome
BATCH_SIZE = 500
# A burst's rows gather this long before their transaction: the commit and the thread hops of
# aiosqlite cost more than the rows themselves (measured: one transaction per question took
# about 0.15 ms of the event loop's time per question, a 50 ms window next to nothing).
BATCH_WINDOW = 0.05
MAX_QUEUE = 10_000
MAX_ATTEMPTS = 5
ERROR_REPORT_INTERVAL = 300.0  # seconds between two on_error calls
QUESTION_ID_LENGTH = 12
# Letters and digits only: an id never starts with "-" (argparse would take it for an option)
# and a double-click selects the whole of it in a terminal.
_ID_ALPHABET = string.ascii_letters + string.digits

# Each migration is a list of statements run in one transaction; PRAGMA user_version counts
# how many have been applied. Append new ones; never edit one that has shipped.
MIGRATIONS: tuple[tuple[str, ...], ...] = (
    # 1: the question log.
    (
        """CREATE TABLE questions (
            id TEXT PRIMARY KEY,
            created_at TEXT NOT NULL,
            chat_type TEXT NOT NULL,
            user_key TEXT NOT NULL,
            text TEXT NOT NULL,
            language TEXT NOT NULL CHECK (language IN ('th', 'en')),
            matched_id TEXT,
            score REAL NOT NULL,
            runner_up_id TEXT,
            runner_up_score REAL,
            outcome TEXT NOT NULL
                CHECK (outcome IN ('answered', 'suggested', 'declined', 'unanswered')),
            feedback TEXT CHECK (feedback IN ('up', 'down'))
        )""",
        "CREATE INDEX questions_created_at ON questions (created_at)",
        "CREATE INDEX questions_user_key ON questions (user_key)",
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    ),
    # 2: the admins' review of questions.
    (
        """ALTER TABLE questions ADD COLUMN review_status TEXT NOT NULL DEFAULT 'open'
            CHECK (review_status IN ('open', 'resolved', 'ignored', 'assigned'))""",
        "ALTER TABLE questions ADD COLUMN assigned_id TEXT",
        "CREATE INDEX questions_review ON questions (review_status, created_at)",
    ),
    # 3: the outcomes not-stated and expired; why the engine decided (reason), its verdict on a
    # yes/no check, and the parts of a message that asked several things (JSON). SQLite cannot
    # change a CHECK constraint in place: the table is rebuilt.
    (
        """CREATE TABLE questions_v3 (
            id TEXT PRIMARY KEY,
            created_at TEXT NOT NULL,
            chat_type TEXT NOT NULL,
            user_key TEXT NOT NULL,
            text TEXT NOT NULL,
            language TEXT NOT NULL CHECK (language IN ('th', 'en')),
            matched_id TEXT,
            score REAL NOT NULL,
            runner_up_id TEXT,
            runner_up_score REAL,
            outcome TEXT NOT NULL CHECK (outcome IN
                ('answered', 'suggested', 'declined', 'not-stated', 'unanswered', 'expired')),
            feedback TEXT CHECK (feedback IN ('up', 'down')),
            review_status TEXT NOT NULL DEFAULT 'open'
                CHECK (review_status IN ('open', 'resolved', 'ignored', 'assigned')),
            assigned_id TEXT,
            reason TEXT,
            verdict TEXT CHECK (verdict IN ('yes', 'no', 'not-stated')),
            parts TEXT
        )""",
        """INSERT INTO questions_v3 (id, created_at, chat_type, user_key, text, language,
            matched_id, score, runner_up_id, runner_up_score, outcome, feedback, review_status,
            assigned_id)
           SELECT id, created_at, chat_type, user_key, text, language, matched_id, score,
            runner_up_id, runner_up_score, outcome, feedback, review_status, assigned_id
           FROM questions""",
        "DROP TABLE questions",
        "ALTER TABLE questions_v3 RENAME TO questions",
        "CREATE INDEX questions_created_at ON questions (created_at)",
        "CREATE INDEX questions_user_key ON questions (user_key)",
        "CREATE INDEX questions_review ON questions (review_status, created_at)",
    ),
)

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
_SELECT = (
    "SELECT id, created_at, chat_type, user_key, text, language, outcome, matched_id, score,"
    " runner_up_id, runner_up_score, feedback, review_status, assigned_id, reason, verdict, parts"
    " FROM questions"
)
_INSERT = (
    "INSERT INTO questions (id, created_at, chat_type, user_key, text, language, outcome,"
    " matched_id, score, runner_up_id, runner_up_score, feedback, review_status, assigned_id,"
    " reason, verdict, parts)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING"
)
_SET_FEEDBACK = "UPDATE questions SET feedback = ? WHERE id = ? AND user_key = ?"
_MARK_UNANSWERED = "UPDATE questions SET outcome = 'unanswered' WHERE id = ? AND user_key = ?"
_NEEDS_REVIEW = (
    " WHERE review_status = 'open'"
    " AND (outcome IN ('declined', 'suggested', 'unanswered') OR score < ? OR feedback = 'down')"
)


class StoreError(Exception):
    """The question log cannot be used; the message is one line for the operator."""


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
        outcome: answered, suggested, declined, or unanswered ("none of these" pressed).
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


@dataclass
class _Op:
    """One queued write: a statement, its parameters, and how often it already failed."""

    seq: int
    sql: str
    params: tuple[object, ...]
    attempts: int = 0


class _Every:
    """Says yes at most once per ``interval`` seconds (to keep one fault from spamming)."""

    def __init__(self, interval: float) -> None:
        self.interval = interval
        self._last: float | None = None

    def ready(self) -> bool:
        now = time.monotonic()
        if self._last is not None and now - self._last < self.interval:
            return False
        self._last = now
        return True


class QuestionLog:
    """The question log in one SQLite file, written in the background.

    Use it as ``async with QuestionLog(path) as log: ...`` or call :meth:`open` and
    :meth:`close`. :meth:`record`, :meth:`set_feedback` and :meth:`mark_unanswered` never block
    and never raise; everything else is for admins and awaits the database.
    """

    def __init__(
        self,
        path: Path | str,
        *,
        user_key_secret: str | None = None,
        on_error: ErrorCallback | None = None,
        busy_timeout: float = 5.0,
        retry_delay: float = 1.0,
        max_attempts: int = MAX_ATTEMPTS,
        max_queue: int = MAX_QUEUE,
        error_interval: float = ERROR_REPORT_INTERVAL,
        batch_window: float = BATCH_WINDOW,
    ) -> None:
        """Prepare the log; nothing is opened until :meth:`open`.

        Args:
            path: the SQLite file; it and its directory are created if missing.
            user_key_secret: the pseudonym secret (Settings.user_key_secret); when None, one is
                generated on first use and kept in the database.
            on_error: called (at most once per ``error_interval``) when writes fail, e.g. to
                tell the admins; may be a coroutine function.
            busy_timeout: seconds to wait for another process holding the write lock.
            retry_delay: seconds to wait after a failed batch before trying again.
            max_attempts: how often a row is tried before it is dropped.
            max_queue: rows waiting beyond this are dropped (with a warning).
            error_interval: least seconds between two ``on_error`` calls.
            batch_window: seconds a write waits for more to join its transaction (0: none);
                :meth:`flush` and :meth:`close` cut the wait short.
        """
        self.path = Path(path)
        self._secret = user_key_secret
        self._on_error = on_error
        self._busy_timeout_ms = int(busy_timeout * 1000)
        self._retry_delay = retry_delay
        self._max_attempts = max_attempts
        self._max_queue = max_queue
        self._db: aiosqlite.Connection | None = None
        self._lock = asyncio.Lock()  # one transaction at a time on the one connection
        self._pending: deque[_Op] = deque()
        self._inflight: list[_Op] = []
        self._seq = 0
        self._wake = asyncio.Event()
        self._batch_window = batch_window
        self._hurry = asyncio.Event()  # set: write now, do not wait for the batch to fill
        self._flushing = 0  # flush() calls waiting
        self._progress = asyncio.Condition()
        self._writer: asyncio.Task[None] | None = None
        self._closed = False
        self._report_limit = _Every(error_interval)
        self._drop_warning = _Every(60.0)
        self.batches_committed = 0  # for tests and monitoring
        self.rows_dropped = 0

    # -- lifecycle -----------------------------------------------------------------------------

    async def open(self) -> None:
        """Open (or create) the database, bring its schema up to date and start the writer.

        Raises:
            StoreError: the file cannot be opened, created or migrated.
        """
        if self._db is not None:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            db = await aiosqlite.connect(self.path, isolation_level=None)
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"cannot open the question log {self.path}: {exc}") from exc
        try:
            await self._prepare(db)
        except BaseException as exc:
            await db.close()
            if isinstance(exc, sqlite3.Error):
                raise StoreError(f"cannot open the question log {self.path}: {exc}") from exc
            raise
        self._db = db
        self._closed = False
        self._writer = asyncio.create_task(self._write_forever(), name="question-log-writer")

    async def close(self, timeout: float = 30.0) -> None:
        """Write everything still queued (waiting at most ``timeout`` seconds), then close."""
        if self._db is None:
            return
        try:
            await asyncio.wait_for(self.flush(), timeout)
        except TimeoutError:
            logger.error("closing the question log with %d rows not written", self.backlog)
        self._closed = True
        if self._writer is not None:
            self._writer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._writer
            self._writer = None
        db, self._db = self._db, None
        try:
            await db.close()
        except sqlite3.Error:
            logger.exception("closing the question log failed")

    async def __aenter__(self) -> Self:
        await self.open()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    async def _prepare(self, db: aiosqlite.Connection) -> None:
        # PRAGMAs take no parameters; the only value formatted in is our own integer.
        await db.execute(f"PRAGMA busy_timeout = {self._busy_timeout_ms:d}")
        async with db.execute("PRAGMA journal_mode = WAL") as cursor:
            row = await cursor.fetchone()
        if row is None or str(row[0]).lower() != "wal":
            logger.warning("the question log %s is not in WAL mode (%s)", self.path, row)
        await db.execute("PRAGMA synchronous = NORMAL")
        # Deleted rows (forget_user, purge) are overwritten, not just unlinked.
        await db.execute("PRAGMA secure_delete = ON")
        await db.execute("BEGIN IMMEDIATE")
        try:
            version = await _user_version(db)
            if version > len(MIGRATIONS):
                raise StoreError(
                    f"the question log {self.path} is schema version {version}, newer than this "
                    f"bot knows ({len(MIGRATIONS)}); upgrade the bot"
                )
            for statements in MIGRATIONS[version:]:
                for statement in statements:
                    await db.execute(statement)
            if version < len(MIGRATIONS):
                await db.execute(f"PRAGMA user_version = {len(MIGRATIONS):d}")
                logger.info("question log schema: version %d -> %d", version, len(MIGRATIONS))
            if self._secret is None:
                self._secret = await _stored_secret(db)
            await db.execute("COMMIT")
        except BaseException:
            await _rollback(db)
            raise

    # -- pseudonyms ----------------------------------------------------------------------------

    def user_key(self, user_id: int) -> str:
        """The member's pseudonym: 16 hex characters of HMAC-SHA256(secret, user id).

        Raises:
            StoreError: no secret was given and the log has not been opened yet.
        """
        if self._secret is None:
            raise StoreError("open the question log before asking for user keys")
        digest = hmac.new(self._secret.encode(), str(user_id).encode(), hashlib.sha256)
        return digest.hexdigest()[:16]

    # -- the write path (never blocks, never raises) -------------------------------------------

    def record(self, row: LoggedQuestion) -> None:
        """Queue one question for writing; returns at once."""
        self._enqueue(
            _INSERT,
            (
                row.id,
                _iso(row.created_at),
                row.chat_type,
                row.user_key,
                row.text,
                row.language,
                row.outcome,
                row.matched_id,
                float(row.score),
                row.runner_up_id,
                None if row.runner_up_score is None else float(row.runner_up_score),
                row.feedback,
                row.review_status,
                row.assigned_id,
                row.reason,
                row.verdict,
                row.parts,
            ),
        )

    def set_feedback(self, question_id: str, user_key: str, value: Feedback) -> None:
        """Queue the member's thumbs up/down; ignored unless ``user_key`` asked the question."""
        self._enqueue(_SET_FEEDBACK, (value, question_id, user_key))

    def mark_unanswered(self, question_id: str, user_key: str) -> None:
        """Queue "none of these" for the question; ignored unless ``user_key`` asked it."""
        self._enqueue(_MARK_UNANSWERED, (question_id, user_key))

    @property
    def backlog(self) -> int:
        """Writes queued and not yet committed."""
        return len(self._pending) + len(self._inflight)

    async def flush(self) -> None:
        """Wait until everything queued so far is written (or dropped after its retries).

        Raises:
            StoreError: writes are queued but the log was never opened.
        """
        if self._writer is None:
            if self._pending:
                raise StoreError("the question log is not open")
            return
        target = self._seq
        writer = self._writer
        self._flushing += 1
        self._hurry.set()
        try:
            async with self._progress:
                await self._progress.wait_for(lambda: self._done_up_to(target) or writer.done())
        finally:
            self._flushing -= 1

    def _enqueue(self, sql: str, params: tuple[object, ...]) -> None:
        if self._closed:
            self._drop(1, "the question log is closed")
            return
        if len(self._pending) >= self._max_queue:
            self._drop(1, f"more than {self._max_queue} rows are waiting to be written")
            return
        self._seq += 1
        self._pending.append(_Op(self._seq, sql, params))
        self._wake.set()
        if len(self._pending) >= BATCH_SIZE:
            self._hurry.set()

    def _drop(self, count: int, why: str) -> None:
        self.rows_dropped += count
        if self._drop_warning.ready():
            logger.warning(
                "question log: dropping rows because %s (%d dropped so far)", why, self.rows_dropped
            )

    def _done_up_to(self, seq: int) -> bool:
        # Retries go back to the front, so both lists stay in sequence order.
        oldest = [ops[0].seq for ops in (self._inflight, self._pending) if ops]
        return not oldest or min(oldest) > seq

    async def _write_forever(self) -> None:
        while True:
            if not self._pending:
                self._wake.clear()
                await self._wake.wait()
                continue
            if self._batch_window > 0 and not self._flushing and len(self._pending) < BATCH_SIZE:
                self._hurry.clear()
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(self._batch_window):
                        await self._hurry.wait()
            count = min(len(self._pending), BATCH_SIZE)
            self._inflight = [self._pending.popleft() for _ in range(count)]
            try:
                ok = await self._write(self._inflight)
            finally:
                self._inflight = []
            async with self._progress:
                self._progress.notify_all()
            if not ok:
                await asyncio.sleep(self._retry_delay)

    async def _write(self, batch: list[_Op]) -> bool:
        """Write one batch in one transaction; on failure queue it again. True if all went."""
        try:
            async with self._lock:
                await self._transaction(batch)
        except sqlite3.IntegrityError:
            # One bad row must not sink its neighbours: write them one by one.
            return await self._write_one_by_one(batch)
        except Exception as exc:
            await self._failed(batch, exc)
            return False
        self.batches_committed += 1
        return True

    async def _write_one_by_one(self, batch: list[_Op]) -> bool:
        for index, op in enumerate(batch):
            try:
                async with self._lock:
                    await self._transaction([op])
            except sqlite3.IntegrityError:
                logger.exception("question log: dropping a row the schema refuses: %r", op.params)
                self.rows_dropped += 1
            except Exception as exc:
                await self._failed(batch[index:], exc)
                return False
            else:
                self.batches_committed += 1
        return True

    async def _transaction(self, ops: Sequence[_Op]) -> None:
        db = self._require_db()
        await db.execute("BEGIN IMMEDIATE")
        try:
            for sql, group in groupby(ops, key=lambda op: op.sql):
                await db.executemany(sql, [op.params for op in group])
            await db.execute("COMMIT")
        except BaseException:
            await _rollback(db)
            raise

    async def _failed(self, batch: list[_Op], exc: Exception) -> None:
        logger.error("question log: could not write %d rows", len(batch), exc_info=exc)
        for op in batch:
            op.attempts += 1
        again = [op for op in batch if op.attempts < self._max_attempts]
        given_up = len(batch) - len(again)
        if given_up:
            self.rows_dropped += given_up
            logger.error(
                "question log: dropped %d rows after %d failed attempts",
                given_up,
                self._max_attempts,
            )
        self._pending.extendleft(reversed(again))
        await self._report(exc)

    async def _report(self, exc: Exception) -> None:
        if self._on_error is None or not self._report_limit.ready():
            return
        try:
            result = self._on_error(exc)
            if inspect.isawaitable(result):
                await asyncio.wait_for(result, timeout=30)
        except Exception:
            logger.exception("question log: the on_error callback failed")

    # -- reading and admin changes -------------------------------------------------------------

    async def get(self, question_id: str) -> LoggedQuestion | None:
        """The logged question with this id, or None."""
        rows = await self._fetch(_SELECT + " WHERE id = ?", (question_id,))
        return _to_question(rows[0]) if rows else None

    async def review_queue(
        self, limit: int = 10, offset: int = 0, low_confidence: float = LOW_CONFIDENCE
    ) -> list[LoggedQuestion]:
        """The open questions an admin should look at, newest first.

        A question needs review while its status is "open" and it was declined, only got
        suggestions, was marked "none of these", scored below ``low_confidence``, or got a
        thumbs down.

        Args:
            limit: at most this many.
            offset: skip this many (for paging).
            low_confidence: answered questions scoring below this need review too.

        Returns:
            The questions, newest first.
        """
        rows = await self._fetch(
            _SELECT + _NEEDS_REVIEW + " ORDER BY created_at DESC, rowid DESC LIMIT ? OFFSET ?",
            (low_confidence, limit, offset),
        )
        return [_to_question(row) for row in rows]

    async def review_count(self, low_confidence: float = LOW_CONFIDENCE) -> int:
        """How many questions :meth:`review_queue` would list without a limit."""
        rows = await self._fetch(
            "SELECT COUNT(*) FROM questions" + _NEEDS_REVIEW, (low_confidence,)
        )
        return int(rows[0][0])

    async def recent(self, limit: int = 10, offset: int = 0) -> list[LoggedQuestion]:
        """The latest questions whatever their outcome or status, newest first."""
        rows = await self._fetch(
            _SELECT + " ORDER BY created_at DESC, rowid DESC LIMIT ? OFFSET ?", (limit, offset)
        )
        return [_to_question(row) for row in rows]

    async def set_review_status(
        self, question_id: str, status: ReviewStatus, assigned_id: str | None = None
    ) -> bool:
        """Record an admin's decision on a question.

        Args:
            question_id: the question.
            status: "resolved", "ignored" (never listed for review again), "assigned", or
                "open" (back into the queue).
            assigned_id: the entry the question was added to; required with "assigned".

        Returns:
            True if the question exists.

        Raises:
            ValueError: an unknown status, or "assigned" without an entry id.
        """
        if status not in REVIEW_STATUSES:
            raise ValueError(f"review status must be one of {', '.join(REVIEW_STATUSES)}")
        if (status == "assigned") != (assigned_id is not None):
            raise ValueError("give an entry id with 'assigned', and only then")
        changed = await self._change(
            "UPDATE questions SET review_status = ?, assigned_id = ? WHERE id = ?",
            (status, assigned_id, question_id),
        )
        return changed > 0

    async def stats(self, days: int = 7, *, top: int = 10, now: datetime | None = None) -> Stats:
        """Count questions, outcomes and feedback of the last ``days`` days.

        Args:
            days: how far back; 0 counts everything kept.
            top: how many top entries and top unanswered questions to list.
            now: the end of the period (tests); the current time by default.

        Returns:
            The numbers, see :class:`Stats`.
        """
        since = _iso(_cutoff(days, now)) if days > 0 else ""
        outcomes: dict[str, int] = dict(
            await self._fetch(
                "SELECT outcome, COUNT(*) FROM questions WHERE created_at >= ? GROUP BY outcome",
                (since,),
            )
        )
        feedback: dict[str, int] = dict(
            await self._fetch(
                "SELECT feedback, COUNT(*) FROM questions"
                " WHERE created_at >= ? AND feedback IS NOT NULL GROUP BY feedback",
                (since,),
            )
        )
        top_entries = await self._fetch(
            "SELECT matched_id, COUNT(*) AS n FROM questions"
            " WHERE created_at >= ? AND outcome = 'answered' AND matched_id IS NOT NULL"
            " GROUP BY matched_id ORDER BY n DESC, matched_id LIMIT ?",
            (since, top),
        )
        unanswered_texts = await self._fetch(
            "SELECT text FROM questions WHERE created_at >= ?"
            " AND outcome IN ('declined', 'unanswered') ORDER BY created_at DESC",
            (since,),
        )
        per_day = await self._fetch(
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
            answered_rate=answered / total if total else 0.0,
            feedback_up=int(feedback.get("up", 0)),
            feedback_down=int(feedback.get("down", 0)),
            top_entries=[(str(entry), int(n)) for entry, n in top_entries],
            top_declined=_most_common_questions((row[0] for row in unanswered_texts), top),
            per_day=[(str(day), int(n), int(ok)) for day, n, ok in per_day],
        )

    async def export_csv(self) -> bytes:
        """All rows as CSV, oldest first, for a spreadsheet.

        UTF-8 with a byte-order mark so Excel shows Thai, and every cell a spreadsheet would
        take for a formula (starting with = + - @ tab or CR) prefixed with ``'``.

        Returns:
            The CSV file's bytes.
        """
        rows = await self._fetch(_SELECT + " ORDER BY created_at, rowid", ())
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(COLUMNS)
        for row in rows:
            writer.writerow([_safe_cell(value) for value in row])
        return out.getvalue().encode("utf-8-sig")

    async def forget_user(self, user_key: str) -> int:
        """Delete every question of one member (a PDPA erasure request), queued ones included.

        Returns:
            How many questions were deleted.
        """
        await self.flush()
        deleted = await self._change("DELETE FROM questions WHERE user_key = ?", (user_key,))
        await self._checkpoint()
        return deleted

    async def purge_older_than(self, days: int, *, now: datetime | None = None) -> int:
        """Delete questions older than ``days`` days (the retention period); 0 keeps all.

        Returns:
            How many questions were deleted.
        """
        if days <= 0:
            return 0
        cutoff = _iso(_cutoff(days, now))
        deleted = await self._change("DELETE FROM questions WHERE created_at < ?", (cutoff,))
        if deleted:
            await self._checkpoint()
        return deleted

    async def integrity_ok(self) -> bool:
        """Whether SQLite's ``PRAGMA integrity_check`` finds the file sound."""
        rows = await self._fetch("PRAGMA integrity_check", ())
        return [tuple(row) for row in rows] == [("ok",)]

    async def healthcheck(self) -> None:
        """Check that the database is open, writable, and its writer alive.

        Raises:
            StoreError: saying what is wrong.
        """
        if self._writer is None or self._writer.done():
            raise StoreError("the question log is not open")
        try:
            await self._change(
                "INSERT INTO meta (key, value) VALUES ('healthcheck', ?)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (_iso(datetime.now(UTC)),),
            )
        except sqlite3.Error as exc:
            raise StoreError(f"the question log {self.path} cannot be written: {exc}") from exc

    # -- helpers -------------------------------------------------------------------------------

    def _require_db(self) -> aiosqlite.Connection:
        if self._db is None:
            raise StoreError("the question log is not open")
        return self._db

    async def _fetch(self, sql: str, params: tuple[object, ...]) -> list[tuple[Any, ...]]:
        db = self._require_db()
        async with self._lock, db.execute(sql, params) as cursor:
            return [tuple(row) for row in await cursor.fetchall()]

    async def _change(self, sql: str, params: tuple[object, ...]) -> int:
        db = self._require_db()
        async with self._lock:
            await db.execute("BEGIN IMMEDIATE")
            try:
                async with db.execute(sql, params) as cursor:
                    count = cursor.rowcount
                await db.execute("COMMIT")
            except BaseException:
                await _rollback(db)
                raise
        return count

    async def _checkpoint(self) -> None:
        # Deleted rows still sit in the write-ahead log until it is checkpointed.
        db = self._require_db()
        async with self._lock:
            await db.execute("PRAGMA wal_checkpoint(TRUNCATE)")


async def _user_version(db: aiosqlite.Connection) -> int:
    async with db.execute("PRAGMA user_version") as cursor:
        row = await cursor.fetchone()
    return int(row[0]) if row else 0


async def _stored_secret(db: aiosqlite.Connection) -> str:
    async with db.execute("SELECT value FROM meta WHERE key = 'user_key_secret'") as cursor:
        row = await cursor.fetchone()
    if row is not None:
        return str(row[0])
    secret = secrets.token_hex(32)
    await db.execute("INSERT INTO meta (key, value) VALUES ('user_key_secret', ?)", (secret,))
    return secret


async def _rollback(db: aiosqlite.Connection) -> None:
    if db.in_transaction:
        try:
            await db.execute("ROLLBACK")
        except sqlite3.Error:
            logger.exception("question log: rollback failed")


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


def _iso(moment: datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    # Fixed width, always UTC: text order is time order, so SQL can compare and sort it.
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def _cutoff(days: int, now: datetime | None) -> datetime:
    return (now or datetime.now(UTC)) - timedelta(days=days)


def _to_question(row: Sequence[object]) -> LoggedQuestion:
    values = dict(zip(COLUMNS, row, strict=True))
    values["created_at"] = datetime.fromisoformat(str(values["created_at"]))
    return LoggedQuestion(**values)  # type: ignore[arg-type]


def _safe_cell(value: object) -> str:
    text = "" if value is None else str(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFC", text).casefold()
    return " ".join(text.split()).rstrip("?!.。 ")


def _most_common_questions(texts: Iterable[str], top: int) -> list[tuple[str, int]]:
    """Group texts by their normalised form; name each group by its most frequent wording."""
    groups: dict[str, Counter[str]] = {}
    for text in texts:
        key = _normalise(text)
        if key:
            groups.setdefault(key, Counter())[" ".join(text.split())] += 1
    ranked = sorted(groups.values(), key=lambda c: -c.total())
    return [(wordings.most_common(1)[0][0], wordings.total()) for wordings in ranked[:top]]
