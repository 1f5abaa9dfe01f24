"""Questions about what the article does not give ("not stated", not a decline), and messages
read by the part that asks."""

from __future__ import annotations

import pytest

from bot.engine import Engine
from bot.match.clauses import clauses_of
from bot.settings import DEFAULT_FAQ_PATH


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine.load(DEFAULT_FAQ_PATH)


@pytest.mark.parametrize(
    ("question", "topic"),
    [
        ("อบรมกี่คน", "pillar-4-workforce"),
        ("how many engineers will be trained?", "pillar-4-workforce"),
        ("Which JP carmakers are involved? Toyota, Honda?", "parties"),
        ("ค่ายรถไหนบ้างจะได้ประโยชน์จากความร่วมมือนี้", "parties"),
        ("LOI นี้มีผลผูกพันทางกฎหมายไหม", "what-is-loi"),
        ("Does the LOI set a net-zero target year?", "carbon-neutrality"),
    ],
    ids=["trainees", "engineers", "carmakers", "car-brands", "legal-force", "target-year"],
)
def test_what_the_article_does_not_give_is_not_stated_with_its_topic(
    engine: Engine, question: str, topic: str
) -> None:
    answer = engine.ask(question)
    assert answer.outcome == "not-stated"
    assert answer.entry is not None and answer.entry.id == topic


@pytest.mark.parametrize(
    "question",
    [
        "supplier tier 2 สมัครเข้าอบรมพัฒนาบุคลากรได้ยังไงคะ",
        "budget for this LOI how much baht krub",
        "ความร่วมมือนี้ตั้งเป้าพัฒนาบุคลากรไว้กี่คนคะ",
        "งบประมาณโครงการนี้เท่าไหร่คับ",
    ],
    ids=["apply-with-unknown-words", "budget-figure", "trainee-target", "this-project"],
)
def test_a_gap_beside_words_the_faq_does_not_know_is_still_not_stated(
    engine: Engine, question: str
) -> None:
    assert engine.ask(question).outcome == "not-stated"


@pytest.mark.parametrize(
    "question",
    [
        "join a gym?",
        "ราคา Toyota Yaris เท่าไหร่",
        "How many calories in rice?",
        "Toyota Yaris ดีไหม",
        "ยิมนี้ค่าสมัครเท่าไหร่",
    ],
)
def test_a_gap_word_in_a_question_about_something_else_still_declines(
    engine: Engine, question: str
) -> None:
    answer = engine.ask(question)
    assert answer.outcome == "declined"
    assert answer.entry is None


def test_a_role_claimed_of_an_outsider_is_judged_by_the_roles_entry(engine: Engine) -> None:
    # Little of the message ranks (the company's name is unknown to the FAQ), yet the check
    # is about who took part: the parties' entry, and not stated.
    answer = engine.ask("มีบริษัทรถญี่ปุ่นอย่าง Toyota เข้าร่วมลงนามด้วยไหมคะ")
    assert answer.entry is not None and answer.entry.id == "parties"
    assert answer.verdict is not None and answer.verdict.value == "not-stated"


def test_a_word_in_latin_letters_stays_in_its_thai_clause() -> None:
    question = "ผมทำ supplier tier 2 ครับ อยากรู้ว่า LOI นี้ช่วยเรื่องผลิตชิ้นส่วน EV ในไทยยังไงบ้าง"
    assert clauses_of(question) == [
        "ผมทำ supplier tier 2 ครับ",
        "อยากรู้ว่า LOI นี้ช่วยเรื่องผลิตชิ้นส่วน EV ในไทยยังไงบ้าง",
    ]
    # Thai next to Thai is still a clause break; a Latin word glued to Thai is Thai.
    assert clauses_of("ที่อู่มีช่างเยอะ กลัวตกงานตอนเปลี่ยนเป็นEV ในLOIมีเรื่องนี้ไหม") == [
        "ที่อู่มีช่างเยอะ",
        "กลัวตกงานตอนเปลี่ยนเป็นEV",
        "ในLOIมีเรื่องนี้ไหม",
    ]


def test_a_request_is_read_whole_not_cut_at_an_english_word(engine: Engine) -> None:
    answer = engine.ask("ผมทำ supplier tier 2 ครับ อยากรู้ว่า LOI นี้ช่วยเรื่องผลิตชิ้นส่วน EV ในไทยยังไงบ้าง")
    assert answer.entry is not None and answer.entry.id == "pillar-3-ev-parts"


@pytest.mark.parametrize(
    ("question", "entry_id"),
    [
        ("หัวหน้าถามว่าใครเซ็น", "signatories"),
        ("อาจารย์ถามว่า LOI คืออะไร, can explain na?", "what-is-loi"),
        ("my boss asked me when it was signed", "signing-date"),
    ],
    ids=["boss-asks", "teacher-asks-mixed", "english"],
)
def test_a_reported_question_is_read_by_what_was_asked(
    engine: Engine, question: str, entry_id: str
) -> None:
    answer = engine.ask(question)
    assert answer.outcome == "answered"
    assert answer.entry is not None and answer.entry.id == entry_id


def test_an_amount_of_the_budget_is_not_stated_not_declined() -> None:
    from bot.engine import Engine
    from bot.settings import DEFAULT_FAQ_PATH

    engine = Engine.load(DEFAULT_FAQ_PATH)
    # rules.yaml amount_words: "กี่ล้านบาท" sizes the budget asked, it names nothing else
    for question in (
        "งบประมาณโครงการนี้กี่ล้านบาทครับ",
        "งบโครงการนี้กี่ล้านอ่ะ",
        "How much money is involved?",
    ):
        answer = engine.ask(question)
        assert answer.outcome == "not-stated", (question, answer.reason)
    assert engine.ask("ราคาทองวันนี้กี่บาท").outcome == "declined"
    assert engine.ask("อบรมกี่คน").outcome == "not-stated"  # uncounted, of a topic


def test_a_where_or_when_asked_inside_an_english_clause_is_not_stated_of_the_meetings() -> None:
    from bot.engine import Engine
    from bot.settings import DEFAULT_FAQ_PATH

    engine = Engine.load(DEFAULT_FAQ_PATH)
    # rules.yaml where_when_auxiliaries and where_when_nouns
    for question in (
        "those knowledge sharing meetings where will they be held",
        "What are the exact dates of the future-vehicle knowledge meetings?",
    ):
        answer = engine.ask(question)
        assert answer.outcome == "not-stated", (question, answer.reason)
        assert answer.entry is not None and answer.entry.id == "follow-up-meetings"
    assert engine.ask("What is the signing date?").outcome == "answered"
