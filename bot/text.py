"""The Thai (and English) text pipeline: normalise, tokenise, map synonyms, drop fillers.

Questions and FAQ phrasings go through the same :class:`TextProcessor`, so whatever it does to
one it does to the other. Nothing here knows about Telegram or about the FAQ entries.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from pythainlp.corpus import corpus_path, thai_stopwords, thai_words
from pythainlp.tokenize import Tokenizer
from pythainlp.util import normalize as thai_normalize
from rapidfuzz import process
from rapidfuzz.distance import OSA

from bot.knowledge import KnowledgeError, Problem, read_yaml

MAX_QUESTION_CHARS = 500  # a question longer than this is cut before matching
ENGLISH_TYPO_MIN_LENGTH = 5  # shorter English words are not mended (rain ≠ train)
# A word seen this often in the Thai National Corpus is an everyday word, not a name.
COMMON_WORD_COUNT = 1000
TNC_FREQUENCIES = "tnc_freq.txt"  # shipped with PyThaiNLP: word<TAB>count

# Question words carry the intent (ลงนามที่ไหน vs ลงนามวันไหน); PyThaiNLP lists many of them as
# stop words, so they are kept out of the low-weight set whatever the stop-word list says.
QUESTION_WORDS = frozenset(
    [
        "ใคร",
        "ที่ไหน",
        "ไหน",
        "เมื่อไหร่",
        "เมื่อไร",
        "ไร",
        "อะไร",
        "ทำไม",
        "อย่างไร",
        "ยังไง",
        "กี่",
        "เท่าไหร่",
        "เท่าไร",
        "วันไหน",
        "วันอะไร",
        "ตอนไหน",
        "แบบไหน",
        "อันไหน",
        "ข้อไหน",
        "ด้านไหน",
        "คือ",
        "who",
        "whom",
        "whose",
        "where",
        "when",
        "what",
        "which",
        "why",
        "how",
        "many",
        "much",
        "long",
    ]
)
ENGLISH_STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "to",
        "for",
        "in",
        "on",
        "at",
        "by",
        "with",
        "and",
        "or",
        "this",
        "that",
        "these",
        "those",
        "it",
        "its",
        "do",
        "does",
        "did",
        "can",
        "could",
        "would",
        "will",
        "shall",
        "should",
        "i",
        "me",
        "my",
        "you",
        "your",
        "we",
        "our",
        "they",
        "their",
        "he",
        "she",
        "his",
        "her",
        "there",
        "here",
        "about",
        "tell",
        "please",
        "as",
        "from",
        "into",
        "any",
        "some",
        "so",
        "also",
        "then",
        "than",
        "just",
    ]
)

# Fillers that also end ordinary words, never cut from a word's end.
UNSAFE_SUFFIXES = frozenset(
    {
        "นะ",
        "อะ",
        "ฮะ",
        "ดู",
        "ขอ",
        "ด้วย",
        "แทน",
        "คุณ",
        "นาย",
        "ฉบับ",
        "ที่มา",
        "ระบุ",
        "บอก",
        "แจ้ง",
        "ช่วย",
        "โปรด",
    }
)

_ZERO_WIDTH = re.compile("[\u200b-\u200f\u2028-\u202f\u2060-\u206f\ufeff\u00ad]")
_REPEATS = re.compile(r"(.)\1{2,}")
# what's, Thailand's, who're: the clitic carries nothing a matcher can use.
_CLITIC = re.compile(r"(?<=[a-z])['’](?:s|re|ve|ll|d|m)\b")
_THAI = re.compile("[\u0e00-\u0e7f]")
_LATIN = re.compile("[a-z]")
_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
# A Telegram @mention names a person or a bot, never a topic.
_MENTION = re.compile(r"(?<![\w@])@\w+")
# Members in groups open with the bot's name (น้องบอท, บอทครับ, hey bot): an address, not a topic.
# Only at the start of a message, so "บอทนี้ใครทำ" still asks about the bot.
_ADDRESS = re.compile(
    r"^(?:(?:hi|hey|hello|dear|ok|yo)\s+)?(?:น้อง\s*)?(?:บอท|bot)"
    r"(?:\s*(?:ครับ|คับ|ค่ะ|คะ|จ้า|จ๋า|จ้ะ|นะ))*(?:\s+|$)"
)


def detect_language(text: str) -> str:
    """ "th" when the text has any Thai letter, "en" when it has Latin letters and no Thai."""
    if _THAI.search(text):
        return "th"
    if _LATIN.search(text.casefold()):
        return "en"
    return "th"


def normalize(text: str) -> str:
    """Clean a text the way members type it into one comparable form.

    Thai vowel/tone order fixed (PyThaiNLP ``normalize``), zero-width and control characters
    removed, Thai digits made Arabic, case folded, runs of three or more of one character
    collapsed (ที่ไหนนนน → ที่ไหน), the repetition mark ๆ dropped, punctuation made space.
    """
    text = unicodedata.normalize("NFKC", text[: MAX_QUESTION_CHARS * 2])
    text = _MENTION.sub(" ", _ZERO_WIDTH.sub("", text))
    text = "".join(ch if unicodedata.category(ch)[0] != "C" else " " for ch in text)
    text = thai_normalize(text)
    text = text.translate(_THAI_DIGITS).casefold()
    text = _REPEATS.sub(r"\1", text)
    text = _CLITIC.sub("", text)
    text = text.replace("ๆ", " ")
    text = "".join(ch if ch.isalnum() or _is_thai_mark(ch) else " " for ch in text)
    return " ".join(text.split())[:MAX_QUESTION_CHARS]


def _is_thai_mark(ch: str) -> bool:
    # Thai vowels and tone marks are combining characters (category M), not alphanumeric.
    return "\u0e00" <= ch <= "\u0e7f"


def _stem_english(token: str) -> str:
    """A light English suffix strip, enough to let signed/signing/signs or times/time meet."""
    if not token.isascii() or not token.isalpha() or len(token) <= 4:
        return token
    if token.endswith("ies"):
        return token[:-3] + "y"
    if token.endswith(("sses", "xes", "ches", "shes")):
        return token[:-2]
    if token.endswith("ing") and len(token) >= 6:
        return token[:-3]
    if token.endswith("ed") and len(token) >= 5:
        return token[:-2]
    if token.endswith("s") and not token.endswith(("ss", "us", "is")):
        return token[:-1]
    return token


# The article counts only these: five pillars, two parties, two signatories, two ministers, a
# one-year term, the second cooperation. "กี่คัน", "how many batteries" ask a count it never gives.
COUNTABLE = frozenset(
    [
        "ข้อ",
        "ด้าน",
        "เรื่อง",
        "ประเด็น",
        "หัวข้อ",
        "เสาหลัก",
        "ปี",
        "เดือน",
        "ครั้ง",
        "หน",
        "คน",
        "ท่าน",
        "ฝ่าย",
        "หน่วยงาน",
        "องค์กร",
        "องค์การ",
        "ฉบับ",
        "ประเทศ",
        "สถาบัน",
        "pillar",
        "point",
        "area",
        "item",
        "topic",
        "aspect",
        "field",
        "thing",
        "year",
        "month",
        "time",
        "party",
        "side",
        "organisation",
        "organization",
        "agency",
        "institution",
        "people",
        "person",
        "signatory",
        "signer",
        "minister",
        "witness",
        "country",
        "agreement",
        "loi",
        "mou",
        "document",
    ]
)
PEOPLE = frozenset({"คน", "ท่าน", "people", "person"})
SIGNING_WORDS = frozenset(
    [
        "พยาน",
        "สักขีพยาน",
        "ประธาน",
        "witness",
        "รัฐมนตรี",
        "รมต",
        "รมว",
        "minister",
        "ผู้แทน",
        "ตัวแทน",
        "representative",
        "ฝ่าย",
        "ฝั่ง",
        "side",
        "party",
        "คู่สัญญา",
        "ผู้อำนวยการ",
        "ผอ",
        "director",
        "president",
    ]
)
HOW_MANY = "กี่"
YEAR_WORDS = frozenset({"ปี", "year", "yr"})
NUMBER_WORDS = frozenset(
    ["หนึ่ง", "สอง", "สาม", "สี่", "ห้า", "one", "two", "three", "four", "five", "ten", "สิบ"]
)
COUNT_LOOKAHEAD = 3  # "how many key points", "กี่ข้อหลัก": the counted word may come a little later


@dataclass(frozen=True)
class Analysis:
    """A text as the matcher sees it."""

    tokens: list[str]
    beyond_the_article: bool  # it has a decline word (ตอนนี้, ราคา, …)


@dataclass(frozen=True)
class Lexicon:
    """What curators keep in ``knowledge/``: synonyms, misspellings, fillers, domain words.

    Attributes:
        synonyms: canonical form → its variants (Thai or English, words or phrases).
        misspellings: wrong spelling → right spelling.
        ignore: particles and fillers removed from questions (ครับ, ค่ะ, อ่ะ, …).
        decline: words that mark a question the article cannot answer (ตอนนี้, ราคา, …).
        domain_words: words the tokeniser must keep whole (เจโทร, สยย., …).
    """

    synonyms: dict[str, tuple[str, ...]] = field(default_factory=dict)
    misspellings: dict[str, str] = field(default_factory=dict)
    ignore: frozenset[str] = frozenset()
    domain_words: frozenset[str] = frozenset()
    decline: frozenset[str] = frozenset()

    @classmethod
    def load(cls, synonyms_path: Path | None, domain_words_path: Path | None) -> Lexicon:
        """Read the lexicon files; either may be None (or missing) for an empty part.

        Raises:
            KnowledgeError: a file is malformed.
        """
        synonyms: dict[str, tuple[str, ...]] = {}
        misspellings: dict[str, str] = {}
        ignore: set[str] = set()
        decline: set[str] = set()
        if synonyms_path is not None and synonyms_path.exists():
            data = read_yaml(synonyms_path)
            synonyms, misspellings, ignore, decline = _parse_synonyms(data, synonyms_path)
        words: set[str] = set()
        if domain_words_path is not None and domain_words_path.exists():
            for line in domain_words_path.read_text(encoding="utf-8").splitlines():
                line = line.split("#", 1)[0].strip()
                if line:
                    words.add(line)
        return cls(synonyms, misspellings, frozenset(ignore), frozenset(words), frozenset(decline))


def _parse_synonyms(
    data: Any, path: Path
) -> tuple[dict[str, tuple[str, ...]], dict[str, str], set[str], set[str]]:
    problems: list[Problem] = []
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise KnowledgeError(
            path,
            [Problem("the file must be a mapping (synonyms:, misspellings:, ignore:, decline:)")],
        )
    for key in data:
        if key not in {"synonyms", "misspellings", "ignore", "decline", "__line__"}:
            problems.append(
                Problem(
                    f"unknown section '{key}'; allowed: synonyms, misspellings, ignore, decline"
                )
            )
    synonyms: dict[str, tuple[str, ...]] = {}
    raw = data.get("synonyms") or {}
    if not isinstance(raw, dict):
        problems.append(Problem("'synonyms' must map a word to a list of its variants"))
        raw = {}
    for canonical, variants in raw.items():
        if canonical == "__line__":
            continue
        if isinstance(variants, str):
            variants = [variants]
        if not isinstance(variants, list) or not all(isinstance(v, str | int) for v in variants):
            problems.append(
                Problem(
                    f"synonyms of '{canonical}' must be a list of words", line=raw.get("__line__")
                )
            )
            continue
        synonyms[str(canonical)] = tuple(str(v) for v in variants)
    misspellings: dict[str, str] = {}
    raw = data.get("misspellings") or {}
    if not isinstance(raw, dict):
        problems.append(Problem("'misspellings' must map a wrong spelling to the right one"))
        raw = {}
    for wrong, right in raw.items():
        if wrong == "__line__":
            continue
        if not isinstance(right, str | int):
            problems.append(Problem(f"misspelling '{wrong}' must map to one word"))
            continue
        misspellings[str(wrong)] = str(right)
    lists: dict[str, set[str]] = {}
    for section in ("ignore", "decline"):
        raw = data.get(section) or []
        if not isinstance(raw, list):
            problems.append(Problem(f"'{section}' must be a list of words"))
            raw = []
        lists[section] = {str(w) for w in raw}
    if problems:
        raise KnowledgeError(path, problems)
    return synonyms, misspellings, lists["ignore"], lists["decline"]


class TextProcessor:
    """Turns a text into the tokens the matcher compares.

    Args:
        lexicon: synonyms, misspellings, fillers and domain words from ``knowledge/``.
    """

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        common = thai_words()
        lexicon_words: set[str] = set()
        phrases = [*lexicon.misspellings.items()]
        for canonical, variants in lexicon.synonyms.items():
            phrases.extend((v, canonical) for v in variants)
            phrases.append((canonical, canonical))
        for text, _ in phrases:
            lexicon_words.update(_thai_runs(normalize(text)))
        lexicon_words.update(_thai_runs(normalize(" ".join(lexicon.domain_words))))
        lexicon_words.update(t for t in lexicon.ignore | lexicon.decline if _THAI.search(t))
        dictionary = set(common) | lexicon_words
        # Members drop tone marks and swap ใ/ไ (ทีไหน, เมือไหร, ไคร): the lexicon's Thai words
        # are known in those spellings too, unless such a spelling is a word of its own.
        sloppy: dict[str, str] = {}
        misspelt = {normalize(w) for w in lexicon.misspellings}
        for word in sorted((lexicon_words | set(QUESTION_WORDS)) - misspelt):
            for spelling in _sloppy_spellings(word):
                if spelling not in common and spelling not in dictionary:
                    sloppy.setdefault(spelling, word)
        dictionary.update(sloppy)
        self._tokenizer = Tokenizer(custom_dict=dictionary, engine="newmm", keep_whitespace=False)
        self._ignore = {normalize(w) for w in lexicon.ignore}
        # Particles cut from the end of a clause: the Thai fillers, but not those that also end
        # real words (ชนะ, ขอบคุณ).
        self._suffix_particles = sorted(
            (
                w
                for w in self._ignore
                if _THAI.search(w) and len(w) >= 2 and w not in UNSAFE_SUFFIXES
            ),
            key=len,
            reverse=True,
        )
        # Misspellings are mended first, as token sequences (a misspelt word often splits):
        # then every synonym variant, tokenised like a question, maps to its canonical token.
        self._fixes: dict[tuple[str, ...], tuple[str, ...]] = {}
        for wrong, right in lexicon.misspellings.items():
            key = tuple(self._raw_tokens(wrong))
            if key:
                self._fixes[key] = tuple(self._raw_tokens(right))
        for sloppy_spelling, word in sloppy.items():
            self._fixes.setdefault((sloppy_spelling,), tuple(self._raw_tokens(word)))
        self._fix_table = _SequenceTable(self._fixes)
        self._variants: dict[tuple[str, ...], tuple[str, ...]] = {}
        for canonical, variants in lexicon.synonyms.items():
            target = ("".join(self._raw_tokens(canonical)) or canonical,)
            for text in (canonical, *variants):
                variant = self._fix_table.replace(self._raw_tokens(text))
                if variant:
                    self._variants[tuple(variant)] = target
        # A filler of several words (ไม่เคยได้ยิน, ได้ยินมาว่า, need it for) goes as a whole.
        for filler in lexicon.ignore:
            words = tuple(self._fix_table.replace(self._raw_tokens(filler)))
            if len(words) > 1:
                self._variants.setdefault(words, ())
        self._variant_table = _SequenceTable(self._variants)
        # English words the lexicon knows (after stemming), for mending English typos before
        # phrases are matched: "pilalr 5" must still become "pillar 5", "stadn for" "stand for".
        known_english: set[str] = set(ENGLISH_STOPWORDS) | {
            w for w in QUESTION_WORDS if w.isascii()
        }
        for key in [*self._variants, *self._fixes.values()]:
            known_english.update(t for t in key if t.isascii() and t.isalpha())
        for text in lexicon.ignore:
            known_english.update(t for t in self._raw_tokens(text) if t.isascii() and t.isalpha())
        # Decline words are known but never a mend: "grand" is not a misspelt "grant".
        declined = {t for text in lexicon.decline for t in self._raw_tokens(text) if t.isascii()}
        self._known_english = frozenset(known_english | declined)
        self._english_by_length: dict[int, list[str]] = {}
        for word in sorted(known_english - declined):
            if len(word) >= ENGLISH_TYPO_MIN_LENGTH:
                self._english_by_length.setdefault(len(word), []).append(word)
        # Decline words: a Thai word of four letters or more is looked for anywhere in the
        # text (the tokeniser may cut it differently inside a sentence: ต่อ|อายุความร่วมมือ);
        # shorter and English ones as whole token sequences, so งบ is not found in สงบ.
        self._decline_substrings = {
            w
            for w in (normalize(d).replace(" ", "") for d in lexicon.decline)
            if _THAI.search(w) and len(w) >= 4
        }
        self._decline = {tuple(self._raw_tokens(w)) for w in lexicon.decline} - {()}
        self._longest_decline = max((len(k) for k in self._decline), default=0)
        stop = {normalize(w) for w in thai_stopwords()} | ENGLISH_STOPWORDS
        self.weak_words = frozenset(stop - QUESTION_WORDS - self.canonical_forms)

    def is_common_word(self, word: str) -> bool:
        """Whether ``word`` is an everyday Thai word (frequent in the Thai National Corpus
        shipped with PyThaiNLP), as opposed to a name such as เซ็นทารา or นิชิมูระ."""
        return word in self._common_words

    @cached_property
    def _common_words(self) -> frozenset[str]:
        # Read on first use, line by line (the whole table would cost ~25 MB for a moment):
        # only a question naming an unknown value needs it. Without the file, no word is common.
        words: set[str] = set()
        try:
            with (Path(corpus_path()) / TNC_FREQUENCIES).open(encoding="utf-8") as lines:
                for line in lines:
                    word, _, count = line.rstrip("\n").partition("\t")
                    if count.isdigit() and int(count) >= COMMON_WORD_COUNT:
                        words.add(word)
        except OSError:
            pass
        return frozenset(words)

    def strip_particles(self, text: str) -> str:
        """Cut polite particles off the end of each clause (ไหนคะ → ไหน, นะครับ → ∅).

        Done on the text, before tokenising: glued to the word before, a particle can make the
        tokeniser cut that word wrongly (ไหนคะ → ไห | นคะ). ``text`` must be normalised.
        """
        clauses = text.split()
        for index, clause in enumerate(clauses):
            stripped = True
            while stripped:
                stripped = False
                for particle in self._suffix_particles:
                    if clause.endswith(particle) and len(clause) > len(particle) + 1:
                        clause = clause[: -len(particle)]
                        stripped = True
                        break
            clauses[index] = clause
        return " ".join(clauses)

    def _raw_tokens(self, text: str, *, normalized: bool = False) -> list[str]:
        tokens = self._tokenizer.word_tokenize(text if normalized else normalize(text))
        return [_stem_english(t) for t in (t.strip() for t in tokens) if t]

    def _mend_english(self, tokens: list[str]) -> list[str]:
        """English words one slip away (a letter swapped, missing, extra or wrong) from a word
        of the lexicon are read as that word: pilalr → pillar, stadn → stand."""
        return [self._mend_english_word(t) for t in tokens]

    def _mend_english_word(self, token: str) -> str:
        if (
            len(token) < ENGLISH_TYPO_MIN_LENGTH
            or not token.isascii()
            or not token.isalpha()
            or token in self._known_english
        ):
            return token
        choices = [
            w
            for length in (len(token) - 1, len(token), len(token) + 1)
            for w in self._english_by_length.get(length, ())
        ]
        found = process.extractOne(token, choices, scorer=OSA.distance, score_cutoff=1)
        return found[0] if found is not None else token

    def analyse(self, text: str) -> Analysis:
        """Tokenise ``text`` once: its canonical tokens and whether it asks beyond the article."""
        normalized = _ADDRESS.sub("", normalize(text), count=1)
        raw = self._fix_table.replace(
            self._mend_english(self._raw_tokens(self.strip_particles(normalized), normalized=True))
        )
        tokens = [
            t
            for t in self._variant_table.replace(self._read_durations(raw))
            if t not in self._ignore
        ]
        return Analysis(tokens, self._has_decline_word(normalized, raw))

    def _read_durations(self, raw: list[str]) -> list[str]:
        """ "3 ปี", "a 3 year deal": a small number of years is a length being checked, read as
        "how many years" (the term), whatever the number."""
        out: list[str] = []
        for index, token in enumerate(raw):
            following = raw[index + 1] if index + 1 < len(raw) else ""
            small = (token.isdigit() and 0 < int(token) <= 10) or token in NUMBER_WORDS
            if small and following in YEAR_WORDS:
                out.extend(self._how_many_years[following.isascii()])
                continue
            out.append(token)
        return out

    @cached_property
    def _how_many_years(self) -> dict[bool, list[str]]:
        return {False: self._raw_tokens("กี่ปี"), True: self._raw_tokens("how many years")}

    def tokens(self, text: str) -> list[str]:
        """The canonical tokens of ``text``, fillers removed, in order."""
        return self.analyse(text).tokens

    def _has_decline_word(self, normalized: str, raw: list[str]) -> bool:
        if _asks_an_uncounted_number(raw):
            return True
        if not self._decline:
            return False
        squeezed = normalized.replace(" ", "")
        if any(word in squeezed for word in self._decline_substrings):
            return True
        return any(
            tuple(raw[i : i + size]) in self._decline
            for i in range(len(raw))
            for size in range(1, self._longest_decline + 1)
        )

    @cached_property
    def word_variants(self) -> dict[str, str]:
        """Every one-word variant and its canonical token (where → ที่ไหน), for typo look-ups."""
        return {
            key[0]: target[0]
            for key, target in self._variants.items()
            if len(key) == 1 and len(target) == 1
        }

    @cached_property
    def canonical_forms(self) -> frozenset[str]:
        """Every token a synonym or misspelling maps to."""
        return frozenset(t for target in self._variants.values() for t in target)


def _asks_an_uncounted_number(raw: list[str]) -> bool:
    """Whether the text asks how many of something the article does not count (กี่คัน)."""
    for index, token in enumerate(raw):
        if token == HOW_MANY:
            start = index + 1
            following = raw[start : start + COUNT_LOOKAHEAD]
        elif token.startswith(HOW_MANY) and len(token) > len(HOW_MANY):
            start = index
            following = [token[len(HOW_MANY) :], *raw[index + 1 : index + COUNT_LOOKAHEAD]]
        elif token == "how" and raw[index + 1 : index + 2] == ["many"]:
            start = index + 2
            following = raw[start : start + COUNT_LOOKAHEAD]
        else:
            continue
        counted = COUNTABLE.intersection(following)
        if following and not counted:
            return True
        # People are counted only as signatories, witnesses or ministers, named right before the
        # question or right after the counted word ("ผู้ลงนามมีกี่คน", "how many people signed"),
        # not as attendees or trainees ("อบรมกี่คน", "how many people attended the signing").
        if counted <= PEOPLE:
            near = raw[max(0, index - 2) : index] + raw[start + 1 : start + 3]
            if not any(_is_signing_word(t) for t in near):
                return True
    return False


def _is_signing_word(token: str) -> bool:
    return token in SIGNING_WORDS or token.startswith(("ผู้ลงนาม", "ลงนาม", "เซ็น", "sign"))


_TONE_MARKS = re.compile("[\u0e48-\u0e4b]")
_AI_SWAP = str.maketrans("ใไ", "ไใ")


def _sloppy_spellings(word: str) -> set[str]:
    """``word`` without its tone marks, with ใ and ไ swapped, and both (at least 3 letters)."""
    toneless = _TONE_MARKS.sub("", word)
    variants = {toneless, word.translate(_AI_SWAP), toneless.translate(_AI_SWAP)} - {word}
    return {v for v in variants if len(v) >= 3}


def _thai_runs(text: str) -> Iterable[str]:
    """The Thai words of a normalised text, for the tokeniser's dictionary."""
    for word in text.split():
        if _THAI.search(word):
            yield word


