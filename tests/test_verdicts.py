"""Yes/no checks: the reply opens with the verdict and the true fact, from knowledge/facts.yaml."""

from __future__ import annotations

import pytest

from bot.engine import Engine
from bot.settings import DEFAULT_FAQ_PATH


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine.load(DEFAULT_FAQ_PATH)


@pytest.mark.parametrize(
    ("question", "verdict", "entries"),
    [
        ("ลงนามที่เชียงใหม่ใช่ไหม", "no", {"venue"}),
        ("ลงนามที่แชงกรี-ลาใช่ไหม", "yes", {"venue"}),
        ("signed at the Centara?", "no", {"venue"}),
        ("นายสุริยะเป็นคนเซ็นใช่ไหม", "no", {"signatories", "ministers"}),
        ("ทาเคทานิเป็นรัฐมนตรีใช่ไหม", "no", {"signatories", "ministers"}),
        ("ฮากิอุดะเป็นผู้อำนวยการเจโทรใช่ไหม", "no", {"signatories", "ministers"}),
        ("คนที่เซ็นคือพิสิฐใช่ไหม", "yes", {"signatories"}),
        ("Did Toyota sign the LOI?", "not-stated", {"parties"}),
        ("BOI เป็นคู่สัญญาด้วยไหม", "no", {"parties"}),
        # an agency claimed a party is not one; a company claimed one is asked whether it
        # took part (values.yaml outsiders: companies, facts.yaml organisations_as)
        ("I was told this was between TAI and the Thai BOI - is that right?", "no", {"parties"}),
        (
            "I gather Toyota and Honda were party to this as well - is that so?",
            "not-stated",
            {"parties"},
        ),
        ("Did Tesla sign a deal with the Thai BOI?", "not-stated", {"parties", "signatories"}),
        (
            "Viral post says Toyota and Honda are part of this deal. true?",
            "not-stated",
            {"parties"},
        ),
        ("was the pm there too", "not-stated", {"ministers"}),  # there: at the signing
        ("signed in 2023 rite", "no", {"signing-date"}),  # chat shorthand
        # a report's claim, then only whether it is right: the claim is what is checked
        (
            "รายงานระบุว่าการลงนามมีขึ้นในวันศุกร์ที่ 13 มกราคม 2565 ขอเรียนสอบถามว่าถูกต้องหรือไม่ อย่างไร",
            "no",
            {"signing-date"},
        ),
        (
            "รายงานของกระทรวงฯ ระบุว่าสาระสำคัญของความร่วมมือมีทั้งสิ้น 4 ด้าน ขอเรียนสอบถามว่าถูกต้องหรือไม่",
            "no",
            {"pillars-overview"},
        ),
        # an outside organisation claimed to be someone's: theirs is known (facts.yaml)
        ("มีคนบอกว่าคุณทาเคทานิมาจาก JICA ไม่ใช่เจโทร จริงไหมคะ", "no", {"signatories"}),
        ("Taketani is from JICA, right?", "no", {"signatories"}),
        ("TAI คือสมาคมผู้ผลิตรถยนต์ไทย ของสภาอุตฯ ใช่ไหมคะ", "no", {"about-tai"}),  # an institute
        ("เซ็นวันศุกร์ใช่มั้ย", "no", {"signing-date"}),
        ("It was a Wed, right?", "no", {"signing-date"}),  # weekday abbreviations
        ("ลงนามวันที่ 13 มกราคม 2565 ใช่ไหม", "yes", {"signing-date"}),
        ("signed in 2021?", "no", {"signing-date"}),
        ("ปี 2021 ใช่ปะ เพื่อนบอกมา", "no", {"signing-date"}),  # one year, no term named
        ("ผปก.บอกว่าเซ็นกันตั้งแต่ปี 2564 จริงไหมครับ", "no", {"signing-date"}),  # signed since
        ("LOI เริ่มตั้งแต่ปี 2564 ใช่ไหม", "no", {"term"}),  # began since: the term
        ("ครอบคลุมถึงปีไหนอ่ะ 2567 ป่าว", "no", {"term"}),  # "until" ends a word
        ("สัญญา 3 ปีใช่ไหม", "no", {"term"}),
        ("สิ้นสุดปี 2567 ใช่ไหม", "no", {"term"}),
        ("LOI ปี 2565-2566 ใช่ไหม", "yes", {"term"}),
        ("มี 4 ข้อใช่ไหม", "no", {"pillars-overview"}),
        ("เป็นความร่วมมือครั้งแรกใช่ไหม", "no", {"second-cooperation"}),
        ("เจโทรเป็นหน่วยงานของเกาหลีใช่ไหม", "no", {"parties", "about-jetro"}),
        ("JETRO เป็นของญี่ปุ่นใช่ไหม", "yes", {"parties", "about-jetro"}),
        ("สยย. ร่วมมือกับ JICA ใช่ไหม", "no", {"parties"}),
        # a title the article gives nobody (roles.ambassador), a ministry it does not name
        ("คุณทาเคทานิ เป็นทูตญี่ปุ่นประจำไทยใช่ไหมครับ", "no", {"signatories"}),
        ("Was Mr. Taketani signing as Japan's ambassador to Thailand?", "no", {"signatories"}),
        ("Hagiuda was JP foreign min. then, right?", "no", {"ministers"}),
        # a wrong place of the signing is wrong whatever else it names (an office)
        ("I hear they sign in Tokyo at JETRO head office?", "no", {"venue"}),
        ("It was signed in Tokyo at JETRO headquarters, correct?", "no", {"venue"}),
        ("term is 3 year is it", "no", {"term"}),
        ("signing at Xianggelila hotel Bangkok, is it?", "yes", {"venue"}),
        # a party that "also" signed with an outsider: another agreement, not ruled out
        ("Did TAI also sign an MOU with China's CATARC?", "not-stated", {"signatories", "parties"}),
        (
            "Did TAI also sign an EV deal with China's BYD?",
            "not-stated",
            {"signatories", "parties"},
        ),
        ("Khun Suriya is minister of energy chai mai", "no", {"ministers"}),
        # someone the article does not name, beside the signing: whether they attended
        ("Was PM Prayut at the ceremony?", "not-stated", {"ministers"}),
        ("นายกฯ มาร่วมพิธีด้วยไหม", "not-stated", {"ministers"}),
        ("Did Toyota attend the ceremony?", "not-stated", {"parties"}),
        # how many had a role the article names everyone for
        ("three organisations signed it, right?", "no", {"parties"}),
        ("two people signed, correct?", "yes", {"signatories"}),
        ("ผู้ลงนามมี 3 คนใช่ไหม", "no", {"signatories"}),
        # a question reported by a radio host or a forwarding officer is what is checked
        ("ผู้ฟังทางบ้านถามว่า ความร่วมมือ สยย กับ เจ โทร นี่มีอายุสามปีใช่มั้ยครับ", "no", {"term"}),
        ("Linda asks was the signing held at the Mandarin Oriental", "no", {"venue"}),
        # a count granted ("in the 5 points") is no count checked
        ("Hydrogen fuel cell car is also in the 5 points?", "not-stated", {"pillars-overview"}),
        ("Is battery recycling in the 5 points?", "yes", {"pillar-2-knowledge-exchange"}),
        # slang endings after the check (ว่ะ, นะจ๊ะ), a Thai ministry by title, "I would like to confirm"
        ("เซ็นวันศุกร์ใช่ป่าวว่ะ จำได้ลางๆ", "no", {"signing-date"}),
        ("จัดงานที่ไบเทคบางนาใช่ป่าวนะจ๊ะ", "no", {"venue"}),
        ("ที่เซ็นกันนี่ MOU ใช่มั้ยว่ะ", "no", {"what-is-loi"}),
        ("สุริยะเป็นรมต.พลังงานใช่ปะ", "no", {"ministers"}),
        ("I would like to confirm the signing day was Thursday krub.", "yes", {"signing-date"}),
        # the kind of organisation (facts.yaml kinds)
        ("เจโทรเป็นบริษัทรถยนต์ญี่ปุ่นใช่ไหมครับ", "no", {"about-jetro"}),
        ("Is JETRO a car company?", "no", {"about-jetro"}),
        ("สยย. นี่ย่อมาจาก สมาคมยานยนต์ไทย ใช่ปะ", "no", {"about-tai"}),
        ("สยย เป็นสถาบันใช่ไหม", "yes", {"about-tai"}),
    ],
)
def test_a_check_opens_with_its_verdict(
    engine: Engine, question: str, verdict: str, entries: set[str]
) -> None:
    answer = engine.ask(question)
    assert answer.verdict is not None, answer.reason
    assert answer.verdict.value == verdict
    assert answer.entry is not None and answer.entry.id in entries
    assert answer.reason is not None and answer.reason.rule == "verdict"


