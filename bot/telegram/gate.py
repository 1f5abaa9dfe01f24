"""The one flood guard that every update making the bot send passes, whatever its kind.

Commands, questions, buttons, stickers, group ``/ask`` and messages without a sender (an
anonymous group admin, a channel) all count against the same per-member limit: a member who
sends two hundred ``/start`` gets the limit, one polite note, and then silence, so the
bot's sends (and Telegram's flood limits) stay for everyone else. Admins are not limited.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable

from telegram import Update

from bot import texts
from bot.telegram import delivery
from bot.telegram.context import BotContext
from bot.telegram.flood import Verdict

Handler = Callable[[Update, BotContext], Awaitable[None]]


def guarded(callback: Handler) -> Handler:
    """``callback``, run only for an update the flood guard lets through."""

    @functools.wraps(callback)
    async def wrapper(update: Update, context: BotContext) -> None:
        if await admit(update, context):
            await callback(update, context)

    return wrapper


async def admit(update: Update, context: BotContext) -> bool:
    """Whether to answer the update's sender now; sends the one note when they go over."""
    services = context.services
    sender = sender_of(update)
    if sender is None or (sender[0] == "user" and services.is_admin(sender[1])):
        return True
    verdict = services.flood.check(sender, now=delivery.sent_at())
    if verdict is Verdict.WARN:
        await polite_note(update)
    return verdict is Verdict.ALLOW


def sender_of(update: Update) -> tuple[str, int] | None:
    """Who the flood guard counts an update against.

    A message sent on behalf of a chat (an anonymous group admin, a channel) counts against
    that chat: Telegram gives all of them one made-up sender user. Else the member.
    """
    message = update.effective_message
    if message is not None and message.sender_chat is not None:
        return ("chat", message.sender_chat.id)
    if update.effective_user is not None:
        return ("user", update.effective_user.id)
    if update.effective_chat is not None:
        return ("chat", update.effective_chat.id)
    return None


async def polite_note(update: Update) -> None:
    """Tell the member, once, that they send too fast: as a button's answer or a reply."""
    if update.callback_query is not None:
        await update.callback_query.answer(texts.FLOOD_BUTTON)
    elif update.effective_message is not None:
        await update.effective_message.reply_html(texts.FLOOD, do_quote=True)
