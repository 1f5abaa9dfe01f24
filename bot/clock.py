"""The clock answers that depend on today are computed for: Thailand's, or a fixed date.

A fixed date (``BOT_TODAY``) is for tests and demos: "is the LOI still valid?" then gets the
same answer whatever day it is run.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from bot.engine import bangkok_now

Clock = Callable[[], datetime]


def clock_for(today: date | None) -> Clock:
    """Now in Asia/Bangkok, or, when ``today`` is given, that date at the current time of day.

    >>> clock_for(date(2022, 6, 1))().date()
    datetime.date(2022, 6, 1)
    """
    if today is None:
        return bangkok_now

    def fixed() -> datetime:
        return datetime.combine(today, bangkok_now().timetz())

    return fixed
