"""The reply to a member's question, rendered for Telegram from the engine's :class:`Answer`.

One message whatever was asked: a verdict first when the question was a yes/no check; each part
of a message that asked several things, in order, with a source button per answered part; "not
stated" naming its topic, with that topic's entry one button away (never its whole text here);
the entries that also fit, as buttons. Texts come from :mod:`bot.texts`; everything from a
member or the FAQ is escaped, and the message is cut to Telegram's 4096 characters part by part.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot import texts
from bot.answer import Answer
from bot.knowledge import FAQ, Entry
from bot.telegram import callbacks
from bot.telegram.formatting import (
    BUTTONS_PER_ROW,
    MAX_DECLINED_TOPICS,
    MAX_TEXT,
    Reply,
    esc,
    fit,
    tg_len,
    topic_buttons,
)

MAX_RELATED = 4  # entries offered beside an answer
MAX_PART_SUGGESTIONS = 2  # topics offered for a part that came close to several
BUTTON_TITLE_CHARS = 48  # of an entry title on a button (the message itself names it whole)
PART_SEPARATOR = "\n\n"


@dataclass(frozen=True)
class Section:
    """A piece of the reply: ``head`` is HTML already, ``body`` plain text (escaped, and cut
    when the message is too long)."""

    head: str
    body: str


def answer_reply(answer: Answer, question_id: str, faq: FAQ) -> Reply:
    """The one reply to a member's question, whatever the engine's outcome."""
    if answer.parts:
        return parts_reply(answer, question_id)
    if answer.outcome in ("answered", "not-stated") and answer.entry is not None:
        text = fit_sections([section(answer, title_gap="\n\n")])
        return Reply(text, InlineKeyboardMarkup(answer_rows(answer, question_id)))
    if answer.outcome == "suggested" and answer.suggestions:
        return suggested_reply(answer, question_id)
    return declined_reply(answer, faq)


def section(part: Answer, *, title_gap: str) -> Section:
    """How one answer (or part) reads: the verdict in bold first, or the entry's title in bold
    over an answer, or the plain text of "not stated", of a decline, of a suggestion."""
    language = part.language
    if part.outcome in ("declined", "suggested"):  # a part of a message (never a whole one)
        template = texts.PART_DECLINED if part.outcome == "declined" else texts.PART_SUGGESTED
        return Section("", template[language].format(part=" ".join(part.question.split())))
    if part.verdict is not None:
        label = texts.verdict_label(part.verdict.value, language, denied=part.verdict.denied)
        if part.text.startswith(label):
            return Section(f"<b>{esc(label)}</b>", part.text[len(label) :])
    if part.outcome == "answered" and part.entry is not None:
        return Section(f"<b>{esc(part.entry.title_in(language))}</b>{title_gap}", part.text)
    return Section("", part.text)


def parts_reply(answer: Answer, question_id: str) -> Reply:
    """A message that asked several things: every part in order, in one message."""
    text = fit_sections([section(part, title_gap="\n") for part in answer.parts])
    return Reply(text, InlineKeyboardMarkup(answer_rows(answer, question_id)))


def answer_rows(answer: Answer, question_id: str) -> list[list[InlineKeyboardButton]]:
    """The buttons under an answer: 👍/👎 (with the source beside them for a single answer),
    a source per answered part, the topic of each "not stated", the entries that also fit."""
    language = answer.language
    votes = [
        InlineKeyboardButton(texts.BUTTON_UP, callback_data=callbacks.feedback("up", question_id)),
        InlineKeyboardButton(
            texts.BUTTON_DOWN, callback_data=callbacks.feedback("down", question_id)
        ),
    ]
    if not answer.parts and answer.outcome == "answered" and answer.entry is not None:
        source = texts.BUTTON_SOURCE[language]
        votes.append(_button(source, callbacks.source(answer.entry.id, language)))
        rows = [votes]
    else:
        rows = [votes] + [[button] for button in part_buttons(answer)]
    shown = {answer.entry.id} if answer.entry is not None else set()
    shown |= {part.entry.id for part in answer.parts if part.entry is not None}
    related = [e for e in related_entries(answer) if e.id not in shown][:MAX_RELATED]
    rows += [[_topic(entry, language, texts.BUTTON_RELATED)] for entry in related]
    return rows


def part_buttons(answer: Answer) -> list[InlineKeyboardButton]:
    """One button per part (or for the answer itself): the source of an answered part, the
    topic entry of a "not stated" one, the close topics of one that was not sure."""
    language = answer.language
    buttons: list[InlineKeyboardButton] = []
    offered: set[str] = set()
    for part in answer.each_part:
        if part.entry is not None and part.outcome == "answered":
            label = texts.BUTTON_PART_SOURCE[language].format(title=_short(part.entry, language))
            buttons.append(_button(label, callbacks.source(part.entry.id, language)))
        elif part.entry is not None and part.outcome == "not-stated":
            if part.entry.id not in offered:
                buttons.append(_topic(part.entry, language, texts.BUTTON_TOPIC))
        elif part.outcome == "suggested":
            for entry in part.suggestions[:MAX_PART_SUGGESTIONS]:
                if entry.id not in offered:
                    buttons.append(_topic(entry, language, texts.BUTTON_TOPIC))
                offered.add(entry.id)
        if part.entry is not None:
            offered.add(part.entry.id)
    return buttons


def related_entries(answer: Answer) -> list[Entry]:
    """The entries that also fit the answer or any of its parts, each once, in order."""
    seen: dict[str, Entry] = {}
    for part in (answer, *answer.parts):
        for entry in part.related:
            seen.setdefault(entry.id, entry)
    return list(seen.values())


def suggested_reply(answer: Answer, question_id: str) -> Reply:
    """ "Did you mean": the close entries, and "none of these"."""
    language = answer.language
    rows = [
        [_button(e.title_in(language), callbacks.did_you_mean(e.id, language, question_id))]
        for e in answer.suggestions[:3]
    ]
    rows.append(
        [_button(texts.BUTTON_NONE[language], callbacks.none_of_these(language, question_id))]
    )
    return Reply(fit("", answer.text), InlineKeyboardMarkup(rows))


def declined_reply(answer: Answer, faq: FAQ) -> Reply:
    """A decline, with the FAQ's start topics as buttons."""
    topics = [e for e in (faq.get(i) for i in faq.start_topics) if e is not None]
    buttons = topic_buttons(topics[:MAX_DECLINED_TOPICS], answer.language)
    rows = [buttons[i : i + BUTTONS_PER_ROW] for i in range(0, len(buttons), BUTTONS_PER_ROW)]
    return Reply(fit("", answer.text), InlineKeyboardMarkup(rows) if rows else None)


