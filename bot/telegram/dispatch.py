"""Handling the inbox's updates: oldest first, several at once, one at a time per chat.

Updates come from the inbox (:mod:`bot.telegram.intake`), already kept on disk. Each chat has
its own queue and at most one update in flight, and chats take turns, so one member sending
two hundred messages holds one of the ``concurrency`` slots, never all of them, and a chat that
Telegram asked to wait (429) waits alone. An update is marked done in the inbox once its
handlers finished; one whose reply could not be sent for now (:func:`delivery.retry_later`)
goes back to the front of its chat's queue and is tried again later, never dropped. An update
older than the inbox's maximum age is not answered days late: its question is logged as
"expired". At a stop, what is in flight gets a deadline; the rest stays in the inbox.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from telegram import Update
from telegram.ext import Application

from bot.store import InboxItem, QuestionLog
from bot.telegram.delivery import Delivery, handling

log = logging.getLogger(__name__)

Payload = dict[str, Any]
ExpiredCallback = Callable[[Update, Delivery], None]

MAX_RETRY_WAIT = 60.0  # seconds between two tries of an update whose reply cannot be sent


@dataclass
class Work:
    """An update waiting in its chat's queue."""

    item: InboxItem
    data: Payload
    attempts: int = 0

    @property
    def sent_at(self) -> float:
        """When the member sent it: the message's date, else when the bot received it."""
        for kind in ("message", "edited_message", "channel_post"):
            message = self.data.get(kind)
            if isinstance(message, dict) and isinstance(message.get("date"), int):
                return float(message["date"])
        return self.item.received_at.timestamp()

    @property
    def chat(self) -> object:
        """Whose queue the update joins: its chat (a button's too), else its sender."""
        for kind in ("message", "edited_message", "channel_post"):
            message = self.data.get(kind)
            if isinstance(message, dict):
                return message.get("chat", {}).get("id")
        query = self.data.get("callback_query")
        if isinstance(query, dict):
            chat = (query.get("message") or {}).get("chat", {}).get("id")
            return chat if chat is not None else ("user", query.get("from", {}).get("id"))
        return ("update", self.item.update_id)


class Dispatcher:
    """Runs the application's handlers on the inbox's updates (see the module's docstring).

    Args:
        application: the PTB application whose handlers handle each update.
        store: the question log holding the inbox.
        concurrency: updates handled at once (from different chats).
        max_age: seconds after which an update is expired rather than answered.
        on_expired: called for an expired update (logs its question as "expired").
    """

    def __init__(
        self,
        application: Application,  # type: ignore[type-arg]
        store: QuestionLog,
        *,
        concurrency: int,
        max_age: float,
        on_expired: ExpiredCallback,
    ) -> None:
        self._application = application
        self._store = store
        self._concurrency = concurrency
        self._max_age = max_age
        self._on_expired = on_expired
        self._queues: dict[object, deque[Work]] = {}
        self._ready: deque[object] = deque()  # chats with work, not busy, not waiting
        self._busy: set[object] = set()
        self._waiting: set[object] = set()  # told by Telegram to wait (or the API is away)
        self._tasks: set[asyncio.Task[None]] = set()
        self._held = 0
        self._room = asyncio.Event()
        self._room.set()
        self._stopping = False
        self.high_water = 1000  # updates held in memory before the intake stops fetching
        self.handled = 0  # for tests and monitoring
        self.retried = 0

    @property
    def held(self) -> int:
        """Updates queued or in flight."""
        return self._held

    async def room(self) -> None:
        """Wait until fewer than ``high_water`` updates are held."""
        await self._room.wait()

    def submit(self, items: Sequence[tuple[InboxItem, Payload | None]]) -> None:
        """Queue updates kept in the inbox (payload parsed, or None to parse it here)."""
        for item, data in items:
            work = Work(item, data if data is not None else json.loads(item.payload))
            chat = work.chat
            queue = self._queues.setdefault(chat, deque())
            queue.append(work)
            self._held += 1
            if len(queue) == 1 and chat not in self._busy and chat not in self._waiting:
                self._ready.append(chat)
        if self._held >= self.high_water:
            self._room.clear()
        self._pump()

    def _pump(self) -> None:
        # _busy, not _tasks: a task still finishing has already let go of its slot.
        while self._ready and len(self._busy) < self._concurrency and not self._stopping:
            chat = self._ready.popleft()
            work = self._queues[chat].popleft()
            self._busy.add(chat)
            task = asyncio.create_task(self._handle(chat, work), name="update")
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def _handle(self, chat: object, work: Work) -> None:
        try:
            done = await self._process(work)
        except Exception:
            log.exception("Handling update %d failed outside its handlers", work.item.update_id)
            done = True
        finally:
            self._busy.discard(chat)
        if done:
            self._store.inbox.done(work.item.update_id)
            self._held -= 1
            self.handled += 1
            if self._held < self.high_water:
                self._room.set()
        self._next(chat)

    async def _process(self, work: Work) -> bool:
        """Run the handlers on one update; False when it is to be tried again later."""
        item = work.item
        update = Update.de_json(work.data, self._application.bot)
        delivery = Delivery(item.update_id, item.question_id, work.sent_at)
        if time.time() - delivery.sent_at > self._max_age:
            self._on_expired(update, delivery)
            return True
        with handling(delivery):
            await self._application.process_update(update)
        if delivery.retry_after is None:
            return True
        work.attempts += 1
        self.retried += 1
        wait = max(delivery.retry_after, min(2.0**work.attempts, MAX_RETRY_WAIT))
        self._queues[work.chat].appendleft(work)
        self._waiting.add(work.chat)
        asyncio.get_running_loop().call_later(wait, self._wake, work.chat)
        log.info(
            "Update %d could not be answered yet; trying again in %.0f s", item.update_id, wait
        )
        return False

    def _next(self, chat: object) -> None:
        queue = self._queues.get(chat)
        if not queue:
            self._queues.pop(chat, None)
        elif chat not in self._waiting:
            self._ready.append(chat)  # to the back: chats take turns
        self._pump()

    def _wake(self, chat: object) -> None:
        self._waiting.discard(chat)
        if self._queues.get(chat) and chat not in self._busy:
            self._ready.append(chat)
        self._pump()

    async def stop(self, deadline: float) -> None:
        """Start nothing new; give what is in flight ``deadline`` seconds, then cancel it.

        Whatever was not finished stays in the inbox for the next start.
        """
        self._stopping = True
        in_flight = set(self._tasks)
        if in_flight:
            _, late = await asyncio.wait(in_flight, timeout=deadline)
            for task in late:
                task.cancel()
            await asyncio.gather(*late, return_exceptions=True)
            if late:
                log.warning("Stopped %d updates still in flight after %.0f s", len(late), deadline)
        left = self._held - len(in_flight)
        if left > 0:
            log.info("%d updates wait in the inbox for the next start", left)
