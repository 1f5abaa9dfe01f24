"""The admins' commands, run as `python -m bot` runs them, on a real log and FAQ file."""

from __future__ import annotations

import argparse
import asyncio
import csv
import io
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot import admin_cli
from bot.knowledge import load_faq
from bot.store import LoggedQuestion, QuestionLog
from tests.test_faq_edit import FAQ_TEXT

SECRET = "cli-test-secret"
NOW = datetime.now(UTC)


def run(*argv: str) -> int:
    """Parse ``argv`` with the admins' sub-commands and run the chosen one."""
    parser = argparse.ArgumentParser(prog="bot")
    admin_cli.add_subcommands(parser.add_subparsers())
    args = parser.parse_args(argv)
    code: int = args.func(args)
    return code


def question(qid: str, **fields: object) -> LoggedQuestion:
    values: dict[str, object] = {
        "id": qid,
        "created_at": NOW,
        "chat_type": "private",
        "user_key": "00000000000000aa",
        "text": "ลงนามวันไหน",
        "language": "th",
        "outcome": "answered",
        "matched_id": "alpha",
        "score": 95.0,
    }
    values.update(fields)
    return LoggedQuestion(**values)  # type: ignore[arg-type]


def seed(db: Path, *rows: LoggedQuestion) -> None:
    async def write() -> None:
        async with QuestionLog(db, user_key_secret=SECRET) as log:
            for row in rows:
                log.record(row)

    asyncio.run(write())


