"""Issue 8 as a real process: `python -m bot start` with the shipped FAQ, polling the fake Bot API,
BOT_TODAY set. Follow-ups in two interleaved chats, several parts, a verdict, a time-aware
answer and "not stated", each checked in the reply a member sees and in the question log."""

from __future__ import annotations

import asyncio
import json
import signal
import sys
from pathlib import Path

from bot.settings import DEFAULT_FAQ_PATH
from bot.store import QuestionLog
from tests.fakeapi import Call, FakeBotAPI
from tests.telegram_harness import (
    MEMBER,
    PROCESS_START_TIMEOUT,
    bot_process,
    buttons,
    process_env,
    sent_text,
)

PILLARS, PRESIDING, PARTS, CHECK, TERM, UNSTATED = (MEMBER + n for n in range(6))
# In the order they reach the bot: the two conversations interleaved.
MESSAGES = [
    (PILLARS, "What are the five pillars?"),
    (PRESIDING, "ใครเป็นประธานในพิธี"),
    (PILLARS, "and the fourth one?"),
    (PRESIDING, "แล้วฝั่งไทยล่ะ"),
    (PARTS, "ลงนามวันไหน ที่ไหน"),
    (CHECK, "ลงนามที่เชียงใหม่ใช่ไหม"),
    (TERM, "Is the LOI still valid?"),
    (UNSTATED, "งบประมาณของ LOI เท่าไหร่"),
]


def replies_to(calls: list[Call], chat_id: int) -> list[Call]:
    return [c for c in calls if c.params.get("chat_id") == chat_id]


def data(call: Call) -> list[str]:
    return [d for _, d in buttons(call)]


async def test_the_bot_process_answers_follow_ups_parts_verdicts_time_and_not_stated(
    fake_api: FakeBotAPI, tmp_path: Path
) -> None:
    db_path = tmp_path / "q.sqlite3"
    for chat_id, text in MESSAGES:
        fake_api.push_message(text, chat_id=chat_id)
    env = process_env(fake_api, DEFAULT_FAQ_PATH, db_path, BOT_TODAY="2022-06-01")
    command = [sys.executable, "-m", "bot", "start"]
    async with bot_process(env, tmp_path / "bot.log", command=command) as process:
        calls = await fake_api.wait_for(
            "sendMessage", count=len(MESSAGES), timeout=PROCESS_START_TIMEOUT
        )
        process.send_signal(signal.SIGTERM)
        assert await asyncio.wait_for(process.wait(), 30) == 0

    pillars, fourth = replies_to(calls, PILLARS)
    assert "src:e:pillars-overview" in data(pillars)
    assert sent_text(fourth).startswith("Pillar 4: Workforce")
    assert "src:e:pillar-4-workforce" in data(fourth)
    presiding, thai_side = replies_to(calls, PRESIDING)
    assert "src:t:ministers" in data(presiding) and "src:t:ministers" in data(thai_side)
    assert "นายสุริยะ" in sent_text(thai_side)

    (parts,) = replies_to(calls, PARTS)
    assert "13 มกราคม 2565" in sent_text(parts) and "โรงแรมแชงกรี-ลา" in sent_text(parts)
    assert {"src:t:signing-date", "src:t:venue"} <= set(data(parts))
    (check,) = replies_to(calls, CHECK)
    assert sent_text(check).startswith("ไม่ใช่ครับ ลงนามที่โรงแรมแชงกรี-ลา กรุงเทพฯ")
    (term,) = replies_to(calls, TERM)
    assert sent_text(term).startswith("Yes.") and "1 June 2022" in sent_text(term)
    (unstated,) = replies_to(calls, UNSTATED)
    assert sent_text(unstated).startswith("ข่าวไม่ได้ระบุงบประมาณครับ")
    assert "faq:t:what-is-loi" in data(unstated)

    async with QuestionLog(db_path) as store:
        rows = {row.text: row for row in await store.recent(limit=20)}
    assert rows["ลงนามที่เชียงใหม่ใช่ไหม"].verdict == "no"
    logged_parts = json.loads(rows["ลงนามวันไหน ที่ไหน"].parts or "[]")
    assert [p["matched_id"] for p in logged_parts] == ["signing-date", "venue"]
    assert rows["งบประมาณของ LOI เท่าไหร่"].outcome == "not-stated"
    assert rows["and the fourth one?"].reason is not None
    assert rows["and the fourth one?"].reason.startswith("follow-up")
    assert fake_api.rejected == []
