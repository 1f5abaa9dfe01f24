"""The matcher on the shipped FAQ: the right entry, a decline, or "did you mean"."""

from __future__ import annotations

import pytest

from bot.answer import Answer
from bot.engine import Engine, load_processor
from bot.knowledge import FAQ, Entry
from bot.settings import DEFAULT_FAQ_PATH


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine.load(DEFAULT_FAQ_PATH)


def gives_no_fact(answer: Answer) -> bool:
    """Declined, or "not stated" (the topic offered, no fact said either way)."""
    return answer.outcome in ("declined", "not-stated") and (
        answer.verdict is None or answer.verdict.value == "not-stated"
    )


def answered(engine: Engine, question: str) -> str | None:
    """The id of the entry the question is answered with outright, else None."""
    answer = engine.ask(question)
    return answer.entry.id if answer.outcome == "answered" and answer.entry else None


@pytest.mark.parametrize(
    ("question", "entry_id"),
    [
        ("ลงนามที่ไหนครับ", "venue"),
        ("เซ็นสัญญาวันไหนคะ", "signing-date"),
        ("ลงนามวันอะไรอ่ะ", "signing-date"),
        ("ลงนามเมื่อไหร่", "signing-date"),
        ("ความร่วมมือนี้มีระยะเวลากี่ปี", "term"),
        ("ใครเป็นคนเซ็นฝั่งเจโทร", "signatories"),
        ("ผู้อำนวยการสยย.ที่ลงนามชื่ออะไร", "signatories"),
        ("ใครเป็นประธานในพิธีลงนาม", "ministers"),
        ("รัฐมนตรีญี่ปุ่นที่มาเป็นสักขีพยานคือใคร", "ministers"),
        ("สาระสำคัญของความร่วมมือมีอะไรบ้าง", "pillars-overview"),
        ("ข้อ 3 คืออะไร", "pillar-3-ev-parts"),
        ("ความร่วมมือเรื่องพัฒนาบุคลากร", "pillar-4-workforce"),
        ("วัตถุประสงค์ของความร่วมมือคืออะไร", "purpose"),
        ("เป็นความร่วมมือครั้งที่เท่าไหร่", "second-cooperation"),
        ("เจโทรคืออะไร", "about-jetro"),
        ("สยย. คืออะไร", "about-tai"),
        ("LOI คืออะไร", "what-is-loi"),
        ("ลงนามที่ไหนนนนนคับ", "venue"),
        ("เซนสันยาที่ใหน", "venue"),
        ("๑๓ มกราคม ๒๕๖๕ เกิดอะไรขึ้น", "overview"),
    ],
    ids=[
        "venue",
        "date-colloquial",
        "weekday",
        "date-when",
        "term",
        "jetro-signatory",
        "tai-signatory",
        "presiding-ministers",
        "japanese-minister",
        "pillars",
        "pillar-3",
        "pillar-4",
        "purpose",
        "second-cooperation",
        "what-is-jetro",
        "what-is-tai",
        "what-is-loi",
        "repeated-letters",
        "typos",
        "thai-digits",
    ],
)
def test_thai_question_finds_its_entry(engine: Engine, question: str, entry_id: str) -> None:
    answer = engine.ask(question)
    assert (answer.outcome, answer.entry.id if answer.entry else None) == ("answered", entry_id)
    assert answer.language == "th"
    assert answer.text == answer.entry.answer


@pytest.mark.parametrize(
    ("question", "entry_id"),
    [
        ("Where was the LOI signed?", "venue"),
        ("When was the letter of intent signed?", "signing-date"),
        ("Who signed for JETRO?", "signatories"),
        ("What are the five pillars?", "pillars-overview"),
    ],
    ids=["venue", "date", "signatory", "pillars"],
)
def test_english_question_gets_the_english_answer(
    engine: Engine, question: str, entry_id: str
) -> None:
    answer = engine.ask(question)
    assert answer.entry is not None and answer.entry.id == entry_id
    assert answer.language == "en"
    assert answer.text == answer.entry.answer_en


def test_where_and_when_are_told_apart(engine: Engine) -> None:
    where = engine.ask("ลงนามที่ไหน")
    when = engine.ask("ลงนามวันไหน")
    assert where.entry is not None and when.entry is not None
    assert (where.entry.id, when.entry.id) == ("venue", "signing-date")


