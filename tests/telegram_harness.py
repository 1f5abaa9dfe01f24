"""The bot, running for real against the fake Bot API: a small FAQ, settings, and helpers.

A test talks to it as Telegram would: it pushes updates into :class:`FakeBotAPI` and waits for
the bot's calls (``sendMessage``, ``answerCallbackQuery``, ...) with timeouts, never sleeps.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import sys
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from bot.engine import Engine
from bot.settings import Settings
from bot.telegram.app import BotApplication, build_application
from bot.telegram.retry import RetryPolicy
from bot.telegram.runner import Running, started
from bot.telegram.services import Services
from tests.fakeapi import Call, FakeBotAPI

TOKEN = "123:ABC"
BOT_USERNAME = "tai_jetro_bot"
ADMIN = 9001
MEMBER = 1001
OTHER_MEMBER = 1002
GROUP = -5001

ANSWERED_TH = "ลงนามวันไหน"  # signing-date, answered
ANSWERED_EN = "when was the letter of intent signed"  # signing-date, answered, English
SUGGESTED_TH = "ใครลงนาม"  # signatory-tai / signatory-jetro, "did you mean"
DECLINED = "pizza recipe"  # nothing close

# A small FAQ: five pillars, an overview, start topics, and answers with HTML-like text.
FAQ_YAML = """\
start_topics: [signing-date, venue, overview]
entries:
  - id: overview
    title: ภาพรวมความร่วมมือ
    title_en: Overview
    questions:
      - ความร่วมมือนี้คืออะไร
      - what is this partnership about
    answer: สถาบันยานยนต์และเจโทรลงนามหนังสือแสดงเจตจำนงเพื่อร่วมมือพัฒนาอุตสาหกรรมยานยนต์ไทย
    answer_en: TAI and JETRO signed a Letter of Intent to develop the Thai automotive industry.
    source: TAI and JETRO signed a Letter of Intent on cooperation.
  - id: signing-date
    title: วันที่ลงนาม
    title_en: Signing date
    questions:
      - ลงนามวันไหน
      - ลงนามเมื่อไหร่
      - when was the letter of intent signed
    answer: ลงนามเมื่อวันที่ 13 มกราคม 2565
    answer_en: It was signed on 13 January 2022.
    source: The Letter of Intent was signed on 13 January 2022.
  - id: venue
    title: สถานที่ลงนาม
    title_en: Venue
    questions:
      - ลงนามที่ไหน
      - where was it signed
    answer: ลงนามที่กรุงเทพมหานคร
    answer_en: It was signed in Bangkok.
    source: The signing took place in Bangkok.
  - id: signatory-tai
    title: ผู้ลงนามฝ่ายสถาบันยานยนต์
    title_en: TAI signatory
    questions:
      - ใครลงนามฝ่ายสถาบันยานยนต์
      - who signed for the automotive institute
    answer: ผู้อำนวยการสถาบันยานยนต์เป็นผู้ลงนาม
    answer_en: The President of TAI signed it.
    source: Signed by the President of the Thailand Automotive Institute.
  - id: signatory-jetro
    title: ผู้ลงนามฝ่ายเจโทร
    title_en: JETRO signatory
    questions:
      - ใครลงนามฝ่ายเจโทร
      - who signed for jetro
    answer: ประธานเจโทรกรุงเทพเป็นผู้ลงนาม
    answer_en: The President of JETRO Bangkok signed it.
    source: Signed by the President of JETRO Bangkok.
  - id: pillar-1
    pillar: 1
    title: ด้านที่ 1 พัฒนาบุคลากร
    title_en: "Pillar 1: people"
    questions:
      - ด้านที่ 1 คืออะไร
      - what is pillar one about people
    answer: ด้านที่ 1 คือการพัฒนาบุคลากรในอุตสาหกรรมยานยนต์
    answer_en: Pillar 1 is developing people for the automotive industry.
    source: Pillar 1 covers human resource development.
  - id: pillar-2
    pillar: 2
    title: ด้านที่ 2 ห่วงโซ่อุปทาน
    title_en: "Pillar 2: supply chain"
    questions:
      - ด้านที่ 2 คืออะไร
      - what is pillar two supply chain
    answer: ด้านที่ 2 คือการเสริมความแข็งแกร่งของห่วงโซ่อุปทาน
    answer_en: Pillar 2 is strengthening the supply chain.
    source: Pillar 2 covers the supply chain.
  - id: pillar-3
    pillar: 3
    title: ด้านที่ 3 ยานยนต์ไฟฟ้า
    title_en: "Pillar 3: electric vehicles"
    questions:
      - ด้านที่ 3 คืออะไร
      - what is pillar three electric vehicles
    answer: ด้านที่ 3 คือยานยนต์ไฟฟ้าและเทคโนโลยีใหม่
    answer_en: Pillar 3 is electric vehicles and new technology.
    source: Pillar 3 covers electric vehicles.
  - id: pillar-4
    pillar: 4
    title: ด้านที่ 4 การทดสอบและรับรอง
    title_en: "Pillar 4: testing"
    questions:
      - ด้านที่ 4 คืออะไร
      - what is pillar four testing
    answer: ด้านที่ 4 คือการทดสอบและรับรองมาตรฐาน
    answer_en: Pillar 4 is testing and certification.
    source: Pillar 4 covers testing and certification.
  - id: pillar-5
    pillar: 5
    title: ด้านที่ 5 แลกเปลี่ยนข้อมูล
    title_en: "Pillar 5: information"
    questions:
      - ด้านที่ 5 คืออะไร
      - what is pillar five information exchange
    answer: ด้านที่ 5 คือการแลกเปลี่ยนข้อมูล <ข่าวสาร> & ความรู้
    answer_en: Pillar 5 is exchanging information & knowledge.
    source: Pillar 5 covers information <exchange> & seminars.
