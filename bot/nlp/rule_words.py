"""The word lists the stages and the decision rules use (``knowledge/rules.yaml``), typed."""

from __future__ import annotations

from dataclasses import MISSING, dataclass, field, fields, is_dataclass
from pathlib import Path
from typing import Any, TypeVar

from bot.curation.messages import said
from bot.curation.yaml_files import as_word
from bot.knowledge import KnowledgeError, Problem, read_yaml

_T = TypeVar("_T")


@dataclass(frozen=True)
class Counting:
    """What "how many" may ask about (rules.yaml ``counting``)."""

    how_many: tuple[str, ...] = ("กี่", "how many")
    look_ahead: int = 3
    people_reach: int = 3  # a signing word this many words at most before "how many" people
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
class Romanised:
    """Thai typed in Latin letters ("long nam wan nai krub", rules.yaml ``romanised``)."""

    markers: frozenset[str] = frozenset()  # words only romanised Thai has (krub, chai mai)
    share: float = 0.5  # … or this share of a message's words in ``words`` at least
    words: dict[str, str] = field(default_factory=dict)  # as typed → Thai
    kept: tuple[str, ...] = ()  # names typed in Latin letters that stay ("shangri la")
    endings: dict[str, str] = field(default_factory=dict)  # read so only at the end ("… la")


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
    afterthoughts: tuple[str, ...] = ()  # "ใช่มั้ย | ที่เซ็น": what may follow a strong ending
    endings: tuple[str, ...] = ()
    english_openers: tuple[str, ...] = ()
    english_endings: tuple[str, ...] = ()
    english_statements: tuple[str, ...] = ()
    english_relative_after: frozenset[str] = frozenset()  # "the one who signed": not asking
    english_interjections: frozenset[str] = frozenset()  # "wait, was it …?": skipped at the start


@dataclass(frozen=True)
class ClaimWords:
    """The words that tell what a checked value is (rules.yaml ``claims``)."""

    day_cues: frozenset[str] = frozenset()
    venue_cues: frozenset[str] = frozenset()
    term_start_cues: frozenset[str] = frozenset()
    term_end_cues: frozenset[str] = frozenset()
    year_markers: frozenset[str] = frozenset()
    pillar_units: frozenset[str] = frozenset()
    unit_adjectives: frozenset[str] = frozenset()
    round_units: frozenset[str] = frozenset()
    other_round_units: frozenset[str] = frozenset()  # "the first agreement" (not "one")
    this_round_words: frozenset[str] = frozenset()  # "ครั้งนี้ครั้งแรกไหม": this round is asked
    other_counted: frozenset[str] = frozenset()  # "ประชุมครั้งแรก": the first meeting
    ordinals: dict[str, int] = field(default_factory=dict, metadata={"read": "numbered"})
    ordinal_suffixes: frozenset[str] = frozenset()  # "2nd" typed as 2 + nd
    negations: frozenset[str] = frozenset()  # "not an MOU": what is denied is not claimed
    denials: frozenset[str] = frozenset()  # "ไม่ได้ลงนามที่กรุงเทพฯ ใช่มั้ย": the claim denied
    denial_doubts: frozenset[str] = frozenset()  # "จำไม่ได้", "not sure": doubt, not denial
    inverted_denials: frozenset[str] = frozenset()  # "Didn't they …?" opening: asks it was so
    denial_tags: tuple[str, ...] = ()  # "…ไม่ใช่เหรอ": a tag asserting what it follows
    choice_words: frozenset[str] = frozenset()  # "2022 หรือ 2023?": values offered, not claimed
    document_linkers: frozenset[str] = frozenset()  # "เป็น MOU", "an MOU": said to be it
    country_linkers: frozenset[str] = frozenset()
    country_followers: frozenset[str] = frozenset()
    kind_linkers: frozenset[str] = frozenset()  # "เป็นบริษัท", "is a company": a kind claimed
    kind_articles: frozenset[str] = frozenset()  # "an institute": no word qualifying the kind
    another_words: frozenset[str] = frozenset()  # "TAI also signed with …": another agreement
    at_the_event: frozenset[str] = frozenset()  # "was the PM there?": at the signing
    organisation_units: frozenset[str] = frozenset()  # "three organisations signed?"
    people_units: frozenset[str] = frozenset()  # "2 คนเซ็น"
    distributive_words: frozenset[str] = frozenset()  # "แต่ละฝ่าย …": no count of the whole
    premise_words: frozenset[str] = frozenset()
    count_premises: frozenset[str] = frozenset()  # "in the 5 points": a count granted
    about_words: frozenset[str] = frozenset()
    inclusion_words: tuple[str, ...] = ()  # "มีเรื่องไฮโดรเจนด้วยไหม": asks what it covers
    contents_topic: str = ""  # the entry listing what the cooperation covers
    inclusion_reach: int = 2  # words at most between the asking words and what is asked
    common_english_zipf: float = 0.0  # an English word this common names nothing left out


