"""Every phrasing reaches its own entry: a phrasing the matcher sends elsewhere is a collision.

Collisions are reported once per pair of entries (with the phrasings as examples), not once
per phrasing, so that one cause reads as one problem.
"""

from __future__ import annotations

from collections import defaultdict

from bot.curation.messages import said
from bot.engine import Engine
from bot.knowledge import Entry, Problem
from bot.nlp.normalize import normalize
from bot.nlp.pipeline import TextProcessor

Pair = tuple[str, str]  # (entry, the entry its phrasing goes to)
EXAMPLES = 3


def check_collisions(engine: Engine) -> tuple[list[Problem], list[Problem]]:
    """Errors for phrasings that go to another entry; warnings for ones only suggested."""
    processor = engine.matcher.processor
    found: dict[Pair, list[str]] = defaultdict(list)
    groups: dict[Pair, set[str]] = defaultdict(set)
    warnings: list[Problem] = []
    owners: dict[str, tuple[str, str]] = {}
    for entry in engine.faq.entries:
        for phrasing in entry.questions:
            key = " ".join(processor.tokens(phrasing))
            other, theirs = owners.setdefault(key, (entry.id, phrasing))
            if other == entry.id:
                rival = _rival(engine, entry, phrasing, warnings)
                if rival is None:
                    continue
                other, theirs = rival
            pair = (entry.id, other) if (other, entry.id) not in found else (other, entry.id)
            found[pair].append(phrasing)
            groups[pair] |= merging_groups(processor, phrasing, theirs)
    errors = [
        _collision(engine.faq.get(a), b, phrasings, groups[(a, b)])
        for (a, b), phrasings in found.items()
    ]
    return [e for e in errors if e is not None], warnings


def merging_groups(processor: TextProcessor, one: str, other: str) -> set[str]:
    """The synonym groups that make two phrasings share a word neither wrote the same way."""
    shared = set(processor.tokens(one)) & set(processor.tokens(other))
    synonyms = processor.lexicon.synonyms
    merged = set()
    for canonical in shared & set(synonyms):
        forms = [canonical, *synonyms[canonical]]
        mine, theirs = (_written(forms, text) for text in (one, other))
        if mine and theirs and not mine & theirs:
            merged.add(canonical)
    return merged


def _written(forms: list[str], text: str) -> set[str]:
    """The forms of a synonym group a text writes (English ones as whole words)."""
    text = f" {normalize(text)} "
    return {
        f for f in forms if (f" {normalize(f)} " in text if f.isascii() else normalize(f) in text)
    }


def _rival(
    engine: Engine, entry: Entry, phrasing: str, warnings: list[Problem]
) -> tuple[str, str] | None:
    """The entry a phrasing goes to instead of its own, with the phrasing there that drew it
    (None when it reaches its own)."""
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
        return rival.entry.id, rival.phrasing or ""
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


def _collision(
    entry: Entry | None, rival: str, phrasings: list[str], groups: set[str]
) -> Problem | None:
    if entry is None:
        return None
    shown = ", ".join(f"'{p}'" for p in phrasings[:EXAMPLES])
    more = f" (+{len(phrasings) - EXAMPLES})" if len(phrasings) > EXAMPLES else ""
    named = ", ".join(f"'{g}'" for g in sorted(groups))
    why_th = f" กลุ่มคำพ้อง {named} ใน synonyms.yaml ทำให้อ่านเหมือนกัน" if groups else ""
    why_en = f"; the synonyms.yaml group(s) {named} make them read alike" if groups else ""
    return Problem(
        said(
            f"collision: หัวข้อนี้กับหัวข้อ '{rival}' ชนกัน วิธีถาม {len(phrasings)} แบบไปผิดหัวข้อ"
            f" เช่น {shown}{more}{why_th} — แก้ถ้อยคำหรือคำพ้องนั้น",
            f"collision: this entry and entry '{rival}' collide; {len(phrasings)} phrasing(s)"
            " go to the other one,"
            f" e.g. {shown}{more}{why_en} — reword them or fix that group",
        ),
        entry.line,
        entry.id,
    )