def fit_sections(
    sections: Sequence[Section], separator: str = PART_SEPARATOR, limit: int = MAX_TEXT
) -> str:
    """The sections joined, within ``limit``: when too long, the longest bodies are cut first,
    so every section keeps its head and a fair share of the room (water-filling)."""
    fixed = sum(tg_len(s.head) for s in sections) + tg_len(separator) * (len(sections) - 1)
    needs = [tg_len(esc(s.body)) for s in sections]
    room = limit - fixed
    if room < len(sections) * 2:  # heads alone would not fit: say what fits of it all
        return fit("", separator.join(s.head + s.body for s in sections), limit=limit)
    shares = dict.fromkeys(range(len(sections)), 0)
    left = sorted(range(len(sections)), key=lambda i: needs[i])
    while left:
        share = room // len(left)
        index = left.pop(0)
        shares[index] = min(needs[index], share)
        room -= shares[index]
    pieces = [fit(s.head, s.body, limit=tg_len(s.head) + shares[i]) for i, s in enumerate(sections)]
    return separator.join(pieces)


def _short(entry: Entry, language: str) -> str:
    title = entry.title_in(language)
    return title if len(title) <= BUTTON_TITLE_CHARS else title[: BUTTON_TITLE_CHARS - 1] + "…"


def _topic(entry: Entry, language: str, labels: dict[str, str]) -> InlineKeyboardButton:
    label = labels[language].format(title=_short(entry, language))
    return _button(label, callbacks.topic(entry.id, language))


def _button(label: str, data: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=data)
