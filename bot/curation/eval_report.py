"""`python -m bot eval`: the labelled questions' report for curators, readable and per entry."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from bot.answer import Answer
from bot.evaluation import Case, EvalReport, histogram

DECLINE = "(decline)"  # the row of the out-of-scope questions in the per-entry table


@dataclass(frozen=True)
class EntryScore:
    """How the labelled questions naming one entry fared."""

    entry: str
    correct: int
    total: int

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0


def per_entry(cases: list[Case], report: EvalReport) -> list[EntryScore]:
    """Accuracy per entry: every labelled question counts for each entry it expects (the
    out-of-scope ones under ``(decline)``); worst first, then by id."""
    missed = {(case.line, case.question) for case, _ in report.misses}
    totals: Counter[str] = Counter()
    right: Counter[str] = Counter()
    for case in cases:
        ok = (case.line, case.question) not in missed
        for entry in sorted(case.ids) or [DECLINE]:
            totals[entry] += 1
            right[entry] += ok
    scores = [EntryScore(e, right[e], totals[e]) for e in totals]
    return sorted(scores, key=lambda s: (s.accuracy, s.entry))


def got(answer: Answer) -> str:
    """What a reply gave, in a few words: ``answered venue``, ``declined``, ``answered
    [signing-date, venue]``, with the verdict when there is one (``answered venue (no)``)."""
    ids = [p.entry.id if p.entry else "-" for p in answer.each_part]
    if answer.outcome == "suggested":
        ids = [", ".join(e.id for e in answer.suggestions)]
    shown = ids[0] if len(ids) == 1 else "[" + ", ".join(ids) + "]"
    verdicts = [p.verdict.value for p in answer.each_part if p.verdict is not None]
    said = f"{answer.outcome} {shown}" if shown != "-" else answer.outcome
    return said + (f" ({', '.join(verdicts)})" if verdicts else "")


def outcomes_line(outcomes: Counter[str]) -> str:
    """``answered 259 · declined 40 · not-stated 27``."""
    return " · ".join(f"{outcome} {count}" for outcome, count in outcomes.most_common())


def format_report(cases: list[Case], report: EvalReport, threshold: float) -> str:
    """The report as text: misses, score distribution, outcomes, per entry, accuracy."""
    lines = []
    for case, answer in report.misses:
        lines.append(
            f"  ✗ line {case.line}: {case.question!r} expected {case.expect or 'decline'}, "
            f"got {got(answer)} ({answer.score:.0f})"
        )
    lines.append("score distribution:")
    lines += [f"  {band} {'#' * min(n, 60)} {n}" for band, n in histogram(report.scores)]
    lines.append(f"outcomes: {outcomes_line(report.outcomes)}")
    lines.append("accuracy per entry (worst first):")
    scores = per_entry(cases, report)
    width = max((len(s.entry) for s in scores), default=0)
    lines += [
        f"  {s.entry:<{width}}  {s.correct:>3}/{s.total:<3} {s.accuracy:6.1%}" for s in scores
    ]
    lines.append(f"out of scope declined: {report.out_of_scope_declined}/{report.out_of_scope}")
    lines.append(
        f"accuracy: {report.correct}/{report.total} = {report.accuracy:.1%} "
        f"(needed {threshold:.0%})"
    )
    return "\n".join(lines)


def report_json(
    cases: list[Case], report: EvalReport, misses: list[dict[str, Any]]
) -> dict[str, Any]:
    """The report as JSON (``misses``: one object per miss, made by the caller)."""
    return {
        "total": report.total,
        "correct": report.correct,
        "accuracy": round(report.accuracy, 4),
        "out_of_scope": report.out_of_scope,
        "out_of_scope_declined": report.out_of_scope_declined,
        "outcomes": dict(report.outcomes),
        "per_entry": [
            {"entry": s.entry, "correct": s.correct, "total": s.total}
            for s in per_entry(cases, report)
        ],
        "misses": misses,
    }
