"""The question log on a real SQLite file: the background write path and the admins' reads."""

from __future__ import annotations

import asyncio
import csv
import io
import logging
import sqlite3
import string
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from bot.engine import Answer, Candidate
from bot.knowledge import Entry
from bot.store import (
    MIGRATIONS,
    LoggedQuestion,
    QuestionLog,
    Stats,
    StoreError,
    new_question_id,
)

SECRET = "test-secret"
NOW = datetime(2025, 11, 25, 12, 0, tzinfo=UTC)


def question(**fields: object) -> LoggedQuestion:
    """A logged question with plausible defaults; ``fields`` override them."""
    values: dict[str, object] = {
        "id": new_question_id(),
        "created_at": NOW,
        "chat_type": "private",
        "user_key": "a1b2c3d4e5f60718",
        "text": "ลงนามวันไหน",
        "language": "th",
        "outcome": "answered",
        "matched_id": "signing-date",
        "score": 92.5,
        "runner_up_id": "venue",
        "runner_up_score": 40.0,
    }
    values.update(fields)
    return LoggedQuestion(**values)  # type: ignore[arg-type]


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "questions.sqlite3"


@pytest.fixture
async def log(db_path: Path) -> AsyncIterator[QuestionLog]:
    async with QuestionLog(db_path, user_key_secret=SECRET, retry_delay=0.01) as opened:
        yield opened


def rows_in(path: Path) -> list[tuple[object, ...]]:
    """The rows as another connection (another process, say) sees them."""
    with sqlite3.connect(path) as other:
        return other.execute("SELECT id, outcome, feedback FROM questions ORDER BY id").fetchall()


@contextmanager
def write_lock_held(path: Path) -> Iterator[None]:
    """Another connection holding the database's write lock, as a stuck process would."""
    other = sqlite3.connect(path, isolation_level=None, timeout=0)
    other.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        other.execute("ROLLBACK")
        other.close()


async def eventually(condition: Callable[[], object], timeout: float = 5.0) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not condition():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.01)


# -- opening, schema -------------------------------------------------------------------------


async def test_open_creates_missing_directory_in_wal_mode_at_latest_schema(
    log: QuestionLog, db_path: Path
) -> None:
    with sqlite3.connect(db_path) as other:
        journal = other.execute("PRAGMA journal_mode").fetchone()[0]
        version = other.execute("PRAGMA user_version").fetchone()[0]
    assert (journal, version) == ("wal", len(MIGRATIONS))
    assert await log.integrity_ok()


async def test_upgrade_from_schema_version_1_keeps_rows_and_opens_them_for_review(
    db_path: Path,
) -> None:
    db_path.parent.mkdir()
    with sqlite3.connect(db_path) as old:
        for statement in MIGRATIONS[0]:
            old.execute(statement)
        old.execute("PRAGMA user_version = 1")
        old.execute(
            "INSERT INTO questions (id, created_at, chat_type, user_key, text, language,"
            " matched_id, score, outcome) VALUES ('old1', ?, 'private', 'k', 'ใครเซ็น', 'th',"
            " NULL, 10.0, 'declined')",
            (NOW.isoformat(),),
        )
    async with QuestionLog(db_path, user_key_secret=SECRET) as log:
        queue = await log.review_queue()
    assert [(q.id, q.review_status, q.assigned_id) for q in queue] == [("old1", "open", None)]
    with sqlite3.connect(db_path) as other:
        assert other.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)


async def test_database_from_a_newer_bot_is_refused(db_path: Path) -> None:
    db_path.parent.mkdir()
    with sqlite3.connect(db_path) as newer:
        newer.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    with pytest.raises(StoreError, match="newer than this bot knows"):
        await QuestionLog(db_path).open()


async def test_path_inside_a_file_fails_to_open_with_one_clear_error(tmp_path: Path) -> None:
    (tmp_path / "not-a-dir").write_text("x")
    with pytest.raises(StoreError, match="cannot open the question log"):
        await QuestionLog(tmp_path / "not-a-dir" / "q.sqlite3").open()


# -- the write path --------------------------------------------------------------------------


async def test_recorded_question_reads_back_equal_after_flush(log: QuestionLog) -> None:
    row = question(text='ราคา, "พิเศษ"', runner_up_id=None, runner_up_score=None)
    log.record(row)
    await log.flush()
    assert await log.get(row.id) == row
    assert await log.get("no-such-id") is None


