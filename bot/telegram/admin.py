"""Admins' handlers: /review with its buttons, /stats, /export, /reload.

Every handler first checks the sender is in ADMIN_IDS; anyone else gets a polite refusal and
nothing of the log. The work is done by the question log, ``faq_edit`` and the live engine.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime

from telegram import CallbackQuery, Message, Update

from bot import texts
from bot.faq_edit import add_phrasing
from bot.knowledge import KnowledgeError
from bot.numbers import NumberError, parse_int
from bot.store import LoggedQuestion, ReviewStatus
from bot.telegram import admin_views, callbacks
from bot.telegram.admin_views import THAI_TIME
from bot.telegram.context import BotContext
from bot.telegram.errors import describe
from bot.telegram.formatting import Reply, esc, fit, with_problems
from bot.telegram.handlers import edit, reply

log = logging.getLogger(__name__)

DEFAULT_STATS_DAYS = 7
MAX_STATS_DAYS = 3650  # ten years: longer than anything is kept
MAX_OFFSET = 1_000_000  # of a page of the review queue or of the entry list, in button data
PROBLEMS_CHARS = 2000  # beside a review item (at most 1500 characters of question)


async def is_admin(update: Update, context: BotContext) -> bool:
    """Whether the sender is an admin; refuses politely when not."""
    user = update.effective_user
    if context.services.is_admin(user.id if user else None):
        return True
    log.info("Refused an admin action to a member (%s)", describe(update))
    if update.callback_query is not None:
        await update.callback_query.answer(texts.ADMIN_ONLY_CALLBACK)
    elif update.effective_message is not None:
        await reply(update.effective_message, Reply(texts.ADMIN_ONLY))
    return False


async def review(update: Update, context: BotContext) -> None:
    """List the questions waiting for review, newest first."""
    if update.effective_message is not None and await is_admin(update, context):
        await send_review_page(update.effective_message, context, 0)


async def send_review_page(message: Message, context: BotContext, offset: int) -> None:
    """Send one message per question of a page of the queue, then where the page sits."""
    store = context.services.store
    items = await store.review_queue(limit=admin_views.REVIEW_PAGE_SIZE, offset=offset)
    if not items:
        await reply(message, Reply(texts.REVIEW_EMPTY))
        return
    total = await store.review_count()
    faq = context.services.engine.faq
    for item in items:
        await reply(message, admin_views.review_item(item, faq))
    await reply(message, admin_views.review_footer(offset, len(items), total))


async def stats(update: Update, context: BotContext) -> None:
    """Show the numbers of the last days (``/stats 30`` for thirty)."""
    if update.effective_message is None or not await is_admin(update, context):
        return
    days = DEFAULT_STATS_DAYS
    if context.args:
        try:
            days = parse_int(context.args[0], name="days", minimum=1, maximum=MAX_STATS_DAYS)
        except NumberError:
            await reply(update.effective_message, Reply(texts.STATS_USAGE))
            return
    numbers = await context.services.store.stats(days)
    text = admin_views.stats_text(numbers, context.services.engine.faq)
    await reply(update.effective_message, Reply(text))


async def export(update: Update, context: BotContext) -> None:
    """Send the whole question log as a CSV document."""
    message = update.effective_message
    if message is None or not await is_admin(update, context):
        return
    store = context.services.store
    await store.flush()  # include the questions asked a moment ago
    data = await store.export_csv()
    filename = f"questions-{datetime.now(THAI_TIME):%Y%m%d}.csv"
    await message.reply_document(data, filename=filename, caption=texts.EXPORT_CAPTION)


async def reload(update: Update, context: BotContext) -> None:
    """Re-read the FAQ file; say how many entries, or what is wrong with it."""
    if update.effective_message is None or not await is_admin(update, context):
        return
    try:
        engine = await context.services.live.reload()
    except KnowledgeError as exc:
        await reply(update.effective_message, Reply(with_problems(texts.RELOAD_FAILED, exc)))
        return
    await reply(update.effective_message, Reply(texts.RELOAD_OK.format(count=len(engine.faq))))


async def review_button(update: Update, context: BotContext) -> None:
    """Handle a review button: next page, assign (choose, list, pick), resolve, ignore, back."""
    query = update.callback_query
    if query is None or not await is_admin(update, context):
        return
    data = callbacks.parse(query.data)
    action, question_id = data.field(0), data.field(1)
    services = context.services
    if action == "p":
        offset = button_number(question_id)
        if offset is None:
            await query.answer(texts.STALE_BUTTON)
            return
        await query.answer()
        if isinstance(query.message, Message):
            await send_review_page(query.message, context, offset)
        return
    item = await services.store.get(question_id)
    faq = services.engine.faq
    if item is None:
        await query.answer(texts.REVIEW_GONE)
        return
    if action == "a":
        candidates = services.live.ask(item.text).candidates
        await query.answer()
        await edit(query, admin_views.assign_choices(item, faq, candidates))
    elif action == "l":
        page = button_number(data.field(2))
        if page is None:
            await query.answer(texts.STALE_BUTTON)
            return
        await query.answer()
        await edit(query, admin_views.entry_picker(item, faq, page))
    elif action == "b":
        await query.answer()
        await edit(query, admin_views.review_item(item, faq))
    elif action in ("r", "i"):
        status: ReviewStatus = "resolved" if action == "r" else "ignored"
        await services.store.set_review_status(item.id, status)
        await query.answer()
        await edit(query, Reply(admin_views.review_text(item, faq, texts.REVIEW_STATUS[status])))
    elif action == "s":
        await assign(query, context, item, data.field(2))
    else:
        await query.answer(texts.STALE_BUTTON)


def button_number(field: str) -> int | None:
    """A page or offset carried by a review button, or None when it is not one (a forged button)."""
    try:
        return parse_int(field, name="offset", minimum=0, maximum=MAX_OFFSET)
    except NumberError:
        return None


async def assign(
    query: CallbackQuery, context: BotContext, item: LoggedQuestion, entry_id: str
) -> None:
    """Add the question as a phrasing of an entry, mark it assigned and reload the FAQ."""
    services = context.services
    faq = services.engine.faq
    entry = faq.get(entry_id)
    if entry is None:
        await query.answer(texts.STALE_BUTTON)
        return
    await query.answer()
    try:
        # Reads, validates and rewrites the YAML file: keep it off the event loop.
        await asyncio.to_thread(add_phrasing, services.settings.faq_path, entry.id, item.text)
    except KnowledgeError as exc:
        status = with_problems(texts.ASSIGN_FAILED, exc, limit=PROBLEMS_CHARS)
        await edit(query, Reply(admin_views.review_text(item, faq, status)))
        return
    except ValueError as exc:
        status = texts.ASSIGN_FAILED.format(problems=fit("", str(exc), limit=PROBLEMS_CHARS))
        await edit(query, Reply(admin_views.review_text(item, faq, status)))
        return
    await services.store.set_review_status(item.id, "assigned", assigned_id=entry.id)
    try:
        engine = await services.live.reload()
    except KnowledgeError as exc:
        status = with_problems(texts.RELOAD_FAILED, exc, limit=PROBLEMS_CHARS)
        await edit(query, Reply(admin_views.review_text(item, faq, status)))
        return
    status = texts.REVIEW_STATUS["assigned"].format(title=esc(entry.title), count=len(engine.faq))
    await edit(query, Reply(admin_views.review_text(item, engine.faq, status)))
