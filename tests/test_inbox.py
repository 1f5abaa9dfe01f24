"""The inbox and the dispatcher, in-process against the fake Bot API: updates sent twice,
updates too old to answer, what a previous run left, replies Telegram refuses for a while,
sends that time out, messages without a sender, and the webhook's order of write and answer."""

from __future__ import annotations

import asyncio
import contextlib
import json
import sqlite3
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from bot import texts
from bot.store import InboxItem, QuestionLog
from bot.telegram import app as telegram_app
from bot.telegram.app import build_application
from bot.telegram.runner import started
from tests.fakeapi import FakeBotAPI
from tests.telegram_harness import (
    ANSWERED_TH,
    GROUP,
    MEMBER,
    OTHER_MEMBER,
    RunningBot,
    data_of,
    launch,
    make_settings,
    sent_text,
)
from tests.test_telegram_process import free_port

SIGNING_DATE = "13 มกราคม 2565"


def message_update(update_id: int, text: str, chat_id: int, *, age: float = 0.0) -> dict[str, Any]:
    """A private message as Telegram sends it, ``age`` seconds old."""
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "date": int(time.time() - age),
            "chat": {"id": chat_id, "type": "private", "first_name": "สมชาย"},
            "from": {"id": chat_id, "is_bot": False, "first_name": "สมชาย"},
            "text": text,
        },
    }


def replies(bot: RunningBot, chat_id: int) -> list[str]:
    return [
        sent_text(c)
        for c in bot.fake.calls_to("sendMessage")
        if c.ok and str(c.params["chat_id"]) == str(chat_id)
    ]


async def test_an_update_delivered_twice_is_answered_and_logged_once(bot: RunningBot) -> None:
    update = message_update(555, ANSWERED_TH, MEMBER)
    bot.fake.push_raw(update)
    await bot.reply_to(MEMBER, 0)
    bot.fake.push_raw(update)  # Telegram sends it again (the bot stopped before confirming)
    await bot.say(ANSWERED_TH, chat_id=OTHER_MEMBER)
    await bot.idle()
    await bot.services.store.flush()

    assert len(replies(bot, MEMBER)) == 1
    rows = await bot.services.store.recent(limit=10)
    assert sorted(r.user_key for r in rows) == sorted(
        bot.services.user_key(c) for c in (MEMBER, OTHER_MEMBER)
    )


async def test_an_update_older_than_the_inbox_age_is_logged_expired_not_answered(
    bot: RunningBot,
) -> None:
    day_and_more = 25 * 3600
    bot.fake.push_raw(message_update(600, "ลงนามที่ไหน", MEMBER, age=day_and_more))
    await bot.say(ANSWERED_TH, chat_id=OTHER_MEMBER)
    await bot.idle()
    await bot.services.store.flush()

    assert replies(bot, MEMBER) == []
    [expired] = [r for r in await bot.services.store.recent() if r.outcome == "expired"]
    assert (expired.text, expired.user_key) == ("ลงนามที่ไหน", bot.services.user_key(MEMBER))
    assert expired.created_at < datetime.now(UTC) - timedelta(hours=24)
    assert expired.reason is not None and "INBOX_MAX_AGE_HOURS" in expired.reason


async def test_what_the_last_run_left_is_handled_first_oldest_first(
    fake_api: FakeBotAPI, faq_path: Path, tmp_path: Path
) -> None:
    db_path = tmp_path / "q.sqlite3"
    now = datetime.now(UTC)
    left = [(701, MEMBER + 1, 30), (702, MEMBER + 2, 20), (700, MEMBER + 3, 10)]  # id, chat, age
    async with QuestionLog(db_path, user_key_secret="test-secret") as store:
        await store.inbox.add(
            [
                InboxItem(
                    uid,
                    now - timedelta(seconds=age),
                    f"left{uid}",
                    json.dumps(message_update(uid, ANSWERED_TH, chat, age=age)),
                )
                for uid, chat, age in left
            ]
        )
    fake_api.push_message(ANSWERED_TH, chat_id=MEMBER + 4)  # new, waiting at Telegram
    settings = make_settings(fake_api, faq_path, db_path, concurrency=1)
    async with launch(fake_api, settings) as bot:
        await bot.idle()
        await bot.services.store.flush()
        rows = {r.id: r for r in await bot.services.store.recent(limit=10)}

    order = [int(c.params["chat_id"]) for c in fake_api.calls_to("sendMessage")]
    assert order == [MEMBER + 1, MEMBER + 2, MEMBER + 3, MEMBER + 4]
    assert {"left701", "left702", "left700"} <= set(rows)  # logged under the ids kept


async def test_a_reply_refused_past_its_retries_is_kept_and_sent_later(
    fake_api: FakeBotAPI, faq_path: Path, tmp_path: Path
) -> None:
    settings = make_settings(fake_api, faq_path, tmp_path / "q.sqlite3", rate_limit=True)
    async with launch(fake_api, settings) as bot:
        fake_api.fail_next("sendMessage", 4, status=429, retry_after=1)  # one more than it waits
        pushed = time.monotonic()
        fake_api.push_message(ANSWERED_TH, chat_id=MEMBER)
        reply = await bot.fake.wait_for(
            "sendMessage", lambda c: c.ok and c.params["chat_id"] == MEMBER, timeout=20
        )
        waited = time.monotonic() - pushed
        await bot.services.store.flush()
        rows = await bot.services.store.recent()

    assert SIGNING_DATE in sent_text(reply[0])
    assert waited >= 3  # three 429s waited out in the limiter, then the update put back
    assert bot.runtime.dispatcher.retried >= 1
    assert len(rows) == 1


