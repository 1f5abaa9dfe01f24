"""synonyms.yaml: a variant belongs to one group only.

A variant written in two groups makes every phrasing with it read as either canonical form; the
matcher then reports a dozen collisions between entries that say nothing of the cause. Here
the cause is named once, with both groups and their lines.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from bot.curation.messages import said
from bot.knowledge import Problem
from bot.nlp.normalize import normalize


def section_items(path: Path, name: str) -> list[tuple[yaml.Node, yaml.Node]]:
    """The (key, value) nodes of one top-level section of a YAML file, with their lines;
    nothing when the file is missing or unreadable (reported with its line when loaded)."""
    if not path.exists():
        return []
    try:
        root = yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except (yaml.YAMLError, UnicodeDecodeError):
        return []
    if not isinstance(root, yaml.MappingNode):
        return []
    section = next((v for k, v in root.value if k.value == name), None)
    return list(section.value) if isinstance(section, yaml.MappingNode) else []


def synonym_groups(path: Path) -> list[tuple[str, int, list[str]]]:
    """(canonical, line, variants) of every group under ``synonyms:``, in file order."""
    groups = []
    for key, value in section_items(path, "synonyms"):
        items = value.value if isinstance(value, yaml.SequenceNode) else [value]
        variants = [str(i.value) for i in items if isinstance(i, yaml.ScalarNode)]
        groups.append((str(key.value), key.start_mark.line + 1, variants))
    return groups


def check_groups(path: Path) -> list[Problem]:
    """An error for each variant found in two groups (or that is another group's canonical)."""
    owner: dict[str, tuple[str, int]] = {}
    for canonical, line, _ in synonym_groups(path):
        owner.setdefault(normalize(canonical), (canonical, line))
    problems: list[Problem] = []
    reported: set[str] = set()
    seen: dict[str, tuple[str, int]] = {}
    for canonical, line, variants in synonym_groups(path):
        for variant in variants:
            key = normalize(variant)
            first = seen.setdefault(key, (canonical, line))
            other = first if first[0] != canonical else owner.get(key)
            if other is None or other[0] == canonical or key in reported:
                continue
            reported.add(key)
            problems.append(
                Problem(
                    said(
                        f"คำ '{variant}' อยู่ในสองกลุ่มคำพ้อง: '{other[0]}' (บรรทัด {other[1]}) และ"
                        f" '{canonical}' (บรรทัด {line}) — ให้เหลือไว้กลุ่มเดียว",
                        f"the variant '{variant}' is in two synonym groups: '{other[0]}' (line"
                        f" {other[1]}) and '{canonical}' (line {line}) — keep it in one group only",
                    ),
                    line,
                    file=path.name,
                )
            )
    return problems
