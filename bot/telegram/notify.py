"""Short notices to the admins' private chats, rate-limited so a failure loop cannot flood them."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Collection

from telegram import Bot
from telegram.error import TelegramError

log = logging.getLogger(__name__)


class AdminNotifier:
    """Sends HTML notices to every admin.

    Args:
        admin_ids: the admins' Telegram user ids (their private chat ids).
        min_interval: seconds between two notices with the same key.
        clock: a monotonic clock (tests pass their own).
    """

    def __init__(
        self,
        admin_ids: Collection[int],
        *,
        min_interval: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.admin_ids = tuple(sorted(admin_ids))
        self.min_interval = min_interval
        self._clock = clock
        self._last_sent: dict[str, float] = {}
        self._bot: Bot | None = None
        self._tasks: set[asyncio.Task[bool]] = set()

    def attach(self, bot: Bot) -> None:
        """Use ``bot`` to send (called once the application is initialised)."""
        self._bot = bot

    async def notify(self, html_text: str, *, key: str | None = None) -> bool:
        """Send ``html_text`` to every admin; False when skipped (rate limit, no bot, no admins).

        Never raises: a notice that cannot be delivered is logged.
        """
        if self._bot is None or not self.admin_ids:
            return False
        if key is not None:
            now = self._clock()
            last = self._last_sent.get(key)
            if last is not None and now - last < self.min_interval:
                return False
            self._last_sent[key] = now
        for admin_id in self.admin_ids:
            try:
                await self._bot.send_message(admin_id, html_text)
            except TelegramError as exc:
                # Typically an admin who never opened a chat with the bot.
                log.warning("Cannot notify admin %s: %s", admin_id, exc)
            except Exception:
                log.exception("Cannot notify admin %s", admin_id)
        return True

    def notify_soon(self, html_text: str, *, key: str | None = None) -> None:
        """Schedule :meth:`notify` from code that cannot await (e.g. a store callback)."""
        try:
            task = asyncio.get_running_loop().create_task(self.notify(html_text, key=key))
        except RuntimeError:
            log.warning("No event loop to notify the admins: %s", html_text)
            return
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def shutdown(self) -> None:
        """Let notices already scheduled finish (briefly), then stop."""
        if self._tasks:
            _, pending = await asyncio.wait(set(self._tasks), timeout=1.0)
            for task in pending:
                task.cancel()
        self._bot = None
