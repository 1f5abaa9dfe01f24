"""The curators' lint: everything `validate` checks in a FAQ and its lexicon files."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from bot.curation.factcheck import FactChecker, check_facts, load_check_words
from bot.curation.locate import EntryLines
from bot.curation.quotes import check_quotes
from bot.curation.sources import library_dir, load_library
from bot.engine import Engine, knowledge_files, load_processor
from bot.facts import load_facts
from bot.knowledge import FAQ, KnowledgeError, Problem, _placed, load_faq
from bot.nlp.pipeline import TextProcessor

FACT_CHECK_FILE = "fact_check.yaml"


@dataclass
class LintReport:
    """The outcome of checking one FAQ file."""

    path: Path
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    entries: int = 0
    phrasings: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


def lint(faq_path: Path) -> LintReport:
    """Check a FAQ file, its lexicon files, and that every phrasing reaches its own entry.

    A phrasing that the matcher sends to another entry is a collision (an error): members
    asking it would get the wrong answer. A phrasing that only reaches its entry as a
    "did you mean" suggestion is a warning.
    """
    report = LintReport(faq_path)
    try:
        faq = load_faq(faq_path)
    except KnowledgeError as exc:
        report.errors.extend(exc.problems)
        return report
    report.entries = len(faq)
    report.phrasings = sum(len(e.questions) for e in faq.entries)
    try:
        processor = load_processor(faq_path)
        _check_sources(report, faq, faq_path, processor)
    except KnowledgeError as exc:
        report.errors.extend(exc.problems)
        return report
    engine = Engine(faq, processor)
    owners: dict[str, str] = {}
    for entry in faq.entries:
        for phrasing in entry.questions:
            key = " ".join(processor.tokens(phrasing))
            other = owners.setdefault(key, entry.id)
            if other != entry.id:
                report.errors.append(
                    Problem(
                        f"collision: the phrasing '{phrasing}' reads the same as one in entry "
                        f"'{other}'; keep it in one entry only",
                        entry.line,
                        entry.id,
                    )
                )
    for entry in faq.entries:
        for phrasing in entry.questions:
            result = engine.matcher.match(phrasing)
            own = next((s.score for s in result.ranked if s.entry.id == entry.id), 0.0)
            rival = next((s for s in result.ranked if s.entry.id != entry.id), None)
            if not result.ranked or not processor.tokens(phrasing):
                report.warnings.append(
                    Problem(
                        f"the phrasing '{phrasing}' has no words the matcher can use",
                        entry.line,
                        entry.id,
                    )
                )
            elif (
                rival is not None
                and rival.score >= own
                and rival.score >= engine.matcher.config.suggest_at
            ):
                via = f" (via its phrasing '{rival.phrasing}')" if rival.phrasing else ""
                report.errors.append(
                    Problem(
                        f"collision: the phrasing '{phrasing}' goes to entry '{rival.entry.id}'{via}, "
                        f"scoring {rival.score:.0f} there and {own:.0f} here; reword one of them",
                        entry.line,
                        entry.id,
                    )
                )
            elif result.outcome != "answered":
                others = ", ".join(f"'{s.entry.id}' ({s.score:.0f})" for s in result.ranked[:3])
                report.warnings.append(
                    Problem(
                        f"the phrasing '{phrasing}' is not answered directly ({result.outcome}; "
                        f"closest: {others})",
                        entry.line,
                        entry.id,
                    )
                )
    return report


def _check_sources(report: LintReport, faq: FAQ, faq_path: Path, processor: TextProcessor) -> None:
    """Quotes are in their articles; answers state nothing their sources do not.

    Raises:
        KnowledgeError: the sources, facts or fact-check files are malformed.
    """
    files = knowledge_files(faq_path)
    lines = EntryLines(faq_path)
    errors, warnings = check_quotes(faq, load_library(library_dir(faq_path)), lines)
    report.errors += errors
    report.warnings += warnings
    words = load_check_words(files.facts.parent / FACT_CHECK_FILE, processor)
    checker = FactChecker(load_facts(files.facts), processor, words)
    report.errors += check_facts(faq, checker, lines)
    report.errors[:] = _placed(faq_path, report.errors)
    report.warnings[:] = _placed(faq_path, report.warnings)
