"""The FAQ file: its schema, loading, and the curators' checks that need no matcher.

A file that fails any check is never half-loaded: :func:`load_faq` raises
:class:`KnowledgeError` with every problem found, each phrased for a curator.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from bot.curation.messages import COLON_IN_VALUE, said, where

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
SOURCE_KEYS = ("document", "quote")
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


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a knowledge file, said for a curator."""

    message: str
    line: int | None = None
    entry_id: str | None = None
    file: str | None = None  # the file's name; filled in by KnowledgeError
    shown: str | None = None  # the line itself, as the curator wrote it

    def __str__(self) -> str:
        place = where(self.file, self.line, self.entry_id)
        return f"{place}: {self.message}" if place else self.message

    def display(self) -> str:
        """The problem and, under it, the line it is on as the curator wrote it."""
        if self.shown is None or not self.shown.strip():
            return str(self)
        return f"{self}\n      {self.line} | {self.shown.rstrip()}"


class KnowledgeError(Exception):
    """A knowledge file that cannot be used; ``problems`` says why."""

    def __init__(self, path: Path | str, problems: list[Problem]) -> None:
        self.path = Path(path)
        self.problems = _placed(self.path, problems, name=False)
        super().__init__(f"{path}: " + "; ".join(str(p) for p in problems))


def _placed(path: Path, problems: list[Problem], *, name: bool = True) -> list[Problem]:
    """Each problem with, when it has a line, that line's text, and (``name``) the file's
    name; the line is read from ``path`` for problems of that file only."""
    lines: list[str] | None = None
    placed = []
    for problem in problems:
        if problem.file is None and name:
            problem = replace(problem, file=path.name)
        if problem.line and problem.shown is None and problem.file in (None, path.name):
            if lines is None:
                try:
                    lines = path.read_text(encoding="utf-8").split("\n")
                except (OSError, UnicodeDecodeError):
                    lines = []
            if problem.line <= len(lines):
                problem = replace(problem, shown=lines[problem.line - 1])
        placed.append(problem)
    return placed


class _DuplicateKey(yaml.constructor.ConstructorError):
    """A mapping names the same key twice."""


class _LineLoader(yaml.SafeLoader):
    """A safe loader that remembers the line each mapping starts on."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[str, Any]:
    # YAML lets a later key silently replace an earlier one: a curator who adds a second
    # "ลงนาม:" group would lose the first. Say so instead.
    first_line: dict[str, int] = {}
    for key_node, _ in node.value:
        key = str(loader.construct_object(key_node, deep=True))
        line = key_node.start_mark.line + 1
        if key in first_line:
            raise _DuplicateKey(
                None,
                None,
                said(
                    f"'{key}' มีสองครั้ง (บรรทัด {first_line[key]} และ {line}) อันหลังจะทับอันแรก"
                    " ให้รวมเป็นอันเดียว",
                    f"'{key}' appears twice (lines {first_line[key]} and {line}); the second"
                    " would silently replace the first: merge them into one",
                ),
                key_node.start_mark,
            )
        first_line[key] = line
    mapping = {str(k): v for k, v in loader.construct_mapping(node, deep=True).items()}
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
# YAML 1.1 reads yes/no/on/off as true/false: a word list with "on" or "no" in it would lose
# the word. Only true and false are booleans here (as in YAML 1.2).
_BOOL_TAG = "tag:yaml.org,2002:bool"
_LineLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != _BOOL_TAG]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_LineLoader.add_implicit_resolver(
    _BOOL_TAG, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def read_yaml(path: Path | str) -> Any:
    """Parse a YAML file, turning every failure into a KnowledgeError a curator can read."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise KnowledgeError(
            path, [Problem(said(f"ไม่พบไฟล์ {path}", f"file not found: {path}"))]
        ) from None
    except UnicodeDecodeError:
        raise KnowledgeError(
            path,
            [
                Problem(
                    said(
                        "ไฟล์ไม่ได้บันทึกเป็น UTF-8 ให้บันทึกใหม่แบบ UTF-8",
                        "the file is not UTF-8 text; save it as UTF-8",
                    )
                )
            ],
        ) from None
    except OSError as exc:
        raise KnowledgeError(
            path, [Problem(said("เปิดไฟล์ไม่ได้", f"cannot read the file: {exc.strerror}"))]
        ) from None
    return read_yaml_text(text, path)


