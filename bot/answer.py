"""What the engine says to one message: the types every other part of the bot reads.

Defined once here (the engine builds them; Telegram, the console, the log and the evaluation
read them). Nothing here knows about Telegram or SQL.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from bot.knowledge import Entry

Language = Literal["th", "en"]
# What the engine decided: one entry answered; "did you mean"; declined; or the topic is known
# but the article does not say what was asked ("not-stated": the topic is offered as a button).
Outcome = Literal["answered", "suggested", "declined", "not-stated"]
# What a yes/no check gets: ใช่ / ไม่ใช่ / ข่าวไม่ได้ระบุ.
VerdictValue = Literal["yes", "no", "not-stated"]

LANGUAGES: tuple[Language, ...] = ("th", "en")
OUTCOMES: tuple[Outcome, ...] = ("answered", "suggested", "declined", "not-stated")
VERDICTS: tuple[VerdictValue, ...] = ("yes", "no", "not-stated")


@dataclass(frozen=True)
class Reason:
    """Why the engine decided what it did: the rule's name and what triggered it.

    Attributes:
        rule: a short machine-readable name (``answered``, ``decline-word``,
            ``below-threshold``, ``not-stated``, ``follow-up``, …).
        words: the words of the message that triggered the rule, if any.
        detail: more about it, e.g. the unstated slot (``follow-up-meetings.venue``).
    """

    rule: str
    words: tuple[str, ...] = ()
    detail: str = ""

    def __str__(self) -> str:
        words = ", ".join(self.words)
        if words and self.detail:
            return f"{self.rule}: {words} ({self.detail})"
        said = words or self.detail
        return f"{self.rule}: {said}" if said else self.rule


@dataclass(frozen=True)
class Verdict:
    """The verdict on a yes/no check and the true fact, in the question's language.

    Attributes:
        value: yes, no, or not-stated.
        fact: the fact the verdict rests on ("ลงนามที่โรงแรมแชงกรี-ลา กรุงเทพฯ"); may be empty
            when the entry's answer says it all.
        claim: what the member claimed, as read (for the trace).
    """

    value: VerdictValue
    fact: str = ""
    claim: str = ""
    denied: bool = False  # the claim was put as a denial ("It wasn't in 2021, was it?")


@dataclass(frozen=True)
class Candidate:
    """An entry and how well the question matched it (0-100)."""

    entry: Entry
    score: float


@dataclass(frozen=True)
class Context:
    """What a chat's next short question may be read against: its last answered topic.

    Attributes:
        topic: the entry id last answered (or named by a "not stated" reply).
        words: the words of the message that found it, as the matcher read them.
        language: the language of that message.
    """

    topic: str
    words: tuple[str, ...] = ()
    language: Language = "th"


@dataclass(frozen=True)
class Answer:
    """What the engine says to one message (or to one part of it).

    Attributes:
        question: the message (or the part) as received.
        language: "th" when it has any Thai, else "en".
        outcome: answered, suggested, declined or not-stated.
        entry: the answered entry; for not-stated, the topic's entry (offered as a button).
        score: the best score, 0-100.
        candidates: the best few entries, best first (runner-ups included).
        suggestions: the entries offered as "did you mean" (empty unless suggested).
        text: the plain-text reply: verdict and fact first when there is a verdict, then the
            entry's answer, or the fallback when none. For a message of several parts, the
            parts' texts in order.
        reason: the rule that decided (the engine always gives one).
        verdict: the verdict on a yes/no check, when the message is one.
        related: other entries worth offering as buttons beside the answer.
        parts: one answer per part when the message asked several things (then ``entry`` is
            None and ``outcome`` is the best of the parts').
        context: what a follow-up in the same chat may be read against (None: keep the old).
        note: a sentence computed for this answer (e.g. from today's date), already in
            ``text``; kept apart for the trace.
        steps: every stage of answering and its output, for ``--explain``.
    """

    question: str
    language: Language
    outcome: Outcome
    entry: Entry | None
    score: float
    candidates: tuple[Candidate, ...]
    suggestions: tuple[Entry, ...]
    text: str
    reason: Reason | None = None
    verdict: Verdict | None = None
    related: tuple[Entry, ...] = ()
    parts: tuple[Answer, ...] = ()
    context: Context | None = None
    note: str = ""
    steps: tuple[tuple[str, str], ...] = ()

    @property
    def matched(self) -> bool:
        return self.outcome == "answered"

    @property
    def runner_up(self) -> Candidate | None:
        return self.candidates[1] if len(self.candidates) > 1 else None

    @property
    def each_part(self) -> tuple[Answer, ...]:
        """The parts, or the answer itself when the message asked one thing."""
        return self.parts or (self,)
