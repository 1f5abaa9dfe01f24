"""Telegram rendering for members: HTML texts, 4096-character cuts, inline keyboards (the
reply to a question itself is :mod:`bot.telegram.replies`).

Everything that comes from a member or from the FAQ goes through :func:`esc`; texts from
:mod:`bot.texts` marked HTML are trusted. Callback data is short ASCII (see :mod:`callbacks`).
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.constants import MessageLimit

from bot import texts
from bot.curation.sources import citation
from bot.knowledge import FAQ, Entry, KnowledgeError
from bot.telegram import callbacks

MAX_TEXT = MessageLimit.MAX_TEXT_LENGTH  # 4096
ELLIPSIS = "…"
MAX_PROBLEMS_SHOWN = 15
BUTTONS_PER_ROW = 2
MAX_DECLINED_TOPICS = 4


@dataclass(frozen=True)
class Reply:
    """A message ready to send: HTML text and an optional inline keyboard."""

    text: str
    keyboard: InlineKeyboardMarkup | None = None


def esc(text: str) -> str:
    """Escape member- or FAQ-derived text for Telegram's HTML parse mode."""
    return html.escape(text, quote=False)


def tg_len(text: str) -> int:
    """The length Telegram counts: UTF-16 code units (an emoji outside the BMP counts two)."""
    return len(text.encode("utf-16-le")) // 2


def fit(head: str, body: str = "", tail: str = "", limit: int = MAX_TEXT) -> str:
    """``head + esc(body) + tail`` within ``limit``, cutting the plain ``body`` if need be.

    ``head`` and ``tail`` are HTML already; only ``body`` is cut, before escaping, so no entity
    or tag is ever split.
    """
    room = limit - tg_len(head) - tg_len(tail)
    escaped = esc(body)
    if tg_len(escaped) <= room:
        return head + escaped + tail
    if room <= len(ELLIPSIS):
        return (head + tail)[: max(limit, 0)]
    # The longest prefix of body that, escaped and with the ellipsis, fits: escaping grows text.
    low, high = 0, len(body)
    while low < high:
        mid = (low + high + 1) // 2
        if tg_len(esc(body[:mid])) + len(ELLIPSIS) <= room:
            low = mid
        else:
            high = mid - 1
    cut = low
    return head + esc(body[:cut].rstrip()) + ELLIPSIS + tail


def _rows(
    buttons: Sequence[InlineKeyboardButton], per_row: int
) -> list[list[InlineKeyboardButton]]:
    return [list(buttons[i : i + per_row]) for i in range(0, len(buttons), per_row)]


def topic_buttons(entries: Iterable[Entry], language: str) -> list[InlineKeyboardButton]:
    """One button per entry, showing it (as a new message) when pressed."""
    return [
        InlineKeyboardButton(e.title_in(language), callback_data=callbacks.topic(e.id, language))
        for e in entries
    ]


def entry_reply(entry: Entry, language: str, question_id: str | None = None) -> Reply:
    """An entry's answer; with 👍/👎 when it answers a logged question, always with the source."""
    text = fit(f"<b>{esc(entry.title_in(language))}</b>\n\n", entry.answer_in(language))
    row = []
    if question_id is not None:
        row += [
            InlineKeyboardButton(
                texts.BUTTON_UP, callback_data=callbacks.feedback("up", question_id)
            ),
            InlineKeyboardButton(
                texts.BUTTON_DOWN, callback_data=callbacks.feedback("down", question_id)
            ),
        ]
    row.append(
        InlineKeyboardButton(
            texts.BUTTON_SOURCE[language], callback_data=callbacks.source(entry.id, language)
        )
    )
    return Reply(text, InlineKeyboardMarkup([row]))


def welcome_reply(faq: FAQ) -> Reply:
    """/start: the welcome and a button per start topic."""
    topics = [e for e in (faq.get(i) for i in faq.start_topics) if e is not None]
    buttons = topic_buttons(topics, "th")
    keyboard = InlineKeyboardMarkup(_rows(buttons, BUTTONS_PER_ROW)) if buttons else None
    return Reply(texts.WELCOME, keyboard)


def pillars_reply(faq: FAQ) -> Reply:
    """/pillars: the five pillars as buttons, one per row (their titles are long)."""
    buttons = topic_buttons(faq.pillars, "th")
    return Reply(texts.PILLARS_INTRO, InlineKeyboardMarkup(_rows(buttons, 1)))


def source_reply(entry: Entry, language: str) -> Reply:
    """The article sentence an entry's answer rests on."""
    head = f"{texts.SOURCE_HEADER[language]}\n<b>{esc(entry.title_in(language))}</b>\n\n<i>"
    return Reply(fit(head, citation(entry, language), "</i>"))


def noted_reply(language: str) -> Reply:
    """After "none of these": thanks, the question goes to the admins."""
    return Reply(texts.NOTED_UNANSWERED[language])


def group_help(bot_username: str) -> Reply:
    """/help in a group."""
    return Reply(texts.GROUP_HELP.format(bot=esc(f"@{bot_username}")))


def forgotten_reply(count: int) -> Reply:
    """/forgetme done."""
    return Reply(texts.FORGOTTEN.format(count=count))


def with_problems(template: str, exc: KnowledgeError, limit: int = MAX_TEXT, **values: str) -> str:
    """An admin text ending in ``{problems}``, filled with ``exc``'s problems, escaped and cut.

    ``values`` fill the template's other fields, escaped.
    """
    lines = [f"• {p}" for p in exc.problems[:MAX_PROBLEMS_SHOWN]]
    if len(exc.problems) > MAX_PROBLEMS_SHOWN:
        lines.append(f"… +{len(exc.problems) - MAX_PROBLEMS_SHOWN}")
    head = template.format(problems="", **{k: esc(v) for k, v in values.items()})
    return fit(head, "\n".join(lines), limit=limit)
