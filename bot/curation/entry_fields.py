"""The checks of one FAQ entry's fields: its keys and id, its texts, its phrasings, its
lists; each problem said for a curator in Thai and English."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot.curation.messages import COLON_IN_VALUE, said
from bot.curation.yaml_files import Problem
from bot.knowledge import (
    ANSWER_MAX_CHARS,
    ENTRY_KEYS,
    ID_PATTERN,
    REQUIRED_KEYS,
    TELEGRAM_MAX_TEXT,
)


def check_keys(raw: dict[str, Any], label: str | None, problem: Callable[[str], None]) -> None:
    """Unknown keys, missing keys and a malformed id."""
    for key in raw:
        if key == "__line__" or key in ENTRY_KEYS:
            continue
        close = _closest_key(str(key))
        hint = f" — did you mean '{close}'?" if close else ""
        hint_th = f" (หมายถึง '{close}' หรือเปล่า)" if close else ""
        problem(
            said(
                f"ไม่รู้จักคีย์ '{key}'{hint_th}",
                f"unknown key '{key}'{hint} (allowed: {', '.join(ENTRY_KEYS)})",
            )
        )
    for key in REQUIRED_KEYS:
        if key not in raw or raw[key] is None:
            problem(said(f"ขาดคีย์ '{key}'", f"missing '{key}' ({ENTRY_KEYS[key]})"))
    if label is None and "id" in raw:
        problem(said("'id' ต้องไม่ว่าง", "'id' must be a non-empty text"))
    elif label is not None and not ID_PATTERN.match(label):
        problem(
            said(
                "'id' ใช้ได้เฉพาะตัวอักษร a-z ตัวเลข และ - ไม่เกิน 40 ตัว",
                "'id' may use only lower-case letters a-z, digits and '-', at most 40 characters",
            )
        )


def entry_texts(raw: dict[str, Any], problem: Callable[[str], None]) -> dict[str, str]:
    """The titles and answers, each a non-empty text within its length."""
    texts: dict[str, str] = {}
    for key in ("title", "title_en", "answer", "answer_en"):
        value = raw.get(key)
        if value is None:
            continue
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            problem(said(f"'{key}' ต้องเป็นข้อความ", f"'{key}' must be text"))
            continue
        value = str(value).strip()
        if not value:
            problem(said(f"'{key}' ว่างอยู่", f"'{key}' is empty"))
            continue
        texts[key] = value
    for key in ("answer", "answer_en"):
        if len(texts.get(key, "")) > ANSWER_MAX_CHARS:
            problem(
                said(
                    f"'{key}' ยาว {len(texts[key])} ตัวอักษร ให้สั้นกว่า {ANSWER_MAX_CHARS}",
                    f"'{key}' is {len(texts[key])} characters long; Telegram allows"
                    f" {TELEGRAM_MAX_TEXT} per message, so keep answers under {ANSWER_MAX_CHARS}",
                )
            )
    for key in ("title", "title_en"):
        if len(texts.get(key, "")) > 60:
            problem(
                said(
                    f"'{key}' เป็นป้ายปุ่ม ให้สั้นกว่า 60 ตัวอักษร",
                    f"'{key}' is a button label: keep it under 60 characters",
                )
            )
    return texts


def entry_questions(
    raw: dict[str, Any],
    label: str | None,
    problem: Callable[[str], None],
    problems: list[Problem],
) -> list[str]:
    """The phrasings; a phrasing read as a key and its value is reported on its own line."""
    questions_raw = raw.get("questions")
    questions: list[str] = []
    if questions_raw is not None:
        if not isinstance(questions_raw, list):
            problem(
                said(
                    "'questions' ต้องเป็นรายการ บรรทัดละหนึ่งแบบ ขึ้นต้นด้วย '- '",
                    "'questions' must be a list, each phrasing on its own line starting with '- '",
                )
            )
        else:
            for q in questions_raw:
                if isinstance(q, dict):
                    # "- ลงนามที่ไหน: ครับ" reads as a key and its value: the ': ' needs quotes.
                    problems.append(Problem(COLON_IN_VALUE, line=q.get("__line__"), entry_id=label))
                    continue
                if isinstance(q, list) or q is None:
                    problem(
                        said(
                            "วิธีถามแต่ละแบบใน 'questions' ต้องเป็นข้อความธรรมดา",
                            "every item of 'questions' must be a plain question text",
                        )
                    )
                    continue
                text = str(q).strip()
                if text:
                    questions.append(text)
            if not questions:
                problem(
                    said(
                        "'questions' ว่างอยู่ ให้ใส่วิธีถามอย่างน้อย 1 แบบ",
                        "'questions' is empty: give at least one way members ask this",
                    )
                )
            dupes = {q for q in questions if questions.count(q) > 1}
            for q in sorted(dupes):
                problem(said(f"วิธีถาม '{q}' ซ้ำสองครั้ง", f"the phrasing '{q}' is listed twice"))
    return questions


def entry_extras(
    raw: dict[str, Any], problem: Callable[[str], None]
) -> tuple[list[Any], list[str], int | None]:
    """``fact_exceptions``, ``related`` and ``pillar``."""
    exceptions = raw.get("fact_exceptions") or []
    if not isinstance(exceptions, list) or isinstance(exceptions, str):
        problem(
            said(
                "'fact_exceptions' ต้องเป็นรายการคำ เช่น [\"500\"]",
                "'fact_exceptions' must be a list of words, e.g. [\"500\"]",
            )
        )
        exceptions = []
    related_raw = raw.get("related") or []
    if not isinstance(related_raw, list) or not all(isinstance(r, str) for r in related_raw):
        problem(
            said(
                "'related' ต้องเป็นรายการ id เช่น [carbon-neutrality]",
                "'related' must be a list of entry ids, e.g. [carbon-neutrality]",
            )
        )
        related_raw = []
    pillar = raw.get("pillar")
    if pillar is not None and (
        isinstance(pillar, bool) or not isinstance(pillar, int) or not 1 <= pillar <= 5
    ):
        problem(said("'pillar' ต้องเป็นเลข 1 ถึง 5", "'pillar' must be a number from 1 to 5"))
        pillar = None
    return exceptions, related_raw, pillar


def _closest_key(key: str) -> str | None:
    from rapidfuzz import fuzz, process

    found = process.extractOne(key, list(ENTRY_KEYS), scorer=fuzz.ratio, score_cutoff=60)
    return found[0] if found else None