def test_the_reply_says_the_verdict_then_the_fact_then_the_entry(engine: Engine) -> None:
    answer = engine.ask("ลงนามที่เชียงใหม่ใช่ไหม")
    assert answer.entry is not None
    verdict, _, rest = answer.text.partition("\n\n")
    assert verdict.startswith("ไม่ใช่ครับ")
    assert "แชงกรี-ลา" in verdict
    assert rest == answer.entry.answer


def test_english_checks_get_english_verdicts(engine: Engine) -> None:
    answer = engine.ask("Was it signed in Chiang Mai?")
    assert answer.text.startswith("No. It was signed at the Shangri-La Hotel, Bangkok.")


def test_who_took_part_beyond_the_named_is_not_stated(engine: Engine) -> None:
    answer = engine.ask("Did Toyota attend?")
    assert answer.outcome == "not-stated"
    assert answer.verdict is not None and answer.verdict.value == "not-stated"
    assert answer.text.startswith("The article does not say.")


@pytest.mark.parametrize(
    "question",
    [
        "best ramen in tokyo?",
        "พรุ่งนี้ฝนจะตกที่เชียงใหม่มั้ย",
        "does Taketani speak Thai?",
        "จุดประสงค์ของ LOI นี้ in short?",
        "ใครเซ็นฝั่งเจโทร",
        "เซ็นปี 2022 หรือ 2023 คับ",
    ],
)
def test_no_verdict_where_nothing_is_checked(engine: Engine, question: str) -> None:
    assert engine.ask(question).verdict is None


