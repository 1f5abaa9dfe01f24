"""The question log: its lifecycle and its public face; each job lives in its own module.

:mod:`~bot.store.schema` opens and migrates the file, :mod:`~bot.store.writer` is the write
path (batches, the spill file, replay), :mod:`~bot.store.inbox` the durable inbox,
:mod:`~bot.store.keys` the pseudonyms' secret, :mod:`~bot.store.queries` the admins' reads,
:mod:`~bot.store.export` the CSV and :mod:`~bot.store.retention` erasure and retention.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Self

import aiosqlite

from bot.store import export, queries, retention
from bot.store.database import Database, StoreError
from bot.store.inbox import Inbox
from bot.store.keys import KEY_FILE_NAME, UserKeys
from bot.store.notices import OutageCallback, RecoveredCallback
from bot.store.rows import Feedback, LoggedQuestion, ReviewStatus, Stats, iso
from bot.store.schema import prepare
from bot.store.spill import SpillFile
from bot.store.writer import BATCH_WINDOW, MAX_HELD, Writer

CLOSE_TIMEOUT = 5.0
INBOX_KEEP_DAYS = 2.0


class QuestionLog:
    """The question log in one SQLite file, written in the background.

    Use it as ``async with QuestionLog(path) as log: ...`` or call :meth:`open` and
    :meth:`close`. :meth:`record`, :meth:`set_feedback` and :meth:`mark_unanswered` never block
    and never raise; the admins' reads await the database.

    Args:
        path: the SQLite file; it and its directory are created if missing. Beside it live the
            spill file (``<name>-spill.jsonl``), the file of rows the schema refused
            (``<name>-rejected.jsonl``) and, unless ``user_key_secret`` is given, the key file
            (``user_key.secret``).
        user_key_secret: the pseudonyms' secret (Settings.user_key_secret); when None, the key
            file is used, created on first open.
        create_key: whether :meth:`open` may create the key file and move a legacy secret out
            of the database (False for the health check, which must write neither).
        on_error: called when the database cannot be written (once per outage), e.g. to tell
            the admins; may be a coroutine function.
        on_recovered: called with the number of writes replayed when the outage is over.
        busy_timeout: seconds to wait for another process holding the write lock.
        retry_delay: seconds between two attempts to reach the database during an outage.
        max_queue: writes held in memory at most while nothing at all can be written.
        error_interval: least seconds between two outage notices.
        batch_window: seconds a write waits for more to join its transaction (0: none).
    """

    def __init__(
        self,
        path: Path | str,
        *,
        user_key_secret: str | None = None,
        create_key: bool = True,
        on_error: OutageCallback | None = None,
        on_recovered: RecoveredCallback | None = None,
        busy_timeout: float = 2.0,
        retry_delay: float = 1.0,
        max_queue: int = MAX_HELD,
        error_interval: float = 300.0,
        batch_window: float = BATCH_WINDOW,
    ) -> None:
        self.path = Path(path)
        self._db = Database(self.path, busy_timeout)
        self._keys = UserKeys(user_key_secret, self.path.parent / KEY_FILE_NAME)
        self._create_key = create_key
        self._writer = Writer(
            self._db,
            SpillFile(self.path.with_name(self.path.name + "-spill.jsonl")),
            SpillFile(self.path.with_name(self.path.name + "-rejected.jsonl")),
            batch_window=batch_window,
            retry_delay=retry_delay,
            max_held=max_queue,
            error_interval=error_interval,
            on_outage=on_error,
            on_recovered=on_recovered,
        )
        self.inbox = Inbox(self._db, self._writer)

    # -- lifecycle -----------------------------------------------------------------------------

    async def open(self) -> None:
        """Open (or create) the database, migrate it, find the secret, replay any spill file.

        Raises:
            StoreError: the file cannot be opened, created or migrated, or the secret does not
                match the one it was written with.
        """
        if self._db.is_open:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            connection = await aiosqlite.connect(self.path, isolation_level=None)
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"cannot open the question log {self.path}: {exc}") from exc
        self._db.attach(connection)
        try:
            await prepare(connection, self.path, self._db.busy_timeout_ms)
            await self._keys.load(self._db, create=self._create_key)
            await self._writer.start()
        except BaseException as exc:
            await self._db.close()
            if isinstance(exc, sqlite3.Error | OSError):
                raise StoreError(f"cannot open the question log {self.path}: {exc}") from exc
            raise

    async def close(self, timeout: float = CLOSE_TIMEOUT) -> None:
        """Write what is queued (at most ``timeout`` seconds; the rest to the spill file), close."""
        if not self._db.is_open:
            return
        await self._writer.close(timeout)
        await self._db.close()

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

    # -- pseudonyms ----------------------------------------------------------------------------

    def user_key(self, user_id: int) -> str:
        """The member's pseudonym: 16 hex characters of HMAC-SHA256(secret, user id).

        Raises:
            StoreError: no secret was given and the log has not been opened yet.
        """
        return self._keys.key(user_id)

    # -- the write path (never blocks, never raises) -------------------------------------------

    def record(self, row: LoggedQuestion) -> None:
        """Queue one question for writing; returns at once."""
        self._writer.put("question", row.params())

    def set_feedback(self, question_id: str, user_key: str, value: Feedback) -> None:
        """Queue the member's thumbs up/down; ignored unless ``user_key`` asked the question."""
        self._writer.put("feedback", (value, question_id, user_key))

    def mark_unanswered(self, question_id: str, user_key: str) -> None:
        """Queue "none of these" for the question; ignored unless ``user_key`` asked it."""
        self._writer.put("unanswered", (question_id, user_key))

    @property
    def backlog(self) -> int:
        """Writes queued and not yet kept."""
        return self._writer.backlog

    @property
    def writer(self) -> Writer:
        """The write path (its state and counters: outage, rows_spilled, batches_committed)."""
        return self._writer

    async def flush(self) -> None:
        """Wait until everything queued so far is kept (in the database or the spill file).

        Raises:
            StoreError: writes are queued but the log was never opened.
        """
        await self._writer.flush()

    # -- reading and admin changes -------------------------------------------------------------

    async def get(self, question_id: str) -> LoggedQuestion | None:
        """The logged question with this id, or None."""
        return await queries.get(self._db, question_id)

    async def review_queue(
        self, limit: int = 10, offset: int = 0, low_confidence: float = queries.LOW_CONFIDENCE
    ) -> list[LoggedQuestion]:
        """The open questions an admin should look at, newest first.

        A question needs review while its status is "open" and it was declined, only got
        suggestions, was marked "none of these", scored below ``low_confidence``, or got a
        thumbs down.

        Args:
            limit: at most this many.
            offset: skip this many (for paging).
            low_confidence: answered questions scoring below this need review too.
        """
        return await queries.review_queue(self._db, limit, offset, low_confidence)

    async def review_count(self, low_confidence: float = queries.LOW_CONFIDENCE) -> int:
        """How many questions :meth:`review_queue` would list without a limit."""
        return await queries.review_count(self._db, low_confidence)

    async def recent(self, limit: int = 10, offset: int = 0) -> list[LoggedQuestion]:
        """The latest questions whatever their outcome or status, newest first."""
        return await queries.recent(self._db, limit, offset)

    async def set_review_status(
        self, question_id: str, status: ReviewStatus, assigned_id: str | None = None
    ) -> bool:
        """Record an admin's decision on a question; True if the question exists.

        Args:
            question_id: the question.
            status: "resolved", "ignored" (never listed for review again), "assigned", or
                "open" (back into the queue).
            assigned_id: the entry the question was added to; required with "assigned".

        Raises:
            ValueError: an unknown status, or "assigned" without an entry id.
        """
        return await queries.set_review_status(self._db, question_id, status, assigned_id)

    async def stats(self, days: int = 7, *, top: int = 10, now: datetime | None = None) -> Stats:
        """Count questions, outcomes and feedback of the last ``days`` days (0: all kept).

        Args:
            days: how far back.
            top: how many top entries and top unanswered questions to list.
            now: the end of the period (tests); the current time by default.
        """
        return await queries.stats(self._db, days, top, now)

    async def export_csv(self) -> bytes:
        """All rows as CSV for a spreadsheet, oldest first (see :mod:`bot.store.export`)."""
        return await export.export_csv(self._db)

    async def forget_user(self, user_key: str) -> int:
        """Delete every question of one member (a PDPA erasure request), queued ones included.

        Returns:
            How many questions were deleted.

        Raises:
            StoreError: the database cannot be written now (the questions would come back from
                the spill file).
        """
        await self.flush()
        if not self._writer.clean:
            raise StoreError("the question log cannot be written now; try again later")
        return await retention.forget_user(self._db, user_key)

    async def purge_older_than(self, days: int, *, now: datetime | None = None) -> int:
        """Delete questions older than ``days`` days (the retention period); 0 keeps all.

        Returns:
            How many questions were deleted.
        """
        return await retention.purge_older_than(self._db, days, now)

    async def purge_inbox(self, days: float = INBOX_KEEP_DAYS) -> int:
        """Forget inbox rows done more than ``days`` days ago; how many were removed.

        Two days by default: longer than Telegram keeps an update to deliver it again.
        """
        return await retention.purge_inbox(self._db, days)

    async def integrity_ok(self) -> bool:
        """Whether SQLite's ``PRAGMA integrity_check`` finds the file sound."""
        rows = await self._db.fetch("PRAGMA integrity_check")
        return [tuple(row) for row in rows] == [("ok",)]

    async def healthcheck(self) -> None:
        """Check that the database is open, writable, and its writer alive.

        Raises:
            StoreError: saying what is wrong.
        """
        if not self._db.is_open or not self._writer.running:
            raise StoreError("the question log is not open")
        try:
            await self._db.change(
                "INSERT INTO meta (key, value) VALUES ('healthcheck', ?)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (iso(datetime.now(UTC)),),
            )
        except sqlite3.Error as exc:
            raise StoreError(f"the question log {self.path} cannot be written: {exc}") from exc
