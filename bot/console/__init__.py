"""The console chat (`python -m bot chat`): a member's whole experience in a terminal.

:mod:`~bot.console.session` is the chat itself (commands, numbered choices, follow-ups, the
log), :mod:`~bot.console.render` turns answers into plain text, :mod:`~bot.console.wrap`
wraps Thai at word boundaries, :mod:`~bot.console.shell` reads and prints, and
:mod:`~bot.console.questionlog` writes to the question log for ``--log``.
"""

from __future__ import annotations

from bot.console.questionlog import ConsoleLog
from bot.console.session import ChatSession, Said
from bot.console.shell import enable_line_editing, piped_reader, run

__all__ = ["ChatSession", "ConsoleLog", "Said", "enable_line_editing", "piped_reader", "run"]
