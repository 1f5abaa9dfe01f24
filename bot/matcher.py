"""Scores a question against every FAQ phrasing and picks the answer, suggestions or a decline.

The score of a question against one phrasing is a weighted Dice overlap of their tokens:
every token weighs its inverse entry frequency (rare words such as ที่ไหน or โรงแรม decide,
words found in every entry barely count), stop words weigh a fraction of that, and a word
never seen in the FAQ weighs the most — so an out-of-scope question (ราคาทอง, ฟุตบอล) explains
little of itself and is declined. Typos are absorbed by matching an unknown token to the
closest FAQ token with rapidfuzz. An inverted index keeps the work proportional to the
phrasings that share a word with the question, not to the size of the FAQ.
"""

from __future__ import annotations

import functools
import heapq
import math
import re
from collections import defaultdict
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from bot.knowledge import FAQ, Entry
from bot.text import QUESTION_WORDS, TextProcessor, detect_language

THAI_LETTER = re.compile("[\u0e00-\u0e7f]")
# A Thai clause runs to a space (a dot stays: ค.ศ., ก.พ.); an English one to . ? or !. Each keeps
# its closing marks, so a clause ending in "?" is known to ask.
THAI_CLAUSE = re.compile(r"[^\s?!]+[?!]*")
ENGLISH_CLAUSE = re.compile(r"[^?!.]+[?!.]*")
# A clause asks when it ends in "?" or a yes/no particle (or has a question word); a request
# opens with ขอ, ช่วย, อยากรู้, please ….
ASKS_AT_END = re.compile(
    r"(?:\?\s*$)"
    r"|(?:(?:ไหม|มั้ย|มั๊ย|ป่ะ|ปะ|ป่าว|เปล่า|หรือ|ใช่|เหรอ|หรอ|มะ)(?:ครับ|คับ|คะ|ค่ะ|จ้า|นะ|อ่ะ|อะ)*\s*$)",
)
REQUEST = re.compile(
    r"^\s*(?:ขอ(?![งบ])|ช่วย|อยากรู้|อยากทราบ|อยากได้|สอบถาม|รบกวน|เรียน(?!จบ)"
    r"|please|pls|tell me|explain|can you|could you)",
    re.I,
)

# Words that name no topic of the article on their own: "ชื่ออะไร" (what's the name?) alone
# could be about the LOI, a signatory or a minister.
GENERIC_WORDS = frozenset({"ชื่อ"})

# Asking where or when: an entry none of whose phrasings asks that cannot answer it ("ประชุม
# ครั้งแรกจัดวันไหน": the article gives the meetings no date; "JETRO ก่อตั้งปีไหน").
PLACE_AND_TIME = frozenset({"ที่ไหน", "เมื่อไหร่", "ปีไหน"})

# A message of this many tokens that matches nothing as a whole is read clause by clause.
LONG_MESSAGE_TOKENS = 8

# A weak (stop) word counts this much of its inverse entry frequency.
WEAK_FACTOR = 0.3
# A word found only in an entry's answer or title (not in its phrasings) counts this much.
ANSWER_FACTOR = 0.6
# A question with a decline word (ตอนนี้, ราคา, อยู่ไหน) is declined unless it is, words and all,
# this close to a phrasing (สถานที่ลงนามอยู่ไหน): the decline word did not change its meaning.
DECLINE_OVERRIDE_AT = 85.0
# A question with no content word (only question and stop words) is declined below this score.
CONTENT_FREE_ANSWER_AT = 65.0
# An unknown token is read as the closest FAQ token when at least this similar (0-100).
TYPO_CUTOFF = 80.0
TYPO_MIN_LENGTH = 3
TYPO_MAX_LENGTH_CHANGE = 2
# At most this many tokeniser fragments are joined back into one misspelt word.
MAX_FRAGMENTS = 4

