"""The update being handled: what the dispatcher tells the handlers, and what they tell it back.

The dispatcher (:mod:`bot.telegram.dispatch`) handles each update inside :func:`handling`; the
handlers and the error handler read and mark the :class:`Delivery` of the update they work on
through :func:`current`, without it being passed along every call.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from telegram.error import BadRequest, NetworkError, RetryAfter, TimedOut

from bot.store import new_question_id


@dataclass
class Delivery:
    """One update on its way through the handlers.

    Attributes:
        update_id: Telegram's id of the update.
        question_id: the id its question is logged under (fixed when it was received, so that
            handling it again after a crash logs it once).
        sent_at: when the member sent it (Unix time; when it was received, for a button).
        retry_after: set when a reply could not be sent for now: the update is handled again
            after this many seconds, instead of being marked done.
    """

    update_id: int
    question_id: str
    sent_at: float
    retry_after: float | None = None


_current: ContextVar[Delivery | None] = ContextVar("delivery", default=None)


@contextmanager
def handling(delivery: Delivery) -> Iterator[Delivery]:
    """Make ``delivery`` the current one for the code run inside."""
    token = _current.set(delivery)
    try:
        yield delivery
    finally:
        _current.reset(token)


def current() -> Delivery | None:
    """The update being handled, or None outside the dispatcher (a test calling a handler)."""
    return _current.get()


def question_id() -> str:
    """The id to log the current update's question under."""
    delivery = _current.get()
    return delivery.question_id if delivery is not None else new_question_id()


def sent_at() -> float:
    """When the current update was sent (Unix time)."""
    delivery = _current.get()
    return delivery.sent_at if delivery is not None else time.time()


# A reply that could not be sent is tried again after this long (or Telegram's retry_after).
NETWORK_RETRY_SECONDS = 5.0


def retry_later(error: BaseException) -> bool:
    """Mark the current update to be handled again if ``error`` is a passing delivery failure.

    Telegram asking to wait (429) and the Bot API out of reach count; a send that timed out
    does not (it went out, and may have arrived: sending it again could show it twice).

    Returns:
        Whether the update will be tried again.
    """
    delivery = _current.get()
    if isinstance(error, RetryAfter):
        seconds = error.retry_after
        wait = seconds if isinstance(seconds, int | float) else seconds.total_seconds()
    elif isinstance(error, NetworkError) and not isinstance(error, TimedOut | BadRequest):
        wait = NETWORK_RETRY_SECONDS  # (PTB's BadRequest is a NetworkError: a refusal, for good)
    else:
        return False
    if delivery is not None:
        delivery.retry_after = max(wait, delivery.retry_after or 0.0)
    return delivery is not None
