"""The engine the bot answers from, and the watcher that reloads it when curators edit the FAQ.

A reload that fails validation never replaces the engine: the bot keeps answering from the
last good version and the admins are told what is wrong, once per bad version of the file.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import os
from collections.abc import Awaitable, Callable
from pathlib import Path

from bot.engine import Answer, Engine
from bot.knowledge import KnowledgeError

log = logging.getLogger(__name__)

Signature = tuple[int, int] | None  # (mtime_ns, size) of the FAQ file; None when it is missing
# Members ask the same few questions again and again, word for word: the engine's answer to a
# text is kept (per FAQ version) so a repeat costs a dictionary look-up instead of tokenising
# and matching (about 0.3 ms of the event loop's time per question).
ANSWER_CACHE_SIZE = 2048


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
    ) -> None:
        self._engine = engine
        self._ask = _cached(engine)
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

    def ask(self, question: str) -> Answer:
        """Answer from the current engine (fast; safe on the event loop)."""
        return self._ask(question)

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
        self._engine = engine
        self._ask = _cached(engine)
        self._loaded_signature = signature
        self._bad_signature = _NOTHING
        log.info("FAQ loaded from %s: %d entries", self.path, len(engine.faq))
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


def _cached(engine: Engine) -> Callable[[str], Answer]:
    # Answers are frozen and the engine never changes once loaded: a reload brings a new cache.
    return functools.lru_cache(maxsize=ANSWER_CACHE_SIZE)(engine.ask)


_NOTHING = object()
