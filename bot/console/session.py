"""One console chat: the commands, the numbered choices, follow-ups in context and the log.

:class:`ChatSession` takes one line the member typed and returns what to print; it knows
nothing of the terminal (:mod:`bot.console.shell` reads and prints), so tests drive it directly.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from bot import texts
from bot.answer import Answer, Context, Language
from bot.console.questionlog import ConsoleLog
from bot.console.render import (
    Menu,
    Rendered,
    entry_text,
    numbered,
    render_answer,
    render_sources,
)
from bot.conversation import Conversations
from bot.engine import Engine
from bot.knowledge import Entry
from bot.nlp.normalize import MAX_QUESTION_CHARS, detect_language
from bot.numbers import NumberError, parse_int

OVERVIEW_ID = "overview"  # /about, as in Telegram
SESSION = "console"  # the one chat of a console session, for the follow-ups' memory
QUIT_WORDS = frozenset({"/quit", "/exit", "quit", "exit"})
NUMBER_SIGNS = frozenset("+-_.,")


@dataclass(frozen=True)
class Said:
    """What the bot prints for one line, and in which language its label is."""

    text: str
    language: Language


def looks_like_number(text: str) -> bool:
    """Whether a message is meant as a number (digits of any script, ², signs), so a wrong one
    gets a hint rather than being asked as a question.

    >>> looks_like_number("๒"), looks_like_number("2 ด้าน")
    (True, False)
    """
    stripped = text.strip()
    return any(unicodedata.category(ch).startswith("N") for ch in stripped) and all(
        unicodedata.category(ch).startswith("N") or ch in NUMBER_SIGNS for ch in stripped
    )


class ChatSession:
    """The state of one console chat.

    Args:
        engine: answers the questions.
        log: where questions go (``chat --log``), or None.
        conversations: the follow-ups' memory (tests pass one with their own clock).
    """

    def __init__(
        self,
        engine: Engine,
        log: ConsoleLog | None = None,
        conversations: Conversations | None = None,
    ) -> None:
        self.engine = engine
        self.log = log
        self.conversations = conversations or Conversations(capacity=1)
        self.language: Language = "th"
        self.menu: Menu | None = None
        self.sources: tuple[Entry, ...] = ()
        self.commands: dict[str, Callable[[], str]] = {
            "/start": self.start,
            "/help": lambda: texts.CONSOLE_HELP,
            "/pillars": self.pillars,
            "/about": self.about,
            "/source": lambda: render_sources(self.sources, self.language),
        }

    def handle(self, line: str) -> Said | None:
        """What to print for one typed line; None for an empty line.

        Raises:
            EOFError: the member asked to leave (/quit).
        """
        text = line.strip()
        if not text:
            return None
        if text.lower() in QUIT_WORDS:
            raise EOFError
        if text.startswith("/"):
            return Said(self.command(text), self.language)
        if self.menu is not None and looks_like_number(text):
            return Said(self.pick(text, self.menu), self.language)
        return self.ask(line)

    def command(self, text: str) -> str:
        """Run a /command (``/help``, ``/start@bot``, …)."""
        name = text.split(maxsplit=1)[0].partition("@")[0].lower()
        run = self.commands.get(name)
        return run() if run is not None else texts.CONSOLE_UNKNOWN_COMMAND

    def start(self) -> str:
        """/start: the welcome and the start topics, numbered; the chat's topic is forgotten."""
        self.conversations.forget(SESSION)
        faq = self.engine.faq
        topics = tuple(e for e in (faq.get(i) for i in faq.start_topics) if e is not None)
        self.menu = Menu(topics, language=self.language) if topics else None
        return f"{texts.CONSOLE_START}\n{numbered(topics, self.language)}".rstrip()

    def pillars(self) -> str:
        """/pillars: the pillars, numbered."""
        pillars = self.engine.faq.pillars
        self.menu = Menu(pillars, language=self.language) if pillars else None
        return f"{texts.CONSOLE_PILLARS_INTRO}\n{numbered(pillars, self.language)}"

    def about(self) -> str:
        """/about: the overview entry."""
        entry = self.engine.faq.get(OVERVIEW_ID)
        if entry is None:
            return texts.ABOUT_MISSING.replace("<i>", "").replace("</i>", "")
        return self.show(entry, self.language)

    def pick(self, text: str, menu: Menu) -> str:
        """A number typed while entries are listed: that entry, "none of these", or a hint."""
        last = len(menu.entries)
        try:
            choice = parse_int(text, name="the topic", minimum=menu.first, maximum=last)
        except NumberError:
            return texts.CONSOLE_PICK_HINT[self.language].format(first=menu.first, last=last)
        self.menu = None
        if choice == 0:
            if self.log is not None and menu.question_id is not None:
                self.log.mark_unanswered(menu.question_id)
            return texts.NOTED_UNANSWERED[menu.language]
        return self.show(menu.entries[choice - 1], menu.language)

    def show(self, entry: Entry, language: Language) -> str:
        """An entry chosen by number or command; a follow-up is then read against it."""
        self.sources = (entry,)
        self.conversations.remember(SESSION, Context(entry.id, (), language))
        return entry_text(entry, language)

    def ask(self, question: str) -> Said:
        """A question: the engine's answer, read against the chat's last topic."""
        self.language = "en" if detect_language(question) == "en" else "th"
        answer = self.engine.ask(question, context=self.conversations.get(SESSION))
        self.conversations.update(SESSION, answer)
        question_id = self.log.record(answer) if self.log is not None else None
        rendered = render_answer(answer, self.engine.faq, question_id)
        self.menu = rendered.menu
        if rendered.sources:
            self.sources = rendered.sources
        return Said(too_long_note(question, answer) + rendered.text, answer.language)


def too_long_note(question: str, answer: Answer) -> str:
    """A line saying the message is longer than the bot reads (empty when it is not)."""
    if len(question) <= MAX_QUESTION_CHARS:
        return ""
    note = texts.CONSOLE_TOO_LONG[answer.language]
    return note.format(length=len(question), limit=MAX_QUESTION_CHARS) + "\n\n"


__all__ = ["ChatSession", "Rendered", "Said", "looks_like_number"]