async def test_another_connection_sees_rows_after_flush(log: QuestionLog, db_path: Path) -> None:
    row = question()
    log.record(row)
    await log.flush()
    assert rows_in(db_path) == [(row.id, "answered", None)]


async def test_burst_of_1000_questions_costs_a_few_commits(log: QuestionLog, db_path: Path) -> None:
    rows = [question(id=f"q{i:04d}") for i in range(1000)]
    for row in rows:
        log.record(row)
    await log.flush()
    assert len(rows_in(db_path)) == 1000
    assert log.writer.batches_committed <= 3
    assert log.backlog == 0


async def test_close_writes_what_is_still_queued(db_path: Path) -> None:
    log = QuestionLog(db_path, user_key_secret=SECRET)
    await log.open()
    log.record(question(id="last-words"))
    await log.close()
    assert rows_in(db_path) == [("last-words", "answered", None)]


async def test_questions_recorded_before_open_are_written_once_open(db_path: Path) -> None:
    log = QuestionLog(db_path, user_key_secret=SECRET)
    log.record(question(id="early"))
    async with log:
        await log.flush()
    assert rows_in(db_path) == [("early", "answered", None)]


async def test_feedback_counts_only_from_the_member_who_asked(
    log: QuestionLog, db_path: Path
) -> None:
    row = question(id="q1", user_key="asker")
    log.record(row)
    log.set_feedback("q1", "asker", "up")  # queued right behind the insert
    log.set_feedback("q1", "someone-else", "down")
    await log.flush()
    assert rows_in(db_path) == [("q1", "answered", "up")]


async def test_none_of_these_marks_the_question_unanswered_for_its_asker_only(
    log: QuestionLog, db_path: Path
) -> None:
    log.record(question(id="mine", user_key="asker", outcome="suggested"))
    log.record(question(id="theirs", user_key="other", outcome="suggested"))
    log.mark_unanswered("mine", "asker")
    log.mark_unanswered("theirs", "asker")
    await log.flush()
    assert rows_in(db_path) == [("mine", "unanswered", None), ("theirs", "suggested", None)]


