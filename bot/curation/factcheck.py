"""The fact check: every number, year, date, weekday, month and proper name an answer gives is
stated by the entry's quoted source or by ``facts.yaml``.

Years are compared in both calendars (2565 = 2022), Thai digits as 0-9; month and weekday names
come from ``values.yaml``, the name markers from ``curation.yaml``. A curator lets a word pass
on purpose with ``fact_exceptions:`` in the entry.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from bot.curation.locate import EntryLines
from bot.curation.messages import said
from bot.curation.sources import BE_OFFSET, THAI_DIGITS, comparable
from bot.facts import Facts
from bot.knowledge import FAQ, Entry, Problem, read_yaml
from bot.nlp.pipeline import TextProcessor

_NUMBER = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")
_CAPITALISED = re.compile(r"[A-Z][\w.'’-]*(?:\s+(?:(?:of|and|the|for|de)\s+)*[A-Z][\w.'’-]*)*")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;(\n]\s*|^\s*\d+\.\s*)$")


@dataclass(frozen=True)
class CheckWords:
    """The word lists of ``curation.yaml`` and the month and weekday names of values.yaml."""

    thai_name_markers: tuple[str, ...] = ()
    not_names: frozenset[str] = frozenset()
    months: dict[str, int] = field(default_factory=dict)
    weekdays: dict[str, int] = field(default_factory=dict)
    numbers: dict[str, int] = field(default_factory=dict)  # English number words
    names: tuple[str, ...] = ()  # places and outsiders of values.yaml


def load_check_words(path: Path, processor: TextProcessor) -> CheckWords:
    """Read ``curation.yaml`` (a missing file gives no markers) and the lexicon's values."""
    data: Any = read_yaml(path) if path.exists() else {}
    data = data if isinstance(data, dict) else {}
    kinds: dict[str, dict[str, int]] = {"month": {}, "weekday": {}, "number": {}}
    names: list[str] = []
    for kind in processor.lexicon.values:
        if kind.kind in ("month", "weekday"):
            kinds[kind.kind].update((w, int(n)) for w, n in kind.words.items())
        elif kind.kind in ("number", "number-word"):
            kinds["number"].update(
                (w, int(n)) for w, n in kind.words.items() if w.isascii() and w.isalpha()
            )
        elif kind.kind == "place" or kind.kind.startswith("outsider-"):
            names += [w for w in kind.words if len(w) > 2]
    markers = sorted((str(w) for w in data.get("thai_name_markers") or []), key=len, reverse=True)
    return CheckWords(
        thai_name_markers=tuple(markers),
        not_names=frozenset(str(w) for w in data.get("not_names") or []),
        months=kinds["month"],
        weekdays=kinds["weekday"],
        numbers=kinds["number"],
        names=tuple(names),
    )


@dataclass
class Stated:
    """What a text (a quote, the facts file) states, as the fact check compares it."""

    numbers: set[str] = field(default_factory=set)
    months: set[int] = field(default_factory=set)
    weekdays: set[int] = field(default_factory=set)
    text: str = ""  # comparable, lower case
    tokens: set[str] = field(default_factory=set)

    def add_date(self, when: date) -> None:
        self.numbers |= {str(when.day), str(when.year), str(when.year + BE_OFFSET)}
        self.months.add(when.month)
        self.weekdays.add(when.isoweekday())

    def merged(self, other: Stated) -> Stated:
        return Stated(
            self.numbers | other.numbers,
            self.months | other.months,
            self.weekdays | other.weekdays,
            self.text + "|" + other.text,
            self.tokens | other.tokens,
        )


