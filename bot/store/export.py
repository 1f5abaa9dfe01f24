"""The whole log as a CSV file for a spreadsheet, safe to open.

UTF-8 with a byte-order mark so Excel shows Thai. A cell a spreadsheet would run as a formula
(its first character, after any spaces, one of ``= + - @``, their full-width forms, a tab or a
carriage return) is prefixed with ``'``, and control and bidi characters are written as escapes
(:mod:`bot.controls`), so a member's question can neither run nor disguise itself.
"""

from __future__ import annotations

import csv
import io

from bot.controls import neutralise
from bot.store.database import Database
from bot.store.rows import COLUMNS
from bot.store.schema import SELECT_QUESTIONS

FORMULA_STARTS = frozenset("=+-@\t\r\uff1d\uff0b\uff0d\uff20\ufe62\ufe63\ufe66")


async def export_csv(db: Database) -> bytes:
    """All rows as CSV, oldest first (see the module's docstring)."""
    rows = await db.fetch(SELECT_QUESTIONS + " ORDER BY created_at, rowid")
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([safe_cell(value) for value in row])
    return out.getvalue().encode("utf-8-sig")


def safe_cell(value: object) -> str:
    """One value as a cell no spreadsheet runs and every control character made visible."""
    text = "" if value is None else str(value)
    if text[:1] in FORMULA_STARTS or text.lstrip()[:1] in FORMULA_STARTS:
        text = "'" + text
    return neutralise(text, keep="\n\t\r")
