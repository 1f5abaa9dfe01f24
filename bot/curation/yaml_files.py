"""Reading the knowledge files' YAML, every failure said for a curator: a :class:`Problem`
names its file, line and entry in Thai and English, and :class:`KnowledgeError` carries them.

The loader remembers the line each mapping starts on and refuses a key written twice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml

from bot.curation.messages import said, where
from bot.memory import free_gradually, off_the_main_thread


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


class _FastLineLoader(yaml.CSafeLoader):
    """The same loader on libyaml's parser: several times faster on a large FAQ."""


# YAML 1.1 reads yes/no/on/off as true/false: a word list with "on" or "no" in it would lose
# the word. Only true and false are booleans here (as in YAML 1.2).
_BOOL_TAG = "tag:yaml.org,2002:bool"
for _loader in (_LineLoader, _FastLineLoader):
    _loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
    _loader.yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != _BOOL_TAG]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    _loader.add_implicit_resolver(
        _BOOL_TAG, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
    )


def _load_fast(text: str) -> Any:
    """``yaml.load`` on libyaml's parser. Beside the main thread (a reload while the bot
    answers), the parsed tree of a large file is taken apart gradually, not freed in one
    cascade that would hold the interpreter (and so the event loop) for a tenth of a second."""
    loader = _FastLineLoader(text)
    try:
        tree = [loader.get_single_node()]  # held only here, so that it can be taken apart
        data = None if tree[0] is None else loader.construct_document(tree[0])
    finally:
        loader.dispose()
    if off_the_main_thread():
        free_gradually(tree)
    return data


def as_word(value: object) -> str:
    """A word of a list as the curator wrote it: YAML reads a bare ``true`` or ``false`` as a
    yes/no value ("…, true?" is an English check ending), which is the word again here."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


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
        return _load_fast(text)
    except yaml.YAMLError:
        # libyaml places some mistakes on other lines than the pure-Python parser: a text it
        # refuses is read again by the latter, so every message stays as it was.
        pass
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
