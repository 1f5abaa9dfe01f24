"""One line when the Bot API stops answering and one when it is back, instead of a flood.

Every request that fails for want of the Bot API (refused, timed out, 5xx) reports here, and so
does every one that gets through; only the first failure of an outage and the first success
after it are logged, at WARNING and without a traceback. What each retry does is DEBUG.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

log = logging.getLogger("bot.telegram")


class ApiHealth:
    """Whether the Bot API answers, as the bot's requests find it.

    Args:
        clock: a monotonic clock (tests pass their own).
    """

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._down_since: float | None = None
        self.outages = 0  # for tests and monitoring

    @property
    def down(self) -> bool:
        return self._down_since is not None

    def failed(self, method: str, reason: str) -> None:
        """A request could not be carried out: says so if this starts an outage."""
        if self._down_since is not None:
            return
        self._down_since = self._clock()
        self.outages += 1
        log.warning(
            "The Bot API does not answer (%s: %s); retrying quietly until it does", method, reason
        )

    def answered(self) -> None:
        """A request got through: says so if this ends an outage."""
        if self._down_since is None:
            return
        seconds = self._clock() - self._down_since
        self._down_since = None
        log.warning("The Bot API answers again (after %.0f s)", seconds)
