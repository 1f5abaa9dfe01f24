"""Characters that change how a text is shown, made visible: for admins' screens and files.

A member's question can carry control characters (NUL, escape sequences) and bidirectional
overrides (U+202E turns the rest of a line around) that rewrite what an admin sees in /review,
a terminal or a spreadsheet. :func:`neutralise` writes each one as its escape (``\\u202e``)
instead, and keeps the ordinary line breaks and tabs of a text.
"""

from __future__ import annotations

import unicodedata

# Unicode's bidirectional formatting characters (UAX #9): marks, embeddings, overrides, isolates.
BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
# Control (Cc), surrogate (Cs, which cannot even be written as UTF-8) and line/paragraph
# separator characters; format characters (Cf) other than the bidi ones stay, since the zero
# width joiner holds emoji together and zero width spaces are harmless.
_ESCAPED_CATEGORIES = frozenset({"Cc", "Cs", "Zl", "Zp"})


def neutralise(text: str, keep: str = "\n\t") -> str:
    """``text`` with control, bidi and separator characters written as escapes.

    Args:
        text: a member's text.
        keep: control characters left as they are (line breaks and tabs by default).

    >>> neutralise("abc\\u202e!\\x00\\n")
    'abc\\\\u202e!\\\\x00\\n'
    """
    if text.isprintable() and not BIDI_CONTROLS.intersection(text):
        return text  # nearly always: no copy, no per-character work
    return "".join(
        ch
        if ch in keep
        or (ch not in BIDI_CONTROLS and unicodedata.category(ch) not in _ESCAPED_CATEGORIES)
        else ch.encode("unicode_escape", "backslashreplace").decode("ascii")
        for ch in text
    )
