"""The question log when its disk fails, against the real process: a database another process
keeps locked for 40 s, and a disk that fills up (a small tmpfs). Members are answered all along,
admins are told once when it starts and once when it is over, and no question is lost.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.fakeapi import FakeBotAPI
from tests.telegram_harness import (
    ADMIN,
    PROCESS_START_TIMEOUT,
    bot_process,
    process_env,
    sent_text,
)
from tests.test_resilience import answered_chats, eventually, integrity, push_burst

CHATS = 810_001
LOCKED_FOR = 40.0  # the scenario: the old writer gave up after about 30 s
OUTAGE_NOTICE = "บันทึกคำถามลงฐานข้อมูลไม่ได้"
RECOVERED_NOTICE = "บันทึกคำถามลงฐานข้อมูลได้แล้ว"


def admin_texts(fake: FakeBotAPI) -> list[str]:
    return [sent_text(c) for c in fake.calls_to("sendMessage") if c.params["chat_id"] == ADMIN]


def logged_keys(db_path: Path) -> list[str]:
    """The user keys of the logged questions, as another process reads them."""
    if not db_path.exists():
        return []
    with contextlib.closing(sqlite3.connect(db_path, timeout=10)) as db:
        try:
            return [row[0] for row in db.execute("SELECT user_key FROM questions")]
        except sqlite3.DatabaseError:  # no table yet (or a copy taken mid-write)
            return []


def snapshot(inside: Path, into: Path) -> Path:
    """A copy of the database in ``inside`` (the bot's namespace), to read from here.

    SQLite resolves the /proc/<pid>/root link to the path outside the namespace, so it cannot
    open the file there itself; plain reads follow the link. A copy taken while the bot writes
    may be torn: callers look again.
    """
    into.mkdir(exist_ok=True)
    for suffix in ("-wal", ""):
        source, target = inside / f"q.sqlite3{suffix}", into / f"q.sqlite3{suffix}"
        with contextlib.suppress(FileNotFoundError):
            target.write_bytes(source.read_bytes())
    return into / "q.sqlite3"


def user_key(key_file: Path, chat: int) -> str:
    secret = key_file.read_text().strip()
    return hmac.new(secret.encode(), str(chat).encode(), hashlib.sha256).hexdigest()[:16]


async def stop(process: asyncio.subprocess.Process) -> int:
    process.send_signal(signal.SIGTERM)
    return await asyncio.wait_for(process.wait(), 30)


@pytest.mark.slow
async def test_a_database_locked_for_40_s_loses_no_question(
    fake_api: FakeBotAPI, faq_path: Path, tmp_path: Path
) -> None:
    db_path = tmp_path / "q.sqlite3"
    env = process_env(fake_api, faq_path, db_path, FLOOD_LIMIT="0")
    first = push_burst(fake_api, [CHATS])
    async with bot_process(env, tmp_path / "bot.log") as process:
        await eventually(lambda: answered_chats(fake_api) >= set(first), PROCESS_START_TIMEOUT)
        await eventually(lambda: len(logged_keys(db_path)) == 1, 10)

        other = sqlite3.connect(db_path, isolation_level=None, timeout=0)
        other.execute("BEGIN IMMEDIATE")  # another process holds the write lock ...
        locked_at = time.monotonic()
        during: list[int] = []
        for wave in range(4):  # ... while members keep asking
            chats = push_burst(fake_api, range(CHATS + 1 + wave * 10, CHATS + 11 + wave * 10))
            asked = time.monotonic()
            await eventually(lambda chats=chats: answered_chats(fake_api) >= set(chats), 10)
            assert time.monotonic() - asked < 5  # answered without waiting for the disk
            during += chats
            await asyncio.sleep(
                max(0.0, locked_at + (wave + 1) * LOCKED_FOR / 4 - time.monotonic())
            )
        assert logged_keys(db_path) == [user_key(tmp_path / "user_key.secret", CHATS)]
        other.execute("ROLLBACK")
        other.close()

        await eventually(lambda: len(logged_keys(db_path)) == 41, 15)
        await eventually(lambda: any(RECOVERED_NOTICE in t for t in admin_texts(fake_api)), 10)
        code = await stop(process)

    keys = logged_keys(db_path)
    expected = {user_key(tmp_path / "user_key.secret", chat) for chat in [*first, *during]}
    assert code == 0
    assert sorted(keys) == sorted(expected)  # each question once
    assert [OUTAGE_NOTICE in t for t in admin_texts(fake_api)].count(True) == 1
    assert [RECOVERED_NOTICE in t for t in admin_texts(fake_api)].count(True) == 1
    assert not (tmp_path / "q.sqlite3-spill.jsonl").exists()
    assert integrity(db_path) == ["ok"]


def can_mount_a_tmpfs() -> bool:
    if shutil.which("unshare") is None:
        return False
    probe = subprocess.run(
        [
            "unshare",
            "--user",
            "--map-root-user",
            "--mount",
            "sh",
            "-c",
            "d=$(mktemp -d) && mount -t tmpfs -o size=64k tmpfs $d",
        ],
        capture_output=True,
        check=False,
    )
    return probe.returncode == 0


def fill(directory: Path) -> Path:
    """Write a file until the filesystem holding ``directory`` has not one byte left."""
    filler = directory / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        for chunk in (65536, 4096, 1):  # down to the last byte
            with contextlib.suppress(OSError):
                while True:
                    os.write(fd, b"\0" * chunk)
    finally:
        os.close(fd)
    return filler


@pytest.mark.skipif(not can_mount_a_tmpfs(), reason="no user namespaces to mount a tmpfs in")
async def test_a_full_disk_loses_no_question_once_space_is_back(
    fake_api: FakeBotAPI, faq_path: Path, tmp_path: Path
) -> None:
    # The bot runs in its own mount namespace, its data folder a 4 MB tmpfs; the test reaches
    # that folder through /proc/<pid>/root to fill it up and to free it again.
    data = tmp_path / "data"
    data.mkdir()
    env = process_env(fake_api, faq_path, data / "q.sqlite3", FLOOD_LIMIT="0")
    command = [
        "unshare",
        "--user",
        "--map-root-user",
        "--mount",
        "sh",
        "-c",
        f'mount -t tmpfs -o size=4m tmpfs "{data}" && exec "$0" -m bot run',
        sys.executable,
    ]
    first = push_burst(fake_api, [CHATS])
    async with bot_process(env, tmp_path / "bot.log", command=command) as process:
        inside = Path(f"/proc/{process.pid}/root") / data.relative_to("/")
        copy = tmp_path / "copy"

        def logged() -> list[str]:
            return logged_keys(snapshot(inside, copy))

        await eventually(lambda: answered_chats(fake_api) >= set(first), PROCESS_START_TIMEOUT)
        await eventually(lambda: len(logged()) == 1, 10)

        filler = fill(inside)
        during = push_burst(fake_api, range(CHATS + 1, CHATS + 16))
        await eventually(lambda: answered_chats(fake_api) >= set(during), 15)
        await eventually(lambda: "nor the spill file" in (tmp_path / "bot.log").read_text(), 10)
        await asyncio.sleep(6)  # full for longer than the old writer's five attempts lasted
        later = push_burst(fake_api, range(CHATS + 16, CHATS + 31))
        await eventually(lambda: answered_chats(fake_api) >= set(later), 15)
        during += later
        filler.unlink()  # space again

        await eventually(lambda: len(logged()) == 31, 15)
        await asyncio.sleep(0.5)  # the inbox's last marks, so that the copy is quiet
        keys = logged()
        expected = {user_key(inside / "user_key.secret", c) for c in [*first, *during]}
        sound = integrity(copy / "q.sqlite3")
        code = await stop(process)

    log = (tmp_path / "bot.log").read_text()
    assert code == 0
    assert sorted(keys) == sorted(expected)  # each question once
    assert sound == ["ok"]
    assert "database or disk is full" in log or "No space left" in log
    assert [OUTAGE_NOTICE in t for t in admin_texts(fake_api)].count(True) == 1