@pytest.mark.parametrize(
    "question",
    [
        "ราคาทองวันนี้เท่าไหร่",
        "พรุ่งนี้ฝนจะตกไหม",
        "แมนยูเตะกับลิเวอร์พูลกี่โมง",
        "หวยงวดนี้ออกอะไร",
        "วิธีทำต้มยำกุ้ง",
        "What is the weather in Bangkok?",
        "bitcoin price today",
        "รถยนต์ไฟฟ้าราคาเท่าไหร่",
        "สมัครงานสถาบันยานยนต์ยังไง",
        "",
        "   ",
        "🙂🙂🙂",
        "1",
        "2565",
        "เป็นไงบ้าง",
        "ตอนนี้ใครเป็นรัฐมนตรีว่าการกระทรวงอุตสาหกรรม",
        "Hagiuda Koichi still minister?",
        "โตโยต้าเกี่ยวข้องกับความร่วมมือนี้ไหม",
    ],
    ids=[
        "gold",
        "weather",
        "football",
        "lottery",
        "recipe",
        "weather-en",
        "bitcoin",
        "ev-price",
        "job-application",
        "empty",
        "whitespace",
        "emoji-only",
        "number-only",
        "year-only",
        "chit-chat-question-words-only",
        "who-holds-the-post-now",
        "still-minister-now",
        "automaker-not-in-article",
    ],
)
def test_out_of_scope_is_declined(engine: Engine, question: str) -> None:
    answer = engine.ask(question)
    # "not stated": the topic is known and offered, the article does not say (no fact given).
    assert answer.outcome in ("declined", "not-stated")
    assert answer.outcome == "not-stated" or answer.entry is None


@pytest.mark.parametrize("question", ["What's the weather in Bangkok?", "กรุงเทพวันนี้ฝนตกไหม"])
def test_the_venue_named_beside_a_decline_word_is_no_topic(engine: Engine, question: str) -> None:
    # Bangkok is where it was signed; the weather there is simply beyond the article.
    assert engine.ask(question).outcome == "declined"


def test_declined_english_question_gets_the_english_fallback(engine: Engine) -> None:
    answer = engine.ask("Who won the football match yesterday?")
    assert answer.outcome == "declined"
    assert answer.text.startswith("Sorry")


def test_long_message_is_read_by_its_last_clause(engine: Engine) -> None:
    question = (
        "สวัสดีครับ ผมมีโรงงานผลิตชิ้นส่วนรถยนต์เล็กๆแถวบางนา เห็นข่าวว่าสยย.ไปเซ็นอะไรกับญี่ปุ่น อยากรู้ว่าเซ็นกันวันไหนครับ"
    )
    answer = engine.ask(question)
    assert answer.entry is not None and answer.entry.id == "signing-date"


@pytest.mark.parametrize(
    ("question", "entry_id"),
    [
        ("ข้อ 4 ช่วยอธิบายเพิ่มหน่อยค่ะ", "pillar-4-workforce"),
        ("ข้อสุดท้ายขยายความหน่อยครับ", "pillar-5-carbon-neutrality"),
    ],
)
def test_asking_to_explain_names_no_topic_of_its_own(
    engine: Engine, question: str, entry_id: str
) -> None:
    assert answered(engine, question) == entry_id


@pytest.mark.parametrize(
    ("question", "entry_id"),
    [("คุณพิสิดเปนตำแหน่งอะไรในสยย", "signatories"), ("wher was the LOI signed?", "venue")],
    ids=["misspelt-name-cut-by-tokeniser", "misspelt-english-synonym"],
)
def test_typos_the_tokeniser_cuts_up_still_match(
    engine: Engine, question: str, entry_id: str
) -> None:
    assert answered(engine, question) == entry_id


