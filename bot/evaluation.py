"""The curators' regression set: labelled questions, each with the entry that must answer it."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from bot.answer import VERDICTS, Answer, Context
from bot.engine import Engine
from bot.knowledge import KnowledgeError, Problem, read_yaml

DEFAULT_MIN_ACCURACY = 0.95


# Only "q" and "expect" are required; the rest label the new kinds of question.
CASE_KEYS = {"q", "expect", "verdict", "after", "outcome", "says", "__line__"}
# ids that mean "the bot must not answer with a fact"
NO_ENTRY = {"", "none", "null", "~"}

Part = frozenset[str | None]  # the ids that would be right for one part; None: decline


@dataclass(frozen=True)
class Case:
    """One labelled message.

    Attributes:
        question: the message.
        parts: what must answer each part, in order: a set of acceptable entry ids, where
            None means the part must not be answered with a fact (declined or not stated).
        verdict: yes / no / not-stated when the message is a yes/no check.
        after: the chat's earlier messages, oldest first (asked before, not graded).
        outcome: "not-stated" when the reply must say the article does not say it.
        says: texts any right reply contains.
        line: where the case starts in its file.
    """

    question: str
    parts: tuple[Part, ...]
    verdict: str | None = None
    after: tuple[str, ...] = ()
    outcome: str | None = None
    says: tuple[str, ...] = ()
    line: int = 0

    @property
    def expect(self) -> str | None:
        """The expected id as written: "venue", "a|b", "[a, b]", or None for a decline."""
        shown = [
            "|".join(sorted(i for i in part if i is not None)) or "null" for part in self.parts
        ]
        if len(shown) > 1:
            return "[" + ", ".join(shown) + "]"
        return None if shown[0] == "null" else shown[0]

    @property
    def ids(self) -> set[str]:
        """Every entry id the case names."""
        return {i for part in self.parts for i in part if i is not None}


@dataclass
class EvalReport:
    """Accuracy and misses of one run over a labelled set."""

    total: int = 0
    correct: int = 0
    misses: list[tuple[Case, Answer]] = field(default_factory=list)
    out_of_scope: int = 0
    out_of_scope_declined: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)
    scores: list[float] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0


def load_cases(path: Path) -> list[Case]:
    """Read a labelled set (``cases:`` of ``q`` and ``expect``, and optionally ``verdict``,
    ``after``, ``outcome`` and ``says``; see knowledge/README.md).

    Raises:
        KnowledgeError: the file is missing or malformed.
    """
    data = read_yaml(path)
    raw = data.get("cases") if isinstance(data, dict) else None
    if not isinstance(raw, list) or not raw:
        raise KnowledgeError(
            path, [Problem("the file needs a non-empty 'cases:' list of q/expect pairs")]
        )
    cases: list[Case] = []
    problems: list[Problem] = []
    for item in raw:
        line = item.get("__line__", 0) if isinstance(item, dict) else 0
        if not isinstance(item, dict) or "q" not in item or "expect" not in item:
            problems.append(
                Problem("every case needs 'q' (the question) and 'expect' (an id or null)", line)
            )
            continue
        case = _parse_case(item, line, problems)
        if case is not None:
            cases.append(case)
    if problems:
        raise KnowledgeError(path, problems)
    return cases


def _parse_case(item: dict[str, Any], line: int, problems: list[Problem]) -> Case | None:
    unknown = set(item) - CASE_KEYS
    if unknown:
        problems.append(Problem(f"unknown key(s) {', '.join(sorted(unknown))}", line))
        return None
    expect = item["expect"]
    listed = expect if isinstance(expect, list) else [expect]
    if not listed:
        problems.append(Problem("'expect' is an empty list", line))
        return None
    parts = tuple(_part(value) for value in listed)
    verdict = item.get("verdict")
    if verdict is not None and str(verdict) not in VERDICTS:
        problems.append(Problem(f"'verdict' must be one of {', '.join(VERDICTS)}", line))
        return None
    outcome = item.get("outcome")
    if outcome is not None and str(outcome) != "not-stated":
        problems.append(Problem("'outcome' can only be not-stated", line))
        return None
    return Case(
        str(item["q"]),
        parts,
        verdict=None if verdict is None else str(verdict),
        after=tuple(str(q) for q in _as_list(item.get("after"))),
        outcome=None if outcome is None else str(outcome),
        says=tuple(str(s) for s in _as_list(item.get("says"))),
        line=line,
    )


def _part(value: object) -> Part:
    if value is None:
        return frozenset({None})
    ids = {i.strip() for i in str(value).split("|")}
    return frozenset(None if i.lower() in NO_ENTRY else i for i in ids)


def _as_list(value: object) -> list[object]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def is_correct(case: Case, answer: Answer) -> bool:
    """Whether the reply is right: every part answered by an expected entry (or, where the
    part must not be answered, declined or not stated), the verdict and the outcome as labelled,
    and every ``says`` text in the reply."""
    parts = answer.each_part
    if case.parts == (frozenset({None}),):
        # Out of scope: right when no part of the reply gives a fact (and, labelled
        # not-stated, some part says the article does not say it).
        return (
            all(p.outcome in ("declined", "not-stated") for p in parts)
            and (case.outcome is None or any(p.outcome == "not-stated" for p in parts))
            and (
                case.verdict is None
                or any(p.verdict and p.verdict.value == case.verdict for p in parts)
            )
        )
    expected_parts = _collapsed(case.parts)
    if len(parts) != len(expected_parts):
        return False
    for expected, part in zip(expected_parts, parts, strict=True):
        if not _part_is_right(case, expected, part):
            return False
    if case.verdict is not None:
        verdicts = [p.verdict.value for p in parts if p.verdict is not None]
        if case.verdict not in verdicts:
            return False
    return all(said.casefold() in answer.text.casefold() for said in case.says)


def _collapsed(parts: tuple[Part, ...]) -> tuple[Part, ...]:
    """The expected parts with a part an earlier part's entry also answers left out: "เริ่มปี
    ไหน จบปีไหน" (both the term) is rightly answered by the term once."""
    out: list[Part] = []
    for part in parts:
        same = next((i for i, o in enumerate(out) if None not in part and part & o), None)
        if same is not None:
            out[same] = out[same] & part
            continue
        out.append(part)
    return tuple(out)


