"""The curators' lint: everything `validate` checks in a FAQ and the knowledge files beside it.

Each check lives in :mod:`bot.curation`; this module runs them in order and collects what they
find, every problem naming its own file and line.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from bot.curation.collisions import check_collisions
from bot.curation.coverage import check_coverage, min_phrasings
from bot.curation.factcheck import FactChecker, check_facts, load_check_words
from bot.curation.locate import EntryLines
from bot.curation.messages import said
from bot.curation.misspelling_stems import check_misspelling_stems
from bot.curation.quotes import check_quotes
from bot.curation.references import (
    check_facts_file,
    check_gap_labels,
    check_read_words,
    check_rule_entries,
    check_rule_names,
    known_words,
)
from bot.curation.sources import library_dir, load_library
from bot.curation.synonym_groups import check_groups
from bot.engine import Engine, KnowledgeFiles, knowledge_files, load_processor
from bot.facts import load_facts
from bot.knowledge import FAQ, KnowledgeError, Problem, _placed, load_faq
from bot.nlp.pipeline import TextProcessor
from bot.settings import REPO_ROOT

CURATION_FILE = "curation.yaml"
EVAL_FILE = "eval.yaml"


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
    """Check a FAQ file, the knowledge files beside it, and that every phrasing reaches its
    own entry.

    A phrasing that the matcher sends to another entry is a collision (an error): members
    asking it would get the wrong answer. A phrasing that only reaches its entry as a
    "did you mean" suggestion is a warning, as are thin entries.
    """
    report = LintReport(faq_path)
    try:
        faq = load_faq(faq_path)
        report.entries = len(faq)
        report.phrasings = sum(len(e.questions) for e in faq.entries)
        files = knowledge_files(faq_path)
        synonym_errors = check_groups(files.synonyms)
        report.errors += synonym_errors
        processor = load_processor(faq_path)
        report.warnings += check_misspelling_stems(files.synonyms, processor)
        _check_sources(report, faq, faq_path, processor)
        _check_references(report, faq, files, processor)
        _check_coverage(report, faq, faq_path, files)
    except KnowledgeError as exc:
        report.errors.extend(_placed(exc.path, exc.problems))
        return _placed_report(report)
    if synonym_errors:
        report.warnings.append(
            Problem(
                said(
                    "ยังไม่ได้ตรวจการชนกันของวิธีถาม: แก้ synonyms.yaml ก่อน",
                    "phrasing collisions not checked: fix synonyms.yaml first",
                )
            )
        )
    else:
        errors, warnings = check_collisions(Engine(faq, processor))
        report.errors += errors
        report.warnings += warnings
    return _placed_report(report)


def _placed_report(report: LintReport) -> LintReport:
    """Every problem with its file's name and its line shown."""
    files = knowledge_files(report.path)
    for path in (report.path, files.synonyms, files.rules, files.facts):
        report.errors[:] = _placed(path, report.errors)
        report.warnings[:] = _placed(path, report.warnings)
    return report


def _check_sources(report: LintReport, faq: FAQ, faq_path: Path, processor: TextProcessor) -> None:
    """Quotes are in their articles; answers state nothing their sources do not.

    Raises:
        KnowledgeError: the sources, facts or curation files are malformed.
    """
    files = knowledge_files(faq_path)
    lines = EntryLines(faq_path)
    errors, warnings = check_quotes(faq, load_library(library_dir(faq_path)), lines)
    report.errors += errors
    report.warnings += warnings
    words = load_check_words(_curation_file(files), processor)
    checker = FactChecker(load_facts(files.facts), processor, words)
    report.errors += check_facts(faq, checker, lines)


def _check_references(
    report: LintReport, faq: FAQ, files: KnowledgeFiles, processor: TextProcessor
) -> None:
    """rules.yaml's and facts.yaml's names exist; every fact is stated by its answer.

    Only files beside the FAQ are checked against it: a FAQ elsewhere that borrows the shipped
    rules and facts is not the FAQ they were written for.
    """
    here = faq.path.parent if faq.path else None
    if here not in (files.rules.parent, files.facts.parent):
        return
    known = known_words(faq, processor)
    if files.rules.parent == here:
        report.errors += check_rule_names(files.rules, known, processor)
        report.errors += check_rule_entries(files.rules, faq, processor)
        report.errors += check_gap_labels(files.rules, processor)
        report.errors += check_read_words(files.rules, processor)
    if files.facts.parent == here:
        report.errors += check_facts_file(load_facts(files.facts), faq, known, processor)


def _check_coverage(report: LintReport, faq: FAQ, faq_path: Path, files: KnowledgeFiles) -> None:
    """Warnings for thin entries (eval.yaml beside the FAQ gives the labelled questions)."""
    from bot.evaluation import load_cases

    eval_path = faq_path.parent / EVAL_FILE
    labelled = None
    if eval_path.exists():
        try:
            cases = load_cases(eval_path)
        except KnowledgeError as exc:
            # bot.evaluation speaks English: the Thai lead says what the line is about.
            lead = "ไฟล์คำถามทดสอบเขียนไม่ถูกแบบตรงนี้"
            raise KnowledgeError(
                exc.path,
                [
                    p if " / " in p.message else replace(p, message=said(lead, p.message))
                    for p in exc.problems
                ],
            ) from None
        labelled = {i for case in cases for i in case.ids if i is not None}
    report.warnings += check_coverage(faq, labelled, min_phrasings(_curation_file(files)))


def _curation_file(files: KnowledgeFiles) -> Path:
    beside = files.facts.parent / CURATION_FILE
    return beside if beside.exists() else REPO_ROOT / "knowledge" / CURATION_FILE
