"""Whether a message is a yes/no check (ใช่ไหม, หรือเปล่า, "Did …?", "…, right?"), from the
endings, openers and statements of rules.yaml ``checks``; read without tone marks, as members
type them (ใชมั้ย)."""

from __future__ import annotations

import functools

from bot.nlp.normalize import has_thai
from bot.nlp.pipeline import Analysis, TextProcessor
from bot.nlp.spelling import without_marks


@functools.lru_cache(maxsize=32)
def _bare(endings: tuple[str, ...]) -> tuple[str, ...]:
    """The endings without their marks, made once per list (the lists are the rules')."""
    return tuple(without_marks(e) for e in endings)


def _ends_with(text: str, endings: tuple[str, ...]) -> bool:
    # Members drop tone marks (ใชมั้ย, จิงป่าว): an ending is read without them.
    return without_marks(text).endswith(_bare(endings))


def _checks_before_that(
    text: str, strong: tuple[str, ...], polite: tuple[str, ...], afterthoughts: tuple[str, ...]
) -> bool:
    """Whether a strong check ending stands before an afterthought (rules.yaml ``checks``), a
    polite ending between them or not ("วันศุกร์ใช่มั้ยที่เซ็น": is it Friday that they signed;
    "ปี 2564 ใช่ไหมครับที่เซ็น", "เกือบ 5 ปีแล้วใช่ปะตั้งแต่เซ็น")."""
    thereafter = _bare(afterthoughts)
    bare = without_marks(text)
    polite_bare = sorted(_bare(polite), key=len, reverse=True)
    for ending in _bare(strong):
        at = bare.find(ending)
        if at < 0:
            continue
        rest = bare[at + len(ending) :]
        rest = next((rest[len(p) :] for p in polite_bare if p and rest.startswith(p)), rest)
        if rest.startswith(thereafter):
            return True
    return False


def is_check(
    question: str, analysis: Analysis, processor: TextProcessor, *, explicit: bool = False
) -> bool:
    """Whether a message is a yes/no check (ใช่ไหม, หรือเปล่า, "Did …?", "…, right?").

    A message with a question word (ใคร, ที่ไหน, what …) checks nothing unless a clause ends
    with a strong check ending (ใช่ไหม, จริงไหม): "ใครเซ็น" asks, "ใครเซ็น พิสิฐใช่ไหม" checks.
    In Thai each clause may close the check ("TAI กับ JICA ใช่มั้ย ที่ร่วมมือกัน"). A bare
    question mark ("signed in 2021?") counts unless ``explicit`` is asked for.
    """
    rules = processor.rules
    checks = rules.checks
    text = processor.without_polite_endings(analysis.normalized)
    clauses = [processor.without_polite_endings(c) for c in text.split()] if has_thai(text) else []
    # (also as typed: "จริงดิ" is a check before its polite ending is taken off)
    typed = analysis.normalized.replace(" ", "")
    ends = [text.replace(" ", ""), *(c.replace(" ", "") for c in clauses), typed]
    strong = tuple(e.replace(" ", "") for e in checks.strong_endings)
    if any(_ends_with(end, strong) for end in ends) or _checks_before_that(
        ends[0], strong, rules.polite_endings, checks.afterthoughts
    ):
        return True
    if _asks_a_question_word(analysis, rules.question_words, checks.english_relative_after):
        return False
    if _ends_with(ends[0], tuple(e.replace(" ", "") for e in checks.endings)):
        return True
    words = text.split()
    while len(words) > 1 and words[0] in checks.english_interjections:
        words = words[1:]  # "wait was the signing in tokyo": the auxiliary opens the check
    if any(words[: len(o.split())] == o.split() for o in checks.english_openers):
        return True
    if any(words[-len(e.split()) :] == e.split() for e in checks.english_endings):
        return True
    if question.rstrip().endswith(("?", "？")) and set(words[1:]).intersection(
        checks.english_statements
    ):
        return True  # "Electric motor is included in pillar 3?": a statement asked
    return not explicit and question.rstrip().endswith(("?", "？"))


def _asks_a_question_word(
    analysis: Analysis, question_words: frozenset[str], relative_after: frozenset[str]
) -> bool:
    """Whether a question word asks: not an English "who" or "which" right after the noun it
    relates to ("Suriya is the one who signed, issit?" checks, it does not ask who)."""
    raw = analysis.raw
    relating = sum(
        1 for i, t in enumerate(raw) if t in question_words and i and raw[i - 1] in relative_after
    )
    asking_raw = sum(1 for t in raw if t in question_words) - relating
    asking = sum(1 for t in analysis.tokens if t in question_words) - relating
    return asking_raw > 0 or asking > 0
