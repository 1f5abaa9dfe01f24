"""The terminal side of the console chat: line editing, the labels, wrapping, the loop.

Line editing and history come from :mod:`readline` when stdin is a terminal and Python has it
(not on Windows); a pipe gets plain reads, so ``printf '/help\\n' | python -m bot chat`` works.
History lives in memory only: members' questions are not written to a file.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TextIO

from bot import texts
from bot.console.session import ChatSession
from bot.console.wrap import display_width, terminal_width, wrap

Reader = Callable[[str], str]


def enable_line_editing(stdin: TextIO | None = None) -> bool:
    """Arrow keys, history and Ctrl-R for :func:`input` when stdin is a terminal."""
    stream = stdin or sys.stdin
    if not stream.isatty():
        return False
    try:
        import readline  # noqa: F401  (importing it is what turns line editing on)
    except ImportError:
        return False
    return True


def piped_reader(stdin: TextIO, out: TextIO) -> Reader:
    """Reads a line from a pipe and echoes it after the prompt, so the transcript reads as a
    chat (a terminal echoes what is typed by itself)."""

    def read(prompt: str) -> str:
        line = stdin.readline()
        if not line:
            raise EOFError
        print(prompt + line.rstrip("\n"), file=out)
        return line.rstrip("\n")

    return read


def label(name: str) -> str:
    return f"{name}> "


def run(session: ChatSession, read: Reader = input, out: TextIO | None = None) -> int:
    """Chat until /quit or the end of input; returns the exit code."""
    stream = out or sys.stdout
    width = terminal_width(stream)
    print(wrap(texts.CONSOLE_WELCOME, width), file=stream)
    while True:
        try:
            line = read(label(texts.CONSOLE_YOU[session.language]))
            said = session.handle(line)
        except EOFError:
            print(file=stream)
            return 0
        if said is None:
            continue
        head = label(texts.CONSOLE_BOT[said.language])
        print(head + wrap(said.text, width, display_width(head)) + "\n", file=stream)
