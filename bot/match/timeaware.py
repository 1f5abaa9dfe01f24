"""Answers that depend on today: whether the term has passed, how long ago the signing was.

Computed from facts.yaml (the signing date, the term's B.E. years) and an injected clock, in
Thai time; the words that ask come from rules.yaml (``time``), the month names from
values.yaml, the sentences from :mod:`bot.texts`. No date is written here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot import texts
from bot.answer import Verdict, VerdictValue
from bot.facts import BE_OFFSET, Facts
from bot.nlp.lexicon import Lexicon
from bot.nlp.normalize import has_thai
from bot.nlp.pipeline import Analysis


@dataclass(frozen=True)
class TimeAnswer:
    """A sentence computed for today, the entry it belongs to, and a verdict if checked."""

    entry: str
    note: str
    verdict: Verdict | None
    kind: str  # "term-now" or "signed-ago"


def elapsed(since: date, until: date) -> tuple[int, int]:
    """Whole years and months from ``since`` to ``until`` (0, 0 when it is not after)."""
    months = (until.year - since.year) * 12 + until.month - since.month
    if until.day < since.day:
        months -= 1
    months = max(months, 0)
    return months // 12, months % 12


class TimeAnswers:
    """Recognises questions about today and computes their answer.

    Args:
        facts: the signing date and the term.
        lexicon: the rule words (``time``) and the month names (values.yaml).
    """

    def __init__(self, facts: Facts, lexicon: Lexicon) -> None:
        self.facts = facts
        self.words = lexicon.rules.time
        self.year_words = lexicon.rules.durations.year_words
        self.ordinal_suffixes = lexicon.rules.claims.ordinal_suffixes
        months = next((k for k in lexicon.values if k.kind == "month"), None)
        self._month_names: dict[str, dict[int, str]] = {"th": {}, "en": {}}
        for word, number in months.words.items() if months else ():
            language = "en" if word.isascii() else "th"
            self._month_names[language].setdefault(int(number), word)

    def _about_time(self, word: str) -> bool:
        """Whether a decline word only asks about today (ตอนนี้, มากี่ปีแล้ว)."""
        return word in self.words.now or any(a in word or word in a for a in self.words.ago)

    def _beyond(self, analysis: Analysis) -> bool:
        """Whether the question asks beyond the article: a decline word not about today, or
        a "how many" the article does not count, unless it counts the days or weeks since
        ("ผ่านมากี่วันแล้ว": computed from the signing date)."""
        decline = analysis.decline
        if decline is None:
            return False
        if decline.rule == "uncounted":
            return not (self.words.elapsed_units & set(decline.words) and self.asks_ago(analysis))
        return not all(self._about_time(w) for w in decline.words)

    def asks_now(self, analysis: Analysis) -> bool:
        """Whether the question asks about now (ตอนนี้, ยัง…อยู่, still, by now)."""
        if self.words.now.intersection(analysis.raw):
            return True
        text = f" {analysis.normalized} "
        return any(" " in w and f" {w} " in text for w in self.words.now)

    def asks_ago(self, analysis: Analysis) -> bool:
        """Whether the question asks how long ago (กี่ปีแล้ว, how many years ago), or whether
        N years have passed ("ครบ 5 ปีรึยัง")."""
        if self._says(analysis, self.words.ago):
            return True
        if self._claimed_years(analysis) is None:
            return False
        return not (self.words.at_least | self.words.anniversary).isdisjoint(
            analysis.raw
        ) or self._says(analysis, self.words.next_month + self.words.next_year)

    def may_answer(
        self, analysis: Analysis, check: bool, words: tuple[str, ...] | None = None
    ) -> bool:
        """Whether :meth:`answer` can give an answer whatever the topic: the question asks
        how long ago or about now, and nothing beyond the article. When it cannot, the
        message need not be ranked again for its topic."""
        tokens = set(analysis.tokens if words is None else words)
        if self._beyond(analysis):
            return False
        about_end = bool(tokens & (self.words.ended | self.words.valid))
        numbers = any(v.kind == "number" for v in analysis.values)
        return (
            self.asks_ago(analysis)
            or self.asks_now(analysis)
            or (about_end and check and not numbers)
        )

    def answer(
        self,
        analysis: Analysis,
        topic: str | None,
        today: date,
        language: str,
        check: bool,
        close: tuple[str, ...] = (),
        words: tuple[str, ...] | None = None,
    ) -> TimeAnswer | None:
        """The answer for today, or None when the question does not depend on it.

        Args:
            analysis: the question's text stages.
            topic: the entry the question matched outright, if any.
            close: the entries it matched closely (an "end" word reaches the term from there).
            words: the words it is read with (a follow-up's, in context), else its own.
            today: today's date (Thai time).
            language: "th" or "en".
            check: whether it is a yes/no check (then a verdict is given).
        """
        signing = self.facts.event.get("signing")
        term = self.facts.event.get("term")
        tokens = set(analysis.tokens if words is None else words)
        about_end = bool(tokens & (self.words.ended | self.words.valid))
        if self._beyond(analysis):
            return None  # it asks beyond the article (renewal, sales last year …)
        # "เกือบ 5 ปีแล้วป่ะ": N years since, whatever the topic, is the time since the signing
        since = self._claimed_years(analysis) is not None and self.asks_ago(analysis)
        about_signing = signing is not None and (
            topic == signing.stated_in or bool(tokens.intersection(signing.words)) or since
        )
        if self.asks_ago(analysis) and about_signing and not about_end:
            return self._signed_ago(analysis, today, language, check)
        # "หมดอายุปี 2567 ใช่ไหม" checks a year, not today: the check's claims answer it.
        numbers = any(v.kind == "number" for v in analysis.values)
        # "the term ended how long ago?": whether (and when) it ended is today's question.
        asks_now = (
            self.asks_now(analysis)
            or (about_end and check and not numbers)
            or (about_end and self.asks_ago(analysis))
        )
        # Whether it is still in force or has ended is the term's topic, however low the
        # rest of the message scores ("ตอนนี้ยังมีผลอยู่ไหม ลูกค้าถามมา").
        about_term = term is not None and (
            topic == term.stated_in or (about_end and term.stated_in in close)
        )
        if asks_now and term is not None and about_term:
            return self._term_now(analysis, today, language, check)
        return None

    def _term_now(
        self, analysis: Analysis, today: date, language: str, check: bool
    ) -> TimeAnswer | None:
        term = self.facts.event["term"]
        start, end, years = (term.values.get(k) for k in ("from", "to", "years"))
        if not isinstance(start, int) or not isinstance(end, int) or term.stated_in is None:
            return None
        this_year = today.year + BE_OFFSET
        state = "passed" if this_year > end else "within" if this_year >= start else "ahead"
        note = texts.TERM_TODAY[state][language].format(
            today=self.date_text(today, language),
            years=years,
            start=start,
            end=end,
            start_ce=start - BE_OFFSET,
            end_ce=end - BE_OFFSET,
        )
        verdict = None
        if check:
            # "still open until the end of 2026?" names a date, it does not say it ended
            ended = bool(set(analysis.tokens) & self.words.ended) and not self._says(
                analysis, self.words.end_of
            )
            over = state == "passed"
            value: VerdictValue = "yes" if over == ended else "no"
            verdict = Verdict(value, note)
        return TimeAnswer(term.stated_in, note, verdict, "term-now")

    def _signed_ago(
        self, analysis: Analysis, today: date, language: str, check: bool
    ) -> TimeAnswer | None:
        signed = self.facts.signing_date
        signing = self.facts.event["signing"]
        if signed is None or signing.stated_in is None:
            return None
        years, months = elapsed(signed, today)
        note = texts.SIGNED_AGO[language].format(
            date=self.date_text(signed, language),
            today=self.date_text(today, language),
            elapsed=texts.elapsed_text(years, months, language),
            days=max((today - signed).days, 0),
        )
        verdict = None
        claimed = self._claimed_years(analysis)
        ahead = self._anniversary_ahead(analysis, signed, today, claimed) if check else None
        if ahead is not None:
            verdict = Verdict("yes" if ahead else "no", note)
        elif check and claimed is not None:
            value: VerdictValue = "yes" if self._compare(analysis, years, months, claimed) else "no"
            verdict = Verdict(value, note)
        elif check and self._says(analysis, self.words.last_year):
            value = "yes" if signed.year == today.year - 1 else "no"
            verdict = Verdict(value, note)
        return TimeAnswer(signing.stated_in, note, verdict, "signed-ago")

    def _anniversary_ahead(
        self, analysis: Analysis, signed: date, today: date, claimed: int | None
    ) -> bool | None:
        """For "เดือนหน้าก็ครบ 5 ปี" / "5 years next year": whether the claimed anniversary falls
        in the next calendar month (year); None when the message says neither."""
        if claimed is None:
            return None
        due = (signed.year + claimed, signed.month)
        if self._says(analysis, self.words.next_month):
            return due == (
                (today.year, today.month + 1) if today.month < 12 else (today.year + 1, 1)
            )
        if self._says(analysis, self.words.next_year):
            return due[0] == today.year + 1
        return None

    def _claimed_years(self, analysis: Analysis) -> int | None:
        raw = analysis.raw
        for value in analysis.values:
            after = raw[value.end : value.end + 2]
            if after[:1] and after[0] in self.ordinal_suffixes:
                after = after[1:]  # "the 5th anniversary": 5 + th + anniversary
            # ("๕ ปีก่อน": a Thai year word may open the word after the number)
            units = self.year_words | self.words.anniversary
            if (
                value.kind == "number"
                and after
                and (after[0] in units or any(after[0].startswith(u) for u in units if has_thai(u)))
            ):
                return int(value.value)
        return None

    def _compare(self, analysis: Analysis, years: int, months: int, claimed: int) -> bool:
        words = set(analysis.raw)
        exact = years + months / 12
        if words & self.words.more_than:
            return exact > claimed
        if words & self.words.less_than:
            return exact < claimed
        if words & self.words.at_least:
            return exact >= claimed
        if words & self.words.almost:
            return claimed - 0.5 <= exact <= claimed + 1 / 12
        if words & self.words.around:
            return abs(exact - claimed) <= 0.5
        return years == claimed

    @staticmethod
    def _says(analysis: Analysis, phrases: tuple[str, ...]) -> bool:
        """Whether the message says one of ``phrases`` (Thai within words, English as words)."""
        squeezed = analysis.normalized.replace(" ", "")
        text = f" {analysis.normalized} "
        return any((f" {p} " in text) if p.isascii() else (p in squeezed) for p in phrases)

    def date_text(self, day: date, language: str) -> str:
        """A date as the bot says it: "1 ธันวาคม 2569" or "1 December 2026"."""
        month = self._month_names[language].get(day.month, str(day.month))
        if language == "en":
            return f"{day.day} {month.capitalize()} {day.year}"
        return f"{day.day} {month} {day.year + BE_OFFSET}"
