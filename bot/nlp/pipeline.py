"""The text pipeline: one message in, its canonical tokens out, every stage traced.

Questions and FAQ phrasings go through the same :class:`TextProcessor`, so whatever it does to
one it does to the other. The stages, in order (:data:`STAGE_NAMES`): normalise, strip the
address, strip particles, tokenise, mend English slips, mend spellings, read durations,
canonicalise (synonyms), drop fillers; beside them, the decline check.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from pythainlp.corpus import corpus_path, thai_stopwords, thai_words
from pythainlp.tokenize import Tokenizer

from bot.nlp.declines import Decline, DeclineFinder
from bot.nlp.lexicon import Lexicon, RuleWords
from bot.nlp.normalize import has_thai, normalize
from bot.nlp.romanised import RomanisedThai
from bot.nlp.sequences import SequenceTable
from bot.nlp.spelling import EnglishMender, sloppy_spellings, stem_english
from bot.nlp.values import Value, ValueScanner

# A word seen this often in the Thai National Corpus is an everyday word, not a name.
COMMON_WORD_COUNT = 1000
TNC_FREQUENCIES = "tnc_freq.txt"  # shipped with PyThaiNLP: word<TAB>count

STAGE_NAMES = (
    "normalise",
    "strip-address",
    "strip-particles",
    "tokenise",
    "mend-english",
    "mend-spelling",
    "read-durations",
    "canonicalise",
    "drop-fillers",
    "read-values",
)

Step = tuple[str, str]  # (stage, what it produced, shown)


@dataclass(frozen=True)
class Analysis:
    """A text as the matcher sees it.

    Attributes:
        tokens: the canonical tokens, fillers dropped, in order.
        raw: the tokens after the spelling stages, before synonyms (values read from them).
        normalized: the normalised text, address and particles stripped.
        decline: why it asks beyond the article (a decline word, an uncounted "how many").
        values: the values named (months, places, numbers …) among the raw tokens.
        steps: each stage and its output, for ``--explain``.
        original: the text as given (its capitals tell English names: "at the Centara").
    """

    tokens: list[str]
    raw: list[str]
    normalized: str
    decline: Decline | None
    values: tuple[Value, ...] = ()
    steps: tuple[Step, ...] = ()
    original: str = ""

    @property
    def beyond_the_article(self) -> bool:
        """Whether it has a decline word (ตอนนี้, ราคา, …) or an uncounted "how many"."""
        return self.decline is not None


class TextProcessor:
    """Turns a text into the tokens the matcher compares.

    Args:
        lexicon: synonyms, misspellings, fillers, domain words and rule words (knowledge/).
    """

    def __init__(
        self, lexicon: Lexicon, known: Mapping[str, tuple[str, ...]] | None = None
    ) -> None:
        # The lexicon's own phrases are tokenised while the pipeline is built (thousands of
        # them); ``known`` holds their tokens from an earlier build of the same lexicon (see
        # :class:`bot.nlp.token_cache.LexiconTokens`), and ``made`` those tokenised now.
        self._known_raw: Mapping[str, tuple[str, ...]] | None = known
        self.made: dict[str, tuple[str, ...]] = {}  # (only kept when ``known`` is given)
        self.lexicon = lexicon
        self.rules: RuleWords = lexicon.rules
        self.question_words = lexicon.rules.question_words
        lexicon_words = _lexicon_thai_words(lexicon)
        common = thai_words()
        dictionary = set(common) | lexicon_words
        sloppy = _sloppy_table(lexicon, lexicon_words, common)
        dictionary.update(sloppy)
        self._tokenizer = Tokenizer(custom_dict=dictionary, engine="newmm", keep_whitespace=False)
        self._ignore = {normalize(w) for w in lexicon.ignore}
        self._address = _address_pattern(lexicon.rules)
        # Particles cut from the end of a clause: the Thai fillers, but not those that also end
        # real words (ชนะ, ขอบคุณ). Kept by length, longest first: a clause's ending of each
        # length is then one set look-up, not a comparison with every particle.
        particles = {
            w
            for w in self._ignore
            if has_thai(w) and len(w) >= 2 and w not in lexicon.rules.fillers_that_end_words
        }
        self._particles_by_length = tuple(
            (size, frozenset(w for w in particles if len(w) == size))
            for size in sorted({len(w) for w in particles}, reverse=True)
        )
        # Misspellings are mended first, as token sequences (a misspelt word often splits):
        # then every synonym variant, tokenised like a question, maps to its canonical token.
        fixes: dict[tuple[str, ...], tuple[str, ...]] = {}
        for wrong, right in lexicon.misspellings.items():
            key = tuple(self._raw_tokens(wrong))
            if key:
                fixes[key] = tuple(self._raw_tokens(right))
        for sloppy_spelling, word in sloppy.items():
            fixes.setdefault((sloppy_spelling,), tuple(self._raw_tokens(word)))
        self._fixes = fixes
        self._fix_table = SequenceTable(fixes)
        self._variants = self._variant_map()
        self._variant_table = SequenceTable(self._variants)
        self._english = self._english_mender()
        self._values = ValueScanner(
            {
                tuple(self._fix_table.replace(self._raw_tokens(word))): (kind.kind, value)
                for kind in lexicon.values
                for word, value in kind.words.items()
            }
        )
        # Outsiders (values.yaml) decline as whole words only: "นายก" is not in "นายกิตติ".
        outsiders = {
            w for kind in lexicon.values if kind.kind.startswith("outsider-") for w in kind.words
        }
        self._declines = DeclineFinder(
            {tuple(self._raw_tokens(w)) for w in lexicon.decline},
            {normalize(d).replace(" ", "") for d in lexicon.decline - outsiders},
            lexicon.rules.counting,
            frozenset(normalize(w) for w in lexicon.rules.not_stated)
            - {normalize(w) for w in lexicon.rules.not_stated_beside_a_topic},
            frozenset(tuple(self._raw_tokens(w)) for w in lexicon.ignore),
        )
        english = lexicon.rules.english_stop_words
        # Read as the tokens are ("something" is cut to "someth"), and as written.
        stop = (
            {normalize(w) for w in thai_stopwords()} | english | {stem_english(w) for w in english}
        )
        self.weak_words = frozenset(stop - self.question_words - self.canonical_forms)
        durations = lexicon.rules.durations
        self._how_many_years = {
            language: self._raw_tokens(text) for language, text in durations.read_as.items()
        }
        self._romanised = RomanisedThai(lexicon.rules.romanised, lexicon.values)
        self._known_raw = None  # built: the messages' tokens are neither looked up nor kept

    def _variant_map(self) -> dict[tuple[str, ...], tuple[str, ...]]:
        variants: dict[tuple[str, ...], tuple[str, ...]] = {}
        for canonical, forms in self.lexicon.synonyms.items():
            target = ("".join(self._raw_tokens(canonical)) or canonical,)
            for text in (canonical, *forms):
                variant = self._fix_table.replace(self._raw_tokens(text))
                if variant:
                    variants[tuple(variant)] = target
        # A filler of several words (ไม่เคยได้ยิน, ได้ยินมาว่า, need it for) goes as a whole.
        for filler in self.lexicon.ignore:
            words = tuple(self._fix_table.replace(self._raw_tokens(filler)))
            if len(words) > 1:
                variants.setdefault(words, ())
        return variants

    def _english_mender(self) -> EnglishMender:
        # English words the lexicon knows (after stemming), for mending English typos before
        # phrases are matched: "pilalr 5" must still become "pillar 5", "stadn for" "stand for".
        rules = self.lexicon.rules
        known: set[str] = set(rules.english_stop_words) | {
            w for w in self.question_words if w.isascii()
        }
        for key in [*self._variants, *self._fixes.values()]:
            known.update(t for t in key if t.isascii() and t.isalpha())
        for text in self.lexicon.ignore:
            known.update(t for t in self._raw_tokens(text) if t.isascii() and t.isalpha())
        # Decline words are known but never a mend: "grand" is not a misspelt "grant".
        declined = {
            t for text in self.lexicon.decline for t in self._raw_tokens(text) if t.isascii()
        }
        return EnglishMender(known - declined, declined)

    # -- the stages -----------------------------------------------------------------------------

    def analyse(self, text: str) -> Analysis:
        """Every stage in order: the canonical tokens and whether it asks beyond the article."""
        steps: list[Step] = []
        normalized = normalize(text)
        steps.append(("normalise", normalized))
        romanised = self.read_romanised(normalized)
        if romanised != normalized:
            normalized = romanised
            steps.append(("read-romanised", normalized))
        normalized = self.strip_address(normalized)
        steps.append(("strip-address", normalized))
        particles_off = self.strip_particles(normalized)
        steps.append(("strip-particles", particles_off))
        tokens = self._raw_tokens(particles_off, normalized=True)
        steps.append(("tokenise", _show(tokens)))
        tokens = self._english.mend(tokens)
        steps.append(("mend-english", _show(tokens)))
        raw = self._fix_table.replace(tokens)
        steps.append(("mend-spelling", _show(raw)))
        durations = self.read_durations(raw)
        steps.append(("read-durations", _show(durations)))
        canonical = self._counted_together(self._variant_table.replace(durations))
        steps.append(("canonicalise", _show(canonical)))
        final = [t for t in canonical if t not in self._ignore]
        steps.append(("drop-fillers", _show(final)))
        decline = self._declines.find(normalized, raw)
        values = self._values.scan(raw)
        if values:
            steps.append(("read-values", ", ".join(f"{v.kind}={v.value}" for v in values)))
        return Analysis(final, raw, normalized, decline, values, tuple(steps), text)

    def tokens(self, text: str) -> list[str]:
        """The canonical tokens of ``text``, fillers removed, in order.

        The stages of :meth:`analyse` that make them, untraced: building the index of a large
        FAQ calls this for every phrasing and answer, and needs neither the decline check,
        the values nor the trace.
        """
        normalized = self.strip_address(normalize(text))
        tokens = self._raw_tokens(self.strip_particles(normalized), normalized=True)
        raw = self._fix_table.replace(self._english.mend(tokens))
        canonical = self._counted_together(self._variant_table.replace(self.read_durations(raw)))
        return [t for t in canonical if t not in self._ignore]

    def tokens_as_typed(self, text: str) -> list[str]:
        """The raw tokens of a text (tokenised, English endings cut), before any mending."""
        return self._raw_tokens(text)

    def read_romanised(self, normalized: str) -> str:
        """Thai typed in Latin letters read as Thai (see :class:`RomanisedThai`)."""
        return self._romanised.read(normalized)

    def strip_address(self, normalized: str) -> str:
        """Take a greeting to the bot off the start of a normalised text (น้องบอท, hey bot)."""
        if self._address is None:
            return normalized
        return self._address.sub("", normalized, count=1)

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
                for size, particles in self._particles_by_length:
                    if len(clause) > size + 1 and clause[-size:] in particles:
                        clause = clause[:-size]
                        stripped = True
                        break
            clauses[index] = clause
        return " ".join(clauses)

    def without_polite_endings(self, text: str) -> str:
        """A normalised text without the polite endings closing it (แล้วเจโทรล่ะคะ → แล้วเจโทรล่ะ),
        so what closes the question itself can be read (rules.yaml ``polite_endings``). One in
        Latin letters (krub) is a word of its own: "Osaka" does not end in "ka"."""
        endings = sorted(
            (*self.rules.polite_endings, *self.rules.closing_addresses), key=len, reverse=True
        )
        changed = True
        while changed:
            changed = False
            stripped = text.rstrip()
            for ending in endings:
                whole = not ending.isascii() or stripped[: -len(ending)].endswith(" ")
                if stripped.endswith(ending) and len(stripped) > len(ending) and whole:
                    text = stripped[: -len(ending)]
                    changed = True
                    break
        return text.strip()

    def read_durations(self, raw: list[str]) -> list[str]:
        """ "3 ปี", "a 3 year deal": a small number of years is a length being checked, read as
        "how many years" (the term), whatever the number."""
        durations = self.lexicon.rules.durations
        out: list[str] = []
        for index, token in enumerate(raw):
            following = raw[index + 1] if index + 1 < len(raw) else ""
            small = (
                token.isdigit() and 0 < int(token) <= durations.largest
            ) or token in durations.number_words
            if small and following in durations.year_words:
                out.extend(self._how_many_years["en" if following.isascii() else "th"])
                continue
            out.append(token)
        return out

    def _raw_tokens(self, text: str, *, normalized: bool = False) -> list[str]:
        known = self._known_raw
        if known is not None:  # (only while the pipeline is built: not on a question's path)
            key = f"{int(normalized)}{text}"
            found = known.get(key) or self.made.get(key)
            if found is not None:
                return list(found)
        tokens = self._tokenizer.word_tokenize(text if normalized else normalize(text))
        kept = self.rules.english_unstemmed
        out = [t if t in kept else stem_english(t) for t in (t.strip() for t in tokens) if t]
        if known is not None:
            self.made[f"{int(normalized)}{text}"] = tuple(out)
        return out

    def take_made(self) -> dict[str, tuple[str, ...]]:
        """The lexicon phrases' tokens made while building, handed over once (to be cached)."""
        made, self.made = self.made, {}
        return made

    # -- what the matcher asks of the lexicon ---------------------------------------------------

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

    @cached_property
    def word_variants(self) -> dict[str, str]:
        """Every one-word variant and its canonical token (where → ที่ไหน), for typo look-ups."""
        return {
            key[0]: target[0]
            for key, target in self._variants.items()
            if len(key) == 1 and len(target) == 1
        }

    def _counted_together(self, tokens: list[str]) -> list[str]:
        """ "how many focus areas" → กี่ + ข้อ → กี่ข้อ, the canonical form "how many areas"
        has: a counting word and its unit joined when the lexicon knows them as one."""
        prefixes = self.rules.parts.question_prefixes
        out: list[str] = []
        for token in tokens:
            if out and out[-1] in prefixes and out[-1] + token in self.canonical_forms:
                out[-1] += token
            else:
                out.append(token)
        return out

    @cached_property
    def canonical_forms(self) -> frozenset[str]:
        """Every token a synonym or misspelling maps to."""
        return frozenset(t for target in self._variants.values() for t in target)


