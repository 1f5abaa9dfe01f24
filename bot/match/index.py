"""What every FAQ entry knows, how much each word weighs, and typo look-ups.

Every token weighs its inverse entry frequency (rare words such as ที่ไหน or โรงแรม decide,
words found in every entry barely count), stop words weigh a fraction of that, and a word never
seen in the FAQ weighs the most — so an out-of-scope question (ราคาทอง, ฟุตบอล) explains little
of itself and is declined. An inverted index keeps the work proportional to the phrasings that
share a word with the question, not to the size of the FAQ.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from bot.knowledge import FAQ
from bot.nlp.english_words import is_common
from bot.nlp.pipeline import TextProcessor

RESOLVED_KEPT = 8192  # question words whose FAQ word is remembered


@dataclass(frozen=True)
class IndexConfig:
    """How the index weighs words and looks up typos.

    Attributes:
        weak_factor: a weak (stop) word counts this much of its inverse entry frequency.
        answer_factor: a word found only in an entry's answer or title (not in its phrasings)
            counts this much.
        unknown_factor: a word never seen in the FAQ weighs this much of the most a word can.
        typo_cutoff: an unknown token is read as the closest FAQ token when at least this
            similar (0-100) ...
        typo_min_length: ... and at least this long ...
        typo_max_length_change: ... and its length differs by at most this much.
    """

    weak_factor: float = 0.3
    answer_factor: float = 0.6
    unknown_factor: float = 1.0
    typo_cutoff: float = 80.0
    typo_min_length: int = 3
    typo_max_length_change: int = 2


class EntryIndex:
    """An inverted index over every phrasing of a FAQ, and over each entry as a whole.

    Args:
        faq: the entries.
        processor: the text pipeline shared with the questions.
        config: weights and typo look-up settings.
    """

    def __init__(
        self,
        faq: FAQ,
        processor: TextProcessor,
        config: IndexConfig | None = None,
        *,
        tokens_of: Callable[[str], list[str]] | None = None,
    ) -> None:
        self.faq = faq
        self.processor = processor
        self.config = config or IndexConfig()
        # The tokens of the FAQ's texts: the pipeline's, or the same from a cache of them.
        self._tokens = tokens_of or processor.tokens
        self.phrasings: list[str] = []
        self.owner: list[int] = []  # phrasing index -> entry index
        self.token_sets: list[frozenset[str]] = []
        for entry_index, entry in enumerate(faq.entries):
            for phrasing in entry.questions:
                tokens = frozenset(self._tokens(phrasing))
                if tokens:
                    self.phrasings.append(phrasing)
                    self.owner.append(entry_index)
                    self.token_sets.append(tokens)
        entry_tokens = self._entry_tokens()
        # Each entry's words (with their factor) and phrasings, for scoring a few candidates
        # without walking the postings of the common words they share with every entry.
        self.entry_known: list[dict[str, float]] = entry_tokens
        self.entry_phrasings = _phrasings_of(self.owner, len(faq.entries))
        entry_count = max(len(faq.entries), 1)
        df: dict[str, int] = defaultdict(int)
        entry_postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
        for entry_index, known in enumerate(entry_tokens):
            for token, factor in known.items():
                df[token] += 1
                entry_postings[token].append((entry_index, factor))
        postings: dict[str, list[int]] = defaultdict(list)
        for index, tokens in enumerate(self.token_sets):
            for token in tokens:
                postings[token].append(index)
        self.postings = dict(postings)
        self.entry_postings = dict(entry_postings)
        self._entry_at = {e.id: i for i, e in enumerate(faq.entries)}
        self.weak = processor.weak_words
        self.weight = {token: self._idf(count, entry_count, token) for token, count in df.items()}
        self.unknown_weight = math.log(1 + entry_count / 0.5) * self.config.unknown_factor
        # A word (not a stop word) found in at most half of the entries names something
        # particular.
        self.specific = frozenset(
            t for t, count in df.items() if count <= entry_count / 2 and t not in self.weak
        )
        self.phrasing_weight = [sum(self.weight[t] for t in tokens) for tokens in self.token_sets]
        self._build_typo_tables()
        # The where/when question words each entry's phrasings use.
        where_when = processor.rules.where_when_words
        asks: dict[str, frozenset[str]] = defaultdict(frozenset)
        for index, tokens in enumerate(self.token_sets):
            entry_id = faq.entries[self.owner[index]].id
            asks[entry_id] = asks[entry_id] | (tokens & where_when)
        self.asks = asks

    def _entry_tokens(self) -> list[dict[str, float]]:
        # What each entry as a whole knows: its phrasings' words, then (weaker) the words of
        # its title and answer, so "ทาเคทานิ ตำแหน่งอะไร" finds the entry whose answer names him.
        entry_tokens: list[dict[str, float]] = [{} for _ in self.faq.entries]
        for index, tokens in enumerate(self.token_sets):
            entry_tokens[self.owner[index]].update(dict.fromkeys(tokens, 1.0))
        for entry_index, entry in enumerate(self.faq.entries):
            known = entry_tokens[entry_index]
            text = " ".join((entry.title, entry.title_en, entry.answer, entry.answer_en))
            for token in self._tokens(text):
                known.setdefault(token, self.config.answer_factor)
        return entry_tokens

    def _build_typo_tables(self) -> None:
        # A typo is looked up among the FAQ's words and the synonyms' variants (wher → where →
        # ที่ไหน), each leading to a word of the FAQ.
        self.typo_target = {
            variant: canonical
            for variant, canonical in self.processor.word_variants.items()
            if canonical in self.entry_postings
        }
        self.typo_target.update((token, token) for token in self.entry_postings)
        # Words by length: a typo changes the length by a little at most, so only words of
        # about the same length are compared.
        change = self.config.typo_max_length_change
        by_length: dict[int, list[str]] = defaultdict(list)
        for word in self.typo_target:
            by_length[len(word)].append(word)
        self._vocab_near_length = {
            length: [
                w for near in range(length - change, length + change + 1) for w in by_length[near]
            ]
            for length in range(1, max(by_length, default=0) + change + 1)
        }
        # A typo look-up costs a rapidfuzz scan; members repeat their words, so remember some.
        # In a plain dict: a cache wrapping the bound method would tie the index to itself, and
        # an engine in a reference cycle is never freed after a reload (it is frozen out of the
        # collector's reach, see Engine.load).
        self._resolved: dict[str, tuple[str, float] | None] = {}

    def resolve(self, token: str) -> tuple[str, float] | None:
        """The FAQ token this question token stands for, with its similarity (0-1), or None."""
        if token in self._resolved:
            return self._resolved[token]
        found = self._look_up(token)
        if len(self._resolved) >= RESOLVED_KEPT:
            del self._resolved[next(iter(self._resolved))]  # the oldest
        self._resolved[token] = found
        return found

    def _idf(self, df: int, n: int, token: str) -> float:
        weight = math.log(1 + n / df)
        return weight * self.config.weak_factor if token in self.weak else weight

    def knows(self, token: str) -> bool:
        """Whether ``token`` is a word of some entry (its phrasings, title or answer)."""
        return token in self.entry_postings

    def entry_knows(self, entry_id: str, token: str) -> bool:
        """Whether this entry's phrasings, title or answer have ``token``."""
        at = self._entry_at.get(entry_id)
        return at is not None and any(i == at for i, _ in self.entry_postings.get(token, ()))

    def token_weight(self, token: str) -> float:
        """How much a question token weighs: its own weight, or an unknown word's."""
        weight = self.weight.get(token)
        if weight is not None:
            return weight
        # An unknown number is a value (2021 in "signed in 2021, right?"), not a topic.
        weak = token in self.weak or token.isdigit() or len(token) == 1
        return self.unknown_weight * (self.config.weak_factor if weak else 1.0)

    def misread(self, word: str) -> bool:
        """Whether a word typed would be read as a typo of another FAQ word ("rain": train)."""
        for token in self.processor.tokens(word):
            found = self.resolve(token)
            if found is not None and found[0] != token:
                return True
        return False

    def _look_up(self, token: str) -> tuple[str, float] | None:
        """The FAQ token this question token stands for, with its similarity (0-1)."""
        if token in self.entry_postings:
            return token, 1.0
        if len(token) < self.config.typo_min_length or token.isdigit():
            return None
        # An everyday English word the rules list is what was typed, not a typo of a word
        # of the FAQ ("Dear Sir" is not "decarb").
        if token in self.processor.rules.english_stop_words:
            return None
        if token in self.typo_target:
            return self.typo_target[token], 1.0
        # A typo changes a letter or two; a longer or shorter word is another word
        # (นายกรัฐมนตรี is not a misspelt รัฐมนตรี).
        choices = self._vocab_near_length.get(len(token), ())
        found = process.extractOne(
            token, choices, scorer=fuzz.ratio, score_cutoff=self.config.typo_cutoff
        )
        if found is None or not self._may_be_typo(token, found[0]):
            return None
        return self.typo_target[found[0]], found[1] / 100.0

    def _may_be_typo(self, token: str, word: str) -> bool:
        """Whether ``token`` may be a misspelt ``word``: an everyday English word is what was
        meant ("line" is not "online", "over" not "cover"), unless one is the other inflected
        ("points": point, "local": locally)."""
        if not (token.isascii() and token.isalpha()):
            return True
        if not is_common(token, self.processor.rules.everyday_words_zipf):
            return True
        return word.startswith(token) or token.startswith(word)


def _phrasings_of(owner: list[int], entries: int) -> list[list[int]]:
    """The phrasings of each entry, from the owner of each phrasing."""
    phrasings: list[list[int]] = [[] for _ in range(entries)]
    for position, entry_index in enumerate(owner):
        phrasings[entry_index].append(position)
    return phrasings
