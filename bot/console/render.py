"""The console's replies as plain text: what Telegram shows as buttons becomes a numbered list.

Every reply that offers entries (did you mean, related topics, the topic of a "not stated",
the start topics after a decline, /start, /pillars) returns them as a :class:`Menu`, so the
member can type a number to read one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot import texts
from bot.answer import Answer, Language
from bot.curation.sources import citation
from bot.knowledge import FAQ, Entry

MAX_DECLINED_TOPICS = 4  # as many as Telegram offers under a decline


@dataclass(frozen=True)
class Menu:
    """Entries offered by number.

    Attributes:
        entries: what 1, 2, … stand for.
        none_of_these: whether 0 stands for "none of these" (after a "did you mean").
        language: the language the entries are shown in.
        question_id: the logged question a "none of these" marks (None: not logged).
    """

    entries: tuple[Entry, ...]
    none_of_these: bool = False
    language: Language = "th"
    question_id: str | None = None

    @property
    def first(self) -> int:
        return 0 if self.none_of_these else 1


@dataclass(frozen=True)
class Rendered:
    """A reply ready to print, the entries it offers and the entries whose source it shows."""

    text: str
    menu: Menu | None = None
    sources: tuple[Entry, ...] = ()


def numbered(entries: Sequence[Entry], language: Language, none_of_these: bool = False) -> str:
    """Entries as a numbered list (``0. ไม่ใช่ทั้งหมด`` last when ``none_of_these``)."""
    lines = [f"  {i}. {e.title_in(language)}" for i, e in enumerate(entries, 1)]
    if none_of_these:
        lines.append(f"  0. {texts.NONE_OF_THESE[language]}")
    return "\n".join(lines)


def entry_text(entry: Entry, language: Language) -> str:
    """An entry's title and answer."""
    return f"{entry.title_in(language)}\n\n{entry.answer_in(language)}"


def source_text(entry: Entry, language: Language) -> str:
    """The article sentence(s) an entry's answer rests on, under a header naming the entry.

    The one place the console shows a source: what a source holds (a document's title and
    date, its quote) is rendered here only.
    """
    quoted = citation(entry, language)
    return f"{texts.CONSOLE_SOURCE_HEADER[language]}\n{entry.title_in(language)}\n\n{quoted}"


def answered_entries(answer: Answer) -> tuple[Entry, ...]:
    """The entries that answered (each part's, in order, once each)."""
    seen: list[Entry] = []
    for part in answer.each_part:
        if part.entry is not None and part.outcome == "answered" and part.entry not in seen:
            seen.append(part.entry)
    return tuple(seen)


def offered_entries(answer: Answer) -> tuple[Entry, ...]:
    """What Telegram offers as buttons beside an answer: a "not stated" topic, related entries."""
    answered = answered_entries(answer)
    offered: list[Entry] = []
    for part in answer.each_part:
        topic = (part.entry,) if part.outcome == "not-stated" and part.entry else ()
        for entry in (*topic, *part.related):
            if entry not in offered and entry not in answered:
                offered.append(entry)
    return tuple(offered)


def render_answer(answer: Answer, faq: FAQ, question_id: str | None = None) -> Rendered:
    """The engine's answer as the console shows it.

    Args:
        answer: what the engine said.
        faq: the FAQ (its start topics are offered after a decline).
        question_id: the logged question, for "none of these" (None when not logging).
    """
    language = answer.language
    if answer.outcome == "suggested" and answer.suggestions:
        choices = Menu(answer.suggestions, True, language, question_id)
        return Rendered(f"{answer.text}\n{numbered(choices.entries, language, True)}", choices)
    sources = answered_entries(answer) + tuple(
        p.entry for p in answer.each_part if p.outcome == "not-stated" and p.entry
    )
    if answer.outcome == "declined" and not answer.parts:
        topics = tuple(e for e in (faq.get(i) for i in faq.start_topics) if e is not None)
        topics = topics[:MAX_DECLINED_TOPICS]
        if not topics:
            return Rendered(answer.text)
        listing = f"{texts.CONSOLE_TOPICS[language]}\n{numbered(topics, language)}"
        return Rendered(f"{answer.text}\n\n{listing}", Menu(topics, language=language))
    lines = [answer.text]
    offered = offered_entries(answer)
    if offered:
        lines.append(f"{texts.CONSOLE_SEE_ALSO[language]}\n{numbered(offered, language)}")
    if sources:
        lines.append(texts.CONSOLE_SOURCE_TIP[language])
    menu = Menu(offered, language=language) if offered else None
    return Rendered("\n\n".join(lines), menu, tuple(dict.fromkeys(sources)))


def render_sources(entries: Sequence[Entry], language: Language) -> str:
    """/source: the quote of each entry the last reply rests on."""
    if not entries:
        return texts.CONSOLE_NO_SOURCE[language]
    return "\n\n".join(source_text(entry, language) for entry in entries)
