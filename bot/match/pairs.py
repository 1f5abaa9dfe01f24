"""The pairs of the article: the two parties, the two signatories, the two ministers. A
follow-up's "the other side" of one is the other; "the Thai side" of one is the one of
Thailand (facts.yaml: the same roles, each with its country or its organisation's).
"""

from __future__ import annotations

from bot.facts import Facts, Named


def _pairs(facts: Facts) -> list[tuple[Named, Named]]:
    """The people and organisations two of which share the same roles."""
    groups: dict[tuple[str, ...], list[Named]] = {}
    for named in (*facts.organisations.values(), *facts.people.values()):
        if named.roles and named.words:
            groups.setdefault(tuple(sorted(named.roles)), []).append(named)
    return [(pair[0], pair[1]) for pair in groups.values() if len(pair) == 2]


def counterparts(facts: Facts) -> dict[str, str]:
    """Each word naming one of a pair with the same roles (the two parties, the two
    signatories, the two ministers) → the other's first word: "the other side" of TAI is
    JETRO, Pisit's counterpart is Taketani."""
    other: dict[str, str] = {}
    for first, second in _pairs(facts):
        other.update({w: second.words[0] for w in first.words})
        other.update({w: first.words[0] for w in second.words})
    return other


def sides(facts: Facts) -> dict[str, dict[str, str]]:
    """Each country word → for each word naming one of a pair (the two parties, the two
    signatories …), the word of the one of that country: "the Thai side" of JETRO is TAI,
    of Taketani is Pisit."""
    sides: dict[str, dict[str, str]] = {}
    for pair in _pairs(facts):
        for one in pair:
            country = facts.countries.get(facts.country_of(one) or "")
            for word in country.words if country else ():
                for member in pair:
                    sides.setdefault(word, {}).update({w: one.words[0] for w in member.words})
    return sides