def _part_is_right(case: Case, expected: Part, part: Answer) -> bool:
    entry_id = part.entry.id if part.entry else None
    if case.outcome == "not-stated":
        return part.outcome == "not-stated" and entry_id in expected
    if None in expected and part.outcome in ("declined", "not-stated"):
        return True
    if case.verdict == "not-stated" and part.outcome == "not-stated":
        # "Did Toyota take part?" labelled with its topic: "the article does not say", with
        # that topic offered, is the right reply.
        return entry_id in expected
    return part.outcome == "answered" and entry_id in expected


def ask_in_context(engine: Engine, case: Case, now: datetime | None = None) -> Answer:
    """The engine's reply to the case's message, after its earlier messages in the same chat."""
    context: Context | None = None
    for earlier in case.after:
        answer = engine.ask(earlier, context=context, now=now)
        context = answer.context or context
    return engine.ask(case.question, context=context, now=now)


def evaluate(engine: Engine, cases: list[Case], now: datetime | None = None) -> EvalReport:
    """Run every case through the engine (at ``now``, default the engine's clock)."""
    report = EvalReport()
    for case in cases:
        answer = ask_in_context(engine, case, now)
        report.total += 1
        report.outcomes[answer.outcome] += 1
        report.scores.append(answer.score)
        if case.parts == (frozenset({None}),):
            report.out_of_scope += 1
            # Declined, or "not stated": either way no fact is given.
            report.out_of_scope_declined += answer.outcome in ("declined", "not-stated")
        if is_correct(case, answer):
            report.correct += 1
        else:
            report.misses.append((case, answer))
    return report


def unknown_ids(engine: Engine, cases: list[Case]) -> list[Case]:
    """Cases that expect an entry id the FAQ does not have (a typo in the labelled set)."""
    return [c for c in cases if any(engine.faq.get(i) is None for i in c.ids)]


def histogram(scores: list[float], width: int = 10) -> list[tuple[str, int]]:
    """Counts of scores per band of ``width`` points, e.g. ("90-100", 42)."""
    bands: Counter[int] = Counter(min(int(s // width), 100 // width - 1) for s in scores)
    return [(f"{b * width:>3}-{b * width + width:<3}", bands[b]) for b in range(100 // width)]
