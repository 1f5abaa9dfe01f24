"""What a check claims of the people and organisations it names, and of outsiders.

"นายสุริยะเป็นคนเซ็นใช่ไหม" claims Suriya had the signatory's role; "เจโทรเป็นหน่วยงานของเกาหลี"
a country of JETRO; "เจโทรเป็นบริษัทรถยนต์" a kind; "Did Toyota sign?" a role of an outsider.
The people, organisations, countries, kinds and roles come from facts.yaml, the linking words
from rules.yaml (``claims``); nothing about the article is written here.
"""

from __future__ import annotations

import re

from bot.facts import Facts
from bot.match.claim import Claim
from bot.nlp.lexicon import RuleWords
from bot.nlp.pipeline import Analysis
from bot.nlp.values import Value


class NamedClaimReader:
    """Reads the claims about named things.

    Args:
        facts: the article's facts (who and what can be named).
        rules: the claim words (rules.yaml).
    """

    def __init__(self, facts: Facts, rules: RuleWords) -> None:
        self.facts = facts
        self.words = rules.claims
        self.cues = rules.value_cues
        self.pairs = rules.pair_cues
        self.cue_reach = rules.value_cue_reach
        self.role_words = {w: key for key, role in facts.roles.items() for w in role.words}
        self._loose_role_words = {
            w: key for key, role in facts.roles.items() for w in role.loose_words
        }
        # canonical word -> (section, key) of the person, organisation or country it names
        self.named = {
            w: (section, key)
            for section, items in (
                ("people", facts.people),
                ("organisations", facts.organisations),
                ("countries", facts.countries),
            )
            for key, named in items.items()
            for w in named.words
        }
        self._kind_words = {w: key for key, kind in facts.kinds.items() for w in kind.words}

    def read(
        self, analysis: Analysis, names: dict[int, tuple[str, str]], tokens: list[str]
    ) -> list[Claim]:
        """The claims about the people, organisations and outsiders the message names;
        ``names`` are the unknown names after cue words (position → slot, name)."""
        roles = list(dict.fromkeys(self.role_words[t] for t in tokens if t in self.role_words))
        loose = [self._loose_role_words[t] for t in tokens if t in self._loose_role_words]
        named = [self.named[t] for t in dict.fromkeys(tokens) if t in self.named]
        people = [key for section, key in named if section == "people"]
        organisations = [key for section, key in named if section == "organisations"]
        countries = [key for section, key in named if section == "countries"]
        countries += [str(v.value) for v in analysis.values if v.kind == "outsider-countries"]
        if not people and not any(v.kind == "number" for v in analysis.values):
            # (With a number, the role's holders are counted: "3 ministers presided?")
            people, roles, countries, organisations = self._described(
                roles, countries, organisations
            )
        claims = self._of_the_named(analysis, people, organisations, countries, (roles, loose))
        outsiders = [
            v
            for v in analysis.values
            if v.kind in ("outsider-companies", "outsider-organisations", "outsider-people")
            or (v.kind == "outsider-ministries" and not people)
        ]
        # "โตโยต้ากับฮอนด้า": a cue between two outsiders joins a list, it names no partner.
        listed = {v.end + 1 for v in outsiders}
        outsiders += [
            Value("outsider-name", name, name, start, start + 1)
            for start, (slot, name) in names.items()
            if analysis.raw[start - 1] not in self.words.venue_cues and start not in listed
        ]
        if not people and not organisations:
            # An outsider country named as a partner ("LOI นี้ทำกับจีน").
            outsiders += [
                v for v in analysis.values if v.kind == "outsider-countries" and v.start > 0
            ]
        # Countries and no party named ("ไทยมี MOU กับจีนด้วยไหม"): a deal between countries,
        # not this one, so the article does not say.
        between_countries = (
            any(s == "countries" for s, _ in named) and not people and not organisations
        )
        party = bool(people or organisations)
        claims += self._of_outsiders(
            analysis,
            outsiders,
            tokens,
            (roles, loose),
            party=party,
            between_countries=between_countries,
        )
        return claims

    def _of_outsiders(
        self,
        analysis: Analysis,
        outsiders: list[Value],
        tokens: list[str],
        role_words: tuple[list[str], list[str]],
        *,
        party: bool,
        between_countries: bool,
    ) -> list[Claim]:
        """The roles claimed of the outsiders the message names: the roles it names, else the
        one a cue implies (a partner), else attending when it names the signing; loose (not
        stated) for another agreement."""
        roles, loose = role_words
        cued = [self._cued_roles(analysis, o) for o in outsiders]
        # "Did Tesla sign a deal with the BOI?": a deal between outsiders, not this one.
        among_outsiders = not party and len({o.text for o in outsiders}) > 1 and any(cued)
        another = (self.another_agreement(analysis, tokens) or among_outsiders) and bool(outsiders)
        claims: list[Claim] = []
        for outsider, own in zip(outsiders, cued, strict=True):
            outsider_roles = roles or own or self._at_it(tokens)
            claims += [
                Claim(
                    "role",
                    role,
                    outsider.text,
                    outsider.text,
                    known=False,
                    loose=another or (between_countries and outsider.kind == "outsider-countries"),
                    outsider=outsider.kind,
                    paired=role in own,
                )
                for role in outsider_roles
            ]
            if not outsider_roles:
                # Named only loosely ("เกี่ยวข้องกับความร่วมมือ"): the article does not say.
                claims += [
                    Claim("role", role, outsider.text, outsider.text, known=False, loose=True)
                    for role in dict.fromkeys(loose)
                ]
        return claims

    def _described(
        self, roles: list[str], countries: list[str], organisations: list[str]
    ) -> tuple[list[str], list[str], list[str], list[str]]:
        """The people a check describes instead of naming them, with what is left to claim:
        "รัฐมนตรีญี่ปุ่นเป็นคนเซ็นใช่ไหม", "Did TAI's director sign?", "คนที่เซ็นฝั่งญี่ปุ่นเป็น
        รัฐมนตรีใช่ไหม". The first role named describes them, with the country or organisation
        named; the roles after it are claimed of them. Nothing is described when no role
        follows, or nobody fits."""
        unchanged: tuple[list[str], list[str], list[str], list[str]] = (
            [],
            roles,
            countries,
            organisations,
        )
        described = [r for r in roles if r != "party"]
        if len(described) < 2 or len(countries) + len(organisations) > 1:
            return unchanged
        role, claimed = described[0], described[1:]
        people = self.facts.people
        fits = [
            key
            for key, person in people.items()
            if role in person.roles
            and all(self._country_of(person.organisation) == c for c in countries)
            and all(person.organisation == o for o in organisations)
        ]
        if not fits:
            return unchanged
        return fits, claimed, [], []

    def _country_of(self, organisation: str | None) -> str | None:
        named = self.facts.organisations.get(organisation or "")
        return named.country if named else None

    def _at_it(self, tokens: list[str]) -> list[str]:
        """ "Was PM Prayut at the ceremony?": someone named beside the signing, with no role,
        is asked whether they attended (facts.yaml roles.signatory.organisations_as)."""
        signing = self.facts.event.get("signing")
        attending = next(
            (r.organisations_as for r in self.facts.roles.values() if r.organisations_as), None
        )
        if signing is None or attending is None:
            return []
        if set(signing.words).isdisjoint(tokens) and self.words.at_the_event.isdisjoint(tokens):
            return []
        return [attending]

    def another_agreement(self, analysis: Analysis, tokens: list[str]) -> bool:
        """Whether a party "also" signed with someone ("Did TAI also sign an MOU with
        CATARC?"): another agreement, which the article neither confirms nor rules out."""
        party = any(self.named.get(t, ("",))[0] == "organisations" for t in tokens)
        return party and not self.words.another_words.isdisjoint(analysis.raw)

    def _of_the_named(
        self,
        analysis: Analysis,
        people: list[str],
        organisations: list[str],
        countries: list[str],
        role_words: tuple[list[str], list[str]],
    ) -> list[Claim]:
        """Roles, organisations, countries and kinds claimed of the people named, else of the
        organisations named; ``role_words`` are the roles named, then those loosely named."""
        roles, loose = role_words
        countries = [c for c in countries if self._linked_country(analysis, c)]
        ministries = [v for v in analysis.values if v.kind == "outsider-ministries"]
        linked = self._linked_outsiders(analysis)
        claims: list[Claim] = []
        for person in people:
            claims += [Claim("role", role, role, person) for role in roles if role != "party"]
            claims += [Claim("organisation-of", o, o, person) for o in organisations]
            claims += [Claim("organisation-of", m.text, m.text, person) for m in ministries]
            claims += [Claim("organisation-of", o.text, o.text, person) for o in linked]
            claims += [Claim("country-of", c, c, person) for c in countries]
        if people:
            return claims
        known_roles = list(dict.fromkeys([*roles, *loose]))
        for organisation in organisations:
            claims += [
                Claim("role", role, role, organisation, loose=role not in roles)
                for role in known_roles
            ]
            claims += [Claim("country-of", c, c, organisation) for c in countries]
            claims += [Claim("organisation-of", o.text, o.text, organisation) for o in linked]
            claims += [
                Claim("kind-of", k, w, organisation, loose=qualified)
                for w, k, qualified in self._kinds(analysis)
            ]
        return claims

    def _linked_outsiders(self, analysis: Analysis) -> list[Value]:
        """The outside organisations claimed to be someone's: a linking word right before
        ("ทาเคทานิมาจาก JICA", "Pisit of the BOI"), not merely named."""
        raw = analysis.raw
        return [
            v
            for v in analysis.values
            if v.kind in ("outsider-companies", "outsider-organisations")
            and v.start > 0
            and raw[v.start - 1] in self.words.country_linkers
        ]

    def _linked_country(self, analysis: Analysis, country: str) -> bool:
        """Whether a country is claimed of someone: a linking word stands right before it
        ("เป็นของญี่ปุ่น", "เป็นคนญี่ปุ่น", "from Japan"), not another word ("speak Thai")."""
        tokens = analysis.tokens
        named = self.facts.countries.get(country)
        words = set(named.words) if named else {country}
        for index, token in enumerate(tokens):
            if token in words or token == country:
                before = tokens[index - 1] if index > 0 else ""
                after = tokens[index + 1] if index + 1 < len(tokens) else ""
                if before in self.words.country_linkers or before in self.named:
                    return True
                if after in self.words.country_followers:
                    return True
        raw = analysis.raw
        return any(
            v.value == country and v.start > 0 and raw[v.start - 1] in self.words.country_linkers
            for v in analysis.values
        )

    def _kinds(self, analysis: Analysis) -> list[tuple[str, str, bool]]:
        """(word, kind, qualified) for each kind of organisation claimed: a kind word
        (facts.yaml ``kinds``, as typed) a few words after a linking word ("เป็นบริษัทรถยนต์",
        "is JETRO a car company", "ย่อมาจากสมาคม…"), with no verb between ("is JETRO helping
        a company"), in no choice ("a company or a government body?"). ``qualified`` when a
        word other than an article stands right before it ("a financial institute"): then
        it can only be wrong, never confirmed."""
        raw, words = analysis.raw, self.words
        if not words.choice_words.isdisjoint(raw):
            return []
        found = []
        for index, token in enumerate(raw):
            kind = self._kind_words.get(token)
            before = raw[max(0, index - 4) : index]
            linked = [i for i, w in enumerate(before) if w in words.kind_linkers]
            if not kind or not linked:
                continue
            between = before[linked[-1] + 1 :]
            typed = analysis.original.lower()
            if any(w.isascii() and re.search(rf"\b{re.escape(w)}\w*ing\b", typed) for w in between):
                continue  # a verb as typed ("helping"), stemmed in the tokens
            qualified = bool(before) and before[-1] not in words.kind_linkers | words.kind_articles
            found.append((token, kind, qualified))
        return found

    def _cued_roles(self, analysis: Analysis, outsider: Value) -> list[str]:
        """A role a cue right before an outsider implies ("กับจีน": a partner)."""
        if outsider.start == 0:
            return []
        raw = analysis.raw
        # "with the Thai BOI": a word or two may stand between the cue and the name
        before = raw[max(outsider.start - self.cue_reach, 0) : outsider.start]
        slot = next((self.cues[t] for t in reversed(before) if t in self.cues), None) or next(
            (self.pairs[t] for t in raw[: outsider.start] if t in self.pairs), None
        )
        role = self.role_words.get(slot) if slot else None
        return [role] if role else []
