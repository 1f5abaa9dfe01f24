"""The values members name when they check a fact (``knowledge/values.yaml``): months,
weekdays, numbers, places and outsiders, each word with what it stands for."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bot.curation.messages import said
from bot.knowledge import KnowledgeError, Problem, read_yaml

VALUE_SECTIONS = ("months", "weekdays", "numbers", "number_words", "places", "outsiders")
OUTSIDER_KINDS = ("countries", "companies", "organisations", "ministries", "people")


@dataclass(frozen=True)
class ValueKind:
    """One kind of value members name (values.yaml): its words and what each stands for.

    Attributes:
        kind: month, weekday, place, outsider-country or outsider-organisation.
        words: each word (as written in the file) and its value (a month's number, …).
        read_as: the canonical token the words are read as for matching ("" for none).
    """

    kind: str
    words: dict[str, int | str]
    read_as: str = ""


def load_values(path: Path | None) -> tuple[ValueKind, ...]:
    """Read ``values.yaml``; None or a missing file gives no values.

    Raises:
        KnowledgeError: the file is malformed.
    """
    if path is None or not path.exists():
        return ()
    data = read_yaml(path) or {}
    problems: list[Problem] = []
    if not isinstance(data, dict):
        raise KnowledgeError(
            path,
            [Problem(said("ไฟล์ต้องเป็นชุดของรายการค่า", "the file must be a mapping of value lists"))],
        )
    for key in data:
        if key != "__line__" and key not in VALUE_SECTIONS:
            problems.append(
                Problem(
                    said(
                        f"ไม่รู้จักส่วน '{key}' (ใช้ได้: {', '.join(VALUE_SECTIONS)})",
                        f"unknown section '{key}'; allowed: {', '.join(VALUE_SECTIONS)}",
                    )
                )
            )
    kinds: list[ValueKind] = []
    numbered = (
        ("months", "month"),
        ("weekdays", "weekday"),
        ("numbers", "number"),
        ("number_words", "number-word"),
    )
    for section, kind in numbered:
        raw = data.get(section)
        if isinstance(raw, dict):
            words: dict[str, int | str] = {}
            for number, names in (raw.get("names") or {}).items():
                if number == "__line__":
                    continue
                if not str(number).isdigit() or not isinstance(names, list):
                    problems.append(
                        Problem(
                            said(
                                f"'{section}.names' ต้องเขียนแบบ เลข: [ชื่อ, ชื่อ]",
                                f"'{section}.names' maps a number to a list of names",
                            )
                        )
                    )
                    continue
                words.update((str(name), int(number)) for name in names)
            kinds.append(ValueKind(kind, words, str(raw.get("read_as") or "")))
    places = data.get("places")
    if isinstance(places, dict):
        names = places.get("names") or []
        kinds.append(
            ValueKind("place", {str(n): str(n) for n in names}, str(places.get("read_as") or ""))
        )
    outsiders = data.get("outsiders")
    if isinstance(outsiders, dict):
        for kind in OUTSIDER_KINDS:
            names = outsiders.get(kind) or []
            kinds.append(ValueKind(f"outsider-{kind}", {str(n): str(n) for n in names}))
    if problems:
        raise KnowledgeError(path, problems)
    return tuple(kinds)
