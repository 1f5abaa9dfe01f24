"""Names the knowledge files use of each other exist, and every fact is stated by its answer.

rules.yaml's canonical words must be canonical forms of synonyms.yaml or words of the FAQ;
facts.yaml's ``stated_in`` must name an entry whose answer states the fact, and its words must
be known to the lexicon.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path

from bot.curation.messages import said
from bot.curation.sources import BE_OFFSET, comparable
from bot.facts import Fact, Facts, Role
from bot.knowledge import FAQ, Problem
from bot.match.rules import OTHER_ROUND
from bot.nlp.pipeline import TextProcessor


def known_words(faq: FAQ, processor: TextProcessor) -> set[str]:
    """Every canonical form of the lexicon and every token of the FAQ's phrasings."""
    words = set(processor.canonical_forms) | set(processor.lexicon.synonyms)
    for entry in faq.entries:
        for text in (*entry.questions, entry.answer):
            words.update(processor.tokens(text))
    return words


def rule_names(processor: TextProcessor) -> Iterable[tuple[str, str]]:
    """(key in rules.yaml, word) for every word rules.yaml writes in canonical form."""
    rules = processor.rules
    named = {
        "generic_words": rules.generic_words,
        "where_when_words": rules.where_when_words,
        "value_cues": set(rules.value_cues.values()),
        "pair_cues": set(rules.pair_cues.values()),
        "word": {rules.checked_years.word} if rules.checked_years.word else set(),
        "answer_types": rules.parts.answer_types,
        "ended": rules.time.ended,
        "valid": rules.time.valid,
    }
    for key, words in named.items():
        for word in sorted(words):
            yield key, word


def check_rule_names(rules_path: Path, known: set[str], processor: TextProcessor) -> list[Problem]:
    """An error for each canonical word of rules.yaml that nothing else knows."""
    lines = rules_path.read_text(encoding="utf-8").split("\n") if rules_path.exists() else []
    problems = []
    for key, word in rule_names(processor):
        if word in known:
            continue
        line = next((i for i, text in enumerate(lines, 1) if f"{key}:" in text), None)
        problems.append(
            Problem(
                said(
                    f"'{key}' ใช้คำ '{word}' ซึ่งไม่ใช่รูปหลักใน synonyms.yaml และไม่มีใน faq.yaml"
                    " — เขียนเป็นรูปหลักของ synonyms.yaml",
                    f"'{key}' uses the word '{word}', which is neither a canonical form of"
                    " synonyms.yaml nor a word of faq.yaml — write synonyms.yaml's canonical form",
                ),
                line,
                file=rules_path.name,
            )
        )
    return problems


# What the rules name that the article does not say, each needing its label in rules.yaml
# ``not_stated`` (else the member would read the key itself).
LABELLED_GAPS = ("uncounted", OTHER_ROUND)


def check_gap_labels(rules_path: Path, processor: TextProcessor) -> list[Problem]:
    """An error for each gap a rule names that rules.yaml ``not_stated`` gives no label."""
    missing = [key for key in LABELLED_GAPS if key not in processor.rules.not_stated]
    return [
        Problem(
            said(
                f"'not_stated' ไม่มีคำเรียก '{key}' (ภาษาไทยและอังกฤษ) ที่บอทใช้บอกว่าข่าวไม่ได้ระบุ",
                f"'not_stated' has no label for '{key}' (Thai and English), which the bot says"
                " the article does not give",
            ),
            None,
            file=rules_path.name,
        )
        for key in missing
    ]


def check_read_words(rules_path: Path, processor: TextProcessor) -> list[Problem]:
    """An error for each rules.yaml word that is read through the text stages (as typed or
    canonical) but leaves nothing to match ("ครับ" is dropped as a particle)."""
    named = [("inclusion_words", w) for w in processor.rules.claims.inclusion_words]
    lines = rules_path.read_text(encoding="utf-8").split("\n") if rules_path.exists() else []
    return [
        Problem(
            said(
                f"'{key}' ใช้คำ '{word}' ซึ่งบอทตัดทิ้งทั้งหมด (คำลงท้าย คำเติม) จึงไม่มีวันตรงกับข้อความใด",
                f"'{key}' uses '{word}', which the bot drops whole (a particle, a filler), so it"
                " never matches a message",
            ),
            next((i for i, t in enumerate(lines, 1) if f"{key}:" in t), None),
            file=rules_path.name,
        )
        for key, word in named
        if not processor.tokens(word)
    ]


