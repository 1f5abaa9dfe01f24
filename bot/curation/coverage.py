"""Thin entries: fewer phrasings than the guide asks, no English phrasing, no labelled
question in ``eval.yaml``. Warnings: the bot still works, but members will miss the entry."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bot.curation.messages import said
from bot.knowledge import FAQ, Problem, is_english, read_yaml

DEFAULT_MIN_PHRASINGS = 8


def min_phrasings(curation_path: Path) -> int:
    """How many phrasings the guide asks of an entry (``curation.yaml``)."""
    data: Any = read_yaml(curation_path) if curation_path.exists() else {}
    value = data.get("min_phrasings") if isinstance(data, dict) else None
    return (
        value if isinstance(value, int) and not isinstance(value, bool) else DEFAULT_MIN_PHRASINGS
    )


def check_coverage(faq: FAQ, labelled: set[str] | None, least: int) -> list[Problem]:
    """A warning per thin entry.

    Args:
        faq: the FAQ.
        labelled: the ids some labelled question expects (None: no eval file to compare).
        least: the phrasings the guide asks of each entry.
    """
    warnings = []
    for entry in faq.entries:
        count = len(entry.questions)
        if count < least:
            warnings.append(
                Problem(
                    said(
                        f"มีวิธีถามเพียง {count} แบบ คู่มือขอให้มีอย่างน้อย {least} แบบ",
                        f"only {count} phrasing(s); the guide asks for at least {least}",
                    ),
                    entry.line,
                    entry.id,
                )
            )
        if not any(is_english(q) for q in entry.questions):
            warnings.append(
                Problem(
                    said(
                        "ไม่มีวิธีถามภาษาอังกฤษ ให้เพิ่มอย่างน้อย 1 แบบ",
                        "no English phrasing: add at least one",
                    ),
                    entry.line,
                    entry.id,
                )
            )
        if labelled is not None and entry.id not in labelled:
            warnings.append(
                Problem(
                    said(
                        "ยังไม่มีคำถามทดสอบของหัวข้อนี้ใน eval.yaml (ควรมีอย่างน้อย 6 ข้อ)",
                        "no labelled question in eval.yaml expects this entry (add at least 6)",
                    ),
                    entry.line,
                    entry.id,
                )
            )
    return warnings
