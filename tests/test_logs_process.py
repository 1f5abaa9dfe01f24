"""What the bot process writes to its log: an unreachable Bot API is one line when it goes and
one when it is back, never tracebacks; DEBUG shows no member's text, name or id unless
LOG_TEXTS=1."""

from __future__ import annotations

import asyncio
import signal
from pathlib import Path

import pytest

from tests.fakeapi import FakeBotAPI
from tests.telegram_harness import PROCESS_START_TIMEOUT, bot_process, process_env
from tests.test_resilience import answered_chats, eventually

MEMBER_ID = 987_654_321
NAME, USERNAME = "Wanchai-Unique", "wanchai_unique"
QUESTION = "พิซซ่าหน้าอะไรอร่อย xyzzy-7f3"


async def test_an_unreachable_bot_api_is_one_warning_and_one_when_it_is_back(
    fake_api: FakeBotAPI, faq_path: Path, tmp_path: Path
) -> None:
    log_path = tmp_path / "bot.log"
    env = process_env(fake_api, faq_path, tmp_path / "q.sqlite3")
    async with bot_process(env, log_path) as process:
        fake_api.push_message(QUESTION, chat_id=1001)
        await eventually(lambda: 1001 in answered_chats(fake_api), PROCESS_START_TIMEOUT)
        fake_api.pause()  # connections dropped, then refused: several failed polls
        await asyncio.sleep(4)
        fake_api.resume()
        fake_api.push_message(QUESTION, chat_id=1002)
        await eventually(lambda: 1002 in answered_chats(fake_api), 40)
        process.send_signal(signal.SIGTERM)
        code = await asyncio.wait_for(process.wait(), 30)

    log = log_path.read_text(encoding="utf-8")
    assert code == 0
    assert log.count("The Bot API does not answer") == 1, log
    assert log.count("The Bot API answers again") == 1, log
    assert "Traceback" not in log


@pytest.mark.parametrize("log_texts", ["0", "1"], ids=["default", "LOG_TEXTS=1"])
async def test_debug_logs_show_members_data_only_with_log_texts(
    fake_api: FakeBotAPI, faq_path: Path, tmp_path: Path, log_texts: str
) -> None:
    log_path = tmp_path / "bot.log"
    env = process_env(
        fake_api, faq_path, tmp_path / "q.sqlite3", LOG_LEVEL="DEBUG", LOG_TEXTS=log_texts
    )
    async with bot_process(env, log_path) as process:
        fake_api.push_message(
            QUESTION, chat_id=MEMBER_ID, first_name=NAME, last_name=NAME, username=USERNAME
        )
        await eventually(lambda: MEMBER_ID in answered_chats(fake_api), PROCESS_START_TIMEOUT)
        process.send_signal(signal.SIGTERM)
        assert await asyncio.wait_for(process.wait(), 30) == 0

    log = log_path.read_text(encoding="utf-8")
    assert "DEBUG" in log
    found = [word for word in (QUESTION, NAME, USERNAME, str(MEMBER_ID)) if word in log]
    if log_texts == "1":
        assert found == [QUESTION, NAME, USERNAME, str(MEMBER_ID)]
    else:
        assert found == []
        assert "details hidden" in log
