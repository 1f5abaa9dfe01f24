"""The FAQ file: its schema, loading, and the curators' checks that need no matcher.

A file that fails any check is never half-loaded: :func:`load_faq` raises
:class:`KnowledgeError` with every problem found, each phrased for a curator.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

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
    "source": "the sentence of the article the answer rests on",
    "pillar": "the pillar number 1-5, only on the five pillar entries",
    "related": "ids of entries that answer much the same (offered as a button, never asked back)",
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

    def __str__(self) -> str:
        where = []
        if self.line:
            where.append(f"line {self.line}")
        if self.entry_id:
            where.append(f"entry '{self.entry_id}'")
        return f"{', '.join(where)}: {self.message}" if where else self.message


class KnowledgeError(Exception):
    """A knowledge file that cannot be used; ``problems`` says why."""

    def __init__(self, path: Path | str, problems: list[Problem]) -> None:
        self.path = Path(path)
        self.problems = problems
        super().__init__(f"{path}: " + "; ".join(str(p) for p in problems))


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
                f"'{key}' appears twice (lines {first_line[key]} and {line}); the second would"
                f" silently replace the first: merge them into one",
                key_node.start_mark,
            )
        first_line[key] = line
    mapping = {str(k): v for k, v in loader.construct_mapping(node, deep=True).items()}
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


class _FastLineLoader(yaml.CSafeLoader):
    """The same loader on libyaml's parser: several times faster on a large FAQ."""


for _loader in (_LineLoader, _FastLineLoader):
    _loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
# YAML 1.1 reads yes/no/on/off as true/false: a word list with "on" or "no" in it would lose
# the word. Only true and false are booleans here (as in YAML 1.2).
_BOOL_TAG = "tag:yaml.org,2002:bool"
for _loader in (_LineLoader, _FastLineLoader):
    _loader.yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != _BOOL_TAG]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    _loader.add_implicit_resolver(
        _BOOL_TAG, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
    )


