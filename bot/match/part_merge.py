"""The pieces of a message merged into its parts: each asking piece with the pieces before it
that do not, parallel short pieces completed by the question after them ("ข้อ 3 | ข้อ 5
คืออะไร"), and a part that only says again or narrows the one before joined to it.
"""

from __future__ import annotations

from bot.nlp.normalize import has_thai
from bot.nlp.pipeline import TextProcessor


class PartMerger:
    """Merges pieces into parts.

    Args:
        processor: the text pipeline.
        specific: words that name something particular (the index's).
        question_words: the question words, where and when ones included.
        not_content: words that name no topic.
        short: a piece this short at most may be a parallel one.
    """

    def __init__(
        self,
        processor: TextProcessor,
        *,
        specific: frozenset[str],
        question_words: frozenset[str],
        not_content: frozenset[str],
        short: int,
    ) -> None:
        rules = processor.rules
        self.processor = processor
        self.specific = specific
        self._question_words = question_words
        self._not_content = not_content
        self._short = short
        self._answer_types = rules.parts.answer_types
        self._where_when = rules.where_when_words | rules.parts.own_slot_words

    def merge(self, texts: list[str], asks: list[bool], *, terse: bool = False) -> list[str]:
        """Pieces that ask (``asks``), each with the pieces before it that do not (or, for
        parallel short pieces, with what the piece after it asks); ``terse`` topics each closed
        by a question mark are never rephrasings of each other."""
        tokens = [self.processor.tokens(t) for t in texts]
        parts: list[str] = []
        pending: list[str] = []
        for index, text in enumerate(texts):
            if asks[index]:
                parts.append(" ".join([*pending, text]))
                pending = []
                continue
            following = tokens[index + 1] if index + 1 < len(texts) and asks[index + 1] else []
            if following and self._parallel(tokens[index], following):
                asked = following[len(tokens[index]) :]
                parts.append(join_tokens([*tokens[index], *asked]))
                continue
            pending.append(text)
        if pending and not parts:
            parts.append(" ".join(pending))
        # A closing remark ("Please teach me both", "จะทำสไลด์") is left out of the parts: it
        # would only weaken the last one (the message is logged whole).
        return parts if terse else self._without_rephrasings(parts)

    def _without_rephrasings(self, parts: list[str]) -> list[str]:
        """A part that names nothing of its own says again or narrows what the part before
        asks ("เซ็นกันปีไหน | พ.ศ.อะไร", "ในฐานะอะไร | ตำแหน่งอะไร", "มีเรื่องคาร์บอนมั้ย |
        ข้อไหน"): it joins that part, unless it asks another where or when ("เซ็นวันไหน |
        ที่ไหน"). A bare question word before is completed by the part after it ("ใคร | กับ |
        ใครร่วมมือกัน"); the same question of something new asks twice ("who presided | who
        signed")."""
        kept: list[str] = []
        for part in parts:
            tokens = self.processor.tokens(part)
            asked = self._question_words.intersection(tokens)
            own = [
                t for t in tokens if t not in self._question_words and t not in self._answer_types
            ]
            earlier = self.processor.tokens(kept[-1]) if kept else []
            # (what the part before names is not its own: "the second cooperation | second
            # after what?")
            if kept and self.specific.isdisjoint(t for t in own if t not in earlier):
                before = self._question_words.intersection(earlier)
                elaborates = not self._answer_types.isdisjoint(tokens)
                new = [t for t in own if t not in self._not_content and t not in earlier]
                bare = all(t in self._question_words or t in self._not_content for t in earlier)
                same = not asked or asked <= before
                another_slot = bool(asked & self._where_when) and not same
                if elaborates or (same and bare) or not (new or another_slot):
                    kept[-1] = f"{kept[-1]} {part}"
                    continue
            kept.append(part)
        return kept

    def _parallel(self, piece: list[str], asking: list[str]) -> bool:
        """Whether a piece that does not ask names a thing as the asking piece after it does
        ("ข้อ 3" | "ข้อ 5 คืออะไร", "พิสิฐ" | "ทาเคทานิตำแหน่งอะไร"): short, naming something,
        and the asking piece opens with something named too, then asks."""
        size = len(piece)
        return (
            0 < size <= self._short
            and len(asking) > size
            and not self.specific.isdisjoint(piece)
            and not self.specific.isdisjoint(asking[:size])
            and bool(self._question_words.intersection(asking[size:]))
        )


def join_tokens(tokens: list[str]) -> str:
    """Tokens back into a text: Thai ones run together, others spaced."""
    out = ""
    for token in tokens:
        if out and not (has_thai(out[-1]) and has_thai(token[0])):
            out += " "
        out += token
    return out
