"""The check stage: a yes/no check's claims read, judged against the facts, and the entry it is
answered with chosen; or, when no fact settles it, what the entry says of the words checked.

"ลงนามที่เชียงใหม่ใช่ไหม" is settled by the venue fact; "ข้อ 3 เกี่ยวกับไฮโดรเจนใช่ไหม" by what
pillar 3's entry says (hydrogen is not in it: no); "JETRO is a government agency, right?" by
nothing (not stated). A check is judged only when it is about what the message asks.
"""

from __future__ import annotations

import re

from bot.answer import Verdict
from bot.facts import Facts
from bot.knowledge import FAQ, Entry
from bot.match.claims import Claim
from bot.match.coverage import Coverage
from bot.match.index import EntryIndex
from bot.match.result import Checked
from bot.match.scoring import Reading, Scorer
from bot.match.verdicts import Ruling
from bot.nlp.pipeline import Analysis, TextProcessor

# Claims about the event's numbers and dates: the fact's entry may answer them from among the
# best few even when the message scores low ("I heard there are seven pillars, true?").
NUMERIC = frozenset(
    {
        "day",
        "month",
        "weekday",
        "year",
        "term-years",
        "term-start",
        "term-end",
        "pillar-count",
        "round",
        "term-year",
    }
)
# Claims of a place or a date made of a topic that never tells one (the meetings'): not stated.
KIND = "kind-of"  # a claim of what kind of organisation one is
PLACE_AND_DATE = frozenset({"place", "day", "month", "weekday", "year"})
_ITEM = re.compile(r"^(\D+)(\d+)$")


