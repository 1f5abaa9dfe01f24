"""The FAQ file: its schema, loading, and the curators' checks that need no matcher.

A file that fails any check is never half-loaded: :func:`load_faq` raises
:class:`KnowledgeError` with every problem found, each phrased for a curator.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.curation.messages import said
from bot.curation.yaml_files import (  # noqa: F401  (re-exported: the knowledge files' errors)
    KnowledgeError,
    Problem,
    _placed,
    read_yaml,
    read_yaml_text,
)

if TYPE_CHECKING:
    from bot.curation.sources import Document

TELEGRAM_MAX_TEXT = 4096
# Room left in a Telegram message for the title line and the buttons' caption around an answer.
ANSWER_MAX_CHARS = TELEGRAM_MAX_TEXT - 200

ENTRY_KEYS = {
    "id": "a short stable name, e.g. signing-date",
    "title": "a short Thai label for buttons",
    "title_en": "a short English label for buttons",
    "questions": "a list of ways members ask this",
    "answer": "the Thai answer",
    "answer_en": "the English answer",
    "source": "the article (document:) and its sentence(s) the answer rests on (quote:)",
    "pillar": "the pillar number 1-5, only on the five pillar entries",
    "related": "ids of entries that answer much the same (offered as a button, never asked back)",
    "fact_exceptions": "words of the answer the fact check may pass although no source states them",
}
REQUIRED_KEYS = ("id", "title", "questions", "answer", "answer_en", "source")
TOP_KEYS = {"entries", "start_topics"}
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")


@dataclass(frozen=True)
class Entry:
    """One question-and-answer of the FAQ."""

    id: str
    title: str
    title_en: str
    questions: tuple[str, ...]
    answer: str
    answer_en: str
    source: str
    pillar: int | None = None
    line: int = 0
    related: tuple[str, ...] = ()  # where the entry starts in its file, for messages to curators
    document: Document | None = None  # the article ``source`` quotes (None: not named)
    document_id: str | None = None
    quotes: tuple[str, ...] = ()  # the sentences of ``source``, each as written
    fact_exceptions: tuple[str, ...] = ()  # words the curators' fact check lets pass

    def answer_in(self, language: str) -> str:
        """The answer in ``language`` ("th" or "en")."""
        return self.answer_en if language == "en" else self.answer

    def is_related(self, other: Entry) -> bool:
        """Whether either entry names the other as related."""
        return other.id in self.related or self.id in other.related

    def title_in(self, language: str) -> str:
        """The button label in ``language`` ("th" or "en")."""
        return self.title_en if language == "en" and self.title_en else self.title


@dataclass(frozen=True)
class FAQ:
    """All entries of one FAQ file, in file order."""

    entries: tuple[Entry, ...]
    start_topics: tuple[str, ...] = ()
    path: Path | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {e.id: e for e in self.entries})

    def get(self, entry_id: str) -> Entry | None:
        """The entry with this id, or None."""
        by_id: dict[str, Entry] = self._by_id  # type: ignore[attr-defined]
        return by_id.get(entry_id)

    def __len__(self) -> int:
        return len(self.entries)

    @property
    def pillars(self) -> tuple[Entry, ...]:
        """The five pillar entries, in pillar order."""
        return tuple(sorted((e for e in self.entries if e.pillar), key=lambda e: e.pillar or 0))


def load_faq(path: Path | str) -> FAQ:
    """Load and check a FAQ file.

    Args:
        path: the YAML file.

    Returns:
        The FAQ, every entry checked.

    Raises:
        KnowledgeError: listing every problem found (nothing is loaded then).
    """
    from bot.curation.sources import attach_documents, library_dir, load_library

    path = Path(path)
    data = read_yaml(path)
    faq, problems = parse_faq(data, path)
    if problems:
        raise KnowledgeError(path, problems)
    faq, problems = attach_documents(faq, load_library(library_dir(path)))
    if problems:
        raise KnowledgeError(path, problems)
    return faq


def parse_faq(data: Any, path: Path | None = None) -> tuple[FAQ, list[Problem]]:
    """Build a FAQ from parsed YAML, collecting problems instead of stopping at the first."""
    problems: list[Problem] = []
    if not isinstance(data, dict):
        problems.append(
            Problem(
                said(
                    "ไฟล์ต้องขึ้นต้นด้วย 'entries:' ตามด้วยรายการหัวข้อ (ดู knowledge/README.md)",
                    "the file must be a mapping with an 'entries:' list at the top (see"
                    " knowledge/README.md)",
                )
            )
        )
        return FAQ(entries=(), path=path), problems
    for key in data:
        if key != "__line__" and key not in TOP_KEYS:
            problems.append(
                Problem(
                    said(
                        f"ไม่รู้จักคีย์บนสุด '{key}' (ใช้ได้: entries, start_topics)",
                        f"unknown top-level key '{key}'; allowed: entries, start_topics",
                    )
                )
            )
    raw_entries = data.get("entries")
    if not isinstance(raw_entries, list) or not raw_entries:
        problems.append(
            Problem(
                said(
                    "'entries:' ต้องเป็นรายการหัวข้อที่ไม่ว่าง",
                    "'entries:' must be a non-empty list of entries",
                ),
                line=data.get("__line__"),
            )
        )
        return FAQ(entries=(), path=path), problems

    entries: list[Entry] = []
    seen: dict[str, int] = {}
    for index, raw in enumerate(raw_entries, start=1):
        entry = _parse_entry(raw, index, problems)
        if entry is None:
            continue
        if entry.id in seen:
            problems.append(
                Problem(
                    said(
                        f"id '{entry.id}' ซ้ำ (ใช้แล้วที่บรรทัด {seen[entry.id]}) ทุก id ต้องไม่ซ้ำกัน",
                        f"duplicate id '{entry.id}' (first used on line {seen[entry.id]}); every"
                        " id must be unique",
                    ),
                    line=entry.line,
                    entry_id=entry.id,
                )
            )
            continue
        seen[entry.id] = entry.line
        entries.append(entry)

    start_topics = _cross_checks(data, entries, seen, problems)
    faq = FAQ(entries=tuple(entries), start_topics=tuple(start_topics), path=path)
    return faq, problems


def _cross_checks(
    data: dict[str, Any], entries: list[Entry], seen: dict[str, int], problems: list[Problem]
) -> list[str]:
    """What entries say of each other: related ids, pillar numbers, the /start topics."""
    for entry in entries:
        for other in entry.related:
            if other not in seen or other == entry.id:
                problems.append(
                    Problem(
                        said(
                            f"'related' มี '{other}' ซึ่งไม่ใช่ id ของหัวข้ออื่น",
                            f"'related' names '{other}', which is not another entry's id",
                        ),
                        line=entry.line,
                        entry_id=entry.id,
                    )
                )
    pillars = sorted(e.pillar for e in entries if e.pillar is not None)
    if len(pillars) != len(set(pillars)):
        problems.append(
            Problem(
                said("มีสองหัวข้อใช้เลข 'pillar' เดียวกัน", "two entries share the same 'pillar' number")
            )
        )

    start_topics = data.get("start_topics") or []
    if not isinstance(start_topics, list) or not all(isinstance(t, str) for t in start_topics):
        problems.append(
            Problem(
                said(
                    "'start_topics' ต้องเป็นรายการ id ของหัวข้อ",
                    "'start_topics' must be a list of entry ids",
                )
            )
        )
        start_topics = []
    for topic in start_topics:
        if topic not in seen:
            problems.append(
                Problem(
                    said(
                        f"'start_topics' มี '{topic}' แต่ไม่มีหัวข้อที่ใช้ id นี้",
                        f"'start_topics' names '{topic}', but no entry has that id",
                    )
                )
            )
    return start_topics


def _parse_entry(raw: Any, index: int, problems: list[Problem]) -> Entry | None:
    if not isinstance(raw, dict):
        problems.append(
            Problem(
                said(
                    f"หัวข้อที่ {index} เขียนไม่ถูกแบบ (ต้องขึ้นต้นด้วย '- id: ...')",
                    f"entry number {index} is not a mapping (it should start with '- id: ...')",
                )
            )
        )
        return None
    from bot.curation.entry_fields import (
        check_keys,
        entry_extras,
        entry_questions,
        entry_texts,
    )
    from bot.curation.sources import parse_source

    line = int(raw.get("__line__", 0))
    entry_id = raw.get("id")
    label = entry_id if isinstance(entry_id, str) and entry_id else None
    before = len(problems)

    def problem(message: str) -> None:
        problems.append(Problem(message, line=line, entry_id=label))

    check_keys(raw, label, problem)
    texts = entry_texts(raw, problem)
    questions = entry_questions(raw, label, problem, problems)
    document_id, quotes = parse_source(raw.get("source"), problem)
    if any(quotes):
        texts["source"] = "\n".join(quotes)
    elif quotes:
        problem(said("'source' ว่างอยู่", "'source' is empty"))
    exceptions, related_raw, pillar = entry_extras(raw, problem)
    if len(problems) > before:
        return None
    return Entry(
        id=str(entry_id),
        title=texts["title"],
        title_en=texts.get("title_en", ""),
        questions=tuple(dict.fromkeys(questions)),
        answer=texts["answer"],
        answer_en=texts["answer_en"],
        source=texts["source"],
        pillar=pillar,
        line=line,
        related=tuple(dict.fromkeys(related_raw)),
        document_id=document_id,
        quotes=quotes,
        fact_exceptions=tuple(str(w) for w in exceptions),
    )


def is_english(text: str) -> bool:
    """Whether a phrasing is English: no Thai letter and some Latin one."""
    return not any("\u0e00" <= ch <= "\u0e7f" for ch in text) and any(
        ch.isascii() and ch.isalpha() for ch in text
    )
