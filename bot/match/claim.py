"""One thing a yes/no check claims (read by bot.match.claims, judged by bot.match.verdicts)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Claim:
    """One thing a check claims.

    Attributes:
        kind: place, day, month, weekday, year, term-years, term-start, term-end,
            pillar-count, round, role, country-of, kind-of, organisation-of.
        value: what is claimed (a year in C.E., a role's key, a place's word …).
        text: as the member wrote it.
        subject: for role, country-of and organisation-of: the key of the person or
            organisation (facts.yaml), or the outsider's name as written.
        known: whether the subject is in facts.yaml.
        loose: the role is only loosely named (an outsider then gets "not stated").
        outsider: for a subject the article does not name, its kind (values.yaml:
            outsider-companies, outsider-organisations, outsider-people …).
        paired: the outsider is named as the partner ("between TAI and the BOI", "กับ JICA"):
            a company so named is claimed a party, not asked whether it took part.
    """

    kind: str
    value: int | str
    text: str
    subject: str | None = None
    known: bool = True
    loose: bool = False
    outsider: str = ""
    paired: bool = False
