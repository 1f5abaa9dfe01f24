"""Admins in Telegram: /review and its buttons, /stats, /export, /reload; everyone else refused."""

from __future__ import annotations

import csv
import io
from datetime import datetime

import pytest

from bot import texts
from bot.telegram.admin_views import THAI_TIME
from tests.fakeapi import UploadedFile
from tests.telegram_harness import (
    ADMIN,
    ANSWERED_TH,
    DECLINED,
    MEMBER,
    SUGGESTED_TH,
    RunningBot,
    buttons,
    data_of,
    sent_text,
)

HTML_QUESTION = "<b>pizza</b> & <i>pasta</i>?"


async def ask_and_flush(bot: RunningBot, *questions: str) -> None:
    # Each from its own member, so that the flood guard stays out of the way.
    for n, question in enumerate(questions):
        await bot.say(question, chat_id=MEMBER + 100 + n)
    await bot.services.store.flush()


async def review_items(bot: RunningBot) -> list[tuple[str, str]]:
    """(question id, text) of each item /review sends, in order."""
    since = bot.mark()
    bot.fake.push_message("/review", chat_id=ADMIN)
    footer_or_empty = await bot.wait(
        "sendMessage",
        lambda c: c.params["chat_id"] == ADMIN
        and ("รายการที่" in sent_text(c) or sent_text(c) == texts.REVIEW_EMPTY),
        since=since,
    )
    items = [
        c
        for c in bot.fake.calls[since:]
        if c.method == "sendMessage" and c.params["chat_id"] == ADMIN and c is not footer_or_empty
    ]
    return [(data_of(c, "rv:r:").removeprefix("rv:r:"), sent_text(c)) for c in items]


@pytest.mark.parametrize("command", ["/review", "/stats", "/export", "/reload"])
async def test_admin_commands_are_refused_to_members(bot: RunningBot, command: str) -> None:
    await ask_and_flush(bot, DECLINED)

    call = await bot.say(command)

    assert sent_text(call).startswith("ขออภัยครับ คำสั่งนี้สำหรับผู้ดูแลระบบเท่านั้น")
    assert DECLINED not in sent_text(call)
    assert bot.fake.calls_to("sendDocument") == []


async def test_review_buttons_are_refused_to_members(bot: RunningBot) -> None:
    await ask_and_flush(bot, DECLINED)
    [(question_id, _)] = await review_items(bot)

    answer = await bot.press(f"rv:r:{question_id}", chat_id=MEMBER + 100, check_button=False)

    assert answer.params["text"] == texts.ADMIN_ONLY_CALLBACK
    row = await bot.services.store.get(question_id)
    assert row is not None and row.review_status == "open"


async def test_review_with_nothing_open_says_so(bot: RunningBot) -> None:
    await ask_and_flush(bot, ANSWERED_TH)

    assert await review_items(bot) == []


async def test_review_lists_open_questions_newest_first_with_text_escaped(bot: RunningBot) -> None:
    await ask_and_flush(bot, DECLINED, ANSWERED_TH, SUGGESTED_TH, HTML_QUESTION)

    items = await review_items(bot)

    assert [text.split("\n")[1] for _, text in items] == [HTML_QUESTION, SUGGESTED_TH, DECLINED]
    item = bot.fake.calls_to("sendMessage")[-4]
    assert [d.split(":")[1] for _, d in buttons(item)] == ["a", "r", "i"]


async def test_resolve_marks_the_question_and_takes_it_off_the_queue(bot: RunningBot) -> None:
    await ask_and_flush(bot, DECLINED)
    [(question_id, _)] = await review_items(bot)
    since = bot.mark()

    await bot.press(f"rv:r:{question_id}", chat_id=ADMIN)
    edited = await bot.wait("editMessageText", since=since)

    assert texts.REVIEW_STATUS["resolved"].split(" / ")[0] in edited.params["text"]
    assert buttons(edited) == []
    row = await bot.services.store.get(question_id)
    assert row is not None and row.review_status == "resolved"
    assert await review_items(bot) == []


