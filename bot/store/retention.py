"""Erasure and retention: a member's questions on request (PDPA), old questions by age."""

from __future__ import annotations

from datetime import datetime

from bot.store.database import Database
from bot.store.rows import cutoff


async def forget_user(db: Database, user_key: str) -> int:
    """Delete every question of one member; how many were deleted."""
    deleted = await db.change("DELETE FROM questions WHERE user_key = ?", (user_key,))
    await db.checkpoint()  # deleted rows still sit in the write-ahead log until then
    return deleted


async def purge_older_than(db: Database, days: int, now: datetime | None) -> int:
    """Delete questions older than ``days`` days; 0 keeps all. How many were deleted."""
    if days <= 0:
        return 0
    deleted = await db.change("DELETE FROM questions WHERE created_at < ?", (cutoff(days, now),))
    if deleted:
        await db.checkpoint()
    return deleted


async def purge_inbox(db: Database, days: float, now: datetime | None = None) -> int:
    """Forget inbox rows done more than ``days`` days ago; how many were removed."""
    return await db.change(
        "DELETE FROM inbox WHERE done_at IS NOT NULL AND done_at < ?", (cutoff(days, now),)
    )
