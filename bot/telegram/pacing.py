"""Sending at Telegram's pace, where a 429 for one chat holds up that chat only.

python-telegram-bot's ``AIORateLimiter`` paces sends to about 30 a second and 20 a minute per
group, but when Telegram answers one send with 429 ("retry after N s") it stops *every* request
for N seconds: one member flooding commands made ten others wait 54 s. This limiter keeps the
same global and per-group pace and, on a 429, makes only that chat wait its ``retry_after``
before the send is tried again; other chats go on. A chat that got a 429 is then sent to at
most once a second for a minute (Telegram's own advice for one chat), so that it does not earn
one 429 after another. A send still refused after its retries raises ``RetryAfter``, and the
dispatcher tries the whole update again later (nothing dropped).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Coroutine
from datetime import timedelta
from typing import Any

from aiolimiter import AsyncLimiter
from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter

JSONDict = dict[str, Any]
Result = bool | JSONDict | list[JSONDict]

OVERALL_PER_SECOND = 30  # Telegram: about 30 messages a second in all
GROUP_PER_MINUTE = 20  # and 20 a minute in one group
MAX_RETRIES = 2  # 429s waited out per send before the update is put back for later
MAX_GROUP_LIMITERS = 512  # idle ones are forgotten beyond this
SLOW_INTERVAL = 1.05  # seconds between two sends to a chat that got a 429 ...
SLOW_FOR = 60.0  # ... for this long after it


class ChatPacer(BaseRateLimiter[int]):
    """PTB's rate limiter interface: global and group pace, per-chat waits after a 429.

    Args:
        overall_per_second: sends a second to all chats together.
        group_per_minute: sends a minute to one group.
        max_retries: 429 answers waited out per send before giving up.
    """

    def __init__(
        self,
        overall_per_second: int = OVERALL_PER_SECOND,
        group_per_minute: int = GROUP_PER_MINUTE,
        max_retries: int = MAX_RETRIES,
    ) -> None:
        self._overall = AsyncLimiter(overall_per_second, 1)
        self._group_rate = group_per_minute
        self._groups: dict[int | str, AsyncLimiter] = {}
        self._max_retries = max_retries
        self._blocked_until: dict[object, float] = {}  # chat -> monotonic time
        self._slowed: dict[object, tuple[float, float]] = {}  # chat -> (slow until, last send)

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release."""

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, Result]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> Result:
        """Send when the chat may be sent to; wait out a 429 for this chat alone."""
        chat = data.get("chat_id")
        if chat is None:  # getMe, answerCallbackQuery, ...: not messages in a chat
            return await callback(*args, **kwargs)
        retries = self._max_retries if rate_limit_args is None else rate_limit_args
        group = self._group(chat)
        for attempt in range(retries + 1):
            await self._wait_for(chat)
            if group is not None:
                await group.acquire()
            await self._overall.acquire()
            try:
                result = await callback(*args, **kwargs)
            except RetryAfter as exc:
                self.hold(chat, _seconds(exc.retry_after))
                if attempt == retries:
                    raise
            else:
                self._sent(chat)
                return result
        raise AssertionError("unreachable")  # pragma: no cover

    def hold(self, chat: object, seconds: float) -> None:
        """Send nothing to ``chat`` for ``seconds``, then slowly for a while."""
        now = time.monotonic()
        self._blocked_until[chat] = max(now + seconds, self._blocked_until.get(chat, 0.0))
        self._slowed[chat] = (now + seconds + SLOW_FOR, 0.0)
        if len(self._slowed) > MAX_GROUP_LIMITERS:
            self._slowed = {c: v for c, v in self._slowed.items() if v[0] > now}

    def _sent(self, chat: object) -> None:
        slowed = self._slowed.get(chat)
        if slowed is not None:
            self._slowed[chat] = (slowed[0], time.monotonic())

    def waiting(self, chat: object) -> float:
        """Seconds ``chat`` still has to wait (0 when it may be sent to)."""
        now = time.monotonic()
        left = self._blocked_until.get(chat, now) - now
        if left <= 0:
            self._blocked_until.pop(chat, None)
        slowed = self._slowed.get(chat)
        if slowed is not None:
            until, last = slowed
            if until <= now:
                del self._slowed[chat]
            else:
                left = max(left, last + SLOW_INTERVAL - now)
        return max(left, 0.0)

    async def _wait_for(self, chat: object) -> None:
        while (left := self.waiting(chat)) > 0:
            await asyncio.sleep(left)

    def _group(self, chat: object) -> AsyncLimiter | None:
        try:
            chat_id: int | str = int(str(chat))
        except ValueError:
            chat_id = str(chat)  # "@channel": a channel or supergroup
        if isinstance(chat_id, int) and chat_id > 0:
            return None  # a private chat
        if len(self._groups) > MAX_GROUP_LIMITERS:
            for key, limiter in list(self._groups.items()):
                if limiter.has_capacity(limiter.max_rate):
                    del self._groups[key]
        if chat_id not in self._groups:
            self._groups[chat_id] = AsyncLimiter(self._group_rate, 60)
        return self._groups[chat_id]


def _seconds(retry_after: int | timedelta) -> float:
    return retry_after.total_seconds() if isinstance(retry_after, timedelta) else float(retry_after)
