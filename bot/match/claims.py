"""What a yes/no check claims: read from a message's values and named things.

"ลงนามที่เชียงใหม่ใช่ไหม" claims a place; "เซ็นวันศุกร์ที่ 14" a weekday and a day; "สัญญา 3 ปี"
a term of three years; "นายสุริยะเป็นคนเซ็นใช่ไหม" that Suriya had the signatory's role. The
words that tell what a value is come from rules.yaml (``checks``, ``claims``); the people,
organisations, countries and roles from facts.yaml; nothing about the article is written here.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable

from bot.facts import BE_OFFSET, Facts
from bot.match.claim import Claim
from bot.match.named_claims import NamedClaimReader
from bot.nlp.lexicon import RuleWords
from bot.nlp.normalize import has_thai, normalize
from bot.nlp.pipeline import Analysis
from bot.nlp.values import Value

__all__ = ["Claim", "ClaimReader"]

# B.E. and C.E. years as members write them.
BE_YEARS = range(2400, 2700)
CE_YEARS = range(1900, 2100)
LARGEST_DAY = 31
LARGEST_TERM = 10  # a "term" of more years than this is not a length being checked


class ClaimReader:
    """Reads the claims of a check.

    Args:
        facts: the article's facts (who and what can be named).
        rules: the claim words (rules.yaml).
        is_name: whether a raw token is a name the FAQ does not know (not a word of the FAQ,
            not an everyday word): "เซ็นทารา" in "ลงนามที่เซ็นทาราใช่ไหม".
    """

    def __init__(
        self, facts: Facts, rules: RuleWords, is_name: Callable[[str], bool] = lambda _: False
    ) -> None:
        self.facts = facts
        self.is_name = is_name
        self.words = rules.claims
        self.cues = rules.value_cues
        self._gap = rules.value_gap
        self._year_words = rules.durations.year_words
        self._named_things = NamedClaimReader(facts, rules)
        self._named = self._named_things.named
        self._venue_words = set(facts.event["venue"].words) if "venue" in facts.event else set()
        signing = facts.event.get("signing")
        self._signing_words = set(signing.words) if signing else set()
        term = facts.event.get("term")
        self._term_words = set(term.words) if term else set()
        document = facts.event.get("document")
        others = document.values.get("others", []) if document else []
        self._other_documents = [normalize(str(w)) for w in others]

    def read(self, analysis: Analysis, tokens: list[str] | None = None) -> tuple[Claim, ...]:
        """Every claim of the message, in the order they are read; ``tokens`` are the words
        it is read with when they differ from its own (a follow-up read in context, whose
        "เขา" is the person named before)."""
        tokens = analysis.tokens if tokens is None else tokens
        names = self._names_after_cues(analysis)
        claims: list[Claim] = []
        claims += self._dates_and_numbers(analysis)
        claims += self._places(analysis, names, tokens)
        claims += self._rounds(analysis)
        claims += self._documents(analysis)
        named = self._named_things.read(analysis, names, tokens)
        claims += named
        outsiders = [c for c in named if not c.known]
        if outsiders and self._named_things.another_agreement(analysis, tokens):
            # "Did TAI also sign an MOU with CATARC?": only whether it did is asked (not
            # stated); the MOU and China are that other agreement's, not this one's.
            claims = outsiders
        return tuple(dict.fromkeys(claims))

    def _names_after_cues(self, analysis: Analysis) -> dict[int, tuple[str, str]]:
        """Names the FAQ does not know right after a cue word (ที่ X, กับ X, ชื่อ X): their
        position → (the cue's slot, the name as written)."""
        raw = analysis.raw
        found: dict[int, tuple[str, str]] = {}
        for index, token in enumerate(raw):
            slot = self.cues.get(token)
            if slot is None:
                continue
            start = index + 1
            while start < len(raw) and raw[start] in self._gap:
                start += 1
            end = start
            while end < len(raw) and self.is_name(raw[end]) and _named_as_typed(raw[end], analysis):
                end += 1
            if end > start:
                found[start] = (
                    slot,
                    "".join(raw[start:end]) if has_thai(raw[start]) else " ".join(raw[start:end]),
                )
        return found

    # -- dates, years, terms, counts -------------------------------------------------------

    def _dates_and_numbers(self, analysis: Analysis) -> list[Claim]:
        raw = analysis.raw
        values = analysis.values
        claims: list[Claim] = []
        months = [v for v in values if v.kind == "month"]
        for value in values:
            if value.kind == "month":
                claims.append(Claim("month", value.value, value.text))
            elif value.kind == "weekday":
                claims.append(Claim("weekday", value.value, value.text))
            elif value.kind == "number":
                claim = self._number(value, raw, months, analysis.tokens)
                if claim is not None:
                    claims.append(claim)
        return claims

    def _number(
        self, value: Value, raw: list[str], months: list[Value], tokens: list[str]
    ) -> Claim | None:
        words = self.words
        if words.premise_words.intersection(raw[max(0, value.start - 3) : value.start]):
            return None
        number = int(value.value)
        before = raw[value.start - 1] if value.start > 0 else ""
        before2 = raw[max(0, value.start - 3) : value.start]
        after = raw[value.end] if value.end < len(raw) else ""
        if after in words.unit_adjectives and value.end + 1 < len(raw):
            after = raw[value.end + 1]  # "4 key areas": the unit after the adjective
        year = _as_year(number, before2, words.year_markers)
        if year is not None:
            # "it expires next month, January 2027": the cue may stand a few words before
            if words.term_end_cues.intersection(raw[max(0, value.start - 4) : value.start]):
                return Claim("term-end", year, value.text)
            signed = not self._signing_words.isdisjoint(tokens) and self._term_words.isdisjoint(
                tokens
            )
            if words.term_start_cues.intersection(raw[max(0, value.start - 3) : value.start]):
                # "เซ็นกันตั้งแต่ปี 2564": since when it was signed, not when the term began
                return Claim("year" if signed else "term-start", year, value.text)
            return Claim("year", year, value.text)
        if after in self._year_words and 0 < number <= LARGEST_TERM:
            return Claim("term-years", number, f"{value.text} {after}")
        if after in words.pillar_units and before not in words.pillar_units:
            if words.count_premises.intersection(before2):
                return None  # "… also in the 5 points?": the count is granted, not checked
            return Claim("pillar-count", number, f"{value.text} {after}")
        if before in words.round_units:
            return Claim("round", number, f"{before} {value.text}")
        counted = self._holders_counted(after, tokens, raw)
        if counted is not None and number > 0:
            # "three organisations signed it?", "2 คนเซ็น": how many had a role
            return Claim("holders-count", number, f"{value.text} {after}", counted)
        next_to_month = any(m.start == value.end or m.end == value.start for m in months)
        # "on the 13th", "วันที่ 13": the cue right before, or before "the" ("on line two"
        # is no day)
        gap = raw[value.start - 1] if value.start > 0 else ""
        cue_at = value.start - 2 if gap in self._gap else value.start - 1
        cued = cue_at >= 0 and raw[cue_at] in words.day_cues
        if 0 < number <= LARGEST_DAY and (next_to_month or cued):
            return Claim("day", number, value.text)
        return None

    def _holders_counted(self, unit: str, tokens: list[str], raw: list[str]) -> str | None:
        """What a number before ``unit`` counts, when the message names one role (facts.yaml
        roles) and counts its holders as a whole: ``organisations:<role>`` ("three
        organisations signed it?") or ``people:<role>`` ("ผู้ลงนามมี 3 คน"). Not "each"
        ("แต่ละฝ่ายมีผู้ลงนาม 1 คน"), nor two roles at once ("2 signatories and 2 ministers")."""
        words = self.words
        if unit in words.organisation_units:
            section = "organisations"
        elif unit in words.people_units:
            section = "people"
        else:
            return None
        role_words = self._named_things.role_words
        roles = list(dict.fromkeys(role_words[t] for t in tokens if t in role_words))
        if len(roles) != 1 or not words.distributive_words.isdisjoint(raw):
            return None
        return f"{section}:{roles[0]}"

    # -- places ----------------------------------------------------------------------------

    def _places(
        self, analysis: Analysis, names: dict[int, tuple[str, str]], tokens: list[str]
    ) -> list[Claim]:
        claims = [
            Claim("place", str(v.value), v.text) for v in analysis.values if v.kind == "place"
        ]
        cues = self.words.venue_cues
        raw = analysis.raw
        claims += [
            Claim("place", name, name)
            for start, (_, name) in names.items()
            if cues.intersection(raw[max(0, start - 2) : start])
        ]
        claims += [Claim("place", w, w) for w in tokens if w in self._venue_words]
        # A named thing right after a venue cue, when the message is about the signing: "signed
        # at the Ministry of Industry building" (not "EV parts production in Thailand").
        about_signing = not self._signing_words.isdisjoint(tokens)
        for index, token in enumerate(tokens):
            if not about_signing or token not in self.words.venue_cues:
                continue
            after = index + 1
            while after < len(tokens) and tokens[after] in self._gap:
                after += 1
            if (
                after < len(tokens)
                and tokens[after] in self._named
                and not self._signs(tokens, after)
            ):
                claims.append(Claim("place", tokens[after], tokens[after]))
        raw = analysis.raw
        for index, token in enumerate(raw):
            if token not in self.words.venue_cues:
                continue
            value = self._after_cue(raw, index + 1, analysis.values)
            if value is not None:
                claims.append(Claim("place", value, value))
        return claims

    def _signs(self, words: list[str], at: int) -> bool:
        """Whether the name at ``at`` is who signs, not where: a signing word follows it
        closely ("ครั้งที่ 2 ที่สยย.กับเจโทรลงนามกัน": the ที่ is "that", not "at")."""
        return not self._signing_words.isdisjoint(words[at + 1 : at + 4])

    def _after_cue(self, raw: list[str], start: int, values: tuple[Value, ...]) -> str | None:
        """The name right after a venue cue, when it names an outsider or a named thing."""
        while start < len(raw) and raw[start] in self._gap:
            start += 1
        for value in values:
            if value.start == start and value.kind.startswith("outsider-"):
                return value.text
        if start < len(raw) and raw[start] in self._named and not self._signs(raw, start):
            return raw[start]
        return None

    # -- the kind of document ---------------------------------------------------------------

    def _documents(self, analysis: Analysis) -> list[Claim]:
        """Another kind of document said to be it, as typed ("เป็น MOU ใช่ไหม", "it's really an
        MOU?"), unless denied just before ("an LOI, not an MOU?"); not one only named ("เคยทำ
        MOU กันมาก่อนไหม", "pillars of the MOU?")."""
        text = f" {analysis.normalized} "
        linkers = self.words.document_linkers
        for other in self._other_documents:
            if has_thai(other):
                at = text.find(other)
            else:  # "คือMOUใช่มะ": an English word may be typed against Thai ones
                found = re.search(rf"(?<![a-z0-9]){re.escape(other)}(?![a-z0-9])", text)
                at = found.start() if found else -1
            if at < 0:
                continue
            before = text[:at].rstrip()
            words = before.split()[-2:]
            linked = bool(words) and (
                words[-1] in linkers or any(before.endswith(w) for w in linkers if has_thai(w))
            )
            if linked and self.words.negations.isdisjoint(words):
                return [Claim("document", other, other)]
        return []

    # -- rounds ----------------------------------------------------------------------------

    def _rounds(self, analysis: Analysis) -> list[Claim]:
        units = self.words.round_units
        ordinals = self.words.ordinals
        claims: list[Claim] = []
        # Raw tokens, then the canonical ones ("เป็นครั้งแรก" is one word, read as ครั้งแรก).
        for raw in (analysis.raw, analysis.tokens):
            claims += self._rounds_in(raw, units, ordinals)
        return claims

    def _rounds_in(
        self, raw: list[str], units: frozenset[str], ordinals: dict[str, int]
    ) -> list[Claim]:
        claims: list[Claim] = []
        suffixes = self.words.ordinal_suffixes
        for index, token in enumerate(raw):
            following = raw[index + 1] if index + 1 < len(raw) else ""
            if token.isdigit() and following in suffixes:
                # "2nd time": the number and its ending, then the round word.
                if index + 2 < len(raw) and raw[index + 2] in units:
                    claims.append(Claim("round", int(token), token + following))
                continue
            # An ordinal that carries its own round word (ครั้งแรก), or one before it.
            carries = any(token.startswith(u) and token != u for u in units)
            if token in ordinals and (following in units or carries):
                # "is it the first one?": the round word is claimed with it (no decline then);
                # a later round than the article's ("a third LOI?") is another agreement.
                known = ordinals[token] <= (self.facts.value("round", "number") or 0)
                text = f"{token} {following}" if following in units and known else token
                claims.append(Claim("round", ordinals[token], text))
            elif token in units and following in ordinals:
                claims.append(Claim("round", ordinals[following], f"{token}{following}"))
        return claims

    def other_round(self, analysis: Analysis, ahead: int) -> str | None:
        """The entry of the article's round (facts.yaml round.stated_in), when a question asks
        about another round, its round word at most ``ahead`` words after the ordinal ("when
        was the first TAI–JETRO agreement signed?"): another agreement, which the article
        says nothing of."""
        fact = self.facts.event.get("round")
        number = self._other_round_number(analysis, ahead)
        return fact.stated_in if fact is not None and number is not None else None

    def _other_round_number(self, analysis: Analysis, ahead: int) -> int | None:
        article = self.facts.value("round", "number")
        units, ordinals = self.words.other_round_units, self.words.ordinals
        items = self.words.pillar_units
        raw = analysis.raw  # as typed: "first" alone is canonicalised to ครั้งแรก
        suffixes = self.words.ordinal_suffixes
        spelt_own = any(
            t.isdigit() and int(t) == article and raw[i + 1 : i + 2] and raw[i + 1] in suffixes
            for i, t in enumerate(raw)
        )
        if spelt_own or any(ordinals.get(t) == article for t in raw):
            return None  # "their first or second cooperation?": its own round is asked
        if not self.words.this_round_words.isdisjoint(raw):
            return None  # "ครั้งนี้ครั้งแรกป่าว": whether this one is the first is asked
        for index, token in enumerate(raw):
            number = ordinals.get(token)
            following = raw[index + 1] if index + 1 < len(raw) else ""
            spelt = token.isdigit() and following in suffixes  # "1st" cut into 1 | st
            if spelt:
                number = int(token)
            if number is None or not self.words.other_counted.isdisjoint(raw[index - 2 : index]):
                continue  # "ประชุมครั้งแรก": the first meeting, not the first agreement
            carries = any(token.startswith(u) and token != u for u in units)
            window = raw[index + 1 + spelt : index + 1 + spelt + ahead]
            # "the first point of cooperation" counts items, not rounds.
            before_items = list(itertools.takewhile(lambda t: t not in items, window))
            if carries or not units.isdisjoint(before_items):
                return number
        return None


def _named_as_typed(token: str, analysis: Analysis) -> bool:
    """Whether a word could be a name as the member typed it: any Thai word; an English word
    only written with a capital ("at the Centara", not "in short")."""
    if has_thai(token):
        return True
    typed = re.findall(rf"\b({re.escape(token)}\w*)", analysis.original, flags=re.IGNORECASE)
    return any(word[:1].isupper() for word in typed)


def _as_year(number: int, before: list[str], markers: frozenset[str]) -> int | None:
    """The C.E. year a number stands for, if it is one (2565, 2022, or 65 after พ.ศ./ปี)."""
    if number in BE_YEARS:
        return number - BE_OFFSET
    if number in CE_YEARS:
        return number
    if 40 <= number <= 99 and markers.intersection(before):
        return 2500 + number - BE_OFFSET
    return None