class Checker:
    """Chooses the entry a judged check is answered with, and judges by content what no
    fact settles.

    Args:
        faq: the entries.
        index: what each entry knows.
        scorer: ranks token lists.
        processor: the text pipeline (rule words).
    """

    def __init__(
        self,
        faq: FAQ,
        index: EntryIndex,
        scorer: Scorer,
        processor: TextProcessor,
        naming: dict[str, frozenset[str]] | None = None,
        signing_words: frozenset[str] = frozenset(),
    ) -> None:
        self.faq = faq
        # The words that name each event fact, by the entry stating it (the signing: ลงนาม).
        self.naming = naming or {}
        self.signing_words = frozenset(signing_words)
        self.index = index
        self.scorer = scorer
        self.processor = processor
        rules = processor.rules
        self._not_content = (
            rules.question_words
            | rules.where_when_words
            | rules.generic_words
            | rules.claims.about_words
            | {t for u in rules.claims.pillar_units for t in processor.tokens(u)}
        )
        self._about = rules.claims.about_words
        self.coverage = Coverage(faq, index, processor, self._not_content)
        self._not_content = self.coverage.not_content
        self._item = rules.follow_ups.ordinal_item

    # -- which entry answers a judged check ------------------------------------------------

    def entry_for(self, ruling: Ruling, reading: Reading, suggest_at: float) -> Entry | None:
        """The entry a check is answered with: the best entry when it states what is judged;
        else the entry of the decisive fact, when the claims name people or organisations of
        the article, or are numbers and dates and that entry is among the best few; else
        (places, outsiders) only when that entry is among the close ones."""
        if not reading.ranked:
            return None
        topic = reading.ranked[0].entry.id
        judged = ruling.judgements
        named = all(j.claim.known and j.claim.subject is not None for j in judged)
        close = [s.entry.id for s in reading.ranked[:3] if s.score >= suggest_at]
        found = self._of_people(ruling, reading, named, close)
        if found is not None:
            return found
        if ruling.entries and all(_of_an_outsider(j.claim) or j.claim.kind == KIND for j in judged):
            # however little else the message names; "is JETRO a car company?": what JETRO is
            return self.faq.get(ruling.entries[0])
        if self.states(topic, ruling) and (reading.best >= suggest_at or named):
            return self.faq.get(topic)
        if named and reading.content_matched:
            return self.faq.get(ruling.entries[0]) if ruling.entries else None
        return self._of_numbers(ruling, reading, suggest_at, close) or self._of_the_claim_kind(
            ruling, reading, suggest_at
        )

    def _of_people(
        self, ruling: Ruling, reading: Reading, named: bool, close: list[str]
    ) -> Entry | None:
        """A role checked of people or organisations of the article: who holds it, or the
        entry of the one checked."""
        judged = ruling.judgements
        topic = reading.ranked[0].entry.id
        stating = topic in ruling.entries or topic in ruling.related
        roles = any(j.claim.kind == "role" and not j.claim.loose for j in judged)
        wrong_role = next(
            (j for j in judged if j.value == "no" and j.claim.kind == "role" and j.related), None
        )
        if named and wrong_role is not None and not wrong_role.claim.loose:
            # "Did Suriya sign?" — no: answered with who did (the role's holders' entry).
            best_three = [s.entry.id for s in reading.ranked[:3]]
            holders = next((e for e in wrong_role.related if e in best_three), None)
            if holders is not None:
                return self.faq.get(holders)
        if not stating and named and roles:
            # The entry of the person or organisation checked, when it is among the close ones
            # ("did the jetro chief sign?": the signatories, not the date that mentions JETRO).
            own = next((e for e in ruling.entries if e in close), None)
            if own is not None:
                return self.faq.get(own)
        return None

    def _of_numbers(
        self, ruling: Ruling, reading: Reading, suggest_at: float, close: list[str]
    ) -> Entry | None:
        """The entry of a date or a count judged: among the close ones, or the best few, or
        the one the message names."""
        judged = ruling.judgements
        numeric = all(j.claim.kind in NUMERIC for j in judged)
        best_few = [s.entry.id for s in reading.ranked[:3]]
        # A bare year ranks every entry low ("Thai minimum wage up in 2026?"): it is judged of
        # an entry only when the message names something near one. A count names its unit
        # ("4 key areas") and a day its month: they are claims of the article's.
        near = reading.best >= suggest_at / 2 or any(j.claim.kind != "year" for j in judged)
        for entry_id in ruling.entries:
            if entry_id in close or (numeric and near and entry_id in best_few):
                return self.faq.get(entry_id)
        if numeric:
            # "signed in 2023 right?": a date claimed of what the message names (the signing)
            # is the signing's, wherever its entry ranks.
            for entry_id in ruling.entries:
                if not self.naming.get(entry_id, frozenset()).isdisjoint(reading.tokens):
                    return self.faq.get(entry_id)
        return None

    def _of_the_claim_kind(
        self, ruling: Ruling, reading: Reading, suggest_at: float
    ) -> Entry | None:
        """The entry a kind of claim belongs to however the message ranks: not stated, the
        kind of document, the place of the signing, a date of the entry ranked first."""
        judged = ruling.judgements
        if ruling.verdict.value == "not-stated" and ruling.entries:
            # "Did Toyota take part?": only offered beside "not stated", the entry facts.yaml
            # names for it (roles.attendee.stated_in), however the message ranks.
            return self.faq.get(ruling.entries[0])
        document = next((j for j in judged if j.claim.kind == "document" and j.entry), None)
        if document is not None and document.entry is not None:
            # "so it's really an MOU?": the kind of document is the LOI entry's, however named.
            return self.faq.get(document.entry)
        place = next((j for j in judged if j.claim.kind == "place" and j.entry), None)
        if place is not None and not self.signing_words.isdisjoint(reading.tokens):
            # "signed in tokyo at METI hq, true?": a place claimed of the signing is its venue's.
            return self.faq.get(place.entry) if place.entry else None
        topic = reading.ranked[0].entry.id
        dated = any(j.claim.kind in NUMERIC for j in judged)
        outsider = any(_of_an_outsider(j.claim) for j in judged)
        if dated and not outsider and topic in ruling.entries and reading.best >= suggest_at / 2:
            # "My draft says the letter was signed in January 2021. Correct?": the message
            # ranks first the very entry that states the date judged, however little else
            # it names.
            return self.faq.get(topic)
        return None

    def states(self, topic: str, ruling: Ruling) -> bool:
        """Whether an entry may answer the check: it states the decisive facts, is about the
        role checked, or its words name the people or organisations checked."""
        if topic in ruling.entries or topic in ruling.related:
            return True
        named = [j.words for j in ruling.judgements if j.words]
        return bool(named) and all(self._knows(topic, words) for words in named)

    def _knows(self, entry_id: str, words: tuple[str, ...]) -> bool:
        """Whether the entry (its phrasings, title or answer) has any of these words."""
        return any(self.index.entry_knows(entry_id, w) for w in words)

    def without_outsiders(self, claims: tuple[Claim, ...], whole: Reading) -> Reading:
        """The message ranked without the outsiders it names: "Did Toyota sign?" asks about
        the signing whatever Toyota weighs, and "กับจีน" asks who the partner is."""
        outsiders = {w for c in claims if not c.known for w in c.text.split()}
        if not outsiders:
            return whole
        cues = self.processor.rules.value_cues
        kept: list[str] = []
        for token in whole.tokens:
            if token not in outsiders:
                kept.append(token)
            elif kept and kept[-1] in cues:
                kept.append(cues[kept[-1]])
        return self.scorer.rank(kept, len(whole.ranked) or 5)

    # -- what no fact settles: the entry's content ------------------------------------------

    def by_content(
        self,
        analysis: Analysis,
        words: list[str],
        reading: Reading,
        answer_at: float,
        language: str,
    ) -> Checked | None:
        """A check no fact settles, judged by what the entry it names says: whether it covers
        a word the article never mentions is not stated (the article says "including"); yes
        when the entry knows every word checked; for a pillar named by number, no when what
        it is said to be about is not in it (its content is all listed); otherwise not
        stated."""
        item = self._pillar_named(words)
        included = self.coverage.included(
            words, item or self._pillar_meant(words, reading), analysis.original
        )
        if included is not None:
            return included  # what nothing the article says answers well
        entry = item or (reading.ranked[0].entry if reading.ranked else None)
        if entry is None or (item is None and reading.best < answer_at):
            return None
        checked = self._checked_words(words, item)
        unknown = [t for t in dict.fromkeys(words) if self.coverage.is_unknown(t)]
        if not checked and not unknown:
            return None
        missing = [t for t in checked if not self._knows(entry.id, (t,))]
        # "3 ministers presided?": a number no claim read confirms nothing ("in the 5 points"
        # grants one)
        premises = self.processor.rules.claims.count_premises
        numbered = any(
            t.isdigit() and premises.isdisjoint(words[max(0, i - 2) : i])
            for i, t in enumerate(words)
        )
        if not missing and not unknown and not numbered and not set(checked) <= self.signing_words:
            # (the ceremony alone confirms nothing: "Was the press at the ceremony?")
            return Checked(Verdict("yes", "", " ".join(checked)), entry, "answered", tuple(checked))
        about = bool(self._about.intersection(words) or self._about.intersection(analysis.raw))
        other = self._pillar_knowing(missing) if item is not None and missing else None
        if other is not None and other.id != entry.id:
            # "ข้อแรกคือเรื่องรีไซเคิลแบตใช่ไหม": that is another pillar's.
            fact = texts_title(other, language)
            return Checked(
                Verdict("no", fact, " ".join(missing)), entry, "answered", tuple(missing)
            )
        if not unknown:
            return None  # a word known elsewhere but not here proves little: no verdict
        said = tuple(unknown)
        if item is not None or about:
            # A pillar's content is all listed: what is not in it is not part of it.
            fact = texts_title(entry, language)
            return Checked(Verdict("no", fact, " ".join(said)), entry, "answered", said)
        return Checked(Verdict("not-stated", "", " ".join(said)), entry, "not-stated", said)

    def _pillar_meant(self, words: list[str], reading: Reading) -> Entry | None:
        """The best entry when it is a pillar the message names by words no other pillar
        has ("does the knowledge sharing also cover …")."""
        best = reading.ranked[0].entry if reading.ranked else None
        if best is None or not best.pillar:
            return None
        others = [p.id for p in self.faq.pillars if p.id != best.id]
        own = [
            w
            for w in self._checked_words(words, None)
            if self._knows(best.id, (w,)) and not any(self._knows(o, (w,)) for o in others)
        ]
        return best if own else None

    def _pillar_named(self, words: list[str]) -> Entry | None:
        """The pillar entry a message names by its number ("ข้อ 3"), if any."""
        for token in words:
            found = _ITEM.match(token)
            if found and self._item and found.group(1).strip() == self._item:
                number = int(found.group(2))
                return next((e for e in self.faq.pillars if e.pillar == number), None)
        return None

    def _checked_words(self, words: list[str], item: Entry | None) -> list[str]:
        specific = self.index.specific
        return [
            t
            for t in dict.fromkeys(words)
            if t in specific
            and t not in self._not_content
            and not _ITEM.match(t)
            and not t.isdigit()
        ]

    def _pillar_knowing(self, words: list[str]) -> Entry | None:
        """The pillar entry that knows all these words, if one does."""
        for pillar in self.faq.pillars:
            if all(self._knows(pillar.id, (w,)) for w in words):
                return pillar
        return None