"""

_faq_numbers = itertools.count(1)


def write_faq(directory: Path, text: str = FAQ_YAML) -> Path:
    """A fresh FAQ file in ``directory`` (which holds the lexicon files shared by the tests)."""
    path = directory / f"faq-{next(_faq_numbers)}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def make_settings(fake: FakeBotAPI, faq_path: Path, db_path: Path, **changes: Any) -> Settings:
    """Settings for one test: the fake's URL, one admin, no rate limiter, a quiet watcher."""
    settings = Settings(
        token=TOKEN,
        base_url=fake.base_url,
        admin_ids=frozenset({ADMIN}),
        db_path=db_path,
        faq_path=faq_path,
        rate_limit=False,
        concurrency=4,
        flood_limit=5,
        flood_window=60.0,
        faq_poll_seconds=0,
        user_key_secret="test-secret",
    )
    return replace(settings, **changes)


@dataclass
class RunningBot:
    """A running bot and the fake Bot API it talks to."""

    fake: FakeBotAPI
    app: BotApplication
    settings: Settings
    runtime: Running

    @property
    def services(self) -> Services:
        return self.app.bot_data.services

    async def idle(self, timeout: float = 10) -> None:
        """Wait until every update pushed so far has been fetched and handled."""
        async with asyncio.timeout(timeout):
            while self.fake.pending_updates or self.runtime.dispatcher.held:
                await asyncio.sleep(0.01)

    def mark(self) -> int:
        """Where the fake's call list ends now: pass as ``since`` to wait only for later calls."""
        return len(self.fake.calls)

    async def say(
        self,
        text: str,
        *,
        chat_id: int = MEMBER,
        method: str = "sendMessage",
        **kwargs: Any,
    ) -> Call:
        """Send a message as a member; return the bot's first ``method`` call to that chat."""
        since = self.mark()
        update = self.fake.push_message(text, chat_id=chat_id, **kwargs)
        assert update is not None, "the fake did not deliver the message to the bot"
        return await self.reply_to(chat_id, since, method=method)

    async def reply_to(self, chat_id: int, since: int, *, method: str = "sendMessage") -> Call:
        """The first ``method`` call to ``chat_id`` recorded after ``since``."""
        calls = await self.fake.wait_for(
            method, lambda c: _same_chat(c, chat_id), since=since, timeout=10
        )
        return calls[0]

    async def press(
        self,
        data: str,
        *,
        chat_id: int = MEMBER,
        user_id: int | None = None,
        message_id: int | None = None,
        check_button: bool = True,
    ) -> Call:
        """Press a button; return the bot's answerCallbackQuery for it."""
        since = self.mark()
        update = self.fake.push_callback(
            data,
            chat_id=chat_id,
            user_id=user_id,
            message_id=message_id,
            check_button=check_button,
        )
        query_id = update["callback_query"]["id"]
        calls = await self.fake.wait_for(
            "answerCallbackQuery",
            lambda c: str(c.params.get("callback_query_id")) == query_id,
            since=since,
            timeout=10,
        )
        return calls[0]

    async def wait(
        self, method: str, predicate: Callable[[Call], bool] | None = None, *, since: int = 0
    ) -> Call:
        """The first ``method`` call after ``since`` matching ``predicate``."""
        return (await self.fake.wait_for(method, predicate, since=since, timeout=10))[0]


