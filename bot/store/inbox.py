"""The durable inbox: every update from the moment it is received until it has been handled.

An update is added (and kept: committed with ``synchronous=FULL``, or fsync'd to the spill file)
before Telegram is told it arrived; it is marked done, and its payload erased, once its reply was
sent and its question logged: the done mark is queued behind the log row, so it is never written
before it. What a crash or a stop leaves unfinished is handled at the next start, oldest first.
Done rows are kept for a while (their ids only), so that an update delivered twice is handled once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from bot.store.database import Database
from bot.store.rows import iso
from bot.store.writer import Writer


@dataclass(frozen=True)
class InboxItem:
    """One received update.

    Attributes:
        update_id: Telegram's id of the update.
        received_at: when the bot received it.
        question_id: the id its question is logged under, fixed on receipt so that handling it
            again after a crash logs it once.
        payload: the update as Telegram sent it (JSON text).
    """

    update_id: int
    received_at: datetime
    question_id: str
    payload: str


class Inbox:
    """The inbox of one question log (see the module's docstring)."""

    def __init__(self, db: Database, writer: Writer) -> None:
        self._db = db
        self._writer = writer

    async def add(self, items: list[InboxItem]) -> bool:
        """Keep ``items``; True once they are safe on disk, False when only in memory.

        Raises:
            StoreError: the log is not open.
        """
        return await self._writer.keep(
            [("inbox", (i.update_id, iso(i.received_at), i.question_id, i.payload)) for i in items]
        )

    def done(self, update_id: int) -> None:
        """Mark the update handled (queued after everything it logged); returns at once."""
        self._writer.put("done", (iso(datetime.now(UTC)), update_id))

    async def unfinished(self) -> list[InboxItem]:
        """The updates not handled yet, oldest first (those in the spill file included)."""
        rows = await self._db.fetch(
            "SELECT update_id, received_at, question_id, payload FROM inbox"
            " WHERE done_at IS NULL ORDER BY received_at, update_id"
        )
        items = {int(row[0]): _item(row) for row in rows}
        for record in self._writer.spill.read():
            if record.op == "inbox":
                items.setdefault(int(str(record.params[0])), _item(record.params))
            elif record.op == "done":
                items.pop(int(str(record.params[1])), None)
        return sorted(items.values(), key=lambda i: (i.received_at, i.update_id))

    async def known_ids(self) -> set[int]:
        """The ids of every update in the inbox, done or not (to recognise one sent again)."""
        ids = {int(row[0]) for row in await self._db.fetch("SELECT update_id FROM inbox")}
        ids.update(int(str(r.params[0])) for r in self._writer.spill.read() if r.op == "inbox")
        return ids


def _item(values: tuple[object, ...]) -> InboxItem:
    update_id, received_at, question_id, payload = values
    return InboxItem(
        int(str(update_id)),
        datetime.fromisoformat(str(received_at)),
        str(question_id),
        str(payload),
    )