# A member checking a fact names a value the FAQ does not know: "signed at the Centara?",
# "TAI with JICA?", "ผู้ลงนามชื่อสมชายใช่ไหม". Unknown words right after one of these cue words
# are read as the value the cue asks about (at X → where, with X → who): the question is about
# the venue or the parties whatever the value, and the answer gives the true one.
VALUE_CUES = {
    "ที่": "ที่ไหน",
    "at": "ที่ไหน",
    "in": "ที่ไหน",
    "โรงแรม": "ที่ไหน",
    "สถานที่": "ที่ไหน",
    "กับ": "คู่ความร่วมมือ",
    "with": "คู่ความร่วมมือ",
    "ชื่อ": "ใคร",
}
# Words that may stand between a cue and its value (at the Hilton, ที่ โรงแรม X).
VALUE_GAP = frozenset({"the", "a", "an", "โรงแรม"})
# An unknown year (signed in 2021?) asks about a year.
# Only years near the signing: 2030 or 2050 are targets the article does not speak of.
YEAR = re.compile(r"^(?:201[5-9]|202[0-6]|255[89]|256\d)$")
YEAR_WORD = "ปี"


@dataclass(frozen=True)
class MatcherConfig:
    """The decision thresholds, all on the 0-100 score scale.

    Attributes:
        answer_at: the best entry is answered at or above this score ...
        margin: ... when it leads the runner-up by at least this much (else "did you mean").
        suggest_at: entries at or above this (but not answered) are offered as "did you mean".
        max_suggestions: at most this many suggestions.
    """

    answer_at: float = 48.0
    margin: float = 2.0
    suggest_at: float = 45.0
    max_suggestions: int = 3
    # The score blends the best phrasing's Dice overlap with how much of the question the
    # entry as a whole (phrasings, title, answer) explains; this is the phrasing's share.
    phrasing_share: float = 0.5
    unknown_factor: float = 1.0


@dataclass(frozen=True)
class Scored:
    """An entry, its score and the phrasing that scored it."""

    entry: Entry
    score: float
    phrasing: str


@dataclass(frozen=True)
class MatchResult:
    """The matcher's verdict on one question."""

    tokens: tuple[str, ...]
    ranked: tuple[Scored, ...]  # best first, one per entry, at most `limit`
    outcome: str  # answered | suggested | declined
    suggestions: tuple[Entry, ...]

    @property
    def best(self) -> Scored | None:
        return self.ranked[0] if self.ranked else None