@pytest.mark.parametrize(
    ("question", "entry_id"),
    [
        ("ลงนามที่เซ็นทาราแกรนด์ใช่ไหม", "venue"),
        ("was it signed at the Hilton?", "venue"),
        ("is this tai with jica?", "parties"),
        ("signed in 2021 right?", "signing-date"),
        ("TAI ทำกับ BOI ใช่มั้ย", "parties"),
        ("สัญญานี้ ๓ ปีใช่มั้ยคะ", "term"),
        ("is it a 3 year deal?", "term"),
    ],
    ids=[
        "thai-hotel-name",
        "english-hotel-name",
        "other-organisation",
        "wrong-year",
        "other-partner",
        "wrong-term-thai",
        "wrong-term-english",
    ],
)
def test_a_wrong_value_being_checked_gets_the_true_one(
    engine: Engine, question: str, entry_id: str
) -> None:
    assert answered(engine, question) == entry_id


@pytest.mark.parametrize(
    "question",
    ["สยย.มี LOI กับจีนด้วยไหมครับ", "ไทยจะผลิตอีวีได้กี่คันปี 2030"],
    ids=["value-with-decline-word", "target-year"],
)
def test_values_do_not_pull_out_of_scope_questions_in(engine: Engine, question: str) -> None:
    assert gives_no_fact(engine.ask(question))


@pytest.mark.parametrize(
    "question",
    ["น้องบอท ลงนามที่ไหนครับ", "@somchai ลงนามที่ไหน", "hey bot where was it signed"],
    ids=["thai-address", "mention", "english-address"],
)
def test_addressing_the_bot_is_not_a_question_about_the_bot(engine: Engine, question: str) -> None:
    answer = engine.ask(question)
    assert answer.entry is not None and answer.entry.id == "venue"


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("ไทยจะผลิตรถ EV ได้กี่คัน", "no fact"),
        ("How many batteries will be recycled under this deal?", "no fact"),
        ("มีกี่บริษัทญี่ปุ่นมาร่วมงานวันนั้น", "no fact"),
        ("จะมีการอบรมบุคลากรกี่คนครับ", "no fact"),
        ("ผู้ลงนามมีกี่คน", "signatories"),
        ("ความร่วมมือมีผลกี่ปี", "term"),
        ("สาระสำคัญมีกี่ข้อ", "pillars-overview"),
        ("how many key points are there?", "pillars-overview"),
    ],
    ids=["cars", "batteries", "companies", "trainees", "signers", "years", "pillars", "key-points"],
)
def test_only_what_the_article_counts_can_be_asked_how_many(
    engine: Engine, question: str, expected: str
) -> None:
    answer = engine.ask(question)
    got = "no fact" if gives_no_fact(answer) else answer.entry.id if answer.entry else "-"
    assert got == expected


def test_a_question_about_the_bot_itself_is_still_declined(engine: Engine) -> None:
    assert engine.ask("บอทนี้ใครทำ").outcome == "declined"


def test_decline_word_gives_way_to_a_near_exact_phrasing(engine: Engine) -> None:
    # อยู่ไหน asks for an address in "สถาบันยานยนต์อยู่ที่ไหน" (not stated), not the venue asked
    # this way.
    assert gives_no_fact(engine.ask("สถาบันยานยนต์อยู่ที่ไหน"))
    answer = engine.ask("สถานที่ลงนามอยู่ไหนคะ")
    assert answer.entry is not None and answer.entry.id == "venue"


@pytest.mark.parametrize(
    ("question", "entry_id"),
    [
        ("ลงนามปี ค.ศ. อะไรคะ อาจารย์ให้ใส่เป็น ค.ศ.", "signing-date"),
        ("What is TAI? Thai Automotive something?", "about-tai"),
        ("signed in 2022 or 2021? need it for report", "signing-date"),
        ("ขอ list หัวข้อที่ร่วมมือกันหน่อย จะทำสไลด์พรีเซนต์บอส", "pillars-overview"),
    ],
    ids=["thai-question-then-context", "english-two-sentences", "check-then-reason", "request"],
)
def test_a_question_followed_by_context_is_read_by_its_asking_part(
    engine: Engine, question: str, entry_id: str
) -> None:
    assert answered(engine, question) == entry_id


@pytest.mark.parametrize(
    "question",
    ["หุ้น PTT วันนี้ขึ้นป่ะ", "Motor Expo ปีนี้จัดเมื่อไหร่", "นโยบาย EV 30@30 คืออะไร"],
    ids=["share-price", "other-event", "other-policy"],
)
def test_a_clause_is_not_read_out_of_its_context(engine: Engine, question: str) -> None:
    assert engine.ask(question).outcome == "declined"


