"""The fake Bot API server behaves like Telegram for the calls this bot makes, over real HTTP."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest
from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeAllGroupChats,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    Update,
)
from telegram.error import BadRequest, Conflict, NetworkError, RetryAfter, TimedOut
from telegram.ext import ContextTypes, MessageHandler, filters

from tests.fakeapi import FakeBotAPI, parse_html

THAI_22_CHARS = "ก" * 22  # 66 bytes of UTF-8: over the 64-byte callback_data limit
THAI_21_CHARS = "ก" * 21  # 63 bytes


@pytest.fixture
def fake() -> Iterator[FakeBotAPI]:
    with FakeBotAPI() as api:
        yield api


@pytest.fixture
async def bot(fake: FakeBotAPI) -> AsyncIterator[Bot]:
    """A bare PTB Bot (here it shadows conftest's running application of the same name)."""
    async with fake.bot() as bot:
        yield bot


@pytest.fixture
async def http(fake: FakeBotAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=fake.url, trust_env=False) as client:
        yield client


def keyboard(*data: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[InlineKeyboardButton(f"ปุ่ม {d}", callback_data=d)] for d in data])


# ---- getMe, sending ----------------------------------------------------------------------


async def test_get_me_describes_the_configured_bot(bot: Bot) -> None:
    me = await bot.get_me()

    assert (me.username, me.is_bot, me.can_read_all_group_messages) == (
        "tai_jetro_bot",
        True,
        False,
    )


async def test_sent_message_is_parsed_by_ptb_with_its_keyboard(bot: Bot) -> None:
    first = await bot.send_message(42, "สวัสดีครับ", reply_markup=keyboard("faq:1"))
    second = await bot.send_message(42, "อีกข้อความ")

    assert first.text == "สวัสดีครับ"
    assert first.chat.id == 42
    assert first.from_user is not None and first.from_user.username == "tai_jetro_bot"
    assert first.reply_markup == keyboard("faq:1")
    assert second.message_id == first.message_id + 1


async def test_unknown_chat_is_accepted(bot: Bot, fake: FakeBotAPI) -> None:
    await bot.send_message(987654321, "hello")

    assert [m["text"] for m in fake.sent_messages(987654321)] == ["hello"]


async def test_html_message_comes_back_with_entities_and_visible_text(bot: Bot) -> None:
    message = await bot.send_message(
        1, '<b>ลงนาม</b> &lt;13&gt; <a href="https://www.jetro.go.jp">JETRO</a>', parse_mode="HTML"
    )

    assert message.text == "ลงนาม <13> JETRO"
    assert [(e.type, e.offset, e.length) for e in message.entities] == [
        ("bold", 0, 5),
        ("text_link", 11, 5),
    ]


# ---- validation ------------------------------------------------------------------------


async def test_html_with_div_is_rejected_as_bad_request(bot: Bot, fake: FakeBotAPI) -> None:
    with pytest.raises(BadRequest, match=r"(?i)parse entities"):
        await bot.send_message(1, "<div>สวัสดี</div>", parse_mode="HTML")

    assert [call.description for call in fake.rejected] == [
        'Bad Request: can\'t parse entities: Unsupported start tag "div" at byte offset 0'
    ]


async def test_nbsp_entity_is_rejected(bot: Bot) -> None:
    with pytest.raises(BadRequest, match=r"(?i)parse entities"):
        await bot.send_message(1, "ข้อ&nbsp;1", parse_mode="HTML")


@pytest.mark.parametrize(
    "html",
    [
        "a < b",
        "R&D",
        "<b>bold",
        "<b><i>x</b></i>",
        "x</b>",
        "<span>x</span>",
        "<a>no href</a>",
        "<br/>",
        "<b",
    ],
    ids=[
        "bare less-than",
        "bare ampersand",
        "unclosed tag",
        "mismatched tags",
        "end tag without start",
        "span without spoiler class",
        "link without href",
        "br tag",
        "tag never closed",
    ],
)
async def test_html_telegram_cannot_parse_is_rejected(bot: Bot, html: str) -> None:
    with pytest.raises(BadRequest, match=r"(?i)parse entities"):
        await bot.send_message(1, html, parse_mode="HTML")


