"""A message read by the part of it that asks.

A long message: its last clause, the last two, … (the scene first, the question last:
"ผมมีโรงงานชิ้นส่วน … อยากรู้ว่าเซ็นกันวันไหนครับ"). Any message: its opening up to a clause that
asks ("ลงนามปี ค.ศ. อะไรคะ | อาจารย์ให้ใส่เป็น ค.ศ."), and a request with what follows it
("ขอ list หัวข้อที่ร่วมมือกันหน่อย | จะทำสไลด์"). Never a middle clause alone: cut from its
context, "วันนี้ขึ้นมั้ย" would be about a date, not a share price.
"""

from __future__ import annotations

import re

from bot.match.scoring import Reading, Scorer
from bot.nlp.lexicon import RuleWords
from bot.nlp.normalize import has_thai

# A Thai clause runs to a space (a dot stays: ค.ศ., ก.พ.); an English one to . ? or !. Each keeps
# its closing marks, so a clause ending in "?" is known to ask.
THAI_CLAUSE = re.compile(r"[^\s?!]+[?!]*")
ENGLISH_CLAUSE = re.compile(r"(?:[^?!.,;]|;(?=[^\W\d_]))+[?!.,;]*")  # "tl;dr" is one word
# A message of this many tokens that matches nothing as a whole is read clause by clause.
LONG_MESSAGE_TOKENS = 8
# A message this long may set a scene (with words of its own) before it asks.
SCENE_TOKENS = 12


def clauses_of(question: str) -> list[str]:
    """The clauses of a message. Thai separates clauses, not words, with spaces, except around
    a word in Latin letters or digits, which stays in its clause ("อยากรู้ว่า LOI นี้ช่วยเรื่อง
    ชิ้นส่วน EV ยังไง"); English ends its sentences with . ? or !."""
    if not has_thai(question):
        return [c.strip() for c in ENGLISH_CLAUSE.findall(question) if c.strip(" ?!.,;")]
    out: list[str] = []
    last_piece = ""
    for piece in THAI_CLAUSE.findall(question):
        if out and not out[-1].endswith(("?", "!")) and not _thai_on_both_sides(last_piece, piece):
            out[-1] = f"{out[-1]} {piece}"
        else:
            out.append(piece)
        last_piece = piece
    return [c.strip() for c in out if c.strip(" ?!.,;")]


def _thai_on_both_sides(before: str, after: str) -> bool:
    """Whether a space stands between two pieces with Thai in them (not a word in Latin
    letters or a number on its own)."""
    return has_thai(before) and has_thai(after)


def _joined(tokens: list[str]) -> str:
    """Tokens as text again: Thai ones run together, a word in Latin letters keeps its spaces."""
    text = ""
    for token in tokens:
        text += f" {token}" if text and not (has_thai(text[-1]) and has_thai(token[0])) else token
    return text