def read_yaml(path: Path | str) -> Any:
    """Parse a YAML file, turning every failure into a KnowledgeError a curator can read."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise KnowledgeError(path, [Problem(f"file not found: {path}")]) from None
    except UnicodeDecodeError:
        raise KnowledgeError(
            path, [Problem("the file is not UTF-8 text; save it as UTF-8")]
        ) from None
    except OSError as exc:
        raise KnowledgeError(path, [Problem(f"cannot read the file: {exc.strerror}")]) from None
    try:
        return yaml.load(text, Loader=_FastLineLoader)
    except yaml.YAMLError:
        # libyaml reports some mistakes on other lines than the pure-Python parser: a file
        # it refuses is read again by the latter, so every message stays as it was.
        pass
    try:
        return yaml.load(text, Loader=_LineLoader)
    except _DuplicateKey as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise KnowledgeError(path, [Problem(str(exc.problem), line=line)]) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        what = exc.problem or "the YAML cannot be read"
        hint = " (check the indentation and that every ':' in a value is inside quotes)"
        raise KnowledgeError(
            path, [Problem(f"YAML syntax error: {what}{hint}", line=line)]
        ) from None
    except yaml.YAMLError as exc:
        raise KnowledgeError(path, [Problem(f"YAML syntax error: {exc}")]) from None


def load_faq(path: Path | str) -> FAQ:
    """Load and check a FAQ file.

    Args:
        path: the YAML file.

    Returns:
        The FAQ, every entry checked.

    Raises:
        KnowledgeError: listing every problem found (nothing is loaded then).
    """
    path = Path(path)
    data = read_yaml(path)
    faq, problems = parse_faq(data, path)
    if problems:
        raise KnowledgeError(path, problems)
    return faq


def parse_faq(data: Any, path: Path | None = None) -> tuple[FAQ, list[Problem]]:
    """Build a FAQ from parsed YAML, collecting problems instead of stopping at the first."""
    problems: list[Problem] = []
    if not isinstance(data, dict):
        problems.append(
            Problem(
                "the file must be a mapping with an 'entries:' list at the top (see knowledge/README.md)"
            )
        )
        return FAQ(entries=(), path=path), problems
    for key in data:
        if key != "__line__" and key not in TOP_KEYS:
            problems.append(
                Problem(f"unknown top-level key '{key}'; allowed: entries, start_topics")
            )
    raw_entries = data.get("entries")
    if not isinstance(raw_entries, list) or not raw_entries:
        problems.append(
            Problem("'entries:' must be a non-empty list of entries", line=data.get("__line__"))
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
                    f"duplicate id '{entry.id}' (first used on line {seen[entry.id]}); every id must be unique",
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
                        f"'related' names '{other}', which is not another entry's id",
                        line=entry.line,
                        entry_id=entry.id,
                    )
                )
    pillars = sorted(e.pillar for e in entries if e.pillar is not None)
    if len(pillars) != len(set(pillars)):
        problems.append(Problem("two entries share the same 'pillar' number"))

    start_topics = data.get("start_topics") or []
    if not isinstance(start_topics, list) or not all(isinstance(t, str) for t in start_topics):
        problems.append(Problem("'start_topics' must be a list of entry ids"))
        start_topics = []
    for topic in start_topics:
        if topic not in seen:
            problems.append(Problem(f"'start_topics' names '{topic}', but no entry has that id"))
    faq = FAQ(entries=tuple(entries), start_topics=tuple(start_topics), path=path)
    return faq, problems


def _parse_entry(raw: Any, index: int, problems: list[Problem]) -> Entry | None:
    if not isinstance(raw, dict):
        problems.append(
            Problem(f"entry number {index} is not a mapping (it should start with '- id: ...')")
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
        problem(f"unknown key '{key}'{hint} (allowed: {', '.join(ENTRY_KEYS)})")
    for key in REQUIRED_KEYS:
        if key not in raw or raw[key] is None:
            problem(f"missing '{key}' ({ENTRY_KEYS[key]})")

    if label is None and "id" in raw:
        problem("'id' must be a non-empty text")
    elif label is not None and not ID_PATTERN.match(label):
        problem("'id' may use only lower-case letters a-z, digits and '-', at most 40 characters")

    texts: dict[str, str] = {}
    for key in ("title", "title_en", "answer", "answer_en", "source"):
        value = raw.get(key)
        if value is None:
            continue
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            problem(f"'{key}' must be text")
            continue
        value = str(value).strip()
        if not value:
            problem(f"'{key}' is empty")
            continue
        texts[key] = value
    for key in ("answer", "answer_en"):
        if len(texts.get(key, "")) > ANSWER_MAX_CHARS:
            problem(
                f"'{key}' is {len(texts[key])} characters long; Telegram allows {TELEGRAM_MAX_TEXT} "
                f"per message, so keep answers under {ANSWER_MAX_CHARS}"
            )
    for key in ("title", "title_en"):
        if len(texts.get(key, "")) > 60:
            problem(f"'{key}' is a button label: keep it under 60 characters")

    questions_raw = raw.get("questions")
    questions: list[str] = []
    if questions_raw is not None:
        if not isinstance(questions_raw, list):
            problem("'questions' must be a list, each phrasing on its own line starting with '- '")
        else:
            for q in questions_raw:
                if isinstance(q, dict | list) or q is None:
                    problem("every item of 'questions' must be a plain question text")
                    continue
                text = str(q).strip()
                if text:
                    questions.append(text)
            if not questions:
                problem("'questions' is empty: give at least one way members ask this")
            elif not any(_is_english(q) for q in questions):
                problem("'questions' needs at least one English phrasing")
            dupes = {q for q in questions if questions.count(q) > 1}
            for q in sorted(dupes):
                problem(f"the phrasing '{q}' is listed twice")

    related_raw = raw.get("related") or []
    if not isinstance(related_raw, list) or not all(isinstance(r, str) for r in related_raw):
        problem("'related' must be a list of entry ids, e.g. [carbon-neutrality]")
        related_raw = []
    pillar = raw.get("pillar")
    if pillar is not None and (
        isinstance(pillar, bool) or not isinstance(pillar, int) or not 1 <= pillar <= 5
    ):
        problem("'pillar' must be a number from 1 to 5")
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
    )


def _is_english(text: str) -> bool:
    return not any("\u0e00" <= ch <= "\u0e7f" for ch in text) and any(
        ch.isascii() and ch.isalpha() for ch in text
    )


def _closest_key(key: str) -> str | None:
    from rapidfuzz import fuzz, process

    found = process.extractOne(key, list(ENTRY_KEYS), scorer=fuzz.ratio, score_cutoff=60)
    return found[0] if found else None
