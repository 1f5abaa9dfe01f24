"""The console chat (`python -m bot chat`): a member's whole experience, piped and driven."""

from __future__ import annotations

import io
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from pythainlp.tokenize import word_tokenize

from bot import texts
from bot.cli import main
from bot.console import ChatSession, enable_line_editing, piped_reader
from bot.console.session import looks_like_number
from bot.console.wrap import display_width, wrap, wrap_line
from bot.engine import Engine, load_processor
from bot.knowledge import FAQ, Entry
from bot.nlp.normalize import MAX_QUESTION_CHARS
from bot.settings import DEFAULT_FAQ_PATH, REPO_ROOT

FIVE_PILLARS = "What are the five pillars?"
FOLLOW_UP = "and what is the fourth one about?"


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine.load(DEFAULT_FAQ_PATH)


def chat(*lines: str, env: dict[str, str] | None = None, args: tuple[str, ...] = ()) -> str:
    """The output of ``python -m bot chat`` with ``lines`` piped into it."""
    done = subprocess.run(
        [sys.executable, "-m", "bot", "chat", *args],
        input="".join(f"{line}\n" for line in lines),
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
        env={
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "CACHE_DIR": os.environ["CACHE_DIR"],  # never the user's own (conftest.py)
            **(env or {}),
        },
    )
    return done.stdout


