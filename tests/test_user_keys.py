"""The pseudonyms' secret lives outside the database: nothing in the file (or its write-ahead
log) lets anyone recompute a member's key from a Telegram id. Older databases are migrated
with their keys unchanged; the health check never writes a secret."""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import logging
import sqlite3
import stat
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.store import MIGRATIONS, LoggedQuestion, QuestionLog, StoreError
from tests.test_deploy import health

TELEGRAM_ID = 1_234_567_890
LEGACY_SECRET = "0f" * 32


def question(user_key: str, qid: str = "q1") -> LoggedQuestion:
    return LoggedQuestion(
        id=qid,
        created_at=datetime.now(UTC),
        chat_type="private",
        user_key=user_key,
        text="ลงนามวันไหน",
        language="th",
        outcome="answered",
    )


def hmac_key(secret: str, user_id: int) -> str:
    return hmac.new(secret.encode(), str(user_id).encode(), hashlib.sha256).hexdigest()[:16]


def database_bytes(db_path: Path) -> bytes:
    """The database file and whatever SQLite keeps beside it (write-ahead log, shared memory)."""
    return b"".join(
        p.read_bytes() for p in db_path.parent.iterdir() if p.name.startswith(db_path.name)
    )


def every_value(db_path: Path) -> list[str]:
    """Every text value of every table, as someone holding a copy of the file could read it."""
    with contextlib.closing(sqlite3.connect(db_path)) as db:
        tables = [row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return [
            str(value)
            for table in tables
            for row in db.execute(f"SELECT * FROM {table}")  # our own table names
            for value in row
            if value is not None
        ]


def legacy_database(db_path: Path) -> str:
    """A schema-3 database keeping its secret in ``meta``, with one question; its user key."""
    db_path.parent.mkdir(parents=True, exist_ok=True)
    key = hmac_key(LEGACY_SECRET, TELEGRAM_ID)
    with contextlib.closing(sqlite3.connect(db_path)) as db:
        for statements in MIGRATIONS[:3]:
            for statement in statements:
                db.execute(statement)
        db.execute("PRAGMA user_version = 3")
        db.execute("INSERT INTO meta VALUES ('user_key_secret', ?)", (LEGACY_SECRET,))
        db.execute(
            "INSERT INTO questions (id, created_at, chat_type, user_key, text, language, score,"
            " outcome) VALUES ('old', '2025-01-01T00:00:00.000000+00:00', 'private', ?, 'x',"
            " 'th', 90, 'answered')",
            (key,),
        )
        db.commit()
    return key


async def test_a_new_log_keeps_its_secret_in_a_key_file_readable_only_by_its_owner(
    tmp_path: Path,
) -> None:
    db_path = tmp_path / "data" / "questions.sqlite3"
    async with QuestionLog(db_path) as log:
        key = log.user_key(TELEGRAM_ID)
        log.record(question(key))

    key_file = tmp_path / "data" / "user_key.secret"
    secret = key_file.read_text().strip()
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert len(secret) == 64
    assert key == hmac_key(secret, TELEGRAM_ID)


async def test_no_value_in_the_database_file_recomputes_a_members_key(tmp_path: Path) -> None:
    db_path = tmp_path / "data" / "questions.sqlite3"
    async with QuestionLog(db_path) as log:
        key = log.user_key(TELEGRAM_ID)
        log.record(question(key))
    secret = (tmp_path / "data" / "user_key.secret").read_text().strip()

    values = every_value(db_path)
    assert key in values  # the pseudonym is there, as it must be
    assert all(hmac_key(value, TELEGRAM_ID) != key for value in values)
    assert secret.encode() not in database_bytes(db_path)
    assert str(TELEGRAM_ID).encode() not in database_bytes(db_path)


async def test_a_secret_in_meta_moves_to_the_key_file_and_every_key_stays_the_same(
    tmp_path: Path,
) -> None:
    db_path = tmp_path / "data" / "questions.sqlite3"
    old_key = legacy_database(db_path)

    async with QuestionLog(db_path) as log:
        assert log.user_key(TELEGRAM_ID) == old_key
        assert await log.forget_user(log.user_key(TELEGRAM_ID)) == 1  # /forgetme still works

    assert (tmp_path / "data" / "user_key.secret").read_text().strip() == LEGACY_SECRET
    assert LEGACY_SECRET not in every_value(db_path)
    assert LEGACY_SECRET.encode() not in database_bytes(db_path)


async def test_a_legacy_secret_is_erased_when_user_key_secret_is_set(tmp_path: Path) -> None:
    db_path = tmp_path / "questions.sqlite3"
    legacy_database(db_path)

    async with QuestionLog(db_path, user_key_secret="from-the-environment") as log:
        assert log.user_key(TELEGRAM_ID) == hmac_key("from-the-environment", TELEGRAM_ID)

    assert not (tmp_path / "user_key.secret").exists()
    assert LEGACY_SECRET.encode() not in database_bytes(db_path)


async def test_another_secret_than_the_logs_own_is_refused(tmp_path: Path) -> None:
    db_path = tmp_path / "questions.sqlite3"
    async with QuestionLog(db_path, user_key_secret="the-first-secret"):
        pass

    with pytest.raises(StoreError, match="not the one the question log"):
        await QuestionLog(db_path, user_key_secret="a-second-secret").open()
    with pytest.raises(StoreError, match="is missing"):
        await QuestionLog(db_path).open()  # nor a key file made up now
    assert not (tmp_path / "user_key.secret").exists()


async def test_a_lost_key_file_is_not_silently_replaced(tmp_path: Path) -> None:
    db_path = tmp_path / "questions.sqlite3"
    async with QuestionLog(db_path):
        pass
    (tmp_path / "user_key.secret").unlink()

    with pytest.raises(StoreError, match="restore it from its backup"):
        await QuestionLog(db_path).open()
    assert not (tmp_path / "user_key.secret").exists()


async def test_a_key_file_others_can_read_is_warned_about(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    db_path = tmp_path / "questions.sqlite3"
    async with QuestionLog(db_path):
        pass
    (tmp_path / "user_key.secret").chmod(0o644)

    with caplog.at_level(logging.WARNING, logger="bot.store"):
        async with QuestionLog(db_path):
            pass

    assert "can be read by other users" in caplog.text


@pytest.mark.parametrize("configured", [True, False], ids=["USER_KEY_SECRET", "no-secret"])
def test_health_writes_no_secret_anywhere(faq_path: Path, tmp_path: Path, configured: bool) -> None:
    db_path = tmp_path / "data" / "questions.sqlite3"
    extra = {"USER_KEY_SECRET": "set-by-the-operator"} if configured else {}

    result = health(faq_path, db_path, **extra)

    assert result.returncode == 0, result.stderr
    assert not (tmp_path / "data" / "user_key.secret").exists()
    values = every_value(db_path)
    assert all(len(value) < 64 for value in values), values  # no secret, no check value either
