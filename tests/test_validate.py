"""`python -m bot validate`: the curators' lint speaks plainly and never shows a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import main
from bot.engine import Engine
from bot.settings import DEFAULT_FAQ_PATH, REPO_ROOT

GOOD_ENTRY = """\
  - id: venue
    title: สถานที่ลงนาม
    title_en: Venue
    questions:
      - ลงนามที่ไหน
      - Where was it signed?
    answer: โรงแรมแชงกรี-ลา กรุงเทพฯ
    answer_en: Shangri-La Hotel, Bangkok
    source: ณ โรงแรมแชงกรี-ลา กรุงเทพฯ
"""
DATE_ENTRY = """\
  - id: signing-date
    title: วันที่ลงนาม
    title_en: Date
    questions:
      - ลงนามวันไหน
      - When was it signed?
    answer: 13 มกราคม 2565
    answer_en: 13 January 2022
    source: เมื่อวันพฤหัสบดีที่ 13 มกราคม 2565
"""


def run_validate(tmp_path: Path, text: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    path = tmp_path / "faq.yaml"
    path.write_text(text, encoding="utf-8")
    code = main(["validate", str(path)])
    out = capsys.readouterr()
    return code, out.out + out.err


def test_shipped_faq_is_valid(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(DEFAULT_FAQ_PATH)]) == 0
    assert "✓" in capsys.readouterr().out


def test_good_file_passes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run_validate(tmp_path, "entries:\n" + GOOD_ENTRY + DATE_ENTRY, capsys)
    assert code == 0, out


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("entries:\n  - id: venue\n   title: x\n", "line 3: ย่อหน้า"),
        ("- just\n- a list\n", "must be a mapping"),
        ("entries: []\n", "non-empty list"),
        (
            "entries:\n" + GOOD_ENTRY.replace("  - id: venue\n", "  - title_x: 1\n", 1),
            "missing 'id'",
        ),
        ("entries:\n" + GOOD_ENTRY + GOOD_ENTRY, "duplicate id 'venue'"),
        (
            "entries:\n" + GOOD_ENTRY.replace("answer: โรงแรมแชงกรี-ลา กรุงเทพฯ", 'answer: ""'),
            "'answer' is empty",
        ),
        (
            "entries:\n"
            + GOOD_ENTRY.replace(
                "      - ลงนามที่ไหน\n      - Where was it signed?\n", "      []\n"
            ).replace("questions:\n      []", "questions: []"),
            "'questions' is empty",
        ),
        (
            "entries:\n"
            + GOOD_ENTRY.replace("answer: โรงแรมแชงกรี-ลา กรุงเทพฯ", "answer: " + "ก" * 4100),
            "Telegram allows 4096",
        ),
        ("entries:\n" + GOOD_ENTRY.replace("questions:", "questons:"), "did you mean 'questions'"),
        ("entries:\n" + GOOD_ENTRY.replace("id: venue", "id: Venue Entry"), "lower-case letters"),
        ("entries:\n" + GOOD_ENTRY + "start_topics: [nowhere]\n", "no entry has that id"),
        ("entries:\n" + GOOD_ENTRY + "extra: 1\n", "unknown top-level key 'extra'"),
        ("entries:\n  - just a text\n", "is not a mapping"),
        (
            "entries:\n" + GOOD_ENTRY.replace("    answer:", "    answer: x\n    answer:", 1),
            "'answer' appears twice",
        ),
    ],
    ids=[
        "yaml-syntax-with-line",
        "not-a-mapping",
        "no-entries",
        "missing-id",
        "duplicate-id",
        "empty-answer",
        "no-questions",
        "answer-too-long",
        "unknown-key-typo",
        "bad-id",
        "unknown-start-topic",
        "unknown-top-key",
        "entry-not-a-mapping",
        "key-twice",
    ],
)
def test_broken_file_fails_with_a_plain_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, expected: str
) -> None:
    code, out = run_validate(tmp_path, text, capsys)
    assert code == 1
    assert expected in out
    assert "Traceback" not in out


def test_collision_names_both_entries(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    colliding = DATE_ENTRY.replace(
        "      - ลงนามวันไหน\n", "      - ลงนามวันไหน\n      - ลงนามที่ไหน\n"
    )
    code, out = run_validate(tmp_path, "entries:\n" + GOOD_ENTRY + colliding, capsys)
    assert code == 1
    assert "collision" in out
    assert "'ลงนามที่ไหน'" in out


def test_missing_file_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["validate", str(tmp_path / "nope.yaml")])
    out = capsys.readouterr()
    assert code == 1
    assert "file not found" in out.out + out.err


def test_not_utf8_is_explained(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "faq.yaml"
    path.write_bytes("entries: ลงนาม".encode("cp874"))
    assert main(["validate", str(path)]) == 1
    assert "UTF-8" in capsys.readouterr().out


def test_validate_process_never_prints_a_traceback(tmp_path: Path) -> None:
    path = tmp_path / "faq.yaml"
    path.write_text("entries:\n  - id: [unclosed\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "bot", "validate", str(path)],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stdout + done.stderr
    assert "line" in done.stdout


def test_a_bare_true_in_a_word_list_is_the_word_true() -> None:
    # YAML reads `true` as a yes/no value; in a word list (rules.yaml english_endings) it is
    # the English word that closes a check ("signed at the Shangri-La, true?").
    from bot.curation.yaml_files import as_word

    assert as_word(True) == "true" and as_word(False) == "false" and as_word(2565) == "2565"
    engine = Engine.load(DEFAULT_FAQ_PATH)
    assert "true" in engine.matcher.processor.rules.checks.english_endings


def test_a_misspelling_stemmed_into_an_everyday_word_is_warned(tmp_path: Path) -> None:
    from bot.curation.misspelling_stems import check_misspelling_stems
    from bot.engine import load_processor
    from bot.settings import DEFAULT_FAQ_PATH

    synonyms = tmp_path / "synonyms.yaml"
    synonyms.write_text("misspellings:\n  wat: what\n  whats: what is\n", encoding="utf-8")
    found = check_misspelling_stems(synonyms, load_processor(DEFAULT_FAQ_PATH))
    assert [p.line for p in found] == [3]  # "whats" is read as "what"; "wat" is left alone
    assert "'what'" in str(found[0])
