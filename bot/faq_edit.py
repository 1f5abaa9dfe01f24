"""Add a phrasing to an entry of the FAQ file without disturbing the curators' formatting.

The file is edited as text, not re-dumped from YAML, so comments, block scalars and the
curators' layout survive. The result is checked with :func:`bot.knowledge.load_faq` before it
replaces the file, atomically; a file that would not load is never written.
"""

from __future__ import annotations

import contextlib
import dataclasses
import difflib
import os
import tempfile
import unicodedata
from pathlib import Path

import yaml

from bot.knowledge import FAQ, Entry, KnowledgeError, Problem, load_faq


class FaqEditError(ValueError):
    """An edit that cannot be made; the message is one line for the admin."""


class EntryNotFoundError(FaqEditError):
    """No entry has the given id."""


class PhrasingExistsError(FaqEditError):
    """The entry already lists this phrasing."""


def add_phrasing(path: Path, entry_id: str, phrasing: str) -> None:
    """Append ``phrasing`` to the ``questions:`` list of one entry of a FAQ file.

    The new item is written double-quoted, indented like the items above it. A flow-style list
    (``questions: [a, b]``) is rewritten one item a line. Nothing else of the file changes.

    Args:
        path: the FAQ YAML file.
        entry_id: the entry's ``id``.
        phrasing: the new way of asking; runs of whitespace become one space.

    Raises:
        EntryNotFoundError: no entry has that id.
        PhrasingExistsError: the entry already lists this phrasing.
        FaqEditError: the phrasing is empty, or the file changed while it was being edited.
        KnowledgeError: the file does not load, before or after the edit (it is left as it was).
    """
    path = Path(path)
    phrasing = _clean(phrasing)
    if not phrasing:
        raise FaqEditError("the phrasing is empty")
    before = load_faq(path)
    entry = before.get(entry_id)
    if entry is None:
        close = difflib.get_close_matches(entry_id, [e.id for e in before.entries], n=1)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        raise EntryNotFoundError(f"no entry has the id '{entry_id}'{hint}")
    if _key(phrasing) in {_key(q) for q in entry.questions}:
        raise PhrasingExistsError(f"entry '{entry_id}' already lists '{phrasing}'")

    raw = path.read_bytes()
    text = raw.decode("utf-8")
    edited = _insert(text, entry_id, phrasing)
    _replace_checked(path, raw, edited.encode("utf-8"), before, entry, phrasing)


def _clean(phrasing: str) -> str:
    text = " ".join(phrasing.split())
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cc")


def _key(phrasing: str) -> str:
    return " ".join(unicodedata.normalize("NFC", phrasing).casefold().split())


def _insert(text: str, entry_id: str, phrasing: str) -> str:
    """The file's text with the phrasing added to the entry's questions list."""
    newline = "\r\n" if "\r\n" in text else "\n"
    key, items = _questions_node(text, entry_id)
    if not isinstance(items, yaml.SequenceNode) or not items.value:
        raise FaqEditError(f"entry '{entry_id}' has no list of questions to add to")
    item = f"- {yaml_quote(phrasing)}"

    if items.flow_style:
        # Rewrite `questions: [a, b]` one item a line, keeping the items' own spelling.
        indent = " " * (key.start_mark.column + 2)
        lines = [_source(text, node) for node in items.value] + [yaml_quote(phrasing)]
        start, end = items.start_mark.index, items.end_mark.index
        line_end = _end_of_line(text, end)
        head = text[:start].rstrip(" \t")
        rest_of_line = text[end:line_end].rstrip(" \t\r")  # a trailing comment stays put
        block = "".join(f"{newline}{indent}- {line}" for line in lines)
        return head + rest_of_line + block + text[line_end:]

    # The new item goes on the line after the last item's last character (a block scalar
    # item ends after its trailing blank lines; those then follow the new item).
    indent = " " * items.start_mark.column
    last_end = items.value[-1].end_mark.index
    while last_end > 0 and text[last_end - 1] in " \t\r\n":
        last_end -= 1
    at = _end_of_line(text, last_end)
    if at == len(text):
        return text + newline + indent + item + newline
    return text[: at + 1] + indent + item + newline + text[at + 1 :]


def _questions_node(text: str, entry_id: str) -> tuple[yaml.Node, yaml.Node]:
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    if isinstance(root, yaml.MappingNode):
        for top_key, entries in root.value:
            if top_key.value != "entries" or not isinstance(entries, yaml.SequenceNode):
                continue
            for entry in entries.value:
                if not isinstance(entry, yaml.MappingNode):
                    continue
                fields = {k.value: (k, v) for k, v in entry.value}
                id_node = fields.get("id", (None, None))[1]
                if id_node is not None and id_node.value == entry_id and "questions" in fields:
                    return fields["questions"]
    raise EntryNotFoundError(f"no entry with the id '{entry_id}' has a 'questions:' list")


def _source(text: str, node: yaml.Node) -> str:
    """An item as the curator wrote it, or re-quoted when it spans lines."""
    source = text[node.start_mark.index : node.end_mark.index]
    if isinstance(node, yaml.ScalarNode) and "\n" not in source and source.strip() == source:
        return source
    return yaml_quote(str(node.value))


def _end_of_line(text: str, index: int) -> int:
    found = text.find("\n", index)
    return len(text) if found < 0 else found


def yaml_quote(value: str) -> str:
    """``value`` as a YAML double-quoted scalar (JSON escapes, which YAML shares).

    Thai and other printable text stays as it is; control characters, the characters YAML
    takes for line breaks (U+0085, U+2028, U+2029), BOMs and lone surrogates are escaped.
    """
    out = ['"']
    for ch in value:
        code = ord(ch)
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif (
            code < 0x20
            or 0x7F <= code <= 0x9F
            or code in (0x2028, 0x2029, 0xFEFF, 0xFFFE, 0xFFFF)
            or 0xD800 <= code <= 0xDFFF
        ):
            out.append(f"\\u{code:04x}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def _replace_checked(
    path: Path, original: bytes, edited: bytes, before: FAQ, entry: Entry, phrasing: str
) -> None:
    """Check the edited file in a temporary file beside ``path``, then swap it in."""
    fd, temp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    temp = Path(temp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(edited)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            after = load_faq(temp)
        except KnowledgeError as exc:
            raise KnowledgeError(path, exc.problems) from None
        expected = dataclasses.replace(entry, questions=(*entry.questions, phrasing))
        if _comparable(after) != _comparable(before, expected):
            raise KnowledgeError(
                path,
                [Problem("the edit would change more than the one list; add the phrasing by hand")],
            )
        if path.read_bytes() != original:
            raise FaqEditError(f"{path} changed while it was being edited; try again")
        os.chmod(temp, path.stat().st_mode & 0o7777)
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()
        raise


def _comparable(faq: FAQ, replacement: Entry | None = None) -> tuple[object, ...]:
    """Everything the file says, without line numbers (which an insertion shifts)."""
    entries = tuple(
        dataclasses.replace(replacement if replacement and e.id == replacement.id else e, line=0)
        for e in faq.entries
    )
    return entries, faq.start_topics