@pytest.mark.parametrize(
    ("html", "visible"),
    [
        ("<b>a</b><strong>b</strong><i>c</i><em>d</em><u>e</u><ins>f</ins>", "abcdef"),
        ("<s>a</s><strike>b</strike><del>c</del><tg-spoiler>d</tg-spoiler>", "abcd"),
        ('<span class="tg-spoiler">ลับ</span>', "ลับ"),
        ('<pre><code class="language-python">x = 1</code></pre>', "x = 1"),
        ("<blockquote expandable>ยาว</blockquote>", "ยาว"),
        ('<tg-emoji emoji-id="5368324170671202286">👍</tg-emoji>', "👍"),
        ("&#3585;&#x0E02; a > b &quot;q&quot; &amp;", 'กข a > b "q" &'),
        ("<B>upper-case tag</B>", "upper-case tag"),
    ],
    ids=[
        "bold italic underline",
        "strike and spoiler",
        "spoiler span",
        "pre with language",
        "expandable quote",
        "custom emoji",
        "numeric and named entities",
        "tags ignore case",
    ],
)
def test_html_telegram_accepts_parses_to_its_visible_text(html: str, visible: str) -> None:
    assert parse_html(html)[0] == visible


def test_pre_with_language_is_one_pre_entity() -> None:
    _, entities = parse_html('<pre><code class="language-python">x</code></pre>')

    assert entities == [{"type": "pre", "offset": 0, "length": 1, "language": "python"}]


async def test_text_over_4096_characters_is_rejected_but_4096_accepted(bot: Bot) -> None:
    with pytest.raises(BadRequest, match=r"(?i)too long"):
        await bot.send_message(1, "ก" * 4097)

    message = await bot.send_message(1, "ก" * 4096)

    assert message.text == "ก" * 4096


async def test_tags_and_entities_do_not_count_towards_the_length_limit(bot: Bot) -> None:
    html = "<b>" + "ก" * 4000 + "</b>" + "&amp;" * 96

    message = await bot.send_message(1, html, parse_mode="HTML")

    assert len(html) > 4096
    assert message.text == "ก" * 4000 + "&" * 96


async def test_empty_text_is_rejected(http: httpx.AsyncClient) -> None:
    response = await http.post("/sendMessage", data={"chat_id": "1", "text": ""})

    assert response.status_code == 400
    assert response.json() == {
        "ok": False,
        "error_code": 400,
        "description": "Bad Request: message text is empty",
    }


async def test_callback_data_of_65_bytes_is_rejected(bot: Bot) -> None:
    with pytest.raises(BadRequest, match=r"(?i)button_data_invalid"):
        await bot.send_message(1, "เลือก", reply_markup=keyboard(THAI_22_CHARS))

    await bot.send_message(1, "เลือก", reply_markup=keyboard(THAI_21_CHARS))


async def test_more_than_100_buttons_are_rejected(bot: Bot) -> None:
    rows = [[InlineKeyboardButton(str(i), callback_data=str(i))] for i in range(101)]

    with pytest.raises(BadRequest, match=r"(?i)reply markup is too long"):
        await bot.send_message(1, "เลือก", reply_markup=InlineKeyboardMarkup(rows))


async def test_button_without_action_is_rejected(http: httpx.AsyncClient) -> None:
    markup = json.dumps({"inline_keyboard": [[{"text": "ปุ่ม"}]]})

    response = await http.post(
        "/sendMessage", data={"chat_id": "1", "text": "x", "reply_markup": markup}
    )

    assert response.status_code == 400
    assert "Text buttons are unallowed" in response.json()["description"]


async def test_editing_to_the_same_text_and_markup_is_not_modified(bot: Bot) -> None:
    message = await bot.send_message(
        1, "<b>คำตอบ</b>", parse_mode="HTML", reply_markup=keyboard("a")
    )

    with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
        await bot.edit_message_text(
            "<b>คำตอบ</b>", 1, message.message_id, parse_mode="HTML", reply_markup=keyboard("a")
        )
    edited = await bot.edit_message_text("คำตอบใหม่", 1, message.message_id)

    assert isinstance(edited, Message)
    assert edited.text == "คำตอบใหม่"
    assert edited.reply_markup is None  # editing without a markup removes the keyboard


async def test_edit_reply_markup_of_unknown_message_is_rejected(bot: Bot) -> None:
    with pytest.raises(BadRequest, match=r"(?i)message to edit not found"):
        await bot.edit_message_reply_markup(1, 999, reply_markup=keyboard("a"))