def test_a_trailing_clause_that_names_nothing_does_not_decide(engine: Engine) -> None:
    # "มีพูดถึงไหมครับ" (is it mentioned?) alone matches the overview; the message is about
    # battery reuse (pillar 2).
    answer = engine.ask("การเอาแบตเก่ากลับมาใช้ซ้ำ มีพูดถึงไหมครับ")
    assert answer.candidates[0].entry.id == "pillar-2-knowledge-exchange"


@pytest.mark.parametrize(
    ("question", "entry_id"),
    [
        ("สรุปเขาตกลงกันไว้กี่ข้อคะแล้วมีอะไรบ้างพิมพ์ให้ป้าอ่านทีละข้อนะคะตาไม่ค่อยดี", "pillars-overview"),
        ("งานเซ็นสัญญาวันนั้นเขาจัดกันที่ไหนครับโรงแรมอะไรผมจะได้เล่าให้เพื่อนในกลุ่มฟังถูก", "venue"),
    ],
    ids=["after-a-polite-ending", "after-a-question-word"],
)
def test_a_long_message_typed_without_spaces_is_read_by_its_asking_clause(
    engine: Engine, question: str, entry_id: str
) -> None:
    assert answered(engine, question) == entry_id


def test_a_message_typed_without_spaces_is_cut_into_clauses(engine: Engine) -> None:
    clauses = engine.matcher.clauses.clauses(
        "ในข่าวนี้ใครร่วมมือกับใครบ้างคะป้าอ่านชื่อย่อไม่ออกเลยตัวหนังสือมันเล็ก"
    )
    assert clauses[-1] == "ป้าอ่านชื่อย่อไม่ออกเลยตัวหนังสือมันเล็ก"
    # กี่ asks with its unit: "ผลิตได้กี่คัน" stays whole.
    assert engine.matcher.clauses.clauses("ไทยจะผลิตอีวีได้กี่คันในปีหน้าครับผมอยากรู้มาก")[0].startswith(
        "ไทยจะผลิตอีวีได้กี่คัน"
    )


@pytest.mark.parametrize(
    ("question", "topic"),
    [
        ("จะจัดประชุมครั้งแรกวันไหน", "follow-up-meetings"),
        ("follow-up meeting จัดที่ไหนครับ", "follow-up-meetings"),
        ("JETRO ก่อตั้งปีไหนคะ", "about-jetro"),
    ],
    ids=["meeting-date", "meeting-place", "founding-year"],
)
def test_where_or_when_an_entry_never_tells_is_not_stated(
    engine: Engine, question: str, topic: str
) -> None:
    answer = engine.ask(question)
    assert answer.outcome == "not-stated"
    assert answer.entry is not None and answer.entry.id == topic
    assert answer.reason is not None and answer.reason.rule == "not-stated"


def test_where_and_when_still_reach_the_entries_that_tell_them(engine: Engine) -> None:
    assert engine.ask("จัดงานที่ไหนคะ").entry.id == "venue"  # type: ignore[union-attr]
    assert engine.ask("LOI หมดอายุปีไหน").entry.id == "term"  # type: ignore[union-attr]


def test_a_trailing_clause_that_dropped_the_subject_does_not_decide(engine: Engine) -> None:
    # "ตำแหน่งอะไร" alone matches a signatory's title; the message asks about minister Suriya.
    answer = engine.ask("สุริยะมางานนี้ในฐานะอะไร ตำแหน่งอะไร")
    assert answer.entry is None or answer.entry.id == "ministers"
    assert answer.candidates[0].entry.id == "ministers"


def test_very_long_message_is_cut_not_crashed(engine: Engine) -> None:
    answer = engine.ask("ลงนามที่ไหน " + "ก" * 50_000)
    assert answer.outcome in {"answered", "suggested", "declined"}


def test_runner_ups_are_ranked(engine: Engine) -> None:
    answer = engine.ask("ลงนามที่ไหน")
    scores = [c.score for c in answer.candidates]
    assert scores == sorted(scores, reverse=True)
    assert answer.runner_up is not None and answer.runner_up.entry.id != "venue"


