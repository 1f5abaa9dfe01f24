"""Follow-ups read against the chat's last topic; answers computed for today; "not stated"."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from bot.answer import Answer, Context
from bot.engine import BANGKOK, Engine
from bot.settings import DEFAULT_FAQ_PATH

TODAY = datetime(2026, 12, 1, 10, 0, tzinfo=BANGKOK)


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine.load(DEFAULT_FAQ_PATH)


def chat(engine: Engine, *messages: str) -> Answer:
    """The reply to the last message, the earlier ones asked before in the same chat."""
    context: Context | None = None
    answer: Answer | None = None
    for message in messages:
        answer = engine.ask(message, context=context, now=TODAY)
        context = answer.context or context
    assert answer is not None
    return answer


@pytest.mark.parametrize(
    ("earlier", "follow_up", "entry_id"),
    [
        ("ใครเป็นประธานในพิธี", "แล้วฝั่งไทยล่ะ", "ministers"),
        ("What are the five pillars?", "and what is the fourth one about?", "pillar-4-workforce"),
        ("ใครลงนามฝั่งเจโทร", "แล้วเขาตำแหน่งอะไร", "signatories"),
        ("สยย.คืออะไร", "แล้วเจโทรล่ะ", "about-jetro"),
        ("ลงนามวันไหน", "ที่ไหน", "venue"),
        ("What are the five areas of the LOI?", "and the first one?", "pillar-1-modern-vehicles"),
        ("List the pillars pls", "and the third?", "pillar-3-ev-parts"),
        ("สาระสำคัญ 5 ข้อมีอะไรบ้าง", "อันแรกอ่ะ หมายถึงไร", "pillar-1-modern-vehicles"),
        ("เจโทรคืออะไรคะ", "แล้วอีกฝั่งนึงล่ะคะ", "about-tai"),
        ("สยย คืออะไร", "and the other side?", "about-jetro"),
        ("Who is Pisit Rangsaritwutikul?", "and his Japanese counterpart?", "signatories"),
        ("What is TAI?", "and its Japanese counterpart?", "about-jetro"),
        ("What are the five pillars?", "and the second one?", "pillar-2-knowledge-exchange"),
        # an item named after another item replaces it
        ("ข้อ 4 เรื่อง training ใช่ไหม", "แล้วข้อสุดท้ายล่ะครับ", "pillar-5-carbon-neutrality"),
        ("ข้อ 3 คืออะไร", "แล้วข้อ 1 ล่ะ", "pillar-1-modern-vehicles"),
        ("list the pillar pls", "how about the last one", "pillar-5-carbon-neutrality"),
        # a person asked of (rules.yaml follow_ups.person_pronouns) stays with their entry
        ("Who signed for the Japanese side?", "แล้วเขามาจากองค์กรไหนนะ", "signatories"),
        ("who signed?", "what is his designation?", "signatories"),
        # an ordinal after the list is its item, however the message is put; "last" is the
        # list's last (facts.yaml pillars.count)
        (
            "What are the five pillars?",
            "kindly elaborate the 2nd one",
            "pillar-2-knowledge-exchange",
        ),
        ("Tell me about the first pillar", "and the last?", "pillar-5-carbon-neutrality"),
        # examples (อาทิ, such as) are what pillar 2 lists
        ("what is pillar 2 about", "gimme examples pls", "pillar-2-knowledge-exchange"),
        ("ข้อ 2 คืออะไรคะ", "มีตัวอย่างมั้ยคะ", "pillar-2-knowledge-exchange"),
        (
            "What are the five pillars?",
            "and the second one - what sort of knowledge are we talking?",
            "pillar-2-knowledge-exchange",
        ),
        # a country's side after one of a pair is the other of that pair (facts.yaml country)
        ("What's JETRO?", "and the Thai one?", "about-tai"),
        ("JETRO คืออะไรครับ", "แล้วฝั่งไทยที่เป็นคู่กับเค้าคือใครครับ", "about-tai"),
    ],
)
def test_a_follow_up_is_read_against_the_last_topic(
    engine: Engine, earlier: str, follow_up: str, entry_id: str
) -> None:
    answer = chat(engine, earlier, follow_up)
    assert answer.entry is not None and answer.entry.id == entry_id
    assert answer.reason is not None and answer.reason.rule == "follow-up"


def test_an_item_after_a_list_is_no_round_checked(engine: Engine) -> None:
    # "fourth one?" is no claim that this is the fourth agreement: it asks for item 4.
    answer = chat(engine, "What are the five pillars?", "and the fourth one?")
    assert answer.entry is not None and answer.entry.id == "pillar-4-workforce"
    assert answer.verdict is None
    # After the second agreement, "the first one" is not item 1 of a list.
    after = chat(engine, "ความร่วมมือครั้งที่ 2 หมายความว่าอะไร", "แล้วครั้งแรกล่ะ")
    assert after.entry is None or after.entry.id != "pillar-1-modern-vehicles"


def test_an_ordinal_after_another_agreement_is_no_item(engine: Engine) -> None:
    # "the first one" after the second cooperation is the first agreement: not stated.
    answer = chat(engine, "ครั้งที่ 2 หมายความว่าอะไร", "when was the first one signed then?")
    assert answer.outcome in ("declined", "not-stated")


def test_a_question_naming_its_own_topic_is_not_bent(engine: Engine) -> None:
    answer = chat(engine, "ลงนามวันไหน", "แล้วเจโทรคืออะไร")
    assert answer.entry is not None and answer.entry.id == "about-jetro"
    assert answer.reason is not None and answer.reason.rule != "follow-up"


def test_without_a_context_a_follow_up_stands_alone(engine: Engine) -> None:
    assert engine.ask("แล้วฝั่งไทยล่ะ").reason != chat(engine, "ใครเป็นประธาน", "แล้วฝั่งไทยล่ะ").reason


def test_a_follow_up_about_an_unstated_detail_is_not_stated(engine: Engine) -> None:
    answer = chat(engine, "จะจัดประชุมแลกเปลี่ยนความรู้เรื่องอะไร", "ที่ไหนนะ")
    assert answer.outcome == "not-stated"
    assert answer.entry is not None and answer.entry.id == "follow-up-meetings"


@pytest.mark.parametrize(
    ("question", "verdict", "says"),
    [
        ("ยังมีผลอยู่ไหม", "no", "2565–2566"),
        ("Is the LOI still valid?", "no", "does not say whether it was extended"),
        ("หมดอายุยัง", "yes", "ข่าวไม่ได้ระบุว่ามีการต่ออายุ"),
    ],
)
def test_whether_the_term_has_passed_is_computed_for_today(
    engine: Engine, question: str, verdict: str, says: str
) -> None:
    answer = engine.ask(question, now=TODAY)
    assert answer.entry is not None and answer.entry.id == "term"
    assert answer.verdict is not None and answer.verdict.value == verdict
    assert says in answer.text
    assert "1 ธันวาคม 2569" in answer.text or "1 December 2026" in answer.text


def test_the_term_is_current_on_a_day_within_it(engine: Engine) -> None:
    answer = engine.ask("ตอนนี้ยังมีผลอยู่ไหม", now=datetime(2022, 6, 1, tzinfo=BANGKOK))
    assert answer.verdict is not None and answer.verdict.value == "yes"
    assert "ยังอยู่ในกรอบระยะเวลา" in answer.text


@pytest.mark.parametrize(
    ("question", "says"),
    [
        ("How many years ago was it signed?", "4 years and 10 months ago"),
        ("เซ็นมากี่ปีแล้ว", "ผ่านมาแล้ว 4 ปี 10 เดือน"),
    ],
)
def test_how_long_ago_the_signing_was(engine: Engine, question: str, says: str) -> None:
    answer = engine.ask(question, now=TODAY)
    assert answer.entry is not None and answer.entry.id == "signing-date"
    assert says in answer.text


@pytest.mark.parametrize(
    ("question", "says"),
    [
        ("How many days have passed since the signing?", "1,783 days"),
        ("ลงนามมากี่วันแล้ว", "1,783 วัน"),
        ("วันที่ลงนามผ่านมากี่สัปดาห์แล้ว", "1,783 วัน"),
    ],
)
def test_days_since_the_signing_are_counted_from_its_date(
    engine: Engine, question: str, says: str
) -> None:
    # 13 January 2022 to 1 December 2026: a count the article's date gives, not an
    # uncounted "how many".
    answer = engine.ask(question, now=TODAY)
    assert answer.outcome == "answered"
    assert answer.entry is not None and answer.entry.id == "signing-date"
    assert says in answer.text


def test_how_many_days_of_something_else_is_still_not_stated(engine: Engine) -> None:
    answer = engine.ask("ประชุมกี่วัน", now=TODAY)
    assert answer.outcome == "not-stated"


def test_a_comparison_with_years_ago_gets_a_verdict(engine: Engine) -> None:
    answer = engine.ask("was it signed more than five years ago?", now=TODAY)
    assert answer.verdict is not None and answer.verdict.value == "no"
    reached = engine.ask("signed at least 4 years ago, right?", now=TODAY)
    assert reached.verdict is not None and reached.verdict.value == "yes"


@pytest.mark.parametrize(
    "question",
    [
        "so the term ended roughly how long ago?",
        "ตอนนี้ปี 69 แล้ว หมดมากี่ปีแล้วอ่ะ",
        # A long message: "still … active" reaches the term however low the rest scores.
        "if we want to pitch a pillar 3 project now, is this loi still the active framework?",
    ],
)
def test_when_the_term_ended_is_answered_for_today(engine: Engine, question: str) -> None:
    answer = engine.ask(question, now=TODAY)
    assert answer.entry is not None and answer.entry.id == "term"
    assert "2565" in answer.text


@pytest.mark.parametrize(
    ("question", "topic"),
    [
        ("งบประมาณของ LOI เท่าไหร่", "what-is-loi"),
        ("ใครออกค่าอบรม", "pillar-4-workforce"),
        ("ตอนนี้ใครเป็นผอ.สยย", "signatories"),
        ("JETRO ก่อตั้งปีไหนคะ", "about-jetro"),
        ("ครั้งแรกที่ร่วมมือกันคือเมื่อไหร่", "second-cooperation"),  # another round
        ("มีบริษัทชิ้นส่วนเจ้าไหนได้เข้าร่วมบ้างครับ", "parties"),  # เจ้าไหน: which company
    ],
)
def test_what_the_article_does_not_say_is_said_with_its_topic(
    engine: Engine, question: str, topic: str
) -> None:
    answer = engine.ask(question, now=TODAY)
    assert answer.outcome == "not-stated"
    assert answer.entry is not None and answer.entry.id == topic
    assert answer.entry.answer not in answer.text
    assert answer.text.startswith("ข่าวไม่ได้ระบุ")


def test_nothing_of_the_article_is_still_declined(engine: Engine) -> None:
    assert engine.ask("ราคาทองวันนี้เท่าไหร่").outcome == "declined"


@pytest.mark.parametrize(
    "question",
    [
        "ยังอยู่ในกรอบเวลาของ LOI ไหมครับ",
        "ปีนี้ 2569 ยังอยู่ในกรอบเวลาของ LOI ไหมครับ จะอ้างในเอกสารจังหวัด",
    ],
    ids=["still-within", "with-a-remark"],
)
def test_still_within_the_term_is_answered_for_today(engine: Engine, question: str) -> None:
    answer = engine.ask(question, now=TODAY)
    assert answer.entry is not None and answer.entry.id == "term"
    assert answer.verdict is not None and answer.verdict.value == "no"


def test_whether_n_years_have_passed_is_the_signing_for_today(engine: Engine) -> None:
    answer = engine.ask("เซ็นครบ 4 ปีหรือยัง", now=TODAY)
    assert answer.entry is not None and answer.entry.id == "signing-date"
    assert answer.verdict is not None and answer.verdict.value == "yes"
    assert engine.ask("ครบ 5 ปีรึยังที่เซ็น", now=TODAY).entry.id == "signing-date"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "question",
    [
        "the knowledge exchange meetings, when exactly? got date already?",
        "follow up meeting exact date when? we want send engineer",
    ],
)
def test_a_when_closing_an_english_clause_asks_it(engine: Engine, question: str) -> None:
    answer = engine.ask(question, now=TODAY)
    assert answer.outcome == "not-stated", answer.reason
    assert answer.entry is not None and answer.entry.id == "follow-up-meetings"
    assert answer.text.startswith("The article does not say when.")


def test_a_question_about_another_round_is_not_stated_and_an_item_is_no_round(
    engine: Engine,
) -> None:
    other = engine.ask("When was the first TAI–JETRO agreement signed?", now=TODAY)
    assert other.outcome == "not-stated"
    assert other.entry is not None and other.entry.id == "second-cooperation"
    assert "other round" in other.text
    item = engine.ask("What's the first point of cooperation?", now=TODAY)
    assert item.entry is not None and item.entry.id == "pillar-1-modern-vehicles"
    choice = engine.ask("is this their first or second cooperation?", now=TODAY)
    assert choice.entry is not None and choice.entry.id == "second-cooperation"
    assert choice.outcome == "answered"


def test_when_the_topic_before_is_held_is_asked_of_it(engine: Engine) -> None:
    # The meetings are held (จัด): "when is it held?" asks of them, which the article does
    # not say; the ministers hold nothing, so "where was it held?" after them is the venue.
    meetings = chat(engine, "หลังลงนามจะมีประชุมแลกเปลี่ยนความรู้ด้วยใช่ไหมคะ", "จัดวันไหน")
    assert meetings.outcome == "not-stated"
    assert meetings.entry is not None and meetings.entry.id == "follow-up-meetings"
    venue = chat(engine, "ใครเป็นประธาน", "แล้วจัดที่ไหน")
    assert venue.entry is not None and venue.entry.id == "venue"


def test_the_other_side_is_read_alike_in_every_run() -> None:
    # The phrases naming "the other side" are tried longest first: in a set's order, "party"
    # could go before "the other party" in some runs (string hashing differs per process).
    script = (
        "from bot.cli import load_engine\n"
        "e = load_engine()\n"
        "a = e.ask('what is TAI')\n"
        "b = e.ask('ok and the other party?', context=a.context)\n"
        "print(b.entry.id if b.entry else b.outcome)\n"
    )
    seen = set()
    for seed in ("1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [sys.executable, "-c", script],
            cwd=Path(__file__).resolve().parents[1],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
        seen.add(done.stdout.strip().splitlines()[-1])
    assert seen == {"about-jetro"}


@pytest.mark.parametrize(
    ("question", "verdict", "today"),
    [
        # 13 Jan 2022 to 1 Dec 2026: 4 years 10 months
        ("ถึงวันนี้ก็เกือบ 5 ปีแล้วป่ะ", "yes", TODAY),  # almost: within half a year under
        ("signed almost 4 years ago right?", "no", TODAY),  # more than four already
        ("So the signing was about 3 years ago, yeah?", "no", TODAY),  # around: rounded
        ("signed roughly 5 years ago, correct?", "yes", TODAY),
        ("LOI นี้เพิ่งเซ็นเมื่อปีที่แล้วใช่มั้ยคะ", "no", TODAY),  # last year: 2025
        ("LOI นี้เพิ่งเซ็นเมื่อปีที่แล้วใช่มั้ยคะ", "yes", datetime(2023, 3, 1, tzinfo=BANGKOK)),
        ("งานเซ็นนั่นมันเมื่อปีที่แล้วเองใช่ไหมลูก", "no", TODAY),  # ลูก: a relative addressed
        ("มีคนบอกว่าเซ็นกันเมื่อ 3 ปีก่อน จริงไหมครับ", "no", TODAY),  # N ปีก่อน: N years ago
        # next month / next year: the N-year anniversary (13 Jan 2027) falls then
        ("เดือนหน้าก็ครบ 5 ปีที่เซ็นกันแล้วใช่ไหม", "yes", TODAY),
        ("เดือนหน้าก็ครบ 5 ปีที่เซ็นกันแล้วใช่ไหม", "no", datetime(2026, 6, 1, tzinfo=BANGKOK)),
        ("ปีหน้าก็ครบ 5 ปีที่เซ็นกันแล้วใช่ม้าย", "yes", TODAY),  # ม้าย: Southern ไหม
        ("ปีหน้าครบ 4 ปีใช่ไหม", "no", TODAY),
        ("เซ็นไปเมื่อเกือบ ๕ ปีก่อนใช่ไหมครับ", "yes", TODAY),  # ปีก่อน: one word after the number
        # a strong ending before an afterthought (rules.yaml checks.afterthoughts)
        ("นับถึงวันนี้ผ่านมาเกือบ5ปีแล้วใช่ปะตั้งแต่เซ็น", "yes", TODAY),
        ("The 5th anniversary of the signing is next month, right?", "yes", TODAY),
        (
            "The 5th anniversary of the signing is next month, right?",
            "no",
            datetime(2026, 1, 1, tzinfo=BANGKOK),
        ),
    ],
)
def test_rough_and_relative_years_since_the_signing_get_a_verdict(
    engine: Engine, question: str, verdict: str, today: datetime
) -> None:
    answer = engine.ask(question, now=today)
    assert answer.entry is not None and answer.entry.id == "signing-date", answer.reason
    assert answer.verdict is not None and answer.verdict.value == verdict, answer.reason


def test_a_question_after_a_list_picks_the_item_it_is_about(engine: Engine) -> None:
    # read with the list it would find the list again; alone it answers one item outright
    answer = chat(engine, "What are the 5 key points?", "which one's about batteries?")
    assert answer.entry is not None and answer.entry.id == "pillar-3-ev-parts"
    # after an item it is still of that item
    item = chat(engine, "ข้อ 3 เรื่องไหร", "รวมแบตด้วยม้าย")
    assert item.entry is not None and item.entry.id == "pillar-3-ev-parts"


def test_since_as_a_cause_asks_no_time(engine: Engine) -> None:
    # "since" asks how long ago only beside the signing ("years since the signing")
    answer = engine.ask(
        "Since Suriya signed for the Thai side, what exactly was Pisit's role there?"
    )
    assert answer.reason is not None and answer.reason.rule != "today"
    ago = engine.ask("How many years since the signing?", now=TODAY)
    assert ago.entry is not None and ago.entry.id == "signing-date"


def test_until_the_end_of_a_year_names_a_date_not_an_end(engine: Engine) -> None:
    answer = engine.ask("Isn't the deal window still open until the end of 2026?", now=TODAY)
    assert answer.entry is not None and answer.entry.id == "term"
    assert answer.verdict is not None and answer.verdict.value == "no"  # it ran to 2566
