"""Odd questions as admins see them (/review, the CSV), and one member sending very fast.

The members' side of odd input (empty, whitespace, emoji, zero-width and control characters,
right-to-left text, 4096 characters, HTML/Markdown/SQL lookalikes) is in test_telegram_members.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from bot import texts
from bot.controls import BIDI_CONTROLS, neutralise
from tests.fakeapi import FakeBotAPI, parse_html
from tests.telegram_harness import (
    ADMIN,
    ANSWERED_TH,
    MEMBER,
    OTHER_MEMBER,
    RunningBot,
    launch,
    make_settings,
    sent_text,
)

ODD_QUESTIONS = {
    "html": "<b>pizza</b> & <script>alert('x')</script> <a href=\"http://x\">y</a> &amp;",
    "markdown": "**pizza** _pasta_ `code` [link](http://x) ~~no~~ ||spoiler||",
    "sql": "'; DROP TABLE questions; -- pizza \" OR 1=1",
    "rtl": "متى تم التوقيع؟ pizza \u202eevil\u202c",
    "zero-width-and-control": "piz\u200bza\u200d re\ufeffcipe\x07\x1b[31m",
    "emoji": "🍕🍝 pizza 👩‍👩‍👧",
}


async def ask_and_flush(bot: RunningBot, question: str, chat_id: int) -> None:
    await bot.say(question, chat_id=chat_id)
    await bot.services.store.flush()


@pytest.mark.parametrize("question", ODD_QUESTIONS.values(), ids=ODD_QUESTIONS.keys())
async def test_review_shows_an_odd_question_as_written_with_controls_made_visible(
    bot: RunningBot, question: str
) -> None:
    await ask_and_flush(bot, question, MEMBER)

    item = await bot.say("/review", chat_id=ADMIN)

    # The fake Bot API parses the HTML as Telegram does (and the harness fails on anything it
    # rejects): the admin reads the member's text, never markup taking effect, and a control
    # or bidi character as its escape (\u202e), never its effect.
    shown = sent_text(item)
    assert neutralise(question) in shown
    assert not set(shown) & (BIDI_CONTROLS | {"\x07", "\x1b", "\x00"})
    assert item.params["parse_mode"] == "HTML"


async def test_review_escapes_a_nul_and_an_override_in_the_question(bot: RunningBot) -> None:
    await ask_and_flush(bot, "pizza\x00 \u202etxt.exe", MEMBER)

    item = await bot.say("/review", chat_id=ADMIN)

    assert "pizza\\x00 \\u202etxt.exe" in sent_text(item)


async def test_export_neutralises_every_formula_prefix(bot: RunningBot) -> None:
    questions = [
        "=1+2 pizza",
        "+pizza",
        "-pizza",
        "@pizza",
        "pizza =not a formula",
        "  =2+3",
        "＝1",
    ]
    for n, question in enumerate(questions):
        await ask_and_flush(bot, question, MEMBER + 200 + n)

    call = await bot.say("/export", chat_id=ADMIN, method="sendDocument")

    content = call.params["document"].content.decode("utf-8-sig")
    cells = sorted(row["text"] for row in csv.DictReader(io.StringIO(content, newline="")))
    assert cells == sorted(
        ["'=1+2 pizza", "'+pizza", "'-pizza", "'@pizza", "pizza =not a formula", "'  =2+3", "'＝1"]
    )


async def test_burst_from_one_member_gets_the_limit_then_one_polite_note(
    fake_api: FakeBotAPI, faq_path: Path, tmp_path: Path
) -> None:
    # Many updates at once, handled concurrently as in production.
    settings = make_settings(
        fake_api, faq_path, tmp_path / "q.sqlite3", flood_limit=5, concurrency=16
    )
    async with launch(fake_api, settings) as bot:
        for _ in range(12):
            fake_api.push_message(ANSWERED_TH, chat_id=MEMBER)
        await fake_api.wait_for(
            "sendMessage", lambda c: c.params["chat_id"] == MEMBER, count=6, timeout=10
        )
        # Updates are checked against the guard in the order they came: once a later member is
        # answered, every one of the twelve has had its verdict.
        await bot.say(ANSWERED_TH, chat_id=OTHER_MEMBER)
        await bot.services.store.flush()
        logged = await bot.services.store.recent(limit=50)

    to_member = [
        sent_text(c) for c in fake_api.calls_to("sendMessage") if c.params["chat_id"] == MEMBER
    ]
    notes = [text for text in to_member if text == sent_text_of(texts.FLOOD)]
    assert len(to_member) == 6
    assert len(notes) == 1
    key = bot.services.store.user_key(MEMBER)
    assert len([row for row in logged if row.user_key == key]) == 5


def sent_text_of(html_text: str) -> str:
    """What a member reads of one of our HTML texts."""
    return parse_html(html_text)[0]
