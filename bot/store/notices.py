"""Telling someone (the admins) that the log's database went down, and that it is back.

Once when an outage starts and once when it is over; a disk that flaps is told about at most
once per ``interval`` (and its recovery only when its outage was told). A callback never holds
up the writer: a coroutine runs as its own task, and a failure is logged.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
import time
from collections.abc import Awaitable, Callable

logger = logging.getLogger("bot.store")

OutageCallback = Callable[[Exception], Awaitable[None] | None]
RecoveredCallback = Callable[[int], Awaitable[None] | None]


class OutageNotices:
    """Calls ``on_outage(exc)`` and ``on_recovered(writes replayed)`` as described above."""

    def __init__(
        self,
        on_outage: OutageCallback | None,
        on_recovered: RecoveredCallback | None,
        interval: float,
    ) -> None:
        self._on_outage = on_outage
        self._on_recovered = on_recovered
        self._interval = interval
        self._last: float | None = None
        self._told = False
        self._tasks: set[asyncio.Task[None]] = set()

    def started(self, exc: Exception) -> None:
        now = time.monotonic()
        self._told = self._last is None or now - self._last >= self._interval
        if self._told:
            self._last = now
            self._call(self._on_outage, exc)

    def over(self, replayed: int) -> None:
        if self._told:
            self._told = False
            self._call(self._on_recovered, replayed)

    def _call(self, callback: Callable[..., Awaitable[None] | None] | None, arg: object) -> None:
        if callback is None:
            return
        try:
            result = callback(arg)
        except Exception:
            logger.exception("question log: the admin notice callback failed")
            return
        if inspect.isawaitable(result):
            task = asyncio.ensure_future(result)
            self._tasks.add(task)
            task.add_done_callback(self._done)

    def _done(self, task: asyncio.Task[None]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            logger.error(
                "question log: the admin notice callback failed", exc_info=task.exception()
            )
