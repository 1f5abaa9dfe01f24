"""Adding a phrasing to the FAQ file by editing its text: comments and layout survive."""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest

from bot.faq_edit import (
    EntryNotFoundError,
    FaqEditError,
    PhrasingExistsError,
    add_phrasing,
    yaml_quote,
)
from bot.knowledge import KnowledgeError, load_faq
from bot.settings import DEFAULT_FAQ_PATH

FAQ_TEXT = """\
# Curators' notes: keep this comment
start_topics: [alpha]

entries:
  # ---- first entry, block-style questions
  - id: alpha
    title: อัลฟา
    title_en: Alpha
    questions:
      - "อัลฟาคืออะไร"   # the usual way
      - what is alpha
      - |
        alpha as a block
    answer: >-
      คำตอบ
      หลายบรรทัด
    answer_en: |
      The answer.
    source: "ประโยค"

  # ---- second entry, flow-style questions
  - id: beta
    title: เบต้า
    questions: [เบต้าคืออะไร, "what is beta"]  # flow style
    answer: คำตอบ
    answer_en: Answer
    source: ประโยค
"""


@pytest.fixture
def faq(tmp_path: Path) -> Path:
    path = tmp_path / "faq.yaml"
    path.write_text(FAQ_TEXT, encoding="utf-8")
    return path


def test_phrasing_is_appended_to_a_block_list_with_its_indentation_and_comments_kept(
    faq: Path,
) -> None:
    add_phrasing(faq, "alpha", "อัลฟาหมายถึงอะไร")
    expected = FAQ_TEXT.replace(
        "        alpha as a block\n",
        '        alpha as a block\n      - "อัลฟาหมายถึงอะไร"\n',
    )
    assert faq.read_text(encoding="utf-8") == expected
    assert load_faq(faq).get("alpha").questions[-1] == "อัลฟาหมายถึงอะไร"  # type: ignore[union-attr]


def test_flow_style_list_is_rewritten_one_item_a_line(faq: Path) -> None:
    add_phrasing(faq, "beta", "beta means?")
    expected = FAQ_TEXT.replace(
        '    questions: [เบต้าคืออะไร, "what is beta"]  # flow style\n',
        "    questions:  # flow style\n"
        "      - เบต้าคืออะไร\n"
        '      - "what is beta"\n'
        '      - "beta means?"\n',
    )
    assert faq.read_text(encoding="utf-8") == expected
    entry = load_faq(faq).get("beta")
    assert entry is not None
    assert entry.questions == ("เบต้าคืออะไร", "what is beta", "beta means?")


@pytest.mark.parametrize(
    "phrasing",
    [
        'He said "hi": #1 \\ ok',
        "- starts like a list item",
        "ราคา: 100 บาท # ไม่ใช่คอมเมนต์",
        "{not: a mapping}",
        "yes",
        "ทำไม\u200bต้องลงนาม",
        "emoji 🤝 ok",
    ],
    ids=[
        "quotes-colon-backslash",
        "leading-dash",
        "thai-colon-hash",
        "braces",
        "yaml-bool",
        "zero-width-space",
        "emoji",
    ],
)
def test_tricky_phrasing_loads_back_exactly(faq: Path, phrasing: str) -> None:
    add_phrasing(faq, "alpha", phrasing)
    entry = load_faq(faq).get("alpha")
    assert entry is not None
    assert entry.questions[-1] == phrasing


def test_line_breaks_and_control_characters_in_a_phrasing_are_flattened(faq: Path) -> None:
    add_phrasing(faq, "alpha", "  first line\nsecond\u2028third\x1b[2J  ")
    entry = load_faq(faq).get("alpha")
    assert entry is not None
    assert entry.questions[-1] == "first line second third[2J"


def test_unknown_entry_is_refused_with_a_suggestion_and_the_file_untouched(faq: Path) -> None:
    with pytest.raises(EntryNotFoundError, match="did you mean 'alpha'"):
        add_phrasing(faq, "alpah", "new")
    assert faq.read_text(encoding="utf-8") == FAQ_TEXT


