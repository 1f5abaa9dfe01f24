"""What a newcomer meets first: `.env`, quoted values, every command's --help, pyproject.toml."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.cli import build_parser
from bot.settings import REPO_ROOT, Settings, unquoted

TINY_FAQ = (
    "entries:\n  - id: only\n    title: t\n    questions: [ลงนามที่ไหน, where]\n"
    "    answer: {answer}\n    answer_en: test answer\n    source: s\n"
)


def subcommands(
    parser: argparse.ArgumentParser, path: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], argparse.ArgumentParser]]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                yield (*path, name), child
                yield from subcommands(child, (*path, name))


def test_every_subcommand_has_a_description() -> None:
    found = dict(subcommands(build_parser()))
    assert {("start",), ("forget-user",), ("purge",), ("run",), ("review", "assign")} <= set(found)
    missing = [" ".join(name) for name, parser in found.items() if not parser.description]
    assert missing == []


def test_review_does_not_show_its_optional_action_as_required() -> None:
    review = dict(subcommands(build_parser()))[("review",)]
    usage = review.format_usage()
    assert "[ACTION" in usage and " ACTION ..." not in usage


def run_python(code: str, cwd: Path, **env: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
        env={
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "PYTHONPATH": str(REPO_ROOT),
            "CACHE_DIR": os.environ["CACHE_DIR"],  # never the user's own (conftest.py)
            **env,
        },
    )
    return done.stdout.strip()


READ_SETTINGS = (
    "from bot.settings import Settings, load_env_file; load_env_file(); "
    "s = Settings.from_env(); print(sorted(s.admin_ids), s.retention_days)"
)


def test_dotenv_is_read_with_quoted_values(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text('ADMIN_IDS="123, 456"\nRETENTION_DAYS=30\n', encoding="utf-8")
    assert run_python(READ_SETTINGS, tmp_path) == "[123, 456] 30"


def test_the_environment_wins_over_dotenv(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("ADMIN_IDS=123\nRETENTION_DAYS=30\n", encoding="utf-8")
    assert run_python(READ_SETTINGS, tmp_path, RETENTION_DAYS="7") == "[123] 7"


def test_the_bot_reads_dotenv_at_start(tmp_path: Path) -> None:
    faq = tmp_path / "faq.yaml"
    faq.write_text(TINY_FAQ.format(answer="คำตอบจาก-dotenv"), encoding="utf-8")
    (tmp_path / ".env").write_text(f"FAQ_PATH='{faq}'\n", encoding="utf-8")
    out = run_python("from bot.cli import main; main(['ask', 'ลงนามที่ไหน'])", tmp_path)
    assert out == "คำตอบจาก-dotenv"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [('"123, 456"', "123, 456"), ("'x'", "x"), ('"half', '"half'), ("plain", "plain")],
    ids=["double", "single", "unbalanced", "none"],
)
def test_quotes_around_a_value_are_taken_off(raw: str, expected: str) -> None:
    assert unquoted(raw) == expected


def test_quoted_admin_ids_from_the_environment_are_read() -> None:
    # Docker's --env-file passes the quotes on.
    assert Settings.from_env({"ADMIN_IDS": '"123, 456"'}).admin_ids == frozenset({123, 456})


def test_pyproject_has_no_deprecated_license_table_nor_missing_files() -> None:
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    meta = project["project"]
    assert isinstance(meta["license"], str)
    assert (REPO_ROOT / meta["readme"]).is_file()
    for pattern in meta.get("license-files", []):
        assert list(REPO_ROOT.glob(pattern)), pattern
    assert any(req.startswith("setuptools>=77") for req in project["build-system"]["requires"])
    assert any(dep.startswith("python-dotenv") for dep in meta["dependencies"])
    for target in meta["scripts"].values():
        module = target.split(":")[0].replace(".", "/")
        assert (REPO_ROOT / f"{module}.py").is_file() or (REPO_ROOT / module).is_dir()


def test_the_readme_command_table_names_every_command() -> None:
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("| command | what it does |") :].split("\n\n", 1)[0]
    names = {" ".join(name) for name, _ in subcommands(build_parser())}
    missing = [
        n
        for n in sorted(names)
        if not any(n in line for line in table.splitlines())
        and not any(f"`{n.split()[-1]}" in line for line in table.splitlines())
    ]
    assert missing == []
    for option in ("chat [--log]", "--against REV", "--force"):
        assert option in table