class _SequenceTable:
    """Token sequences to replace, indexed for a fast left-to-right scan."""

    def __init__(self, table: dict[tuple[str, ...], tuple[str, ...]]) -> None:
        self.table = table
        self.longest_from: dict[str, int] = {}
        for key in table:
            self.longest_from[key[0]] = max(self.longest_from.get(key[0], 0), len(key))
        self.prefixes = {
            key[0][:end]
            for key in table
            if len(key) == 1 and _THAI.search(key[0])
            for end in range(1, len(key[0]) + 1)
        }

    def replace(self, tokens: list[str]) -> list[str]:
        """Replace sequences found in the table, longest first, left to right.

        A run of Thai tokens also matches a one-token key equal to their concatenation: a typo
        mended inside a word (ที่ใหน → ที่ + ไหน) must still meet ที่ไหน.
        """
        table = self.table
        out: list[str] = []
        i = 0
        while i < len(tokens):
            size, target = 0, None
            for length in range(min(self.longest_from.get(tokens[i], 0), len(tokens) - i), 0, -1):
                found = table.get(tuple(tokens[i : i + length]))
                if found is not None:
                    size, target = length, found
                    break
            joined = tokens[i]
            for end in range(i + 1, len(tokens)):
                joined += tokens[end]
                if joined not in self.prefixes or not _THAI.search(tokens[end]):
                    break
                found = table.get((joined,))
                if found is not None and end - i + 1 > size:
                    size, target = end - i + 1, found
            if target is None:
                out.append(tokens[i])
                i += 1
            else:
                out.extend(target)
                i += size
        return out