def test_a_premise_is_not_checked(engine: Engine) -> None:
    # "Besides the 5 points, any other plans?": the five points are granted, not checked.
    answer = engine.ask("นอกจาก 5 ข้อแล้ว มีแผนกิจกรรมอื่นอีกไหมคะ")
    assert answer.entry is not None and answer.entry.id == "follow-up-meetings"
    assert answer.verdict is None or answer.verdict.value == "yes"


@pytest.mark.parametrize(
    ("question", "verdict", "entry_id"),
    [
        ("ข้อ 3 มี motor ไฟฟ้าด้วยใช่ป่ะครับ", "yes", "pillar-3-ev-parts"),
        ("ข้อ 3 เกี่ยวกับไฮโดรเจนใช่ไหมคะ", "no", "pillar-3-ev-parts"),
        ("ข้อแรกคือเรื่องรีไซเคิลแบตเตอรี่ใช่ไหมคะ", "no", "pillar-1-modern-vehicles"),
    ],
)
def test_a_check_no_fact_settles_is_judged_by_the_entry_it_names(
    engine: Engine, question: str, verdict: str, entry_id: str
) -> None:
    answer = engine.ask(question)
    assert answer.verdict is not None and answer.verdict.value == verdict
    assert answer.entry is not None and answer.entry.id == entry_id


@pytest.mark.parametrize(
    ("question", "entry"),
    [
        ("Did Suriya sign the LOI?", "signatories"),
        ("นายสุริยะเซ็นเองใช่ไหม", "signatories"),
        # a title (facts.yaml roles, not complete) is answered with the person's own entry
        ("ทาเคทานิเป็นรัฐมนตรีใช่ไหม", "signatories"),
    ],
)
def test_a_wrong_role_is_answered_with_who_holds_it(
    engine: Engine, question: str, entry: str
) -> None:
    # "No" to a role at the signing the article names every holder of is completed by the
    # people who did hold it, not by the person's own entry.
    answer = engine.ask(question)
    assert answer.verdict is not None and answer.verdict.value == "no"
    assert answer.entry is not None and answer.entry.id == entry


@pytest.mark.parametrize(
    "question",
    [
        "signed in 2023 right?",  # 2023 is in the term too: the signing is what is named
        "colleague says the loi was signed on a monday, can u confirm",
        "it was signed in 2023 ya? i saw 2566 in some thai doc",  # the check, then a remark
    ],
)
def test_a_date_claimed_of_the_signing_is_judged_by_the_signing(
    engine: Engine, question: str
) -> None:
    answer = engine.ask(question)
    assert answer.verdict is not None and answer.verdict.value == "no"
    assert answer.entry is not None and answer.entry.id == "signing-date"


@pytest.mark.parametrize("question", ["งบประมาณเท่าไหร่ครับ", "how much funding?"])
def test_asking_only_what_the_article_does_not_give_is_not_stated_of_the_cooperation(
    engine: Engine, question: str
) -> None:
    answer = engine.ask(question)
    assert answer.outcome == "not-stated"
    assert answer.entry is not None and answer.entry.id == "overview"


def test_an_out_of_scope_price_is_still_declined(engine: Engine) -> None:
    assert engine.ask("ราคาทองเท่าไหร่").outcome == "declined"
    assert engine.ask("how do I join a gym?").outcome == "declined"  # names what is not ours
    training = engine.ask("ใครออกค่าอบรม ฟรีมั้ย")  # the training's cost: its own topic
    assert training.outcome == "not-stated"
    assert training.entry is not None and training.entry.id == "pillar-4-workforce"


@pytest.mark.parametrize(
    ("question", "topic"),
    [
        ("ต่ออายุไปแล้วใช่มั้ย", "term"),  # renewal: the word's own topic
        ("was the loi renewed after 2023?", "term"),
        ("มีบริษัทไหนเข้าร่วมบ้าง", "parties"),
        ("which companies are participating?", "parties"),
    ],
)
def test_what_the_article_does_not_give_is_not_stated_of_its_own_topic(
    engine: Engine, question: str, topic: str
) -> None:
    answer = engine.ask(question)
    assert answer.outcome == "not-stated"
    assert answer.entry is not None and answer.entry.id == topic


def test_a_check_of_what_is_not_stated_opens_with_the_article_does_not_say(engine: Engine) -> None:
    now = engine.ask("ตอนนี้คุณพิสิฐยังเป็นผอ.อยู่มั้ย")  # today's office: after the article
    assert now.outcome == "not-stated"
    assert now.verdict is not None and now.verdict.value == "not-stated"
    answer = engine.ask("ต่ออายุไปแล้วใช่มั้ย")
    assert answer.verdict is not None and answer.verdict.value == "not-stated"
    assert answer.text.startswith("ข่าวไม่ได้ระบุว่าต่ออายุหรือไม่")


