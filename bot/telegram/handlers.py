"""Members' handlers: commands, questions in private chats and groups, and the answer buttons.

Each handler reads the update, asks the services, renders with :mod:`formatting` and replies.
The flood guard is applied where the handlers are wired (:func:`bot.telegram.gate.guarded`),
except for group chatter, which only counts once it is addressed to the bot.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from telegram import Bot, CallbackQuery, Message, Update
from telegram.error import BadRequest

from bot import texts
from bot.knowledge import Entry
from bot.store import Feedback
from bot.telegram import callbacks, delivery, formatting, gate, replies
from bot.telegram.context import BotContext
from bot.telegram.formatting import Reply
from bot.telegram.sending import ReplyBot

if TYPE_CHECKING:
    from bot.telegram.services import Services

OVERVIEW_ID = "overview"


async def reply(message: Message, answer: Reply, *, quote: bool = False) -> None:
    """Send ``answer`` to the message's chat, as a reply to it when ``quote``."""
    bot = message.get_bot()
    if isinstance(bot, ReplyBot):  # always, in the bot: Telegram's answer is not parsed
        await bot.send_reply(message, answer.text, answer.keyboard, quote=quote)
    else:
        await message.reply_html(answer.text, reply_markup=answer.keyboard, do_quote=quote)


async def edit(query: CallbackQuery, answer: Reply) -> None:
    """Replace the pressed message with ``answer``; a second press changing nothing is fine."""
    try:
        await query.edit_message_text(answer.text, reply_markup=answer.keyboard)
    except BadRequest as exc:
        if "not modified" not in exc.message.lower():
            raise


# --- Commands


async def start(update: Update, context: BotContext) -> None:
    """Greet the member, offer the common topics, and forget the chat's last topic."""
    if update.effective_message:
        context.services.conversations.forget(conversation_key(update.effective_message))
        await reply(update.effective_message, formatting.welcome_reply(context.services.engine.faq))


async def help_private(update: Update, context: BotContext) -> None:
    """Explain how to use the bot in a private chat."""
    if update.effective_message:
        await reply(update.effective_message, Reply(texts.HELP))


async def help_group(update: Update, context: BotContext) -> None:
    """Explain how to ask the bot in a group."""
    if update.effective_message:
        await reply(
            update.effective_message, formatting.group_help(context.bot.username), quote=True
        )


async def pillars(update: Update, context: BotContext) -> None:
    """Show the five pillars as buttons."""
    if update.effective_message:
        await reply(update.effective_message, formatting.pillars_reply(context.services.engine.faq))


async def about(update: Update, context: BotContext) -> None:
    """Show the partnership in brief (the FAQ's overview entry)."""
    if update.effective_message is None:
        return
    entry = context.services.engine.faq.get(OVERVIEW_ID)
    answer = formatting.entry_reply(entry, "th") if entry else Reply(texts.ABOUT_MISSING)
    await reply(update.effective_message, answer)


async def forget_me(update: Update, context: BotContext) -> None:
    """Delete the member's logged questions and say how many."""
    if update.effective_message is None or update.effective_user is None:
        return
    services = context.services
    count = await services.store.forget_user(services.user_key(update.effective_user.id))
    await reply(update.effective_message, formatting.forgotten_reply(count))


async def unknown_command(update: Update, context: BotContext) -> None:
    """Point a member who typed an unknown command to /help."""
    if update.effective_message:
        await reply(update.effective_message, Reply(texts.UNKNOWN_COMMAND))


# --- Questions


async def ask_private(update: Update, context: BotContext) -> None:
    """Answer a question typed in a private chat."""
    message = update.effective_message
    if message is not None and message.text is not None:
        await answer_question(message, message.text, context)


