"""Freeing a large structure without holding the interpreter for long."""

from __future__ import annotations

import sys
import threading
from typing import Any


def free_gradually(holder: list[Any]) -> None:
    """Drop the objects in ``holder`` (emptying it) a piece at a time.

    Dropped at once, a large engine is freed in one C-level cascade that holds the
    interpreter lock for a tenth of a second or more, from whatever thread: the event loop
    would stall. Taken apart one container at a time instead, the lock changes hands as
    usual. Only what nothing else refers to is taken apart (the text pipeline, shared with
    the new engine, is only let go of).
    """
    pending = holder[:]
    holder.clear()
    while pending:
        item = pending.pop()
        # Two references: ``item`` and getrefcount's argument. More: someone else holds it.
        if sys.getrefcount(item) > 2 or isinstance(item, str | int | float) or callable(item):
            continue  # (a function or method is only let go of: its state may be shared)
        if isinstance(item, dict):
            pending.extend(item.values())
            item.clear()
        elif isinstance(item, list):
            pending.extend(item)
            item.clear()
        elif isinstance(item, tuple | frozenset | set):
            pending.extend(item)
        elif isinstance(getattr(item, "__dict__", None), dict):
            state = vars(item)
            pending.extend(state.values())
            state.clear()
        item = None


def off_the_main_thread() -> bool:
    """Whether this runs beside the main thread (a reload beside the event loop), where a
    long free would stall it."""
    return threading.current_thread() is not threading.main_thread()
