"""The source library (``knowledge/sources/``): the articles answers rest on, and citations.

Each article is one text file: a small header between two ``---`` lines (id, title, date,
where it was published), then the article's text as published. Adding an article is adding a
file. A citation (the quote, the document's title and date) is formatted here, for Telegram's
"📄 ที่มา" button and the console alike.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot import texts
from bot.curation.messages import DATE_FORMAT, NO_HEADER, said
from bot.curation.yaml_files import KnowledgeError, Problem, read_yaml_text

if TYPE_CHECKING:
    from bot.knowledge import FAQ, Entry
from bot.settings import REPO_ROOT

SOURCES_DIR = "sources"
SHIPPED_SOURCES = REPO_ROOT / "knowledge" / SOURCES_DIR
HEADER_LINE = "---"
HEADER_KEYS = {"id", "title", "title_en", "date", "published"}
SOURCE_KEYS = ("document", "quote")  # an entry's source: which article, which sentence(s)
THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
BE_OFFSET = 543
_INVISIBLE = re.compile(r"[\s\u200b\u200c\u200d\ufeff]+")


@dataclass(frozen=True)
class Document:
    """One article of the source library.

    Attributes:
        id: its stable name, which entries' ``source: document:`` names.
        title: its title as published (Thai).
        title_en: its title in English (may be empty).
        date: the article's date.
        published: where it was published.
        text: the article's text (the header left out).
        path: its file.
        body_line: the file line the text starts on.
    """

    id: str
    title: str
    title_en: str
    date: date | None
    published: str
    text: str
    path: Path | None = None
    body_line: int = 1

    def title_in(self, language: str) -> str:
        """The title in ``language`` ("th" or "en")."""
        return self.title_en if language == "en" and self.title_en else self.title

    def contains(self, quote: str) -> bool:
        """Whether ``quote`` is in the text, read as :func:`comparable`."""
        return comparable(quote) in comparable(self.text)


def comparable(text: str) -> str:
    """A text as quotes are compared: NFC, Thai digits as 0-9, every space and line break out.

    The article breaks lines inside a sentence ("ณ โรงแรม⏎แชงกรี-ลา") and Thai writes no
    spaces between words, so spacing never decides whether a quote is the article's.

    >>> comparable("ณ โรงแรม\\nแชงกรี-ลา  ๒๕๖๕")
    'ณโรงแรมแชงกรี-ลา2565'
    """
    return _INVISIBLE.sub("", unicodedata.normalize("NFC", text).translate(THAI_DIGITS))


def library_dir(faq_path: Path) -> Path:
    """The sources folder beside a FAQ file, else the shipped one."""
    here = faq_path.parent / SOURCES_DIR
    return here if here.is_dir() else SHIPPED_SOURCES


def load_library(folder: Path) -> dict[str, Document]:
    """Every article in ``folder`` (``*.txt``), by id.

    Raises:
        KnowledgeError: a file has no header, a bad one, or an id another file uses.
    """
    documents: dict[str, Document] = {}
    for path in sorted(folder.glob("*.txt")) if folder.is_dir() else ():
        document = load_document(path)
        if document.id in documents:
            raise KnowledgeError(
                path,
                [
                    Problem(
                        said(
                            f"id '{document.id}' ซ้ำกับไฟล์ {documents[document.id].path}",
                            f"the id '{document.id}' is already used by"
                            f" {documents[document.id].path}",
                        ),
                        line=2,
                    )
                ],
            )
        documents[document.id] = document
    return documents


def load_document(path: Path) -> Document:
    """One article file: its header and its text.

    Raises:
        KnowledgeError: the header is missing or malformed.
    """
    raw = path.read_text(encoding="utf-8")
    lines = raw.split("\n")
    if (
        not lines
        or lines[0].strip() != HEADER_LINE
        or HEADER_LINE not in (line.strip() for line in lines[1:])
    ):
        raise KnowledgeError(path, [Problem(NO_HEADER, line=1)])
    end = next(i for i, line in enumerate(lines[1:], start=1) if line.strip() == HEADER_LINE)
    header = read_yaml_text("\n".join(lines[1:end]), path, first_line=2)
    problems: list[Problem] = []
    if not isinstance(header, dict):
        header = {}
        problems.append(Problem(NO_HEADER, line=1))
    for key in header:
        if key != "__line__" and key not in HEADER_KEYS:
            problems.append(
                Problem(
                    said(
                        f"ไม่รู้จักคีย์ '{key}' ในส่วนหัว (ใช้ได้: {', '.join(sorted(HEADER_KEYS))})",
                        f"unknown key '{key}' in the header (allowed:"
                        f" {', '.join(sorted(HEADER_KEYS))})",
                    )
                )
            )
    for key in ("id", "title", "date", "published"):
        if not header.get(key):
            problems.append(Problem(said(f"ส่วนหัวไม่มี '{key}'", f"the header has no '{key}'")))
    when = header.get("date")
    if when is not None and not isinstance(when, date):
        problems.append(Problem(DATE_FORMAT))
    if problems:
        raise KnowledgeError(path, problems)
    return Document(
        id=str(header["id"]),
        title=str(header["title"]),
        title_en=str(header.get("title_en") or ""),
        date=when if isinstance(when, date) else None,
        published=str(header["published"]),
        text="\n".join(lines[end + 1 :]).strip(),
        path=path,
        body_line=end + 2,
    )


def format_date(when: date | None, language: str) -> str:
    """A date as a member reads it: 13/01/2565 (B.E.) in Thai, 13 Jan 2022 style in English."""
    if when is None:
        return ""
    if language == "en":
        return f"{when.day} {when:%B} {when.year}"
    return f"{when.day:02d}/{when.month:02d}/{when.year + BE_OFFSET}"


def citation(entry: Entry, language: str) -> str:
    """The quote an entry's answer rests on, with its document's title and date (plain text).

    Args:
        entry: the entry (its ``source`` is the quote, its ``document`` the article).
        language: "th" or "en": the labels and the date's calendar.

    Returns:
        The quote in quotation marks, then "— title, date" when the document is known.
    """
    quote = f"“{entry.source}”"
    document = entry.document
    if document is None:
        return quote
    return texts.CITATION[language].format(
        quote=quote, title=document.title_in(language), date=format_date(document.date, language)
    )


def parse_source(value: Any, problem: Callable[[str], None]) -> tuple[str | None, tuple[str, ...]]:
    """The document an entry's ``source`` names (None when it is a bare quote) and its quote.

    Several sentences (a list under ``quote:``) are joined by line breaks so that the quote
    stays one text for whatever shows it.
    """
    if value is None:
        return None, ()
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        return None, (str(value).strip(),)
    if not isinstance(value, dict):
        problem(said(*SOURCE_SHAPE))
        return None, ()
    unknown = [k for k in value if k != "__line__" and k not in SOURCE_KEYS]
    document, quote = value.get("document"), value.get("quote")
    if unknown or not isinstance(document, str) or not document or quote is None:
        problem(said(*SOURCE_SHAPE))
        return None, ()
    sentences = quote if isinstance(quote, list) else [quote]
    if not sentences or not all(isinstance(q, str) and q.strip() for q in sentences):
        problem(said(*SOURCE_SHAPE))
        return document, ()
    return document, tuple(q.strip() for q in sentences)


SOURCE_SHAPE = (
    "'source' ต้องมี document: (id ของข่าวใน knowledge/sources/) และ quote: (ประโยคจากข่าว"
    " คัดลอกตรงตัวอักษร หรือรายการประโยค)",
    "'source' needs document: (the id of an article in knowledge/sources/) and quote: (its"
    " sentence copied verbatim, or a list of sentences)",
)


def attach_documents(faq: FAQ, documents: dict[str, Document]) -> tuple[FAQ, list[Problem]]:
    """The FAQ with each entry's document looked up by the id its ``source`` names."""
    problems: list[Problem] = []
    entries = []
    for entry in faq.entries:
        if entry.document_id is None:
            entries.append(entry)
            continue
        document = documents.get(entry.document_id)
        if document is None:
            known = ", ".join(sorted(documents)) or "-"
            problems.append(
                Problem(
                    said(
                        f"'source' อ้างถึงข่าว '{entry.document_id}' ซึ่งไม่มีใน knowledge/sources/"
                        f" (มี: {known})",
                        f"'source' names the article '{entry.document_id}', which is not in"
                        f" knowledge/sources/ (there are: {known})",
                    ),
                    line=entry.line,
                    entry_id=entry.id,
                )
            )
        entries.append(replace(entry, document=document))
    return replace(faq, entries=tuple(entries)), problems
