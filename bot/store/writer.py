"""The log's write path: queued writes, committed in batches, spilled while the database is down.

Queuing a write returns at once; a background task writes whatever is queued in one transaction
per batch (gathered for up to ``batch_window`` seconds, or at once when something urgent such as
an update of the inbox waits for it). While the database cannot be written (locked by another
process, disk full, read-only) batches go to the spill file instead, and every ``retry_delay``
seconds the writer tries to replay that file into the database; once that works it writes there
again. Admins are told once when an outage starts and once when it is over. If the spill file
cannot be written either, the writes wait in memory and are tried again: the bot goes on
answering and says so in its own log. No write is given up on.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sqlite3
import time
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass

from bot.store.database import UNWRITABLE, Database, StoreError
from bot.store.notices import OutageCallback, OutageNotices, RecoveredCallback
from bot.store.schema import FULL_SYNC, WRITES
from bot.store.spill import Record, SpillFile

logger = logging.getLogger("bot.store")


BATCH_SIZE = 500
# A burst's rows gather this long before their transaction: the commit and the thread hops of
# aiosqlite cost more than the rows themselves (measured: one transaction per question took
# about 0.15 ms of the event loop's time per question, a 50 ms window next to nothing).
BATCH_WINDOW = 0.05
MAX_HELD = 100_000  # writes waiting in memory at most (only when nothing can be written at all)
RECOVERY_BUSY_TIMEOUT = 0.1  # a replay attempt does not wait long for a lock held elsewhere


@dataclass
class Op:
    """One queued write: its statement's name, its parameters, and who waits for it to be kept."""

    seq: int
    op: str
    params: tuple[object, ...]
    kept: asyncio.Future[bool] | None = None

    def record(self) -> Record:
        return Record(self.op, self.params)