async def test_row_the_schema_refuses_is_set_aside_without_losing_its_neighbours(
    log: QuestionLog, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    log.record(question(id="good1"))
    log.record(question(id="bad", outcome="maybe", text="ความลับของสมาชิก"))  # type: ignore[arg-type]
    log.record(question(id="good2"))
    await log.flush()
    assert [r[0] for r in rows_in(db_path)] == ["good1", "good2"]
    assert log.writer.rows_rejected == 1
    rejected = db_path.with_name(db_path.name + "-rejected.jsonl").read_text(encoding="utf-8")
    assert '"bad"' in rejected  # kept for an operator, never lost
    assert "refuses a question write" in caplog.text
    assert "ความลับของสมาชิก" not in caplog.text  # the member's text stays out of the log


async def test_memory_is_bounded_when_nothing_can_be_written(
    db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    async with QuestionLog(db_path, user_key_secret=SECRET, max_queue=5) as log:
        for i in range(8):  # faster than the writer can run: the bound is reached
            log.record(question(id=f"q{i}"))
        await log.flush()
        assert log.writer.rows_dropped == 3
    assert [r[0] for r in rows_in(db_path)] == ["q0", "q1", "q2", "q3", "q4"]
    assert "a write is lost" in caplog.text


async def test_locked_database_never_breaks_record_and_tells_admins_once(db_path: Path) -> None:
    errors: list[Exception] = []
    recovered: list[int] = []

    async def tell_admins(exc: Exception) -> None:
        errors.append(exc)

    async with QuestionLog(
        db_path,
        user_key_secret=SECRET,
        on_error=tell_admins,
        on_recovered=recovered.append,
        busy_timeout=0.02,
        retry_delay=0.01,
    ) as log:
        with write_lock_held(db_path):
            log.record(question(id="during-1"))
            await eventually(lambda: errors)
            log.record(question(id="during-2"))  # answers go on while the disk is stuck
            await log.flush()
            await asyncio.sleep(0.2)  # several more attempts to reach the database
            assert log.writer.batches_committed == 0
            assert rows_in(db_path) == []
        await eventually(lambda: recovered)
        assert [r[0] for r in rows_in(db_path)] == ["during-1", "during-2"]
    assert len(errors) == 1
    assert isinstance(errors[0], sqlite3.OperationalError)
    assert "locked" in str(errors[0])
    assert recovered == [2]


async def test_rows_written_while_locked_wait_in_the_spill_file_until_replayed(
    db_path: Path,
) -> None:
    spill = db_path.with_name(db_path.name + "-spill.jsonl")
    async with QuestionLog(
        db_path, user_key_secret=SECRET, busy_timeout=0.01, retry_delay=0.05
    ) as log:
        with write_lock_held(db_path):
            log.record(question(id="kept", user_key="asker"))
            log.set_feedback("kept", "asker", "down")
            await log.flush()  # returns once the rows are safe in the spill file
            assert log.writer.outage is not None
            assert spill.exists() and (spill.stat().st_mode & 0o777) == 0o600
            assert '"kept"' in spill.read_text(encoding="utf-8")
        await eventually(lambda: log.writer.outage is None)
        log.record(question(id="after"))
        await log.flush()
    assert rows_in(db_path) == [("after", "answered", None), ("kept", "answered", "down")]
    assert not spill.exists()


async def test_spill_file_left_by_an_earlier_run_is_replayed_at_start_once(db_path: Path) -> None:
    spill = db_path.with_name(db_path.name + "-spill.jsonl")
    async with QuestionLog(db_path, user_key_secret=SECRET, busy_timeout=0.01) as log:
        with write_lock_held(db_path):
            log.record(question(id="from-last-run", user_key="asker"))
            log.set_feedback("from-last-run", "asker", "up")
            await log.flush()
        kept = spill.read_bytes()
        log.writer.spill.append = lambda records: None  # type: ignore[method-assign]
    spill.write_bytes(kept + b'{"op": "question", "params": ["torn')  # a crash mid-line
    async with QuestionLog(db_path, user_key_secret=SECRET):
        pass
    spill.write_bytes(kept)  # replaying the same writes again changes nothing
    async with QuestionLog(db_path, user_key_secret=SECRET):
        pass
    assert rows_in(db_path) == [("from-last-run", "answered", "up")]
    assert not spill.exists()


async def test_full_disk_and_unwritable_spill_file_hold_rows_in_memory_until_one_works(
    log: QuestionLog,
    db_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    async def disk_full(*args: object, **kwargs: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    def spill_full(records: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(log.writer._db, "write", disk_full)
    monkeypatch.setattr(log.writer.spill, "append", spill_full)
    log.record(question(id="held"))
    await log.flush()  # returns: nothing can be written, the row is held
    assert log.writer.stuck and log.backlog == 1
    assert "nor the spill file" in caplog.text and "the bot goes on answering" in caplog.text
    monkeypatch.undo()  # space again
    await eventually(lambda: log.writer.outage is None and log.backlog == 0)
    assert rows_in(db_path) == [("held", "answered", None)]


async def test_close_while_locked_keeps_the_rows_in_the_spill_file(db_path: Path) -> None:
    log = QuestionLog(db_path, user_key_secret=SECRET, busy_timeout=0.05, batch_window=60)
    await log.open()
    with write_lock_held(db_path):
        log.record(question(id="at-the-stop"))
        await log.close(timeout=1.0)
    async with QuestionLog(db_path, user_key_secret=SECRET):
        pass
    assert rows_in(db_path) == [("at-the-stop", "answered", None)]


async def test_forget_user_during_an_outage_refuses_rather_than_half_forgets(
    db_path: Path,
) -> None:
    async with QuestionLog(db_path, user_key_secret=SECRET, busy_timeout=0.01) as log:
        with write_lock_held(db_path):
            log.record(question(id="mine", user_key="leaving"))
            await log.flush()
            with pytest.raises(StoreError, match="cannot be written now"):
                await log.forget_user("leaving")


async def test_failing_error_callback_does_not_stop_the_writer(
    db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    def broken_callback(exc: Exception) -> None:
        raise RuntimeError("telegram is down too")

    async with QuestionLog(
        db_path,
        user_key_secret=SECRET,
        on_error=broken_callback,
        busy_timeout=0.01,
        retry_delay=0.01,
    ) as log:
        with write_lock_held(db_path):
            log.record(question(id="q1"))
            await eventually(lambda: "admin notice callback failed" in caplog.text)
        await eventually(lambda: log.writer.outage is None)
    assert rows_in(db_path) == [("q1", "answered", None)]


async def test_healthcheck_passes_when_open_and_fails_when_closed(db_path: Path) -> None:
    log = QuestionLog(db_path, user_key_secret=SECRET)
    await log.open()
    await log.healthcheck()
    await log.close()
    with pytest.raises(StoreError):
        await log.healthcheck()


# -- pseudonyms and ids ----------------------------------------------------------------------


async def test_user_key_without_configured_secret_is_stable_across_restarts(
    db_path: Path,
) -> None:
    async with QuestionLog(db_path) as first:
        key = first.user_key(123456789)
    async with QuestionLog(db_path) as second:
        assert second.user_key(123456789) == key
        assert second.user_key(123456780) != key
    assert len(key) == 16
    assert set(key) <= set(string.hexdigits.lower())


def test_user_key_depends_on_the_secret() -> None:
    assert QuestionLog("x", user_key_secret="a").user_key(1) != QuestionLog(
        "x", user_key_secret="b"
    ).user_key(1)


async def test_raw_telegram_id_never_reaches_the_database_file(
    log: QuestionLog, db_path: Path
) -> None:
    telegram_id = 987654321987
    log.record(question(user_key=log.user_key(telegram_id)))
    await log.close()
    stored = b"".join(p.read_bytes() for p in db_path.parent.iterdir())
    assert str(telegram_id).encode() not in stored


def test_question_ids_are_short_distinct_and_safe_on_a_command_line() -> None:
    ids = {new_question_id() for _ in range(1000)}
    assert len(ids) == 1000
    assert all(len(i) <= 16 and i.isascii() and i.isalnum() for i in ids)


def test_log_row_from_an_answer_keeps_best_and_runner_up() -> None:
    def entry(entry_id: str) -> Entry:
        return Entry(entry_id, "t", "t", ("q",), "a", "a", "s")

    answer = Answer(
        question="เซ็นที่ไหน",
        language="th",
        outcome="suggested",
        entry=None,
        score=70.0,
        candidates=(Candidate(entry("venue"), 70.0), Candidate(entry("signing-date"), 65.0)),
        suggestions=(entry("venue"), entry("signing-date")),
        text="หมายถึง...",
    )
    row = LoggedQuestion.from_answer(
        answer, question_id="abc", chat_type="group", user_key="k", created_at=NOW
    )
    assert row == LoggedQuestion(
        id="abc",
        created_at=NOW,
        chat_type="group",
        user_key="k",
        text="เซ็นที่ไหน",
        language="th",
        outcome="suggested",
        matched_id="venue",
        score=70.0,
        runner_up_id="signing-date",
        runner_up_score=65.0,
    )


# -- review ----------------------------------------------------------------------------------


async def review_dataset(log: QuestionLog) -> None:
    at = [NOW - timedelta(minutes=m) for m in range(10)]
    log.record(question(id="confident", created_at=at[0], score=95.0))
    log.record(question(id="low-score", created_at=at[1], score=60.0))
    log.record(question(id="suggested", created_at=at[2], outcome="suggested", score=70.0))
    log.record(question(id="declined", created_at=at[3], outcome="declined", score=20.0))
    log.record(question(id="none-fit", created_at=at[4], outcome="suggested", user_key="u"))
    log.mark_unanswered("none-fit", "u")
    log.record(question(id="thumbs-down", created_at=at[5], score=90.0, user_key="u"))
    log.set_feedback("thumbs-down", "u", "down")
    log.record(question(id="done", created_at=at[6], outcome="declined", review_status="resolved"))
    await log.flush()


async def test_review_queue_lists_what_needs_an_admin_newest_first(log: QuestionLog) -> None:
    await review_dataset(log)
    queue = await log.review_queue(limit=50)
    assert [q.id for q in queue] == [
        "low-score",
        "suggested",
        "declined",
        "none-fit",
        "thumbs-down",
    ]
    assert await log.review_count() == 5


async def test_review_queue_pages_with_limit_and_offset(log: QuestionLog) -> None:
    await review_dataset(log)
    first = await log.review_queue(limit=2)
    second = await log.review_queue(limit=2, offset=2)
    assert [q.id for q in first + second] == ["low-score", "suggested", "declined", "none-fit"]


async def test_ignored_question_stays_out_of_the_queue_even_after_new_feedback(
    log: QuestionLog,
) -> None:
    await review_dataset(log)
    assert await log.set_review_status("declined", "ignored")
    log.set_feedback("declined", "a1b2c3d4e5f60718", "down")
    log.mark_unanswered("declined", "a1b2c3d4e5f60718")
    await log.flush()
    assert "declined" not in [q.id for q in await log.review_queue(limit=50)]
    ignored = await log.get("declined")
    assert ignored is not None and ignored.review_status == "ignored"


async def test_assigning_records_the_entry_and_leaves_the_queue(log: QuestionLog) -> None:
    await review_dataset(log)
    assert await log.set_review_status("declined", "assigned", assigned_id="venue")
    assigned = await log.get("declined")
    assert assigned is not None
    assert (assigned.review_status, assigned.assigned_id) == ("assigned", "venue")
    assert "declined" not in [q.id for q in await log.review_queue(limit=50)]


async def test_review_status_of_unknown_question_reports_false(log: QuestionLog) -> None:
    assert await log.set_review_status("nope", "resolved") is False


@pytest.mark.parametrize(
    ("status", "assigned_id"),
    [("assigned", None), ("resolved", "venue"), ("done", None)],
    ids=["assigned-without-entry", "entry-without-assigned", "unknown-status"],
)
async def test_review_status_rejects_inconsistent_arguments(
    log: QuestionLog, status: str, assigned_id: str | None
) -> None:
    with pytest.raises(ValueError):
        await log.set_review_status("q", status, assigned_id)  # type: ignore[arg-type]


# -- statistics ------------------------------------------------------------------------------


async def stats_dataset(log: QuestionLog) -> None:
    def at(day: int, hour: int) -> datetime:
        return datetime(2025, 11, day, hour, tzinfo=UTC)

    log.record(question(id="a1", created_at=at(23, 9), user_key="u1"))
    log.set_feedback("a1", "u1", "up")
    log.record(question(id="a2", created_at=at(23, 10), matched_id="venue"))
    log.record(question(id="d1", created_at=at(23, 11), outcome="declined", text="ใครจ่ายเงิน?"))
    log.record(question(id="a3", created_at=at(24, 9), user_key="u2"))
    log.set_feedback("a3", "u2", "down")
    log.record(question(id="s1", created_at=at(24, 10), outcome="suggested"))
    log.record(question(id="d2", created_at=at(24, 11), outcome="declined", text="ใครจ่ายเงิน?"))
    log.record(question(id="n1", created_at=at(24, 12), outcome="unanswered", text="who pays"))
    log.record(question(id="d3", created_at=at(24, 13), outcome="declined", text="Who  pays?"))
    log.record(question(id="a4", created_at=at(25, 9)))
    log.record(question(id="d4", created_at=at(25, 10), outcome="declined", text="ใครจ่ายเงิน ?"))
    log.record(question(id="old", created_at=at(10, 9), matched_id="venue"))
    await log.flush()


async def test_stats_count_a_known_week(log: QuestionLog) -> None:
    await stats_dataset(log)
    assert await log.stats(days=7, now=NOW) == Stats(
        days=7,
        total=10,
        answered=4,
        suggested=1,
        declined=4,
        unanswered=1,
        answered_rate=0.4,
        feedback_up=1,
        feedback_down=1,
        top_entries=[("signing-date", 3), ("venue", 1)],
        top_declined=[("ใครจ่ายเงิน?", 3), ("Who pays?", 2)],
        per_day=[("2025-11-23", 3, 2), ("2025-11-24", 5, 1), ("2025-11-25", 2, 1)],
    )


async def test_stats_over_all_time_include_old_questions(log: QuestionLog) -> None:
    await stats_dataset(log)
    stats = await log.stats(days=0, now=NOW)
    assert (stats.total, stats.top_entries) == (11, [("signing-date", 3), ("venue", 2)])


async def test_stats_of_an_empty_log_are_zero(log: QuestionLog) -> None:
    stats = await log.stats()
    assert (stats.total, stats.answered_rate, stats.per_day) == (0, 0.0, [])


# -- export, erasure, retention --------------------------------------------------------------


def parse_csv(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


async def test_csv_starts_with_a_bom_and_thai_with_commas_quotes_newlines_round_trips(
    log: QuestionLog,
) -> None:
    text = 'ค่าสมาชิก, "รายปี" เท่าไร\nบรรทัดที่สอง'
    log.record(question(id="q1", text=text, runner_up_score=None))
    await log.flush()
    data = await log.export_csv()
    assert data.startswith(b"\xef\xbb\xbf")
    [row] = parse_csv(data)
    assert (row["id"], row["text"], row["runner_up_score"], row["feedback"]) == ("q1", text, "", "")
    assert row["created_at"] == NOW.isoformat(timespec="microseconds")


@pytest.mark.parametrize(
    "text",
    ['=HYPERLINK("http://evil")', "+1+2", "-2+3", "@SUM(A1)", "\tx", "\rx"],
    ids=["equals", "plus", "minus", "at", "tab", "carriage-return"],
)
async def test_csv_neutralises_cells_a_spreadsheet_would_run(log: QuestionLog, text: str) -> None:
    log.record(question(id="q1", text=text))
    await log.flush()
    [row] = parse_csv(await log.export_csv())
    assert row["text"] == "'" + text


@pytest.mark.parametrize(
    "text",
    ["  =1+2", "\u3000=1+2", "＝1+2", "＋1", "－1", "＠SUM(A1)", " \t-3"],
    ids=["spaces", "ideographic-space", "full-width-equals", "plus", "minus", "at", "space-tab"],
)
async def test_csv_guards_formulas_behind_spaces_and_in_full_width(
    log: QuestionLog, text: str
) -> None:
    log.record(question(id="q1", text=text))
    await log.flush()
    [row] = parse_csv(await log.export_csv())
    assert row["text"].startswith("'")


async def test_csv_writes_nul_and_bidi_overrides_as_visible_escapes(log: QuestionLog) -> None:
    log.record(question(id="q1", text="a\x00b \u202eevil\u202c\nline two\x1b[31m"))
    await log.flush()
    data = await log.export_csv()
    [row] = parse_csv(data)
    assert b"\x00" not in data and "\u202e".encode() not in data
    assert row["text"] == "a\\x00b \\u202eevil\\u202c\nline two\\x1b[31m"


async def test_forget_user_deletes_that_members_questions_even_still_queued(
    log: QuestionLog, db_path: Path
) -> None:
    log.record(question(id="mine-1", user_key="leaving"))
    log.record(question(id="theirs", user_key="staying"))
    await log.flush()
    log.record(question(id="mine-2", user_key="leaving"))  # not yet written
    assert await log.forget_user("leaving") == 2
    assert [r[0] for r in rows_in(db_path)] == ["theirs"]


async def test_purge_deletes_only_questions_older_than_retention(log: QuestionLog) -> None:
    log.record(question(id="old", created_at=NOW - timedelta(days=31)))
    log.record(question(id="recent", created_at=NOW - timedelta(days=29)))
    await log.flush()
    assert await log.purge_older_than(0, now=NOW) == 0  # 0 keeps everything
    assert await log.purge_older_than(30, now=NOW) == 1
    assert [q.id for q in await log.recent()] == ["recent"]


async def test_admin_reads_on_a_closed_log_raise_store_error(db_path: Path) -> None:
    log = QuestionLog(db_path)
    with pytest.raises(StoreError):
        await log.review_queue()
    with pytest.raises(StoreError):
        log.user_key(1)


async def test_row_written_in_one_timezone_reads_back_in_utc(log: QuestionLog) -> None:
    bangkok = NOW.astimezone(timezone(timedelta(hours=7)))
    log.record(question(id="q1", created_at=bangkok))
    await log.flush()
    stored = await log.get("q1")
    assert stored is not None
    assert (stored.created_at, stored.created_at.utcoffset()) == (NOW, timedelta(0))


async def test_failure_details_are_logged_with_the_traceback_once_per_outage(
    db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.ERROR, logger="bot.store")
    async with QuestionLog(
        db_path, user_key_secret=SECRET, busy_timeout=0.01, retry_delay=0.01
    ) as log:
        with write_lock_held(db_path):
            for _ in range(3):
                log.record(question())
                await log.flush()
    failures = [r for r in caplog.records if "cannot be written" in r.getMessage()]
    assert len(failures) == 1 and failures[0].exc_info is not None