@dataclass(frozen=True)
class PartWords:
    """Where a message that asks several things is split (rules.yaml ``parts``)."""

    joiners: tuple[str, ...] = ()
    short_part: int = 3
    answer_types: frozenset[str] = frozenset()
    weak_question_words: frozenset[str] = frozenset()
    not_closing: frozenset[str] = frozenset()  # asking words that go on mid-clause (หรือ)
    question_prefixes: tuple[str, ...] = ()
    question_suffixes: tuple[str, ...] = ()
    own_slot_words: frozenset[str] = frozenset()  # "ครั้งที่เท่าไหร่ | แล้วทำไม": asks apart (canonical)


@dataclass(frozen=True)
class FollowUpWords:
    """What marks a follow-up question (rules.yaml ``follow_ups``)."""

    openers: tuple[str, ...] = ()
    endings: tuple[str, ...] = ()
    pronouns: tuple[str, ...] = ()
    thing_pronouns: frozenset[str] = frozenset()
    person_pronouns: frozenset[str] = frozenset()  # "แล้วเขามาจากไหน": the person asked before
    # "Who presided and where?": where or when of the people at the signing is the signing's
    event_slots: dict[str, str] = field(default_factory=dict)
    ordinal_item: str = ""
    next_words: frozenset[str] = frozenset()
    previous_words: frozenset[str] = frozenset()
    last_words: frozenset[str] = frozenset()  # "and the last?" after the list: its last item
    other_words: frozenset[str] = frozenset()


@dataclass(frozen=True)
class TimeWords:
    """What asks about today (rules.yaml ``time``)."""

    now: frozenset[str] = frozenset()
    ago: tuple[str, ...] = ()
    ended: frozenset[str] = frozenset()
    valid: frozenset[str] = frozenset()
    more_than: frozenset[str] = frozenset()
    less_than: frozenset[str] = frozenset()
    at_least: frozenset[str] = frozenset()
    almost: frozenset[str] = frozenset()  # "เกือบ 5 ปีแล้ว": a little under N years
    around: frozenset[str] = frozenset()  # "about 3 years ago": N years, rounded
    last_year: tuple[str, ...] = ()  # "เซ็นเมื่อปีที่แล้วใช่ไหม": in the calendar year before this
    next_month: tuple[str, ...] = ()  # "เดือนหน้าก็ครบ 5 ปี": N years are reached next month
    next_year: tuple[str, ...] = ()  # "ปีหน้าก็ครบ 5 ปี": N years are reached next year
    anniversary: frozenset[str] = frozenset()  # "the 5th anniversary": 5 years since
    end_of: tuple[str, ...] = ()  # "until the end of 2026": a date, not "it has ended"
    elapsed_units: frozenset[str] = frozenset()


@dataclass(frozen=True)
class RuleWords:
    """The word lists the stages and decision rules use (``knowledge/rules.yaml``)."""

    question_words: frozenset[str] = frozenset()
    english_stop_words: frozenset[str] = frozenset()
    english_unstemmed: frozenset[str] = frozenset()  # "parts" (components) is no "part"
    fillers_that_end_words: frozenset[str] = frozenset()
    address: Address = Address()
    romanised: Romanised = Romanised()
    asking_endings: tuple[str, ...] = ()
    polite_endings: tuple[str, ...] = ()
    closing_addresses: tuple[str, ...] = ()  # "…ใช่ไหมลูก": cut at the very end only
    request_openers: tuple[str, ...] = ()
    not_requests: tuple[str, ...] = ()
    reported_openers: tuple[str, ...] = ()
    generic_words: frozenset[str] = frozenset()
    where_when_words: frozenset[str] = frozenset()
    where_when_auxiliaries: frozenset[str] = frozenset()  # "where will they be held": asks
    # "the exact dates of the meetings": the noun asks its where/when (canonical)
    where_when_nouns: dict[str, str] = field(default_factory=dict)
    value_cues: dict[str, str] = field(default_factory=dict)
    # "between TAI and the BOI": an outsider anywhere after the word is claimed in its slot
    pair_cues: dict[str, str] = field(default_factory=dict)
    value_cue_reach: int = 1  # a partner cue this many words at most before an outsider
    value_gap: frozenset[str] = frozenset()
    checked_years: CheckedYears = CheckedYears()
    counting: Counting = Counting()
    durations: Durations = Durations()
    checks: Checks = Checks()
    claims: ClaimWords = ClaimWords()
    parts: PartWords = PartWords()
    follow_ups: FollowUpWords = FollowUpWords()
    time: TimeWords = TimeWords()
    not_stated: dict[str, dict[str, str]] = field(default_factory=dict, metadata={"read": "labels"})
    not_stated_topic: str = ""
    amount_words: frozenset[str] = frozenset()  # "งบกี่ล้านบาท": the amount of what is asked
    not_stated_beside_a_topic: frozenset[str] = frozenset()  # gaps of a topic named, else declined
    everyday_words_zipf: float = 0.0  # an English word this common is never read as a typo
    pointing_words: frozenset[str] = frozenset()

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
    rules = _fill(RuleWords, reader, reader.data)
    if reader.problems:
        raise KnowledgeError(path, reader.problems)
    return rules