# Retries fast: the fake's outages last fractions of a second.
FAST_RETRY = RetryPolicy(attempts=8, first_delay=0.05, max_delay=0.5)


@asynccontextmanager
async def launch(
    fake: FakeBotAPI,
    settings: Settings,
    *,
    retry: RetryPolicy = FAST_RETRY,
    engine: Engine | None = None,
) -> AsyncIterator[RunningBot]:
    """Run the bot polling ``fake`` until the block ends; then check nothing was rejected.

    ``engine``: one already loaded from ``settings.faq_path`` (default: loaded here).
    """
    app = build_application(settings, retry=retry, engine=engine)
    async with started(app, poll_timeout=1) as runtime:
        yield RunningBot(fake, app, settings, runtime)
    rejected = [(c.method, c.status, c.description) for c in fake.rejected]
    assert rejected == [], "the fake Bot API rejected calls"


def _same_chat(call: Call, chat_id: int) -> bool:
    return str(call.params.get("chat_id")) == str(chat_id)


def buttons(call: Call) -> list[tuple[str, str]]:
    """(label, callback_data) of every inline button of the message a call sent."""
    markup = call.params.get("reply_markup") or {}
    return [
        (b["text"], b.get("callback_data", ""))
        for row in markup.get("inline_keyboard", [])
        for b in row
    ]


def data_of(call: Call, prefix: str) -> str:
    """The callback data of the (first) button whose data starts with ``prefix``."""
    found = [d for _, d in buttons(call) if d.startswith(prefix)]
    assert found, f"no button starting with {prefix!r} in {buttons(call)}"
    return found[0]


def sent_text(call: Call) -> str:
    """The visible text of the message a call sent or edited."""
    result = call.result or {}
    return str(result.get("text", ""))


def reply_target(call: Call) -> int | None:
    """The message id a sent message replies to."""
    replied = (call.result or {}).get("reply_to_message")
    return replied["message_id"] if replied else None


# --- the bot as a real process (`python -m bot run`)

PROCESS_START_TIMEOUT = 60  # a bot process imports PyThaiNLP first: slow on a small shared machine


def process_env(fake: FakeBotAPI, faq_path: Path, db_path: Path, **extra: str) -> dict[str, str]:
    """The environment of a bot process talking to ``fake``, rate limiter off."""
    return {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_BASE_URL": fake.base_url,
        "ADMIN_IDS": str(ADMIN),
        "BOT_DB_PATH": str(db_path),
        "FAQ_PATH": str(faq_path),
        "RATE_LIMIT": "0",
        "LOG_LEVEL": "INFO",
        "NO_PROXY": "127.0.0.1,localhost",
        **extra,
    }


@asynccontextmanager
async def bot_process(
    env: dict[str, str], log_path: Path, *, command: list[str] | None = None
) -> AsyncIterator[asyncio.subprocess.Process]:
    """``python -m bot run`` (or ``command``), its output in ``log_path``; killed on the way
    out if still up."""
    argv = command or [sys.executable, "-m", "bot", "run"]
    with log_path.open("wb") as log:
        process = await asyncio.create_subprocess_exec(*argv, env=env, stdout=log, stderr=log)
        try:
            yield process
        finally:
            if process.returncode is None:
                process.kill()
                await process.wait()
