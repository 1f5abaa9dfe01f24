"""What the handlers use, with one lifecycle: the live engine, the chats' conversations, the
question log, the flood guard, the admin notices, the Bot API's health and the retention task. ``initialize``/``shutdown`` run
in the Application's ``post_init``/``post_shutdown``.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
from collections.abc import Hashable
from datetime import UTC, datetime

from telegram import Bot

from bot import texts
from bot.clock import clock_for
from bot.conversation import Conversations
from bot.engine import Answer, Engine
from bot.knowledge import KnowledgeError
from bot.nlp.normalize import detect_language
from bot.settings import Settings
from bot.store import LoggedQuestion, QuestionLog
from bot.telegram.flood import FloodGuard
from bot.telegram.formatting import fit, with_problems
from bot.telegram.live import LiveEngine
from bot.telegram.notify import AdminNotifier
from bot.telegram.outage import ApiHealth

log = logging.getLogger(__name__)

RETENTION_INTERVAL = 24 * 3600.0
# At a stop, the log's last writes get this long; what is left then goes to the spill file.
STORE_CLOSE_SECONDS = 1.5


class Services:
    """The bot's services.

    Args:
        settings: the configuration.
        engine: the engine loaded at start-up.
        notifier: admin notices (default: to ``settings.admin_ids``).
    """

    def __init__(
        self, settings: Settings, engine: Engine, *, notifier: AdminNotifier | None = None
    ) -> None:
        self.settings = settings
        self.notifier = notifier or AdminNotifier(settings.admin_ids)
        self.store = QuestionLog(
            settings.db_path,
            user_key_secret=settings.user_key_secret,
            on_error=self._store_failed,
            on_recovered=self._store_recovered,
        )
        self.api_health = ApiHealth()
        self.flood = FloodGuard(settings.flood_limit, settings.flood_window)
        self.live = LiveEngine(
            engine,
            settings.faq_path,
            poll_seconds=settings.faq_poll_seconds,
            on_reloaded=self._faq_reloaded,
            on_invalid=self._faq_invalid,
            loader=functools.partial(Engine.load, cache_dir=settings.cache_dir),
            clock=clock_for(settings.today),
        )
        # What each chat (each forum topic) asked last, for its follow-ups: in memory only.
        self.conversations = Conversations(
            settings.conversation_capacity, settings.conversation_ttl
        )
        self._retention: asyncio.Task[None] | None = None

    async def initialize(self, bot: Bot) -> None:
        """Open the log, purge expired questions, start the FAQ watcher and the retention task."""
        self.notifier.attach(bot)
        if not self.settings.admin_ids:
            log.warning(
                "ADMIN_IDS is empty: nobody can use /review, /stats, /export or /reload, "
                "and failures are told to no one"
            )
        await self.store.open()
        await self.live.initialize()
        await self._purge()
        self._retention = asyncio.create_task(self._purge_daily(), name="retention")

    async def shutdown(self) -> None:
        """Stop the tasks and close the log, flushing pending writes."""
        if self._retention is not None:
            self._retention.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._retention
            self._retention = None
        await self.live.shutdown()
        try:
            await self.store.close(timeout=STORE_CLOSE_SECONDS)
        except Exception:
            log.exception("Closing the question log failed")
        await self.notifier.shutdown()

    @property
    def engine(self) -> Engine:
        """The engine in use now (it changes when the FAQ is reloaded)."""
        return self.live.engine

    def is_admin(self, user_id: int | None) -> bool:
        """Whether ``user_id`` is one of ``ADMIN_IDS``."""
        return user_id is not None and user_id in self.settings.admin_ids

    def ask(self, question: str, chat: Hashable) -> Answer:
        """Answer ``question`` read against what ``chat`` asked last (see :meth:`remember`)."""
        return self.live.ask(question, self.conversations.get(chat))

    def remember(self, chat: Hashable, answer: Answer) -> None:
        """Keep what ``answer`` leaves for ``chat``'s next question (once it was sent)."""
        self.conversations.update(chat, answer)

    def user_key(self, user_id: int) -> str:
        """The member's pseudonym in the log."""
        return self.store.user_key(user_id)

    def record(
        self,
        question_id: str,
        answer: Answer,
        chat_type: str,
        user_id: int,
        sent_at: float | None = None,
    ) -> None:
        """Log one question (asked at ``sent_at``, Unix time) without waiting; never raises."""
        try:
            row = LoggedQuestion.from_answer(
                answer,
                question_id=question_id,
                chat_type=chat_type,
                user_key=self.store.user_key(user_id),
                created_at=None if sent_at is None else datetime.fromtimestamp(sent_at, UTC),
            )
            self.store.record(row)
        except Exception as exc:
            log.exception("Could not queue question %s for the log", question_id)
            self.notifier.notify_soon(_log_failure(exc), key="store")

    def record_expired(
        self, question_id: str, question: str, chat_type: str, user_id: int, sent_at: float
    ) -> None:
        """Log a question that waited too long to be answered (it is not answered)."""
        hours = self.settings.inbox_max_age_hours
        row = LoggedQuestion(
            id=question_id,
            created_at=datetime.fromtimestamp(sent_at, UTC),
            chat_type=chat_type,
            user_key=self.store.user_key(user_id),
            text=question,
            language="en" if detect_language(question) == "en" else "th",
            outcome="expired",
            reason=f"expired: waited more than {hours:g} h (INBOX_MAX_AGE_HOURS)",
        )
        self.store.record(row)

    async def _store_failed(self, exc: Exception) -> None:
        # The store calls this once per outage (at most every few minutes).
        await self.notifier.notify(_log_failure(exc))

    async def _store_recovered(self, replayed: int) -> None:
        await self.notifier.notify(texts.ADMIN_LOG_RECOVERED.format(count=replayed))

    async def _faq_reloaded(self, engine: Engine) -> None:
        await self.notifier.notify(texts.FAQ_RELOADED.format(count=len(engine.faq)))

    async def _faq_invalid(self, exc: KnowledgeError) -> None:
        await self.notifier.notify(with_problems(texts.FAQ_INVALID, exc, path=str(exc.path)))

    async def _purge(self) -> None:
        """Delete questions past RETENTION_DAYS (0 keeps them) and the inbox's old done rows."""
        try:
            await self.store.purge_inbox()
            removed = await self.store.purge_older_than(self.settings.retention_days)
        except Exception:
            log.exception("Retention purge failed; trying again in a day")
            return
        if removed:
            days = self.settings.retention_days
            log.info("Retention: removed %d questions older than %d days", removed, days)

    async def _purge_daily(self) -> None:
        while True:
            await asyncio.sleep(RETENTION_INTERVAL)
            await self._purge()


def _log_failure(exc: BaseException) -> str:
    return texts.ADMIN_LOG_FAILURE.format(detail=fit("", f"{type(exc).__name__}: {exc}", limit=500))
