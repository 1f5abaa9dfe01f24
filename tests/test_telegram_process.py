"""The bot as a real process: polling with a clean stop on SIGINT/SIGTERM, and webhook mode."""

from __future__ import annotations

import asyncio
import json
import signal
import socket
import time
from pathlib import Path

import httpx
import pytest

from bot.store import QuestionLog
from tests.fakeapi import FakeBotAPI
from tests.telegram_harness import (
    ANSWERED_TH,
    MEMBER,
    PROCESS_START_TIMEOUT,
    TOKEN,
    bot_process,
    process_env,
    sent_text,
)


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
async def test_polling_bot_answers_and_stops_cleanly_with_the_log_flushed(
    fake_api: FakeBotAPI, faq_path: Path, tmp_path: Path, stop: signal.Signals
) -> None:
    db_path = tmp_path / "q.sqlite3"
    log_path = tmp_path / "bot.log"
    for n in range(3):  # waiting for the bot when it starts
        fake_api.push_message(ANSWERED_TH, chat_id=MEMBER + n)
    async with bot_process(
        process_env(fake_api, faq_path, db_path, LOG_LEVEL="DEBUG"), log_path
    ) as process:
        replies = await fake_api.wait_for("sendMessage", count=3, timeout=PROCESS_START_TIMEOUT)

        process.send_signal(stop)
        code = await asyncio.wait_for(process.wait(), 30)

    assert code == 0
    assert all("13 มกราคม 2565" in sent_text(c) for c in replies)
    output = log_path.read_text(encoding="utf-8", errors="replace")
    assert TOKEN not in output
    async with QuestionLog(db_path) as store:
        assert await store.integrity_ok()
        assert len(await store.recent()) == 3
    assert fake_api.rejected == []


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_webhook_mode_checks_the_secret_and_answers(
    fake_api: FakeBotAPI, faq_path: Path, tmp_path: Path
) -> None:
    port = free_port()
    env = process_env(
        fake_api,
        faq_path,
        tmp_path / "q.sqlite3",
        WEBHOOK_URL="https://bot.example.org/telegram",
        WEBHOOK_SECRET="s3cret-Token_1",
        WEBHOOK_LISTEN="127.0.0.1",
        WEBHOOK_PORT=str(port),
    )
    update = {
        "update_id": 1,
        "message": {
            "message_id": 5,
            "date": int(time.time()),  # an update days old would be logged as expired instead
            "chat": {"id": MEMBER, "type": "private", "first_name": "สมชาย"},
            "from": {"id": MEMBER, "is_bot": False, "first_name": "สมชาย"},
            "text": ANSWERED_TH,
        },
    }
    url = f"http://127.0.0.1:{port}/telegram"
    async with bot_process(env, tmp_path / "bot.log") as process:
        [set_webhook] = await fake_api.wait_for("setWebhook", timeout=PROCESS_START_TIMEOUT)
        async with httpx.AsyncClient() as client:
            refused = await client.post(
                url, content=json.dumps(update), headers={"X-Telegram-Bot-Api-Secret-Token": "x"}
            )
            accepted = await client.post(
                url,
                content=json.dumps(update),
                headers={
                    "X-Telegram-Bot-Api-Secret-Token": "s3cret-Token_1",
                    "Content-Type": "application/json",
                },
            )
        [reply] = await fake_api.wait_for("sendMessage", timeout=20)
        process.send_signal(signal.SIGTERM)
        code = await asyncio.wait_for(process.wait(), 30)

    assert set_webhook.params["url"] == "https://bot.example.org/telegram"
    assert set_webhook.params["secret_token"] == "s3cret-Token_1"
    assert refused.status_code == 403
    assert accepted.status_code == 200
    assert "13 มกราคม 2565" in sent_text(reply)
    assert code == 0
    assert fake_api.rejected == []