@pytest.mark.parametrize(
    "phrasing", ["what is alpha", "What  is ALPHA"], ids=["exact", "case-and-spaces"]
)
def test_phrasing_already_listed_is_refused(faq: Path, phrasing: str) -> None:
    with pytest.raises(PhrasingExistsError, match="already lists"):
        add_phrasing(faq, "alpha", phrasing)
    assert faq.read_text(encoding="utf-8") == FAQ_TEXT


def test_empty_phrasing_is_refused(faq: Path) -> None:
    with pytest.raises(FaqEditError, match="empty"):
        add_phrasing(faq, "alpha", " \n\t ")


def test_edit_errors_are_value_errors_for_callers() -> None:
    assert issubclass(EntryNotFoundError, ValueError)
    assert issubclass(PhrasingExistsError, ValueError)


def test_result_that_would_not_load_is_refused_and_the_file_untouched(tmp_path: Path) -> None:
    # A flow mapping entry cannot take a block list: the edit would break the YAML.
    text = (
        "entries:\n"
        "  - {id: gamma, title: g, questions: [what is gamma], answer: a, answer_en: a,"
        " source: s}\n"
    )
    path = tmp_path / "faq.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(KnowledgeError) as raised:
        add_phrasing(path, "gamma", "gamma?")
    assert raised.value.path == path
    assert path.read_text(encoding="utf-8") == text
    assert [p.name for p in tmp_path.iterdir()] == ["faq.yaml"]  # no temporary file left


def test_file_that_is_already_invalid_is_not_edited(faq: Path) -> None:
    broken = FAQ_TEXT.replace("    answer_en: Answer\n", "")
    faq.write_text(broken, encoding="utf-8")
    with pytest.raises(KnowledgeError, match="answer_en"):
        add_phrasing(faq, "alpha", "new phrasing")
    assert faq.read_text(encoding="utf-8") == broken


def test_file_mode_and_directory_are_as_before(faq: Path) -> None:
    faq.chmod(0o640)
    add_phrasing(faq, "alpha", "new phrasing")
    assert faq.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in faq.parent.iterdir()] == ["faq.yaml"]


def test_windows_line_endings_are_kept(faq: Path) -> None:
    faq.write_bytes(FAQ_TEXT.replace("\n", "\r\n").encode("utf-8"))
    add_phrasing(faq, "alpha", "new phrasing")
    data = faq.read_bytes()
    assert b'      - "new phrasing"\r\n' in data
    assert data.count(b"\n") == data.count(b"\r\n") == FAQ_TEXT.count("\n") + 1


def test_list_at_the_end_of_a_file_without_final_newline(tmp_path: Path) -> None:
    path = tmp_path / "faq.yaml"
    path.write_text(
        "entries:\n- id: d\n  title: d\n  answer: a\n  answer_en: a\n  source: s\n"
        "  questions:\n  - what is d",
        encoding="utf-8",
    )
    add_phrasing(path, "d", "d?")
    assert path.read_text(encoding="utf-8").endswith('  - what is d\n  - "d?"\n')


def test_adding_to_the_real_faq_adds_exactly_one_line(tmp_path: Path) -> None:
    path = tmp_path / "faq.yaml"
    shutil.copy(DEFAULT_FAQ_PATH, path)
    entry = load_faq(path).entries[0]
    before = path.read_text(encoding="utf-8").splitlines()
    add_phrasing(path, entry.id, "คำถามใหม่จากแอดมิน")
    after = path.read_text(encoding="utf-8").splitlines()
    changes = [line for line in difflib.ndiff(before, after) if line[:1] in "+-"]
    assert len(changes) == 1 and changes[0].startswith("+ ") and "คำถามใหม่จากแอดมิน" in changes[0]
    assert load_faq(path).get(entry.id).questions[-1] == "คำถามใหม่จากแอดมิน"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("value", "quoted"),
    [('a"b', '"a\\"b"'), ("a\\b", '"a\\\\b"'), ("ก\x7f", '"ก\\u007f"'), ("\u2028", '"\\u2028"')],
    ids=["quote", "backslash", "delete-char", "line-separator"],
)
def test_yaml_quote_escapes_what_yaml_would_misread(value: str, quoted: str) -> None:
    assert yaml_quote(value) == quoted