@pytest.mark.parametrize(
    ("question", "verdict", "entry"),
    [
        ("our deck says 4 key areas. is that right?", "no", "pillars-overview"),  # adjective
        ("รมต.ญี่ปุ่นทีมาคือฮากิอุดะใชมั้ย", "yes", "ministers"),  # no tone marks
        ("วันศุกร์ใช่มั้ยที่เซ็น", "no", "signing-date"),  # the check before ที่
        ("วันศุกใชมั้ยทีเซน", "no", "signing-date"),
    ],
)
def test_checks_as_members_type_them(
    engine: Engine, question: str, verdict: str, entry: str
) -> None:
    answer = engine.ask(question)
    assert answer.verdict is not None and answer.verdict.value == verdict
    assert answer.entry is not None and answer.entry.id == entry


def test_a_wrong_ministry_is_no_however_the_tokeniser_cuts_it(engine: Engine) -> None:
    answer = engine.ask("ฮากิอุดะ โคอิจิ เป็น รมว.ต่างประเทศญี่ปุ่น ใช่มั้ยครับ")
    assert answer.verdict is not None and answer.verdict.value == "no"


def test_a_company_asked_to_have_signed_is_asked_whether_it_took_part(engine: Engine) -> None:
    # facts.yaml roles.signatory.organisations_as: the article names who signed for the two
    # parties, not which companies took part.
    for question in (
        "Did Toyota or Denso also take part in the signing?",
        "Did Toyota sign the LOI?",
    ):
        answer = engine.ask(question)
        assert answer.verdict is not None and answer.verdict.value == "not-stated"
        assert answer.entry is not None and answer.entry.id == "parties"
    # A person outside the article who is said to have signed did not: the signatories are
    # all named.
    person = engine.ask("นายกเซ็นด้วยไหม")
    assert person.verdict is not None and person.verdict.value == "no"
    # Named as a party's partner, an outsider organisation is no party.
    partner = engine.ask("JETRO ทำ LOI กับสภาอุตสาหกรรมใช่มั้ยครับ")
    assert partner.verdict is not None and partner.verdict.value == "no"


def test_a_year_asked_beside_the_term_is_a_year_of_the_term(engine: Engine) -> None:
    answer = engine.ask("ถ้าปีหน้า (2570) บริษัทจะส่งพนักงานไปอบรม ยังอยู่ในกรอบเวลาของ LOI นี้ไหมคะ")
    assert answer.verdict is not None and answer.verdict.value == "no"
    assert answer.entry is not None and answer.entry.id == "term"


@pytest.mark.parametrize(
    ("question", "value"),
    [
        ("Khun Suriya signed the letter himself, didn't he?", "no"),
        ("It was signed at the Shangri-La, wasn't it?", "yes"),
        ("signed in 2566 na ka?", "no"),
        ("I count six workstreams. Right?", "no"),
    ],
    ids=["tag-question-he", "tag-question-it", "thai-particles-in-latin", "workstreams-counted"],
)
def test_english_tag_questions_and_latin_thai_particles_get_a_verdict(
    engine: Engine, question: str, value: str
) -> None:
    answer = engine.ask(question)
    assert answer.verdict is not None and answer.verdict.value == value


def test_a_year_claimed_of_the_signing_is_the_signings_though_the_term_has_it(
    engine: Engine,
) -> None:
    # 2566 is a year of the term (2565–2566), but the signing was in 2565.
    answer = engine.ask("เซ็นปี 2566 ใช่ป่ะ")
    assert answer.verdict is not None and answer.verdict.value == "no"
    assert answer.entry is not None and answer.entry.id == "signing-date"
    term = engine.ask("ความร่วมมือสิ้นสุดปี 2566 ใช่ไหม")
    assert term.verdict is not None and term.verdict.value == "yes"


@pytest.mark.parametrize(
    ("question", "value"),
    [
        ("ที่เซ็นกันเป็น MOU ใช่ป่าวคับ", "no"),
        ("So it's really an MOU, not an LOI?", "no"),
        ("อันนีเปนเอ็มโอยูใชมั้ยคับ", "no"),
    ],
)
def test_another_kind_of_document_said_to_be_it_is_not(
    engine: Engine, question: str, value: str
) -> None:
    answer = engine.ask(question)
    assert answer.verdict is not None and answer.verdict.value == value
    assert answer.entry is not None and answer.entry.id == "what-is-loi"


@pytest.mark.parametrize(
    ("question", "entry_id"),
    [
        ("key pillars of the mou?", "pillars-overview"),
        ("เคยทำ MOU กันมาก่อนมั้ย", "second-cooperation"),
    ],
)
def test_a_document_only_named_is_no_claim_about_its_kind(
    engine: Engine, question: str, entry_id: str
) -> None:
    answer = engine.ask(question)
    assert answer.entry is not None and answer.entry.id == entry_id
    assert answer.verdict is None or "mou" not in answer.verdict.claim.lower()