def check_rule_entries(rules_path: Path, faq: FAQ, processor: TextProcessor) -> list[Problem]:
    """An error for each entry rules.yaml names (``not_stated_topic``, ``contents_topic``, a
    ``not_stated`` word's ``topic``) that faq.yaml does not have."""
    rules = processor.rules
    named = [
        ("not_stated_topic", rules.not_stated_topic),
        ("contents_topic", rules.claims.contents_topic),
    ] + [(word, labels["topic"]) for word, labels in rules.not_stated.items() if "topic" in labels]
    lines = rules_path.read_text(encoding="utf-8").split("\n") if rules_path.exists() else []
    problems = []
    for key, topic in named:
        if not topic or faq.get(topic) is not None:
            continue
        line = next((i for i, t in enumerate(lines, 1) if t.strip().startswith(f"{key}:")), None)
        problems.append(
            Problem(
                said(
                    f"'{key}' ใช้ '{topic}' ซึ่งไม่ใช่ id ของหัวข้อใดใน faq.yaml",
                    f"'{key}' names '{topic}', which is no entry id of faq.yaml",
                ),
                line,
                file=rules_path.name,
            )
        )
    return problems


def check_facts_file(
    facts: Facts, faq: FAQ, known: set[str], processor: TextProcessor
) -> list[Problem]:
    """Errors for a ``stated_in`` naming no entry, an unknown word, or a fact its entry's
    answer does not state."""
    problems: list[Problem] = []
    name = facts.path.name if facts.path else "facts.yaml"
    for item in facts.everything():
        where = getattr(item, "key", "")

        def problem(thai: str, english: str, line: int = item.line) -> None:
            problems.append(Problem(said(thai, english), line, file=name))

        for word in item.words:
            if word not in known and not all(t in known for t in processor.tokens(word)):
                problem(
                    f"'{where}' ใช้คำ '{word}' ซึ่งไม่มีใน synonyms.yaml หรือ faq.yaml",
                    f"'{where}' uses the word '{word}', which synonyms.yaml and faq.yaml do"
                    " not know",
                )
        for key in ("about_in", "people_stated_in") + (
            ("stated_in",) if isinstance(item, Role) else ()
        ):
            named = getattr(item, key, None)
            if named is not None and faq.get(named) is None:
                problem(
                    f"'{where}' บอกว่า {key}: {named} แต่ไม่มีหัวข้อนี้ใน faq.yaml",
                    f"'{where}' says {key}: {named}, but faq.yaml has no such entry",
                )
        # A role's stated_in is the entry offered when nobody has the role, not a statement.
        if item.stated_in is None or isinstance(item, Role):
            continue
        entry = faq.get(item.stated_in)
        if entry is None:
            problem(
                f"'{where}' บอกว่า stated_in: {item.stated_in} แต่ไม่มีหัวข้อนี้ใน faq.yaml",
                f"'{where}' says stated_in: {item.stated_in}, but faq.yaml has no such entry",
            )
            continue
        missing = _unstated(item, f"{entry.answer}\n{entry.answer_en}", processor)
        if missing:
            problem(
                f"คำตอบของหัวข้อ '{entry.id}' ไม่ได้กล่าวถึงข้อเท็จจริง '{where}' ({', '.join(missing)})",
                f"the answer of '{entry.id}' does not state the fact '{where}'"
                f" ({', '.join(missing)})",
            )
    return problems


def _unstated(item: object, answer: str, processor: TextProcessor) -> list[str]:
    """The words and values of a fact its answer does not give."""
    tokens = set(processor.tokens(answer))
    missing = [
        w
        for w in getattr(item, "words", ())
        if not set(processor.tokens(w)) <= tokens and comparable(w) not in comparable(answer)
    ]
    if isinstance(item, Fact):
        for value in item.values.values():
            if isinstance(value, date):
                wanted = [str(value.day), f"{value.year}|{value.year + BE_OFFSET}"]
            elif isinstance(value, int) and not isinstance(value, bool):
                wanted = [f"{value}|{value - BE_OFFSET}" if value > 2400 else str(value)]
            else:
                continue
            for alternatives in wanted:
                if not any(a in tokens or a in answer for a in alternatives.split("|")):
                    missing.append(alternatives.split("|")[0])
    return missing
