"""Callback data of the inline buttons: built and parsed in one place.

Telegram allows 1-64 bytes. Entry ids are at most 40 ASCII characters without ':' and question
ids at most 16, so the longest (``rv:s:<qid>:<entry-id>``) is 62 bytes; :func:`_data` checks.
Languages travel as one letter (t/e).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from telegram.constants import InlineKeyboardButtonLimit

MAX_BYTES = InlineKeyboardButtonLimit.MAX_CALLBACK_DATA  # 64

# Prefixes, also used as the handlers' patterns.
TOPIC = "faq"  # faq:<l>:<entry>            show an entry as a new message
DID_YOU_MEAN = "dym"  # dym:<l>:<entry>:<qid>  turn the suggestions into that answer
NONE = "none"  # none:<l>:<qid>              none of the suggestions fits
FEEDBACK = "fb"  # fb:u|d:<qid>
SOURCE = "src"  # src:<l>:<entry>
REVIEW = "rv"  # rv:<action>:...              admins, see bot.telegram.admin

_LANG_CODE = {"th": "t", "en": "e"}
_CODE_LANG = {v: k for k, v in _LANG_CODE.items()}


def pattern(prefix: str) -> str:
    """The CallbackQueryHandler pattern for one prefix."""
    return rf"^{prefix}:"


def _data(*parts: str) -> str:
    data = ":".join(parts)
    if len(data.encode("utf-8")) > MAX_BYTES:
        raise ValueError(f"callback data over {MAX_BYTES} bytes: {data!r}")
    return data


def topic(entry_id: str, language: str) -> str:
    return _data(TOPIC, _LANG_CODE.get(language, "t"), entry_id)


def did_you_mean(entry_id: str, language: str, question_id: str) -> str:
    return _data(DID_YOU_MEAN, _LANG_CODE.get(language, "t"), entry_id, question_id)


def none_of_these(language: str, question_id: str) -> str:
    return _data(NONE, _LANG_CODE.get(language, "t"), question_id)


def feedback(vote: str, question_id: str) -> str:
    return _data(FEEDBACK, "u" if vote == "up" else "d", question_id)


def source(entry_id: str, language: str) -> str:
    return _data(SOURCE, _LANG_CODE.get(language, "t"), entry_id)


def review(action: str, *args: str | int) -> str:
    return _data(REVIEW, action, *(str(a) for a in args))


@dataclass(frozen=True)
class Parsed:
    """A pressed button's data split up: its prefix, and the fields after it."""

    prefix: str
    fields: tuple[str, ...]

    def field(self, index: int) -> str:
        """The field at ``index``, or "" when the data is short (an old or forged button)."""
        return self.fields[index] if index < len(self.fields) else ""

    def language(self, index: int = 0) -> str:
        """The language field at ``index`` as "th"/"en" (Thai when unknown)."""
        return _CODE_LANG.get(self.field(index), "th")

    def vote(self, index: int = 0) -> Literal["up", "down"] | None:
        """The feedback field as "up"/"down", or None."""
        field = self.field(index)
        return "up" if field == "u" else "down" if field == "d" else None


def parse(data: str | None) -> Parsed:
    """Split callback data; never raises."""
    prefix, *fields = (data or "").split(":")
    return Parsed(prefix, tuple(fields))