async def test_commands_are_validated_and_stored_per_scope(bot: Bot, fake: FakeBotAPI) -> None:
    await bot.set_my_commands([BotCommand("start", "เริ่มต้น"), BotCommand("help", "วิธีใช้")])
    await bot.set_my_commands([BotCommand("ask", "ถาม")], scope=BotCommandScopeAllGroupChats())
    with pytest.raises(BadRequest, match=r"(?i)bot_command_invalid"):
        await bot.set_my_commands([BotCommand("Start", "upper case is not allowed")])

    assert [c.command for c in await bot.get_my_commands()] == ["start", "help"]
    assert fake.my_commands({"type": "all_group_chats"}) == [
        {"command": "ask", "description": "ถาม"}
    ]
    await bot.delete_my_commands()
    assert await bot.get_my_commands() == ()


async def test_chat_action_must_be_a_known_action(bot: Bot) -> None:
    assert await bot.send_chat_action(1, "typing") is True
    with pytest.raises(BadRequest, match=r"(?i)wrong parameter action"):
        await bot.send_chat_action(1, "dancing")


# ---- HTTP surface ----------------------------------------------------------------------


async def test_wrong_token_is_unauthorized(fake: FakeBotAPI) -> None:
    async with httpx.AsyncClient(trust_env=False) as client:
        response = await client.post(f"{fake.base_url}999:WRONG/getMe")

    assert response.status_code == 401
    assert response.json() == {"ok": False, "error_code": 401, "description": "Unauthorized"}


async def test_method_names_ignore_case_and_json_bodies_are_accepted(
    http: httpx.AsyncClient, fake: FakeBotAPI
) -> None:
    response = await http.post("/SENDMESSAGE", json={"chat_id": 5, "text": "123"})

    assert response.json()["result"]["text"] == "123"
    assert fake.calls[-1].method == "sendMessage"
    assert fake.calls[-1].params == {"chat_id": 5, "text": "123"}


async def test_unknown_method_is_not_found(http: httpx.AsyncClient) -> None:
    response = await http.get("/sendPigeon")

    assert response.status_code == 404


async def test_any_token_is_accepted_when_token_is_none() -> None:
    with FakeBotAPI(token=None) as fake:
        async with Bot("555:XYZ", base_url=fake.base_url) as bot:
            assert (await bot.get_me()).username == "tai_jetro_bot"


async def test_multipart_send_document_is_recorded_with_its_bytes(
    bot: Bot, fake: FakeBotAPI
) -> None:
    message = await bot.send_document(
        7, b"%PDF-1.4 LOI", filename="loi.pdf", caption="<b>หนังสือ</b>", parse_mode="HTML"
    )

    [call] = fake.calls_to("sendDocument")
    assert call.params["document"].content == b"%PDF-1.4 LOI"
    assert call.params["document"].filename == "loi.pdf"
    assert message.document is not None and message.document.file_name == "loi.pdf"
    assert message.caption == "หนังสือ"


async def test_document_is_required(http: httpx.AsyncClient) -> None:
    response = await http.post("/sendDocument", data={"chat_id": "1"})

    assert response.json()["description"] == "Bad Request: there is no document in the request"


# ---- updates ---------------------------------------------------------------------------


async def test_long_poll_returns_an_update_pushed_while_waiting(bot: Bot, fake: FakeBotAPI) -> None:
    loop = asyncio.get_running_loop()
    started = loop.time()
    loop.call_later(0.2, lambda: fake.push_message("ลงนามวันไหน", chat_id=42))

    updates = await bot.get_updates(timeout=5)

    assert loop.time() - started < 2
    assert [u.message.text for u in updates if u.message] == ["ลงนามวันไหน"]


async def test_long_poll_without_updates_waits_for_its_timeout(bot: Bot) -> None:
    loop = asyncio.get_running_loop()
    started = loop.time()

    assert await bot.get_updates(timeout=1) == ()
    assert loop.time() - started >= 0.9


async def test_offset_confirms_earlier_updates(bot: Bot, fake: FakeBotAPI) -> None:
    for text in ("หนึ่ง", "สอง", "สาม"):
        fake.push_message(text, chat_id=1)
    first, second, third = await bot.get_updates()

    again = await bot.get_updates(offset=second.update_id)

    assert [u.update_id for u in again] == [second.update_id, third.update_id]
    assert [u["update_id"] for u in fake.pending_updates] == [second.update_id, third.update_id]
    assert first.update_id < second.update_id < third.update_id