async def ask_command(update: Update, context: BotContext) -> None:
    """Answer ``/ask <question>`` (groups and private chats)."""
    message = update.effective_message
    if message is None or message.text is None:
        return
    question = command_argument(message.text)
    if not question.strip():
        await reply(message, Reply(texts.ASK_USAGE), quote=True)
        return
    await answer_question(message, question, context)


async def ask_group(update: Update, context: BotContext) -> None:
    """Answer a group message addressed to the bot; ignore all other chatter."""
    message = update.effective_message
    if message is None or message.text is None:
        return
    question = addressed_question(message, context.bot.id, context.bot.username)
    if question is not None and await gate.admit(update, context):
        await answer_question(message, question, context)


async def non_text(update: Update, context: BotContext) -> None:
    """Tell the member the bot reads text only."""
    if update.effective_message is not None:
        await reply(update.effective_message, Reply(texts.NON_TEXT))


async def answer_question(message: Message, question: str, context: BotContext) -> None:
    """Answer one question, read against the chat's last topic, with one reply; log it."""
    services = context.services
    if not has_words(question):
        await reply(message, Reply(texts.EMPTY_QUESTION), quote=True)
        return
    chat = conversation_key(message)
    answer = services.ask(question, chat)
    # The id was fixed when the update was received, and the row is logged before replying:
    # a question handled again (its reply failed, or the bot was killed) is still logged once.
    question_id = delivery.question_id()
    services.record(question_id, answer, message.chat.type, sender_id(message), delivery.sent_at())
    await reply(message, replies.answer_reply(answer, question_id, services.engine.faq), quote=True)
    # Only once the reply is sent: a question handled again is read in the same context.
    services.remember(chat, answer)


def conversation_key(message: Message) -> tuple[int, int | None]:
    """Whose follow-ups a message continues: its chat, and its forum topic in a group.

    Only a forum topic counts: outside one, a reply may carry the thread of the message it
    answers, and a follow-up in a group is often a reply to the bot.
    """
    thread = message.message_thread_id if message.is_topic_message else None
    return (message.chat.id, thread)


def sender_id(message: Message) -> int:
    """Whose question it is: the chat it was sent on behalf of (an anonymous admin, a channel;
    Telegram gives them all one made-up user), else the member, else the chat."""
    if message.sender_chat is not None:
        return message.sender_chat.id
    if message.from_user is not None:
        return message.from_user.id
    return message.chat.id


def command_argument(text: str) -> str:
    """What follows the command of ``/cmd argument`` (keeping the argument's line breaks)."""
    parts = text.split(maxsplit=1)
    return parts[1] if len(parts) > 1 else ""


def question_in(message: Message, bot_id: int, bot_username: str) -> str | None:
    """The question a message asks the bot, as the handlers would read it; None if none.

    For an update that waited too long to be answered, whose question is only logged.
    """
    text = message.text
    if text is None:
        return None
    command = text.split(maxsplit=1)[0] if text.startswith("/") else ""
    if command:
        name, _, target = command[1:].partition("@")
        mine = not target or target.lower() == bot_username.lower()
        return command_argument(text) if name.lower() == "ask" and mine else None
    if message.chat.type == "private":
        return text
    return addressed_question(message, bot_id, bot_username)


def log_expired(update: Update, handled: delivery.Delivery, services: Services, bot: Bot) -> None:
    """Log the question of an update that waited too long to be answered; it gets no reply."""
    message = update.effective_message
    if message is None:
        return
    question = question_in(message, bot.id, bot.username)
    if question is not None and has_words(question):
        services.record_expired(
            handled.question_id, question, message.chat.type, sender_id(message), handled.sent_at
        )


def has_words(text: str) -> bool:
    """Whether a text has a letter or digit at all (not only spaces, emoji, symbols, controls)."""
    return any(ch.isalnum() for ch in text)


