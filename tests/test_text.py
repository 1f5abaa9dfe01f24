"""Normalisation and tokenisation: how members type becomes one comparable form."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.engine import load_processor
from bot.knowledge import KnowledgeError
from bot.nlp.lexicon import Lexicon
from bot.nlp.normalize import detect_language, normalize
from bot.nlp.pipeline import TextProcessor
from bot.settings import DEFAULT_FAQ_PATH


@pytest.fixture(scope="module")
def shipped() -> TextProcessor:
    return load_processor(DEFAULT_FAQ_PATH)


@pytest.fixture(scope="module")
def small() -> TextProcessor:
    return TextProcessor(
        Lexicon(
            synonyms={
                "ลงนาม": ("เซ็น", "sign", "signed"),
                "ที่ไหน": ("where", "สถานที่ไหน"),
                "หนังสือแสดงเจตจำนง": ("loi", "letter of intent", "อนุสัญญาภาคี"),
                "สถาบันยานยนต์": ("สยย.", "tai"),
            },
            misspellings={"เปน": "เป็น", "สันยา": "สัญญา", "ใหน": "ไหน"},
            ignore=frozenset({"ครับ", "ค่ะ", "คับ", "อ่ะ"}),
            domain_words=frozenset({"เจโทร", "สยย."}),
        )
    )


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ที่ไหนนนนน", "ที่ไหน"),
        ("๑๓ มกราคม ๒๕๖๕", "13 มกราคม 2565"),
        ("LOI   Signed?!", "loi signed"),
        ("ลง\u200bนาม\u200d", "ลงนาม"),
        ("เร็วๆ นี้", "เร็ว นี้"),
        ("a\x00b\tc", "a b c"),
        ("", ""),
        ("   \n\t ", ""),
        ("ＬＯＩ", "loi"),
    ],
    ids=[
        "repeated-letters",
        "thai-digits",
        "case-and-punctuation",
        "zero-width",
        "mai-yamok",
        "control-chars",
        "empty",
        "whitespace-only",
        "full-width-latin",
    ],
)
def test_normalize(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


def test_normalize_cuts_very_long_text() -> None:
    assert len(normalize("ก" * 100_000 + "ข")) <= 4096


@pytest.mark.parametrize(
    ("text", "language"),
    [("ลงนามที่ไหน", "th"), ("where was it signed", "en"), ("LOI เซ็นที่ไหน", "th"), ("🙂", "th")],
    ids=["thai", "english", "mixed-is-thai", "emoji-defaults-to-thai"],
)
def test_detect_language(text: str, language: str) -> None:
    assert detect_language(text) == language


@pytest.mark.parametrize(
    ("question", "tokens"),
    [
        ("สยย.กับเจโทรเซ็นที่ไหนครับ", ["สถาบันยานยนต์", "กับ", "เจโทร", "ลงนาม", "ที่ไหน"]),
        (
            "Where was the Letter of Intent signed?",
            ["ที่ไหน", "was", "the", "หนังสือแสดงเจตจำนง", "ลงนาม"],
        ),
        ("อนุสัญญาภาคีเซ็นที่ใหนอ่ะ", ["หนังสือแสดงเจตจำนง", "ลงนาม", "ที่ไหน"]),
        ("ลงนามที่ไหนนนนคับ", ["ลงนาม", "ที่ไหน"]),
    ],
    ids=[
        "abbreviations-and-particles",
        "english-phrase-synonym",
        "typo-mended-inside-word",
        "repeats-and-particle",
    ],
)
def test_tokens_map_synonyms_and_drop_particles(
    small: TextProcessor, question: str, tokens: list[str]
) -> None:
    assert small.tokens(question) == tokens


def test_question_words_are_never_weak(shipped: TextProcessor) -> None:
    for word in ("ใคร", "ที่ไหน", "เมื่อไหร่", "อะไร", "กี่"):
        assert word not in shipped.weak_words


@pytest.mark.parametrize("word", ["เจโทร", "สยย."], ids=["jetro-thai", "tai-abbreviation"])
def test_domain_words_stay_whole(shipped: TextProcessor, word: str) -> None:
    tokens = shipped.tokens(f"{word}ลงนามที่ไหน")
    assert len(tokens) == len(shipped.tokens("เจโทรลงนามที่ไหน"))
    assert tokens[0] == shipped.tokens(word)[0]


def test_shipped_synonyms_unify_tai_names(shipped: TextProcessor) -> None:
    forms = {shipped.tokens(name)[0] for name in ("สยย.", "สยย", "สถาบันยานยนต์", "TAI")}
    assert len(forms) == 1


def test_shipped_synonyms_unify_loi_names(shipped: TextProcessor) -> None:
    forms = {
        tuple(shipped.tokens(name))
        for name in ("LOI", "หนังสือแสดงเจตจำนง", "อนุสัญญาภาคี", "letter of intent")
    }
    assert len(forms) == 1


@pytest.mark.parametrize(
    ("typo", "right"),
    [("เปน", "เป็น"), ("สันยา", "สัญญา"), ("เปาหมาย", "เป้าหมาย")],
    ids=["pen", "sanya", "paomai"],
)
def test_shipped_misspellings_are_mended(shipped: TextProcessor, typo: str, right: str) -> None:
    assert shipped.tokens(typo) == shipped.tokens(right)


def test_a_filler_of_several_words_goes_as_a_whole() -> None:
    processor = load_processor(DEFAULT_FAQ_PATH)
    assert processor.tokens("เจโทรคืออะไรอะ ไม่เคยได้ยิน") == processor.tokens("เจโทรคืออะไร")


@pytest.mark.parametrize(
    ("sloppy", "careful"),
    [
        ("ลงนามทีไหนคับ", "ลงนามที่ไหนครับ"),
        ("เซ็นเมือไหร", "เซ็นเมื่อไหร่"),
        ("ใครเปนผูลงนาม", "ใครเป็นผู้ลงนาม"),
        ("วัตถุประสงคของความรวมมือ", "วัตถุประสงค์ของความร่วมมือ"),
    ],
    ids=["no-tone-where", "no-tone-when", "no-tone-signatory", "no-tone-cooperation"],
)
def test_words_typed_without_tone_marks_are_still_known(sloppy: str, careful: str) -> None:
    processor = load_processor(DEFAULT_FAQ_PATH)
    assert processor.tokens(sloppy) == processor.tokens(careful)


@pytest.mark.parametrize(
    ("sloppy", "careful"),
    [("what is pilalr 5", "what is pillar 5"), ("JETRO stadn for?", "JETRO stand for?")],
    ids=["swapped-letters", "swapped-letters-in-phrase"],
)
def test_english_slips_are_mended_before_phrases_are_read(sloppy: str, careful: str) -> None:
    processor = load_processor(DEFAULT_FAQ_PATH)
    assert processor.tokens(sloppy) == processor.tokens(careful)


def test_an_unknown_english_word_is_not_mended_into_a_decline_word() -> None:
    processor = load_processor(DEFAULT_FAQ_PATH)
    assert "grand" in processor.tokens("signed at centara grand?")


def test_a_synonym_group_written_twice_is_an_error_not_a_silent_loss(tmp_path: Path) -> None:
    path = tmp_path / "synonyms.yaml"
    path.write_text("synonyms:\n  ลงนาม: [เซ็น]\n  ลงนาม: [sign]\n", encoding="utf-8")
    with pytest.raises(KnowledgeError) as caught:
        Lexicon.load(path, None)
    problem = caught.value.problems[0]
    assert problem.line == 3 and "appears twice" in problem.message


def test_a_counting_word_and_its_unit_are_joined_as_the_lexicon_knows_them(
    shipped: TextProcessor,
) -> None:
    # "how many" and "focus areas" are canonicalised apart (กี่ + ข้อ); กี่ข้อ is one form.
    assert "กี่ข้อ" in shipped.tokens("How many focus areas are there in total?")
    assert shipped.tokens("no. 3 in detail")[:1] == shipped.tokens("ข้อ 3")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("เดือนหน้าครบ 5 ปีใช่ป่ะ 555", "เดือนหน้าครบ 5 ปีใช่ป่ะ"),  # laughter, no number
        ("ปี 2000", "ปี 2000"),  # digits are not collapsed like letters
        ("1555", "1555"),
    ],
)
def test_laughter_goes_and_digits_stay(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("long nam wan nai krub", "ลงนาม วันไหน ครับ"),
        ("sen tee Shangri-La chai mai krub", "เซ็น ที่ shangri la ใช่ไหม ครับ"),
        # places stay as typed ("chiang mai" is no ไหม); "la" at the end only is ล่ะ
        ("long nam tee chiang mai rue plao ka", "ลงนาม ที่ chiang mai หรือเปล่า ค่ะ"),
        ("la fai yipun la", "แล้ว ฝ่าย ญี่ปุ่น ล่ะ"),
        # English stays English, though "pen" and "sen" are in the table
        ("who put pen to paper", "who put pen to paper"),
    ],
)
def test_thai_typed_in_latin_letters_is_read_as_thai(
    shipped: TextProcessor, typed: str, read: str
) -> None:
    assert shipped.read_romanised(normalize(typed)) == read