def _entry(entry_id: str, *questions: str) -> Entry:
    return Entry(
        entry_id, entry_id, entry_id, questions, f"answer {entry_id}", f"answer {entry_id}", "-"
    )


def test_two_close_entries_give_did_you_mean() -> None:
    faq = FAQ(
        entries=(
            _entry("battery-reuse", "แบตเตอรี่ นำกลับมาใช้ใหม่", "battery reuse"),
            _entry("battery-parts", "แบตเตอรี่ ชิ้นส่วน", "battery parts"),
            _entry("venue", "ลงนามที่ไหน", "where"),
        )
    )
    engine = Engine(faq, load_processor(DEFAULT_FAQ_PATH))
    answer = engine.ask("แบตเตอรี่")
    assert answer.outcome == "suggested"
    assert {e.id for e in answer.suggestions} == {"battery-reuse", "battery-parts"}
    assert answer.entry is None


def test_an_entry_about_another_organisation_gives_way_to_the_one_asked_about(
    engine: Engine,
) -> None:
    # "เจโทรเป็นหน่วยงานประเภทไหน" shares the words; the question is about TAI.
    answer = engine.ask("สถาบันยานยนต์เป็นหน่วยงานแบบไหนคะ")
    assert answer.entry is not None and answer.entry.id == "about-tai"
    assert any(stage == "own-subject" for stage, _ in answer.steps)
    # The signatories' entry names both sides: asked of either, it stays.
    assert answered(engine, "ใครเป็นคนเซ็นฝั่ง JETRO ครับ") == "signatories"


def test_a_decline_word_read_as_a_typo_still_declines(engine: Engine) -> None:
    # "rain" is a decline word (weather), not a typo of "train".
    assert engine.ask("Raining?").outcome == "declined"
    assert answered(engine, "สถานที่ลงนามอยู่ไหน") == "venue"


def test_a_thai_count_word_opening_a_longer_word_is_still_counted(engine: Engine) -> None:
    # "กี่หัวข้อหลัก", "กี่ปีแล้ว": the unit opens the word newmm kept whole.
    assert answered(engine, "ทั้งหมดมีกี่หัวข้อหลักครับ") == "pillars-overview"


@pytest.mark.parametrize(
    ("word", "read_as"),
    [
        ("dear", None),  # a stop word: not "decarb"
        ("line", None),  # everyday English: not "online"
        ("form", None),  # not "forum"
        ("pilar", "pillar"),  # not a word: a typo
    ],
)
def test_everyday_english_words_are_not_read_as_typos(
    engine: Engine, word: str, read_as: str | None
) -> None:
    found = engine.matcher.index.resolve(word)
    if read_as is None:
        assert found is None
    else:
        assert found is not None and found[0] != word


def test_an_inflected_everyday_word_still_reaches_its_stem(engine: Engine) -> None:
    # "points" is common English and the plural of a word the FAQ knows.
    found = engine.matcher.index.resolve("points")
    assert found is not None and found[1] < 1.0
    assert answered(engine, "Dear Sir, what is TAI?") == "about-tai"


def test_near_the_bar_with_nothing_else_close_is_answered() -> None:
    from bot.match.rules import MatchConfig

    config = MatchConfig()
    assert config.suggest_at < config.answer_at and config.clear_lead > config.margin
    engine = Engine.load(DEFAULT_FAQ_PATH)
    answer = engine.ask("Will TAI and JETRO hold talks on future vehicles? confirm")
    assert answer.outcome == "answered" and answer.entry is not None, answer.reason
    assert answer.entry.id == "follow-up-meetings"


def test_parts_are_components_and_a_part_is_a_pillar(engine: Engine) -> None:
    # rules.yaml english_unstemmed: "parts" is kept as typed, so "the carbon part" names a pillar
    assert engine.ask("the carbon neutral part is about what leh").entry.id in {
        "pillar-5-carbon-neutrality",
        "carbon-neutrality",
    }
    assert engine.ask("what does the EV parts pillar say").entry.id == "pillar-3-ev-parts"
    assert (
        engine.ask("kor 3 about EV part in Thai land say what krub").entry.id == "pillar-3-ev-parts"
    )
