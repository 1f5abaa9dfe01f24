"""Per-chat memory for follow-ups: the last answered topic of each chat, bounded and short-lived.

Telegram keys it by chat (and thread, in groups); the console by its one session. It lives in
memory only: a restart forgets, and so does a few minutes of silence or /start.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable, Hashable

from bot.answer import Answer, Context

DEFAULT_CAPACITY = 10_000  # chats remembered at once; the least recently used goes first
DEFAULT_TTL = 300.0  # seconds of silence after which a chat's topic is forgotten


class Conversations:
    """The last answered topic per chat: an LRU of at most ``capacity`` chats, each kept
    ``ttl`` seconds after its last message.

    Args:
        capacity: how many chats to remember at once.
        ttl: seconds after which a chat's topic is forgotten.
        clock: monotonic seconds (tests pass their own).
    """

    def __init__(
        self,
        capacity: int = DEFAULT_CAPACITY,
        ttl: float = DEFAULT_TTL,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if capacity < 1:
            raise ValueError("capacity must be at least 1")
        self.capacity = capacity
        self.ttl = ttl
        self._clock = clock
        self._chats: OrderedDict[Hashable, tuple[float, Context]] = OrderedDict()

    def get(self, key: Hashable) -> Context | None:
        """The chat's context, or None when it has none or it has expired."""
        item = self._chats.get(key)
        if item is None:
            return None
        at, context = item
        if self._clock() - at > self.ttl:
            del self._chats[key]
            return None
        return context

    def update(self, key: Hashable, answer: Answer) -> None:
        """Remember what ``answer`` leaves for the next question; an answer that leaves
        nothing (a decline) keeps the chat's topic but counts as activity."""
        context = answer.context
        if context is None:
            old = self.get(key)
            if old is None:
                return
            context = old
        self.remember(key, context)

    def remember(self, key: Hashable, context: Context) -> None:
        """Make ``context`` the chat's topic (an entry the member chose from a list)."""
        self._chats[key] = (self._clock(), context)
        self._chats.move_to_end(key)
        while len(self._chats) > self.capacity:
            self._chats.popitem(last=False)

    def forget(self, key: Hashable) -> None:
        """Drop the chat's topic (on /start)."""
        self._chats.pop(key, None)

    def __len__(self) -> int:
        return len(self._chats)
