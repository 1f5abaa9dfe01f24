"""The answering engine: a question in, the reply a member gets out. Knows nothing of Telegram."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from bot.knowledge import FAQ, Entry

Outcome = Literal["answered", "suggested", "declined"]
Language = Literal["th", "en"]


@dataclass(frozen=True)
class Candidate:
    """An entry and how well the question matched it (0-100)."""

    entry: Entry
    score: float


@dataclass(frozen=True)
class Answer:
    """What the engine says to one question.

    Attributes:
        question: the question as received.
        language: "th" when the question has any Thai, else "en".
        outcome: answered (one entry), suggested ("did you mean"), or declined.
        entry: the answered entry (only when outcome is "answered").
        score: the best score, 0-100.
        candidates: the best few entries, best first (runner-ups included).
        suggestions: the entries offered as "did you mean" (empty unless suggested).
        text: the plain-text reply: the answer, or the fallback when none.
    """

    question: str
    language: Language
    outcome: Outcome
    entry: Entry | None
    score: float
    candidates: tuple[Candidate, ...]
    suggestions: tuple[Entry, ...]
    text: str

    @property
    def matched(self) -> bool:
        return self.outcome == "answered"

    @property
    def runner_up(self) -> Candidate | None:
        return self.candidates[1] if len(self.candidates) > 1 else None