async def test_a_send_that_timed_out_counts_as_sent_without_a_duplicate_or_apology(
    fake_api: FakeBotAPI, faq_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(telegram_app, "SEND_READ_TIMEOUT", 0.3)
    settings = make_settings(fake_api, faq_path, tmp_path / "q.sqlite3")
    async with launch(fake_api, settings) as bot:
        fake_api.hang_next(1, seconds=1.0, method="sendMessage")  # then carried out anyway
        fake_api.push_message(ANSWERED_TH, chat_id=MEMBER)
        await fake_api.wait_for("sendMessage", timeout=10)
        await bot.idle()
        await asyncio.sleep(0.5)  # time for a second send, were there one
        await bot.services.store.flush()
        rows = await bot.services.store.recent()

    assert [SIGNING_DATE in text for text in replies(bot, MEMBER)] == [True]
    assert texts.APOLOGY not in replies(bot, MEMBER)
    assert len(rows) == 1


@pytest.mark.parametrize("sender", ["no-from", "anonymous-admin"])
async def test_messages_sent_for_a_chat_are_flood_guarded_and_logged(
    fake_api: FakeBotAPI, faq_path: Path, tmp_path: Path, sender: str
) -> None:
    settings = make_settings(fake_api, faq_path, tmp_path / "q.sqlite3", flood_limit=3)
    group = {"id": GROUP, "type": "supergroup", "title": "กลุ่มทดสอบ"}
    anonymous = {"id": 1087968824, "is_bot": True, "first_name": "Group"}
    async with launch(fake_api, settings) as bot:
        for n in range(6):
            message = {
                "message_id": 50 + n,
                "date": int(time.time()),
                "chat": group,
                "sender_chat": group,
                "text": f"/ask {ANSWERED_TH}",
                "entities": [{"type": "bot_command", "offset": 0, "length": 4}],
            }
            if sender == "anonymous-admin":
                message["from"] = anonymous
            fake_api.push_raw({"message": message})
        await bot.idle()
        await bot.services.store.flush()
        rows = await bot.services.store.recent(limit=10)

    sent = replies(bot, GROUP)
    assert len(sent) == 4  # three answers and the one polite note
    assert sum(SIGNING_DATE in text for text in sent) == 3
    assert [r.user_key for r in rows] == [bot.services.user_key(GROUP)] * 3


async def test_commands_and_buttons_count_against_one_limit_with_one_note_per_window(
    fake_api: FakeBotAPI, faq_path: Path, tmp_path: Path
) -> None:
    settings = make_settings(fake_api, faq_path, tmp_path / "q.sqlite3", flood_limit=3)
    async with launch(fake_api, settings) as bot:
        answer = await bot.say(ANSWERED_TH)  # 1 of 3
        since = bot.mark()
        for command in ("/start", "/help", "/pillars", "/about", "/start"):
            fake_api.push_message(command)
        await bot.idle()
        for _ in range(4):
            fake_api.push_callback(
                data_of(answer, "src:"), chat_id=MEMBER, message_id=answer.result["message_id"]
            )
        await bot.idle()

    calls = fake_api.calls[since:]
    messages = [sent_text(c) for c in calls if c.method == "sendMessage"]
    presses = [c for c in calls if c.method == "answerCallbackQuery"]
    assert len(messages) == 3  # two commands answered, then the note
    assert messages[-1].startswith("คุณส่งคำถามถี่เกินไป")
    assert presses == []  # then silence, for buttons too: not even an API call


async def test_a_press_over_the_limit_gets_the_note_as_its_answer(
    fake_api: FakeBotAPI, faq_path: Path, tmp_path: Path
) -> None:
    settings = make_settings(fake_api, faq_path, tmp_path / "q.sqlite3", flood_limit=1)
    async with launch(fake_api, settings) as bot:
        answer = await bot.say(ANSWERED_TH)  # the one update of the window
        pressed = await bot.press(data_of(answer, "src:"), message_id=answer.result["message_id"])

    assert pressed.params["text"] == texts.FLOOD_BUTTON


async def test_the_webhook_answers_only_once_the_update_is_in_the_inbox(
    fake_api: FakeBotAPI, faq_path: Path, tmp_path: Path
) -> None:
    port = free_port()
    db_path = tmp_path / "q.sqlite3"
    settings = make_settings(
        fake_api,
        faq_path,
        db_path,
        webhook_url="https://bot.example.org/telegram",
        webhook_secret="s3cret",
        webhook_listen="127.0.0.1",
        webhook_port=port,
    )
    app = build_application(settings)
    headers = {"X-Telegram-Bot-Api-Secret-Token": "s3cret", "Content-Type": "application/json"}
    update = json.dumps(message_update(900, ANSWERED_TH, MEMBER))
    async with started(app, webhook=True), httpx.AsyncClient() as client:
        url = f"http://127.0.0.1:{port}/telegram"
        first = await client.post(url, content=update, headers=headers)
        with contextlib.closing(sqlite3.connect(db_path)) as db:
            kept = db.execute("SELECT update_id FROM inbox").fetchall()
        again = await client.post(url, content=update, headers=headers)  # Telegram retrying
        await fake_api.wait_for("sendMessage", timeout=10)
        await asyncio.sleep(0.3)

    assert (first.status_code, again.status_code) == (200, 200)
    assert kept == [(900,)]
    assert len(fake_api.calls_to("sendMessage")) == 1
