"""Normalisation: a chain of small named ``str -> str`` stages, composed once by :func:`normalize`.

Each stage is public so a caller can recompose the chain (as PyThaiNLP's ``util.normalize``
does); :data:`STAGES` is the order, and :func:`normalize_traced` shows what each one did.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from pythainlp import (
    thai_above_vowels,
    thai_below_vowels,
    thai_follow_vowels,
    thai_lead_vowels,
    thai_tonemarks,
)
from pythainlp.util import normalize as _pythainlp_normalize

# A question longer than this is not read further (Telegram allows 4096 characters).
MAX_QUESTION_CHARS = 4096

_ZERO_WIDTH = re.compile("[\u200b-\u200f\u2028-\u202f\u2060-\u206f\ufeff\u00ad]")
_REPEATS = re.compile(r"(\D)\1{2,}")  # not digits: 2000 stays 2000
_LAUGHTER = re.compile(r"(?<!\d)5{3,}(?!\d)")  # 555: Thai laughter (ห้า ห้า ห้า), no number
# what's, Thailand's, who're: the clitic carries nothing a matcher can use.
_CLITIC = re.compile(r"(?<=[a-z])['’](?:s|re|ve|ll|d|m)\b")
_THAI = re.compile("[\u0e00-\u0e7f]")
_LATIN = re.compile("[a-z]")
_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
# A Telegram @mention names a person or a bot, never a topic.
_MENTION = re.compile(r"(?<![\w@])@\w+")
# Where one of PyThaiNLP normalize's rules can apply (pythainlp/util/normalize.py): a doubled
# Sara E, Lakkhangyao, a tone mark before a vowel above or below, Nikhahit before Sara Aa, a
# tone mark after a following vowel, a vowel or sign typed twice, a mark dangling at the start
# or after a space. A text with none of these comes out unchanged, so the call is skipped.
_DANGLING = f"{thai_above_vowels}{thai_below_vowels}{thai_tonemarks}\u0e3a\u0e4c\u0e4d\u0e4e"
_NO_REPEAT = (
    f"{thai_follow_vowels}{thai_lead_vowels}{thai_above_vowels}{thai_below_vowels}"
    "\u0e3a\u0e4c\u0e4d\u0e4e"
)
_NEEDS_THAI_ORDER = re.compile(
    "\u0e40\u0e40|\u0e45"
    f"|[{thai_tonemarks}\u0e4c][{thai_above_vowels}{thai_below_vowels}]"
    f"|\u0e4d[{thai_tonemarks}]*\u0e32"
    f"|[{thai_follow_vowels}][{thai_tonemarks}]"
    f"|([{_NO_REPEAT}]) *\\1"
    f"|[{thai_tonemarks}]{{2}}"
    f"|(?:^|\\s)[{_DANGLING}]"
)


def detect_language(text: str) -> str:
    """ "th" when the text has any Thai letter, "en" when it has Latin letters and no Thai."""
    if _THAI.search(text):
        return "th"
    if _LATIN.search(text.casefold()):
        return "en"
    return "th"


def has_thai(text: str) -> bool:
    """Whether the text has a Thai character."""
    return _THAI.search(text) is not None


def unicode_compatible(text: str) -> str:
    """NFKC: full-width letters and digits become plain ones (ＬＯＩ → LOI)."""
    return unicodedata.normalize("NFKC", text[: MAX_QUESTION_CHARS * 2])


def drop_mentions(text: str) -> str:
    """Remove @mentions."""
    return _MENTION.sub(" ", text)


def drop_invisible(text: str) -> str:
    """Remove zero-width characters; control characters become spaces."""
    text = _ZERO_WIDTH.sub("", text)
    return "".join(ch if unicodedata.category(ch)[0] != "C" else " " for ch in text)


def thai_order(text: str) -> str:
    """Thai vowels and tone marks in their one right order, none doubled (PyThaiNLP
    ``normalize``); skipped when none of its rules can apply (measured: most questions)."""
    return _pythainlp_normalize(text) if _NEEDS_THAI_ORDER.search(text) else text


def arabic_digits(text: str) -> str:
    """Thai digits become 0-9 (๑๓ → 13)."""
    return text.translate(_THAI_DIGITS)


def fold_case(text: str) -> str:
    """Lower case, the Unicode way."""
    return text.casefold()


def drop_laughter(text: str) -> str:
    """Thai laughter typed as 555 goes: it is no number."""
    return _LAUGHTER.sub(" ", text)


def collapse_repeats(text: str) -> str:
    """Runs of three or more of one letter become one (ที่ไหนนนน → ที่ไหน); digits stay."""
    return _REPEATS.sub(r"\1", text)


def drop_clitics(text: str) -> str:
    """English clitics go (what's → what)."""
    return _CLITIC.sub("", text)


def drop_repetition_mark(text: str) -> str:
    """The repetition mark ๆ goes (เร็วๆ → เร็ว)."""
    return text.replace("ๆ", " ")


def punctuation_to_space(text: str) -> str:
    """Punctuation and symbols become spaces; letters, digits and Thai marks stay."""
    return "".join(ch if ch.isalnum() or "\u0e00" <= ch <= "\u0e7f" else " " for ch in text)


def squeeze_spaces(text: str) -> str:
    """One space between words, none at the ends, at most :data:`MAX_QUESTION_CHARS`."""
    return " ".join(text.split())[:MAX_QUESTION_CHARS]


STAGES: tuple[Callable[[str], str], ...] = (
    unicode_compatible,
    drop_mentions,
    drop_invisible,
    thai_order,
    arabic_digits,
    fold_case,
    drop_laughter,
    collapse_repeats,
    drop_clitics,
    drop_repetition_mark,
    punctuation_to_space,
    squeeze_spaces,
)


def normalize(text: str) -> str:
    """Clean a text the way members type it into one comparable form (every stage in order)."""
    for stage in STAGES:
        text = stage(text)
    return text


def normalize_traced(text: str) -> tuple[str, list[tuple[str, str]]]:
    """:func:`normalize`, and each stage that changed the text with its output."""
    steps: list[tuple[str, str]] = []
    for stage in STAGES:
        changed = stage(text)
        if changed != text:
            steps.append((stage.__name__, changed))
        text = changed
    return text, steps
