"""Every phrasing reaches its own entry: a phrasing the matcher sends elsewhere is a collision.

Collisions are reported once per pair of entries (with the phrasings as examples), not once
per phrasing, so that one cause reads as one problem.
"""

from __future__ import annotations

from collections import defaultdict

from bot.curation.messages import said
from bot.engine import Engine
from bot.knowledge import Entry, Problem

Pair = tuple[str, str]  # (entry, the entry its phrasing goes to)
EXAMPLES = 3


def check_collisions(engine: Engine) -> tuple[list[Problem], list[Problem]]:
    """Errors for phrasings that go to another entry; warnings for ones only suggested."""
    processor = engine.matcher.processor
    found: dict[Pair, list[str]] = defaultdict(list)
    warnings: list[Problem] = []
    owners: dict[str, str] = {}
    for entry in engine.faq.entries:
        for phrasing in entry.questions:
            other = owners.setdefault(" ".join(processor.tokens(phrasing)), entry.id)
            if other != entry.id:
                found[(entry.id, other)].append(phrasing)
                continue
            rival = _rival(engine, entry, phrasing, warnings)
            if rival is not None:
                found[(entry.id, rival)].append(phrasing)
    errors = [_collision(engine.faq.get(a), b, phrasings) for (a, b), phrasings in found.items()]
    return [e for e in errors if e is not None], warnings


def _rival(engine: Engine, entry: Entry, phrasing: str, warnings: list[Problem]) -> str | None:
    """The entry a phrasing goes to instead of its own (None when it reaches its own)."""
    result = engine.matcher.match(phrasing)
    own = next((s.score for s in result.ranked if s.entry.id == entry.id), 0.0)
    rival = next((s for s in result.ranked if s.entry.id != entry.id), None)
    if not result.ranked:
        warnings.append(
            Problem(
                said(
                    f"วิธีถาม '{phrasing}' ไม่มีคำที่บอทใช้จับคู่ได้เลย",
                    f"the phrasing '{phrasing}' has no words the matcher can use",
                ),
                entry.line,
                entry.id,
            )
        )
    elif (
        rival is not None and rival.score >= own and rival.score >= engine.matcher.config.suggest_at
    ):
        return rival.entry.id
    elif result.outcome != "answered":
        others = ", ".join(f"'{s.entry.id}' ({s.score:.0f})" for s in result.ranked[:3])
        warnings.append(
            Problem(
                said(
                    f"วิธีถาม '{phrasing}' ไม่ได้คำตอบตรง ๆ ({result.outcome}; ใกล้สุด: {others})",
                    f"the phrasing '{phrasing}' is not answered directly ({result.outcome};"
                    f" closest: {others})",
                ),
                entry.line,
                entry.id,
            )
        )
    return None


def _collision(entry: Entry | None, rival: str, phrasings: list[str]) -> Problem | None:
    if entry is None:
        return None
    shown = ", ".join(f"'{p}'" for p in phrasings[:EXAMPLES])
    more = f" (+{len(phrasings) - EXAMPLES})" if len(phrasings) > EXAMPLES else ""
    return Problem(
        said(
            f"collision: วิธีถาม {len(phrasings)} แบบของหัวข้อนี้ไปได้คำตอบของหัวข้อ '{rival}'"
            f" เช่น {shown}{more} — แก้ถ้อยคำ หรือดูคำพ้องใน synonyms.yaml ที่ทำให้สองหัวข้อนี้อ่านเหมือนกัน",
            f"collision: {len(phrasings)} phrasing(s) of this entry go to entry '{rival}',"
            f" e.g. {shown}{more} — reword them, or check the synonyms.yaml group that makes the"
            " two entries read alike",
        ),
        entry.line,
        entry.id,
    )
