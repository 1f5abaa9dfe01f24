"""Text for a terminal: Thai wrapped at word boundaries, widths counted as a terminal shows them.

Thai writes no spaces between words, so a plain wrap (``textwrap``) breaks a Thai line wherever
the width runs out, often in the middle of a word. Here lines break between the words
PyThaiNLP's tokeniser finds (and at spaces, for English), and a width counts what the terminal
draws: a Thai vowel or tone mark above or below a consonant takes no column of its own.
"""

from __future__ import annotations

import os
import shutil
import sys
import unicodedata
from collections.abc import Iterable
from functools import cache
from typing import TextIO

MIN_WIDTH = 20  # narrower than this, wrapping helps nobody


def char_width(ch: str) -> int:
    """Columns a terminal gives one character: 0 for a combining mark, 2 for a wide one.

    >>> [char_width(c) for c in "ก่า"]
    [1, 0, 1]
    """
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def display_width(text: str) -> int:
    """Columns ``text`` takes in a terminal.

    >>> display_width("ที่มา")
    3
    """
    return sum(char_width(ch) for ch in text)


@cache
def _tokenize() -> object:
    from pythainlp.tokenize import word_tokenize  # loaded once, on the first Thai line

    return word_tokenize


def words(line: str) -> list[str]:
    """The pieces a line may break between: Thai words, English words and the spaces."""
    if not any("\u0e00" <= ch <= "\u0e7f" for ch in line):
        return _split_spaces(line)
    tokenize = _tokenize()
    pieces: list[str] = tokenize(line, keep_whitespace=True)  # type: ignore[operator]
    return [piece for piece in pieces if piece]


def _split_spaces(line: str) -> list[str]:
    pieces: list[str] = []
    for word in line.split(" "):
        if pieces:
            pieces.append(" ")
        if word:
            pieces.append(word)
    return pieces


def wrap_line(line: str, width: int) -> list[str]:
    """One line cut into lines of at most ``width`` columns, between words.

    A word wider than the line is cut between characters (never before a combining mark).

    >>> wrap_line("one two three", 8)
    ['one two', 'three']
    """
    if display_width(line) <= width:
        return [line]
    out: list[str] = []
    current, used = "", 0
    for piece in words(line):
        size = display_width(piece)
        if piece.isspace():
            if used and used + size <= width:
                current, used = current + piece, used + size
            elif used:
                out.append(current.rstrip())
                current, used = "", 0
            continue
        if used + size > width and used:
            out.append(current.rstrip())
            current, used = "", 0
        for chunk in _cut(piece, width) if size > width else [piece]:
            if used and used + display_width(chunk) > width:
                out.append(current.rstrip())
                current, used = "", 0
            current, used = current + chunk, used + display_width(chunk)
    if current.strip():
        out.append(current.rstrip())
    return out or [""]


def _cut(word: str, width: int) -> Iterable[str]:
    chunk, used = "", 0
    for ch in word:
        size = char_width(ch)
        if used + size > width and size:
            yield chunk
            chunk, used = "", 0
        chunk, used = chunk + ch, used + size
    if chunk:
        yield chunk


def wrap(text: str, width: int | None, indent: int = 0) -> str:
    """``text`` wrapped to ``width`` columns, its lines after the first indented by ``indent``.

    Args:
        text: the text; its own line breaks are kept.
        width: the terminal's width, or None to leave the text as it is (not a terminal).
        indent: columns taken on the first line by a label (``บอท> ``); every other line is
            indented as much, so the text reads as one block.
    """
    if width is None:
        return text
    room = max(width - indent, MIN_WIDTH)
    lines = [piece for line in text.split("\n") for piece in wrap_line(line, room)]
    pad = " " * indent
    return "\n".join([lines[0], *(pad + line if line else "" for line in lines[1:])])


def terminal_width(out: TextIO | None = None) -> int | None:
    """The width to wrap to: ``COLUMNS`` when set, else the terminal's; None when the output
    is not a terminal (a file or a pipe gets whole lines)."""
    if os.environ.get("COLUMNS", "").strip():
        return shutil.get_terminal_size().columns
    stream = out or sys.stdout
    if not stream.isatty():
        return None
    return shutil.get_terminal_size().columns