def read_yaml_text(text: str, path: Path, first_line: int = 1) -> Any:
    """Parse YAML text from ``path`` (starting at ``first_line`` of the file), turning every
    failure into a KnowledgeError that names the line of the mistake in Thai and English."""
    from bot.curation.yaml_errors import explain

    text = "\n" * (first_line - 1) + text
    try:
        return yaml.load(text, Loader=_LineLoader)
    except _DuplicateKey as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise KnowledgeError(path, [Problem(str(exc.problem), line=line)]) from None
    except yaml.MarkedYAMLError as exc:
        line, message = explain(exc, text)
        # "(YAML)" names the format for whoever searches the web for the message.
        raise KnowledgeError(path, [Problem(f"{message} (YAML)", line=line)]) from None
    except yaml.YAMLError as exc:
        raise KnowledgeError(
            path, [Problem(said("อ่านไฟล์ YAML ไม่ได้", f"the YAML cannot be read: {exc}"))]
        ) from None


def load_faq(path: Path | str) -> FAQ:
    """Load and check a FAQ file.

    Args:
        path: the YAML file.

    Returns:
        The FAQ, every entry checked.

    Raises:
        KnowledgeError: listing every problem found (nothing is loaded then).
    """
    from bot.curation.sources import library_dir, load_library

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
    faq = FAQ(entries=tuple(entries), start_topics=tuple(start_topics), path=path)
    return faq, problems


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
    line = int(raw.get("__line__", 0))
    entry_id = raw.get("id")
    label = entry_id if isinstance(entry_id, str) and entry_id else None
    before = len(problems)

    def problem(message: str) -> None:
        problems.append(Problem(message, line=line, entry_id=label))

    for key in raw:
        if key == "__line__" or key in ENTRY_KEYS:
            continue
        close = _closest_key(str(key))
        hint = f" — did you mean '{close}'?" if close else ""
        hint_th = f" (หมายถึง '{close}' หรือเปล่า)" if close else ""
        problem(
            said(
                f"ไม่รู้จักคีย์ '{key}'{hint_th}",
                f"unknown key '{key}'{hint} (allowed: {', '.join(ENTRY_KEYS)})",
            )
        )
    for key in REQUIRED_KEYS:
        if key not in raw or raw[key] is None:
            problem(said(f"ขาดคีย์ '{key}'", f"missing '{key}' ({ENTRY_KEYS[key]})"))

    if label is None and "id" in raw:
        problem(said("'id' ต้องไม่ว่าง", "'id' must be a non-empty text"))
    elif label is not None and not ID_PATTERN.match(label):
        problem(
            said(
                "'id' ใช้ได้เฉพาะตัวอักษร a-z ตัวเลข และ - ไม่เกิน 40 ตัว",
                "'id' may use only lower-case letters a-z, digits and '-', at most 40 characters",
            )
        )

    texts: dict[str, str] = {}
    for key in ("title", "title_en", "answer", "answer_en"):
        value = raw.get(key)
        if value is None:
            continue
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            problem(said(f"'{key}' ต้องเป็นข้อความ", f"'{key}' must be text"))
            continue
        value = str(value).strip()
        if not value:
            problem(said(f"'{key}' ว่างอยู่", f"'{key}' is empty"))
            continue
        texts[key] = value
    for key in ("answer", "answer_en"):
        if len(texts.get(key, "")) > ANSWER_MAX_CHARS:
            problem(
                said(
                    f"'{key}' ยาว {len(texts[key])} ตัวอักษร ให้สั้นกว่า {ANSWER_MAX_CHARS}",
                    f"'{key}' is {len(texts[key])} characters long; Telegram allows"
                    f" {TELEGRAM_MAX_TEXT} per message, so keep answers under {ANSWER_MAX_CHARS}",
                )
            )
    for key in ("title", "title_en"):
        if len(texts.get(key, "")) > 60:
            problem(
                said(
                    f"'{key}' เป็นป้ายปุ่ม ให้สั้นกว่า 60 ตัวอักษร",
                    f"'{key}' is a button label: keep it under 60 characters",
                )
            )

    questions_raw = raw.get("questions")
    questions: list[str] = []
    if questions_raw is not None:
        if not isinstance(questions_raw, list):
            problem(
                said(
                    "'questions' ต้องเป็นรายการ บรรทัดละหนึ่งแบบ ขึ้นต้นด้วย '- '",
                    "'questions' must be a list, each phrasing on its own line starting with '- '",
                )
            )
        else:
            for q in questions_raw:
                if isinstance(q, dict):
                    # "- ลงนามที่ไหน: ครับ" reads as a key and its value: the ': ' needs quotes.
                    problems.append(Problem(COLON_IN_VALUE, line=q.get("__line__"), entry_id=label))
                    continue
                if isinstance(q, list) or q is None:
                    problem(
                        said(
                            "วิธีถามแต่ละแบบใน 'questions' ต้องเป็นข้อความธรรมดา",
                            "every item of 'questions' must be a plain question text",
                        )
                    )
                    continue
                text = str(q).strip()
                if text:
                    questions.append(text)
            if not questions:
                problem(
                    said(
                        "'questions' ว่างอยู่ ให้ใส่วิธีถามอย่างน้อย 1 แบบ",
                        "'questions' is empty: give at least one way members ask this",
                    )
                )
            dupes = {q for q in questions if questions.count(q) > 1}
            for q in sorted(dupes):
                problem(said(f"วิธีถาม '{q}' ซ้ำสองครั้ง", f"the phrasing '{q}' is listed twice"))

    document_id, quotes = _parse_source(raw.get("source"), problem)
    if any(quotes):
        texts["source"] = "\n".join(quotes)
    elif quotes:
        problem(said("'source' ว่างอยู่", "'source' is empty"))
    exceptions = raw.get("fact_exceptions") or []
    if not isinstance(exceptions, list) or isinstance(exceptions, str):
        problem(
            said(
                "'fact_exceptions' ต้องเป็นรายการคำ เช่น [\"500\"]",
                "'fact_exceptions' must be a list of words, e.g. [\"500\"]",
            )
        )
        exceptions = []
    related_raw = raw.get("related") or []
    if not isinstance(related_raw, list) or not all(isinstance(r, str) for r in related_raw):
        problem(
            said(
                "'related' ต้องเป็นรายการ id เช่น [carbon-neutrality]",
                "'related' must be a list of entry ids, e.g. [carbon-neutrality]",
            )
        )
        related_raw = []
    pillar = raw.get("pillar")
    if pillar is not None and (
        isinstance(pillar, bool) or not isinstance(pillar, int) or not 1 <= pillar <= 5
    ):
        problem(said("'pillar' ต้องเป็นเลข 1 ถึง 5", "'pillar' must be a number from 1 to 5"))
        pillar = None

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


