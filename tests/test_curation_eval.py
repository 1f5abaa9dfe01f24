"""The curators' eval tools: readable eval, per-entry accuracy, eval --against, and the check
`review assign` runs before a question becomes a phrasing."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from bot.cli import main
from bot.faq_edit import add_phrasing
from bot.knowledge import load_faq
from bot.settings import DEFAULT_FAQ_PATH, REPO_ROOT
from tests.test_admin_cli import question, read, run, seed

KNOWLEDGE = REPO_ROOT / "knowledge"
EVAL = KNOWLEDGE / "eval.yaml"


def without_entry(text: str, entry_id: str) -> str:
    """A FAQ text with one entry (and its start topic) taken out."""
    start = text.index(f"  - id: {entry_id}\n")
    end = text.find("\n  - id: ", start + 1)
    text = text[:start] + (text[end + 1 :] if end != -1 else "")
    return re.sub(rf"(start_topics: \[.*?)\b{entry_id}, ", r"\1", text)


@pytest.fixture(scope="module")
def knowledge_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("knowledge")
    for path in KNOWLEDGE.iterdir():
        if path.is_file():
            shutil.copy(path, folder / path.name)
    return folder


def test_eval_prints_outcomes_as_words_and_accuracy_per_entry(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["eval"]) == 0
    out = capsys.readouterr().out
    assert "{'" not in out
    outcomes = next(line for line in out.splitlines() if line.startswith("outcomes: "))
    assert re.fullmatch(r"outcomes: [a-z-]+ \d+( · [a-z-]+ \d+)*", outcomes)
    faq = load_faq(DEFAULT_FAQ_PATH)
    rows = {line.split()[0]: line for line in out.splitlines() if line.startswith("  ")}
    assert rows["venue"].split()[1].endswith("/" + rows["venue"].split()[1].split("/")[1])
    assert {"venue", "signing-date", "(decline)"} <= rows.keys()
    assert all(e.id in rows for e in faq.entries if e.id in EVAL.read_text(encoding="utf-8"))


def test_eval_json_has_the_accuracy_per_entry(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    venue = next(row for row in report["per_entry"] if row["entry"] == "venue")
    assert venue["correct"] == venue["total"] > 0


def test_against_another_faq_lists_the_questions_an_edit_changes(
    knowledge_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = knowledge_copy / "faq.yaml"
    before.write_text(
        without_entry(DEFAULT_FAQ_PATH.read_text(encoding="utf-8"), "venue"), encoding="utf-8"
    )
    assert main(["eval", "--against", str(before)]) == 0  # nothing broken: venue came back
    out = capsys.readouterr().out
    fixed = [line for line in out.splitlines() if "✓ fixed" in line]
    assert fixed and all("expected venue" in line for line in fixed)
    assert "now:    answered venue" in out
    assert re.search(rf"\d+ of \d+ change: {len(fixed)} fixed, 0 broken", out)


def test_against_reports_a_broken_question_and_exits_1(
    knowledge_copy: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    edited = knowledge_copy / "faq.yaml"
    shutil.copy(DEFAULT_FAQ_PATH, edited)
    add_phrasing(edited, "signing-date", "ลงนามที่ไหนครับ")
    monkeypatch.setenv("FAQ_PATH", str(edited))
    assert main(["eval", str(EVAL), "--against", str(DEFAULT_FAQ_PATH)]) == 1
    out = capsys.readouterr().out
    assert "✗ broken" in out
    assert "before: answered venue" in out and "signing-date" in out.split("✗ broken")[1]


def test_against_a_git_revision(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = tmp_path / "repo"
    (repo / "knowledge").mkdir(parents=True)
    faq = repo / "knowledge" / "faq.yaml"
    for path in KNOWLEDGE.iterdir():
        if path.is_file():
            shutil.copy(path, repo / "knowledge" / path.name)
    faq.write_text(
        without_entry(DEFAULT_FAQ_PATH.read_text(encoding="utf-8"), "venue"), encoding="utf-8"
    )
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "-C", str(repo)]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-qm", "without the venue"], check=True)
    shutil.copy(DEFAULT_FAQ_PATH, faq)
    monkeypatch.setenv("FAQ_PATH", str(faq))
    assert main(["eval", "--against", "HEAD"]) == 0
    out = capsys.readouterr().out
    assert "✓ fixed" in out and "before = HEAD" in out
    assert main(["eval", "--against", "no-such-revision"]) == 2
    assert "no-such-revision" in capsys.readouterr().err


# --- review assign


@pytest.fixture
def small_faq(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    from tests.test_faq_edit import FAQ_TEXT

    db = tmp_path / "data" / "questions.sqlite3"
    faq = tmp_path / "faq.yaml"
    faq.write_text(FAQ_TEXT, encoding="utf-8")
    monkeypatch.setenv("BOT_DB_PATH", str(db))
    monkeypatch.setenv("FAQ_PATH", str(faq))
    monkeypatch.setenv("USER_KEY_SECRET", "cli-test-secret")
    seed(
        db,
        question("elsewhere", outcome="answered", text="เบต้าคืออะไรนะ"),
        question("outside", outcome="declined", text="ราคาทองวันนี้"),
    )
    return faq


def test_assign_refuses_a_question_another_entry_would_answer(
    small_faq: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = small_faq.read_text(encoding="utf-8")
    assert run("review", "assign", "elsewhere", "alpha") == 1
    err = capsys.readouterr().err
    assert "beta" in err and "--force" in err
    assert small_faq.read_text(encoding="utf-8") == before
    stored = read(small_faq.parent / "data" / "questions.sqlite3", "elsewhere")
    assert stored is not None and stored.review_status == "open"


def test_assign_refuses_an_out_of_scope_question_unless_forced(
    small_faq: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run("review", "assign", "outside", "alpha") == 1
    assert "out of scope" in capsys.readouterr().err
    assert run("review", "assign", "outside", "alpha", "--force") == 0
    assert load_faq(small_faq).get("alpha").questions[-1] == "ราคาทองวันนี้"  # type: ignore[union-attr]


def test_review_leaves_matched_empty_for_declined_rows(
    small_faq: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = small_faq.parent / "data" / "questions.sqlite3"
    seed(db, question("closest", outcome="declined", matched_id="alpha", text="x"))
    assert run("review", "--all") == 0
    row = next(line for line in capsys.readouterr().out.splitlines() if line.startswith("closest"))
    assert "alpha" not in row and row.split()[5] == "-"
