"""Members in a private chat: commands, answers and their buttons, odd messages, the log."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot import texts
from bot.store import LoggedQuestion, QuestionLog
from tests.fakeapi import FakeBotAPI
from tests.telegram_harness import (
    ANSWERED_EN,
    ANSWERED_TH,
    DECLINED,
    MEMBER,
    OTHER_MEMBER,
    SUGGESTED_TH,
    RunningBot,
    buttons,
    data_of,
    launch,
    make_settings,
    reply_target,
    sent_text,
)


async def test_start_welcomes_in_thai_with_english_line_and_topic_buttons(bot: RunningBot) -> None:
    call = await bot.say("/start")

    assert "สวัสดี" in sent_text(call)
    assert "Hello" in sent_text(call)
    assert [data for _, data in buttons(call)] == [
        "faq:t:signing-date",
        "faq:t:venue",
        "faq:t:overview",
    ]


async def test_start_topic_button_shows_that_entry(bot: RunningBot) -> None:
    await bot.say("/start")
    since = bot.mark()

    answer = await bot.press("faq:t:venue")
    shown = await bot.reply_to(MEMBER, since)

    assert answer.ok
    assert "ลงนามที่กรุงเทพมหานคร" in sent_text(shown)


async def test_help_lists_the_commands(bot: RunningBot) -> None:
    call = await bot.say("/help")

    for command in ("/pillars", "/about", "/forgetme"):
        assert command in sent_text(call)


async def test_pillars_shows_five_buttons_and_a_press_shows_that_pillar(bot: RunningBot) -> None:
    menu = await bot.say("/pillars")
    assert [data for _, data in buttons(menu)] == [f"faq:t:pillar-{n}" for n in range(1, 6)]
    since = bot.mark()

    await bot.press("faq:t:pillar-5")
    shown = await bot.reply_to(MEMBER, since)

    # The answer's "<ข่าวสาร> & ความรู้" is escaped, and shown as written.
    assert "ด้านที่ 5 คือการแลกเปลี่ยนข้อมูล <ข่าวสาร> & ความรู้" in sent_text(shown)
    assert data_of(shown, "src:") == "src:t:pillar-5"


async def test_about_shows_the_overview_entry(bot: RunningBot) -> None:
    call = await bot.say("/about")

    assert "สถาบันยานยนต์และเจโทรลงนามหนังสือแสดงเจตจำนง" in sent_text(call)


async def test_answered_question_gets_one_reply_with_feedback_and_source_buttons(
    bot: RunningBot,
) -> None:
    since = bot.mark()
    update = bot.fake.push_message(ANSWERED_TH)
    assert update is not None
    call = await bot.reply_to(MEMBER, since)

    assert "ลงนามเมื่อวันที่ 13 มกราคม 2565" in sent_text(call)
    assert reply_target(call) == update["message"]["message_id"]
    labels = [label for label, _ in buttons(call)]
    assert labels == [texts.BUTTON_UP, texts.BUTTON_DOWN, texts.BUTTON_SOURCE["th"]]
    question_id = data_of(call, "fb:u:").removeprefix("fb:u:")
    assert data_of(call, "fb:d:") == f"fb:d:{question_id}"
    assert data_of(call, "src:") == "src:t:signing-date"
    await bot.services.store.flush()
    assert len(bot.fake.calls_to("sendMessage")) == 1  # one question, one reply


async def test_english_question_is_answered_in_english(bot: RunningBot) -> None:
    call = await bot.say(ANSWERED_EN)

    assert "It was signed on 13 January 2022." in sent_text(call)
    assert texts.BUTTON_SOURCE["en"] in [label for label, _ in buttons(call)]


async def test_thumbs_up_thanks_the_member_and_is_logged(bot: RunningBot) -> None:
    call = await bot.say(ANSWERED_TH)
    question_id = data_of(call, "fb:u:").removeprefix("fb:u:")

    answer = await bot.press(f"fb:u:{question_id}")

    assert answer.params.get("text") == texts.FEEDBACK_THANKS["up"]
    await bot.services.store.flush()
    row = await bot.services.store.get(question_id)
    assert row is not None and row.feedback == "up"


async def test_thumbs_down_is_logged_and_sends_the_question_to_review(bot: RunningBot) -> None:
    call = await bot.say(ANSWERED_TH)
    question_id = data_of(call, "fb:u:").removeprefix("fb:u:")

    answer = await bot.press(f"fb:d:{question_id}")

    assert answer.params.get("text") == texts.FEEDBACK_THANKS["down"]
    await bot.services.store.flush()
    queue = await bot.services.store.review_queue()
    assert [(q.id, q.feedback) for q in queue] == [(question_id, "down")]


async def test_source_button_shows_the_article_sentence(bot: RunningBot) -> None:
    call = await bot.say(ANSWERED_TH)
    since = bot.mark()

    answer = await bot.press("src:t:signing-date")
    source = await bot.reply_to(MEMBER, since)

    assert answer.ok
    assert "The Letter of Intent was signed on 13 January 2022." in sent_text(source)
    assert reply_target(source) == call.result["message_id"]


async def test_unsure_answer_offers_did_you_mean_buttons_and_none_of_these(
    bot: RunningBot,
) -> None:
    call = await bot.say(SUGGESTED_TH)

    assert texts.SUGGESTED["th"] in sent_text(call)
    data = [d for _, d in buttons(call)]
    question_id = data[-1].rsplit(":", 1)[1]
    assert data == [
        f"dym:t:signatory-tai:{question_id}",
        f"dym:t:signatory-jetro:{question_id}",
        f"none:t:{question_id}",
    ]
    assert [label for label, _ in buttons(call)][:2] == [
        "ผู้ลงนามฝ่ายสถาบันยานยนต์",
        "ผู้ลงนามฝ่ายเจโทร",
    ]


async def test_choosing_a_suggestion_turns_the_message_into_that_answer(bot: RunningBot) -> None:
    call = await bot.say(SUGGESTED_TH)
    since = bot.mark()
    choice = data_of(call, "dym:t:signatory-jetro")

    await bot.press(choice)
    edited = await bot.wait("editMessageText", since=since)

    assert edited.params["message_id"] == call.result["message_id"]
    assert "ประธานเจโทรกรุงเทพเป็นผู้ลงนาม" in sent_text(edited)
    question_id = choice.rsplit(":", 1)[1]
    assert data_of(edited, "fb:u:") == f"fb:u:{question_id}"


async def test_none_of_these_logs_the_question_as_unanswered(bot: RunningBot) -> None:
    call = await bot.say(SUGGESTED_TH)
    since = bot.mark()
    none = data_of(call, "none:")

    await bot.press(none)
    edited = await bot.wait("editMessageText", since=since)

    assert sent_text(edited) == texts.NOTED_UNANSWERED["th"]
    await bot.services.store.flush()
    row = await bot.services.store.get(none.rsplit(":", 1)[1])
    assert row is not None and row.outcome == "unanswered"


async def test_question_outside_the_faq_gets_the_fallback_and_topic_buttons(
    bot: RunningBot,
) -> None:
    call = await bot.say(DECLINED)

    assert sent_text(call) == texts.DECLINED["en"]
    assert [d for _, d in buttons(call)] == [
        "faq:e:signing-date",
        "faq:e:venue",
        "faq:e:overview",
    ]


async def test_every_question_is_logged_with_its_outcome(bot: RunningBot) -> None:
    answered = await bot.say(ANSWERED_TH)
    suggested = await bot.say(SUGGESTED_TH)
    # In a chat of its own: after an answer, a short message is read as its follow-up (see
    # test_chatter_after_an_answer_is_not_read_as_its_follow_up in test_telegram_followups.py).
    declined = await bot.say(DECLINED, chat_id=OTHER_MEMBER)
    store = bot.services.store

    await store.flush()
    rows = await store.recent(limit=10)

    by_text = {row.text: row for row in rows}
    assert set(by_text) == {ANSWERED_TH, SUGGESTED_TH, DECLINED}
    first = by_text[ANSWERED_TH]
    assert data_of(answered, "fb:u:") == f"fb:u:{first.id}"
    assert (first.chat_type, first.language, first.outcome, first.matched_id) == (
        "private",
        "th",
        "answered",
        "signing-date",
    )
    assert first.user_key == store.user_key(MEMBER)
    assert first.user_key != str(MEMBER)
    assert first.score == 100
    assert first.review_status == "open"
    assert first.runner_up_id is not None and first.runner_up_score is not None
    assert by_text[SUGGESTED_TH].outcome == "suggested"
    assert data_of(suggested, "none:").endswith(by_text[SUGGESTED_TH].id)
    assert (by_text[DECLINED].outcome, by_text[DECLINED].language) == ("declined", "en")
    assert sent_text(declined) == texts.DECLINED["en"]


async def test_feedback_from_someone_else_does_not_count(bot: RunningBot) -> None:
    call = await bot.say(ANSWERED_TH)
    question_id = data_of(call, "fb:u:").removeprefix("fb:u:")

    answer = await bot.press(f"fb:d:{question_id}", user_id=OTHER_MEMBER)

    assert answer.params["text"] == texts.FOR_THE_ASKER
    await bot.services.store.flush()
    row = await bot.services.store.get(question_id)
    assert row is not None and row.feedback is None


@pytest.mark.parametrize("kind", ["sticker", "photo", "voice", "location"])
async def test_non_text_message_gets_a_note_that_the_bot_reads_text(
    bot: RunningBot, kind: str
) -> None:
    call = await bot.say("", message_type=kind)

    assert sent_text(call).startswith("ขออภัยครับ ผมอ่านได้เฉพาะข้อความตัวอักษร")


@pytest.mark.parametrize(
    "text",
    ["   ", "😀😀😀", "\u200b\u200c\u200d", "\x01\x02\x7f", "?!…", "\u202e\u202d"],
    ids=["spaces", "emoji", "zero-width", "control", "punctuation", "bidi-marks"],
)
async def test_message_without_words_gets_a_short_help_note(bot: RunningBot, text: str) -> None:
    call = await bot.say(text)

    assert sent_text(call).startswith("กรุณาพิมพ์คำถามเป็นข้อความ")
    await bot.services.store.flush()
    assert await bot.services.store.recent() == []  # not a question: nothing logged


@pytest.mark.parametrize(
    "text",
    [
        ANSWERED_TH + " " + "ก" * 4000,
        "x" * 4096,
        "<b>ลงนาม</b> & <script>alert(1)</script> วันไหน",
        "**ลงนาม** _วันไหน_ `code` [link](http://x)",
        "'; DROP TABLE questions; --",
        '=HYPERLINK("http://x") ลงนามวันไหน',
        "متى تم التوقيع؟",
        "ลงนาม\u200bวัน\u200dไหน\x00",
    ],
    ids=["4096-chars", "4096-x", "html", "markdown", "sql", "formula", "rtl", "zero-width-inside"],
)
async def test_odd_text_is_answered_safely_and_logged(bot: RunningBot, text: str) -> None:
    call = await bot.say(text)

    assert call.ok
    assert 0 < len(sent_text(call)) <= 4096
    await bot.services.store.flush()
    rows = await bot.services.store.recent()
    assert [row.text for row in rows] == [text]


async def test_unknown_command_points_to_help(bot: RunningBot) -> None:
    call = await bot.say("/nonsense")

    assert sent_text(call).startswith("ไม่รู้จักคำสั่งนี้")


async def test_forgetme_deletes_only_the_members_own_questions(bot: RunningBot) -> None:
    await bot.say(ANSWERED_TH)
    await bot.say(DECLINED)
    await bot.say(ANSWERED_TH, chat_id=OTHER_MEMBER)

    call = await bot.say("/forgetme")

    assert "2" in sent_text(call)
    rows = await bot.services.store.recent()
    assert [row.user_key for row in rows] == [bot.services.store.user_key(OTHER_MEMBER)]


async def test_old_or_unknown_button_is_still_answered(bot: RunningBot) -> None:
    await bot.say(ANSWERED_TH)

    answer = await bot.press("zz:old", check_button=False)

    assert answer.params["text"] == texts.STALE_BUTTON


async def test_button_for_an_entry_removed_from_the_faq_is_answered(bot: RunningBot) -> None:
    await bot.say(ANSWERED_TH)

    answer = await bot.press("src:t:no-such-entry", check_button=False)

    assert answer.params["text"] == texts.STALE_BUTTON


async def test_flood_guard_sends_one_note_then_stays_silent(
    fake_api: FakeBotAPI, faq_path: Path, tmp_path: Path
) -> None:
    # One update at a time, so the order of the replies is the order of the questions.
    settings = make_settings(
        fake_api, faq_path, tmp_path / "q.sqlite3", flood_limit=2, concurrency=1
    )
    async with launch(fake_api, settings) as bot:
        await bot.say(ANSWERED_TH)
        await bot.say(ANSWERED_TH)
        note = await bot.say(ANSWERED_TH)
        since = bot.mark()
        bot.fake.push_message(ANSWERED_TH)  # silence for this one ...
        bot.fake.push_message("/help")  # ... and for a command: every update counts
        await bot.idle()

        assert sent_text(note).startswith("คุณส่งคำถามถี่เกินไป")
        assert [c for c in bot.fake.calls[since:] if c.method == "sendMessage"] == []
        await bot.services.store.flush()
        assert len(await bot.services.store.recent()) == 2


async def test_questions_past_the_retention_period_are_purged_at_start_up(
    fake_api: FakeBotAPI, faq_path: Path, tmp_path: Path
) -> None:
    db_path = tmp_path / "q.sqlite3"
    async with QuestionLog(db_path, user_key_secret="test-secret") as store:
        for question_id, age in (("old", 31), ("recent", 29)):
            store.record(
                LoggedQuestion(
                    id=question_id,
                    created_at=datetime.now(UTC) - timedelta(days=age),
                    chat_type="private",
                    user_key=store.user_key(MEMBER),
                    text=ANSWERED_TH,
                    language="th",
                    outcome="answered",
                )
            )
    settings = make_settings(fake_api, faq_path, db_path, retention_days=30)

    async with launch(fake_api, settings) as bot:
        rows = await bot.services.store.recent()

    assert [row.id for row in rows] == ["recent"]
