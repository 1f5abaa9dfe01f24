"""What a check asks is covered: "มีเรื่องไฮโดรเจนด้วยไหม", "does the LOI cover hydrogen?".

The article lists what the cooperation covers "including" …, so whether it covers something
it never mentions is not stated (not "no"). The words that ask it (rules.yaml
``claims.inclusion_words``), how far from them what is asked may stand, and which English
words are everyday (``common_english_zipf``) are data; nothing about the article is here.
"""

from __future__ import annotations

import re

from bot.answer import Verdict
from bot.knowledge import FAQ, Entry
from bot.match.index import EntryIndex
from bot.match.result import Checked
from bot.nlp import english_words
from bot.nlp.normalize import has_thai
from bot.nlp.pipeline import TextProcessor


class Coverage:
    """Judges whether the cooperation, or a pillar, covers what a check names.

    Args:
        faq: the entries.
        index: what each entry knows.
        processor: the text pipeline (rule words).
        not_content: words that name no content (question words, units …); the asking
            words are added to them (``not_content`` after).
    """

    def __init__(
        self, faq: FAQ, index: EntryIndex, processor: TextProcessor, not_content: frozenset[str]
    ) -> None:
        self.faq = faq
        self.index = index
        self.processor = processor
        rules = processor.rules
        self._inclusion = tuple(tuple(processor.tokens(w)) for w in rules.claims.inclusion_words)
        self.not_content = frozenset(not_content) | {t for p in self._inclusion for t in p}
        self._contents = rules.claims.contents_topic
        self._reach = rules.claims.inclusion_reach + 1
        self._zipf = rules.claims.common_english_zipf
        self._joiners = frozenset(t for j in rules.parts.joiners for t in processor.tokens(j))
        self._english_stop = rules.english_stop_words

    def included(self, words: list[str], item: Entry | None, typed: str) -> Checked | None:
        """Whether the cooperation (or a pillar named) covers something the article never
        mentions ("มีเรื่องไฮโดรเจนด้วยไหม", "Pillar 3 also covers hydrogen, yes?"): not stated,
        with the pillar or the entry listing what it covers (the article says "including").
        What is asked stands next to the asking words, not in a remark before them."""
        asks = [
            (i, i + len(phrase))
            for phrase in self._inclusion
            for i in range(len(words))
            if words[i : i + len(phrase)] == list(phrase)
        ]
        runs: list[tuple[int, int]] = []  # "hydrogen fuel cell" is named as one thing
        for i, token in enumerate(words):
            if not self.is_unknown(token, english=True):
                continue
            if runs and runs[-1][1] == i:
                runs[-1] = (runs[-1][0], i + 1)
            else:
                runs.append((i, i + 1))
        # Everyday English alone names nothing left out ("the new car business"), nor does a
        # sentence that asks nothing ("Our factory makes motor parts. Is … also mentioned?").
        runs = [r for r in runs if not all(self._everyday(words[i], typed) for i in range(*r))]
        asking = self._asking_sentences(typed)
        runs = [r for r in runs if asking is None or all(words[i] in asking for i in range(*r))]
        # Between them, words the article knows and list joiners do not count ("cover EV
        # batteries and hydrogen").
        passable = [t in self.index.specific or t in self._joiners for t in words]

        def gap(start: int, end: int) -> int:
            return sum(not passable[i] for i in range(start, end))

        reach = self._reach - 1
        near = [
            r for r in runs if any(gap(e, r[0]) <= reach and gap(r[1], s) <= reach for s, e in asks)
        ]
        said = tuple(
            dict.fromkeys(" ".join(_as_typed(w, typed) for w in words[a:b]) for a, b in near)
        )
        entry = item or self.faq.get(self._contents)
        if not said or entry is None:
            return None
        return Checked(Verdict("not-stated", "", " ".join(said)), entry, "not-stated", said)

    def _asking_sentences(self, typed: str) -> set[str] | None:
        """The words of the sentences that hold a covering word, when the message has more
        than one sentence (else None: every word may be what is asked)."""
        sentences = [s for s in re.split(r"[.?!]", typed) if s.strip()]
        if len(sentences) < 2:
            return None
        out: set[str] = set()
        for sentence in sentences:
            tokens = self.processor.tokens(sentence)
            joined = f" {' '.join(tokens)} "
            if any(f" {' '.join(p)} " in joined for p in self._inclusion):
                out.update(tokens)
        return out

    def _everyday(self, token: str, typed: str) -> bool:
        """An everyday English word as typed ("business", "teaching"), which names nothing
        the article leaves out, unlike "hydrogen" (rules.yaml claims.common_english_zipf)."""
        return token.isascii() and english_words.is_common(_as_typed(token, typed), self._zipf)

    def is_unknown(self, token: str, english: bool = False) -> bool:
        """A Thai word the FAQ does not know and no everyday one: what a check names that the
        article does not mention (ไฮโดรเจน). (English has no list of everyday words here, so an
        unknown English word proves something only where the check asks what is covered.)"""
        if english and token.isascii():
            return (
                len(token) > 3
                and token.isalpha()
                and token not in self._english_stop
                and token not in self.not_content
                and token not in self.index.weak
                and self.index.resolve(token) is None
            )
        return (
            len(token) > 2
            and has_thai(token)
            and token not in self.index.weak
            and token not in self.not_content
            and self.index.resolve(token) is None
            and not self.processor.is_common_word(token)
            and token.isalpha()
        )


def _as_typed(word: str, typed: str) -> str:
    """An English word as the member typed it ("driving", not the stem "driv")."""
    if not word.isascii():
        return word
    found = re.search(rf"\b{re.escape(word)}\w*", typed, flags=re.IGNORECASE)
    return found.group().lower() if found else word
