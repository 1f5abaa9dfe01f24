"""What curators keep in ``knowledge/`` for the text and match stages: synonyms, misspellings,
fillers, decline words, domain words (:class:`Lexicon`) and the rules' word lists
(:class:`RuleWords`, from ``rules.yaml``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.knowledge import KnowledgeError, Problem, read_yaml

SYNONYM_SECTIONS = ("synonyms", "misspellings", "ignore", "decline")


@dataclass(frozen=True)
class Counting:
    """What "how many" may ask about (rules.yaml ``counting``)."""

    how_many: tuple[str, ...] = ("กี่", "how many")
    look_ahead: int = 3
    countable: frozenset[str] = frozenset()
    people: frozenset[str] = frozenset()
    signing_words: frozenset[str] = frozenset()
    signing_prefixes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Durations:
    """How "3 ปี" is read as a length being checked (rules.yaml ``durations``)."""

    year_words: frozenset[str] = frozenset()
    number_words: frozenset[str] = frozenset()
    largest: int = 10
    read_as: dict[str, str] = field(default_factory=dict)  # language -> "how many years"


@dataclass(frozen=True)
class Address:
    """How members address the bot at the start of a message (rules.yaml ``address``)."""

    greetings: tuple[str, ...] = ()
    before_name: tuple[str, ...] = ()
    names: tuple[str, ...] = ()
    particles: tuple[str, ...] = ()


@dataclass(frozen=True)
class CheckedYears:
    """Which unknown years ask about a year: those near the signing (rules.yaml)."""

    before_signing: int = 7
    after_signing: int = 4
    word: str = "ปี"


@dataclass(frozen=True)
class Checks:
    """How a yes/no check ends or opens (rules.yaml ``checks``)."""

    strong_endings: tuple[str, ...] = ()
    endings: tuple[str, ...] = ()
    english_openers: tuple[str, ...] = ()
    english_endings: tuple[str, ...] = ()


@dataclass(frozen=True)
class ClaimWords:
    """The words that tell what a checked value is (rules.yaml ``claims``)."""

    day_cues: frozenset[str] = frozenset()
    venue_cues: frozenset[str] = frozenset()
    term_start_cues: frozenset[str] = frozenset()
    term_end_cues: frozenset[str] = frozenset()
    year_markers: frozenset[str] = frozenset()
    pillar_units: frozenset[str] = frozenset()
    round_units: frozenset[str] = frozenset()
    ordinals: dict[str, int] = field(default_factory=dict)  # word -> its number
    country_linkers: frozenset[str] = frozenset()
    premise_words: frozenset[str] = frozenset()


@dataclass(frozen=True)
class PartWords:
    """Where a message that asks several things is split (rules.yaml ``parts``)."""

    joiners: tuple[str, ...] = ()
    short_part: int = 3
    answer_types: frozenset[str] = frozenset()
    weak_question_words: frozenset[str] = frozenset()


@dataclass(frozen=True)
class FollowUpWords:
    """What marks a follow-up question (rules.yaml ``follow_ups``)."""

    openers: tuple[str, ...] = ()
    endings: tuple[str, ...] = ()
    pronouns: tuple[str, ...] = ()
    ordinal_item: str = ""


@dataclass(frozen=True)
class TimeWords:
    """What asks about today (rules.yaml ``time``)."""

    now: frozenset[str] = frozenset()
    ago: tuple[str, ...] = ()
    ended: frozenset[str] = frozenset()
    valid: frozenset[str] = frozenset()
    more_than: frozenset[str] = frozenset()
    less_than: frozenset[str] = frozenset()


@dataclass(frozen=True)
class RuleWords:
    """The word lists the stages and decision rules use (``knowledge/rules.yaml``)."""

    question_words: frozenset[str] = frozenset()
    english_stop_words: frozenset[str] = frozenset()
    fillers_that_end_words: frozenset[str] = frozenset()
    address: Address = Address()
    asking_endings: tuple[str, ...] = ()
    polite_endings: tuple[str, ...] = ()
    request_openers: tuple[str, ...] = ()
    not_requests: tuple[str, ...] = ()
    generic_words: frozenset[str] = frozenset()
    where_when_words: frozenset[str] = frozenset()
    value_cues: dict[str, str] = field(default_factory=dict)
    value_gap: frozenset[str] = frozenset()
    checked_years: CheckedYears = CheckedYears()
    counting: Counting = Counting()
    durations: Durations = Durations()
    checks: Checks = Checks()
    claims: ClaimWords = ClaimWords()
    parts: PartWords = PartWords()
    follow_ups: FollowUpWords = FollowUpWords()
    time: TimeWords = TimeWords()
    not_stated: dict[str, dict[str, str]] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path | None) -> RuleWords:
        """Read ``rules.yaml``; None or a missing file gives empty lists.

        Raises:
            KnowledgeError: the file is malformed.
        """
        if path is None or not path.exists():
            return cls()
        data = read_yaml(path)
        return _parse_rules(data if data is not None else {}, path)


def _parse_rules(data: Any, path: Path) -> RuleWords:
    reader = _Reader(data, path)
    counting = reader.section("counting")
    durations = reader.section("durations")
    address = reader.section("address")
    years = reader.section("checked_years")
    checks = reader.section("checks")
    claims = reader.section("claims")
    parts = reader.section("parts")
    follow_ups = reader.section("follow_ups")
    time = reader.section("time")
    rules = RuleWords(
        question_words=frozenset(reader.words(data, "question_words")),
        english_stop_words=frozenset(reader.words(data, "english_stop_words")),
        fillers_that_end_words=frozenset(reader.words(data, "fillers_that_end_words")),
        address=Address(
            greetings=reader.words(address, "greetings"),
            before_name=reader.words(address, "before_name"),
            names=reader.words(address, "names"),
            particles=reader.words(address, "particles"),
        ),
        asking_endings=reader.words(data, "asking_endings"),
        polite_endings=reader.words(data, "polite_endings"),
        request_openers=reader.words(data, "request_openers"),
        not_requests=reader.words(data, "not_requests"),
        generic_words=frozenset(reader.words(data, "generic_words")),
        where_when_words=frozenset(reader.words(data, "where_when_words")),
        value_cues=reader.mapping(data, "value_cues"),
        value_gap=frozenset(reader.words(data, "value_gap")),
        checked_years=CheckedYears(
            before_signing=reader.number(years, "before_signing", 7),
            after_signing=reader.number(years, "after_signing", 4),
            word=str(years.get("word", "ปี")),
        ),
        counting=Counting(
            how_many=reader.words(counting, "how_many"),
            look_ahead=reader.number(counting, "look_ahead", 3),
            countable=frozenset(reader.words(counting, "countable")),
            people=frozenset(reader.words(counting, "people")),
            signing_words=frozenset(reader.words(counting, "signing_words")),
            signing_prefixes=reader.words(counting, "signing_prefixes"),
        ),
        durations=Durations(
            year_words=frozenset(reader.words(durations, "year_words")),
            number_words=frozenset(reader.words(durations, "number_words")),
            largest=reader.number(durations, "largest", 10),
            read_as=reader.mapping(durations, "read_as"),
        ),
        checks=Checks(
            strong_endings=reader.words(checks, "strong_endings"),
            endings=reader.words(checks, "endings"),
            english_openers=reader.words(checks, "english_openers"),
            english_endings=reader.words(checks, "english_endings"),
        ),
        claims=ClaimWords(
            day_cues=frozenset(reader.words(claims, "day_cues")),
            venue_cues=frozenset(reader.words(claims, "venue_cues")),
            term_start_cues=frozenset(reader.words(claims, "term_start_cues")),
            term_end_cues=frozenset(reader.words(claims, "term_end_cues")),
            year_markers=frozenset(reader.words(claims, "year_markers")),
            pillar_units=frozenset(reader.words(claims, "pillar_units")),
            round_units=frozenset(reader.words(claims, "round_units")),
            ordinals=reader.numbered(claims, "ordinals"),
            country_linkers=frozenset(reader.words(claims, "country_linkers")),
            premise_words=frozenset(reader.words(claims, "premise_words")),
        ),
        parts=PartWords(
            joiners=reader.words(parts, "joiners"),
            short_part=reader.number(parts, "short_part", 3),
            answer_types=frozenset(reader.words(parts, "answer_types")),
            weak_question_words=frozenset(reader.words(parts, "weak_question_words")),
        ),
        follow_ups=FollowUpWords(
            openers=reader.words(follow_ups, "openers"),
            endings=reader.words(follow_ups, "endings"),
            pronouns=reader.words(follow_ups, "pronouns"),
            ordinal_item=str(follow_ups.get("ordinal_item", "")),
        ),
        time=TimeWords(
            now=frozenset(reader.words(time, "now")),
            ago=reader.words(time, "ago"),
            ended=frozenset(reader.words(time, "ended")),
            valid=frozenset(reader.words(time, "valid")),
            more_than=frozenset(reader.words(time, "more_than")),
            less_than=frozenset(reader.words(time, "less_than")),
        ),
        not_stated=reader.labels(reader.section("not_stated")),
    )
    if reader.problems:
        raise KnowledgeError(path, reader.problems)
    return rules


class _Reader:
    """Reads typed values out of a parsed rules file, collecting problems as it goes."""

    def __init__(self, data: Any, path: Path) -> None:
        self.path = path
        self.problems: list[Problem] = []
        self.data: dict[str, Any] = data if isinstance(data, dict) else {}
        if not isinstance(data, dict):
            self.problems.append(Problem("the file must be a mapping of word lists"))

    def section(self, name: str) -> dict[str, Any]:
        value = self.data.get(name)
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.problems.append(Problem(f"'{name}' must be a mapping"))
            return {}
        return value

    def words(self, data: Any, key: str) -> tuple[str, ...]:
        value = data.get(key) if isinstance(data, dict) else None
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(w, str | int) for w in value):
            line = data.get("__line__") if isinstance(data, dict) else None
            self.problems.append(Problem(f"'{key}' must be a list of words", line=line))
            return ()
        return tuple(str(w) for w in value)

    def mapping(self, data: Any, key: str) -> dict[str, str]:
        value = data.get(key) if isinstance(data, dict) else None
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.problems.append(Problem(f"'{key}' must map a word to a word"))
            return {}
        return {str(k): str(v) for k, v in value.items() if k != "__line__"}

    def labels(self, data: dict[str, Any]) -> dict[str, dict[str, str]]:
        """A mapping of words to their th: and en: labels."""
        out: dict[str, dict[str, str]] = {}
        for word, texts in data.items():
            if word == "__line__":
                continue
            if not isinstance(texts, dict):
                self.problems.append(Problem(f"'not_stated: {word}' must give th: and en:"))
                continue
            out[str(word)] = {str(k): str(v) for k, v in texts.items() if k != "__line__"}
        return out

    def numbered(self, data: Any, key: str) -> dict[str, int]:
        """A mapping of numbers to word lists, turned round: word -> number."""
        value = data.get(key) if isinstance(data, dict) else None
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.problems.append(Problem(f"'{key}' must map a number to a list of words"))
            return {}
        out: dict[str, int] = {}
        for number, words in value.items():
            if number == "__line__":
                continue
            if not str(number).isdigit() or not isinstance(words, list):
                self.problems.append(Problem(f"'{key}' must map a number to a list of words"))
                continue
            out.update((str(w), int(number)) for w in words)
        return out

    def number(self, data: dict[str, Any], key: str, default: int) -> int:
        value = data.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            self.problems.append(Problem(f"'{key}' must be a whole number"))
            return default
        return value


VALUE_SECTIONS = ("months", "weekdays", "numbers", "number_words", "places", "outsiders")
OUTSIDER_KINDS = ("countries", "organisations")


@dataclass(frozen=True)
class ValueKind:
    """One kind of value members name (values.yaml): its words and what each stands for.

    Attributes:
        kind: month, weekday, place, outsider-country or outsider-organisation.
        words: each word (as written in the file) and its value (a month's number, …).
        read_as: the canonical token the words are read as for matching ("" for none).
    """

    kind: str
    words: dict[str, int | str]
    read_as: str = ""


def load_values(path: Path | None) -> tuple[ValueKind, ...]:
    """Read ``values.yaml``; None or a missing file gives no values.

    Raises:
        KnowledgeError: the file is malformed.
    """
    if path is None or not path.exists():
        return ()
    data = read_yaml(path) or {}
    problems: list[Problem] = []
    if not isinstance(data, dict):
        raise KnowledgeError(path, [Problem("the file must be a mapping of value lists")])
    for key in data:
        if key != "__line__" and key not in VALUE_SECTIONS:
            problems.append(
                Problem(f"unknown section '{key}'; allowed: {', '.join(VALUE_SECTIONS)}")
            )
    kinds: list[ValueKind] = []
    numbered = (
        ("months", "month"),
        ("weekdays", "weekday"),
        ("numbers", "number"),
        ("number_words", "number-word"),
    )
    for section, kind in numbered:
        raw = data.get(section)
        if isinstance(raw, dict):
            words: dict[str, int | str] = {}
            for number, names in (raw.get("names") or {}).items():
                if number == "__line__":
                    continue
                if not str(number).isdigit() or not isinstance(names, list):
                    problems.append(Problem(f"'{section}.names' maps a number to a list of names"))
                    continue
                words.update((str(name), int(number)) for name in names)
            kinds.append(ValueKind(kind, words, str(raw.get("read_as") or "")))
    places = data.get("places")
    if isinstance(places, dict):
        names = places.get("names") or []
        kinds.append(
            ValueKind("place", {str(n): str(n) for n in names}, str(places.get("read_as") or ""))
        )
    outsiders = data.get("outsiders")
    if isinstance(outsiders, dict):
        for kind in OUTSIDER_KINDS:
            names = outsiders.get(kind) or []
            kinds.append(ValueKind(f"outsider-{kind}", {str(n): str(n) for n in names}))
    if problems:
        raise KnowledgeError(path, problems)
    return tuple(kinds)


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
    rules: RuleWords = RuleWords()
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
            [Problem("the file must be a mapping (synonyms:, misspellings:, ignore:, decline:)")],
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
        problems.append(Problem("'synonyms' must map a word to a list of its variants"))
        raw = {}
    for canonical, variants in raw.items():
        if canonical == "__line__":
            continue
        if isinstance(variants, str):
            variants = [variants]
        if not isinstance(variants, list) or not all(isinstance(v, str | int) for v in variants):
            problems.append(
                Problem(
                    f"synonyms of '{canonical}' must be a list of words", line=raw.get("__line__")
                )
            )
            continue
        synonyms[str(canonical)] = tuple(str(v) for v in variants)
    misspellings: dict[str, str] = {}
    raw = data.get("misspellings") or {}
    if not isinstance(raw, dict):
        problems.append(Problem("'misspellings' must map a wrong spelling to the right one"))
        raw = {}
    for wrong, right in raw.items():
        if wrong == "__line__":
            continue
        if not isinstance(right, str | int):
            problems.append(Problem(f"misspelling '{wrong}' must map to one word"))
            continue
        misspellings[str(wrong)] = str(right)
    lists: dict[str, set[str]] = {}
    for section in ("ignore", "decline"):
        raw = data.get(section) or []
        if not isinstance(raw, list):
            problems.append(Problem(f"'{section}' must be a list of words"))
            raw = []
        lists[section] = {str(w) for w in raw}
    if problems:
        raise KnowledgeError(path, problems)
    return synonyms, misspellings, lists["ignore"], lists["decline"]