def _show(tokens: list[str]) -> str:
    return " | ".join(tokens)


def _lexicon_thai_words(lexicon: Lexicon) -> set[str]:
    """The lexicon's Thai words, for the tokeniser's dictionary."""
    words: set[str] = set()
    phrases = [*lexicon.misspellings]
    for canonical, variants in lexicon.synonyms.items():
        phrases.extend(variants)
        phrases.append(canonical)
    for text in phrases:
        words.update(_thai_runs(normalize(text)))
    words.update(_thai_runs(normalize(" ".join(lexicon.domain_words))))
    words.update(t for t in lexicon.ignore | lexicon.decline if has_thai(t))
    return words


def _sloppy_table(
    lexicon: Lexicon, lexicon_words: set[str], common: Iterable[str]
) -> dict[str, str]:
    """Members drop tone marks and swap ใ/ไ (ทีไหน, เมือไหร, ไคร): the lexicon's Thai words and
    the question words are known in those spellings too, unless such a spelling is a word of
    its own."""
    known = frozenset(common) | lexicon_words
    misspelt = {normalize(w) for w in lexicon.misspellings}
    sloppy: dict[str, str] = {}
    for word in sorted((lexicon_words | lexicon.rules.question_words) - misspelt):
        for spelling in sloppy_spellings(word):
            if spelling not in known:
                sloppy.setdefault(spelling, word)
    return sloppy


def _address_pattern(rules: RuleWords) -> re.Pattern[str] | None:
    """A greeting to the bot at the start of a message (rules.yaml ``address``)."""
    address = rules.address
    if not address.names:
        return None

    def alternatives(words: Iterable[str]) -> str:
        return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))

    greeting = f"(?:(?:{alternatives(address.greetings)})\\s+)?" if address.greetings else ""
    before = f"(?:(?:{alternatives(address.before_name)})\\s*)?" if address.before_name else ""
    particles = f"(?:\\s*(?:{alternatives(address.particles)}))*" if address.particles else ""
    return re.compile(f"^{greeting}{before}(?:{alternatives(address.names)}){particles}(?:\\s+|$)")


def _thai_runs(text: str) -> Iterable[str]:
    """The Thai words of a normalised text, for the tokeniser's dictionary."""
    for word in text.split():
        if has_thai(word):
            yield word
