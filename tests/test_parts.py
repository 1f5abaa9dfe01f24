"""A message that asks several things gets one reply answering each part, in order."""

from __future__ import annotations

import pytest

from bot.engine import Engine
from bot.settings import DEFAULT_FAQ_PATH


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine.load(DEFAULT_FAQ_PATH)


def outcomes(engine: Engine, question: str) -> list[str]:
    answer = engine.ask(question)
    return [p.entry.id if p.entry else p.outcome for p in answer.each_part]


@pytest.mark.parametrize(
    ("question", "parts"),
    [
        ("ลงนามวันไหน ที่ไหน", ["signing-date", "venue"]),
        ("สองคำถามครับ: เซ็นวันไหน แล้วที่ไหน", ["signing-date", "venue"]),  # a count of questions
        ("Who presided and where?", ["ministers", "venue"]),  # where the people were: the signing's
        ("คุณสมพรถามสองเรื่องค่ะ เซ็นกันที่ไหน แล้วใครเป็นประธานในพิธีคะ", ["venue", "ministers"]),
        ("ครั้งที่เท่าไหร่แล้ว แล้วทำเพื่ออะไรอ่ะ", ["second-cooperation", "purpose"]),  # why: own slot
        ("Who signed and who witnessed?", ["signatories", "ministers"]),
        # a check closed by its question mark is a part of its own, though no question word asks
        (
            "does it cover making EV components locally? and what about training people?",
            ["pillar-3-ev-parts", "pillar-4-workforce"],
        ),
        ("Could you let me know when and whereabouts it was signed?", ["signing-date", "venue"]),
        # in a question, an English piece opening with an auxiliary asks for itself
        (
            "How long is the LOI valid and is this their first one together?",
            ["term", "second-cooperation"],
        ),
        (
            "Is this their 1st or 2nd deal together, and what's the point of it?",
            ["second-cooperation", "purpose"],
        ),
        ("how long does it last and what even is an LOI?", ["term", "what-is-loi"]),
        ("wat is jetro n wat is tai", ["about-jetro", "about-tai"]),  # n: and, in chat
        # a where or when joining a clause asks nothing ("… when it was signed")
        ("Who was representing the Sathaban Yanyon side when it was signed?", ["signatories"]),
        # "มากี่คน" of a role is counted (two ministers), not a question about attendance
        ("L.O.I. ย่อมาจากไหร เซ็นที่ไหน แล้วมีรัฐมนตรีมากี่คน", ["what-is-loi", "venue", "ministers"]),
        ("ใครกับใครรวมมือกัน จัดทีไหน ใครมาเปนพยาน", ["parties", "venue", "ministers"]),
        # each item of a numbered list is asked for: (1) (2), 1) 2), (a) (b)
        (
            "ขอเรียนสอบถาม 2 ประเด็น ได้แก่ (1) วันที่ลงนาม และ (2) สถานที่จัดพิธีลงนาม ตามที่ปรากฏในข่าว",
            ["signing-date", "venue"],
        ),
        (
            "Kindly revert with 1) the objective 2) the main areas covered",
            ["purpose", "pillars-overview"],
        ),
        # a list of terse topics with a closing remark (— quick triple check): each its part
        (
            "Date, venue, signatories pls — quick triple check",
            ["signing-date", "venue", "signatories"],
        ),
        ("Date, venue, and term please — quick-fire round", ["signing-date", "venue", "term"]),
        ("ข้อ 3 กับข้อ 5 คืออะไร", ["pillar-3-ev-parts", "pillar-5-carbon-neutrality"]),
        ("ใครลงนามแล้วใครเป็นพยาน", ["signatories", "ministers"]),
        ("When and where was it signed?", ["signing-date", "venue"]),
        ("สยย.กับเจโทรคืออะไร", ["about-tai", "about-jetro"]),
        ("ลงนามวันไหน แล้วราคาทองวันนี้เท่าไหร่", ["signing-date", "declined"]),
        # "ขอ 3 ข้อนะครับ" announces the questions; it asks none
        ("ขอ 3 ข้อนะครับ วันไหน ที่ไหน แล้วใครเป็นประธาน", ["signing-date", "venue", "ministers"]),
        # what stands before "ถามว่า" asks too: both parts are kept
        ("ลงนามที่ไหน แล้วหัวหน้าถามว่าใครเซ็น", ["venue", "signatories"]),
        (
            "ข้อ 2 กะข้อ 3 มันต่างกันยังไงอ่ะ",
            ["pillar-2-knowledge-exchange", "pillar-3-ev-parts"],
        ),  # กะ = กับ
        # "of" names no premise: "venue of the signing" is a terse topic beside "date"
        ("Date and venue of the signing — both please.", ["signing-date", "venue"]),
        ("Please tell me date and place of the signing ceremony.", ["signing-date", "venue"]),
        # a list of three terse topics or more, each another entry, asks for each
        ("date, venue and term pls", ["signing-date", "venue", "term"]),
        # "แล้วกี่ปี" asks its own question (a counting word), not of the part before
        ("จัดที่ไหน ใครเป็นประธาน แล้วกี่ปีคับ", ["venue", "ministers", "term"]),
        ("ครั้งนี้เป็นครั้งที่เท่าไหร่ แล้วมีระยะเวลาเท่าไหร่คะ", ["second-cooperation", "term"]),
        # The same question word twice, each with its own topic, asks twice.
        ("who presided and who actually signed?", ["ministers", "signatories"]),
        # "it" is the LOI: a part naming its own topic is not bent to the part before.
        ("LOI นี้ valid ถึงเมื่อไหร่ and who signed it", ["term", "signatories"]),
        ("who signed it + where?", ["signatories", "venue"]),
        # A where or when after another question word asks again; an asking ending closes a part.
        ("เซ็นวันไหนที่ไหนครับ", ["signing-date", "venue"]),
        ("ใครเซ็นที่ไหน", ["signatories", "venue"]),
        (
            "มีเรื่องผลิตชิ้นส่วนEVในไทยไหมคะ แล้วมีเรื่องเทรนคนด้วยรึเปล่าคะ",
            ["pillar-3-ev-parts", "pillar-4-workforce"],
        ),
        ("วัตถุประสงค์หลักคืออะไร แล้วสาระสำคัญมีกี่ด้าน", ["purpose", "pillars-overview"]),
        ("When was it signed and how long does it run?", ["signing-date", "term"]),
        ("ข้อ 1 ว่าไง ข้อ 3 ว่าไงครับ", ["pillar-1-modern-vehicles", "pillar-3-ev-parts"]),
        (
            "Quick ones: venue? term? and what does JETRO stand for?",
            ["venue", "term", "about-jetro"],
        ),
        # Terse topics, each closed by a question mark, are separate questions.
        ("venue? date? weekday? pls thx", ["venue", "signing-date"]),
    ],
)
def test_each_part_is_answered_in_order(engine: Engine, question: str, parts: list[str]) -> None:
    assert outcomes(engine, question) == parts