def test_piped_chat_answers_commands_sources_long_messages_and_follow_ups(engine: Engine) -> None:
    venue = engine.faq.get("venue")
    assert venue is not None
    long_message = "ลงนามที่ไหน " * (MAX_QUESTION_CHARS // 10)
    out = chat("/help", "/start", "ลงนามที่ไหน", "/source", long_message, FIVE_PILLARS, FOLLOW_UP)
    assert texts.CONSOLE_HELP in out
    start_titles = [engine.faq.get(i).title for i in engine.faq.start_topics]  # type: ignore[union-attr]
    assert all(f". {title}" in out for title in start_titles)
    assert texts.CONSOLE_START in out
    assert venue.source in out
    assert f"{len(long_message):,}" in out and f"{MAX_QUESTION_CHARS:,}" in out
    fourth = engine.faq.pillars[3]
    assert out.rstrip().split("you> " + FOLLOW_UP)[1].count(fourth.answer_en.split(".")[0]) == 1
    # Asked alone (no context) the same follow-up does not get the fourth pillar.
    assert engine.ask(FOLLOW_UP).entry != fourth


def test_help_and_start_are_commands_not_questions(engine: Engine) -> None:
    session = ChatSession(engine)
    for command in ("/help", "/start", "/START@partnership_bot"):
        said = session.handle(command)
        assert said is not None
        assert texts.DECLINED["th"] not in said.text
    assert engine.ask("/help").text not in session.handle("/help").text  # type: ignore[union-attr]


def test_a_bad_number_gets_a_hint_and_keeps_the_list(engine: Engine) -> None:
    session = ChatSession(engine)
    session.handle("/pillars")
    hint = texts.CONSOLE_PICK_HINT["th"].format(first=1, last=len(engine.faq.pillars))
    for bad in ("7", "0", "๒", "²", "-1", "1_0"):
        said = session.handle(bad)
        assert said is not None and said.text == hint, bad
    said = session.handle(" 2 ")
    second = engine.faq.pillars[1]
    assert said is not None and second.answer in said.text
    assert session.sources == (second,)


def test_a_suggestion_is_chosen_by_number_and_none_of_these_is_zero() -> None:
    def entry(entry_id: str, *questions: str) -> Entry:
        return Entry(entry_id, entry_id, entry_id, questions, f"answer {entry_id}", "en", "-")

    faq = FAQ(
        entries=(
            entry("battery-reuse", "แบตเตอรี่ นำกลับมาใช้ใหม่", "battery reuse"),
            entry("battery-parts", "แบตเตอรี่ ชิ้นส่วน", "battery parts"),
            entry("venue", "ลงนามที่ไหน", "where"),
        )
    )
    close = Engine(faq, load_processor(DEFAULT_FAQ_PATH))
    session = ChatSession(close)
    said = session.handle("แบตเตอรี่")
    assert said is not None and "  0. " + texts.NONE_OF_THESE["th"] in said.text
    first = close.ask("แบตเตอรี่").suggestions[0]
    assert session.handle("3") is not None and session.menu is not None  # a hint, list kept
    picked = session.handle("1")
    assert picked is not None and picked.text.endswith(first.answer)
    session.handle("แบตเตอรี่")
    assert session.handle("0").text == texts.NOTED_UNANSWERED["th"]  # type: ignore[union-attr]
    assert session.menu is None


def test_source_before_any_answer_says_there_is_none(engine: Engine) -> None:
    said = ChatSession(engine).handle("/source")
    assert said is not None and said.text == texts.CONSOLE_NO_SOURCE["th"]


def test_labels_follow_the_language_of_the_question(engine: Engine) -> None:
    out = io.StringIO()
    lines = iter(["When was the LOI signed?", "ลงนามที่ไหน"])
    prompts: list[str] = []

    def read(prompt: str) -> str:
        prompts.append(prompt)
        line = next(lines, None)
        if line is None:
            raise EOFError
        return line

    from bot.console import run

    assert run(ChatSession(engine), read, out) == 0
    assert prompts == ["คุณ> ", "you> ", "คุณ> "]
    assert "bot> " in out.getvalue() and "บอท> " in out.getvalue()


def test_related_and_not_stated_topics_are_offered_by_number(engine: Engine) -> None:
    session = ChatSession(engine)
    answer = next(
        a
        for q in ("ข้อ 5 คืออะไร", "ความเป็นกลางทางคาร์บอน", "LOI คืออะไร", "ประชุมกันที่ไหน")
        if (a := engine.ask(q)).related or a.outcome == "not-stated"
    )
    said = session.handle(answer.question)
    assert said is not None and texts.CONSOLE_SEE_ALSO["th"] in said.text
    assert session.menu is not None
    offered = session.menu.entries[0]
    picked = session.handle("1")
    assert picked is not None and offered.answer in picked.text


def test_thai_is_wrapped_between_words_to_the_width() -> None:
    text = (
        "พิธีลงนามหนังสือแสดงเจตจำนงระหว่างสถาบันยานยนต์กับเจโทรจัดขึ้นเมื่อวันพฤหัสบดี"
        "ที่สิบสามมกราคมณโรงแรมแชงกรีลากรุงเทพ"
    )
    lines = wrap_line(text, 24)
    assert len(lines) > 2
    assert "".join(lines) == text
    assert all(display_width(line) <= 24 for line in lines)
    boundaries = set()
    at = 0
    for word in word_tokenize(text):
        at += len(word)
        boundaries.add(at)
    at = 0
    for line in lines[:-1]:
        at += len(line)
        assert at in boundaries, line


def test_wrap_counts_thai_marks_as_no_column_and_leaves_pipes_alone() -> None:
    assert display_width("ที่มา") == 3
    assert wrap("a b " * 50, None) == "a b " * 50
    wrapped = wrap("one two three four five six seven", 25 + 5, indent=5).split("\n")
    assert wrapped == ["one two three four five", "     six seven"]


def test_line_editing_is_off_when_stdin_is_a_pipe() -> None:
    assert enable_line_editing(io.StringIO("x\n")) is False


def test_piped_reader_echoes_and_ends() -> None:
    out = io.StringIO()
    read = piped_reader(io.StringIO("ลงนามที่ไหน\n"), out)
    assert read("คุณ> ") == "ลงนามที่ไหน"
    assert out.getvalue() == "คุณ> ลงนามที่ไหน\n"
    with pytest.raises(EOFError):
        read("คุณ> ")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("3", True), ("๓", True), ("²", True), ("-1", True), ("3 ด้าน", False), ("ข้อ", False)],
    ids=["ascii", "thai-digit", "superscript", "negative", "words-after", "no-digit"],
)
def test_what_looks_like_a_number(text: str, expected: bool) -> None:
    assert looks_like_number(text) is expected


def questions_logged(db: Path) -> list[tuple[str, str, str]]:
    with sqlite3.connect(db) as connection:
        return connection.execute(
            "SELECT chat_type, text, outcome FROM questions ORDER BY created_at"
        ).fetchall()


def test_chat_log_writes_console_rows_that_review_shows(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "q.sqlite3"
    env = {"BOT_DB_PATH": str(db), "USER_KEY_SECRET": "s" * 32}
    chat("ลงนามที่ไหน", "ราคาทองวันนี้", env=env, args=("--log",))
    rows = questions_logged(db)
    assert [(r[0], r[1]) for r in rows] == [
        ("console", "ลงนามที่ไหน"),
        ("console", "ราคาทองวันนี้"),
    ]
    assert rows[1][2] == "declined"


def test_ask_log_writes_console_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "q.sqlite3"
    monkeypatch.setenv("BOT_DB_PATH", str(db))
    monkeypatch.setenv("USER_KEY_SECRET", "s" * 32)
    assert main(["ask", "--log", "ลงนามที่ไหน"]) == 0
    assert questions_logged(db) == [("console", "ลงนามที่ไหน", "answered")]
    assert main(["review", "--all"]) == 0
    assert "ลงนามที่ไหน" in capsys.readouterr().out
