"""A message that asks several things, cut into the parts that each ask one.

"ลงนามวันไหน ที่ไหน", "Who signed and who witnessed?", "ข้อ 3 กับข้อ 5 คืออะไร": the message is
cut at , ; ? and line breaks, at the spaces between Thai clauses and at the joining words of
rules.yaml (``parts.joiners``). A piece that does not ask joins the piece after it, or, when
both are short and name parallel things ("ข้อ 3 | กับ | ข้อ 5 คืออะไร"), takes the question of
the piece after it. Only a message with two pieces or more that ask is cut.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.match.clauses import ClauseReader
from bot.match.part_merge import PartMerger, join_tokens
from bot.match.terse import TerseTopics
from bot.match.yesno import is_check
from bot.nlp.normalize import has_thai
from bot.nlp.pipeline import Analysis, TextProcessor

# A numbered list ("๑.ความร่วมมือหมดอายุยัง ๒.หลังเซ็น…", "1) … 2) …") breaks too.
_NUMBERS = r"(?:^|\s)\(?[0-9๐-๙]{1,2}[.)](?!\d)|(?:^|\s)\([a-hก-ฉ]\)"
_NUMBERING = "|" + _NUMBERS
_NUMBERED = re.compile(_NUMBERS)
# " + " and " & " join two questions ("who signed it + where?").
_BREAKS_EN = r"|\s[+&]\s"
# What stands before each question mark, back to the break before it.
_ASKED = re.compile(r"([^,;?!？\n、]+)[?？]")
# A semicolon inside a word ("tl;dr") is no break.
_PUNCTUATION = r"(?:[,?!？\n、—–]|[;:](?![^\W\d_])|\s-\s)+"
BREAKS = re.compile(_PUNCTUATION + r"|\.\s+" + _NUMBERING + _BREAKS_EN)
# Thai abbreviations end in a dot (ค.ศ. 2022, พ.ศ.): in Thai a dot is no break.
THAI_BREAKS = re.compile(_PUNCTUATION + _NUMBERING + _BREAKS_EN)


KINDS_KEPT = 20_000  # tokens whose question kind is kept (a bounded memo)


@dataclass(frozen=True)
class _Cues:
    """What a whole message says of its pieces (:meth:`PartSplitter._cues`)."""

    terse: frozenset[str]  # terse topics each closed by a question mark
    checks: frozenset[str]  # English checks closed by a question mark
    listed: frozenset[str]  # the items of a numbered list
    question: bool  # the message ends with a question mark


class PartSplitter:
    """Cuts a message into the parts that each ask one thing.

    Args:
        processor: the text pipeline (tokens, rule words).
        clauses: tells whether a piece asks.
        specific: words that name something particular (the index's).
        named: the words naming the article's people, organisations and countries.
        answer_at: the score a terse topic must reach alone to be a part of its own.
    """

    def __init__(
        self,
        processor: TextProcessor,
        clauses: ClauseReader,
        specific: frozenset[str],
        named: frozenset[str] = frozenset(),
        answer_at: float = 48.0,
    ) -> None:
        self.processor = processor
        self.clauses = clauses
        self.specific = specific
        self.named = named
        rules = processor.rules
        self._joiners = sorted(
            (tuple(processor.analyse(j).raw) or (j,) for j in rules.parts.joiners),
            key=len,
            reverse=True,
        )
        self._short = rules.parts.short_part
        # Question words, and the where/when ones (ปีไหน) that the synonyms make their own.
        self._question_words = rules.question_words | rules.where_when_words
        self._weak_question_words = rules.parts.weak_question_words
        self._prefixes = rules.parts.question_prefixes
        self._suffixes = rules.parts.question_suffixes
        self._follow_up_endings = rules.follow_ups.endings
        self._kinds: dict[str, str | None] = {}
        self._auxiliaries = frozenset(o for o in rules.checks.english_openers if " " not in o)
        self._where_when = rules.where_when_words | rules.parts.own_slot_words
        # Words that name no topic: stop words, "about", "name", "item" (a part of only these
        # and a question word names nothing of its own).
        self._not_content = (
            processor.weak_words
            | rules.generic_words
            | rules.claims.about_words
            | {t for u in rules.claims.pillar_units for t in processor.tokens(u)}
        )
        self.terse_topics = TerseTopics(
            processor,
            clauses.scorer,
            specific=specific,
            named=named,
            not_content=self._not_content | self._question_words,
            answer_at=answer_at,
        )
        self.merger = PartMerger(
            processor,
            specific=specific,
            question_words=self._question_words,
            not_content=self._not_content,
            short=self._short,
        )

    def split(self, question: str) -> list[str]:
        """The parts of a message that asks several things, else an empty list."""
        texts: list[str] = []
        asking: set[int] = set()
        joined_at: set[int] = set()  # pieces a joiner (and, plus) stands before
        opened_at: set[int] = set()  # … after a comma or a stop too (", and hotel name")
        cues = self._cues(question)
        for chunk in self.chunks(question):
            analysis = self.processor.analyse(chunk)
            pieces = [
                q for p in self._at_joiners(analysis.raw) if p for q in self._at_where_when(p)
            ]
            found = self._asking(chunk, analysis, pieces, cues, after_another=bool(texts))
            asking.update(len(texts) + n for n in found)
            if self._starts_with_joiner(analysis.raw):
                opened_at.add(len(texts))
            joined_at.update(len(texts) + n for n in range(len(pieces)) if n > 0)
            joined_at.update(opened_at)
            texts += [join_tokens(p) for p in pieces]
        kept = [(i, t) for i, t in enumerate(texts) if self.processor.tokens(t)]
        if len(kept) < 2:
            return []
        if not has_thai(question) and not self.checks(question):
            # "Signing date, and when does the term end?", "pillar 1 and pillar 5 explain
            # please": a terse topic beside a part about something else asks for itself.
            own = [self.asks(t) for _, t in kept]
            asking.update(self.terse_topics.parts(kept, asking, own, joined_at, opened_at))
        # (no bound method of the splitter is kept by the merger: no reference cycle)
        parts = self.merger.merge(
            [t for _, t in kept],
            [i in asking or self.asks(t) for i, t in kept],
            terse=bool(cues.terse),
        )
        return parts if len(parts) >= 2 else []

    def _cues(self, question: str) -> _Cues:
        """What the message as a whole says of its pieces: terse topics and checks closed by
        question marks, the items of a numbered list, whether it is a question."""
        # "does it cover EV parts? and what about training?": an English clause a question
        # mark closes that opens like a check asks, though no question word does
        checks = {c.strip() for c in _ASKED.findall(question) if self._opens_check(c)}
        # "ขอทราบ (1) วันที่ลงนาม และ (2) สถานที่", "revert with 1) the objective 2) the areas":
        # each item of a numbered list is asked for
        items = [i.strip() for i in _NUMBERED.split(question)[1:]]
        listed = frozenset(i for i in items if i) if len(items) >= 2 else frozenset()
        asked = question.rstrip().endswith(("?", "？"))
        return _Cues(frozenset(self._question_marked(question)), frozenset(checks), listed, asked)

    def _asking(
        self,
        chunk: str,
        analysis: Analysis,
        pieces: list[list[str]],
        cues: _Cues,
        *,
        after_another: bool,
    ) -> set[int]:
        """Which pieces of a chunk ask (their positions in it)."""
        if not pieces:
            return set()
        found: set[int] = set()
        particular = [
            not self.specific.isdisjoint(self.processor.tokens(join_tokens(p))) for p in pieces
        ]
        if cues.question:
            # "how long is the LOI valid | and is this their first one?": in a question, an
            # English piece opening with an auxiliary and naming something particular asks
            found.update(
                n
                for n, piece in enumerate(pieces)
                if particular[n] and self._opens_check(join_tokens(piece), auxiliary=True)
            )
        if any(item.startswith(chunk) for item in cues.listed):
            found.update(n for n in range(len(pieces)) if particular[n])
        last = len(pieces) - 1
        closed = chunk in cues.terse or chunk in cues.checks
        if (closed and len(pieces) == 1) or self.clauses.asks(chunk, []):
            # "venue? date? weekday?", "…ในไทยไหมคะ": the piece a question mark or an asking
            # ending closes asks (the ending is stripped from its tokens).
            found.add(last)
        joined = sum(len(p) for p in pieces) < len(analysis.raw)
        # "แล้วเจโทรล่ะ": a last piece after a joiner, in a chunk closing like a follow-up,
        # asks again what was asked of the one before.
        closing = self.processor.without_polite_endings(analysis.normalized)
        if after_another and closing.endswith(self._follow_up_endings):
            found.add(last)
        elif joined and (after_another or len(pieces) > 1):
            # "what does TAI stand for, and JETRO?": a short last piece after a joiner
            # naming something asks again what the piece before asked.
            tokens = self.processor.tokens(join_tokens(pieces[-1]))
            if 0 < len(tokens) <= self._short and all(self._names(t) for t in tokens):
                found.add(last)
        return found

    def _opens_check(self, clause: str, *, auxiliary: bool = False) -> bool:
        """Whether an English clause opens like a yes/no question ("does it cover …"); with
        ``auxiliary``, with one word only ("is", "did"; not "i heard", "please confirm")."""
        words = [] if has_thai(clause) else self.processor.analyse(clause).normalized.split()
        openers = self.processor.rules.checks.english_openers
        if auxiliary:
            openers = tuple(o for o in openers if " " not in o)
        return any(words[: len(o.split())] == o.split() for o in openers)

    def names_its_entry(self, piece: str) -> bool:
        """Whether an English part is a terse topic naming its entry alone ("term" in "venue
        and term?"): not read as continuing the part before."""
        return self.terse_topics.names_its_entry(piece, asks_itself=self.asks(piece))

    def closed(self, question: str) -> set[str]:
        """The parts an asking ending of their own closes ("มีเรื่องเทรนคนด้วยรึเปล่าคะ"), as
        :meth:`split` gives them: such a part asks for itself."""
        out: set[str] = set()
        for chunk in self.chunks(question):
            if self.clauses.asks(chunk, []):
                pieces = [
                    q
                    for p in self._at_joiners(self.processor.analyse(chunk).raw)
                    if p
                    for q in self._at_where_when(p)
                ]
                if pieces:
                    out.add(join_tokens(pieces[-1]))
        return out

    def terse(self, question: str) -> bool:
        """Whether the message is only terse topics each closed by a question mark ("venue?
        date? weekday?"): its parts are separate questions, none continuing another."""
        return bool(self._question_marked(question))

    def _question_marked(self, question: str) -> set[str]:
        """The terse topics a question mark closes, when the message has two or more of them
        ("venue? date? weekday?", "venue? term? and what does JETRO stand for?")."""
        closed = [c.strip() for c in _ASKED.findall(question)]
        # Two terse topics at least ("METI?" alone after "which org?" guesses an answer).
        terse = {c for c in closed if not self.asks(c)}
        return terse if len(terse) >= 2 else set()

    def checks(self, text: str) -> bool:
        """Whether a piece checks a claim explicitly (ใช่ไหม, "…, right?")."""
        return is_check(text, self.processor.analyse(text), self.processor, explicit=True)

    def topical(self, text: str) -> bool:
        """Whether a piece names something particular of the article (a word few entries
        have, or one of its people, organisations and countries)."""
        tokens = self.processor.tokens(text)
        return not self.specific.isdisjoint(tokens) or not self.named.isdisjoint(tokens)

    def chunks(self, question: str) -> list[str]:
        """The message cut at punctuation, then, in Thai, at a space after a clause that asks
        on its own ("ลงนามวันไหน ที่ไหน"; not "ข้อ 3 กับข้อ 5 คืออะไร")."""
        breaks = THAI_BREAKS if has_thai(question) else BREAKS
        chunks = [c.strip() for c in breaks.split(question) if c.strip()]
        if not has_thai(question):
            return chunks
        out: list[str] = []
        for chunk in chunks:
            current: list[str] = []
            clauses = chunk.split()
            for index, clause in enumerate(clauses):
                current.append(clause)
                following = clauses[index + 1] if index + 1 < len(clauses) else ""
                # "มีกี่ pillar ครับ": a Thai clause followed by an English word goes on.
                # "… LOI ไหมครับ | จะอ้างในเอกสาร": an ending alone closes what runs before.
                ending = not self.processor.tokens(clause) and self.clauses.asks(clause, [])
                if (ending or self._asks_at_edge(clause)) and has_thai(following[:1] or "ก"):
                    out.append(" ".join(current))
                    current = []
            if current:
                out.append(" ".join(current))
        return out

    def _names(self, token: str) -> bool:
        """Whether a token names one of the article's things or items (เจโทร, ข้อ3)."""
        return token in self.named or (token in self.specific and any(ch.isdigit() for ch in token))

    def _asks_at_edge(self, text: str) -> bool:
        """Whether a Thai clause asks where it ends or starts (ลงนามวันไหน, ใครลงนาม): where a
        space may close a question. "คือ" alone does not (ฝั่งไทยคือ | สยย.)."""
        tokens = self.processor.tokens(text)
        asking = self._question_words - self._weak_question_words
        if tokens and (tokens[-1] in asking or tokens[0] in asking):
            return True
        raw = self.processor.analyse(text).raw if has_thai(text) else []
        if raw and (self._asking_word(raw[0]) or self._asking_word(raw[-1])):
            return True  # "ใครกับใคร…": a question the synonyms made a topic word
        return (self.clauses.asks(text, tokens) and not asking.isdisjoint(tokens)) or bool(
            self.clauses.asks(text, []) and tokens
        )

    def asks(self, text: str, *, remark_endings: bool = True) -> bool:
        """Whether a piece asks on its own: a question word (also one the synonyms turned into
        a topic word: กี่ปี), an asking ending, or a follow-up's ending ("แล้วเจโทรล่ะ"; without
        ``remark_endings`` only beside something named: "จำไม่ได้ละ" remarks). (A
        request alone, "ขอเป็นข้อๆ", says how to answer, not what.)"""
        analysis = self.processor.analyse(text)
        asking = self._question_words - self._weak_question_words
        if asking.intersection(analysis.tokens) or asking.intersection(analysis.raw):
            return True
        if any(self._asking_word(t) for t in analysis.raw):
            return True
        closing = self.processor.without_polite_endings(analysis.normalized)
        if any(closing.endswith(e) for e in self._follow_up_endings):
            return remark_endings or self.topical(text)
        return self.clauses.asks(text, [])

    def _asking_word(self, token: str) -> bool:
        if not has_thai(token):
            return False
        return any(token.startswith(p) and token != p for p in self._prefixes) or any(
            token.endswith(s) and token != s for s in self._suffixes
        )

    def _at_where_when(self, raw: list[str]) -> list[list[str]]:
        """A piece cut before a where or when word that follows another question word
        ("เซ็นวันไหน | ที่ไหน", "ใครเซ็น | ที่ไหน", "who signed | where")."""
        kinds = [self._question_kind(t) for t in raw]
        for index in range(1, len(raw)):
            kind = kinds[index]
            earlier = {k for k in kinds[:index] if k is not None}
            if kind in self._where_when and earlier and kind not in earlier:
                if self._conjunction(raw, index):
                    continue  # "who was representing TAI when it was signed": no question
                return [raw[:index], *self._at_where_when(raw[index:])]
        return [raw]

    def _conjunction(self, raw: list[str], index: int) -> bool:
        """Whether an English where or when joins a clause ("… when it was signed") rather
        than asks ("who signed, and when was it?", "who signed | where"): a question word is
        followed by an auxiliary or by nothing."""
        if not raw[index].isascii() or index + 1 >= len(raw):
            return False
        return raw[index + 1] not in self._auxiliaries

    def _question_kind(self, token: str) -> str | None:
        """The question word a raw token is (canonical: วันไหน → เมื่อไหร่), or None; kept for
        the tokens met most lately (each would be run through the whole pipeline again)."""
        if token in self._kinds:
            return self._kinds[token]
        asking = self._question_words - self._weak_question_words
        canonical = self.processor.tokens(token)
        found = next((t for t in canonical if t in asking), None)
        if found is None and any(self._asking_word(t) for t in canonical):
            found = canonical[-1]
        if len(self._kinds) >= KINDS_KEPT:
            del self._kinds[next(iter(self._kinds))]  # the oldest
        self._kinds[token] = found
        return found

    def _at_joiners(self, raw: list[str]) -> list[list[str]]:
        pieces: list[list[str]] = [[]]
        i = 0
        while i < len(raw):
            joiner = next((j for j in self._joiners if tuple(raw[i : i + len(j)]) == j), None)
            if joiner is not None:
                if pieces[-1]:
                    pieces.append([])
                i += len(joiner)
                continue
            pieces[-1].append(raw[i])
            i += 1
        return pieces

    def _starts_with_joiner(self, raw: list[str]) -> bool:
        return any(tuple(raw[: len(j)]) == j for j in self._joiners)
