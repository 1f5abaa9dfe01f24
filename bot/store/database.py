"""The one SQLite connection of a question log: opened once, one transaction at a time."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sqlite3
from collections.abc import Iterable, Sequence
from itertools import groupby
from pathlib import Path
from typing import Any

import aiosqlite

logger = logging.getLogger("bot.store")

# The errors that mean "the database cannot be written now" (locked by another process, disk
# full, read-only, I/O error), as opposed to a row the schema refuses (IntegrityError).
UNWRITABLE = (sqlite3.OperationalError, sqlite3.DatabaseError, OSError)


class StoreError(Exception):
    """The question log cannot be used; the message is one line for the operator."""


class Database:
    """An aiosqlite connection with a lock, so that reads, writes and PRAGMAs never interleave.

    Args:
        path: the SQLite file.
        busy_timeout: seconds a write waits for another process holding the write lock.
    """

    def __init__(self, path: Path, busy_timeout: float) -> None:
        self.path = path
        self.busy_timeout_ms = int(busy_timeout * 1000)
        self._db: aiosqlite.Connection | None = None
        self._lock = asyncio.Lock()

    @property
    def is_open(self) -> bool:
        return self._db is not None

    def attach(self, connection: aiosqlite.Connection) -> None:
        """Use an opened and prepared connection."""
        self._db = connection

    async def close(self) -> None:
        """Close the connection (a failure is logged, never raised)."""
        db, self._db = self._db, None
        if db is None:
            return
        try:
            await db.close()
        except sqlite3.Error:
            logger.exception("closing the question log failed")

    def connection(self) -> aiosqlite.Connection:
        """The open connection; StoreError when the log is not open."""
        if self._db is None:
            raise StoreError("the question log is not open")
        return self._db

    async def fetch(self, sql: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        """All rows of one query."""
        db = self.connection()
        async with self._lock, db.execute(sql, tuple(params)) as cursor:
            return [tuple(row) for row in await cursor.fetchall()]

    async def change(self, sql: str, params: Sequence[object] = ()) -> int:
        """Run one statement in its own transaction; how many rows it changed."""
        db = self.connection()
        async with self._lock:
            await db.execute("BEGIN IMMEDIATE")
            try:
                async with db.execute(sql, tuple(params)) as cursor:
                    count = cursor.rowcount
                await db.execute("COMMIT")
            except BaseException:
                await rollback(db)
                raise
        return count

    async def write(
        self,
        statements: Iterable[tuple[str, Sequence[object]]],
        *,
        full_sync: bool = False,
        busy_timeout: float | None = None,
    ) -> None:
        """Run ``(sql, params)`` pairs in one transaction; consecutive equal statements at once.

        Args:
            statements: what to run, in order.
            full_sync: commit with ``synchronous=FULL`` (durable across a power cut, not only a
                crash).
            busy_timeout: seconds to wait for the write lock this time (default: the log's).
        """
        db = self.connection()
        async with self._lock:
            if busy_timeout is not None:
                await db.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000):d}")
            if full_sync:
                await db.execute("PRAGMA synchronous = FULL")
            try:
                await db.execute("BEGIN IMMEDIATE")
                try:
                    for sql, group in groupby(statements, key=lambda pair: pair[0]):
                        await db.executemany(sql, [tuple(params) for _, params in group])
                    await db.execute("COMMIT")
                except BaseException:
                    await rollback(db)
                    raise
            finally:
                # Back to the defaults; on a broken file this can fail too, after the real error.
                with contextlib.suppress(sqlite3.Error):
                    if full_sync:
                        await db.execute("PRAGMA synchronous = NORMAL")
                    if busy_timeout is not None:
                        await db.execute(f"PRAGMA busy_timeout = {self.busy_timeout_ms:d}")

    async def checkpoint(self) -> None:
        """Fold the write-ahead log into the file and empty it (deleted rows leave it too)."""
        db = self.connection()
        async with self._lock:
            await db.execute("PRAGMA wal_checkpoint(TRUNCATE)")


async def rollback(db: aiosqlite.Connection) -> None:
    """Roll back the open transaction, if any; a failure is logged."""
    if db.in_transaction:
        try:
            await db.execute("ROLLBACK")
        except sqlite3.Error:
            logger.exception("question log: rollback failed")
