"""The matcher: a message's tokens against the FAQ, then the decision rules, every step traced.

The stages, in order: the text stages (:mod:`bot.nlp`), rank the whole message
(:mod:`scoring`), the rules that decide before anything else is read (:mod:`rules`), the
message read by its asking part when the whole matches nothing outright (:mod:`clauses`), the
rules after, and the decision by score.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

from bot.answer import Context, Reason, Verdict
from bot.facts import Facts
from bot.knowledge import FAQ, Entry
from bot.match.beyond import BeyondTheArticle
from bot.match.checking import PLACE_AND_DATE, Checker, year_topic
from bot.match.claims import ClaimReader
from bot.match.clauses import ClauseReader
from bot.match.denials import DenialReader
from bot.match.followup import FollowUps
from bot.match.index import EntryIndex, IndexConfig
from bot.match.result import MatchResult, Step
from bot.match.rules import (
    AFTER_CLAUSES,
    BEFORE_CLAUSES,
    MatchConfig,
    Situation,
    by_score,
    first_decision,
)
from bot.match.scoring import Reading, Scorer
from bot.match.subject import OwnSubject
from bot.match.timeaware import TimeAnswers
from bot.match.values import ValueReader
from bot.match.verdicts import Judge, Ruling, refutes_the_place
from bot.match.yesno import is_check
from bot.nlp.normalize import detect_language, has_thai
from bot.nlp.pipeline import Analysis, TextProcessor


class Matcher:
    """Ranks a FAQ's entries for a message and decides what to do with it.

    Args:
        faq: the entries to match against.
        processor: the text pipeline shared with the questions.
        config: decision thresholds.
        index_config: word weights and typo look-ups.
        tokens_of: the tokens of the FAQ's texts (default: the processor's; see
            :class:`bot.nlp.token_cache.TokenCache`).
        years: unknown years that ask about a year (see :class:`ValueReader`).
        facts: the article's facts, for the verdicts on yes/no checks.
    """

    def __init__(
        self,
        faq: FAQ,
        processor: TextProcessor,
        config: MatchConfig | None = None,
        *,
        index_config: IndexConfig | None = None,
        years: frozenset[str] = frozenset(),
        facts: Facts | None = None,
        tokens_of: Callable[[str], list[str]] | None = None,
    ) -> None:
        self.faq = faq
        self.facts = facts or Facts()
        self.judge = Judge(self.facts)
        self.processor = processor
        self.config = config or MatchConfig()
        self.index = EntryIndex(faq, processor, index_config, tokens_of=tokens_of)
        self.scorer = Scorer(self.index, ValueReader(self.index, years), self.config.phrasing_share)
        self.clauses = ClauseReader(self.scorer, processor.rules)
        # Not a method of the matcher: a part holding one would tie the matcher to itself, a
        # reference cycle that only the collector frees (see Engine.load).
        self.claims = ClaimReader(
            self.facts, processor.rules, functools.partial(_is_name, self.index, processor)
        )
        self.denials = DenialReader(processor, self.claims)
        signing = self.facts.event.get("signing")
        self.checker = Checker(
            faq,
            self.index,
            self.scorer,
            processor,
            naming={
                f.stated_in: frozenset(f.words) for f in self.facts.event.values() if f.stated_in
            },
            signing_words=frozenset(signing.words) if signing is not None else frozenset(),
        )
        self.follow_ups = FollowUps(self.index, processor, self.facts)
        claim_words = processor.rules.claims
        self._term_cues = claim_words.term_start_cues | claim_words.term_end_cues
        self._thai_term_cues = tuple(c for c in self._term_cues if has_thai(c))
        venue = self.facts.event.get("venue")
        places = frozenset(venue.words) if venue else frozenset()
        self.beyond = BeyondTheArticle(faq, self.index, self.scorer, processor, self.config, places)
        self.time = TimeAnswers(self.facts, processor.lexicon)
        self.subject = OwnSubject(self.index, self.facts, self.config.other_subject_factor)

    def match(
        self,
        question: str,
        limit: int = 5,
        context: Context | None = None,
        now: datetime | None = None,
        *,
        continued: bool = False,
    ) -> MatchResult:
        """Rank the entries for ``question`` and decide what to do with it; a follow-up is
        read against ``context`` (the chat's last answered topic, or for a part of a message
        that continues it, ``continued``, the part before)."""
        analysis = self.processor.analyse(question)
        steps: list[Step] = list(analysis.steps)
        if analysis.decline is not None:
            found = Reason(analysis.decline.rule, analysis.decline.words)
            steps.append(("decline-check", str(found)))
            if self.clauses.only_in_the_scene(question):
                # "ผมทำงานในค่ายรถมาทั้งชีวิต … อยากทราบว่ามีรัฐมนตรีท่านไหนมาบ้าง": the decline
                # word sets the scene; the clause that asks has none.
                analysis = replace(analysis, decline=None)
                steps.append(("decline-check", "excused: only in a clause that does not ask"))
        alone = self._decide(question, analysis, analysis.tokens, steps, limit, now=now)
        if context is None:
            return alone
        readings = [analysis]
        if alone.span:
            # "ที่ไหนคะ | ป้าอยากพาลูกไปฟังด้วย": else the clause that asks, without the remark.
            readings.append(self.processor.analyse(alone.span))
        for asked in readings:
            mode = self.follow_ups.mode(asked, continued=continued)
            if mode is None and self.follow_ups.counts_an_item(asked, context):
                mode = "always"  # "kindly elaborate the 2nd one" after the pillars: item 2
            if mode is None:
                continue
            words = self.follow_ups.combine(asked, context)
            tried = [*steps, ("follow-up", f"{context.topic} ({mode}): {' | '.join(words)}")]
            # "and the first one?" after the pillars: the first item, no first agreement
            # declined and no round checked.
            item = self.follow_ups.counts_an_item(asked, context)
            read_as = replace(analysis, decline=None) if item else analysis
            combined = self._decide(
                question, read_as, words, tried, limit, clauses=False, now=now, checks=not item
            )
            if combined.outcome in ("answered", "not-stated"):
                break
        else:
            return alone
        config = self.config
        if self.follow_ups.keeps_alone(
            alone,
            combined,
            mode,
            context,
            continued=continued,
            bars=(config.answer_at, config.margin),
        ):
            return alone
        combined = self.follow_ups.settle(asked, context, combined, self.config.suggest_at)
        reason = Reason("follow-up", combined.reason.words, f"{context.topic} → {combined.reason}")
        return replace(combined, reason=reason)

    def _decide(
        self,
        question: str,
        analysis: Analysis,
        words: list[str],
        steps: list[Step],
        limit: int,
        *,
        clauses: bool = True,
        now: datetime | None = None,
        checks: bool = True,
    ) -> MatchResult:
        """Rank ``words`` (the message's tokens, or a follow-up's read in context) and apply
        the rules: the verdict on a check, the declines, the clauses, the score."""
        steps = list(steps)
        read_values = not analysis.beyond_the_article  # "LOI กับจีน": no value read
        whole = self.scorer.rank(words, limit, read_values=read_values)
        steps.append(("rank", _ranked(whole)))
        whole, moved = self.subject.apply(whole, words)
        if moved:
            steps.append(("own-subject", f"{moved} → {_ranked(whole)}"))
        found = self._timed(question, analysis, whole, steps, now)
        found = found or (self._check(question, analysis, words, whole, steps) if checks else None)
        if found is not None:
            return found  # an answer for today, or the verdict on a check
        # What a decline word leaves is the message's own words, not a context's.
        topic = self.beyond.topic(analysis, analysis.tokens, limit, steps)
        typed = self._declined_as_typed(analysis)
        situation = self._situation(question, analysis, words, whole, whole, topic, typed)
        if checks:  # (an ordinal read as an item of the list before is no other round)
            situation = replace(situation, other_round=self._other_round(analysis))
        decision = first_decision(BEFORE_CLAUSES, situation)
        if decision is None:
            reading = whole
            if clauses and whole.best < self.config.answer_at:
                reading = self.clauses.read(question, words, whole, limit, read_values)
                if reading is not whole:
                    steps.append(("read-clauses", f"{reading.span} → {_ranked(reading)}"))
            situation = replace(situation, reading=reading)
            decision = first_decision(AFTER_CLAUSES, situation) or by_score(situation)
        steps.append(("decide", f"{decision.outcome} ({decision.reason})"))
        kept = situation.reading
        entry = kept.ranked[0].entry if decision.outcome == "answered" and kept.ranked else None
        verdict = None
        if decision.outcome == "not-stated":
            entry = decision.topic
            if is_check(question, analysis, self.processor, explicit=True):
                verdict = Verdict("not-stated")  # "ต่ออายุแล้วใช่ไหม": the article does not say
        return MatchResult(
            kept.tokens,
            kept.ranked,
            decision.outcome,
            decision.suggestions,
            decision.reason,
            tuple(steps),
            entry,
            verdict,
            related=decision.related,
            span=kept.span,
        )

    def _check(
        self,
        question: str,
        analysis: Analysis,
        words: list[str],
        whole: Reading,
        steps: list[Step],
    ) -> MatchResult | None:
        """The verdict on a yes/no check: from the facts its claims name, else from what the
        entry it names says; None when it is no check or nothing settles it."""
        if not is_check(question, analysis, self.processor):
            return None
        claims = self.claims.read(analysis, words)
        steps.append(("read-claims", ", ".join(f"{c.kind}={c.value}" for c in claims) or "none"))
        decline = analysis.decline
        claimed = "".join(c.text for c in claims).replace(" ", "")
        # The question asks beyond the article (ตอนนี้, ราคา …): no claim settles it, unless
        # the place it claims of the signing is wrong ("signed in Tokyo at JETRO's head office?").
        beyond = decline is not None and not all(
            w.replace(" ", "") in claimed for w in decline.words
        )
        signing = not self.checker.signing_words.isdisjoint(analysis.tokens)
        reading = self.checker.without_outsiders(claims, whole)
        explicit = is_check(question, analysis, self.processor, explicit=True)
        if not explicit and reading.best < self.config.answer_at:
            return None  # "thai EV sales figures for 2025?": a question mark alone claims little
        language = detect_language(question)
        choice = not self.processor.rules.claims.choice_words.isdisjoint(analysis.raw)
        # "ครอบคลุมถึงปีไหน": a Thai cue of the term may end a word
        cued = any(t in self._term_cues or t.endswith(self._thai_term_cues) for t in analysis.raw)
        topic = year_topic(self.facts, reading, words, cued=cued)
        denied = self.denials.denied_claims(question)
        ruling = self.judge.rule(claims, language, topic, choice=choice, denied=denied)
        if beyond and (ruling is None or not signing or not refutes_the_place(ruling)):
            return None
        if ruling is not None:
            entry = self.checker.entry_for(ruling, reading, self.config.suggest_at)
            if entry is not None:
                outcome = "not-stated" if ruling.verdict.value == "not-stated" else "answered"
                words_judged = tuple(j.claim.text for j in ruling.judgements)
                return self._checked(reading, outcome, entry, ruling.verdict, words_judged, steps)
            return self._untold(reading, ruling, steps)
        if decline is not None or claims:
            return None
        if not explicit:
            return None  # "JETRO stands for?" asks; only an explicit check is judged by content
        content = self.checker.by_content(analysis, words, reading, self.config.answer_at, language)
        if content is None:
            return None
        verdict = self.denials.as_put(content.verdict, question)
        return self._checked(reading, content.outcome, content.entry, verdict, content.words, steps)

    def _untold(self, reading: Reading, ruling: Ruling, steps: list[Step]) -> MatchResult | None:
        """A place or a date checked of a topic that never tells one ("การประชุมจะจัดที่
        โตเกียวใช่ไหม": the meetings have no place in the article): not stated."""
        if not reading.ranked or reading.best < self.config.answer_at:
            return None
        if not {j.claim.kind for j in ruling.judgements} <= PLACE_AND_DATE:
            return None
        entry = reading.ranked[0].entry
        if self.index.asks.get(entry.id, frozenset()) & self.processor.rules.where_when_words:
            return None
        said = tuple(j.claim.text for j in ruling.judgements)
        return self._checked(reading, "not-stated", entry, Verdict("not-stated"), said, steps)

    def _checked(
        self,
        reading: Reading,
        outcome: str,
        entry: Entry,
        verdict: Verdict,
        words: tuple[str, ...],
        steps: list[Step],
    ) -> MatchResult:
        reason = Reason("verdict", words, f"{entry.id}: {verdict.value}")
        steps.append(("decide", f"{outcome} {entry.id} ({reason})"))
        return MatchResult(
            reading.tokens, reading.ranked, outcome, (), reason, tuple(steps), entry, verdict
        )

    def _other_round(self, analysis: Analysis) -> Entry | None:
        other = self.claims.other_round(analysis, self.processor.rules.counting.look_ahead)
        return self.faq.get(other) if other else None

    def _declined_as_typed(self, analysis: Analysis) -> bool:
        """Whether no decline word would be read as a typo of a FAQ word ("rain": train)."""
        decline = analysis.decline
        return decline is None or not any(self.index.misread(w) for w in decline.words)

    def _situation(
        self,
        question: str,
        analysis: Analysis,
        words: list[str],
        whole: Reading,
        reading: Reading,
        topic: Entry | None = None,
        typed: bool = True,
    ) -> Situation:
        return Situation(
            question,
            analysis,
            words,
            whole,
            reading,
            self.index.asks,
            self.processor.rules.where_when_words,
            self.config,
            topic,
            declined_as_typed=typed,
            closing=self.clauses.closing_where_when(question),
        )

    def _timed(
        self,
        question: str,
        analysis: Analysis,
        whole: Reading,
        steps: list[Step],
        now: datetime | None,
    ) -> MatchResult | None:
        """An answer computed for today (the term passed? signed how long ago?), or None."""
        if now is None:
            return None
        check = is_check(question, analysis, self.processor)
        if not self.time.may_answer(analysis, check, whole.tokens):
            return None
        # Ranked without the words that ask about today (ตอนนี้, still): what is it about?
        time_words = self.processor.rules.time.now
        reading = self.scorer.rank([t for t in whole.tokens if t not in time_words], 5)
        answered = reading.ranked and reading.best >= self.config.answer_at
        topic = reading.ranked[0].entry.id if answered else None
        # The first is close however low it scores: "ended" or "valid" reaches the term from it.
        close = tuple(
            s.entry.id
            for i, s in enumerate(reading.ranked[:2])
            if i == 0 or s.score >= self.config.suggest_at
        )
        language = detect_language(question)
        timed = self.time.answer(analysis, topic, now.date(), language, check, close, whole.tokens)
        if timed is None:
            return None
        entry = self.faq.get(timed.entry)
        if entry is None:
            return None
        reason = Reason("today", detail=timed.kind)
        steps.append(("decide", f"answered {entry.id} ({reason})"))
        return MatchResult(
            whole.tokens,
            whole.ranked,
            "answered",
            (),
            reason,
            tuple(steps),
            entry,
            timed.verdict,
            timed.note,
        )


def _is_name(index: EntryIndex, processor: TextProcessor, token: str) -> bool:
    """Whether a raw token is a name the FAQ does not know (a value being checked)."""
    return (
        len(token) > 1
        and not token.isdigit()
        and token not in index.weak
        and token not in processor.rules.question_words
        and index.resolve(token) is None
        and not processor.is_common_word(token)
    )


def _ranked(reading: Reading, shown: int = 3) -> str:
    return ", ".join(f"{s.entry.id} {s.score:.1f}" for s in reading.ranked[:shown]) or "nothing"