async def test_ignored_question_stays_ignored(bot: RunningBot) -> None:
    await ask_and_flush(bot, DECLINED)
    [(question_id, _)] = await review_items(bot)

    await bot.press(f"rv:i:{question_id}", chat_id=ADMIN)
    await bot.services.store.flush()
    await ask_and_flush(bot, SUGGESTED_TH)

    row = await bot.services.store.get(question_id)
    assert row is not None and row.review_status == "ignored"
    assert [text.split("\n")[1] for _, text in await review_items(bot)] == [SUGGESTED_TH]


async def test_assign_adds_the_question_to_the_entry_and_reloads(bot: RunningBot) -> None:
    await ask_and_flush(bot, SUGGESTED_TH)
    [(question_id, _)] = await review_items(bot)
    since = bot.mark()

    await bot.press(f"rv:a:{question_id}", chat_id=ADMIN)
    choices = await bot.wait("editMessageText", since=since)
    data = [d for _, d in buttons(choices)]
    assert data[:2] == [f"rv:s:{question_id}:signatory-tai", f"rv:s:{question_id}:signatory-jetro"]
    assert f"rv:l:{question_id}:0" in data and f"rv:b:{question_id}" in data
    since = bot.mark()

    await bot.press(f"rv:s:{question_id}:signatory-tai", chat_id=ADMIN)
    done = await bot.wait("editMessageText", since=since)

    assert "ผู้ลงนามฝ่ายสถาบันยานยนต์" in done.params["text"]
    assert "(10" in done.params["text"]  # entries after the reload
    assert SUGGESTED_TH in bot.settings.faq_path.read_text(encoding="utf-8")
    row = await bot.services.store.get(question_id)
    assert row is not None and (row.review_status, row.assigned_id) == ("assigned", "signatory-tai")
    answer = await bot.say(SUGGESTED_TH)
    assert "ผู้อำนวยการสถาบันยานยนต์เป็นผู้ลงนาม" in sent_text(answer)


async def test_assign_can_pick_any_entry_from_a_paged_list(bot: RunningBot) -> None:
    await ask_and_flush(bot, DECLINED)
    [(question_id, _)] = await review_items(bot)
    since = bot.mark()

    await bot.press(f"rv:a:{question_id}", chat_id=ADMIN)
    await bot.wait("editMessageText", since=since)
    since = bot.mark()
    await bot.press(f"rv:l:{question_id}:0", chat_id=ADMIN)
    first_page = await bot.wait("editMessageText", since=since)
    since = bot.mark()
    await bot.press(f"rv:l:{question_id}:1", chat_id=ADMIN)
    second_page = await bot.wait("editMessageText", since=since)

    first = [d for _, d in buttons(first_page)]
    assert len([d for d in first if d.startswith("rv:s:")]) == 8
    assert f"rv:l:{question_id}:1" in first
    second = [d for _, d in buttons(second_page)]
    assert [d for d in second if d.startswith("rv:s:")] == [
        f"rv:s:{question_id}:pillar-4",
        f"rv:s:{question_id}:pillar-5",
    ]
    assert f"rv:l:{question_id}:0" in second
    since = bot.mark()

    await bot.press(f"rv:s:{question_id}:pillar-5", chat_id=ADMIN)
    await bot.wait("editMessageText", since=since)

    row = await bot.services.store.get(question_id)
    assert row is not None and row.assigned_id == "pillar-5"


async def test_back_from_the_entry_list_restores_the_item(bot: RunningBot) -> None:
    await ask_and_flush(bot, DECLINED)
    [(question_id, text)] = await review_items(bot)
    since = bot.mark()
    await bot.press(f"rv:a:{question_id}", chat_id=ADMIN)
    await bot.wait("editMessageText", since=since)
    since = bot.mark()

    await bot.press(f"rv:b:{question_id}", chat_id=ADMIN)
    back = await bot.wait("editMessageText", since=since)

    assert sent_text(back) == text


