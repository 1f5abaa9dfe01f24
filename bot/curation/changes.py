"""What an edit of knowledge/ changes: the labelled questions answered differently, and the
check `review assign` runs before a question becomes a phrasing.

`eval --against REV` reads the other version from git (``git show REV:./faq.yaml`` and the
knowledge files beside it) or from a second FAQ path, and answers every labelled question with
both at the same moment.
"""

from __future__ import annotations

import contextlib
import subprocess
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from bot.answer import Answer
from bot.compose import beyond
from bot.curation.eval_report import got
from bot.engine import (
    DOMAIN_WORDS_FILE,
    FACTS_FILE,
    RULES_FILE,
    SYNONYMS_FILE,
    VALUES_FILE,
    Engine,
    knowledge_files,
    load_processor,
)
from bot.evaluation import Case, ask_in_context, is_correct, load_cases
from bot.facts import load_facts
from bot.faq_edit import PhrasingExistsError, add_phrasing
from bot.knowledge import load_faq

LABELLED_FILE = "eval.yaml"  # the labelled questions beside a FAQ, checked by `review assign`
BESIDE_THE_FAQ = (SYNONYMS_FILE, DOMAIN_WORDS_FILE, RULES_FILE, FACTS_FILE, VALUES_FILE)


class ChangeError(Exception):
    """The other version cannot be read; the message says why, in one line."""


@dataclass(frozen=True)
class Change:
    """One labelled question answered differently by the two versions."""

    case: Case
    before: Answer
    after: Answer
    right_before: bool
    right_after: bool

    @property
    def kind(self) -> str:
        """fixed, broken, or changed (right or wrong both times)."""
        if self.right_before != self.right_after:
            return "fixed" if self.right_after else "broken"
        return "changed"


def load_other(against: str, faq_path: Path) -> Engine:
    """The engine of the other version: a FAQ file (or a folder holding faq.yaml), else a git
    revision of the FAQ file and the knowledge files beside it.

    Raises:
        ChangeError: neither a file nor a revision git knows with that FAQ file in it.
        KnowledgeError: the other version's files are invalid.
    """
    path = Path(against)
    if path.is_dir():
        path = path / faq_path.name
    if path.is_file():
        return Engine.load(path)
    with tempfile.TemporaryDirectory(prefix="faq-at-") as folder:
        snapshot = Path(folder) / faq_path.name
        snapshot.write_bytes(git_show(against, faq_path))
        for name in BESIDE_THE_FAQ:
            try:
                (Path(folder) / name).write_bytes(git_show(against, faq_path.parent / name))
            except ChangeError:
                continue  # not in that revision: the shipped file is used, as for any FAQ
        return Engine.load(snapshot)


def git_show(revision: str, path: Path) -> bytes:
    """The file at ``path`` as it was in ``revision``."""
    done = subprocess.run(
        ["git", "show", f"{revision}:./{path.name}"],
        cwd=path.parent,
        capture_output=True,
        timeout=30,
        check=False,
    )
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise ChangeError(
            f"{revision!r} is neither a FAQ file nor a git revision with {path.name} "
            f"({detail[-1] if detail else 'git failed'})"
        )
    return done.stdout


def same(before: Answer, after: Answer) -> bool:
    """Whether two replies give the same outcome, entries and verdicts (scores aside)."""
    return got(before) == got(after)


def compare(before: Engine, after: Engine, cases: list[Case], now: datetime) -> list[Change]:
    """Every labelled question whose outcome or entry differs between the two engines."""
    changes = []
    for case in cases:
        old = ask_in_context(before, case, now)
        new = ask_in_context(after, case, now)
        if not same(old, new):
            changes.append(Change(case, old, new, is_correct(case, old), is_correct(case, new)))
    return changes


def format_changes(changes: list[Change], total: int, before: str, after: str) -> str:
    """The change report: one block per changed question, then the counts."""
    lines = [f"labelled questions: {total}; before = {before}, now = {after}"]
    for change in changes:
        mark = {"fixed": "✓ fixed", "broken": "✗ broken", "changed": "· changed"}[change.kind]
        case = change.case
        lines += [
            f"  {mark}  line {case.line}: {case.question!r} (expected {case.expect or 'decline'})",
            f"      before: {got(change.before)}",
            f"      now:    {got(change.after)}",
        ]
    kinds = [c.kind for c in changes]
    lines.append(
        f"{len(changes)} of {total} change: {kinds.count('fixed')} fixed, "
        f"{kinds.count('broken')} broken, {kinds.count('changed')} otherwise changed"
    )
    return "\n".join(lines)


@dataclass(frozen=True)
class PhrasingCheck:
    """What adding a phrasing to an entry would do.

    Attributes:
        problem: why it should not be added (empty when it is fine).
        answer: the reply the question would then get.
        broken: labelled questions the edit would answer wrongly that were right.
    """

    problem: str
    answer: Answer
    broken: tuple[Change, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problem and not self.broken


def check_phrasing(
    faq_path: Path, entry_id: str, text: str, cases: list[Case] | None = None
) -> PhrasingCheck:
    """Whether ``text`` as a phrasing of ``entry_id`` would then be answered by that entry, and
    does not look out of scope (the bot declines it as beyond the article, or says the
    article does not say it). With ``cases``, the labelled questions it would break too.

    Raises:
        FaqEditError: the FAQ file cannot take the phrasing (no such entry, invalid after).
        KnowledgeError: the FAQ or a knowledge file is invalid.
    """
    current = Engine.load(faq_path)
    now = current.clock()
    today = current.ask(text, now=now)
    with tempfile.TemporaryDirectory(prefix="faq-assign-") as folder:
        copy = Path(folder) / faq_path.name
        copy.write_bytes(faq_path.read_bytes())
        with contextlib.suppress(PhrasingExistsError):  # already one: check the FAQ as it is
            add_phrasing(copy, entry_id, text)
        files = knowledge_files(faq_path)
        edited = Engine(load_faq(copy), load_processor(faq_path), facts=load_facts(files.facts))
    answer = edited.ask(text, now=now)
    broken = tuple(c for c in compare(current, edited, cases or [], now) if c.kind == "broken")
    return PhrasingCheck(phrasing_problem(today, answer, entry_id), answer, broken)


def phrasing_problem(today: Answer, then: Answer, entry_id: str) -> str:
    """Why a question should not become a phrasing of ``entry_id`` ('' when it should)."""
    if any(beyond(p) or p.outcome == "not-stated" for p in today.each_part):
        return f"it looks out of scope: the bot declines it today ({today.reason})"
    answered = {p.entry.id for p in then.each_part if p.entry and p.outcome == "answered"}
    if answered == {entry_id}:
        return ""
    if then.outcome in ("declined", "not-stated") or not answered:
        return f"it would still not be answered by '{entry_id}': {got(then)} ({then.reason})"
    return f"it would then be answered by {', '.join(sorted(answered))}, not '{entry_id}'"


def assignment_problems(faq_path: Path, entry_id: str, text: str) -> list[str]:
    """What is wrong with adding ``text`` to ``entry_id`` (`review assign`): where it would go
    instead, that it looks out of scope, and each labelled question of the eval.yaml beside the
    FAQ it would break. Empty when nothing is."""
    labelled = faq_path.parent / LABELLED_FILE
    cases = load_cases(labelled) if labelled.is_file() else None
    check = check_phrasing(faq_path, entry_id, text, cases)
    problems = [check.problem] if check.problem else []
    problems += [
        f"labelled question line {c.case.line} {c.case.question!r} would get {got(c.after)}"
        for c in check.broken
    ]
    return problems