@pytest.mark.parametrize(
    "question",
    ["Did Toyota or Honda take part in the signing?", "โตโยต้ากับฮอนด้ามาร่วมงานนี้ด้วยใช่ไหมครับ"],
)
def test_an_outsider_taking_part_is_not_stated_with_the_parties_offered(
    engine: Engine, question: str
) -> None:
    answer = engine.ask(question)
    assert answer.outcome == "not-stated"
    assert answer.verdict is not None and answer.verdict.value == "not-stated"
    assert answer.entry is not None and answer.entry.id == "parties"


def test_thai_typed_in_latin_letters_asks_and_checks(engine: Engine) -> None:
    # Thinglish: "chai mai" is ใช่ไหม, "tee nai" is ที่ไหน.
    answer = engine.ask("sign tee Tokyo chai mai")
    assert answer.verdict is not None and answer.verdict.value == "no"
    where = engine.ask("LOI sign tee nai krub")
    assert where.entry is not None and where.entry.id == "venue"


@pytest.mark.parametrize(
    ("question", "entry_id"),
    [
        ("เซ็นวันศุกร์ป่ะ จำไม่ได้ละ", "signing-date"),
        ("It's an MOU, right? editor wrote MOU in the draft", "what-is-loi"),
        ("สัญญานี้ 3 ปีใช่มั้ยงับ", "term"),
    ],
    ids=["remark-after", "tag-then-remark", "slang-polite-ending"],
)
def test_a_check_beside_a_remark_or_a_slang_ending_gets_its_verdict(
    engine: Engine, question: str, entry_id: str
) -> None:
    answer = engine.ask(question)
    assert answer.entry is not None and answer.entry.id == entry_id
    assert answer.verdict is not None and answer.verdict.value == "no"


def test_the_first_one_checked_is_the_round_and_a_later_one_another_agreement(
    engine: Engine,
) -> None:
    answer = engine.ask("How long does it run, and is it the first one between them?")
    last = answer.each_part[-1]
    assert last.entry is not None and last.entry.id == "second-cooperation"
    assert last.verdict is not None and last.verdict.value == "no"
    # A third agreement is not this one's round: the article does not cover it.
    third = engine.ask("Was there a third agreement after this one?")
    assert third.outcome in ("declined", "not-stated")


def test_two_places_claimed_without_a_choice_are_both_claims(engine: Engine) -> None:
    # "at the Japanese embassy in BKK": Bangkok is right, the embassy wrong: no. Offered as a
    # choice ("กรุงเทพหรือโตเกียว") the places are asked, not claimed.
    answer = engine.ask("Signed at the Japanese embassy in BKK, correct?")
    assert answer.verdict is not None and answer.verdict.value == "no"
    assert engine.ask("ลงนามที่กรุงเทพหรือโตเกียว").verdict is None


@pytest.mark.parametrize(
    ("question", "entry", "said"),
    [
        ("มีเรื่องรถไฮโดรเจนอยู่ในข้อตกลงด้วยไหมคะ", "pillars-overview", "ไฮโดรเจน"),
        ("มีเรื่อง hydrogen ด้วยป่ะ", "pillars-overview", "hydrogen"),
        (
            "Does the LOI explicitly cover hydrogen fuel-cell vehicles?",
            "pillars-overview",
            "hydrogen fuel cell",
        ),
        ("hydrogen car also cover in this LOI or not krub", "pillars-overview", "hydrogen"),
        (
            "Pillar 3 also covers hydrogen fuel cells, yes?",
            "pillar-3-ev-parts",
            "hydrogen fuel cells",
        ),
        # a pillar named by words only it has
        (
            "Does the knowledge sharing also cover hydrogen fuel cells?",
            "pillar-2-knowledge-exchange",
            "hydrogen fuel cells",
        ),
    ],
)
def test_whether_it_covers_what_the_article_never_mentions_is_not_stated(
    engine: Engine, question: str, entry: str, said: str
) -> None:
    # The article lists what the cooperation covers "including" …: it rules nothing else out.
    answer = engine.ask(question)
    assert answer.outcome == "not-stated", answer.reason
    assert answer.verdict is not None and answer.verdict.value == "not-stated"
    assert answer.entry is not None and answer.entry.id == entry
    assert f"“{said}”" in answer.text


@pytest.mark.parametrize(
    ("question", "entry"),
    [
        ("ข้อ 3 รวมเรื่องแบตเตอรี่ด้วยไหม", "pillar-3-ev-parts"),  # the article says so: yes
        # what is asked is named next to the asking words; the remark before them is not asked
        ("ที่อู่เรามีช่างเยอะ กลัวตกงานตอนเปลี่ยนเป็นEV ในLOIมีเรื่องพัฒนาบุคลากรไหมครับ", "pillar-4-workforce"),
    ],
)
def test_whether_it_covers_what_the_article_says_is_answered(
    engine: Engine, question: str, entry: str
) -> None:
    answer = engine.ask(question)
    assert answer.outcome == "answered", answer.reason
    assert answer.entry is not None and answer.entry.id == entry