class Matcher:
    """An index over every phrasing of a FAQ.

    Args:
        faq: the entries to match against.
        processor: the text pipeline shared with the questions.
        config: decision thresholds.
    """

    def __init__(
        self, faq: FAQ, processor: TextProcessor, config: MatcherConfig | None = None
    ) -> None:
        self.faq = faq
        self.processor = processor
        self.config = config or MatcherConfig()
        self._phrasings: list[str] = []
        self._owner: list[int] = []  # phrasing index -> entry index
        self._token_sets: list[frozenset[str]] = []
        for entry_index, entry in enumerate(faq.entries):
            for phrasing in entry.questions:
                tokens = frozenset(processor.tokens(phrasing))
                if not tokens:
                    continue
                self._phrasings.append(phrasing)
                self._owner.append(entry_index)
                self._token_sets.append(tokens)

        # What each entry as a whole knows: its phrasings' words, then (weaker) the words of
        # its title and answer, so "ทาเคทานิ ตำแหน่งอะไร" finds the entry whose answer names him.
        entry_tokens: list[dict[str, float]] = [{} for _ in faq.entries]
        for index, tokens in enumerate(self._token_sets):
            entry_tokens[self._owner[index]].update(dict.fromkeys(tokens, 1.0))
        for entry_index, entry in enumerate(faq.entries):
            known = entry_tokens[entry_index]
            text = " ".join((entry.title, entry.title_en, entry.answer, entry.answer_en))
            for token in processor.tokens(text):
                known.setdefault(token, ANSWER_FACTOR)

        entry_count = max(len(faq.entries), 1)
        df: dict[str, int] = defaultdict(int)
        entry_postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
        for entry_index, known in enumerate(entry_tokens):
            for token, factor in known.items():
                df[token] += 1
                entry_postings[token].append((entry_index, factor))
        postings: dict[str, list[int]] = defaultdict(list)
        for index, tokens in enumerate(self._token_sets):
            for token in tokens:
                postings[token].append(index)
        self._postings = dict(postings)
        self._entry_postings = dict(entry_postings)
        self._weak = processor.weak_words
        self._weight = {token: self._idf(count, entry_count, token) for token, count in df.items()}
        self._unknown_weight = math.log(1 + entry_count / 0.5) * self.config.unknown_factor
        # A word (not a stop word) found in at most half of the entries names something
        # particular.
        self._specific = frozenset(
            t for t, count in df.items() if count <= entry_count / 2 and t not in self._weak
        )
        # A typo is looked up among the FAQ's words and the synonyms' variants (wher → where →
        # ที่ไหน), each leading to a word of the FAQ.
        self._typo_target = {
            variant: canonical
            for variant, canonical in processor.word_variants.items()
            if canonical in self._entry_postings
        }
        self._typo_target.update((token, token) for token in self._entry_postings)
        # Words by length: a typo changes the length by TYPO_MAX_LENGTH_CHANGE at most, so only
        # words of about the same length are compared.
        by_length: dict[int, list[str]] = defaultdict(list)
        for word in self._typo_target:
            by_length[len(word)].append(word)
        self._vocab_near_length = {
            length: [
                w
                for near in range(
                    length - TYPO_MAX_LENGTH_CHANGE, length + TYPO_MAX_LENGTH_CHANGE + 1
                )
                for w in by_length.get(near, ())
            ]
            for length in range(1, max(by_length, default=0) + TYPO_MAX_LENGTH_CHANGE + 1)
        }
        # A typo look-up costs a rapidfuzz scan; members repeat their words, so remember some.
        self._cached_look_up = functools.lru_cache(maxsize=8192)(self._look_up)
        # The where/when question words each entry's phrasings use (see PLACE_AND_TIME).
        self._asks: dict[str, frozenset[str]] = defaultdict(frozenset)
        for index, tokens in enumerate(self._token_sets):
            entry_id = faq.entries[self._owner[index]].id
            self._asks[entry_id] = self._asks[entry_id] | (tokens & PLACE_AND_TIME)
        self._phrasing_weight = [
            sum(self._weight[t] for t in tokens) for tokens in self._token_sets
        ]

    def _idf(self, df: int, n: int, token: str) -> float:
        weight = math.log(1 + n / df)
        return weight * WEAK_FACTOR if token in self._weak else weight

    def _token_weight(self, token: str) -> float:
        weight = self._weight.get(token)
        if weight is not None:
            return weight
        # An unknown number is a value (2021 in "signed in 2021, right?"), not a topic.
        weak = token in self._weak or token.isdigit() or len(token) == 1
        return self._unknown_weight * (WEAK_FACTOR if weak else 1.0)

    def _resolve(self, token: str) -> tuple[str, float] | None:
        """The FAQ token this question token stands for, with its similarity (0-1)."""
        return self._cached_look_up(token)

    def _look_up(self, token: str) -> tuple[str, float] | None:
        if token in self._entry_postings:
            return token, 1.0
        if len(token) < TYPO_MIN_LENGTH or token.isdigit():
            return None
        # A typo changes a letter or two; a longer or shorter word is another word
        # (นายกรัฐมนตรี is not a misspelt รัฐมนตรี).
        choices = self._vocab_near_length.get(len(token), ())
        found = process.extractOne(token, choices, scorer=fuzz.ratio, score_cutoff=TYPO_CUTOFF)
        if found is None:
            return None
        return self._typo_target[found[0]], found[1] / 100.0

    def _merge_split_words(self, tokens: list[str]) -> list[str]:
        """Mend the tokeniser's cuts around words the FAQ knows.

        Neighbours are joined when together they are a FAQ word (ที่ + ไหน → ที่ไหน), or when
        two to four unknown Thai fragments together are a typo of one (วัตถุ + ประ + สง →
        วัตถุประสงค์): the tokeniser does not know a misspelt word, so it cuts it up. An unknown
        compound is split in two when both halves are known (เป้าหมายหลัก → เป้าหมาย + หลัก).
        """
        out: list[str] = []
        i = 0
        while i < len(tokens):
            if tokens[i] not in self._entry_postings:
                joined = self._join_fragments(tokens, i)
                if joined is not None:
                    word, used = joined
                    out.append(word)
                    i += used
                    continue
                halves = self._split_compound(tokens[i])
                if halves is not None:
                    out.extend(halves)
                    i += 1
                    continue
            out.append(tokens[i])
            i += 1
        return out

    def _join_fragments(self, tokens: list[str], start: int) -> tuple[str, int] | None:
        for size in range(min(MAX_FRAGMENTS, len(tokens) - start), 1, -1):
            window = tokens[start : start + size]
            joined = "".join(window)
            if joined in self._entry_postings:
                return joined, size
            if (
                all(t not in self._entry_postings for t in window)
                and all(THAI_LETTER.search(t) for t in window)
                and self._resolve(joined) is not None
            ):
                return joined, size
        return None

    def _split_compound(self, token: str) -> tuple[str, str] | None:
        if len(token) < 4 or not THAI_LETTER.search(token):
            return None
        known = self._typo_target
        for cut in range(len(token) - 2, 1, -1):
            left, right = token[:cut], token[cut:]
            if left in known and right in known:
                return known[left], known[right]
        return None

    def _read_values(self, tokens: list[str]) -> list[str]:
        """Replace the unknown values a member checks by what they stand for (see VALUE_CUES)."""
        out: list[str] = []
        i = 0
        while i < len(tokens):
            token = tokens[i]
            i += 1
            if self._resolve(token) is None and YEAR.match(token):
                out.append(YEAR_WORD if YEAR_WORD in self._entry_postings else token)
                continue
            out.append(token)
            slot = VALUE_CUES.get(token)
            if slot is None or slot not in self._entry_postings:
                continue
            while i < len(tokens) and tokens[i] in VALUE_GAP:
                out.append(tokens[i])
                i += 1
            # The value: the unknown words after the cue (the tokeniser may have cut a name up).
            end = i
            while (
                end < len(tokens)
                and not tokens[end].isdigit()
                and self._resolve(tokens[end]) is None
            ):
                end += 1
            value = "".join(tokens[i:end])
            if value and not self.processor.is_common_word(value):
                out.append(slot)
                i = end
        return out

    def _rank(
        self, words: list[str], limit: int, *, read_values: bool = True
    ) -> tuple[tuple[str, ...], tuple[Scored, ...], bool]:
        """The mended tokens, the best entries, and whether a known content word is there."""
        mended = self._merge_split_words(words)
        tokens = tuple(dict.fromkeys(self._read_values(mended) if read_values else mended))
        overlap: dict[int, float] = defaultdict(float)
        coverage: dict[int, float] = defaultdict(float)
        query_weight = 0.0
        content_matched = False
        for token in tokens:
            resolved = self._resolve(token)
            if resolved is None:
                query_weight += self._token_weight(token)
                continue
            known, similarity = resolved
            content_matched |= not (
                known in QUESTION_WORDS
                or known in self._weak
                or known.isdigit()
                or known in GENERIC_WORDS
            )
            weight = self._weight[known]
            query_weight += weight
            for index in self._postings.get(known, ()):
                overlap[index] += weight * similarity
            for entry_index, factor in self._entry_postings[known]:
                coverage[entry_index] += weight * similarity * factor

        share = self.config.phrasing_share
        best_dice: dict[int, tuple[float, int]] = {}
        for index, shared in overlap.items():
            dice = 2.0 * shared / (query_weight + self._phrasing_weight[index])
            owner = self._owner[index]
            current = best_dice.get(owner)
            if current is None or dice > current[0]:
                best_dice[owner] = (dice, index)
        best_per_entry: dict[int, tuple[float, int]] = {}
        for owner, covered in coverage.items():
            dice, index = best_dice.get(owner, (0.0, -1))
            score = 100.0 * (share * dice + (1 - share) * covered / query_weight)
            best_per_entry[owner] = (score, index)
        top = heapq.nlargest(limit, best_per_entry.items(), key=lambda item: item[1][0])
        ranked = tuple(
            Scored(
                self.faq.entries[owner],
                round(score, 1),
                self._phrasings[index] if index >= 0 else "",
            )
            for owner, (score, index) in top
        )
        return tokens, ranked, content_matched

    def match(self, question: str, limit: int = 5) -> MatchResult:
        """Rank the entries for ``question`` and decide what to do with it.

        The message is ranked as a whole; when that matches nothing outright, the parts of it
        that ask are ranked on their own too (see :meth:`_read_by_clauses`) and the best
        reading is kept. Then the declines: a decline word, no content word, or a where/when
        the best entry never tells.
        """
        analysis = self.processor.analyse(question)
        # A value next to a decline word is what the article does not cover (LOI กับจีน).
        read_values = not analysis.beyond_the_article
        reading = self._rank(analysis.tokens, limit, read_values=read_values)
        whole = reading[1][0].score if reading[1] else 0.0
        # A decline word stands unless the whole message is a near-exact phrasing: no clause
        # read alone can change that, so none is read.
        if analysis.beyond_the_article and whole < DECLINE_OVERRIDE_AT:
            return MatchResult(reading[0], reading[1], "declined", ())
        if whole < self.config.answer_at:
            reading = self._read_by_clauses(question, analysis.tokens, reading, limit, read_values)
        tokens, ranked, content_matched = reading
        # A question whose only known words are question words, stop words or numbers (เป็นไงบ้าง,
        # ใครอ่ะ) names nothing of the article.
        best = ranked[0].score if ranked else 0.0
        numbers_only = all(t.isdigit() for t in tokens)
        if not content_matched and (best < CONTENT_FREE_ANSWER_AT or numbers_only):
            return MatchResult(tokens, ranked, "declined", ())
        if ranked and self._cannot_tell(question, analysis.tokens, ranked[0].entry):
            return MatchResult(tokens, ranked, "declined", ())
        outcome, suggestions = self._decide(ranked)
        return MatchResult(tokens, ranked, outcome, suggestions)

    def _read_by_clauses(
        self,
        question: str,
        words: list[str],
        whole: tuple[tuple[str, ...], tuple[Scored, ...], bool],
        limit: int,
        read_values: bool,
    ) -> tuple[tuple[str, ...], tuple[Scored, ...], bool]:
        """The best reading of a message among the whole and the parts of it that ask.

        A long message: its last clause, the last two, … (the scene first, the question last:
        "ผมมีโรงงานชิ้นส่วน … อยากรู้ว่าเซ็นกันวันไหนครับ"). Any message: its opening up to a clause
        that asks ("ลงนามปี ค.ศ. อะไรคะ | อาจารย์ให้ใส่เป็น ค.ศ.", "What is TAI? | Thai Automotive
        something?"), and a request with what follows it ("ขอ list หัวข้อที่ร่วมมือกันหน่อย |
        จะทำสไลด์"). Never a middle clause alone: cut from its context, "วันนี้ขึ้นมั้ย" would be
        about a date, not a share price. A trailing clause must name something particular on its
        own ("มีพูดถึงไหมครับ" names nothing) and agree with the whole message's best entry (a
        clause that dropped the subject, "สุริยะมางานนี้ในฐานะอะไร | ตำแหน่งอะไร", is not read as
        another entry). Each clause is tokenised once.
        """
        texts = clauses_of(question)
        if len(texts) < 2:
            return whole
        clauses = [self.processor.tokens(c) for c in texts]
        n = len(clauses)
        asks = [
            bool(ASKS_AT_END.search(text)) or bool(QUESTION_WORDS.intersection(clause))
            for text, clause in zip(texts, clauses, strict=True)
        ]
        spans: dict[tuple[int, int], bool] = {}  # (first, past-last clause) -> trailing
        if len(whole[0]) >= LONG_MESSAGE_TOKENS:
            spans.update(((start, n), True) for start in range(1, n))
        spans.update(((0, end + 1), False) for end in range(n - 1) if asks[end])
        spans.update(
            ((start, end), False)
            for start in range(n)
            if REQUEST.search(texts[start])
            for end in range(start + 1, n + 1)
            if (start, end) != (0, n)
        )
        whole_best = whole[1][0].entry.id if whole[1] else None
        best = whole
        seen: set[tuple[str, ...]] = {tuple(words)}
        for (first, past), trailing in spans.items():
            window = [t for clause in clauses[first:past] for t in clause]
            if tuple(window) in seen:
                continue
            seen.add(tuple(window))
            reading = self._rank(window, limit, read_values=read_values)
            ranked = reading[1]
            if not ranked or (best[1] and ranked[0].score <= best[1][0].score):
                continue
            if trailing and not (
                self._names_something(reading[0]) and ranked[0].entry.id == whole_best
            ):
                continue
            best = reading
        return best

    def _cannot_tell(self, question: str, words: list[str], entry: Entry) -> bool:
        """Whether the question asks where or when and ``entry`` never tells that.

        Only what the member asked counts, not a slot read from a checked value ("ที่เขาพูดกัน"
        is no place); in English only an opening where/when asks ("what was his title when he
        signed" does not).
        """
        opening = words[:2] if detect_language(question) == "en" else words
        asked = PLACE_AND_TIME.intersection(opening)
        return bool(asked) and not asked & self._asks[entry.id]

    def _names_something(self, tokens: tuple[str, ...]) -> bool:
        """Whether the tokens have a word (not a stop word) found in at most half of the entries."""
        return not self._specific.isdisjoint(tokens)

    def _decide(self, ranked: tuple[Scored, ...]) -> tuple[str, tuple[Entry, ...]]:
        cfg = self.config
        if not ranked or ranked[0].score < cfg.suggest_at:
            return "declined", ()
        best = ranked[0].score
        runner_up = ranked[1].score if len(ranked) > 1 else 0.0
        if best >= cfg.answer_at and best - runner_up >= cfg.margin:
            return "answered", ()
        close = [
            s.entry
            for s in ranked
            if s.score >= cfg.suggest_at and best - s.score < 2 * cfg.margin + 10
        ]
        return "suggested", tuple(close[: cfg.max_suggestions])

    def explain(self, question: str) -> str:
        """A human-readable trace of a match, for curators debugging a phrasing."""
        result = self.match(question)
        lines = [f"tokens: {' | '.join(result.tokens)}", f"outcome: {result.outcome}"]
        for scored in result.ranked:
            lines.append(f"  {scored.score:5.1f}  {scored.entry.id:<28} via: {scored.phrasing}")
        return "\n".join(lines)


def clauses_of(question: str) -> list[str]:
    """The clauses of a message. Thai separates clauses, not words, with spaces; English ends
    its sentences with . ? or !."""
    clause = THAI_CLAUSE if THAI_LETTER.search(question) else ENGLISH_CLAUSE
    return [c.strip() for c in clause.findall(question) if c.strip(" ?!.")]
