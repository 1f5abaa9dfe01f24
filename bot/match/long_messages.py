"""A long message read by the piece that asks: the one check among remarks ("it was signed in
2023 ya? | i saw 2566 in some thai doc"), the question after a scene set ("Hello, I am Kenji,
a battery engineer. Which organization signed?"), the message without the remarks it ends with
("สรุปข่าวนี้สั้นๆให้หน่อยคับ | อ่านไม่ไหว"). The pieces are the :class:`PartSplitter`'s.
"""

from __future__ import annotations

from bot.match.parts import BREAKS, THAI_BREAKS, PartSplitter
from bot.nlp.normalize import has_thai


class LongMessages:
    """Finds the piece of a long message that asks.

    Args:
        splitter: cuts a message into pieces and tells which ask.
    """

    def __init__(self, splitter: PartSplitter) -> None:
        self.splitter = splitter
        self.processor = splitter.processor

    def checking_pieces(self, question: str) -> list[str]:
        """The pieces of a message of two or more that check a claim explicitly (ใช่ไหม,
        "…, right?", "ya?"), if the message as a whole does not and no other piece asks."""
        breaks = THAI_BREAKS if has_thai(question) else BREAKS
        if not breaks.search(question) and not (has_thai(question) and " " in question.strip()):
            return []  # one piece: nothing to look into (most messages, on the hot path)
        chunks = self.splitter.chunks(question)
        if len(chunks) < 2 or self.splitter.checks(question):
            return []
        # "It's an MOU, right?": a bare tag checks the piece before it.
        checking = [
            f"{chunks[i - 1]}, {c}" if i > 0 and not self.processor.tokens(c) else c
            for i, c in enumerate(chunks)
            if self.splitter.checks(c)
        ]
        checked = {c for check in checking for c in chunks if c in check}
        # Only beside pieces that ask nothing (a source, a remark): "ไหน | เจโทรป่าว" asks;
        # "จำไม่ได้ละ" names nothing, its ending is no follow-up's.
        if any(self.splitter.asks(c, remark_endings=False) for c in chunks if c not in checked):
            return []
        return checking

    def asked_after_scene(self, question: str) -> str | None:
        """The one piece that asks, when pieces that only set the scene stand before it
        ("Hello, I am Kenji, a battery engineer. Which organization signed?"), else None."""
        chunks = self.splitter.chunks(question)
        asking = [i for i, chunk in enumerate(chunks) if self.splitter.asks(chunk)]
        if len(asking) != 1 or asking[0] == 0:
            return None
        return " ".join(chunks[asking[0] :])

    def without_remarks(self, question: str) -> str | None:
        """The message without the remarks it ends with: pieces that neither ask nor name
        anything of the article ("สรุปข่าวนี้สั้นๆให้หน่อยคับ | อ่านไม่ไหว", "Did Denso take
        part? | My company works with Denso."); None when it ends with none, or nothing
        of the article is left."""
        thai = has_thai(question)
        pieces = [
            piece
            for chunk in self.splitter.chunks(question)
            for piece in (chunk.split() if thai else [chunk])
        ]
        end = len(pieces)
        while end > 0 and self._remark(pieces[end - 1], thai):
            end -= 1
        kept = pieces[:end]
        if end == len(pieces) or not any(self.splitter.topical(p) for p in kept):
            return None
        return " ".join(kept)

    def _remark(self, piece: str, thai: bool) -> bool:
        # In Thai only a piece all in Thai: "carbon credit" is two words, not two pieces.
        if thai and not all(has_thai(ch) or not ch.isalpha() for ch in piece):
            return False
        return not self.splitter.asks(piece) and not self.splitter.topical(piece)