@pytest.mark.parametrize(
    ("question", "entry_id"),
    [
        ("สยย.กับเจโทรเซ็นกันที่ไหน", "venue"),
        ("เซ็นกันปีไหน พ.ศ.อะไรครับ", "signing-date"),
        ("ใครเซ็นกับใคร หน่วยงานไหนบ้าง", "parties"),
        ("สุริยะมางานนี้ในฐานะอะไร ตำแหน่งอะไร", "ministers"),
        ("ร่วมมือกันเรื่องอะไรบ้างอ่ะ ขอเป็นข้อๆ", "pillars-overview"),
        ("ผมเป็นวิศวกรทดสอบ อยากทราบว่าลงนามวันไหนครับ", "signing-date"),
        ("ในห้าข้อมีข้อที่เกี่ยวกับคาร์บอนมั้ย ข้อไหน", "pillar-5-carbon-neutrality"),  # narrows
        ("ดีลนี้มีใครกับใครบ้างคับ สองฝ่ายหนิหน่วยงานไหน", "parties"),  # ใครกับใคร: the two sides
    ],
)
def test_one_question_said_twice_or_with_a_remark_is_one_part(
    engine: Engine, question: str, entry_id: str
) -> None:
    assert outcomes(engine, question) == [entry_id]


def test_the_reply_names_each_part_and_the_log_sees_them(engine: Engine) -> None:
    answer = engine.ask("Who signed and who witnessed?")
    assert answer.reason is not None and answer.reason.rule == "parts"
    signatories, ministers = answer.parts
    assert signatories.entry is not None and ministers.entry is not None
    assert answer.text.index(signatories.entry.title_en) < answer.text.index(
        ministers.entry.title_en
    )
    assert answer.context is not None and answer.context.topic == "ministers"


def test_an_out_of_scope_part_is_said_so_without_dropping_the_others(engine: Engine) -> None:
    answer = engine.ask("ลงนามวันไหน แล้วราคาทองวันนี้เท่าไหร่")
    assert answer.outcome == "answered"
    assert "ราคาทองวันนี้" in answer.text
    assert answer.parts[0].text in answer.text


def test_between_two_related_entries_the_closer_is_answered_and_the_other_offered(
    engine: Engine,
) -> None:
    answer = engine.ask("สยย.ไปเซ็นกับใครมา")
    assert answer.outcome == "answered"
    assert answer.entry is not None and answer.entry.id == "parties"
    assert [e.id for e in answer.related] == ["signatories"]
    assert answer.reason is not None and answer.reason.rule == "related"


@pytest.mark.parametrize(
    ("question", "entry_id"),
    [
        (
            "Hello, I am Kenji, newly come to Bangkok joint venture as battery engineer. "
            "Which organization signed this agreement?",
            "parties",
        ),
        # a remark after the question, with a word the bot declines (office), hides it neither
        (
            "On which date they have signed, please? I must write it in report to head office.",
            "signing-date",
        ),
    ],
)
def test_a_scene_set_before_the_question_does_not_hide_it(
    engine: Engine, question: str, entry_id: str
) -> None:
    answer = engine.ask(question)

    assert answer.outcome == "answered" and answer.entry is not None
    assert answer.entry.id == entry_id