def test_a_polite_ending_in_latin_letters_is_a_word_of_its_own(engine: Engine) -> None:
    # "krub" closes "… or not krub"; "Osaka" does not end in the particle "ka"
    processor = engine.matcher.processor
    assert processor.without_polite_endings("cover in this loi or not krub") == (
        "cover in this loi or not"
    )
    assert processor.without_polite_endings("signed in osaka") == "signed in osaka"


def test_a_place_named_beside_a_question_beyond_the_article_is_no_claim_on_the_venue(
    engine: Engine,
) -> None:
    # Rain in Rayong tomorrow is not a claim that the LOI was signed in Rayong.
    answer = engine.ask("พรุ่งนี้ระยองฝนตกมั้ย จะขนของเข้าลูกค้า")
    assert answer.outcome in ("declined", "not-stated")
    assert answer.verdict is None or answer.verdict.value != "no"


def test_a_number_of_organisations_only_named_is_no_count_claimed(engine: Engine) -> None:
    # "สองหน่วยงาน" names the two parties; what is checked is whether they will meet.
    answer = engine.ask("สองหน่วยงานจะจัดประชุมแลกเปลี่ยนความรู้เรื่องยานยนต์แห่งอนาคตกันด้วยใช่ไหมครับ")
    assert answer.entry is not None and answer.entry.id == "follow-up-meetings"


@pytest.mark.parametrize(
    ("question", "entry"),
    [
        # "first" alone counts no other agreement
        ("First of all, where was the signing?", "venue"),
    ],
)
def test_first_alone_is_no_other_round(engine: Engine, question: str, entry: str) -> None:
    answer = engine.ask(question)
    assert answer.outcome == "answered", answer.reason
    assert answer.entry is not None and answer.entry.id == entry


@pytest.mark.parametrize(
    "question",
    [
        "Is TAI a financial institute?",  # a kind qualified: never confirmed
        "Is JETRO a company or a government body?",  # a choice, not a claim
        "Is JETRO helping a company in Thailand?",  # a verb, not a kind
        "Two ministers signed it?",  # two roles: no count of one
        "Was the press at the ceremony?",  # the ceremony alone confirms nothing
        "มีประธานาธิบดี 2 ท่านใช่ไหม",  # a president is no chair
        "3 ministers presided, right?",  # two roles named: the number is not read
    ],
)
def test_a_loose_claim_is_never_confirmed(engine: Engine, question: str) -> None:
    answer = engine.ask(question)
    assert answer.verdict is None or answer.verdict.value != "yes", answer.reason


@pytest.mark.parametrize(
    ("question", "verdict"),
    [
        ("BOI เป็นคู่ลงนามอีกฝ่ายของสยย.ใช่ไหม", "no"),  # "the other party" is no other deal
        ("Does the knowledge sharing also cover hydrogen?", "not-stated"),
        ("Does the LOI cover EV batteries and hydrogen?", "not-stated"),
    ],
)
def test_review_cases_get_their_verdict(engine: Engine, question: str, verdict: str) -> None:
    answer = engine.ask(question)
    assert answer.verdict is not None and answer.verdict.value == verdict, answer.reason


def test_a_count_per_party_is_no_count_of_the_whole(engine: Engine) -> None:
    answer = engine.ask("แต่ละฝ่ายมีผู้ลงนาม 1 คนใช่ไหม")  # true per party; 2 in all
    assert answer.entry is not None and answer.entry.id == "signatories"
    assert answer.verdict is None or answer.verdict.value == "yes"


def test_everyday_english_beside_a_covering_word_names_nothing_left_out(engine: Engine) -> None:
    from bot.nlp import english_words

    assert english_words.is_common("business", 4.6)
    assert not english_words.is_common("hydrogen", 4.6)
    answer = engine.ask("teaching people skill for the new car business, this is part of it?")
    assert answer.outcome == "answered" and answer.entry is not None
    assert answer.entry.id == "pillar-4-workforce"
    covered = engine.ask("Does the LOI cover autonomous driving?")
    assert covered.outcome == "not-stated" and "“autonomous driving”" in covered.text


def test_a_remark_in_another_sentence_is_not_what_is_asked_to_be_covered(engine: Engine) -> None:
    answer = engine.ask(
        "Our factory make motor parts. Electric motor is also mentioned in the LOI?"
    )
    assert answer.outcome != "not-stated" and answer.entry is not None
    assert answer.entry.id == "pillar-3-ev-parts"
    other = engine.ask("We make drones. Does the LOI also cover hydrogen?")
    assert other.outcome == "not-stated" and "“hydrogen”" in other.text


