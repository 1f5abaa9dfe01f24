"""One member floods the bot with commands and buttons while Telegram answers 429s; the real
process, production settings (rate limiter on, the default flood guard)."""

from __future__ import annotations

import asyncio
import signal
import time
from pathlib import Path

import pytest

from tests.fakeapi import ApiError, FakeBotAPI, FloodControl
from tests.telegram_harness import (
    ANSWERED_TH,
    PROCESS_START_TIMEOUT,
    bot_process,
    data_of,
    process_env,
)
from tests.test_inbox_process import unfinished
from tests.test_resilience import eventually

FLOODER = 4242
OTHERS = list(range(9101, 9111))  # ten members asking one question each


def test_the_fake_refuses_a_second_message_to_a_chat_within_its_window() -> None:
    flood = FloodControl(per_chat=1, chat_window=1.0, overall=30, penalty=2)
    flood.accepted(1, now=100.0)
    flood.check(2, now=100.1)  # another chat: fine

    with pytest.raises(ApiError) as refused:
        flood.check(1, now=100.5)

    assert refused.value.status == 429
    assert refused.value.parameters == {"retry_after": 3}
    flood.check(1, now=101.1)  # the window has passed


async def test_a_flood_of_commands_and_buttons_gets_few_replies_and_others_are_answered_fast(
    fake_api: FakeBotAPI, faq_path: Path, tmp_path: Path
) -> None:
    # Telegram: about one message a second per chat, 30 a second in all, and a 429 asks the
    # flooder's chat to wait five seconds more than needed (longer than the others may wait).
    flood = fake_api.flood_control(per_chat=1, chat_window=1.0, overall=30, penalty=5)
    db_path = tmp_path / "q.sqlite3"
    env = process_env(fake_api, faq_path, db_path, RATE_LIMIT="1")
    env.pop("FLOOD_LIMIT", None)  # production's flood guard: 5 updates per 10 s
    async with bot_process(env, tmp_path / "bot.log") as process:
        fake_api.push_message("/start", chat_id=FLOODER)
        [welcome] = await fake_api.wait_for(
            "sendMessage", lambda c: c.ok, timeout=PROCESS_START_TIMEOUT
        )
        topic = data_of(welcome, "faq:")
        for n in range(199):  # 100 /start, 60 /help, 39 button presses
            if n < 100:
                fake_api.push_message("/start", chat_id=FLOODER)
            elif n < 160:
                fake_api.push_message("/help", chat_id=FLOODER)
            else:
                fake_api.push_callback(topic, chat_id=FLOODER)
        asked = {}
        for member in OTHERS:
            asked[member] = time.time()
            fake_api.push_message(ANSWERED_TH, chat_id=member)
        await eventually(lambda: answered(fake_api) >= set(OTHERS), timeout=30)
        # Every update of the flood decided and every reply sent: nothing more is coming.
        await eventually(lambda: unfinished(db_path) == 0, timeout=40)
        process.send_signal(signal.SIGTERM)
        assert await asyncio.wait_for(process.wait(), 30) == 0

    to_flooder = [
        c for c in fake_api.calls_to("sendMessage") if c.ok and c.params["chat_id"] == FLOODER
    ]
    waits = {
        member: min(
            c.time
            for c in fake_api.calls_to("sendMessage")
            if c.ok and c.params["chat_id"] == member
        )
        - asked[member]
        for member in OTHERS
    }
    assert len(to_flooder) <= 20
    assert max(waits.values()) < 5.0, waits
    assert flood.refused > 0  # Telegram did answer 429s meanwhile
    assert fake_api.rejected == []


def answered(fake: FakeBotAPI) -> set[int]:
    return {int(c.params["chat_id"]) for c in fake.calls_to("sendMessage") if c.ok}
