"""Curators edit the FAQ file while the bot runs: it reloads, or keeps the last good version."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest

from tests.fakeapi import Call, FakeBotAPI
from tests.telegram_harness import (
    ADMIN,
    ANSWERED_TH,
    FAQ_YAML,
    RunningBot,
    launch,
    make_settings,
    sent_text,
)

OLD_ANSWER = "ลงนามเมื่อวันที่ 13 มกราคม 2565"
NEW_ANSWER = "ลงนามเมื่อวันพฤหัสบดีที่ 13 มกราคม 2565"
RELOADED = "โหลด FAQ ที่แก้ไขแล้ว"
INVALID = "ไฟล์ FAQ ที่แก้ไขมีปัญหา"


@pytest.fixture
async def watched_bot(
    fake_api: FakeBotAPI, faq_path: Path, tmp_path: Path
) -> AsyncIterator[RunningBot]:
    """The bot looking at its FAQ file every 50 ms."""
    settings = make_settings(fake_api, faq_path, tmp_path / "q.sqlite3", faq_poll_seconds=0.05)
    async with launch(fake_api, settings) as bot:
        yield bot


def to_admin(*words: str) -> Callable[[Call], bool]:
    """Matches a message to the admin holding every one of ``words``."""

    def matches(call: Call) -> bool:
        return call.params["chat_id"] == ADMIN and all(w in sent_text(call) for w in words)

    return matches


def notices(bot: RunningBot, *words: str) -> list[Call]:
    return [c for c in bot.fake.calls_to("sendMessage") if to_admin(*words)(c)]


async def test_edited_faq_is_reloaded_without_a_restart(watched_bot: RunningBot) -> None:
    bot = watched_bot
    assert OLD_ANSWER in sent_text(await bot.say(ANSWERED_TH))
    since = bot.mark()

    bot.settings.faq_path.write_text(FAQ_YAML.replace(OLD_ANSWER, NEW_ANSWER), encoding="utf-8")
    notice = await bot.wait("sendMessage", to_admin(RELOADED), since=since)

    assert "10" in sent_text(notice)
    assert NEW_ANSWER in sent_text(await bot.say(ANSWERED_TH))


async def test_invalid_faq_keeps_the_old_answers_and_admins_are_told_once(
    watched_bot: RunningBot,
) -> None:
    bot = watched_bot
    since = bot.mark()
    broken = FAQ_YAML.replace(OLD_ANSWER, NEW_ANSWER).replace("  - id: venue\n", "  - id: Venue!\n")

    bot.settings.faq_path.write_text(broken, encoding="utf-8")
    notice = await bot.wait("sendMessage", to_admin(INVALID), since=since)

    assert "Venue!" in sent_text(notice)
    assert str(bot.settings.faq_path) in sent_text(notice)
    for _ in range(3):  # the watcher's next looks at the same bad file say nothing more
        await bot.services.live.check()
    assert len(notices(bot, INVALID)) == 1
    assert OLD_ANSWER in sent_text(await bot.say(ANSWERED_TH))


async def test_each_new_bad_version_is_reported_and_a_fix_is_loaded(
    watched_bot: RunningBot,
) -> None:
    bot = watched_bot
    path = bot.settings.faq_path
    since = bot.mark()

    path.write_text("entries: [", encoding="utf-8")
    await bot.wait("sendMessage", to_admin(INVALID, "YAML"), since=since)
    path.write_text("entries: []\n", encoding="utf-8")
    await bot.wait("sendMessage", to_admin(INVALID, "entries"), since=since)
    path.write_text(FAQ_YAML.replace(OLD_ANSWER, NEW_ANSWER), encoding="utf-8")
    await bot.wait("sendMessage", to_admin(RELOADED), since=since)

    assert len(notices(bot, INVALID)) == 2
    assert NEW_ANSWER in sent_text(await bot.say(ANSWERED_TH))


async def test_deleted_faq_keeps_the_old_answers(watched_bot: RunningBot) -> None:
    bot = watched_bot
    since = bot.mark()

    bot.settings.faq_path.unlink()
    notice = await bot.wait("sendMessage", to_admin(INVALID), since=since)

    assert "not found" in sent_text(notice)
    assert OLD_ANSWER in sent_text(await bot.say(ANSWERED_TH))