async def test_a_newer_long_poll_ends_the_older_one_with_a_conflict(
    bot: Bot, fake: FakeBotAPI
) -> None:
    older = asyncio.create_task(bot.get_updates(timeout=5))
    await asyncio.sleep(0.2)  # let it reach the server

    async with fake.bot() as second_instance:
        assert await second_instance.get_updates(timeout=0) == ()
    with pytest.raises(Conflict, match="terminated by other getUpdates"):
        await older
    assert fake.rejected == []  # a conflict is a race, not a malformed call


async def test_allowed_updates_drops_other_update_types(bot: Bot, fake: FakeBotAPI) -> None:
    await bot.send_message(9, "เลือก", reply_markup=keyboard("faq:1"))
    fake.push_message("ข้อความ", chat_id=9)
    press = fake.push_callback("faq:1", chat_id=9)

    updates = await bot.get_updates(allowed_updates=["callback_query"])

    assert [u.update_id for u in updates] == [press["update_id"]]


async def test_pushed_command_carries_a_bot_command_entity(fake: FakeBotAPI) -> None:
    update = fake.push_message("/start@tai_jetro_bot สวัสดี", chat_id=3)

    assert update is not None
    assert update["message"]["entities"] == [{"type": "bot_command", "offset": 0, "length": 20}]


async def test_group_chatter_is_hidden_from_a_bot_in_privacy_mode(
    bot: Bot, fake: FakeBotAPI
) -> None:
    hidden = fake.push_message("คุยกันเอง", chat_id=-100123, chat_type="supergroup")
    command = fake.push_message(
        "/ask@tai_jetro_bot ลงนามที่ไหน", chat_id=-100123, chat_type="supergroup"
    )

    updates = await bot.get_updates()

    assert hidden is None
    assert command is not None
    assert [u.update_id for u in updates] == [command["update_id"]]


async def test_reply_to_a_bot_message_carries_it(bot: Bot, fake: FakeBotAPI) -> None:
    sent = await bot.send_message(8, "คำถามของคุณคืออะไร")

    update = fake.push_message("เรื่องวันลงนาม", chat_id=8, reply_to_message_id=sent.message_id)

    assert update is not None
    assert update["message"]["reply_to_message"]["text"] == "คำถามของคุณคืออะไร"
    assert update["message"]["message_id"] == sent.message_id + 1


async def test_answering_a_callback_query_twice_fails(bot: Bot, fake: FakeBotAPI) -> None:
    await bot.send_message(9, "เลือกหัวข้อ", reply_markup=keyboard("faq:1", "faq:2"))
    fake.push_callback("faq:2", chat_id=9)
    [update] = await bot.get_updates()
    assert update.callback_query is not None and update.callback_query.data == "faq:2"

    assert await bot.answer_callback_query(update.callback_query.id) is True
    with pytest.raises(BadRequest, match=r"(?i)too old"):
        await bot.answer_callback_query(update.callback_query.id)


def test_pressing_a_button_the_message_does_not_have_is_refused(fake: FakeBotAPI) -> None:
    with pytest.raises(LookupError):
        fake.push_callback("faq:1", chat_id=9)


# ---- faults ----------------------------------------------------------------------------