@pytest.mark.parametrize(
    ("question", "verdict", "entry"),
    [
        # Isan and Northern Thai: แม่นบ่ / บ่ / ก่อ end a check like ใช่ไหม (rules.yaml checks)
        ("ลงนามวันที่ ๑๓ มกรา ๒๕๖๕ แม่นบ่", "yes", "signing-date"),
        ("เซนวันศุกร์ก่อเจ้า", "no", "signing-date"),
        ("สาระสำคัญมีแค่ 3 ข้อบ่ติ", "no", "pillars-overview"),
        ("จัดที่ขอนแก่นบ่", "no", "venue"),
        # Southern Thai: ม้าย / หม้าย = ไหม, ตะ = เหรอ
        ("ได้ยินว่าเซ็นกันที่หาดใหญ่ ใช่ม้ายครับ", "no", "venue"),
        ("เซ็นกันปี ๒๕๖๔ ใช่หม้าย", "no", "signing-date"),
        ("วันเซ็นตรงกับวันพฤหัสใช่ม้าย", "yes", "signing-date"),
        ("เซ็นที่แชงกรีลาจริงตะ", "yes", "venue"),
        ("กรอบเวลาแค่ปีเดียวเองจริงดิ", "yes", "term"),  # จริงดิ: spoken, ปีเดียว: one year
        ("นี่เป็นดีลแรกของสองหน่วยงานนี้ใช่ปะ", "no", "second-cooperation"),  # ดีล: a round's unit
        ("เซนทีอิมแพคเมืองทองใชป่าว", "no", "venue"),  # เซนที: เซ็น ที่, not เซ + นที
        ("ตัวนี้มันคือMOUใช่มะ", "no", "what-is-loi"),  # an English word typed against Thai ones
    ],
)
def test_a_check_in_regional_thai_gets_its_verdict(
    engine: Engine, question: str, verdict: str, entry: str
) -> None:
    answer = engine.ask(question)
    assert answer.entry is not None and answer.entry.id == entry, answer.reason
    assert answer.verdict is not None and answer.verdict.value == verdict, answer.reason


@pytest.mark.parametrize(
    ("question", "entry"),
    [
        ("ลงนามมื้อใด๋ครับ", "signing-date"),  # มื้อใด๋: which day (Isan)
        ("พิธีลงนามจัดตี้ไหนเจ้า", "venue"),  # ตี้ไหน: where (Northern), เจ้า: polite
        ("ไผเป็นคนเซนแหน่", "signatories"),  # ไผ: who, แหน่: please (Isan)
        ("ข้อสุดท้ายเป็นเรื่องอะหยังก่อ", "pillar-5-carbon-neutrality"),  # อะหยัง: what
    ],
)
def test_regional_question_words_ask_like_standard_thai(
    engine: Engine, question: str, entry: str
) -> None:
    answer = engine.ask(question)
    assert answer.outcome == "answered" and answer.entry is not None, answer.reason
    assert answer.entry.id == entry


def test_two_outsiders_joined_by_with_are_a_list_not_a_partner(engine: Engine) -> None:
    both = engine.ask("โตโยต้ากับฮอนด้าร่วมเซ็นด้วยไหม")  # companies: the article names none
    assert both.verdict is not None and both.verdict.value == "not-stated", both.reason
    partner = engine.ask("ลงนามกับโตโยต้าใช่ไหม")  # signed with Toyota: the partner is JETRO
    assert partner.verdict is not None and partner.verdict.value == "no", partner.reason


def test_a_bare_year_of_something_else_is_not_judged_of_the_signing(engine: Engine) -> None:
    answer = engine.ask("Is Thai minimum wage increased in 2026? kindly tell")
    assert answer.outcome == "declined" and answer.verdict is None, answer.reason
    asked = engine.ask("who signed?")  # a question word that asks still asks
    assert asked.verdict is None and asked.entry is not None and asked.entry.id == "signatories"


def test_a_decline_word_inside_a_misspelt_name_is_not_asked(engine: Engine) -> None:
    # สิทธิ (privileges) is a decline word; พิสิทธิ์ is a misspelling of พิสิฐ
    answer = engine.ask("คุณพิสิทธิ์ที่เซ็นนี่เป็นผู้อำนวยการสถาบันยานยนต์ใช่ไหมครับ")
    assert answer.verdict is not None and answer.verdict.value == "yes", answer.reason
    assert answer.entry is not None and answer.entry.id == "signatories"
    declined = engine.ask("BOI ให้สิทธิประโยชน์อะไรกับโรงงานแบตบ้าง")
    assert declined.outcome in {"declined", "not-stated"}, declined.reason
    assert "สิทธิ" in declined.reason.words


@pytest.mark.parametrize(
    ("question", "verdict", "entry"),
    [
        # a check that denies its claim is judged as put (rules.yaml claims.denials)
        ("It wasn't signed back in 2021, was it?", "yes", "signing-date"),
        ("ไม่ได้ลงนามที่กรุงเทพฯ ใช่มั้ย", "no", "venue"),
        ("ไม่ได้เซ็นที่เชียงใหม่ใช่ไหม", "yes", "venue"),
        ("ไม่ใช่ความร่วมมือครั้งแรกใช่มั้ยคะ", "yes", "second-cooperation"),
        ("Suriya didn't sign it, right?", "yes", "ministers"),
        ("2nd time they partner right, not first?", "yes", "second-cooperation"),
        # not denials: an inverted auxiliary, a tag, doubt, a denial before another value
        ("Didn't they sign in Bangkok?", "yes", "venue"),
        ("ลงนามที่แชงกรีลาไม่ใช่เหรอ", "yes", "venue"),
        ("จำไม่ได้ว่าเซ็นปี 2564 ใช่ไหม", "no", "signing-date"),
        ("i heard it's actually an MoU not an LOI, true?", "no", "what-is-loi"),
    ],
)
def test_a_denied_claim_is_judged_as_the_member_put_it(
    engine: Engine, question: str, verdict: str, entry: str
) -> None:
    answer = engine.ask(question)
    assert answer.verdict is not None and answer.verdict.value == verdict, answer.reason
    assert answer.entry is not None and answer.entry.id in {entry, "signatories"}, answer.reason


