"""Failures: a handler raising, the question log failing, the Bot API answering 5xx, 429,
timing out or refusing connections. Members get replies or a short apology, never internals."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from telegram import Bot
from telegram.error import TimedOut

from bot import texts
from bot.answer import Context
from bot.engine import Answer
from bot.telegram.retry import RetryingRequest, RetryPolicy
from tests.fakeapi import Call, FakeBotAPI
from tests.telegram_harness import (
    ADMIN,
    ANSWERED_TH,
    MEMBER,
    TOKEN,
    RunningBot,
    data_of,
    launch,
    make_settings,
    sent_text,
)

SIGNING_DATE = "ลงนามเมื่อวันที่ 13 มกราคม 2565"


def admin_notices(bot: RunningBot, words: str) -> list[Call]:
    return [
        c
        for c in bot.fake.calls_to("sendMessage")
        if c.params["chat_id"] == ADMIN and words in sent_text(c)
    ]


async def test_failing_handler_apologises_to_the_member_and_tells_admins(
    bot: RunningBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    def boom(question: str, context: Context | None = None) -> Answer:
        raise RuntimeError("secret internals: /srv/bot/engine.py line 42")

    monkeypatch.setattr(bot.services.live, "ask", boom)
    since = bot.mark()

    apology = await bot.say(ANSWERED_TH)
    notice = await bot.wait(
        "sendMessage",
        lambda c: c.params["chat_id"] == ADMIN and "RuntimeError" in sent_text(c),
        since=since,
    )

    assert apology.params["text"] == texts.APOLOGY
    assert "secret" not in sent_text(apology)
    assert "secret internals" in sent_text(notice)


async def test_admins_are_told_of_repeated_failures_once(
    bot: RunningBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    def boom(question: str, context: Context | None = None) -> Answer:
        raise RuntimeError("boom")

    monkeypatch.setattr(bot.services.live, "ask", boom)

    await bot.say(ANSWERED_TH)
    await bot.say(ANSWERED_TH, chat_id=MEMBER + 1)
    await bot.say(ANSWERED_TH, chat_id=MEMBER + 2)

    assert len(admin_notices(bot, "RuntimeError")) == 1


async def test_failing_button_is_still_answered_with_an_apology(
    bot: RunningBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    call = await bot.say(ANSWERED_TH)

    def broken(*args: Any) -> None:
        raise RuntimeError("store exploded")

    monkeypatch.setattr(bot.services.store, "set_feedback", broken)
    answer = await bot.press(data_of(call, "fb:u:"))

    assert answer.params["text"] == texts.APOLOGY_CALLBACK


async def test_unwritable_log_still_answers_and_tells_admins(
    bot: RunningBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def disk_error(*args: object, **kwargs: object) -> None:
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(bot.services.store.writer._db, "write", disk_error)
    since = bot.mark()

    answer = await bot.say(ANSWERED_TH)
    notice = await bot.wait(
        "sendMessage",
        lambda c: c.params["chat_id"] == ADMIN and "disk I/O error" in sent_text(c),
        since=since,
    )

    assert SIGNING_DATE in sent_text(answer)
    assert "บันทึกคำถามลงฐานข้อมูลไม่ได้" in sent_text(notice)
    assert all(c.params["chat_id"] in (MEMBER, ADMIN) for c in bot.fake.calls_to("sendMessage"))
    monkeypatch.undo()  # the disk is back: the spilled question is replayed


async def test_bot_api_5xx_on_the_reply_is_retried_and_the_question_logged_once(
    bot: RunningBot,
) -> None:
    bot.fake.fail_next("sendMessage", 3, status=502)

    call = await bot.say(ANSWERED_TH, method="sendMessage")
    replies = await bot.fake.wait_for(
        "sendMessage", lambda c: c.ok and c.params["chat_id"] == MEMBER, timeout=10
    )

    assert call.status == 502
    assert SIGNING_DATE in sent_text(replies[0])
    await bot.services.store.flush()
    assert len(await bot.services.store.recent()) == 1


async def test_bot_api_429_is_retried_by_the_rate_limiter(
    fake_api: FakeBotAPI, faq_path: Path, tmp_path: Path
) -> None:
    settings = make_settings(fake_api, faq_path, tmp_path / "q.sqlite3", rate_limit=True)
    async with launch(fake_api, settings) as bot:
        bot.fake.fail_next("sendMessage", 1, status=429, retry_after=1)

        await bot.say(ANSWERED_TH)
        replies = await bot.fake.wait_for(
            "sendMessage", lambda c: c.ok and c.params["chat_id"] == MEMBER, timeout=10
        )

    assert SIGNING_DATE in sent_text(replies[0])


class _Seen(logging.Handler):
    """Sets an event (thread-safely) when a record with ``words`` is logged."""

    def __init__(self, words: str) -> None:
        super().__init__(logging.DEBUG)  # each retry is DEBUG; the outage one WARNING
        self.words = words
        self.loop = asyncio.get_running_loop()
        self.event = asyncio.Event()

    def emit(self, record: logging.LogRecord) -> None:
        if self.words in record.getMessage():
            self.loop.call_soon_threadsafe(self.event.set)


async def test_send_waits_out_a_refused_connection(fake_api: FakeBotAPI) -> None:
    seen = _Seen("Bot API sendMessage failed (NetworkError)")
    retry_log = logging.getLogger("bot.telegram.retry")
    retry_log.addHandler(seen)
    retry_log.setLevel(logging.DEBUG)
    request = RetryingRequest(RetryPolicy(attempts=20, first_delay=0.02, max_delay=0.2))
    try:
        async with Bot(TOKEN, base_url=fake_api.base_url, request=request) as bot:
            fake_api.pause()
            sending = asyncio.create_task(bot.send_message(MEMBER, "hello"))
            await asyncio.wait_for(seen.event.wait(), 10)
            fake_api.resume()
            message = await asyncio.wait_for(sending, 10)
    finally:
        retry_log.removeHandler(seen)
        retry_log.setLevel(logging.NOTSET)

    assert message.text == "hello"
    assert [c.params["text"] for c in fake_api.calls_to("sendMessage")] == ["hello"]


async def test_a_send_that_timed_out_is_not_sent_again(fake_api: FakeBotAPI) -> None:
    request = RetryingRequest(RetryPolicy(attempts=3, first_delay=0.01), read_timeout=0.3)
    fake_api.hang_next(1, seconds=1.0, method="sendMessage")
    async with Bot(TOKEN, base_url=fake_api.base_url, request=request) as bot:
        with pytest.raises(TimedOut):
            await bot.send_message(MEMBER, "hello")
        await fake_api.wait_for("sendMessage", timeout=5)  # the hung call still takes effect

    assert [c.params["text"] for c in fake_api.calls_to("sendMessage")] == ["hello"]


async def test_a_read_that_timed_out_is_retried(fake_api: FakeBotAPI) -> None:
    request = RetryingRequest(RetryPolicy(attempts=3, first_delay=0.01), read_timeout=0.3)
    fake_api.hang_next(1, seconds=1.0, method="getMe")
    async with Bot(TOKEN, base_url=fake_api.base_url, request=request) as bot:
        me = await bot.get_me()

    assert me.username == fake_api.bot_user["username"]


async def test_send_gives_up_after_its_attempts(fake_api: FakeBotAPI) -> None:
    request = RetryingRequest(RetryPolicy(attempts=2, first_delay=0.01))
    fake_api.fail_next("sendMessage", 5, status=500)
    async with Bot(TOKEN, base_url=fake_api.base_url, request=request) as bot:
        with pytest.raises(Exception, match="Internal Server Error"):
            await bot.send_message(MEMBER, "hello")

    assert len(fake_api.calls_to("sendMessage")) == 2


def test_retry_policy_backs_off_up_to_its_maximum() -> None:
    assert RetryPolicy(attempts=6, first_delay=0.5, max_delay=3).delays() == [0.5, 1, 2, 3, 3]
