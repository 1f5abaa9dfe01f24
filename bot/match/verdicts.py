"""The verdict on a yes/no check: each claim against the facts, then one verdict with the fact
it rests on and the entries that state it.

A claim the facts contradict makes the verdict "no" (the first such claim's fact is said); a
claim about something the article does not settle makes it "not-stated"; otherwise "yes".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from bot.answer import Verdict, VerdictValue
from bot.facts import BE_OFFSET, Fact, Facts, Named
from bot.match.claims import Claim

# Claim kinds and the event fact each is judged against.
EVENT_OF = {
    "day": "signing",
    "month": "signing",
    "weekday": "signing",
    "year": "signing",
    "place": "venue",
    "term-years": "term",
    "term-start": "term",
    "term-end": "term",
    "pillar-count": "pillars",
    "round": "round",
    "document": "document",
}


@dataclass(frozen=True)
class Judgement:
    """One claim judged: its verdict, what is said, the entry that states the fact and the
    words that name its subject (an entry that knows them may answer too)."""

    claim: Claim
    value: VerdictValue
    says: dict[str, str]
    entry: str | None
    words: tuple[str, ...] = ()
    related: tuple[str, ...] = ()  # other entries about it (the claimed role's holders')
    denied: bool = False  # judged as the member denied it: "not in Bangkok" is wrong


@dataclass(frozen=True)
class Ruling:
    """The verdict on a whole check and the entries it may be answered with."""

    verdict: Verdict
    entries: tuple[str, ...]
    judgements: tuple[Judgement, ...]
    related: tuple[str, ...] = ()


class Judge:
    """Judges claims against the article's facts.

    Args:
        facts: facts.yaml.
    """

    def __init__(self, facts: Facts) -> None:
        self.facts = facts
        # Functions of the class, not methods of this judge: a judge holding its own bound
        # methods would be a reference cycle, freed only by the collector (see Engine.load).
        self._event: dict[str, Callable[[Judge, Claim, Fact], bool | None]] = {
            "day": Judge._day,
            "month": Judge._month,
            "weekday": Judge._weekday,
            "year": Judge._year,
            "place": Judge._place,
            "term-years": lambda _, c, f: int(c.value) == f.values.get("years"),
            "term-start": lambda _, c, f: int(c.value) + BE_OFFSET == f.values.get("from"),
            "term-end": lambda _, c, f: int(c.value) + BE_OFFSET == f.values.get("to"),
            "pillar-count": lambda _, c, f: int(c.value) == f.values.get("count"),
            "round": lambda _, c, f: int(c.value) == f.values.get("number"),
            # Another kind of document than the article's (an MOU) is never it.
            "document": lambda _, c, f: False,
        }

    def rule(
        self,
        claims: tuple[Claim, ...],
        language: str,
        topic: str | None = None,
        *,
        choice: bool = True,
        denied: frozenset[tuple[str, object]] = frozenset(),
    ) -> Ruling | None:
        """The verdict on ``claims`` (None when none can be judged).

        Args:
            claims: what the check claims.
            language: the question's language, for the fact said.
            topic: the entry the message matched best; a year claimed of the term entry is a
                year of the term, not of the signing.
            choice: whether the message offers values to choose from (หรือ, or): then values
                of one kind with different verdicts are a question, not claims.
            denied: the claims put as denials (kind, value): a denied wrong claim is right.
        """
        # "JETRO ทำ LOI กับสภาอุตสาหกรรมใช่มั้ย": an outsider named beside a party is claimed as
        # its partner, not asked about as a company taking part.
        partnered = any(c.known and c.subject in self.facts.organisations for c in claims)
        judged = [
            _as_put(j, (c.kind, c.value) in denied)
            for c in claims
            if (j := self._judge(c, topic, partnered)) is not None
        ]
        if not judged:
            return None
        judged = _attending_over_signing(judged)
        if choice:
            judged = _drop_choices(judged)
        if not judged:
            return None
        decisive = (
            next((j for j in judged if j.value == "no"), None)
            or next((j for j in judged if j.value == "not-stated"), None)
            or judged[0]
        )
        # Every fact behind the verdict, once each ("the ministers signed?": both of them).
        fact = " ".join(
            dict.fromkeys(
                j.says.get(language) or j.says.get("th", "")
                for j in judged
                if j.value == decisive.value
            )
        )
        said = ", ".join(j.claim.text for j in judged)
        verdict = Verdict(decisive.value, fact, said, denied=decisive.denied)
        entries = tuple(dict.fromkeys(j.entry for j in judged if j.entry))
        related = tuple(dict.fromkeys(r for j in judged for r in j.related))
        return Ruling(verdict, entries, tuple(judged), related)

    def _judge(self, claim: Claim, topic: str | None, partnered: bool) -> Judgement | None:
        if claim.kind in EVENT_OF:
            kind = claim.kind
            term = self.facts.event.get("term")
            if kind == "year" and term is not None and topic == term.stated_in:
                claim = Claim("term-year", claim.value, claim.text)
                return self._term_year(claim, term)
            fact = self.facts.event.get(EVENT_OF[kind])
            if fact is None:
                return None
            right = self._event[kind](self, claim, fact)
            if right is None:
                return None
            return Judgement(claim, "yes" if right else "no", fact.says, fact.stated_in)
        if claim.kind == "holders-count":
            return self._holders_count(claim)
        return self._about_named(claim, partnered)

    def _holders_count(self, claim: Claim) -> Judgement | None:
        """ "three organisations signed it?": the number of holders of a role the article
        names them all for (facts.yaml roles ``complete``)."""
        section, _, key = str(claim.subject).partition(":")
        role = self.facts.roles.get(key)
        if role is None or not role.complete:
            return None
        people = self.facts.people.values()
        if section == "people":
            holders = [p for p in people if key in p.roles]
        else:  # an organisation has a role itself or through its people (it signs through them)
            holders = [
                o
                for o in self.facts.organisations.values()
                if key in o.roles or any(p.organisation == o.key and key in p.roles for p in people)
            ]
        entry = role.stated_in or next((h.stated_in for h in holders if h.stated_in), None)
        right = len(holders) == int(claim.value)
        return Judgement(claim, "yes" if right else "no", role.says, entry)

    # -- event facts -----------------------------------------------------------------------

    def _day(self, claim: Claim, fact: Fact) -> bool | None:
        signed = self.facts.signing_date
        return None if signed is None else int(claim.value) == signed.day

    def _month(self, claim: Claim, fact: Fact) -> bool | None:
        signed = self.facts.signing_date
        return None if signed is None else int(claim.value) == signed.month

    def _weekday(self, claim: Claim, fact: Fact) -> bool | None:
        signed = self.facts.signing_date
        return None if signed is None else int(claim.value) == signed.isoweekday()

    def _year(self, claim: Claim, fact: Fact) -> bool | None:
        signed = self.facts.signing_date
        return None if signed is None else int(claim.value) == signed.year

    def _place(self, claim: Claim, fact: Fact) -> bool:
        return str(claim.value) in fact.words

    def _term_year(self, claim: Claim, term: Fact) -> Judgement | None:
        start, end = term.values.get("from"), term.values.get("to")
        if not isinstance(start, int) or not isinstance(end, int):
            return None
        right = start <= int(claim.value) + BE_OFFSET <= end
        return Judgement(claim, "yes" if right else "no", term.says, term.stated_in)

    # -- people, organisations, roles ------------------------------------------------------

    def _about_named(self, claim: Claim, partnered: bool) -> Judgement | None:
        facts = self.facts
        if claim.subject is None:
            return None
        if not claim.known:
            role = facts.roles.get(str(claim.value))
            company = claim.outsider == COMPANIES and not (partnered or claim.paired)
            if role is not None and role.organisations_as and company:
                # "Did Toyota sign too?": whether a company took part (facts.yaml).
                role = facts.roles.get(role.organisations_as)
            if role is None:
                return None
            holders = [h.stated_in for h in facts.holders(role.key) if h.stated_in]
            entry = role.stated_in or (holders[0] if holders else None)
            if claim.outsider == PEOPLE and role.people_stated_in:
                entry = role.people_stated_in  # "Was PM Prayut at the ceremony?": who presided
            value: VerdictValue = "no" if role.complete and not claim.loose else "not-stated"
            return Judgement(claim, value, role.says, entry)
        subject = facts.people.get(claim.subject) or facts.organisations.get(claim.subject)
        if subject is None:
            return None
        right = self._holds(subject, claim)
        if right is None:
            return None
        related: tuple[str, ...] = ()
        role = facts.roles.get(str(claim.value)) if claim.kind == "role" else None
        if role is not None and role.complete:
            # "Did Suriya sign?": who did (the article names every signatory). A title is
            # answered with the person's own entry ("Taketani is a minister?": who he is).
            related = tuple(h.stated_in for h in facts.holders(role.key) if h.stated_in)
        entry = subject.about_in if claim.kind == "kind-of" and subject.about_in else None
        return Judgement(
            claim,
            "yes" if right else "no",
            subject.says,
            entry or subject.stated_in,
            subject.words,
            related,
        )

    def _holds(self, subject: Named, claim: Claim) -> bool | None:
        facts = self.facts
        if claim.kind == "role":
            role = facts.roles.get(str(claim.value))
            if str(claim.value) in subject.roles or (role is not None and role.held_by_all_named):
                return True  # "ฮากิอุดะมาด้วยไหม": everyone the article names took part
            # An organisation signs (or presides) through its people.
            members = [p for p in facts.people.values() if p.organisation == subject.key]
            return any(str(claim.value) in p.roles for p in members)
        if claim.kind == "organisation-of":
            # an organisation's own parent the article does not give ("TAI of the FTI?")
            return None if subject.organisation is None else subject.organisation == claim.value
        if claim.kind == "country-of":
            return self.facts.country_of(subject) == claim.value
        if claim.kind == "kind-of":
            right = None if subject.kind is None else subject.kind == claim.value
            # "a financial institute?": the kind is right, what qualifies it is not known
            return None if right and claim.loose else right
        return None


COMPANIES = "outsider-companies"  # the values.yaml kind of an outsider company
PEOPLE = "outsider-people"  # … of an outsider person


def refutes_the_place(ruling: Ruling) -> bool:
    """Whether the verdict is "no" on the place claimed."""
    return any(j.value == "no" and j.claim.kind == "place" for j in ruling.judgements)


def _drop_choices(judged: list[Judgement]) -> list[Judgement]:
    """Leave out claims of one kind whose values get different verdicts ("2022 หรือ 2023?"):
    a choice between values is a question, not a claim. Claims about people and organisations
    are each their own."""
    verdicts: dict[str, set[str]] = {}
    for j in judged:
        if j.claim.subject is None:
            verdicts.setdefault(j.claim.kind, set()).add(j.value)
    choices = {kind for kind, values in verdicts.items() if len(values) > 1}
    return [j for j in judged if j.claim.kind not in choices or j.claim.subject is not None]


def _attending_over_signing(judged: list[Judgement]) -> list[Judgement]:
    """ "Did Toyota take part in the signing?" asks whether Toyota attended, not whether it
    signed: a subject's signatory claim gives way to its attendee claim."""
    attending = {
        j.claim.subject for j in judged if j.claim.kind == "role" and j.claim.value == "attendee"
    }
    return [
        j
        for j in judged
        if not (
            j.claim.kind == "role" and j.claim.value == "signatory" and j.claim.subject in attending
        )
    ]


_DENIED: dict[VerdictValue, VerdictValue] = {"yes": "no", "no": "yes", "not-stated": "not-stated"}


def _as_put(judgement: Judgement, denied: bool) -> Judgement:
    """The judgement of a claim as the member put it: a denied claim's verdict turns."""
    if not denied:
        return judgement
    return replace(judgement, value=_DENIED[judgement.value], denied=True)