def test_a_denied_claim_opens_in_english_without_a_bare_yes(engine: Engine) -> None:
    answer = engine.ask("It wasn't signed back in 2021, was it?")
    assert answer.text.startswith("Right, that is not so."), answer.text
    assert "13 January 2022" in answer.text


def test_a_place_named_without_the_signing_is_no_check_of_the_venue(engine: Engine) -> None:
    for question in ("ไปเที่ยวโตเกียวต้องขอวีซ่ามั้ย", "is the shangri-la close to a bts station?"):
        answer = engine.ask(question)
        assert answer.verdict is None, answer.reason


def test_whether_this_round_is_the_first_is_answered_with_its_round(engine: Engine) -> None:
    # rules.yaml claims.this_round_words: "this" one's number is asked, not another agreement
    for question in ("อันนี้ทำกันครั้งแรกหรือเคยทำกันมาก่อนแล้วจ้ะ", "ครั้งนี้ครั้งแรกป่าวที่ สยย. กะ เจโทร ร่วมมือกัน"):
        answer = engine.ask(question)
        assert answer.outcome == "answered", answer.reason
        assert answer.entry is not None and answer.entry.id == "second-cooperation"
    other = engine.ask("What was in the first agreement?")
    assert other.outcome == "not-stated", other.reason


def test_another_province_or_city_claimed_as_the_venue_is_wrong(engine: Engine) -> None:
    # values.yaml places: provinces and cities other than the article's
    for question in ("ได้ยินว่าเซ็นกันที่โรงแรมในอยุธยาใช่ไหมคะ", "sign at Shangri-La KL issit?"):
        answer = engine.ask(question)
        assert answer.verdict is not None and answer.verdict.value == "no", answer.reason
        assert answer.entry is not None and answer.entry.id == "venue"


def test_an_ordinal_typed_with_its_ending_names_its_round(engine: Engine) -> None:
    # "1st" is cut into 1 | st: still the first agreement, which the article does not describe
    other = engine.ask("When was the 1st cooperation between TAI and JETRO signed?")
    assert other.outcome == "not-stated", other.reason
    own = engine.ask("why do ppl call it the 2nd cooperation?")  # the article's own round
    assert own.outcome == "answered" and own.entry is not None
    assert own.entry.id == "second-cooperation"


@pytest.mark.parametrize(
    ("question", "verdict", "entry"),
    [
        # Singlish/Manglish: "issit" ends a check, "ah", "hor" are particles (synonyms ignore)
        ("Suriya is the one who sign for thai side issit", "no", "signatories"),  # relative who
        ("sign in 2023 hor?", "no", "signing-date"),
        ("4 key areas, is that right?", "no", "pillars-overview"),  # a count names its unit
        # facts.yaml roles.attendee: held_by_all_named — everyone the article names took part
        ("ฮากิอุดะมาด้วยไหม", "yes", "ministers"),
        ("JETRO involved?", "yes", "parties"),
        # a company the article does not name: not stated, however its taking part is put
        ("Toyota ร่วมด้วยป่ะคะ", "not-stated", "parties"),
        ("Toyota or Honda got involve in this LOI or not", "not-stated", "parties"),
        ("it was a friday wasnt it? thought i saw pics on fb that day", "no", "signing-date"),
        # a day is cued right before ("on the 14th"), not by an "on" further back
        ("James on line two says the deal runs for two years right", "no", "term"),
        ("signed on the 14th right?", "no", "signing-date"),
        # a date judged of the entry the message ranks first, however little else it names
        (
            "My draft says the TAI-JETRO letter was signed in January 2021. Correct?",
            "no",
            "signing-date",
        ),
        # an interjection before the auxiliary (rules.yaml checks.english_interjections)
        ("wait was the signing in tokyo? thought it was a japan-side event", "no", "venue"),
        # "anything on …" asks whether the LOI covers it (checks.english_openers)
        (
            "anything on high voltage safety in there? we do HV testing",
            "yes",
            "pillar-2-knowledge-exchange",
        ),
    ],
)
def test_a_check_put_loosely_gets_its_verdict_and_entry(
    engine: Engine, question: str, verdict: str, entry: str
) -> None:
    answer = engine.ask(question)
    assert answer.verdict is not None and answer.verdict.value == verdict, answer.reason
    assert answer.entry is not None and answer.entry.id == entry, answer.reason
