"""Follow-ups: a short question read against the chat's last answered topic.

"ใครเป็นประธานในพิธี" then "แล้วฝั่งไทยล่ะ" asks the same about the Thai side; "What are the five
pillars?" then "and the fourth one?" asks for pillar 4; "ประชุมจัดเมื่อไหร่" then "ที่ไหนนะ" asks
where the meetings are. The follow-up's words replace the earlier words of the same kind (a
question word, a name, a number) and keep the rest. A question that names its own topic is
never bent toward the previous one.
"""

from __future__ import annotations

from dataclasses import replace

from bot.answer import Context, Reason
from bot.facts import Facts
from bot.match.index import EntryIndex
from bot.match.pairs import counterparts, sides
from bot.match.result import MatchResult
from bot.nlp.normalize import has_thai
from bot.nlp.pipeline import Analysis, TextProcessor


class FollowUps:
    """Decides whether a question follows up on a context and reads it so.

    Args:
        index: the FAQ's index (which words name something particular).
        processor: the text pipeline (its rule words).
        facts: the named people, organisations and countries (a kind of word each).
    """

    def __init__(self, index: EntryIndex, processor: TextProcessor, facts: Facts) -> None:
        self.index = index
        self.processor = processor
        rules = processor.rules
        self.words = rules.follow_ups
        self.question_words = rules.question_words
        self.generic = rules.generic_words
        self._openers = [tuple(processor.tokens(o)) for o in self.words.openers]
        self._pronouns = {t for p in self.words.pronouns for t in processor.tokens(p)} | set(
            self.words.pronouns
        )
        self._names = {
            w
            for items in (facts.people, facts.organisations, facts.countries)
            for named in items.values()
            for w in named.words
        }
        self._other_party = counterparts(facts)
        self._side_of = sides(facts)
        self._side_words = {t for u in rules.claims.organisation_units for t in processor.tokens(u)}
        self._people_entries = frozenset(p.stated_in for p in facts.people.values() if p.stated_in)
        self._event_slots = {
            slot: fact.stated_in
            for slot, section in self.words.event_slots.items()
            if (fact := facts.event.get(section)) is not None and fact.stated_in
        }
        # Longest first, so "the other party" goes whole before "party" alone (and the order
        # does not depend on the set's, which changes from one run to the next).
        self._other_words = sorted(
            {tuple(processor.tokens(w)) for w in self.words.other_words},
            key=lambda words: (-len(words), words),
        )
        self._ordinals = rules.claims.ordinals
        # As the synonyms leave them too: "second" is read ครั้งที่2 (the round), an item after
        # a list.
        self._ordinal_tokens = dict(self._ordinals)
        for word, number in self._ordinals.items():
            canonical = processor.tokens(word)
            if len(canonical) == 1:
                self._ordinal_tokens.setdefault(canonical[0], number)
        self._ordinal_suffixes = rules.claims.ordinal_suffixes
        self._item = self.words.ordinal_item
        self._unit_words = {t for u in rules.claims.pillar_units for t in processor.tokens(u)}
        self._answer_types = rules.parts.answer_types
        self._prefixes = rules.parts.question_prefixes
        self._suffixes = rules.parts.question_suffixes
        self._next = {t for w in self.words.next_words for t in (w, *processor.tokens(w))}
        self._previous = {t for w in self.words.previous_words for t in (w, *processor.tokens(w))}
        self._last = {t for w in self.words.last_words for t in (w, *processor.tokens(w))}
        # Thai round words as the synonyms leave them (ครั้งที่ → ครั้งที่): "ครั้งที่2" + a number
        thai_units = [u for u in rules.claims.round_units if has_thai(u)]
        self._round_prefixes = tuple(
            dict.fromkeys(p for u in thai_units if (p := "".join(processor.tokens(u))))
        )
        pillars = facts.event.get("pillars")
        count = pillars.values.get("count") if pillars is not None else None
        self._item_count = count if isinstance(count, int) else None

    def marked(self, analysis: Analysis) -> bool:
        """Whether the question opens or ends like a follow-up (แล้ว…, …ล่ะ, and …, what about
        …) or points back with a pronoun (เขา, it)."""
        text = self.processor.without_polite_endings(analysis.normalized)
        if any(text.endswith(e) for e in self.words.endings):
            return True
        words = text.split()
        if any(words[: len(o.split())] == o.split() for o in self.words.openers):
            return True
        tokens = analysis.tokens
        if any(tuple(tokens[: len(o)]) == o for o in self._openers if o):
            return True
        return self.refers_back(analysis)

    def refers_back(self, analysis: Analysis) -> bool:
        """Whether the question points back with a pronoun (แล้วเขาตำแหน่งอะไร)."""
        return bool(self._pronouns.intersection(analysis.raw))

    def names_topic(self, tokens: list[str], *, loosely: bool = False) -> bool:
        """Whether the tokens name something particular of their own (not only question
        words, openers, pronouns, numbers or words that name no topic); ``loosely``, any
        word of the FAQ that is not a stop word will do ("who signed": signing)."""
        own = [
            t
            for t in tokens
            if self._kind(t) != "question"
            and t not in self.generic
            and t not in self._pronouns
            and t not in self._answer_types
            and not t.isdigit()
        ]
        if loosely:
            return any(self.index.knows(t) and t not in self.index.weak for t in own)
        return not self.index.specific.isdisjoint(own)

    def mode(self, analysis: Analysis, *, continued: bool = False) -> str | None:
        """How to read the question against the chat's context: "always", "compare" (read
        both ways, the context wins only by a clear lead), "better" (read both ways, the
        higher score wins) or None (alone).

        A follow-up pointing back (เขา, it) always is one; so is a marked one (แล้ว…ล่ะ, and …)
        or a part that continues a message, unless it has its own question word and names
        its own topic ("แล้วเจโทรคืออะไร"): then both readings are compared. An unmarked
        question is one only when it is short and names no topic ("ที่ไหนนะ").
        """
        tokens = analysis.tokens
        # Its own question word, also one the synonyms made a topic word of (กี่ด้าน, how long).
        own_question = bool(self.question_words.intersection([*tokens, *analysis.raw])) or any(
            self._asks(t) for t in (*tokens, *analysis.raw)
        )
        pointing = self._pronouns.intersection(analysis.raw)
        if pointing and not pointing <= self.words.thing_pronouns:
            return "always"
        if pointing or continued or self.marked(analysis):
            if own_question and not pointing and self.names_topic(tokens):
                return "compare"
            # "who signed it" after the term ("it" is the LOI), "who presided | who signed":
            # a FAQ word of its own; the reading that scores higher wins.
            return "better" if own_question and self.names_topic(tokens, loosely=True) else "always"
        short = len(tokens) <= self.processor.rules.parts.short_part
        if not short:
            return None
        # "ที่ไหนนะ" names nothing: read in context; "รวมแบตด้วยป่ะ" names battery but asks of
        # the topic before: both readings compared. "ขอบคุณครับ", "ok thanks" name nothing and
        # ask nothing: not a follow-up.
        if self.names_topic(tokens):
            return "compare"
        return "always" if self.asks(tokens) else None

    def settle(
        self, analysis: Analysis, context: Context, combined: MatchResult, suggest_at: float
    ) -> MatchResult:
        """A follow-up's reading, kept with the person before (:meth:`of_the_person`) or
        moved to the signing's place or date (:meth:`of_the_event`)."""
        faq = self.index.faq
        person = self.of_the_person(analysis, context, combined, suggest_at)
        if person is not None and combined.outcome == "answered" and faq.get(person):
            return replace(combined, entry=faq.get(person), verdict=None)
        event = self.of_the_event(context, combined)
        if event is not None and faq.get(event) is not None and combined.reason is not None:
            asked = Reason("answered", combined.reason.words, f"the signing's: {event}")
            return replace(combined, outcome="answered", entry=faq.get(event), reason=asked)
        return combined

    def of_the_person(
        self, analysis: Analysis, context: Context, combined: MatchResult, suggest_at: float
    ) -> str | None:
        """The entry before, when the follow-up asks of a person it named ("Who signed for
        Japan? | แล้วเขามาจากองค์กรไหน": his entry says, not the parties') and can answer."""
        if context.topic not in self._people_entries or combined.entry is None:
            return None
        if combined.entry.id == context.topic or self.words.person_pronouns.isdisjoint(
            analysis.raw
        ):
            return None
        score = next((s.score for s in combined.ranked if s.entry.id == context.topic), 0.0)
        return context.topic if score >= suggest_at else None

    def of_the_event(self, context: Context, combined: MatchResult) -> str | None:
        """The entry of the signing's place or date, when a where or when the people before
        cannot tell is asked ("who presided | and where?": where the signing was)."""
        reason = combined.reason
        if context.topic not in self._people_entries or combined.outcome != "not-stated":
            return None
        if reason is None or reason.rule != "not-stated" or not reason.words:
            return None
        return self._event_slots.get(reason.words[0])

    def asks(self, tokens: list[str]) -> bool:
        """Whether the tokens hold a question word (ที่ไหน, when, กี่ข้อ) or name an item."""
        return any(self._kind(t) in ("question", "number") or t in self._ordinals for t in tokens)

    def combine(self, analysis: Analysis, context: Context) -> list[str]:
        """The follow-up's words with the context's: each kind of word the follow-up has (a
        question word, a name, a number) replaces the context's of that kind."""
        said = [t for t in analysis.tokens if t not in self._pronouns]
        other = self._other_side(said)
        if other is not None:
            # "แล้วอีกฝั่งล่ะ" after JETRO: the same question of the other party.
            swapped = [self._other_party.get(t, t) for t in context.words]
            if swapped != list(context.words):
                return list(dict.fromkeys([*swapped, *other]))
        side = self._country_side(said, context)
        if side is not None:
            return side
        before = self.index.faq.get(context.topic)
        listed = (before is not None and before.pillar) or not self._unit_words.isdisjoint(
            context.words
        )
        if listed and self._item_number(tuple(said)) is not None:
            # "แล้วข้อสุดท้ายล่ะ" after item 4, "how about the last one" after the list: the
            # item named is the topic (the list's words would pull back to the list)
            return [t for t in said if t not in self._unit_words]
        new = self._ordinal_as_item(said, context)
        if self.counts_an_item(analysis, context):
            # "what's no. 3?" after a list: the item names its own entry; the list's words
            # (รายการ, สาระสำคัญ) would pull back to the list.
            return [t for t in new if t not in self._unit_words] + [
                t for t in context.words if self._kind(t) == "name"
            ]
        kinds = {self._kind(t) for t in new} - {None}
        if "number" in kinds:
            # "อันสุดท้ายล่ะ" after "มีกี่ข้อ": naming an item asks what it is, not how many.
            kinds.add("question")
        kept = [t for t in context.words if self._kind(t) not in kinds]
        if "number" not in kinds:
            # "กี่ข้อ | แล้วมีอะไรบ้าง": what is asked now is of the same unit (ข้อ).
            kept += [u for t in context.words if self._kind(t) in kinds for u in self._unit_of(t)]
        return list(dict.fromkeys([*kept, *new]))

    def _country_side(self, said: list[str], context: Context) -> list[str] | None:
        """The context's words with its party swapped for the one of the country the
        follow-up names ("and the Thai side?" after "Who is JETRO?": TAI), else None."""
        for token in said:
            sides = self._side_of.get(token, {})
            for index, word in enumerate(context.words):
                swap = sides.get(word)
                if swap is not None and swap != word:
                    words = [*context.words[:index], swap, *context.words[index + 1 :]]
                    # the side word goes with the country ("ฝั่งไทย"): the party is named now
                    rest = [t for t in said if t != token and t not in self._side_words]
                    return list(dict.fromkeys([*words, *rest]))
        return None

    def _other_side(self, tokens: list[str]) -> list[str] | None:
        """The tokens without the words naming "the other side", if they name it."""
        for words in self._other_words:
            size = len(words)
            for start in range(len(tokens) - size + 1):
                if size and tuple(tokens[start : start + size]) == words:
                    return tokens[:start] + tokens[start + size :]
        return None

    def asks_apart(self, alone: MatchResult, combined: MatchResult, answer_at: float) -> bool:
        """Whether a question answered outright on its own asks apart from the topic before:
        read with it, it would be what the article does not tell of that topic ("ใครเป็น
        ประธาน | แล้วจัดที่ไหน": where it was held, not where the ministers were). A bare
        question word (ที่ไหน) still asks of the topic before."""
        if alone.outcome != "answered" or alone.best is None or alone.entry is None:
            return False
        if alone.best.score < answer_at or combined.outcome != "not-stated":
            return False
        asking = self.question_words | self.processor.rules.where_when_words
        own = [t for t in alone.tokens if t not in asking]
        # "ประชุม… | จัดวันไหน": what the topic before is said to do (its meetings are held)
        # asks of it; "ใครเป็นประธาน | แล้วจัดที่ไหน": the ministers hold nothing.
        return bool(own) and not (
            combined.entry and all(self.index.entry_knows(combined.entry.id, t) for t in own)
        )

    def keeps_alone(
        self,
        alone: MatchResult,
        combined: MatchResult,
        mode: str,
        context: Context,
        *,
        continued: bool,
        bars: tuple[float, float],
    ) -> bool:
        """Whether the question read alone wins over its reading in context: it asks apart
        from the topic before, picks an item of the list before, or (read both ways) scores
        as well; a part of a message with its own question word answered on its own is never
        bent to the part before ("how long does it last | and what even is an LOI").
        ``bars``: the answer bar and the lead a context needs to win a comparison."""
        answer_at, margin = bars
        if self.asks_apart(alone, combined, answer_at):
            return True
        if self.picks_an_item(alone, combined, context):
            return True
        if mode not in ("compare", "better") or alone.outcome != "answered":
            return False
        if continued and mode == "better":
            return True
        lead = (combined.best.score if combined.best else 0.0) - (
            alone.best.score if alone.best else 0.0
        )
        return lead < (margin if mode == "compare" else 0.0)

    def picks_an_item(self, alone: MatchResult, combined: MatchResult, context: Context) -> bool:
        """Whether a question after a list picks one of its items by what it is about
        ("which one's about batteries?" after the pillars): read with the list it finds the
        list again, read alone it answers an item outright."""
        if self._unit_words.isdisjoint(context.words) or combined.entry is None:
            return False
        if combined.entry.id != context.topic or alone.outcome != "answered":
            return False
        if combined.entry.pillar is not None:
            return False  # after an item ("ข้อ 3 | รวมแบตด้วยไหม") it is still of that item
        return alone.entry is not None and alone.entry.pillar is not None

    def counts_an_item(self, analysis: Analysis, context: Context) -> bool:
        """Whether an ordinal of the follow-up counts an item of the list before ("and the
        first one?" after the pillars: ข้อ 1, not the first agreement)."""
        if self._unit_words.isdisjoint(context.words):
            return False  # "when was the first one signed?" after the second agreement
        said = [t for t in analysis.tokens if t not in self._pronouns]
        new = self._ordinal_as_item(said, context)
        return self._item_number(tuple(new)) is not None and self._item_number(tuple(said)) is None

    def _unit_of(self, token: str) -> list[str]:
        """The unit a counting question word asks of (กี่ข้อ → ข้อ), if one."""
        for prefix in self._prefixes:
            rest = token[len(prefix) :] if token.startswith(prefix) else ""
            if rest in self._unit_words:
                return [rest]
        return []

    def _kind(self, token: str) -> str | None:
        if token in self.question_words or self._asks(token):
            return "question"
        if token in self._names:
            return "name"
        if any(ch.isdigit() for ch in token):
            return "number"
        return None

    def _asks(self, token: str) -> bool:
        """A word the synonyms made of a question (กี่ข้อ, ครั้งที่เท่าไหร่)."""
        if not any("\u0e00" <= ch <= "\u0e7f" for ch in token):
            return False
        return any(token.startswith(p) and token != p for p in self._prefixes) or any(
            token.endswith(s) and token != s for s in self._suffixes
        )

    def _ordinal_as_item(self, tokens: list[str], context: Context) -> list[str]:
        """ "and the fourth one?", "and the 4th?" after the pillars: the ordinal counts
        items (ข้อ 4); "ข้อถัดไปล่ะ" after item 1 is item 2."""
        # After a list (its unit words) or an item of it (ข้อ3), not any number: after the
        # second agreement (ครั้งที่2) "the first one" is the first agreement.
        listed = self._unit_words.intersection(context.words) or (
            self._item_number(context.words) is not None
        )
        if not self._item or not listed:
            return tokens
        current = self._item_number(context.words)
        out: list[str] = []
        for token in tokens:
            number = self._ordinal_tokens.get(token) or self._round_number(token)
            if number is None and token.isdigit() and 0 < int(token) <= 10:
                number = int(token)
            if number is None and token in self._last and self._item_count is not None:
                number = self._item_count  # "and the last?": the list's last item
            if number is None and current is not None:
                if token in self._next:
                    number = current + 1
                elif token in self._previous:
                    number = current - 1
            if number is None:
                if token not in self._ordinal_suffixes:
                    out.append(token)
                continue
            out.extend(self.processor.tokens(f"{self._item} {number}"))
        return out

    def _round_number(self, token: str) -> int | None:
        """The number of an ordinal the synonyms read as a round ("the 2nd one" → ครั้งที่2):
        after a list it counts its items."""
        for prefix in self._round_prefixes:
            rest = token[len(prefix) :] if token.startswith(prefix) else ""
            if rest.isdigit():
                return int(rest)
        return None

    def _item_number(self, words: tuple[str, ...]) -> int | None:
        """The item a context is about (ข้อ4 → 4), if one."""
        item = "".join(self.processor.tokens(self._item)) if self._item else ""
        for word in words:
            if item and word.startswith(item) and word[len(item) :].isdigit():
                return int(word[len(item) :])
        return None
