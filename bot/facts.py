"""The article's facts (``knowledge/facts.yaml``): typed, loaded once, checked for shape.

The verdict on a yes/no check and the answers that depend on today are computed from these;
nothing about the article is written in Python. :func:`load_facts` raises
:class:`KnowledgeError` with every problem of shape found; whether each fact agrees with the
FAQ is for the curators' lint.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from bot.curation.messages import said
from bot.curation.yaml_files import as_word
from bot.knowledge import KnowledgeError, Problem, read_yaml

BE_OFFSET = 543  # พ.ศ. = ค.ศ. + 543

Texts = dict[str, str]  # language ("th", "en") -> text


@dataclass(frozen=True)
class Named:
    """Something the article names: a country, an organisation or a person.

    Attributes:
        key: its key in the facts file (``tai``, ``pisit``).
        words: canonical words (synonyms.yaml) that name it.
        name: its name per language.
        says: the sentence said about it after a verdict, per language.
        country: the key of its country (organisations).
        kind: the key of its kind (organisations: ``institute``, not ``company``).
        about_in: the FAQ entry telling what it is (a claim of its kind is answered with it).
        organisation: the key of its organisation (people).
        roles: its roles at the signing (``signatory``, ``chair``, ``party`` …).
        stated_in: the FAQ entry whose answer states it.
        line: where it starts in the file.
    """

    key: str
    words: tuple[str, ...] = ()
    name: Texts = field(default_factory=dict)
    says: Texts = field(default_factory=dict)
    country: str | None = None
    kind: str | None = None
    about_in: str | None = None
    organisation: str | None = None
    roles: tuple[str, ...] = ()
    stated_in: str | None = None
    line: int = 0


@dataclass(frozen=True)
class Role:
    """A role at the signing, and whether the article names everyone who had it."""

    key: str
    words: tuple[str, ...] = ()
    loose_words: tuple[str, ...] = ()
    complete: bool = False
    says: Texts = field(default_factory=dict)
    stated_in: str | None = None  # the entry to offer when nobody with the role is named
    organisations_as: str | None = None  # the role an outsider organisation is judged by
    people_stated_in: str | None = None  # the entry offered for a person the article does not name
    held_by_all_named: bool = False  # everyone the article names has it (took part)
    line: int = 0


@dataclass(frozen=True)
class Fact:
    """One fact of the event (the signing, the venue, the term, the round, the pillars, the
    kind of document).

    Attributes:
        key: its section in the file.
        values: its values (``date``, ``years``, ``from``, ``to``, ``number``, ``count``).
        words: canonical words that name what is right (the venue's names).
        says: the sentence said after a verdict, per language.
        stated_in: the FAQ entry whose answer states it.
        line: where it starts in the file.
    """

    key: str
    values: dict[str, Any] = field(default_factory=dict)
    words: tuple[str, ...] = ()
    says: Texts = field(default_factory=dict)
    stated_in: str | None = None
    line: int = 0


EVENT_SECTIONS = ("signing", "venue", "term", "round", "pillars", "document")
NAMED_SECTIONS = ("countries", "kinds", "organisations", "people")
ALL_SECTIONS = (*EVENT_SECTIONS, *NAMED_SECTIONS, "roles")


@dataclass(frozen=True)
class Facts:
    """Everything ``facts.yaml`` says."""

    event: dict[str, Fact] = field(default_factory=dict)
    countries: dict[str, Named] = field(default_factory=dict)
    kinds: dict[str, Named] = field(default_factory=dict)  # kinds of organisation
    organisations: dict[str, Named] = field(default_factory=dict)
    people: dict[str, Named] = field(default_factory=dict)
    roles: dict[str, Role] = field(default_factory=dict)
    path: Path | None = None

    @property
    def signing_date(self) -> date | None:
        """The day the LOI was signed."""
        fact = self.event.get("signing")
        value = fact.values.get("date") if fact else None
        return value if isinstance(value, date) else None

    def value(self, section: str, key: str) -> Any:
        """One value of an event fact (``value("term", "to")``), or None."""
        fact = self.event.get(section)
        return fact.values.get(key) if fact else None

    def country_of(self, named: Named) -> str | None:
        """The key of a person's or organisation's country (a person's is their
        organisation's)."""
        if named.country is not None:
            return named.country
        organisation = self.organisations.get(named.organisation or "")
        return organisation.country if organisation else None

    def holders(self, role: str) -> list[Named]:
        """The people, then the organisations, that had ``role``."""
        return [n for n in (*self.people.values(), *self.organisations.values()) if role in n.roles]

    def everything(self) -> list[Fact | Named | Role]:
        """Every fact, named thing and role, in file order per section."""
        return [
            *self.event.values(),
            *self.countries.values(),
            *self.organisations.values(),
            *self.people.values(),
            *self.roles.values(),
        ]


def load_facts(path: Path | str | None) -> Facts:
    """Read a facts file; None or a missing file gives no facts.

    Raises:
        KnowledgeError: the file is malformed (every problem found).
    """
    if path is None or not Path(path).exists():
        return Facts()
    path = Path(path)
    data = read_yaml(path)
    if data is None:
        return Facts(path=path)
    problems: list[Problem] = []
    if not isinstance(data, dict):
        raise KnowledgeError(
            path, [Problem(said("ไฟล์ต้องเป็นชุดของข้อเท็จจริง", "the file must be a mapping of facts"))]
        )
    for key in data:
        if key != "__line__" and key not in ALL_SECTIONS:
            problems.append(
                Problem(
                    said(
                        f"ไม่รู้จักส่วน '{key}' (ใช้ได้: {', '.join(ALL_SECTIONS)})",
                        f"unknown section '{key}'; allowed: {', '.join(ALL_SECTIONS)}",
                    )
                )
            )
    facts = Facts(
        event={key: _fact(key, data[key], problems) for key in EVENT_SECTIONS if key in data},
        countries=_named_section(data, "countries", problems),
        kinds=_named_section(data, "kinds", problems),
        organisations=_named_section(data, "organisations", problems),
        people=_named_section(data, "people", problems),
        roles=_roles(data.get("roles"), problems),
        path=path,
    )
    _check_references(facts, problems)
    if problems:
        raise KnowledgeError(path, problems)
    return facts


def _mapping(value: Any, what: str, problems: list[Problem], line: int | None = None) -> dict:  # type: ignore[type-arg]
    if isinstance(value, dict):
        return value
    problems.append(
        Problem(said(f"'{what}' ต้องเขียนเป็น คีย์: ค่า", f"'{what}' must be a mapping"), line=line)
    )
    return {}


def _texts(value: Any, what: str, problems: list[Problem], line: int) -> Texts:
    if value is None:
        return {}
    if not isinstance(value, dict) or not all(
        isinstance(v, str) for k, v in value.items() if k != "__line__"
    ):
        problems.append(
            Problem(
                said(f"'{what}' ต้องมีข้อความ th: และ en:", f"'{what}' must give th: and en: texts"),
                line=line,
            )
        )
        return {}
    return {str(k): str(v) for k, v in value.items() if k != "__line__"}


def _words(value: Any, what: str, problems: list[Problem], line: int) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(w, str | int) for w in value):
        problems.append(
            Problem(
                said(f"'{what}' ต้องเป็นรายการคำ [คำ, คำ]", f"'{what}' must be a list of words"),
                line=line,
            )
        )
        return ()
    return tuple(as_word(w) for w in value)


def _fact(key: str, raw: Any, problems: list[Problem]) -> Fact:
    raw = _mapping(raw, key, problems)
    line = int(raw.get("__line__", 0))
    values = {k: v for k, v in raw.items() if k not in {"words", "says", "stated_in", "__line__"}}
    return Fact(
        key=key,
        values=values,
        words=_words(raw.get("words"), f"{key}.words", problems, line),
        says=_texts(raw.get("says"), f"{key}.says", problems, line),
        stated_in=_optional_str(raw.get("stated_in")),
        line=line,
    )


def _named_section(data: dict[str, Any], section: str, problems: list[Problem]) -> dict[str, Named]:
    raw = data.get(section)
    if raw is None:
        return {}
    items = _mapping(raw, section, problems)
    named: dict[str, Named] = {}
    for key, value in items.items():
        if key == "__line__":
            continue
        value = _mapping(value, f"{section}.{key}", problems)
        line = int(value.get("__line__", 0))
        where = f"{section}.{key}"
        named[str(key)] = Named(
            key=str(key),
            words=_words(value.get("words"), f"{where}.words", problems, line),
            name=_texts(value.get("name"), f"{where}.name", problems, line),
            says=_texts(value.get("says"), f"{where}.says", problems, line),
            country=_optional_str(value.get("country")),
            kind=_optional_str(value.get("kind")),
            about_in=_optional_str(value.get("about_in")),
            organisation=_optional_str(value.get("organisation")),
            roles=_words(value.get("roles"), f"{where}.roles", problems, line),
            stated_in=_optional_str(value.get("stated_in")),
            line=line,
        )
    return named


def _roles(raw: Any, problems: list[Problem]) -> dict[str, Role]:
    if raw is None:
        return {}
    roles: dict[str, Role] = {}
    for key, value in _mapping(raw, "roles", problems).items():
        if key == "__line__":
            continue
        value = _mapping(value, f"roles.{key}", problems)
        line = int(value.get("__line__", 0))
        roles[str(key)] = Role(
            key=str(key),
            words=_words(value.get("words"), f"roles.{key}.words", problems, line),
            loose_words=_words(
                value.get("loose_words"), f"roles.{key}.loose_words", problems, line
            ),
            complete=bool(value.get("complete", False)),
            says=_texts(value.get("says"), f"roles.{key}.says", problems, line),
            stated_in=_optional_str(value.get("stated_in")),
            organisations_as=_optional_str(value.get("organisations_as")),
            people_stated_in=_optional_str(value.get("people_stated_in")),
            held_by_all_named=bool(value.get("held_by_all_named", False)),
            line=line,
        )
    for role in roles.values():
        if role.organisations_as and role.organisations_as not in roles:
            problems.append(
                Problem(
                    said(
                        f"'roles.{role.key}.organisations_as: {role.organisations_as}'"
                        " ไม่ใช่บทบาทในไฟล์นี้",
                        f"'roles.{role.key}.organisations_as: {role.organisations_as}'"
                        " is not a role of this file",
                    ),
                    line=role.line,
                )
            )
    return roles


def _optional_str(value: Any) -> str | None:
    return None if value is None else str(value)


def _check_references(facts: Facts, problems: list[Problem]) -> None:
    """Every country, kind, organisation and role a fact names is in the file."""
    for named in (*facts.organisations.values(), *facts.people.values()):
        if named.country is not None and named.country not in facts.countries:
            problems.append(
                Problem(
                    f"'{named.key}' names country '{named.country}', which is not under 'countries'",
                    line=named.line,
                )
            )
        if named.kind is not None and named.kind not in facts.kinds:
            problems.append(
                Problem(
                    said(
                        f"'{named.key}' เป็นประเภท '{named.kind}' ซึ่งไม่มีในส่วน 'kinds'",
                        f"'{named.key}' is of kind '{named.kind}', which is not under 'kinds'",
                    ),
                    line=named.line,
                )
            )
        if named.organisation is not None and named.organisation not in facts.organisations:
            problems.append(
                Problem(
                    f"'{named.key}' names organisation '{named.organisation}', which is not under 'organisations'",
                    line=named.line,
                )
            )
        for role in named.roles:
            if role not in facts.roles:
                problems.append(
                    Problem(
                        f"'{named.key}' has role '{role}', which is not under 'roles'",
                        line=named.line,
                    )
                )
    signing = facts.event.get("signing")
    if signing is not None and not isinstance(signing.values.get("date"), date):
        problems.append(
            Problem(
                said(
                    "'signing.date' ต้องเป็นวันที่แบบ 2022-01-13",
                    "'signing.date' must be a date written 2022-01-13",
                ),
                line=signing.line,
            )
        )
