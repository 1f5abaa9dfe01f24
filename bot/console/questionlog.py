"""`chat --log` and `ask --log`: the console's questions in the bot's question log.

The rows are marked with the chat type ``console`` so admins can tell them from members'
questions, and belong to one made-up member (Telegram ids start at 1, so 0 is nobody's).
The log writes in the background of an event loop; the console is not async, so the loop runs
only while a row is being kept, which takes a few milliseconds per question.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from types import TracebackType
from typing import Self

from bot.answer import Answer
from bot.settings import Settings
from bot.store import LoggedQuestion, QuestionLog, new_question_id

CHAT_TYPE = "console"
CONSOLE_USER_ID = 0


class ConsoleLog:
    """The question log, opened for the console's lifetime.

    Use as ``with ConsoleLog.from_settings(settings) as log: log.record(answer)``.

    Args:
        path: the SQLite file (BOT_DB_PATH).
        user_key_secret: the pseudonyms' secret (USER_KEY_SECRET), or None for the key file.
    """

    def __init__(self, path: Path, user_key_secret: str | None = None) -> None:
        self.path = path
        self._secret = user_key_secret
        self._runner: asyncio.Runner | None = None
        self._log: QuestionLog | None = None

    @classmethod
    def from_settings(cls, settings: Settings) -> ConsoleLog:
        return cls(settings.db_path, settings.user_key_secret)

    def __enter__(self) -> Self:
        self._runner = asyncio.Runner()
        self._log = QuestionLog(self.path, user_key_secret=self._secret, batch_window=0)
        self._runner.run(self._log.open())
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._runner is not None and self._log is not None:
            self._runner.run(self._log.close())
            self._runner.close()
        self._runner = self._log = None

    def record(self, answer: Answer) -> str:
        """Log one answered question and wait until it is kept; returns its id."""
        log, runner = self._open()
        question_id = new_question_id()
        log.record(
            LoggedQuestion.from_answer(
                answer,
                question_id=question_id,
                chat_type=CHAT_TYPE,
                user_key=log.user_key(CONSOLE_USER_ID),
            )
        )
        runner.run(log.flush())
        return question_id

    def mark_unanswered(self, question_id: str) -> None:
        """ "None of these" was typed for the question."""
        log, runner = self._open()
        log.mark_unanswered(question_id, log.user_key(CONSOLE_USER_ID))
        runner.run(log.flush())

    def _open(self) -> tuple[QuestionLog, asyncio.Runner]:
        if self._log is None or self._runner is None:
            raise RuntimeError("the console's question log is not open")
        return self._log, self._runner
