"""Where updates come in, by polling or by webhook: kept in the inbox first, then handled.

:meth:`Intake.receive` returns only once the updates are safe on disk (the database, or the
spill file while it cannot be written), so the poller confirms them to Telegram, and the webhook
answers Telegram's POST, only after that. An update already received (Telegram sends it again
when the bot stopped before confirming it) is not handled twice. At start, what the last run
left unfinished is handed to the dispatcher first, oldest first.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from typing import Any

from bot.store import InboxItem, QuestionLog, new_question_id
from bot.telegram.dispatch import Dispatcher

log = logging.getLogger(__name__)

REMEMBERED = 200_000  # update ids remembered in memory to recognise one sent again


class Intake:
    """Updates from Telegram into the inbox and on to the dispatcher.

    Args:
        store: the question log holding the inbox.
        dispatcher: who handles the updates.
    """

    def __init__(self, store: QuestionLog, dispatcher: Dispatcher) -> None:
        self._store = store
        self.dispatcher = dispatcher
        self._known: dict[int, None] = {}  # insertion-ordered: the oldest are forgotten first
        self._warned = False

    async def start(self) -> int:
        """Hand what the last run left unfinished to the dispatcher; how many updates."""
        for update_id in sorted(await self._store.inbox.known_ids()):
            self._remember(update_id)
        unfinished = await self._store.inbox.unfinished()
        if unfinished:
            log.info("%d updates left from the last run are handled first", len(unfinished))
        self.dispatcher.submit([(item, None) for item in unfinished])
        return len(unfinished)

    async def room(self) -> None:
        """Wait until the dispatcher can take more (so the inbox never holds a flood in memory)."""
        await self.dispatcher.room()

    async def receive(self, updates: list[dict[str, Any]]) -> None:
        """Keep new updates in the inbox, then queue them; returns once they are kept."""
        now = datetime.now(UTC)
        fresh = []
        for data in updates:
            update_id = data.get("update_id")
            if isinstance(update_id, int) and update_id not in self._known:
                self._remember(update_id)
                payload = json.dumps(data, ensure_ascii=False)
                fresh.append((InboxItem(update_id, now, new_question_id(), payload), data))
        if not fresh:
            return
        kept = await self._store.inbox.add([item for item, _ in fresh])
        if not kept and not self._warned:
            self._warned = True
            log.error("Updates are kept in memory only: a crash now would lose them")
        elif kept:
            self._warned = False
        self.dispatcher.submit(fresh)

    def _remember(self, update_id: int) -> None:
        self._known[update_id] = None
        if len(self._known) > REMEMBERED:
            del self._known[next(iter(self._known))]