async def test_assign_of_a_phrasing_the_entry_has_says_why(bot: RunningBot) -> None:
    await ask_and_flush(bot, SUGGESTED_TH)
    [(question_id, _)] = await review_items(bot)
    await bot.services.store.set_review_status(question_id, "open")
    bot.settings.faq_path.write_text(
        bot.settings.faq_path.read_text(encoding="utf-8").replace(
            "      - ใครลงนามฝ่ายสถาบันยานยนต์\n",
            f"      - ใครลงนามฝ่ายสถาบันยานยนต์\n      - {SUGGESTED_TH}\n",
        ),
        encoding="utf-8",
    )
    since = bot.mark()

    await bot.press(f"rv:s:{question_id}:signatory-tai", chat_id=ADMIN, check_button=False)
    failed = await bot.wait("editMessageText", since=since)

    assert "เพิ่มไม่ได้" in failed.params["text"]
    row = await bot.services.store.get(question_id)
    assert row is not None and row.review_status == "open"


async def test_review_pages_with_a_more_button(bot: RunningBot) -> None:
    await ask_and_flush(bot, *[f"{DECLINED} {n}" for n in range(7)])
    items = await review_items(bot)
    assert len(items) == 5
    footer = bot.fake.calls_to("sendMessage")[-1]
    assert "1–5" in sent_text(footer) and "7" in sent_text(footer)
    since = bot.mark()

    await bot.press(data_of(footer, "rv:p:"), chat_id=ADMIN)
    last = await bot.wait("sendMessage", lambda c: "6–7" in sent_text(c), since=since)

    assert buttons(last) == []
    page = [c for c in bot.fake.calls[since:] if c.method == "sendMessage" and c is not last]
    assert [sent_text(c).split("\n")[1] for c in page] == [f"{DECLINED} 1", f"{DECLINED} 0"]


async def test_stats_show_totals_rate_top_entries_declined_and_days(bot: RunningBot) -> None:
    await ask_and_flush(bot, ANSWERED_TH, ANSWERED_TH, DECLINED, HTML_QUESTION, SUGGESTED_TH)

    call = await bot.say("/stats", chat_id=ADMIN)

    text = sent_text(call)
    assert "คำถามทั้งหมด / questions: 5" in text
    assert "ตอบได้ / answered: 2 (40%)" in text
    assert "• วันที่ลงนาม — 2" in text
    assert f"• {HTML_QUESTION} — 1" in text
    today = datetime.now().astimezone().strftime("%Y-%m-%d")
    assert any(line.endswith("(2 ✓)") for line in text.splitlines()), today


async def test_stats_take_a_number_of_days(bot: RunningBot) -> None:
    call = await bot.say("/stats 30", chat_id=ADMIN)

    assert "30" in sent_text(call).split("\n")[0]


async def test_export_sends_the_log_as_a_csv_document(bot: RunningBot) -> None:
    await ask_and_flush(bot, ANSWERED_TH, '=HYPERLINK("http://evil") ลงนาม')

    call = await bot.say("/export", chat_id=ADMIN, method="sendDocument")

    document = call.params["document"]
    assert isinstance(document, UploadedFile)
    assert document.filename == f"questions-{datetime.now(THAI_TIME):%Y%m%d}.csv"
    assert document.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(document.content.decode("utf-8-sig"))))
    assert sorted(row["text"] for row in rows) == [
        '\'=HYPERLINK("http://evil") ลงนาม',
        ANSWERED_TH,
    ]


async def test_reload_reports_the_entry_count(bot: RunningBot) -> None:
    call = await bot.say("/reload", chat_id=ADMIN)

    assert sent_text(call).startswith("✅ โหลด FAQ ใหม่แล้ว: 10 รายการ")


async def test_reload_of_an_invalid_file_reports_problems_and_keeps_answering(
    bot: RunningBot,
) -> None:
    bot.settings.faq_path.write_text("entries:\n  - id: Bad Id\n    titel: x\n", encoding="utf-8")

    call = await bot.say("/reload", chat_id=ADMIN)

    assert sent_text(call).startswith("❌ ไฟล์ FAQ มีปัญหา")
    assert "titel" in sent_text(call)
    answer = await bot.say(ANSWERED_TH)
    assert "ลงนามเมื่อวันที่ 13 มกราคม 2565" in sent_text(answer)
