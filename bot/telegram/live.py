"""The engine the bot answers from, and the watcher that reloads it when curators edit the FAQ.

A reload that fails validation never replaces the engine: the bot keeps answering from the
last good version and the admins are told what is wrong, once per bad version of the file.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from datetime import date, datetime
from pathlib import Path

from bot.answer import Context
from bot.clock import Clock
from bot.engine import Answer, Engine, bangkok_now
from bot.knowledge import KnowledgeError
from bot.memory import free_gradually

log = logging.getLogger(__name__)

Signature = tuple[int, int] | None  # (mtime_ns, size) of the FAQ file; None when it is missing
# Members ask the same few questions again and again, word for word: the engine's answer to a
# text is kept (per FAQ version) so a repeat costs a dictionary look-up instead of tokenising
# and matching (about 0.3 ms of the event loop's time per question). An answer also depends on
# the chat's last topic (a follow-up) and on today's date (a term that has passed), so both are
# part of the key: an answer is never served to another context or on another day.
ANSWER_CACHE_SIZE = 2048
CacheKey = tuple[str, Context | None, date]


def file_signature(path: Path) -> Signature:
    """What changes when the file is rewritten: its modification time and size."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return (stat.st_mtime_ns, stat.st_size)


class LiveEngine:
    """Holds the current :class:`Engine`; reloads it on demand or when the FAQ file changes.

    Args:
        engine: the engine loaded at start-up.
        path: the FAQ file it came from.
        poll_seconds: how often to look at the file; 0 turns the watcher off.
        on_reloaded: awaited after the watcher loaded a new version.
        on_invalid: awaited once per bad version of the file the watcher met.
        loader: builds an engine from a path (tests may pass their own).
        clock: now, for answers that depend on today (see :func:`bot.clock.clock_for`).
    """

    def __init__(
        self,
        engine: Engine,
        path: Path,
        *,
        poll_seconds: float = 2.0,
        on_reloaded: Callable[[Engine], Awaitable[None]] | None = None,
        on_invalid: Callable[[KnowledgeError], Awaitable[None]] | None = None,
        loader: Callable[[Path], Engine] = Engine.load,
        clock: Clock = bangkok_now,
    ) -> None:
        self._engine = engine
        self._answers = AnswerCache(engine)
        self.clock = clock
        self.path = Path(path)
        self.poll_seconds = poll_seconds
        self._on_reloaded = on_reloaded
        self._on_invalid = on_invalid
        self._loader = loader
        self._loaded_signature: Signature = file_signature(self.path)
        self._bad_signature: Signature | object = _NOTHING
        self._lock = asyncio.Lock()
        self._task: asyncio.Task[None] | None = None

    @property
    def engine(self) -> Engine:
        """The engine in use now."""
        return self._engine

    def ask(self, question: str, context: Context | None = None) -> Answer:
        """Answer from the current engine, read against the chat's ``context``, for today
        (fast; safe on the event loop)."""
        return self._answers.ask(question, context, self.clock())

    async def reload(self) -> Engine:
        """Load the FAQ file now and use it.

        Raises:
            KnowledgeError: the file is invalid; the current engine stays in use.
        """
        async with self._lock:
            return await self._load()

    async def _load(self) -> Engine:
        signature = file_signature(self.path)  # before reading: a later write is seen next poll
        try:
            # Parsing and indexing take a while on a large FAQ: keep the event loop free.
            engine = await asyncio.to_thread(self._loader, self.path)
        except KnowledgeError:
            self._bad_signature = signature
            raise
        retired = [self._engine, self._answers]
        self._engine = engine
        self._answers = AnswerCache(engine)
        self._loaded_signature = signature
        self._bad_signature = _NOTHING
        log.info("FAQ loaded from %s: %d entries", self.path, len(engine.faq))
        # Freeing a large engine's millions of objects takes a while too: not on the loop.
        await asyncio.to_thread(free_gradually, retired)
        return engine

    async def check(self) -> None:
        """Reload if the file changed since the last load; tell admins of a new bad version."""
        async with self._lock:
            signature = file_signature(self.path)
            if signature == self._loaded_signature or signature == self._bad_signature:
                return
            try:
                engine = await self._load()
            except KnowledgeError as exc:
                log.warning("FAQ file changed but is invalid; keeping the last good one: %s", exc)
                if self._on_invalid is not None:
                    await self._on_invalid(exc)
                return
        if self._on_reloaded is not None:
            await self._on_reloaded(engine)

    async def initialize(self) -> None:
        """Start watching the file."""
        if self.poll_seconds > 0 and self._task is None:
            self._task = asyncio.create_task(self._watch(), name="faq-watcher")

    async def shutdown(self) -> None:
        """Stop watching."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def _watch(self) -> None:
        while True:
            await asyncio.sleep(self.poll_seconds)
            try:
                await self.check()
            except Exception:
                # The watcher must outlive any surprise (e.g. a lexicon file it cannot read).
                log.exception("FAQ watcher failed; trying again at the next poll")


class AnswerCache:
    """One engine's answers, least recently used first out, keyed by the question, the
    chat's context and the date it was asked on.

    Answers are frozen and the engine never changes once loaded: a reload brings a new cache.
    """

    def __init__(self, engine: Engine, size: int = ANSWER_CACHE_SIZE) -> None:
        self.engine = engine
        self.size = size
        self._answers: OrderedDict[CacheKey, Answer] = OrderedDict()

    def ask(self, question: str, context: Context | None, now: datetime) -> Answer:
        """The engine's answer to ``question`` in ``context`` at ``now`` (the same all day)."""
        key = (question, context, now.date())
        answer = self._answers.get(key)
        if answer is not None:
            self._answers.move_to_end(key)
            return answer
        answer = self.engine.ask(question, context=context, now=now)
        self._answers[key] = answer
        if len(self._answers) > self.size:
            self._answers.popitem(last=False)
        return answer

    def __len__(self) -> int:
        return len(self._answers)


_NOTHING = object()