async def test_429_fault_surfaces_as_retry_after(
    bot: Bot, fake: FakeBotAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Without it PTB 22 warns on reading retry_after, an error under filterwarnings=error.
    monkeypatch.setenv("PTB_TIMEDELTA", "1")
    fake.fail_next("sendMessage", status=429, retry_after=7)

    with pytest.raises(RetryAfter) as caught:
        await bot.send_message(1, "x")
    await bot.send_message(1, "y")

    assert caught.value.retry_after.total_seconds() == 7  # type: ignore[union-attr]
    assert fake.calls_to("sendMessage")[0].response["parameters"] == {"retry_after": 7}
    assert fake.rejected == []  # injected faults are not the bot's mistakes


async def test_502_fault_surfaces_as_network_error(bot: Bot, fake: FakeBotAPI) -> None:
    fake.fail_next(None, status=502)

    with pytest.raises(NetworkError, match="Bad Gateway"):
        await bot.send_message(1, "x")


async def test_hung_call_times_out_in_ptb_but_still_takes_effect(
    bot: Bot, fake: FakeBotAPI
) -> None:
    fake.hang_next(1, seconds=0.5, method="sendMessage")

    with pytest.raises(TimedOut):
        await bot.send_message(1, "ช้า", read_timeout=0.1)
    await fake.wait_for("sendMessage", timeout=3)

    assert [m["text"] for m in fake.sent_messages(1)] == ["ช้า"]


async def test_latency_sleeps_without_blocking_other_calls(bot: Bot, fake: FakeBotAPI) -> None:
    fake.set_latency(0.3)
    loop = asyncio.get_running_loop()
    started = loop.time()

    await asyncio.gather(*(bot.send_message(i, "x") for i in range(1, 11)))

    assert 0.3 <= loop.time() - started < 1.5


async def test_pause_refuses_connections_and_resume_accepts_them_on_the_same_port(
    bot: Bot, fake: FakeBotAPI
) -> None:
    port = fake.port
    await bot.get_me()

    fake.pause()
    with pytest.raises(NetworkError):
        await bot.get_me()
    fake.resume()

    assert (await bot.get_me()).username == "tai_jetro_bot"
    assert fake.port == port


async def test_pause_ends_a_long_poll_in_progress(bot: Bot, fake: FakeBotAPI) -> None:
    poll = asyncio.create_task(bot.get_updates(timeout=10))
    await asyncio.sleep(0.2)  # let the request reach the server

    fake.pause()

    with pytest.raises(NetworkError):
        await asyncio.wait_for(poll, 3)
    fake.resume()


# ---- in-process inspection --------------------------------------------------------------


async def test_wait_for_times_out_naming_the_calls_it_saw(bot: Bot, fake: FakeBotAPI) -> None:
    await bot.send_chat_action(1, "typing")

    with pytest.raises(TimeoutError, match="sendChatAction:200"):
        await fake.wait_for("sendMessage", timeout=0.2)


async def test_wait_for_rejects_a_misspelt_method(fake: FakeBotAPI) -> None:
    with pytest.raises(ValueError, match="unknown Bot API method"):
        await fake.wait_for("sendMesage")


async def test_application_polling_answers_a_pushed_message(fake: FakeBotAPI) -> None:
    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.message is not None
        await update.message.reply_text(f"ได้รับ: {update.message.text}")

    app = fake.application_builder().build()
    app.add_handler(MessageHandler(filters.TEXT, echo))
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0, timeout=1)
        fake.push_message("ลงนามที่ไหน", chat_id=77)
        [reply] = await fake.wait_for("sendMessage", lambda c: c.params["chat_id"] == 77)
        await app.updater.stop()
        await app.stop()

    assert reply.params["text"] == "ได้รับ: ลงนามที่ไหน"
    assert fake.rejected == []
    assert fake.pending_updates == []  # PTB confirmed the update on shutdown


# ---- standalone process ----------------------------------------------------------------


def test_standalone_server_feeds_questions_and_reports_when_all_are_answered() -> None:
    command = [sys.executable, "-m", "tests.fakeapi", "--port", "0", "--feed", "4", "--chats"]
    command += ["2", "--exit-when-done", "--max-seconds", "20"]
    repo = Path(__file__).resolve().parent.parent
    with subprocess.Popen(command, cwd=repo, stdout=subprocess.PIPE, text=True) as process:
        try:
            assert process.stdout is not None
            listening = process.stdout.readline().strip()
            assert listening.startswith("listening on http://127.0.0.1:")
            api = f"{listening.removeprefix('listening on ')}/bot123:ABC"
            with httpx.Client(base_url=api, trust_env=False) as client:
                updates = client.post("/getUpdates", data={"timeout": "0"}).json()["result"]
                bad = {"chat_id": "1", "text": "<p>", "parse_mode": "HTML"}
                assert client.post("/sendMessage", data=bad).status_code == 400
                for update in updates:
                    chat_id = update["message"]["chat"]["id"]
                    client.post("/sendMessage", data={"chat_id": str(chat_id), "text": "ตอบ"})
            summary = json.loads(process.stdout.readline())
            assert process.wait(timeout=10) == 0
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()

    assert len(updates) == 4
    assert {key: summary[key] for key in ("done", "count", "chats", "rejected")} == {
        "done": True,
        "count": 4,
        "chats": 2,
        "rejected": 1,
    }
    assert summary["last_reply"] >= summary["first_reply"] <= time.time()
