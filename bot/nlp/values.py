"""Values named in a message (a month, a weekday, a place, an organisation the article never
mentions, a number), found where they stand among the raw tokens, for the yes/no checks."""

from __future__ import annotations

from dataclasses import dataclass

from bot.nlp.sequences import SequenceTable


@dataclass(frozen=True)
class Value:
    """One value named in a message.

    Attributes:
        kind: number, month, weekday, place, outsider-countries, outsider-companies,
            outsider-organisations …
        value: what it stands for (a month's number, the number itself, the place's name).
        text: as typed (its raw tokens).
        start: its first raw token.
        end: past its last raw token.
    """

    kind: str
    value: int | str
    text: str
    start: int
    end: int


class ValueScanner:
    """Finds values among raw tokens, longest first, left to right.

    Args:
        phrases: each value phrase as raw tokens, with its kind and value.
    """

    def __init__(self, phrases: dict[tuple[str, ...], tuple[str, int | str]]) -> None:
        self._payload = list(phrases.values())
        self._table = SequenceTable({key: (str(number),) for number, key in enumerate(phrases)})

    def scan(self, raw: list[str]) -> tuple[Value, ...]:
        """Every value in ``raw``; a run of digits is a number."""
        found: list[Value] = []
        i = 0
        while i < len(raw):
            size, target = self._table.longest_at(raw, i)
            if target is not None:
                kind, value = self._payload[int(target[0])]
                kind = "number" if kind == "number-word" else kind
                found.append(Value(kind, value, " ".join(raw[i : i + size]), i, i + size))
                i += size
                continue
            if raw[i].isdigit() and len(raw[i]) <= 6:
                found.append(Value("number", int(raw[i]), raw[i], i, i + 1))
            i += 1
        return tuple(found)