def read(db: Path, qid: str) -> LoggedQuestion | None:
    async def get() -> LoggedQuestion | None:
        async with QuestionLog(db, user_key_secret=SECRET) as log:
            return await log.get(qid)

    return asyncio.run(get())


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Settings pointing at a fresh log path and a FAQ copy; returns the log path."""
    db = tmp_path / "data" / "questions.sqlite3"
    faq = tmp_path / "faq.yaml"
    faq.write_text(FAQ_TEXT, encoding="utf-8")
    monkeypatch.setenv("BOT_DB_PATH", str(db))
    monkeypatch.setenv("FAQ_PATH", str(faq))
    monkeypatch.setenv("USER_KEY_SECRET", SECRET)
    monkeypatch.setenv("RETENTION_DAYS", "30")
    return db


@pytest.fixture
def db(env: Path) -> Path:
    seed(
        env,
        question("confident1", text="ลงนามวันไหน"),
        question("declined01", outcome="declined", score=12.0, matched_id=None, text="ใครจ่าย?"),
        question("suggested1", outcome="suggested", score=70.0, created_at=NOW - timedelta(1)),
    )
    return env


def test_review_lists_the_open_questions_as_a_table(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run("review") == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0].split() == ["ID", "TIME", "(UTC)", "OUTCOME", "SCORE", "MATCHED", "TEXT"]
    assert lines[1].split()[0] == "declined01" and lines[1].endswith("ใครจ่าย?")
    assert lines[2].split()[0] == "suggested1"
    assert "confident1" not in out
    assert "2 of 2 waiting for review" in out


def test_review_all_lists_every_question(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run("review", "--all", "--limit", "2") == 0
    ids = [line.split()[0] for line in capsys.readouterr().out.splitlines()[1:]]
    assert ids == ["declined01", "confident1"]


def test_review_shows_terminal_escapes_in_a_question_as_text(
    env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seed(env, question("evil", outcome="declined", text="\x1b[2J\x1b]0;pwned\x07hi\u202eevil"))
    assert run("review") == 0
    out = capsys.readouterr().out
    assert "\\x1b[2J\\x1b]0;pwned\\x07hi\\u202eevil" in out
    assert "\x1b" not in out and "\u202e" not in out and "\x07" not in out


def test_empty_review_queue_says_so(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    seed(env, question("confident1"))
    assert run("review") == 0
    assert capsys.readouterr().out.strip() == "Nothing to review."


@pytest.mark.parametrize("action", ["resolve", "ignore"])
def test_resolving_or_ignoring_takes_a_question_off_the_queue(
    db: Path, capsys: pytest.CaptureFixture[str], action: str
) -> None:
    assert run("review", action, "declined01") == 0
    assert run("review") == 0
    out = capsys.readouterr().out
    assert "declined01" not in out.split("\n", 1)[1]
    stored = read(db, "declined01")
    assert stored is not None
    assert stored.review_status == {"resolve": "resolved", "ignore": "ignored"}[action]


def test_assigning_adds_the_question_to_the_faq_and_marks_it(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run("review", "assign", "declined01", "beta") == 0
    faq = load_faq(Path(str(db.parent.parent / "faq.yaml")))
    assert faq.get("beta").questions[-1] == "ใครจ่าย?"  # type: ignore[union-attr]
    stored = read(db, "declined01")
    assert stored is not None
    assert (stored.review_status, stored.assigned_id) == ("assigned", "beta")
    assert "assigned to 'beta'" in capsys.readouterr().out


def test_assigning_a_phrasing_already_listed_still_marks_the_question(
    env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seed(env, question("dup", outcome="suggested", text="what is alpha"))
    assert run("review", "assign", "dup", "alpha") == 0
    assert "already lists" in capsys.readouterr().out
    stored = read(env, "dup")
    assert stored is not None and stored.review_status == "assigned"


def test_assigning_to_an_unknown_entry_fails_and_leaves_the_question_open(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    faq = db.parent.parent / "faq.yaml"
    assert run("review", "assign", "declined01", "alpah") == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "did you mean 'alpha'" in err
    assert faq.read_text(encoding="utf-8") == FAQ_TEXT
    stored = read(db, "declined01")
    assert stored is not None and stored.review_status == "open"


@pytest.mark.parametrize(
    "argv",
    [
        ("review", "resolve", "nope"),
        ("review", "ignore", "nope"),
        ("review", "assign", "nope", "a"),
    ],
    ids=["resolve", "ignore", "assign"],
)
def test_unknown_question_id_is_one_line_on_stderr(
    db: Path, capsys: pytest.CaptureFixture[str], argv: tuple[str, ...]
) -> None:
    assert run(*argv) == 1
    err = capsys.readouterr().err
    assert err == "error: no question has the id 'nope' (see 'review')\n"


def test_stats_json_has_the_numbers(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run("stats", "--json") == 0
    stats = json.loads(capsys.readouterr().out)
    assert (stats["total"], stats["answered"], stats["declined"], stats["suggested"]) == (
        3,
        1,
        1,
        1,
    )
    assert stats["top_declined"] == [["ใครจ่าย?", 1]]


def test_stats_as_text_for_a_person(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run("stats", "--days", "30") == 0
    out = capsys.readouterr().out
    assert out.startswith("Questions in the last 30 days: 3\n")
    assert "answered         1  (33%)" in out
    assert "ใครจ่าย?" in out


def test_export_to_a_file_is_csv_with_bom_readable_only_by_its_owner(
    db: Path, tmp_path: Path
) -> None:
    target = tmp_path / "export.csv"
    assert run("export", "-o", str(target)) == 0
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert {r["id"] for r in rows} == {"confident1", "declined01", "suggested1"}
    assert target.stat().st_mode & 0o777 == 0o600


def test_export_to_stdout_writes_the_bytes(
    db: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    assert run("export") == 0
    out = capsysbinary.readouterr().out
    assert out.startswith(b"\xef\xbb\xbfid,created_at,")
    assert "ใครจ่าย?".encode() in out


def test_forget_user_by_key_or_telegram_id(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    async def key_of(telegram_id: int) -> str:
        async with QuestionLog(env, user_key_secret=SECRET) as log:
            return log.user_key(telegram_id)

    seed(
        env, question("x", user_key="00000000000000aa"), question("y", user_key="00000000000000bb")
    )
    seed(env, question("z", user_key=asyncio.run(key_of(4242))))
    assert run("forget-user", "00000000000000aa") == 0
    assert run("forget-user", "--telegram-id", "4242") == 0
    out = capsys.readouterr().out
    assert "deleted 1 question(s) of user 00000000000000aa" in out
    assert [read(env, q) is not None for q in ("x", "y", "z")] == [False, True, False]


def test_forget_user_with_a_malformed_key_exits_2(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run("forget-user", "12345") == 2
    assert "is not a user key" in capsys.readouterr().err


def test_purge_applies_retention_days(
    env: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    seed(env, question("old", created_at=NOW - timedelta(days=40)), question("new"))
    assert run("purge") == 0
    assert "deleted 1 question(s) older than 30 days" in capsys.readouterr().out
    assert read(env, "old") is None and read(env, "new") is not None
    monkeypatch.setenv("RETENTION_DAYS", "0")
    assert run("purge") == 0
    assert "kept for good" in capsys.readouterr().out


@pytest.mark.parametrize(
    "argv",
    [
        ("review",),
        ("review", "resolve", "x"),
        ("stats",),
        ("export",),
        ("purge",),
        ("forget-user", "00000000000000aa"),
    ],
    ids=["review", "resolve", "stats", "export", "purge", "forget-user"],
)
def test_commands_without_a_log_yet_say_so_and_create_nothing(
    env: Path, capsys: pytest.CaptureFixture[str], argv: tuple[str, ...]
) -> None:
    assert run(*argv) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: no question log at ") and err.count("\n") == 1
    assert not env.parent.exists()


def test_malformed_setting_exits_2_with_one_line(
    db: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RETENTION_DAYS", "a year")
    assert run("stats") == 2
    assert capsys.readouterr().err == (
        "error: RETENTION_DAYS must be a whole number from 0 to 36500 (digits 0-9), got 'a year'\n"
    )


def test_file_that_is_not_a_database_is_one_line_not_a_traceback(
    env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    env.parent.mkdir()
    env.write_bytes(b"this is not sqlite" * 100)
    assert run("stats") == 1
    err = capsys.readouterr().err
    assert err.startswith("error: cannot open the question log") and err.count("\n") == 1


def test_every_command_sets_func(env: Path) -> None:
    parser = argparse.ArgumentParser()
    admin_cli.add_subcommands(parser.add_subparsers())
    for argv in (
        ["review"],
        ["review", "assign", "q", "e"],
        ["stats"],
        ["export"],
        ["purge"],
        ["forget-user", "--telegram-id", "1"],
    ):
        assert callable(parser.parse_args(argv).func)
