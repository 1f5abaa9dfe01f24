"""Where things are in a FAQ file: the lines of each entry's keys, and of a word in them.

Read from YAML's node tree (not the loaded data) so that a word inside a folded answer is
named on the line the curator typed it.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from bot.curation.sources import comparable

Span = tuple[int, int]  # first and last line (1-based) of a value


class EntryLines:
    """The lines of every entry's keys in one FAQ file.

    Args:
        path: the FAQ file (already known to load).
    """

    def __init__(self, path: Path) -> None:
        text = path.read_text(encoding="utf-8")
        self.lines = text.split("\n")
        self._spans: dict[str, dict[str, Span]] = {}
        try:
            root = yaml.compose(text, Loader=yaml.SafeLoader)
        except yaml.YAMLError:
            return
        entries = _value(root, "entries")
        for node in entries.value if isinstance(entries, yaml.SequenceNode) else ():
            if isinstance(node, yaml.MappingNode):
                self._add(node)

    def _add(self, node: yaml.MappingNode) -> None:
        spans: dict[str, Span] = {}
        entry_id = None
        for key, value in node.value:
            name = str(key.value)
            spans[name] = (key.start_mark.line + 1, _last_line(value))
            if name == "id" and isinstance(value, yaml.ScalarNode):
                entry_id = str(value.value)
        if entry_id is not None:
            self._spans[entry_id] = spans

    def span(self, entry_id: str, key: str) -> Span | None:
        """The lines of ``key``'s value in the entry (None when it has no such key)."""
        return self._spans.get(entry_id, {}).get(key)

    def line_of(self, entry_id: str, key: str, word: str = "") -> int | None:
        """The line of ``word`` in ``key``'s value, else the key's own line."""
        span = self.span(entry_id, key)
        if span is None:
            return None
        wanted = comparable(word).lower()
        if wanted:
            for number in range(span[0], min(span[1], len(self.lines)) + 1):
                if wanted in comparable(self.lines[number - 1]).lower():
                    return number
        return span[0]


def _value(node: yaml.Node | None, key: str) -> yaml.Node | None:
    if not isinstance(node, yaml.MappingNode):
        return None
    return next((v for k, v in node.value if k.value == key), None)


def _last_line(node: yaml.Node) -> int:
    end = node.end_mark
    # A block value ends at the start of the next line: its last line is the one before.
    return end.line if end.column == 0 and end.line > node.start_mark.line else end.line + 1
