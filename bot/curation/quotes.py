"""Every entry's quote is in its article (``knowledge/sources/``)."""

from __future__ import annotations

from bot.curation.locate import EntryLines
from bot.curation.messages import said
from bot.curation.sources import Document
from bot.knowledge import FAQ, Entry, Problem


def check_quotes(
    faq: FAQ, documents: dict[str, Document], lines: EntryLines
) -> tuple[list[Problem], list[Problem]]:
    """Errors for quotes not in their article; warnings for a source naming no article.

    Quotes are compared after :func:`bot.curation.sources.comparable` (spaces, line breaks
    and Thai digits do not count).
    """
    errors: list[Problem] = []
    warnings: list[Problem] = []
    for entry in faq.entries:
        if entry.document_id is None:
            warnings.append(
                Problem(
                    said(
                        "'source' ไม่ได้บอกว่ามาจากข่าวไหน ให้เขียนเป็น document: (id ของข่าว)"
                        " และ quote: (ประโยค)",
                        "'source' names no article: write document: (the article's id) and"
                        " quote: (its sentence)",
                    ),
                    lines.line_of(entry.id, "source") or entry.line,
                    entry.id,
                )
            )
        errors += _missing(entry, documents, lines)
    return errors, warnings


def _missing(entry: Entry, documents: dict[str, Document], lines: EntryLines) -> list[Problem]:
    if entry.document is not None:
        candidates = [entry.document]
    elif entry.document_id is None:
        candidates = list(documents.values())
    else:
        return []  # an unknown article is reported when the FAQ loads
    if not candidates:
        return []
    problems = []
    for quote in entry.quotes:
        if any(d.contains(quote) for d in candidates):
            continue
        title = " / ".join(d.title for d in candidates)
        problems.append(
            Problem(
                said(
                    f"ประโยคอ้างอิงนี้ไม่มีในข่าว “{title}” — คัดลอกจากข่าวตรงตัวอักษร"
                    f" (ไม่นับช่องว่าง การขึ้นบรรทัด และเลขไทย): “{_short(quote)}”",
                    f"this quote is not in the article “{title}” — copy it verbatim (spaces,"
                    f" line breaks and Thai digits do not count): “{_short(quote)}”",
                ),
                lines.line_of(entry.id, "source", quote.split("\n")[0][:20]) or entry.line,
                entry.id,
            )
        )
    return problems


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
