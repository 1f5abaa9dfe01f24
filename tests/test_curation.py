"""`validate` on a copy of knowledge/: quotes are the article's, answers state only what their
sources do, mistakes are named in Thai and English on their own line."""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

import pytest

from bot.cli import main
from bot.curation.sources import Document, citation, comparable, load_library
from bot.knowledge import load_faq
from bot.settings import REPO_ROOT

SHIPPED = REPO_ROOT / "knowledge"
ARTICLE_ID = "tai-jetro-loi-2565"


@pytest.fixture
def knowledge(tmp_path: Path) -> Path:
    """A copy of the shipped knowledge/ folder."""
    folder = tmp_path / "knowledge"
    shutil.copytree(SHIPPED, folder)
    return folder


def edit(path: Path, old: str, new: str) -> int:
    """Replace ``old`` (once, must be there) and return the line it was on."""
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    line = text[: text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return line


def validate(folder: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["validate", str(folder / "faq.yaml")])
    out = capsys.readouterr()
    return code, out.out + out.err


def errors(out: str) -> list[str]:
    return [line for line in out.splitlines() if line.startswith("  ✗")]


def test_shipped_copy_passes_without_errors(
    knowledge: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = validate(knowledge, capsys)
    assert code == 0, out
    assert "✓" in out


def test_made_up_quote_is_refused_naming_the_entry_and_its_line(
    knowledge: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    faq = knowledge / "faq.yaml"
    line = edit(
        faq,
        '"สยย.-เจโทร จัดทำความร่วมมือครั้งที่ 2 ส่งเสริมการพัฒนายานยนต์สมัยใหม่ต่อเนื่อง"',
        '"สยย.-เจโทร จัดทำความร่วมมือครั้งที่ 2 ด้วยงบประมาณ 500 ล้านบาท"',
    )
    code, out = validate(knowledge, capsys)
    assert code == 1
    [error] = errors(out)
    assert "'second-cooperation'" in error
    assert f"line {line}" in error
    assert "ไม่มีในข่าว" in error and "is not in the article" in error


def test_number_an_answer_adds_is_reported_with_entry_word_and_line(
    knowledge: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    line = edit(
        knowledge / "faq.yaml",
        "ณ โรงแรมแชงกรี-ลา กรุงเทพฯ ครับ",
        "ณ โรงแรมแชงกรี-ลา กรุงเทพฯ ด้วยงบประมาณ 500 ล้านบาท ครับ",
    )
    code, out = validate(knowledge, capsys)
    assert code == 1
    [error] = errors(out)
    assert "'venue'" in error and "'500'" in error and f"line {line}" in error


@pytest.mark.parametrize(
    ("old", "new", "word"),
    [
        ("Shangri-La Hotel, Bangkok (", "Hilton Hotel, Chiang Mai (", "Hilton Hotel"),
        ("The signing took place at", "On Friday the signing took place at", "Friday"),
        ("The signing took place at", "In March 2030 the signing took place at", "2030"),
    ],
    ids=["made-up-hotel", "wrong-weekday", "made-up-year"],
)
def test_english_names_weekdays_and_years_no_source_states_are_reported(
    knowledge: Path, capsys: pytest.CaptureFixture[str], old: str, new: str, word: str
) -> None:
    edit(knowledge / "faq.yaml", old, new)
    code, out = validate(knowledge, capsys)
    assert code == 1
    assert any(f"'{word}'" in e and "'venue'" in e for e in errors(out)), out


def test_thai_digits_and_the_other_calendar_count_as_stated(
    knowledge: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(
        knowledge / "faq.yaml",
        "จัดขึ้นเมื่อวันพฤหัสบดีที่ 13 มกราคม 2565 (ค.ศ. 2022) ครับ",
        "จัดขึ้นเมื่อวันพฤหัสบดีที่ ๑๓ มกราคม ๒๕๖๕ (ค.ศ. ๒๐๒๒) ครับ",
    )
    edit(
        knowledge / "faq.yaml",
        "ณ โรงแรมแชงกรี-ลา กรุงเทพฯ ครับ",
        "ณ โรงแรมแชงกรี-ลา กรุงเทพฯ ในปี 2022 ครับ",
    )
    code, out = validate(knowledge, capsys)
    assert code == 0, out


def test_a_deliberate_exception_is_marked_in_the_entry(
    knowledge: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    faq = knowledge / "faq.yaml"
    edit(faq, "ณ โรงแรมแชงกรี-ลา กรุงเทพฯ ครับ", "ณ โรงแรมแชงกรี-ลา กรุงเทพฯ ห้อง 500 ครับ")
    edit(faq, "  - id: venue\n", '  - id: venue\n    fact_exceptions: ["500"]\n')
    code, out = validate(knowledge, capsys)
    assert code == 0, out


def test_missing_colon_is_named_on_its_own_line_in_thai_and_english(
    knowledge: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    line = edit(knowledge / "faq.yaml", "title_en: Signing date", "title_en Signing date")
    code, out = validate(knowledge, capsys)
    assert code == 1
    [error] = errors(out)
    assert f"faq.yaml, บรรทัด {line} / line {line}" in error
    assert "ลืมใส่เครื่องหมาย : หลังชื่อคีย์ 'title_en'" in error
    assert "a ':' is missing after the key 'title_en'" in error
    assert f"{line} |     title_en Signing date" in out


def test_missing_colon_after_questions_is_named_on_its_line(
    knowledge: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    faq = knowledge / "faq.yaml"
    text = faq.read_text(encoding="utf-8")
    index = text.index("    questions:\n", text.index("id: term"))
    line = text[:index].count("\n") + 1
    faq.write_text(text[:index] + "    questions\n" + text[index + 15 :], encoding="utf-8")
    code, out = validate(knowledge, capsys)
    assert code == 1
    assert f"line {line}: ลืมใส่เครื่องหมาย : หลังชื่อคีย์ 'questions'" in out


def test_tab_is_named_on_its_own_line_in_thai_and_english(
    knowledge: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    line = edit(knowledge / "faq.yaml", "    title_en: Venue\n", "\ttitle_en: Venue\n")
    code, out = validate(knowledge, capsys)
    assert code == 1
    [error] = errors(out)
    assert f"line {line}" in error
    assert "ใช้ปุ่ม Tab แทนการเว้นวรรค" in error
    assert "a Tab was used for indenting — use spaces" in error


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("    title_en: Venue\n", "    title_en: Venue: where\n"),
        ('      - "ลงนามที่ไหน"\n', "      - ลงนามที่ไหน: ครับ\n"),
    ],
    ids=["in-a-title", "in-a-phrasing"],
)
def test_colon_inside_a_value_asks_for_quotes_on_its_line(
    knowledge: Path, capsys: pytest.CaptureFixture[str], old: str, new: str
) -> None:
    line = edit(knowledge / "faq.yaml", old, new)
    code, out = validate(knowledge, capsys)
    assert code == 1
    assert f"line {line}" in out
    assert "ครอบข้อความทั้งหมดด้วยเครื่องหมายคำพูด" in out and "put the whole text in double quotes" in out


def test_variant_in_two_synonym_groups_is_named_once_in_synonyms_yaml(
    knowledge: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    synonyms = knowledge / "synonyms.yaml"
    line = edit(synonyms, "  เมื่อไหร่: [when,", "  เมื่อไหร่: [ที่ไหน, when,")
    code, out = validate(knowledge, capsys)
    assert code == 1
    [error] = errors(out)
    assert error.startswith(f"  ✗ synonyms.yaml, บรรทัด {line} / line {line}")
    assert "'ที่ไหน'" in error and "'เมื่อไหร่'" in error
    assert "two synonym groups" in error and "สองกลุ่มคำพ้อง" in error
    assert not any("collision" in e for e in errors(out))


def test_a_yaml_mistake_in_synonyms_names_synonyms_yaml_and_its_line(
    knowledge: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    line = edit(knowledge / "synonyms.yaml", "  กระทรวง: [ministry", "  กระทรวง [ministry")
    code, out = validate(knowledge, capsys)
    assert code == 1
    assert f"synonyms.yaml, บรรทัด {line} / line {line}" in out
    assert "faq.yaml:" not in errors(out)[0]


def test_a_rule_word_nothing_knows_is_named_in_rules_yaml(
    knowledge: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(knowledge / "rules.yaml", "generic_words: [ชื่อ]", "generic_words: [ชื่อ, คำที่ไม่มีจริง]")
    code, out = validate(knowledge, capsys)
    assert code == 1
    assert any("rules.yaml" in e and "คำที่ไม่มีจริง" in e for e in errors(out)), out


def test_a_rule_naming_no_entry_is_reported_on_its_line(
    knowledge: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(knowledge / "rules.yaml", "not_stated_topic: overview", "not_stated_topic: no-such-entry")
    code, out = validate(knowledge, capsys)
    assert code == 1
    assert any("rules.yaml" in e and "no-such-entry" in e for e in errors(out)), out


def test_a_contents_topic_naming_no_entry_is_reported_on_its_line(
    knowledge: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    line = edit(
        knowledge / "rules.yaml", "contents_topic: pillars-overview", "contents_topic: no-pillars"
    )
    code, out = validate(knowledge, capsys)
    assert code == 1
    assert any(f"rules.yaml, บรรทัด {line}" in e and "'no-pillars'" in e for e in errors(out)), out


def test_a_kind_not_listed_and_an_unknown_about_entry_are_reported_in_facts_yaml(
    knowledge: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(knowledge / "facts.yaml", "    kind: institute\n", "    kind: bakery\n")
    code, out = validate(knowledge, capsys)
    assert code == 1
    assert any("facts.yaml" in e and "'bakery'" in e and "'kinds'" in e for e in errors(out)), out
    edit(knowledge / "facts.yaml", "    kind: bakery\n", "    kind: institute\n")
    edit(knowledge / "facts.yaml", "    about_in: about-jetro\n", "    about_in: about-nobody\n")
    code, out = validate(knowledge, capsys)
    assert code == 1
    assert any("facts.yaml" in e and "about-nobody" in e for e in errors(out)), out


@pytest.mark.parametrize(
    ("file", "old", "new", "needle"),
    [
        # a role offering no entry
        (
            "facts.yaml",
            "    people_stated_in: ministers",
            "    people_stated_in: nobody",
            "people_stated_in: nobody",
        ),
        # a gap a rule names, without its label
        ("rules.yaml", "  other-round: {", "  other-roundx: {", "'other-round'"),
        # an inclusion word the bot drops whole
        ("rules.yaml", "inclusion_words: [ครอบคลุม,", "inclusion_words: [ครับ, ครอบคลุม,", "'ครับ'"),
    ],
    ids=["role-entry", "gap-label", "inclusion-word"],
)
def test_a_name_or_word_a_knowledge_file_cannot_use_is_reported_in_that_file(
    knowledge: Path, capsys: pytest.CaptureFixture[str], file: str, old: str, new: str, needle: str
) -> None:
    edit(knowledge / file, old, new)
    code, out = validate(knowledge, capsys)
    assert code == 1
    assert any(file in e and needle in e for e in errors(out)), out


def test_a_fact_no_answer_states_is_reported_in_facts_yaml(
    knowledge: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(knowledge / "facts.yaml", "  number: 2 ", "  number: 3 ")
    code, out = validate(knowledge, capsys)
    assert code == 1
    assert any("facts.yaml" in e and "'round'" in e for e in errors(out)), out


def test_thin_entry_gets_coverage_warnings_but_passes(
    knowledge: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    faq = knowledge / "faq.yaml"
    text = faq.read_text(encoding="utf-8")
    thin = (
        "  - id: thin-topic\n    title: หัวข้อบาง\n    title_en: Thin\n    questions:\n"
        '      - "หัวข้อบางคืออะไร"\n    answer: ข่าวไม่ได้ระบุ\n    answer_en: Not stated.\n'
        f'    source:\n      document: {ARTICLE_ID}\n      quote: "สถาบันยานยนต์ (สยย.)"\n'
    )
    faq.write_text(text.replace("entries:\n", "entries:\n" + thin, 1), encoding="utf-8")
    code, out = validate(knowledge, capsys)
    assert code == 0, out
    warnings = [line for line in out.splitlines() if "'thin-topic'" in line]
    assert any("at least 8" in w for w in warnings)
    assert any("no English phrasing" in w for w in warnings)
    assert any("eval.yaml" in w for w in warnings)


def test_every_shipped_entry_names_its_article_and_quotes_it() -> None:
    faq = load_faq(SHIPPED / "faq.yaml")
    for entry in faq.entries:
        assert entry.document is not None and entry.document.id == ARTICLE_ID, entry.id
        assert all(entry.document.contains(q) for q in entry.quotes), entry.id


def test_a_second_article_is_a_second_file(tmp_path: Path) -> None:
    shutil.copytree(SHIPPED / "sources", tmp_path, dirs_exist_ok=True)
    (tmp_path / "other.txt").write_text(
        "---\nid: other\ntitle: อีกข่าว\ndate: 2023-05-01\npublished: test\n---\nข้อความ ๑ บรรทัด\n",
        encoding="utf-8",
    )
    library = load_library(tmp_path)
    assert sorted(library) == ["other", ARTICLE_ID]
    assert library["other"].contains("ข้อความ 1บรรทัด")


def test_quotes_compare_without_spaces_line_breaks_or_thai_digits() -> None:
    assert comparable("ณ โรงแรม\nแชงกรี-ลา  ๒๕๖๕") == "ณโรงแรมแชงกรี-ลา2565"


def test_citation_gives_quote_title_and_date_in_both_languages() -> None:
    entry = load_faq(SHIPPED / "faq.yaml").get("venue")
    assert entry is not None
    thai, english = citation(entry, "th"), citation(entry, "en")
    assert "แชงกรี-ลา กรุงเทพฯ" in thai and "13/01/2565" in thai
    assert entry.document is not None and entry.document.title in thai
    assert "13 January 2022" in english and "TAI and JETRO" in english


def test_citation_without_a_document_is_the_quote_alone() -> None:
    from dataclasses import replace

    entry = load_faq(SHIPPED / "faq.yaml").get("venue")
    assert entry is not None
    assert citation(replace(entry, document=None), "en") == f"“{entry.source}”"
    assert isinstance(Document("x", "t", "", date(2022, 1, 13), "p", "text"), Document)
    assert re.search(r"\d", citation(entry, "th"))


def test_synonym_that_makes_two_entries_collide_is_one_error_naming_its_group(
    knowledge: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    synonyms = knowledge / "synonyms.yaml"
    edit(synonyms, "  เมื่อไหร่: [when, ", "  เมื่อไหร่: [")
    edit(synonyms, "  ที่ไหน: [where, ", "  ที่ไหน: [where, when, ")
    code, out = validate(knowledge, capsys)
    assert code == 1
    [error] = errors(out)
    assert "'signing-date'" in error and "'venue'" in error
    assert "'ที่ไหน'" in error and "synonyms.yaml" in error


def test_source_button_reply_carries_the_citation() -> None:
    from bot.telegram.formatting import source_reply

    entry = load_faq(SHIPPED / "faq.yaml").get("signing-date")
    assert entry is not None and entry.document is not None
    text = source_reply(entry, "en").text
    assert "13 January 2022" in text and entry.document.title_en in text
    assert "13/01/2565" in source_reply(entry, "th").text


def test_a_mistake_in_eval_yaml_names_eval_yaml_and_its_line(
    knowledge: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = knowledge / "eval.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("expect:", "expekt:", 1), encoding="utf-8")
    code, out = validate(knowledge, capsys)
    assert code == 1
    [error] = errors(out)
    assert error.startswith("  ✗ eval.yaml, บรรทัด ")
