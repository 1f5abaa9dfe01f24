"""The pairs of the article: the two parties, the two signatories, the two ministers. A
follow-up's "the other side" of one is the other; "the Thai side" of one is the one of
Thailand (facts.yaml: the same roles, each with its country or its organisation's).
"""

from __future__ import annotations

from bot.facts import Facts, Named


def counterparts(facts: Facts) -> dict[str, str]:
    """Each word naming one of a pair with the same roles (the two parties, the two
    signatories, the two ministers) → the other's first word: "the other side" of TAI is
    JETRO, Pisit's counterpart is Taketani."""
    groups: dict[tuple[str, ...], list[Named]] = {}
    for named in (*facts.organisations.values(), *facts.people.values()):
        if named.roles and named.words:
            groups.setdefault(tuple(sorted(named.roles)), []).append(named)
    other: dict[str, str] = {}
    for pair in groups.values():
        if len(pair) == 2:
            first, second = pair
            other.update({w: second.words[0] for w in first.words})
            other.update({w: first.words[0] for w in second.words})
    return other


def sides(facts: Facts) -> dict[str, dict[str, str]]:
    """Each country word → for each word naming one of a pair (the two parties, the two
    signatories …), the word of the one of that country: "the Thai side" of JETRO is TAI,
    of Taketani is Pisit."""

    def country_of(named: Named) -> str | None:
        if named.country:
            return named.country
        organisation = facts.organisations.get(named.organisation or "")
        return organisation.country if organisation else None

    groups: dict[tuple[str, ...], list[Named]] = {}
    for named in (*facts.organisations.values(), *facts.people.values()):
        if named.roles and named.words:
            groups.setdefault(tuple(sorted(named.roles)), []).append(named)
    sides: dict[str, dict[str, str]] = {}
    for pair in groups.values():
        if len(pair) != 2:
            continue
        for one in pair:
            country = facts.countries.get(country_of(one) or "")
            for word in country.words if country else ():
                for member in pair:
                    sides.setdefault(word, {}).update({w: one.words[0] for w in member.words})
    return sides
