"""The reply to a message, composed from what the matcher decided: the verdict and the true
fact, today's note, the entry's answer; "not stated" with its topic; a decline; and one reply
for a message of several parts. Texts come from :mod:`bot.texts`."""

from __future__ import annotations

from bot import texts
from bot.answer import Answer, Candidate, Context, Language, Reason
from bot.knowledge import Entry
from bot.match.result import MatchResult
from bot.nlp.lexicon import RuleWords


class Composer:
    """Turns the matcher's result into the :class:`Answer` a member gets.

    Args:
        rules: the rule words (what "not stated" names, rules.yaml ``not_stated``).
    """

    def __init__(self, rules: RuleWords) -> None:
        self.rules = rules

    def answer(self, question: str, language: Language, result: MatchResult) -> Answer:
        """The reply to one message (or one part of it)."""
        candidates = tuple(Candidate(s.entry, s.score) for s in result.ranked)
        score = result.best.score if result.best else 0.0
        entry = result.entry
        reason = result.reason or Reason(result.outcome)
        if result.outcome in ("answered", "not-stated") and entry is not None:
            return Answer(
                question,
                language,
                "answered" if result.outcome == "answered" else "not-stated",
                entry,
                score,
                candidates,
                (),
                self._text(result, entry, language),
                reason=reason,
                verdict=result.verdict,
                context=Context(entry.id, result.tokens, language),
                note=result.note,
                steps=result.steps,
                related=result.related,
            )
        if result.outcome == "suggested":
            return Answer(
                question,
                language,
                "suggested",
                None,
                score,
                candidates,
                result.suggestions,
                texts.SUGGESTED[language],
                reason=reason,
                steps=result.steps,
            )
        return Answer(
            question,
            language,
            "declined",
            None,
            score,
            candidates,
            (),
            texts.DECLINED[language],
            reason=reason,
            steps=result.steps,
        )

    def _text(self, result: MatchResult, entry: Entry, language: Language) -> str:
        """The verdict and the fact (or today's note), then the entry's answer; for "not
        stated", what is not stated and the topic, without the entry's answer."""
        verdict = result.verdict
        opening = result.note
        if verdict is not None:
            label = texts.verdict_label(verdict.value, language, denied=verdict.denied)
            opening = f"{label} {verdict.fact or result.note}".strip()
        if result.outcome == "not-stated":
            if verdict is not None and (verdict.fact or result.note):
                return opening
            reason = result.reason
            word = reason.words[0] if reason and reason.words else ""
            return texts.NOT_STATED[language].format(
                what=self._unstated(word, language), topic=entry.title_in(language)
            )
        answer = entry.answer_in(language)
        return f"{opening}\n\n{answer}" if opening else answer

    def _unstated(self, word: str, language: Language) -> str:
        """What the article does not say, named for the member (rules.yaml ``not_stated``)."""
        label = self.rules.not_stated.get(word, {}).get(language)
        return label or texts.QUOTED[language].format(word=word)


# A declined part counts as a question of its own only when a rule says it asks beyond the
# article; a part that merely scores low is more often a remark or a rephrasing.
BEYOND_THE_ARTICLE = ("decline-word", "uncounted")


def beyond(part: Answer) -> bool:
    """Whether a declined part was declined because it asks beyond the article."""
    return (
        part.outcome == "declined"
        and part.reason is not None
        and (part.reason.rule in BEYOND_THE_ARTICLE)
    )


def worth_answering_apart(parts: list[Answer]) -> bool:
    """Whether the parts ask different things: two entries or more are answered (or not
    stated), or one is and another part asks about something the article does not cover."""
    entries = {p.entry.id for p in parts if p.entry is not None}
    out_of_scope = [p for p in parts if beyond(p)]
    return len(entries) >= 2 or (len(entries) == 1 and bool(out_of_scope))


def several(question: str, language: Language, parts: list[Answer]) -> Answer:
    """One reply to a message of several parts: each part's answer in order (a part an earlier
    part already answered with the same entry is not said twice)."""
    kept: list[Answer] = []
    for part in parts:
        earlier = next((k for k in kept if part.entry is not None and k.entry == part.entry), None)
        if earlier is not None and part.verdict in (None, earlier.verdict):
            continue
        kept.append(part)
    parts = kept
    lines = []
    for part in parts:
        if part.outcome == "declined":
            lines.append(texts.PART_DECLINED[language].format(part=part.question))
        elif part.entry is not None:
            lines.append(f"• {part.entry.title_in(language)}\n{part.text}")
        else:
            lines.append(part.text)
    outcomes = [p.outcome for p in parts]
    outcome = next(
        (o for o in ("answered", "not-stated", "suggested") if o in outcomes), "declined"
    )
    contexts = [p.context for p in parts if p.context is not None]
    return Answer(
        question,
        language,
        outcome,  # type: ignore[arg-type]
        None,
        max(p.score for p in parts),
        (),
        (),
        "\n\n".join(lines),
        reason=Reason("parts", detail=" | ".join(str(p.reason) for p in parts)),
        parts=tuple(parts),
        context=contexts[-1] if contexts else None,
    )