def _fill(cls: type[_T], reader: _Reader, data: dict[str, Any]) -> _T:
    """One dataclass of word lists read from its section of rules.yaml, each field by the type
    of its default: a set or a list of words, a number, a text, a mapping, or a section of
    its own (a nested dataclass); ``numbered`` and ``labels`` fields say so in their metadata."""
    values: dict[str, Any] = {}
    for f in fields(cls):  # type: ignore[arg-type]
        default = f.default if f.default is not MISSING else f.default_factory()  # type: ignore[misc]
        name = f.name
        if is_dataclass(default):
            values[name] = _fill(type(default), reader, reader.section(name))
        elif f.metadata.get("read") == "numbered":
            values[name] = reader.numbered(data, name)
        elif f.metadata.get("read") == "labels":
            values[name] = reader.labels(reader.section(name))
        elif isinstance(default, dict):
            values[name] = reader.mapping(data, name)
        elif isinstance(default, frozenset):
            values[name] = frozenset(reader.words(data, name))
        elif isinstance(default, tuple):
            values[name] = reader.words(data, name)
        elif isinstance(default, float):
            values[name] = reader.decimal(data, name, default)
        elif isinstance(default, int):
            values[name] = reader.number(data, name, default)
        else:
            values[name] = str(data.get(name) or default)
    return cls(**values)


class _Reader:
    """Reads typed values out of a parsed rules file, collecting problems as it goes."""

    def __init__(self, data: Any, path: Path) -> None:
        self.path = path
        self.problems: list[Problem] = []
        self.data: dict[str, Any] = data if isinstance(data, dict) else {}
        if not isinstance(data, dict):
            self.problems.append(
                Problem(
                    said(
                        "ไฟล์ต้องเป็นชุดของรายการคำ (ชื่อ: [คำ, คำ])",
                        "the file must be a mapping of word lists",
                    )
                )
            )

    def section(self, name: str) -> dict[str, Any]:
        value = self.data.get(name)
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.problems.append(
                Problem(said(f"'{name}' ต้องเขียนเป็น คีย์: ค่า", f"'{name}' must be a mapping"))
            )
            return {}
        return value

    def words(self, data: Any, key: str) -> tuple[str, ...]:
        value = data.get(key) if isinstance(data, dict) else None
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(w, str | int) for w in value):
            line = data.get("__line__") if isinstance(data, dict) else None
            self.problems.append(
                Problem(
                    said(f"'{key}' ต้องเป็นรายการคำ [คำ, คำ]", f"'{key}' must be a list of words"),
                    line=line,
                )
            )
            return ()
        return tuple(as_word(w) for w in value)

    def mapping(self, data: Any, key: str) -> dict[str, str]:
        value = data.get(key) if isinstance(data, dict) else None
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.problems.append(
                Problem(said(f"'{key}' ต้องเขียนแบบ คำ: คำ", f"'{key}' must map a word to a word"))
            )
            return {}
        return {str(k): str(v) for k, v in value.items() if k != "__line__"}

    def labels(self, data: dict[str, Any]) -> dict[str, dict[str, str]]:
        """A mapping of words to their th: and en: labels."""
        out: dict[str, dict[str, str]] = {}
        for word, texts in data.items():
            if word == "__line__":
                continue
            if not isinstance(texts, dict):
                self.problems.append(
                    Problem(
                        said(
                            f"'not_stated: {word}' ต้องมี th: และ en:",
                            f"'not_stated: {word}' must give th: and en:",
                        )
                    )
                )
                continue
            out[str(word)] = {str(k): str(v) for k, v in texts.items() if k != "__line__"}
        return out

    def numbered(self, data: Any, key: str) -> dict[str, int]:
        """A mapping of numbers to word lists, turned round: word -> number."""
        value = data.get(key) if isinstance(data, dict) else None
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.problems.append(
                Problem(
                    said(
                        f"'{key}' ต้องเขียนแบบ เลข: [คำ, คำ]",
                        f"'{key}' must map a number to a list of words",
                    )
                )
            )
            return {}
        out: dict[str, int] = {}
        for number, words in value.items():
            if number == "__line__":
                continue
            if not str(number).isdigit() or not isinstance(words, list):
                self.problems.append(
                    Problem(
                        said(
                            f"'{key}' ต้องเขียนแบบ เลข: [คำ, คำ]",
                            f"'{key}' must map a number to a list of words",
                        )
                    )
                )
                continue
            out.update((str(w), int(number)) for w in words)
        return out

    def number(self, data: dict[str, Any], key: str, default: int) -> int:
        value = data.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            self.problems.append(
                Problem(said(f"'{key}' ต้องเป็นจำนวนเต็ม", f"'{key}' must be a whole number"))
            )
            return default
        return value

    def decimal(self, data: dict[str, Any], key: str, default: float) -> float:
        value = data.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
            self.problems.append(Problem(said(f"'{key}' ต้องเป็นตัวเลข", f"'{key}' must be a number")))
            return default
        return float(value)