class FactChecker:
    """Finds what an answer says that its quote and the facts file do not.

    Args:
        facts: the facts file.
        processor: the text pipeline (synonyms make "Bangkok" and "กรุงเทพ" one name).
        words: the fact check's word lists.
    """

    def __init__(self, facts: Facts, processor: TextProcessor, words: CheckWords) -> None:
        self.processor = processor
        self.words = words
        self.facts = self.stated(_facts_texts(facts))
        for fact in facts.event.values():
            for value in fact.values.values():
                if isinstance(value, date):
                    self.facts.add_date(value)
                elif isinstance(value, int) and not isinstance(value, bool):
                    self.facts.numbers.add(str(value))

    def stated(self, texts: Iterable[str]) -> Stated:
        """What ``texts`` state."""
        joined = "\n".join(texts)
        found = Stated(text=comparable(joined).lower())
        found.numbers = set(_numbers(joined)) | {
            str(n) for n in self._words_in(joined, "numbers").values()
        }
        found.months = set(self._words_in(joined, "months").values())
        found.weekdays = set(self._words_in(joined, "weekdays").values())
        found.tokens = set(self.processor.tokens(joined))
        return found

    def unstated(self, entry: Entry) -> list[tuple[str, str]]:
        """(key, word) for every word of the entry's answers no source states."""
        stated = self.facts.merged(self.stated(entry.quotes))
        allowed = {comparable(w).lower() for w in entry.fact_exceptions}
        found: list[tuple[str, str]] = []
        seen: set[tuple[str, str]] = set()
        for key in ("answer", "answer_en"):
            for word in self._claims(getattr(entry, key), stated):
                said_as = comparable(word).lower()
                if said_as not in allowed and (key, said_as) not in seen:
                    seen.add((key, said_as))
                    found.append((key, word))
        return found

    def _claims(self, text: str, stated: Stated) -> Iterable[str]:
        for number in _numbers(text):
            if not _number_stated(number, stated.numbers):
                yield number
        for kind, known in (("numbers", stated.numbers), ("months", stated.months)):
            for word, value in self._words_in(text, kind).items():
                if str(value) not in known and value not in known:
                    yield word
        for word, value in self._words_in(text, "weekdays").items():
            if value not in stated.weekdays:
                yield word
        yield from (n for n in self._names(text) if not self._name_stated(n, stated))

    def _words_in(self, text: str, kind: str) -> dict[str, int]:
        """The words of ``kind`` (values.yaml) in ``text``: word -> its number."""
        table: dict[str, int] = getattr(self.words, kind)
        lowered = text.lower()
        bounds = self._boundaries(text)
        found: dict[str, int] = {}
        for word, value in table.items():
            ascii_word = rf"(?<![\w.]){re.escape(word)}(?![\w])"
            pattern = ascii_word if word.isascii() else re.escape(word)
            for match in re.finditer(pattern, lowered):
                # A Thai word counts only as whole words (not the มีนา of โดยมีนาย).
                if word.isascii() or {match.start(), match.end()} <= bounds:
                    found[text[match.start() : match.end()]] = value
                    break
        return found

    def _boundaries(self, text: str) -> set[int]:
        """Where the tokeniser puts a word break in ``text``."""
        bounds, offset = {0}, 0
        for token in self.processor._tokenizer.word_tokenize(text):
            offset += len(token)
            bounds.add(offset)
        return bounds

    def _names(self, text: str) -> Iterable[str]:
        yield from self._english_names(text)
        yield from self._thai_names(text)
        lowered = text.lower()
        for name in self.words.names:
            if re.search(rf"(?<![\w]){re.escape(name.lower())}(?![\w])", lowered):
                yield name

    def _english_names(self, text: str) -> Iterable[str]:
        """Runs of capitalised words, cut at a full stop; an ordinary word opening a sentence
        ("The", "Its") is not a name."""
        stop_words = self.processor.rules.english_stop_words
        for match in _CAPITALISED.finditer(text):
            before = text[: match.start()]
            for index, piece in enumerate(re.split(r"(?<=\.)\s+", match.group())):
                words = piece.rstrip(".'’-").split()
                opening = index > 0 or bool(_SENTENCE_START.search(before))
                while words and (
                    words[0] in self.words.not_names or f"{words[0]}." in self.words.not_names
                ):
                    words, opening = words[1:], True
                if opening and words and words[0].lower() in stop_words:
                    words = words[1:]
                if not words or (opening and len(words) == 1):
                    continue
                yield " ".join(words)

    def _thai_names(self, text: str) -> Iterable[str]:
        """The word after a name marker (นาย, โรงแรม …) where the marker is a word of its own
        (not the นาย of พัฒนายานยนต์)."""
        markers = set(self.words.thai_name_markers)
        offset = 0
        for token in self.processor._tokenizer.word_tokenize(text):
            offset += len(token)
            if token in markers:
                match = re.match(r"[\u0e00-\u0e7f-]+", text[offset:])
                if match:
                    yield match.group()

    def _name_stated(self, name: str, stated: Stated) -> bool:
        if comparable(name).lower() in stated.text:
            return True
        tokens = [t for t in self.processor.tokens(name) if not t.isdigit()]
        return bool(tokens) and all(t in stated.tokens for t in tokens)


def check_facts(faq: FAQ, checker: FactChecker, lines: EntryLines) -> list[Problem]:
    """An error for every word of an answer that no source states, on its own line."""
    problems = []
    for entry in faq.entries:
        for key, word in checker.unstated(entry):
            problems.append(
                Problem(
                    said(
                        f"คำตอบ ({key}) มี '{word}' ซึ่งทั้งประโยคอ้างอิง (source) ของหัวข้อนี้และ"
                        " facts.yaml ไม่ได้ระบุ — ลบออก หรือถ้าตั้งใจให้ใส่ใน fact_exceptions:",
                        f"the answer ({key}) says '{word}', which neither this entry's quoted"
                        " source nor facts.yaml states — remove it, or if it is deliberate list"
                        " it under fact_exceptions:",
                    ),
                    lines.line_of(entry.id, key, word) or entry.line,
                    entry.id,
                )
            )
    return problems


def _facts_texts(facts: Facts) -> list[str]:
    texts: list[str] = []
    for item in facts.everything():
        texts += [*item.words, *item.says.values()]
        texts += list(getattr(item, "name", {}).values())
    return texts


def _numbers(text: str) -> list[str]:
    plain = text.translate(THAI_DIGITS)
    return [m.group().replace(",", "") for m in _NUMBER.finditer(plain)]


def _number_stated(number: str, known: set[str]) -> bool:
    if number in known:
        return True
    if number.isdigit() and len(number) == 4:  # a year, in either calendar
        value = int(number)
        return str(value + BE_OFFSET) in known or str(value - BE_OFFSET) in known
    return False
