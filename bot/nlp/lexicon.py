"""What curators keep in ``knowledge/`` for the text and match stages: synonyms, misspellings,
fillers, decline words, domain words (:class:`Lexicon`) and the rules' word lists
(:class:`RuleWords`, from ``rules.yaml``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.curation.messages import said
from bot.curation.yaml_files import as_word
from bot.knowledge import KnowledgeError, Problem, read_yaml
from bot.nlp.rule_words import (  # noqa: F401  (re-exported: the lexicon's parts)
    Address,
    CheckedYears,
    Checks,
    ClaimWords,
    Counting,
    Durations,
    FollowUpWords,
    PartWords,
    RuleWords,
    TimeWords,
)
from bot.nlp.value_words import ValueKind, load_values

SYNONYM_SECTIONS = ("synonyms", "misspellings", "ignore", "decline")


@dataclass(frozen=True)
class Lexicon:
    """What curators keep in ``knowledge/``: synonyms, misspellings, fillers, domain words.

    Attributes:
        synonyms: canonical form → its variants (Thai or English, words or phrases).
        misspellings: wrong spelling → right spelling.
        ignore: particles and fillers removed from questions (ครับ, ค่ะ, อ่ะ, …).
        domain_words: words the tokeniser must keep whole (เจโทร, สยย., …).
        decline: words that mark a question the article cannot answer (ตอนนี้, ราคา, …).
        rules: the word lists the stages and rules use (rules.yaml).
        values: the values members name when checking a fact (values.yaml); their words are
            also synonyms of their ``read_as``, and outsiders also decline words.
    """

    synonyms: dict[str, tuple[str, ...]] = field(default_factory=dict)
    misspellings: dict[str, str] = field(default_factory=dict)
    ignore: frozenset[str] = frozenset()
    domain_words: frozenset[str] = frozenset()
    decline: frozenset[str] = frozenset()
    rules: RuleWords = field(default_factory=RuleWords)
    values: tuple[ValueKind, ...] = ()

    @classmethod
    def load(
        cls,
        synonyms_path: Path | None,
        domain_words_path: Path | None,
        rules_path: Path | None = None,
        values_path: Path | None = None,
    ) -> Lexicon:
        """Read the lexicon files; any may be None (or missing) for an empty part.

        Raises:
            KnowledgeError: a file is malformed.
        """
        synonyms: dict[str, tuple[str, ...]] = {}
        misspellings: dict[str, str] = {}
        ignore: set[str] = set()
        decline: set[str] = set()
        if synonyms_path is not None and synonyms_path.exists():
            data = read_yaml(synonyms_path)
            synonyms, misspellings, ignore, decline = _parse_synonyms(data, synonyms_path)
        words: set[str] = set()
        if domain_words_path is not None and domain_words_path.exists():
            for line in domain_words_path.read_text(encoding="utf-8").splitlines():
                line = line.split("#", 1)[0].strip()
                if line:
                    words.add(line)
        values = load_values(values_path)
        for kind in values:
            if kind.kind == "number":
                # A number written as a word is read as its digits (ห้า → 5, five → 5).
                for word, number in kind.words.items():
                    synonyms[str(number)] = (*synonyms.get(str(number), ()), word)
            elif kind.read_as:
                synonyms[kind.read_as] = (*synonyms.get(kind.read_as, ()), *kind.words)
            elif kind.kind.startswith("outsider-"):
                decline.update(kind.words)
        return cls(
            synonyms,
            misspellings,
            frozenset(ignore),
            frozenset(words),
            frozenset(decline),
            RuleWords.load(rules_path),
            values,
        )


def _parse_synonyms(
    data: Any, path: Path
) -> tuple[dict[str, tuple[str, ...]], dict[str, str], set[str], set[str]]:
    problems: list[Problem] = []
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise KnowledgeError(
            path,
            [
                Problem(
                    said(
                        "ไฟล์ต้องมีส่วน synonyms:, misspellings:, ignore:, decline:",
                        "the file must be a mapping (synonyms:, misspellings:, ignore:, decline:)",
                    )
                )
            ],
        )
    for key in data:
        if key not in {*SYNONYM_SECTIONS, "__line__"}:
            problems.append(
                Problem(
                    f"unknown section '{key}'; allowed: synonyms, misspellings, ignore, decline"
                )
            )
    synonyms: dict[str, tuple[str, ...]] = {}
    raw = data.get("synonyms") or {}
    if not isinstance(raw, dict):
        problems.append(
            Problem(
                said(
                    "'synonyms' ต้องเขียนแบบ รูปหลัก: [รูปแบบอื่น, ...]",
                    "'synonyms' must map a word to a list of its variants",
                )
            )
        )
        raw = {}
    for canonical, variants in raw.items():
        if canonical == "__line__":
            continue
        if isinstance(variants, str):
            variants = [variants]
        if not isinstance(variants, list) or not all(isinstance(v, str | int) for v in variants):
            problems.append(
                Problem(
                    said(
                        f"คำพ้องของ '{canonical}' ต้องเป็นรายการคำ [คำ, คำ]",
                        f"synonyms of '{canonical}' must be a list of words",
                    ),
                    line=raw.get("__line__"),
                )
            )
            continue
        synonyms[as_word(canonical)] = tuple(as_word(v) for v in variants)
    misspellings: dict[str, str] = {}
    raw = data.get("misspellings") or {}
    if not isinstance(raw, dict):
        problems.append(
            Problem(
                said(
                    "'misspellings' ต้องเขียนแบบ คำผิด: คำถูก",
                    "'misspellings' must map a wrong spelling to the right one",
                )
            )
        )
        raw = {}
    for wrong, right in raw.items():
        if wrong == "__line__":
            continue
        if not isinstance(right, str | int):
            problems.append(
                Problem(
                    said(
                        f"คำผิด '{wrong}' ต้องตามด้วยคำถูกคำเดียว",
                        f"misspelling '{wrong}' must map to one word",
                    )
                )
            )
            continue
        misspellings[str(wrong)] = str(right)
    lists: dict[str, set[str]] = {}
    for section in ("ignore", "decline"):
        raw = data.get(section) or []
        if not isinstance(raw, list):
            problems.append(
                Problem(
                    said(
                        f"'{section}' ต้องเป็นรายการคำ [คำ, คำ]",
                        f"'{section}' must be a list of words",
                    )
                )
            )
            raw = []
        lists[section] = {as_word(w) for w in raw}
    if problems:
        raise KnowledgeError(path, problems)
    return synonyms, misspellings, lists["ignore"], lists["decline"]
