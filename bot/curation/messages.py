"""What ``validate`` says to curators: Thai first, English beside it, in plain words.

Messages that take values are built where the values are; the fixed ones live here so their
wording is edited in one place.
"""

from __future__ import annotations


def said(thai: str, english: str) -> str:
    """One message in both languages, Thai first.

    >>> said("ลืมใส่ :", "a ':' is missing")
    "ลืมใส่ : / a ':' is missing"
    """
    return f"{thai} / {english}"


def where(file: str | None, line: int | None, entry_id: str | None) -> str:
    """Where a problem is: the file, the line and the entry, in both languages."""
    parts = []
    if file:
        parts.append(file)
    if line:
        parts.append(f"บรรทัด {line} / line {line}")
    if entry_id:
        parts.append(f"หัวข้อ / entry '{entry_id}'")
    return ", ".join(parts)


NO_HEADER = said(
    "ไฟล์ข่าวต้องขึ้นต้นด้วยส่วนหัวระหว่างเส้น --- สองเส้น (id, title, date, published)"
    " ดูตัวอย่างใน knowledge/README.md",
    "an article file must open with a header between two --- lines (id, title, date,"
    " published); see knowledge/README.md",
)
DATE_FORMAT = said(
    "'date' ต้องเขียนเป็น ค.ศ. ปี-เดือน-วัน เช่น 2022-01-13",
    "'date' must be written as year-month-day (C.E.), e.g. 2022-01-13",
)
TAB = said(
    "ใช้ปุ่ม Tab แทนการเว้นวรรค ให้ลบ Tab แล้วเว้นวรรคด้วยปุ่ม Space ให้ตรงกับบรรทัดข้างบน",
    "a Tab was used for indenting — use spaces, lined up with the line above",
)
MISSING_COLON = said(
    "ลืมใส่เครื่องหมาย : หลังชื่อคีย์ '{key}' (ต้องเป็น '{key}: ...')",
    "a ':' is missing after the key '{key}' (write '{key}: ...')",
)
COLON_IN_VALUE = said(
    "ข้อความนี้มี ': ' อยู่ข้างใน ให้ครอบข้อความทั้งหมดด้วยเครื่องหมายคำพูด \"...\"",
    "this text has ': ' inside it — put the whole text in double quotes \"...\"",
)
INDENT = said(
    "ย่อหน้า (จำนวนช่องว่างหน้าบรรทัด) ไม่ตรงกับบรรทัดข้างบน ให้เยื้องให้ตรงกับคีย์อื่นในหัวข้อเดียวกัน",
    "the indentation (the spaces at the start of the line) does not line up with the lines"
    " above — line it up with the other keys of the same entry",
)
UNCLOSED_QUOTE = said(
    "เครื่องหมายคำพูดหรือวงเล็บ [ ] เปิดแล้วไม่ได้ปิด",
    "a quotation mark or a [ ] bracket is opened and never closed",
)
QUOTE_THEN_TEXT = said(
    "มีข้อความต่อท้ายหลังเครื่องหมายคำพูดปิด ให้ย้ายข้อความเข้าไปในเครื่องหมายคำพูด",
    "there is text after the closing quotation mark — move it inside the quotes",
)
OTHER_YAML = said(
    "อ่านไฟล์ไม่ได้ตรงนี้ ตรวจการย่อหน้า และข้อความที่มี ': ' หรือ ' #' ให้ครอบด้วยเครื่องหมายคำพูด",
    "the file cannot be read here — check the indentation, and put any text containing ': '"
    " or ' #' in double quotes",
)