def _alternatives(words: tuple[str, ...]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


class ClauseReader:
    """Reads a message by its clauses when the whole matches nothing outright.

    Args:
        scorer: ranks token lists.
        rules: the asking endings, polite endings and request openers (rules.yaml).
    """

    def __init__(self, scorer: Scorer, rules: RuleWords) -> None:
        self.scorer = scorer
        self.processor = scorer.index.processor
        self._question_words = rules.question_words
        endings = _alternatives(rules.asking_endings) or "(?!)"
        polite = _alternatives(rules.polite_endings)
        polite_part = f"(?:{polite})*" if polite else ""
        # A clause asks when it ends in "?" or a yes/no particle (or has a question word).
        self._asks_at_end = re.compile(rf"(?:\?\s*$)|(?:(?:{endings}){polite_part}\s*$)")
        # A request opens with ขอ, ช่วย, อยากรู้, please … but not ของ, ขอบคุณ, เรียนจบ.
        openers = _alternatives(rules.request_openers) or "(?!)"
        not_requests = _alternatives(rules.not_requests)
        exclude = f"(?!(?:{not_requests}))" if not_requests else ""
        self._request = re.compile(rf"^\s*{exclude}(?:{openers})", re.I)
        self._polite = frozenset(rules.polite_endings)
        self._reported = tuple(
            sorted((w.casefold() for w in rules.reported_openers), key=len)[::-1]
        )
        weak = rules.parts.not_closing
        self._endings = frozenset(rules.asking_endings) - weak
        self._thai_question_words = tuple(
            w for w in rules.question_words if has_thai(w) and w not in weak
        )

    def asks(self, text: str, tokens: list[str]) -> bool:
        """Whether a clause asks: it ends in "?" or an asking particle, or has a question word."""
        return bool(self._asks_at_end.search(text)) or bool(
            self._question_words.intersection(tokens)
        )

    def is_request(self, text: str) -> bool:
        """Whether a clause opens with a request (ขอ…, ช่วย…, please…)."""
        return bool(self._request.search(text))

    def read(
        self, question: str, words: list[str], whole: Reading, limit: int, read_values: bool
    ) -> Reading:
        """The best reading of a message among the whole and the parts of it that ask.

        A trailing clause must name something particular on its own ("มีพูดถึงไหมครับ" names
        nothing) and agree with the whole message's best entry (a clause that dropped the
        subject, "สุริยะมางานนี้ในฐานะอะไร | ตำแหน่งอะไร", is not read as another entry). Each
        clause is tokenised once.
        """
        texts = self.clauses(question)
        if len(texts) < 2:
            return whole
        clauses = [self.processor.tokens(c) for c in texts]
        spans = self._spans(texts, clauses, long=len(whole.tokens) >= LONG_MESSAGE_TOKENS)
        whole_best = whole.ranked[0].entry.id if whole.ranked else None
        index = self.scorer.index
        best = whole
        seen: set[tuple[str, ...]] = {tuple(words)}
        for (first, past), trailing in spans.items():
            window = [t for clause in clauses[first:past] for t in clause]
            if tuple(window) in seen:
                continue
            seen.add(tuple(window))
            reading = self.scorer.rank(window, limit, read_values=read_values)
            if not reading.ranked or (best.ranked and reading.best <= best.best):
                continue
            if not reading.content_matched and not all(map(index.knows, window)):
                continue  # "What's in JTEPA,": a clause naming only what the FAQ never knew
            if trailing and not (
                not index.specific.isdisjoint(reading.tokens)
                and reading.ranked[0].entry.id == whole_best
            ):
                continue
            best = Reading(
                reading.tokens,
                reading.ranked,
                reading.content_matched,
                span=" ".join(texts[first:past]),
            )
        return best

    def clauses(self, question: str) -> list[str]:
        """The clauses of a message; a long Thai clause typed without spaces (or spoken into
        the phone) is cut after a polite ending or a question word that more words follow, and
        before a request: "ใครร่วมมือกับใครบ้างคะ | ป้าอ่านชื่อย่อไม่ออก", "เซ็นกันวันที่เท่าไหร่ |
        ผมจำไม่ได้", "ผมเปิดร้านมาสามสิบปี | อยากรู้ว่า…"."""
        out: list[str] = []
        for text in (
            piece for clause in clauses_of(question) for piece in self._reported_in(clause)
        ):
            raw = self.processor.analyse(text).raw if has_thai(text) else []
            if len(raw) < LONG_MESSAGE_TOKENS:
                out.append(text)
                continue
            current: list[str] = []
            for index, token in enumerate(raw):
                if current and self.is_request(token):
                    # "…มาสามสิบปีแล้ว | อยากรู้ว่า…": a request opens a clause of its own.
                    out.append(_joined(current))
                    current = []
                current.append(token)
                following = raw[index + 1] if index + 1 < len(raw) else ""
                if (
                    following
                    and len(current) > 1
                    and self._closes(token)
                    and not self._closes(following)
                ):
                    out.append(_joined(current))
                    current = []
            if current:
                out.append(_joined(current))
        return out

    def _reported_in(self, text: str) -> list[str]:
        """A clause cut after the words that report someone's question ("หัวหน้าถามว่า |
        ใครเซ็น", "my boss asked me | when it was signed")."""
        folded = text.casefold()
        for marker in self._reported:
            at = folded.find(marker)
            rest = text[at + len(marker) :].strip() if at > 0 else ""
            if rest.strip(" ?!.,"):
                return [text[: at + len(marker)].strip(), rest]
        return [text]

    def reported_question(self, text: str) -> str:
        """The question a message reports ("ผู้ฟังทางบ้านถามว่า … ใช่มั้ยครับ", "Our next caller
        Mark asks when …"): what follows the last reporting words, when what stands before
        them asks nothing itself; else the message as it is."""
        folded = text.casefold()
        for marker in self._reported:
            at = folded.rfind(marker)
            if at <= 0 or (marker.isascii() and folded[at - 1].isalpha()):
                continue  # "tasks" is no "asks"
            before, rest = text[:at], text[at + len(marker) :].strip()
            if self._names_nothing(rest) and not self._names_nothing(before):
                # "รายงานระบุว่า … ขอเรียนสอบถามว่าถูกต้องหรือไม่": what is asked about stands
                # before; what follows only asks whether it is right
                continue
            if rest.strip(" ?!.,") and not self.asks(before, self.processor.tokens(before)):
                return rest
        return text

    def _names_nothing(self, text: str) -> bool:
        """Whether a text names nothing particular of the article (no word that few
        entries have): "ถูกต้องหรือไม่ อย่างไร", "สอดคล้องกับข่าวหรือไม่"."""
        specific = self.scorer.index.specific
        asking = self.processor.rules.question_words
        return not any(t in specific and t not in asking for t in self.processor.tokens(text))

    def reports(self, text: str) -> bool:
        """Whether a clause ends with the words that report a question (…ถามว่า)."""
        folded = text.casefold().rstrip()
        return any(folded.endswith(m) for m in self._reported)

    def _closes(self, token: str) -> bool:
        """Whether a token may end a spoken Thai clause: a polite ending, an asking ending or
        a question word (ending as one: วันที่เท่าไหร่)."""
        if token in self._polite or token in self._endings:
            return True
        return any(token.endswith(w) for w in self._thai_question_words)

    def _spans(
        self, texts: list[str], clauses: list[list[str]], *, long: bool
    ) -> dict[tuple[int, int], bool]:
        """The clause spans worth reading, (first, past-last) → whether it is a trailing one."""
        n = len(clauses)
        asks = [self.asks(text, clause) for text, clause in zip(texts, clauses, strict=True)]
        spans: dict[tuple[int, int], bool] = {}
        if long:
            spans.update(((start, n), True) for start in range(1, n))
        spans.update(((0, end + 1), False) for end in range(n - 1) if asks[end])
        spans.update(
            ((start, end), False)
            for start in range(n)
            if self.is_request(texts[start]) or (start > 0 and self.reports(texts[start - 1]))
            for end in range(start + 1, n + 1)
            if (start, end) != (0, n)
        )
        return spans

    def closing_where_when(self, question: str) -> frozenset[str]:
        """The where/when words closing a clause of an English message ("meetings, when?")."""
        if has_thai(question):
            return frozenset()
        rules = self.processor.rules
        where_when = rules.where_when_words
        closing = (self.processor.tokens(c)[-1:] for c in re.split(r"[,;?.!]", question))
        found = {t for last in closing for t in last if t in where_when}
        # "where will they be held", "the exact dates of the meetings": asked inside a clause
        typed = re.findall(r"[a-z]+", question.casefold())
        for index, word in enumerate(typed):
            following = typed[index + 1] if index + 1 < len(typed) else ""
            if word in rules.where_when_nouns:
                found.add(rules.where_when_nouns[word])
            elif following in rules.where_when_auxiliaries:
                found.update(t for t in self.processor.tokens(word) if t in where_when)
        return frozenset(found)

    def only_in_the_scene(self, question: str) -> bool:
        """Whether a long message's decline words all stand in clauses that ask nothing (the
        scene set before, a remark after), beside a clause that asks, names something and has
        none."""
        if len(self.processor.tokens(question)) < SCENE_TOKENS:
            return False
        # Clauses as spaced, else as spoken (a message typed without spaces).
        spaced = clauses_of(question)
        if self._scene_then_question(spaced):
            return True
        spoken = self.clauses(question)
        return spoken != spaced and self._scene_then_question(spoken)

    def _scene_then_question(self, texts: list[str]) -> bool:
        """Whether some clause asks and names something with no decline word, and every
        clause with one asks nothing: a scene set before the question, or a remark after it
        ("On which date did they sign? I must write it in a report to head office.")."""
        if len(texts) < 2:
            return False
        declined = asking = False
        for text in texts:
            analysis = self.processor.analyse(text)
            asks = self.asks(text, analysis.tokens)
            if analysis.decline is not None:
                if asks:
                    return False
                declined = True
            elif asks and not self.scorer.index.specific.isdisjoint(analysis.tokens):
                asking = True
        return declined and asking