def texts_title(entry: Entry, language: str) -> str:
    """An entry named in a verdict: its title."""
    return entry.title_in(language)


def year_topic(
    facts: Facts, reading: Reading, words: list[str], *, cued: bool = False
) -> str | None:
    """The entry a year claimed is of: the best entry, but the term's when its words are
    there ("2570 ยังอยู่ในกรอบเวลาไหม") and the signing's when only the signing is named
    ("เซ็นปี 2566 ใช่ป่ะ": no, 2565 — though 2566 is a year of the term), or only one year
    is claimed and not ``cued`` as the term's start or end ("until 2567")."""
    topic = reading.ranked[0].entry.id if reading.ranked else None
    term = facts.event.get("term")
    if term is None:
        return topic
    names_term = not set(term.words).isdisjoint(words)
    if names_term and term.stated_in in [s.entry.id for s in reading.ranked[:3]]:
        return term.stated_in
    signing = facts.event.get("signing")
    years = {t for t in words if t.isdigit() and len(t) == 4}
    if (
        topic == term.stated_in
        and signing is not None
        and not names_term
        and (not set(signing.words).isdisjoint(words) or (len(years) == 1 and not cued))
    ):
        # "ปี 2021 ใช่ปะ": one year and nothing naming the term (nor "until") is the
        # signing's year; a range ("2565-2566") is the term's
        return signing.stated_in
    return topic


def _of_an_outsider(claim: Claim) -> bool:
    """Whether a claim gives a role to someone the article does not name ("Toyota
    เข้าร่วมลงนามด้วยไหม"): the role's entry answers it."""
    return claim.kind == "role" and not claim.known and not claim.loose