def addressed_question(message: Message, bot_id: int, bot_username: str) -> str | None:
    """The question in a group message meant for the bot, or None for chatter.

    Meant for the bot: a reply to one of its messages, or a text mentioning @bot_username
    (the mention is taken out before matching).
    """
    text = message.text or ""
    mention = re.compile(rf"(?<!\w)@{re.escape(bot_username)}(?!\w)", re.IGNORECASE)
    replied = message.reply_to_message
    to_bot = (
        replied is not None and replied.from_user is not None and replied.from_user.id == bot_id
    )
    if not to_bot and not mention.search(text):
        return None
    return mention.sub(" ", text).strip()


# --- Buttons


async def pressed_entry(update: Update, context: BotContext) -> tuple[Message, Entry, str] | None:
    """The message, entry and language of a pressed ``<kind>:<lang>:<entry-id>`` button.

    Answers the press: silently when it is good, with a "stale button" note when the entry
    or the message is gone (then returns None).
    """
    query = update.callback_query
    if query is None:
        return None
    data = callbacks.parse(query.data)
    entry = context.services.engine.faq.get(data.field(1))
    if entry is None or not isinstance(query.message, Message):
        await query.answer(texts.STALE_BUTTON)
        return None
    await query.answer()
    return query.message, entry, data.language(0)


async def show_topic(update: Update, context: BotContext) -> None:
    """Show a topic or pillar chosen from a menu, as a new message."""
    pressed = await pressed_entry(update, context)
    if pressed is not None:
        message, entry, language = pressed
        await reply(message, formatting.entry_reply(entry, language))


async def choose_suggestion(update: Update, context: BotContext) -> None:
    """Turn the "did you mean" message into the chosen entry's answer."""
    query = update.callback_query
    if query is None:
        return
    data = callbacks.parse(query.data)
    entry = context.services.engine.faq.get(data.field(1))
    if entry is None or not data.field(2):
        await query.answer(texts.STALE_BUTTON)
        return
    await query.answer()
    await edit(query, formatting.entry_reply(entry, data.language(0), data.field(2)))


async def none_of_these(update: Update, context: BotContext) -> None:
    """Log the question as unanswered and thank the member."""
    query = update.callback_query
    if query is None:
        return
    if not pressed_by_asker(query):
        await query.answer(texts.FOR_THE_ASKER)
        return
    data = callbacks.parse(query.data)
    services = context.services
    services.store.mark_unanswered(data.field(1), services.user_key(query.from_user.id))
    await query.answer()
    await edit(query, formatting.noted_reply(data.language(0)))


async def feedback(update: Update, context: BotContext) -> None:
    """Record 👍/👎 on the member's own question and thank them."""
    query = update.callback_query
    if query is None:
        return
    data = callbacks.parse(query.data)
    vote: Feedback | None = data.vote(0)
    if vote is None:
        await query.answer(texts.STALE_BUTTON)
        return
    if not pressed_by_asker(query):
        await query.answer(texts.FOR_THE_ASKER)
        return
    services = context.services
    services.store.set_feedback(data.field(1), services.user_key(query.from_user.id), vote)
    await query.answer(texts.FEEDBACK_THANKS[vote])


def pressed_by_asker(query: CallbackQuery) -> bool:
    """Whether the button's message answers a question of the one pressing (True if unknown).

    The question log also ignores anyone else's feedback; this only lets the bot say so.
    """
    message = query.message
    if not isinstance(message, Message) or message.reply_to_message is None:
        return True
    asker = message.reply_to_message.from_user
    return asker is None or asker.id == query.from_user.id


async def show_source(update: Update, context: BotContext) -> None:
    """Show the article sentence an answer rests on, as a reply to the answer."""
    pressed = await pressed_entry(update, context)
    if pressed is not None:
        message, entry, language = pressed
        await reply(message, formatting.source_reply(entry, language), quote=True)


async def stale_button(update: Update, context: BotContext) -> None:
    """Answer a press of a button this version of the bot does not know."""
    if update.callback_query is not None:
        await update.callback_query.answer(texts.STALE_BUTTON)
