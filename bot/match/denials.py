"""Checks that deny what they claim: "ไม่ได้ลงนามที่กรุงเทพฯ ใช่มั้ย", "It wasn't signed in 2021,
was it?". The verdict answers the claim as the member put it, denial and all: "not in Bangkok"
is wrong (ไม่ใช่ครับ), "not in 2021" is right (ใช่ครับ).

A clause is read as denied when a denial word (rules.yaml ``claims.denials``) stands in it before
its check ending; not an English auxiliary opening the clause ("Didn't they sign in Bangkok?"
asks it was so), nor one beside a word of doubt ("จำไม่ได้", "not sure"), nor one in a tag at the
end ("…ไม่ใช่เหรอ", "…, wasn't it?"): those assert what follows, they do not deny it.
"""

from __future__ import annotations

import re
from dataclasses import replace

from bot.answer import Verdict, VerdictValue
from bot.match.claims import ClaimReader
from bot.nlp.normalize import has_thai, normalize
from bot.nlp.pipeline import TextProcessor

# What separates the clauses of a message (a Thai clause also ends at a space).
_CLAUSE_END = re.compile(r"[,;?!.\n，？！。]+")
ClaimKey = tuple[str, object]


class DenialReader:
    """Finds the claims a check denies.

    Args:
        processor: the text pipeline, to read each clause on its own.
        claims: reads the claims of one clause.
    """

    def __init__(self, processor: TextProcessor, claims: ClaimReader) -> None:
        words = processor.rules.claims
        checks = processor.rules.checks
        self._processor = processor
        self._claims = claims
        self._denials = words.denials
        self._doubts = words.denial_doubts
        self._inverted = words.inverted_denials
        self._thai_endings = sorted(
            (
                e.replace(" ", "")
                for e in (*words.denial_tags, *checks.strong_endings, *checks.endings)
            ),
            key=len,
            reverse=True,
        )
        self._english_endings = sorted(
            (tuple(e.split()) for e in checks.english_endings), key=len, reverse=True
        )

    def mentions(self, question: str) -> bool:
        """Whether a denial word is in the message at all (most checks have none)."""
        text = question.casefold().replace("'", " ").replace("’", " ")
        if any(d in text for d in self._denials if has_thai(d)):
            return True
        return not self._denials.isdisjoint(re.findall(r"[a-z]+", text))

    def denied_claims(self, question: str) -> frozenset[ClaimKey]:
        """The claims of the clauses that deny them, as (kind, value)."""
        if not self.mentions(question):
            return frozenset()
        denied: set[ClaimKey] = set()
        for before, after in self._denied_splits(question):
            claims = self._keys(after)
            if not claims:
                # "Suriya didn't sign it": the claim needs its subject, named before the denial
                claims = self._keys(f"{before} {after}") - self._keys(before)
            denied |= claims
        return frozenset(denied)

    def _keys(self, text: str) -> set[ClaimKey]:
        if not text.strip():
            return set()
        return {(c.kind, c.value) for c in self._claims.read(self._processor.analyse(text))}

    def as_put(self, verdict: Verdict, question: str) -> Verdict:
        """A verdict on what the message says, turned when the message denies it ("ไม่ได้มี
        กำหนดแค่ปีเดียวใช่ไหม": it is one year, so no)."""
        if verdict.value == "not-stated" or not self.mentions(question):
            return verdict
        if not self.denied_clauses(question):
            return verdict
        turned: VerdictValue = "no" if verdict.value == "yes" else "yes"
        return replace(verdict, value=turned, denied=True)

    def denied_clauses(self, question: str) -> list[str]:
        """What the clauses of ``question`` deny: the words after each denial."""
        return [after for _, after in self._denied_splits(question) if after]

    def _denied_splits(self, question: str) -> list[tuple[str, str]]:
        """Each denied clause (check ending cut) as the words before and after its denial."""
        found = []
        for clause in self._clauses(question):
            body = self._without_ending(clause)
            split = self._split_at_denial(self._processor.analyse(body).raw) if body else None
            if split is not None:
                found.append(split)
        return found

    def _clauses(self, question: str) -> list[str]:
        text = question.replace("'", " ").replace("’", " ")
        clauses = [c.strip() for c in _CLAUSE_END.split(text) if c.strip()]
        if has_thai(text):
            clauses = [piece for c in clauses for piece in c.split()]
        return clauses

    def _without_ending(self, clause: str) -> str:
        """The clause without the polite and check endings closing it (a tag is not a denial)."""
        processor = self._processor
        text = processor.without_polite_endings(normalize(clause)).strip()
        if has_thai(text):
            squeezed = text.replace(" ", "")
            ending = next((e for e in self._thai_endings if squeezed.endswith(e)), "")
            return squeezed[: len(squeezed) - len(ending)] if ending else text
        words = text.split()
        english = next((e for e in self._english_endings if tuple(words[-len(e) :]) == e), ())
        return " ".join(words[: len(words) - len(english)])

    def _split_at_denial(self, raw: list[str]) -> tuple[str, str] | None:
        """The words before and after the first denial of a clause: what follows it is denied
        ("an MOU, not an LOI": the LOI, not the MOU)."""
        for index, token in enumerate(raw):
            if token not in self._denials:
                continue
            if index == 0 and token in self._inverted:
                continue  # "didn't they sign in Bangkok?" asks that they did
            near = raw[max(0, index - 1) : index] + raw[index + 1 : index + 3]
            if self._doubts.isdisjoint(near):
                glue = "" if has_thai("".join(raw)) else " "
                return glue.join(raw[:index]), glue.join(raw[index + 1 :])
        return None
