"""The bot as a real process: polling with a clean stop on SIGINT/SIGTERM, and webhook mode."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
import pytest

from bot.store import QuestionLog
from tests.fakeapi import FakeBotAPI
from tests.telegram_harness import ADMIN, ANSWERED_TH, MEMBER, TOKEN, sent_text

RUN_BOT = (
    "from bot.settings import Settings; from bot.telegram.app import run_bot; "
    "run_bot(Settings.from_env())"
)
START_TIMEOUT = 60  # importing PyThaiNLP on a slow shared machine


def bot_env(fake: FakeBotAPI, faq_path: Path, db_path: Path, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_BASE_URL": fake.base_url,
        "ADMIN_IDS": str(ADMIN),
        "BOT_DB_PATH": str(db_path),
        "FAQ_PATH": str(faq_path),
        "RATE_LIMIT": "0",
        "LOG_LEVEL": "DEBUG",
        "NO_PROXY": "127.0.0.1,localhost",
        **extra,
    }


@asynccontextmanager
async def bot_process(
    env: dict[str, str], log_path: Path
) -> AsyncIterator[asyncio.subprocess.Process]:
    with log_path.open("wb") as log:
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-c", RUN_BOT, env=env, stdout=log, stderr=log
        )
        try:
            yield process
        finally:
            if process.returncode is None:
                process.kill()
                await process.wait()


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
async def test_polling_bot_answers_and_stops_cleanly_with_the_log_flushed(
    fake_api: FakeBotAPI, faq_path: Path, tmp_path: Path, stop: signal.Signals
) -> None:
    db_path = tmp_path / "q.sqlite3"
    log_path = tmp_path / "bot.log"
    for n in range(3):  # waiting for the bot when it starts
        fake_api.push_message(ANSWERED_TH, chat_id=MEMBER + n)
    async with bot_process(bot_env(fake_api, faq_path, db_path), log_path) as process:
        replies = await fake_api.wait_for("sendMessage", count=3, timeout=START_TIMEOUT)

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
    env = bot_env(
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
            "date": 1700000000,
            "chat": {"id": MEMBER, "type": "private", "first_name": "สมชาย"},
            "from": {"id": MEMBER, "is_bot": False, "first_name": "สมชาย"},
            "text": ANSWERED_TH,
        },
    }
    url = f"http://127.0.0.1:{port}/telegram"
    async with bot_process(env, tmp_path / "bot.log") as process:
        [set_webhook] = await fake_api.wait_for("setWebhook", timeout=START_TIMEOUT)
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
