"""Per-member flood guard: at most ``limit`` updates per ``window`` seconds.

Over the limit a member gets one polite note, then silence until the oldest update of the
window has aged out. Updates turned away are not counted, so a member who keeps sending is
let back in as soon as the window passes. Times are when the member sent each update, so a
backlog handled at once after a restart is judged by how fast it was typed, not handled.
"""

from __future__ import annotations

import enum
import time
from collections import deque
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field


class Verdict(enum.Enum):
    """What to do with one question."""

    ALLOW = "allow"
    WARN = "warn"  # the first question over the limit: send the note
    DROP = "drop"  # later ones: say nothing


@dataclass
class _Recent:
    times: deque[float] = field(default_factory=deque)
    warned: bool = False


class FloodGuard:
    """Counts each member's recent updates.

    Args:
        limit: updates allowed per window; 0 turns the guard off.
        window: the window in seconds.
        clock: the time when :meth:`check` is not told it (tests pass their own).
    """

    SWEEP_EVERY = 1000  # checks between sweeps of users gone quiet, so memory stays bounded

    def __init__(
        self, limit: int, window: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.limit = limit
        self.window = window
        self._clock = clock
        self._users: dict[Hashable, _Recent] = {}
        self._checks = 0

    def check(self, sender: Hashable, now: float | None = None) -> Verdict:
        """Count one update from ``sender`` (sent at ``now``) and say whether to answer it."""
        if self.limit <= 0:
            return Verdict.ALLOW
        now = self._clock() if now is None else now
        self._checks += 1
        if self._checks % self.SWEEP_EVERY == 0:
            self._sweep(now)
        recent = self._users.setdefault(sender, _Recent())
        while recent.times and recent.times[0] <= now - self.window:
            recent.times.popleft()
        if len(recent.times) < self.limit:
            recent.times.append(now)
            recent.warned = False
            return Verdict.ALLOW
        if not recent.warned:
            recent.warned = True
            return Verdict.WARN
        return Verdict.DROP

    def __len__(self) -> int:
        return len(self._users)

    def _sweep(self, now: float) -> None:
        quiet = [
            uid for uid, r in self._users.items() if not r.times or r.times[-1] <= now - self.window
        ]
        for uid in quiet:
            del self._users[uid]
