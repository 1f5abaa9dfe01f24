"""A YAML parser's complaint turned into what a curator did wrong, and on which line.

The parser notices a missing ``:`` on the line after the mistake and a Tab as "a character
that cannot start any token"; here each is named where it is, in plain Thai and English.
"""

from __future__ import annotations

import re

import yaml

from bot.curation import messages

_KEY = re.compile(r"^\s*(?:-\s+)?([^\s:#\"'\[{][^:#]*?)\s*$")


def explain(exc: yaml.MarkedYAMLError, text: str) -> tuple[int | None, str]:
    """The line of the mistake (1-based) and what to do about it, for a parse failure."""
    lines = text.split("\n")
    noticed = exc.problem_mark.line + 1 if exc.problem_mark else None
    problem = exc.problem or ""
    tab = _tab_line(lines, noticed)
    if tab is not None:
        return tab, messages.TAB
    if "could not find expected ':'" in problem and exc.context_mark is not None:
        line = exc.context_mark.line + 1
        match = _KEY.match(lines[line - 1]) if line <= len(lines) else None
        key = match.group(1).split()[0] if match else "…"
        return line, messages.MISSING_COLON.format(key=key)
    if "mapping values are not allowed" in problem:
        return noticed, messages.COLON_IN_VALUE
    if "expected <block end>" in problem or "did not find expected key" in problem:
        if noticed and _after_closing_quote(lines[noticed - 1]):
            return noticed, messages.QUOTE_THEN_TEXT
        return noticed, messages.INDENT
    if "found unexpected end of stream" in problem or "flow" in (exc.context or ""):
        start = exc.context_mark.line + 1 if exc.context_mark else noticed
        return start, messages.UNCLOSED_QUOTE
    return noticed, messages.OTHER_YAML


def _tab_line(lines: list[str], noticed: int | None) -> int | None:
    """The first line indented with a Tab, at or before where the parser stopped."""
    last = noticed or len(lines)
    for number, line in enumerate(lines[:last], start=1):
        indent = line[: len(line) - len(line.lstrip())]
        if "\t" in indent:
            return number
    return None


def _after_closing_quote(line: str) -> bool:
    value = line.split(":", 1)[-1].strip().lstrip("- ")
    return value[:1] in "\"'" and value.count(value[0]) >= 2 and not value.endswith(value[0])
