"""A Bot API request class that retries what python-telegram-bot does not: 5xx and network faults.

PTB raises ``NetworkError``/``TimedOut`` for a 5xx answer, a timeout or a refused connection, and
the reply is lost. Retrying here, below the rate limiter (which handles 429 itself), makes every
send survive a short outage of the Bot API. Only a request that may not have reached Telegram is
sent again: a send whose answer timed out (it went out, and Telegram may have carried it out) is
not, so a slow Telegram never makes a member read the same reply twice; the error handler then
counts the reply as sent. An outage is logged once when it starts and once when it ends
(:class:`~bot.telegram.outage.ApiHealth`).
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import Any

from telegram.error import NetworkError, TimedOut
from telegram.request import RequestData

from bot.telegram.outage import ApiHealth
from bot.telegram.request import AiohttpRequest

log = logging.getLogger(__name__)


def repeatable(api_method: str) -> bool:
    """Whether carrying out ``api_method`` twice is harmless (reads, settings, edits).

    Sends (``sendMessage``, ``sendDocument``, ``copyMessage``, ...) and answers to button
    presses are not: a second one is a second message, or an error.
    """
    name = api_method.lower()
    return not name.startswith(("send", "copy", "forward", "answer"))


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how patiently to retry one request.

    Attributes:
        attempts: tries in all, the first included.
        first_delay: seconds before the second try; doubled each time ...
        max_delay: ... up to this.
    """

    attempts: int = 8
    first_delay: float = 0.5
    max_delay: float = 10.0

    def delays(self) -> list[float]:
        """The waits between the tries."""
        waits, delay = [], self.first_delay
        for _ in range(self.attempts - 1):
            waits.append(delay)
            delay = min(delay * 2, self.max_delay)
        return waits


class RetryingRequest(AiohttpRequest):
    """:class:`AiohttpRequest` that retries 5xx answers, timeouts and connection errors.

    Args:
        policy: the retry policy.
        health: told of every failure and success (default: one of its own).
        **kwargs: passed to :class:`AiohttpRequest` (pool size, timeouts, proxy).
    """

    __slots__ = ("health", "policy")

    def __init__(
        self, policy: RetryPolicy | None = None, *, health: ApiHealth | None = None, **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        self.policy = policy or RetryPolicy()
        self.health = health or ApiHealth()

    async def do_request(  # type: ignore[override]
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        *args: Any,
        **kwargs: Any,
    ) -> tuple[int, bytes]:
        """Send one request, retrying server and network failures with backoff."""
        api_method = url.rsplit("/", 1)[-1]  # never log the url: it holds the token
        waits = self.policy.delays()
        for attempt, wait in enumerate([*waits, None], start=1):
            try:
                code, payload = await super().do_request(url, method, request_data, *args, **kwargs)
            except TimedOut as exc:
                self.health.failed(api_method, "no answer in time")
                if wait is None or not repeatable(api_method):
                    raise
                reason = type(exc).__name__
            except NetworkError as exc:
                self.health.failed(api_method, str(exc))
                if wait is None:
                    raise
                reason = type(exc).__name__
            else:
                if code < 500:
                    self.health.answered()
                    return code, payload
                self.health.failed(api_method, f"HTTP {code}")
                if wait is None:
                    return code, payload
                reason = f"HTTP {code}"
            log.debug(
                "Bot API %s failed (%s); retry %d of %d in %.1f s",
                api_method,
                reason,
                attempt,
                len(waits),
                wait,
            )
            await asyncio.sleep(wait)
        raise AssertionError("unreachable")  # pragma: no cover
