"""The one global error handler: log the traceback, tell admins briefly, show members nothing.

Failures to deliver are not bugs and are not treated as such: a reply Telegram asked to wait
for (429) or could not take (the Bot API out of reach) marks the update to be handled again
later (:func:`delivery.retry_later`); a send whose answer timed out is taken as sent (it may
well have arrived); a member who blocked the bot is noted. Each is one line, no traceback; the
outage itself is logged by :class:`~bot.telegram.outage.ApiHealth`.
"""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import Forbidden, TelegramError, TimedOut

from bot import texts
from bot.telegram import delivery
from bot.telegram.context import BotContext
from bot.telegram.formatting import esc, fit

log = logging.getLogger(__name__)

DETAIL_CHARS = 300


async def on_error(update: object, context: BotContext) -> None:
    """Log the failure, tell the admins (rate-limited) and apologise to the member."""
    error = context.error
    if error is not None and not_a_bug(update, error):
        return
    log.error("Handling %s failed", describe(update), exc_info=error)
    if error is None:
        return
    services = context.services
    what = type(error).__name__
    detail = str(error)
    if services.settings.token:
        detail = detail.replace(services.settings.token, "<token>")
    notice = texts.ADMIN_ERROR.format(what=esc(what), detail=fit("", detail, limit=DETAIL_CHARS))
    await services.notifier.notify(notice, key=f"error:{what}")
    if isinstance(update, Update):
        await apologise(update)


def not_a_bug(update: object, error: BaseException) -> bool:
    """Whether ``error`` is a delivery failure, dealt with here in one line (see the module)."""
    if not isinstance(update, Update):
        return False
    if delivery.retry_later(error):
        log.info("%s: could not reply now (%s); it is tried again later", describe(update), error)
        return True
    if isinstance(error, TimedOut):
        log.warning("%s: a reply timed out; not sent again (it may have arrived)", describe(update))
        return True
    if isinstance(error, Forbidden):
        log.info("%s: Telegram refused the reply (%s)", describe(update), error.message)
        return True
    return False


async def apologise(update: Update) -> None:
    """Tell the member something went wrong, in as few words as possible; never raises."""
    try:
        if update.callback_query is not None:
            await update.callback_query.answer(texts.APOLOGY_CALLBACK)
        elif update.effective_chat is not None:
            await update.effective_chat.send_message(texts.APOLOGY)
    except TelegramError as exc:
        # Often the very failure being reported (the Bot API is down), or an answered query.
        log.warning("Could not apologise for %s: %s", describe(update), exc)


def describe(update: object) -> str:
    """An update in a few words for the log, without the member's text."""
    if not isinstance(update, Update):
        return repr(update) if update is not None else "a job"
    kind = "callback query" if update.callback_query else "message"
    chat = update.effective_chat.type if update.effective_chat else "no chat"
    return f"update {update.update_id} ({kind}, {chat})"