class Writer:
    """Writes queued operations to the database, or to the spill file while it cannot.

    Args:
        db: the connection.
        spill: where writes go during an outage.
        rejected: where a row the schema refuses is kept (a bug; never silently lost).
        batch_window: seconds a write waits for more to join its transaction (0: none).
        retry_delay: seconds between two attempts to reach the database again.
        max_held: writes kept in memory at most when nothing can be written.
        error_interval: least seconds between two outage notices (a flapping disk).
        on_outage: called when an outage starts (may be a coroutine function).
        on_recovered: called with the number of writes replayed when it is over.
    """

    def __init__(
        self,
        db: Database,
        spill: SpillFile,
        rejected: SpillFile,
        *,
        batch_window: float = BATCH_WINDOW,
        retry_delay: float = 1.0,
        max_held: int = MAX_HELD,
        error_interval: float = 300.0,
        on_outage: OutageCallback | None = None,
        on_recovered: RecoveredCallback | None = None,
    ) -> None:
        self._db = db
        self.spill = spill
        self._rejected = rejected
        self._batch_window = batch_window
        self._retry_delay = retry_delay
        self._max_held = max_held
        self._notices = OutageNotices(on_outage, on_recovered, error_interval)
        self._pending: deque[Op] = deque()
        self._inflight: list[Op] = []
        self._seq = 0
        self._wake = asyncio.Event()
        self._hurry = asyncio.Event()  # set: write now, do not wait for the batch to fill
        self._flushing = 0
        self._progress = asyncio.Condition()
        self._task: asyncio.Task[None] | None = None
        self._closed = False
        self.outage: Exception | None = None  # why the database cannot be written now
        self.stuck = False  # the spill file failed too: writes are held in memory
        self._next_recovery = 0.0
        self._last_drop_warning: float | None = None
        self.batches_committed = 0  # for tests and monitoring
        self.rows_spilled = 0
        self.rows_rejected = 0
        self.rows_dropped = 0

    # -- queueing ------------------------------------------------------------------------------

    def put(self, op: str, params: tuple[object, ...], *, urgent: bool = False) -> Op | None:
        """Queue one write; returns at once (None when it had to be refused)."""
        if self._closed:
            self._drop("the question log is closed")
            return None
        if len(self._pending) >= self._max_held:
            self._drop(f"{self._max_held} writes are already waiting and nothing can be written")
            return None
        self._seq += 1
        item = Op(self._seq, op, params)
        self._pending.append(item)
        self._wake.set()
        if urgent or len(self._pending) >= BATCH_SIZE:
            self._hurry.set()
        return item

    async def keep(self, ops: Sequence[tuple[str, tuple[object, ...]]]) -> bool:
        """Queue writes and wait until they are kept: committed, or in the spill file (fsync'd).

        Returns:
            True when kept; False when neither the database nor the spill file took them (they
            stay queued in memory and are tried again).

        Raises:
            StoreError: the log is not open.
        """
        if self._task is None:
            raise StoreError("the question log is not open")
        loop = asyncio.get_running_loop()
        waiting = []
        for name, params in ops:
            item = self.put(name, params, urgent=True)
            if item is None:
                return False
            item.kept = loop.create_future()
            waiting.append(item.kept)
        return all(await asyncio.gather(*waiting))

    @property
    def backlog(self) -> int:
        """Writes queued and not yet kept."""
        return len(self._pending) + len(self._inflight)

    @property
    def running(self) -> bool:
        """Whether the writer task is alive."""
        return self._task is not None and not self._task.done()

    @property
    def clean(self) -> bool:
        """Whether everything queued so far is in the database itself."""
        return self.outage is None and not self.backlog and not self.spill.exists()

    async def flush(self) -> None:
        """Wait until everything queued so far is kept (or held in memory after a failure).

        Raises:
            StoreError: writes are queued but the log was never opened.
        """
        task = self._task
        if task is None:
            if self._pending:
                raise StoreError("the question log is not open")
            return
        target = self._seq
        self._flushing += 1
        self._hurry.set()
        try:
            async with self._progress:
                await self._progress.wait_for(
                    lambda: self._settled(target) or self.stuck or task.done()
                )
        finally:
            self._flushing -= 1

    def _settled(self, seq: int) -> bool:
        # Writes put back after a failure go to the front, so both lists stay in order.
        oldest = [ops[0].seq for ops in (self._inflight, self._pending) if ops]
        return not oldest or min(oldest) > seq

    def _drop(self, why: str) -> None:
        self.rows_dropped += 1
        now = time.monotonic()
        if self._last_drop_warning is None or now - self._last_drop_warning >= 60:
            self._last_drop_warning = now
            logger.error(
                "question log: a write is lost because %s (%d lost so far)", why, self.rows_dropped
            )

    # -- lifecycle -----------------------------------------------------------------------------

    async def start(self) -> None:
        """Replay what an earlier run left in the spill file, then start writing."""
        self._closed = False
        if self.spill.exists():
            self._next_recovery = 0.0
            self.outage = StoreError(f"{self.spill.path} holds writes from an earlier run")
            await self._recover(busy_timeout=None)
        self._task = asyncio.create_task(self._run(), name="question-log-writer")

    async def close(self, timeout: float) -> None:
        """Write what is queued (waiting at most ``timeout`` seconds), then stop.

        What is still queued then goes to the spill file; only if that fails too is it lost,
        and the log says so.
        """
        if self._task is None:
            return
        try:
            await asyncio.wait_for(self.flush(), timeout)
        except TimeoutError:
            logger.error("question log: %d writes not written in %.0f s", self.backlog, timeout)
        self._closed = True
        self._task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._task
        self._task = None
        left = [*self._inflight, *self._pending]
        self._inflight, self._pending = [], deque()
        if left:
            self._keep_leftovers(left)

    def _keep_leftovers(self, left: list[Op]) -> None:
        try:
            self.spill.append(op.record() for op in left)
        except OSError as exc:
            logger.error("question log: %d writes could not be kept anywhere: %s", len(left), exc)
        else:
            logger.warning("question log: %d writes kept in %s", len(left), self.spill.path)

    # -- the writer task -----------------------------------------------------------------------

    async def _run(self) -> None:
        while True:
            await self._wait_for_work()
            if self.outage is not None and time.monotonic() >= self._next_recovery:
                await self._recover(busy_timeout=RECOVERY_BUSY_TIMEOUT)
            if not self._pending:
                continue
            count = min(len(self._pending), BATCH_SIZE)
            self._inflight = [self._pending.popleft() for _ in range(count)]
            if not self._pending:
                self._hurry.clear()
            try:
                await self._write(self._inflight)
            finally:
                self._inflight = []
            async with self._progress:
                self._progress.notify_all()

    async def _wait_for_work(self) -> None:
        while not self._pending:
            self._wake.clear()
            if self.outage is None:
                await self._wake.wait()
                continue
            # Nothing new, but the database is down: come back when a replay is due.
            delay = self._next_recovery - time.monotonic()
            if delay <= 0:
                return
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), delay)
        hurry = self._hurry.is_set() or self._flushing or len(self._pending) >= BATCH_SIZE
        if self._batch_window > 0 and not hurry:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._hurry.wait(), self._batch_window)

    async def _write(self, batch: list[Op]) -> None:
        if self.outage is None:
            try:
                await self._commit([op.record() for op in batch])
            except UNWRITABLE as exc:
                self._enter_outage(exc)
            else:
                self._settle(batch, kept=True)
                return
        try:
            self.spill.append(op.record() for op in batch)
        except OSError as exc:
            await self._hold(batch, exc)
            return
        self.rows_spilled += len(batch)
        self.stuck = False
        self._settle(batch, kept=True)

    async def _commit(self, records: list[Record], busy_timeout: float | None = None) -> None:
        """One transaction; a row the schema refuses is set aside and its neighbours written."""
        full_sync = any(r.op in FULL_SYNC for r in records)
        statements = [(WRITES[r.op], r.params) for r in records]
        try:
            await self._db.write(statements, full_sync=full_sync, busy_timeout=busy_timeout)
        except sqlite3.IntegrityError:
            for record in records:
                try:
                    await self._db.write([(WRITES[record.op], record.params)], full_sync=full_sync)
                except sqlite3.IntegrityError:
                    self._reject(record)
        self.batches_committed += 1

    def _reject(self, record: Record) -> None:
        self.rows_rejected += 1
        try:
            self._rejected.append([record])
        except OSError:
            logger.exception("question log: cannot keep a refused %s write", record.op)
            return
        # Never the parameters: they hold a member's question.
        logger.error(
            "question log: the database refuses a %s write (a bug); kept in %s",
            record.op,
            self._rejected.path,
        )

    async def _hold(self, batch: list[Op], exc: OSError) -> None:
        if not self.stuck:
            logger.error(
                "question log: cannot write the database (%s) nor the spill file %s (%s); "
                "%d writes held in memory and tried again; the bot goes on answering",
                self.outage,
                self.spill.path,
                exc,
                self.backlog,
            )
        self.stuck = True
        self._inflight = []
        self._pending.extendleft(reversed(batch))
        self._settle(batch, kept=False)
        async with self._progress:
            self._progress.notify_all()
        await asyncio.sleep(self._retry_delay)

    @staticmethod
    def _settle(batch: list[Op], *, kept: bool) -> None:
        for op in batch:
            if op.kept is not None and not op.kept.done():
                op.kept.set_result(kept)

    # -- outages -------------------------------------------------------------------------------

    def _enter_outage(self, exc: Exception) -> None:
        self.outage = exc
        self._next_recovery = time.monotonic() + self._retry_delay
        logger.error(
            "question log: the database cannot be written (%s); writes go to %s until it can",
            exc,
            self.spill.path,
            exc_info=exc,
        )
        self._notices.started(exc)

    async def _recover(self, busy_timeout: float | None) -> None:
        """Replay the spill file into the database; on success the outage is over."""
        self._next_recovery = time.monotonic() + self._retry_delay
        records = self.spill.read()
        try:
            await self._commit(records, busy_timeout=busy_timeout)
        except UNWRITABLE as exc:
            if self.outage is not None and not isinstance(self.outage, UNWRITABLE):
                self._enter_outage(exc)  # found at start-up: tell the admins once
            logger.debug("question log: still cannot write the database: %s", exc)
            return
        try:
            self.spill.clear()
        except OSError:
            logger.exception(
                "question log: cannot remove %s (replaying it again is harmless)", self.spill.path
            )
        self.outage = None
        self.stuck = False
        logger.warning(
            "question log: the database can be written again; %d writes replayed from %s, "
            "%d more waiting in memory",
            len(records),
            self.spill.path,
            self.backlog,
        )
        self._notices.over(len(records) + self.backlog)
