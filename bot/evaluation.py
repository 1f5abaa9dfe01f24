"""The curators' regression set: labelled questions, each with the entry that must answer it."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from bot.engine import Answer, Engine
from bot.knowledge import KnowledgeError, Problem, read_yaml

DEFAULT_MIN_ACCURACY = 0.95


@dataclass(frozen=True)
class Case:
    """One labelled question: ``expect`` is an entry id, or None when the bot must decline."""

    question: str
    expect: str | None
    line: int = 0


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
    """Read a labelled set (``cases:`` of ``q`` and ``expect``).

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
        expect = item["expect"]
        if isinstance(expect, str) and expect.strip().lower() in {"", "none", "null", "~"}:
            expect = None
        cases.append(Case(str(item["q"]), None if expect is None else str(expect), line))
    if problems:
        raise KnowledgeError(path, problems)
    return cases


def is_correct(case: Case, answer: Answer) -> bool:
    """A case passes when the expected entry is answered, or an out-of-scope one is declined."""
    if case.expect is None:
        return answer.outcome == "declined"
    return (
        answer.outcome == "answered" and answer.entry is not None and answer.entry.id == case.expect
    )


def evaluate(engine: Engine, cases: list[Case]) -> EvalReport:
    """Run every case through the engine."""
    report = EvalReport()
    for case in cases:
        answer = engine.ask(case.question)
        report.total += 1
        report.outcomes[answer.outcome] += 1
        report.scores.append(answer.score)
        if case.expect is None:
            report.out_of_scope += 1
            report.out_of_scope_declined += answer.outcome == "declined"
        if is_correct(case, answer):
            report.correct += 1
        else:
            report.misses.append((case, answer))
    return report


def unknown_ids(engine: Engine, cases: list[Case]) -> list[Case]:
    """Cases that expect an entry id the FAQ does not have (a typo in the labelled set)."""
    return [c for c in cases if c.expect is not None and engine.faq.get(c.expect) is None]


def histogram(scores: list[float], width: int = 10) -> list[tuple[str, int]]:
    """Counts of scores per band of ``width`` points, e.g. ("90-100", 42)."""
    bands: Counter[int] = Counter(min(int(s // width), 100 // width - 1) for s in scores)
    return [(f"{b * width:>3}-{b * width + width:<3}", bands[b]) for b in range(100 // width)]
