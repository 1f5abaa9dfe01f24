"""Whole numbers typed by people: environment variables, admin commands, button data, the CLI.

Python's ``int()`` and ``str.isdigit()`` accept far more than a person means: ``"²".isdigit()``
is true yet ``int("²")`` raises, and ``int()`` takes ``"٣"``, ``"1_000"``, ``"+7"`` and numbers
thousands of digits long. Every whole number the bot reads from outside goes through
:func:`parse_int` instead: ASCII digits only, a range, and one clear line when it is wrong.
"""

from __future__ import annotations

MAX_DIGITS = 19  # no range here needs more; longer input is refused before int() sees it
SHOWN_CHARS = 20  # of a wrong value, in the error message

# Telegram user ids "have at most 52 significant bits" (Bot API, User.id).
MAX_TELEGRAM_ID = 2**52 - 1


class NumberError(ValueError):
    """A value that is not a whole number in range; the message is one line for a person."""


def parse_int(text: str, *, name: str, minimum: int, maximum: int) -> int:
    """The whole number ``text`` spells in ASCII digits, between ``minimum`` and ``maximum``.

    Spaces around the digits are allowed; a leading ``-`` only when ``minimum`` is negative.

    Args:
        text: what was typed.
        name: what the number is, for the message (``RETENTION_DAYS``, ``days``).
        minimum: the smallest value accepted.
        maximum: the largest value accepted.

    Returns:
        The number.

    Raises:
        NumberError: ``text`` is not such a number; the message names ``name`` and the range.

    >>> parse_int(" 30 ", name="days", minimum=1, maximum=3650)
    30
    >>> parse_int("²", name="days", minimum=1, maximum=3650)
    Traceback (most recent call last):
    ...
    bot.numbers.NumberError: days must be a whole number from 1 to 3650 (digits 0-9), got '²'
    """
    stripped = text.strip()
    negative = minimum < 0 and stripped.startswith("-")
    digits = stripped[1:] if negative else stripped
    if not digits or len(digits) > MAX_DIGITS or not all("0" <= ch <= "9" for ch in digits):
        raise NumberError(
            f"{name} must be a whole number from {minimum} to {maximum} (digits 0-9), "
            f"got {_shown(text)}"
        )
    value = -int(digits) if negative else int(digits)
    if not minimum <= value <= maximum:
        raise NumberError(f"{name} must be from {minimum} to {maximum}, got {value}")
    return value


def _shown(text: str) -> str:
    if len(text) <= SHOWN_CHARS:
        return repr(text)
    return repr(text[:SHOWN_CHARS]) + f"… ({len(text)} characters)"