@pytest.mark.parametrize(
    ("question", "entry_id", "outcome"),
    [
        ("สรุปข่าวนี้สั้นๆให้หน่อยคับ อ่านไม่ไหว", "overview", "answered"),
        ("Does Denso take part in this? My company work with Denso.", None, "not-stated"),
    ],
)
def test_a_closing_remark_that_names_nothing_does_not_hide_the_question(
    engine: Engine, question: str, entry_id: str | None, outcome: str
) -> None:
    answer = engine.ask(question)

    assert answer.outcome == outcome
    if entry_id is not None:
        assert answer.entry is not None and answer.entry.id == entry_id


@pytest.mark.parametrize(
    "question",
    ["สอบ TOEIC ได้ที่ไหนบ้าง", "carbon credit ซื้อขายยังไงครับ", "ไฟดับบ่อยแถวบางนา แจ้งการไฟฟ้าที่ไหน"],
)
def test_a_remark_is_never_cut_from_an_off_topic_question(engine: Engine, question: str) -> None:
    assert engine.ask(question).outcome == "declined"


def test_a_part_that_continues_the_one_before_is_read_without_its_remark(engine: Engine) -> None:
    # "ที่ไหนคะ" asks where the meetings are (not stated), "ป้าอยากพาลูกไปฟังด้วย" is a remark:
    # not the signing's venue.
    answer = engine.ask("ประชุมแลกเปลี่ยนความรู้ที่ว่าจะจัดวันไหนที่ไหนคะป้าอยากพาลูกไปฟังด้วย")
    assert answer.outcome == "not-stated"
    assert answer.entry is not None and answer.entry.id == "follow-up-meetings"


def test_what_is_asked_after_how_many_is_of_the_same_unit(engine: Engine) -> None:
    # "กี่ข้อ | แล้วมีอะไรบ้าง": the items, not the overview.
    answer = engine.ask("สรุปเขาตกลงกันไว้กี่ข้อคะแล้วมีอะไรบ้างพิมพ์ให้ป้าอ่านทีละข้อนะคะตาไม่ค่อยดี")
    ids = {p.entry.id for p in answer.parts if p.entry} or {
        answer.entry.id if answer.entry else None
    }
    assert ids == {"pillars-overview"}


@pytest.mark.parametrize(
    "question", ["งานมอเตอร์เอ็กซ์โปปีนี้จัดวันไหนที่ไหนครับ", "Motor Expo ปีนี้จัดวันไหน ที่ไหน"]
)
def test_a_bare_question_after_an_out_of_scope_part_asks_of_the_same_thing(
    engine: Engine, question: str
) -> None:
    # "ที่ไหน" is where the Motor Expo is, not where the LOI was signed.
    answer = engine.ask(question)
    assert answer.outcome == "declined"
    assert all(p.outcome == "declined" for p in answer.parts)


@pytest.mark.parametrize(
    ("question", "parts"),
    [
        ("Signing date, and when does the term end?", ["signing-date", "term"]),
        (
            "pillar 1 and pillar 5 explain please",
            ["pillar-1-modern-vehicles", "pillar-5-carbon-neutrality"],
        ),
        ("venue and term?", ["venue", "term"]),
        ("LOI meaning and how many pillar?", ["what-is-loi", "pillars-overview"]),
    ],
    ids=["topic-then-question", "two-items-and-a-request", "two-topics", "meaning-and-count"],
)
def test_a_terse_topic_beside_another_is_a_part_of_its_own(
    engine: Engine, question: str, parts: list[str]
) -> None:
    answer = engine.ask(question)
    assert [p.entry.id if p.entry else None for p in answer.parts] == parts


@pytest.mark.parametrize(
    "question",
    [
        "What does the LOI say about electric motors and batteries?",
        "Hagiuda minister also sign the paper himself?",
        "it was signed in 2023 ya? i saw 2566 in some thai doc",
    ],
    ids=["a-list-asked-about", "the-subject-named-first", "a-remark-after-the-question"],
)
def test_a_list_a_subject_or_a_remark_is_not_a_part(engine: Engine, question: str) -> None:
    assert engine.ask(question).parts == ()


def test_a_last_part_that_asks_of_its_own_topic_is_not_bent_to_the_one_before(
    engine: Engine,
) -> None:
    # Read with the ministers, "where" is what the article does not tell; alone, where the
    # signing was held.
    answer = engine.ask("ใครเซ็น ใครเป็นประธาน แล้วจัดที่ไหนครับ")
    assert [p.entry.id for p in answer.parts if p.entry] == ["signatories", "ministers", "venue"]
    # A bare question word still continues the part before (the meetings have no place).
    bare = engine.ask("ประชุมแลกเปลี่ยนความรู้จะจัดวันไหน ที่ไหนคะ")
    assert all(p.outcome in ("not-stated", "declined") for p in bare.each_part)
