"""Groups: the bot answers /ask, replies to it and mentions of it, and ignores other chatter."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot import texts
from tests.fakeapi import FakeBotAPI
from tests.telegram_harness import (
    ADMIN,
    ANSWERED_TH,
    BOT_USERNAME,
    GROUP,
    SUGGESTED_TH,
    TOKEN,
    RunningBot,
    buttons,
    data_of,
    launch,
    make_settings,
    reply_target,
    sent_text,
)

SIGNING_DATE = "ลงนามเมื่อวันที่ 13 มกราคม 2565"


@pytest.fixture
async def open_group_bot(faq_path: Path, tmp_path: Path) -> AsyncIterator[RunningBot]:
    """The bot with privacy mode off: it receives every group message, and handles them in order."""
    with FakeBotAPI(TOKEN, BOT_USERNAME, can_read_all_group_messages=True) as fake:
        settings = make_settings(fake, faq_path, tmp_path / "q.sqlite3", concurrency=1)
        async with launch(fake, settings) as bot:
            yield bot


@pytest.mark.parametrize("command", ["/ask", f"/ask@{BOT_USERNAME}"])
async def test_ask_in_a_group_is_answered_as_a_reply(bot: RunningBot, command: str) -> None:
    since = bot.mark()
    update = bot.fake.push_message(f"{command} {ANSWERED_TH}", chat_id=GROUP, chat_type="group")
    assert update is not None

    call = await bot.reply_to(GROUP, since)

    assert SIGNING_DATE in sent_text(call)
    assert reply_target(call) == update["message"]["message_id"]


async def test_ask_without_a_question_gets_the_usage(bot: RunningBot) -> None:
    call = await bot.say("/ask", chat_id=GROUP, chat_type="supergroup")

    assert sent_text(call).startswith("พิมพ์คำถามต่อท้ายคำสั่ง")


async def test_ask_works_in_a_private_chat_too(bot: RunningBot) -> None:
    call = await bot.say(f"/ask {ANSWERED_TH}")

    assert SIGNING_DATE in sent_text(call)


async def test_reply_to_the_bots_message_is_answered(bot: RunningBot) -> None:
    first = await bot.say(f"/ask {ANSWERED_TH}", chat_id=GROUP, chat_type="group")

    call = await bot.say(
        "ลงนามที่ไหน",
        chat_id=GROUP,
        chat_type="group",
        reply_to_message_id=first.result["message_id"],
    )

    assert "ลงนามที่กรุงเทพมหานคร" in sent_text(call)


async def test_mention_is_answered_with_the_mention_taken_out(open_group_bot: RunningBot) -> None:
    call = await open_group_bot.say(
        f"ลงนามวันไหนครับ @{BOT_USERNAME}", chat_id=GROUP, chat_type="group"
    )

    assert SIGNING_DATE in sent_text(call)
    await open_group_bot.services.store.flush()
    [row] = await open_group_bot.services.store.recent()
    assert (row.text, row.outcome) == ("ลงนามวันไหนครับ", "answered")


async def test_other_chatter_is_ignored_even_when_the_bot_reads_everything(
    open_group_bot: RunningBot,
) -> None:
    bot = open_group_bot
    since = bot.mark()
    for text in (ANSWERED_TH, "สวัสดีทุกคน", "@someone_else ลงนามวันไหน", "/help@other_bot"):
        assert bot.fake.push_message(text, chat_id=GROUP, chat_type="group") is not None
    bot.fake.push_message("", chat_id=GROUP, chat_type="group", message_type="sticker")

    # Updates are handled in order: once /ask is answered, the chatter was seen and ignored.
    answered = await bot.say(f"/ask {ANSWERED_TH}", chat_id=GROUP, chat_type="group")

    sent = [c for c in bot.fake.calls[since:] if c.method != "getUpdates"]
    assert sent == [answered]


async def test_group_questions_are_logged_with_their_chat_type(bot: RunningBot) -> None:
    await bot.say(f"/ask {ANSWERED_TH}", chat_id=GROUP, chat_type="group")
    await bot.say(f"/ask {ANSWERED_TH}", chat_id=-1001234, chat_type="supergroup")

    await bot.services.store.flush()
    rows = await bot.services.store.recent()

    assert sorted(row.chat_type for row in rows) == ["group", "supergroup"]


async def test_help_in_a_group_explains_ask(bot: RunningBot) -> None:
    call = await bot.say(f"/help@{BOT_USERNAME}", chat_id=GROUP, chat_type="group")

    assert "/ask" in sent_text(call)
    assert f"@{BOT_USERNAME}" in sent_text(call)


async def test_feedback_buttons_work_in_groups_for_the_asker_only(bot: RunningBot) -> None:
    call = await bot.say(f"/ask {ANSWERED_TH}", chat_id=GROUP, chat_type="group", user_id=2001)
    up = data_of(call, "fb:u:")

    refused = await bot.press(up, chat_id=GROUP, user_id=2002)
    assert refused.params["text"] == texts.FOR_THE_ASKER
    await bot.services.store.flush()
    assert (await bot.services.store.get(up[5:])).feedback is None  # type: ignore[union-attr]
    thanked = await bot.press(up, chat_id=GROUP, user_id=2001)
    assert thanked.params["text"] == texts.FEEDBACK_THANKS["up"]
    await bot.services.store.flush()
    assert (await bot.services.store.get(up[5:])).feedback == "up"  # type: ignore[union-attr]


async def test_admin_commands_are_not_answered_in_groups(bot: RunningBot) -> None:
    since = bot.mark()
    bot.fake.push_message(f"/stats@{BOT_USERNAME}", chat_id=GROUP, chat_type="group", user_id=ADMIN)
    answered = await bot.say(f"/ask {ANSWERED_TH}", chat_id=GROUP, chat_type="group")

    group_messages = [
        c
        for c in bot.fake.calls[since:]
        if c.method == "sendMessage" and c.params["chat_id"] == GROUP
    ]
    assert group_messages == [answered]  # nothing of the log in a group


async def test_command_menus_are_set_for_private_chats_groups_and_admins(bot: RunningBot) -> None:
    private = bot.fake.my_commands({"type": "all_private_chats"})
    group = bot.fake.my_commands({"type": "all_group_chats"})
    admin = bot.fake.my_commands({"type": "chat", "chat_id": ADMIN})

    assert [c["command"] for c in private] == list(texts.PRIVATE_COMMANDS)
    assert [c["command"] for c in group] == list(texts.GROUP_COMMANDS)
    assert [c["command"] for c in admin] == [*texts.PRIVATE_COMMANDS, *texts.ADMIN_COMMANDS]


async def test_failing_command_menu_does_not_stop_the_bot(
    fake_api: FakeBotAPI, faq_path: Path, tmp_path: Path
) -> None:
    fake_api.fail_next("setMyCommands", 3, status=400, description="Bad Request: nope")
    settings = make_settings(fake_api, faq_path, tmp_path / "q.sqlite3")
    async with launch(fake_api, settings) as bot:
        call = await bot.say(ANSWERED_TH)

    assert SIGNING_DATE in sent_text(call)
    assert buttons(call)


async def test_none_of_these_in_a_group_is_for_the_asker_only(bot: RunningBot) -> None:
    call = await bot.say(f"/ask {SUGGESTED_TH}", chat_id=GROUP, chat_type="group", user_id=2001)
    none = data_of(call, "none:")

    refused = await bot.press(none, chat_id=GROUP, user_id=2002)
    since = bot.mark()
    await bot.press(none, chat_id=GROUP, user_id=2001)
    edited = await bot.wait("editMessageText", since=since)

    assert refused.params["text"] == texts.FOR_THE_ASKER
    assert sent_text(edited) == texts.NOTED_UNANSWERED["th"]
    assert len(bot.fake.calls_to("editMessageText")) == 1
