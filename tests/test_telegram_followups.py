"""Issue 8 in Telegram, in-process against the fake Bot API with the shipped FAQ: follow-ups per
chat and per forum topic, verdicts, every part in one reply, "not stated" with its topic's
button, related entries, answers for a fixed BOT_TODAY, the log and the admins' views."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from bot import texts
from bot.conversation import Conversations
from bot.engine import Engine
from bot.settings import DEFAULT_FAQ_PATH
from bot.telegram.formatting import tg_len
from bot.telegram.replies import answer_reply
from tests.fakeapi import Call, FakeBotAPI
from tests.telegram_harness import (
    ADMIN,
    BOT_USERNAME,
    MEMBER,
    OTHER_MEMBER,
    TOKEN,
    RunningBot,
    buttons,
    launch,
    make_settings,
    sent_text,
)

TODAY = date(2026, 12, 1)  # after the one-year term (2565-2566)
FORUM = -1001234  # a supergroup with forum topics
PILLARS_EN = "What are the five pillars?"
FOURTH_EN = "and the fourth one?"
PRESIDING_TH = "ใครเป็นประธานในพิธี"
THAI_SIDE_TH = "แล้วฝั่งไทยล่ะ"


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine.load(DEFAULT_FAQ_PATH)


def real_settings(fake: FakeBotAPI, tmp_path: Path, **changes: Any) -> Any:
    changes = {"today": TODAY, "flood_limit": 100, **changes}
    return make_settings(fake, DEFAULT_FAQ_PATH, tmp_path / "q.sqlite3", **changes)


@pytest.fixture
async def bot(fake_api: FakeBotAPI, tmp_path: Path, engine: Engine) -> AsyncIterator[RunningBot]:
    """The bot answering from the shipped FAQ, its date fixed at TODAY."""
    async with launch(fake_api, real_settings(fake_api, tmp_path), engine=engine) as running:
        yield running


def data(call: Call) -> list[str]:
    return [d for _, d in buttons(call)]


def labels(call: Call) -> list[str]:
    return [label for label, _ in buttons(call)]


# --- follow-ups


async def test_a_follow_up_is_answered_in_the_chats_context(bot: RunningBot) -> None:
    first = await bot.say(PILLARS_EN)
    follow_up = await bot.say(FOURTH_EN)

    assert "src:e:pillars-overview" in data(first)
    assert sent_text(follow_up).startswith("Pillar 4: Workforce")
    assert "src:e:pillar-4-workforce" in data(follow_up)


async def test_two_chats_interleaved_each_keep_their_own_topic(bot: RunningBot) -> None:
    await bot.say(PILLARS_EN, chat_id=MEMBER)
    await bot.say(PRESIDING_TH, chat_id=OTHER_MEMBER)

    fourth = await bot.say(FOURTH_EN, chat_id=MEMBER)
    thai_side = await bot.say(THAI_SIDE_TH, chat_id=OTHER_MEMBER)

    assert "src:e:pillar-4-workforce" in data(fourth)
    # Alone, "แล้วฝั่งไทยล่ะ" is read as a question about TAI; after the presiding ministers,
    # it asks about the Thai minister.
    assert "src:t:ministers" in data(thai_side)
    assert "นายสุริยะ" in sent_text(thai_side)


async def test_without_an_earlier_question_a_follow_up_stands_alone(bot: RunningBot) -> None:
    alone = await bot.say(THAI_SIDE_TH)

    assert "src:t:ministers" not in data(alone)


async def test_start_forgets_the_chats_topic(bot: RunningBot) -> None:
    await bot.say(PILLARS_EN)
    await bot.say("/start")
    follow_up = await bot.say(FOURTH_EN)

    assert "src:e:pillar-4-workforce" not in data(follow_up)
    assert sent_text(follow_up) == texts.DECLINED["en"]


async def test_a_topic_is_forgotten_after_the_ttl_of_silence(bot: RunningBot) -> None:
    moment = [0.0]
    bot.services.conversations = Conversations(ttl=300, clock=lambda: moment[0])
    await bot.say(PILLARS_EN)
    await bot.idle()  # the topic is kept once the reply is sent: let that finish first
    moment[0] += 301
    follow_up = await bot.say(FOURTH_EN)

    assert "src:e:pillar-4-workforce" not in data(follow_up)


async def test_conversation_ttl_and_capacity_come_from_the_settings(
    fake_api: FakeBotAPI, tmp_path: Path, engine: Engine
) -> None:
    settings = real_settings(fake_api, tmp_path, conversation_ttl=42.0, conversation_capacity=1)
    async with launch(fake_api, settings, engine=engine) as bot:
        assert (bot.services.conversations.ttl, bot.services.conversations.capacity) == (42.0, 1)
        await bot.say(PILLARS_EN, chat_id=MEMBER)
        await bot.say(PRESIDING_TH, chat_id=OTHER_MEMBER)  # pushes MEMBER's topic out
        follow_up = await bot.say(FOURTH_EN, chat_id=MEMBER)

    assert "src:e:pillar-4-workforce" not in data(follow_up)


async def test_each_forum_topic_of_a_group_keeps_its_own_context(bot: RunningBot) -> None:
    def ask(text: str, thread: int, **kwargs: Any) -> Any:
        return bot.say(
            text, chat_id=FORUM, chat_type="supergroup", message_thread_id=thread, **kwargs
        )

    pillars = await ask(f"/ask {PILLARS_EN}", 10)
    await ask(f"/ask@{BOT_USERNAME} {PRESIDING_TH}", 20)
    fourth = await ask(FOURTH_EN, 10, reply_to_message_id=pillars.result["message_id"])
    thai_side = await ask(f"/ask {THAI_SIDE_TH}", 20)

    assert "src:e:pillar-4-workforce" in data(fourth)
    assert "src:t:ministers" in data(thai_side)
    assert (fourth.params["message_thread_id"], thai_side.params["message_thread_id"]) == (10, 20)


async def test_a_group_ask_and_a_mention_share_the_groups_context(
    tmp_path: Path, engine: Engine
) -> None:
    with FakeBotAPI(TOKEN, BOT_USERNAME, can_read_all_group_messages=True) as fake:
        async with launch(fake, real_settings(fake, tmp_path), engine=engine) as bot:
            await bot.say(f"/ask {PRESIDING_TH}", chat_id=-5001, chat_type="group", user_id=1)
            mention = await bot.say(
                f"@{BOT_USERNAME} {THAI_SIDE_TH}", chat_id=-5001, chat_type="group", user_id=2
            )

    assert "src:t:ministers" in data(mention)


async def test_chatter_after_an_answer_is_not_read_as_its_follow_up(bot: RunningBot) -> None:
    await bot.say("ลงนามวันไหน")
    thanks = await bot.say("ขอบคุณครับ")
    hello = await bot.say("ok thanks")

    assert "src:t:signing-date" not in data(thanks)
    assert "src:t:signing-date" not in data(hello)


# --- what a reply shows


async def test_two_parts_are_answered_in_one_reply_each_with_its_source(bot: RunningBot) -> None:
    call = await bot.say("ลงนามวันไหน ที่ไหน")

    text = sent_text(call)
    assert text.startswith("วันที่ลงนาม\n")
    assert "13 มกราคม 2565" in text and "โรงแรมแชงกรี-ลา" in text
    assert text.index("13 มกราคม 2565") < text.index("โรงแรมแชงกรี-ลา")
    assert "src:t:signing-date" in data(call) and "src:t:venue" in data(call)
    assert texts.BUTTON_PART_SOURCE["th"].format(title="สถานที่ลงนาม") in labels(call)
    assert len(bot.fake.calls_to("sendMessage")) == 1


async def test_a_part_out_of_scope_is_said_so_beside_the_answered_one(bot: RunningBot) -> None:
    call = await bot.say("ลงนามวันไหน แล้วราคาทองวันนี้เท่าไหร่")

    assert "13 มกราคม 2565" in sent_text(call)
    assert "“ราคาทองวันนี้เท่าไหร่” — เรื่องนี้อยู่นอกเหนือข้อมูลในข่าวครับ" in sent_text(call)
    assert [d for d in data(call) if d.startswith("src:")] == ["src:t:signing-date"]


@pytest.mark.parametrize(
    ("question", "opening", "fact"),
    [
        ("ลงนามที่เชียงใหม่ใช่ไหม", "ไม่ใช่ครับ", "ลงนามที่โรงแรมแชงกรี-ลา กรุงเทพฯ"),
        ("ลงนามที่แชงกรี-ลาใช่ไหม", "ใช่ครับ", "แชงกรี-ลา"),
        ("Did Suriya sign the LOI?", "No.", "Mr. Pisit Rangsaritwutikul"),
        ("Did Toyota sign the LOI?", "The article does not say.", "two signatories"),
    ],
    ids=["wrong-venue", "right-venue", "english-wrong-signatory", "english-outsider-not-stated"],
)
async def test_a_yes_no_check_opens_with_the_verdict_in_bold(
    bot: RunningBot, question: str, opening: str, fact: str
) -> None:
    call = await bot.say(question)

    assert sent_text(call).startswith(opening)
    assert fact in sent_text(call)
    bold = call.result["entities"][0]
    assert (bold["type"], bold["offset"], bold["length"]) == ("bold", 0, len(opening))


async def test_a_not_stated_reply_names_the_topic_and_offers_its_entry(
    bot: RunningBot, engine: Engine
) -> None:
    call = await bot.say("งบประมาณของ LOI เท่าไหร่")

    entry = engine.faq.get("what-is-loi")
    assert entry is not None
    assert sent_text(call).startswith("ข่าวไม่ได้ระบุงบประมาณครับ")
    assert "“LOI คืออะไร”" in sent_text(call)
    assert entry.answer not in sent_text(call)
    assert ("📖 LOI คืออะไร", "faq:t:what-is-loi") in buttons(call)
    since = bot.mark()
    await bot.press("faq:t:what-is-loi")
    shown = await bot.reply_to(MEMBER, since)
    assert entry.answer[:40] in sent_text(shown)


async def test_an_entry_that_also_fits_is_offered_beside_the_answer(bot: RunningBot) -> None:
    call = await bot.say("สยย.ไปเซ็นกับใครมา")

    assert "src:t:parties" in data(call)
    assert ("🔗 ผู้ลงนาม", "faq:t:signatories") in buttons(call)


@pytest.mark.parametrize(
    ("today", "opening", "says"),
    [(date(2022, 6, 1), "Yes.", "1 June 2022"), (TODAY, "No.", "1 December 2026")],
    ids=["within-the-term", "after-the-term"],
)
async def test_a_time_aware_answer_is_computed_for_bot_today(
    fake_api: FakeBotAPI, tmp_path: Path, engine: Engine, today: date, opening: str, says: str
) -> None:
    async with launch(
        fake_api, real_settings(fake_api, tmp_path, today=today), engine=engine
    ) as bot:
        call = await bot.say("Is the LOI still valid?")

    assert sent_text(call).startswith(opening)
    assert says in sent_text(call)
    assert "src:e:term" in data(call)


# --- the log and the admins


async def test_verdict_parts_reason_and_not_stated_are_logged_with_the_question(
    bot: RunningBot,
) -> None:
    for n, question in enumerate(
        ["ลงนามที่เชียงใหม่ใช่ไหม", "ลงนามวันไหน ที่ไหน", "งบประมาณของ LOI เท่าไหร่"]
    ):
        await bot.say(question, chat_id=MEMBER + n)
    await bot.services.store.flush()

    rows = {row.text: row for row in await bot.services.store.recent(limit=10)}
    check = rows["ลงนามที่เชียงใหม่ใช่ไหม"]
    assert (check.outcome, check.matched_id, check.verdict) == ("answered", "venue", "no")
    assert check.reason is not None and check.reason.startswith("verdict")
    several = rows["ลงนามวันไหน ที่ไหน"]
    parts = json.loads(several.parts or "[]")
    assert [(p["outcome"], p["matched_id"]) for p in parts] == [
        ("answered", "signing-date"),
        ("answered", "venue"),
    ]
    assert several.reason is not None and several.reason.startswith("parts")
    unstated = rows["งบประมาณของ LOI เท่าไหร่"]
    assert (unstated.outcome, unstated.matched_id) == ("not-stated", "what-is-loi")
    assert unstated.reason is not None and unstated.reason.startswith("not-stated")


async def test_review_and_stats_show_not_stated_questions_as_their_own_kind(
    bot: RunningBot,
) -> None:
    await bot.say("งบประมาณของ LOI เท่าไหร่")
    await bot.services.store.flush()

    since = bot.mark()
    bot.fake.push_message("/review", chat_id=ADMIN)
    item = await bot.wait("sendMessage", lambda c: "งบประมาณ" in sent_text(c), since=since)
    await bot.idle()
    stats = await bot.say("/stats", chat_id=ADMIN)

    assert texts.REVIEW_OUTCOME_MORE["not-stated"] in sent_text(item)
    assert "reason: not-stated: งบประมาณ" in sent_text(item)
    assert "not stated: 1" in sent_text(stats)
    top = sent_text(stats).split("top not stated")[1]
    assert "งบประมาณของ LOI เท่าไหร่ — 1" in top


# --- the reply's text within Telegram's limits


def test_a_long_reply_of_several_parts_keeps_every_part_within_4096(engine: Engine) -> None:
    answer = engine.ask("ลงนามวันไหน ที่ไหน")
    long_parts = tuple(replace(p, text="<ข่าว> & " * 600) for p in answer.parts)

    reply = answer_reply(replace(answer, parts=long_parts), "q1", engine.faq)

    assert tg_len(reply.text) <= 4096
    assert reply.text.startswith("<b>วันที่ลงนาม</b>\n&lt;ข่าว&gt; &amp; ")
    assert "\n\n<b>สถานที่ลงนาม</b>\n&lt;ข่าว&gt;" in reply.text
    assert reply.text.count("…") == 2