def _parse_source(value: Any, problem: Any) -> tuple[str | None, tuple[str, ...]]:
    """The document an entry's ``source`` names (None when it is a bare quote) and its quote.

    Several sentences (a list under ``quote:``) are joined by line breaks so that the quote
    stays one text for whatever shows it.
    """
    if value is None:
        return None, ()
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        return None, (str(value).strip(),)
    if not isinstance(value, dict):
        problem(said(*SOURCE_SHAPE))
        return None, ()
    unknown = [k for k in value if k != "__line__" and k not in SOURCE_KEYS]
    document, quote = value.get("document"), value.get("quote")
    if unknown or not isinstance(document, str) or not document or quote is None:
        problem(said(*SOURCE_SHAPE))
        return None, ()
    sentences = quote if isinstance(quote, list) else [quote]
    if not sentences or not all(isinstance(q, str) and q.strip() for q in sentences):
        problem(said(*SOURCE_SHAPE))
        return document, ()
    return document, tuple(q.strip() for q in sentences)


SOURCE_SHAPE = (
    "'source' ต้องมี document: (id ของข่าวใน knowledge/sources/) และ quote: (ประโยคจากข่าว"
    " คัดลอกตรงตัวอักษร หรือรายการประโยค)",
    "'source' needs document: (the id of an article in knowledge/sources/) and quote: (its"
    " sentence copied verbatim, or a list of sentences)",
)


def attach_documents(faq: FAQ, documents: dict[str, Document]) -> tuple[FAQ, list[Problem]]:
    """The FAQ with each entry's document looked up by the id its ``source`` names."""
    problems: list[Problem] = []
    entries = []
    for entry in faq.entries:
        if entry.document_id is None:
            entries.append(entry)
            continue
        document = documents.get(entry.document_id)
        if document is None:
            known = ", ".join(sorted(documents)) or "-"
            problems.append(
                Problem(
                    said(
                        f"'source' อ้างถึงข่าว '{entry.document_id}' ซึ่งไม่มีใน knowledge/sources/"
                        f" (มี: {known})",
                        f"'source' names the article '{entry.document_id}', which is not in"
                        f" knowledge/sources/ (there are: {known})",
                    ),
                    line=entry.line,
                    entry_id=entry.id,
                )
            )
        entries.append(replace(entry, document=document))
    return replace(faq, entries=tuple(entries)), problems


def is_english(text: str) -> bool:
    """Whether a phrasing is English: no Thai letter and some Latin one."""
    return not any("\u0e00" <= ch <= "\u0e7f" for ch in text) and any(
        ch.isascii() and ch.isalpha() for ch in text
    )


def _closest_key(key: str) -> str | None:
    from rapidfuzz import fuzz, process

    found = process.extractOne(key, list(ENTRY_KEYS), scorer=fuzz.ratio, score_cutoff=60)
    return found[0] if found else None
