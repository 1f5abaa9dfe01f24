"""The deployment: what the Dockerfile must keep (there is no Docker engine here to build it),
and the health check its HEALTHCHECK runs, as a real process."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bot.settings import REPO_ROOT
from tests.telegram_harness import write_faq

HEALTH_TIMEOUT = 60  # seconds: importing PyThaiNLP on a slow shared machine


def instructions() -> list[tuple[str, str]]:
    """The Dockerfile's instructions as (KEYWORD, arguments), continuation lines joined."""
    text = (REPO_ROOT / "Dockerfile").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if not line.lstrip().startswith("#")]
    joined = re.sub(r"\\\n\s*", " ", "\n".join(lines))
    result = []
    for line in joined.splitlines():
        if line.strip():
            keyword, _, arguments = line.strip().partition(" ")
            result.append((keyword.upper(), arguments.strip()))
    return result


def arguments(keyword: str) -> list[str]:
    return [args for kw, args in instructions() if kw == keyword]


def env() -> dict[str, str]:
    values: dict[str, str] = {}
    for args in arguments("ENV"):
        values.update(re.findall(r"(\w+)=(\S+)", args))
    return values


def position(keyword: str, pattern: str) -> int:
    for index, (kw, args) in enumerate(instructions()):
        if kw == keyword and re.search(pattern, args):
            return index
    raise AssertionError(f"no {keyword} matching {pattern!r} in the Dockerfile")


def test_image_starts_from_a_slim_python_311_or_newer() -> None:
    [base] = arguments("FROM")
    assert re.fullmatch(r"python:3\.(1[1-9])-slim(-\w+)?", base), base


def test_dependencies_are_installed_in_their_own_layer_before_the_code() -> None:
    first_copy = position("COPY", r".")
    install = position("RUN", r"pip install \.")
    code = position("COPY", r"^bot/")

    assert arguments("COPY")[0].split()[:-1] == ["pyproject.toml", "README.md"]
    assert first_copy < install < code


def test_bot_runs_as_a_non_root_user() -> None:
    users = arguments("USER")
    assert users and users[-1] not in ("root", "0")
    assert position("USER", r".") < position("CMD", r".")


def test_question_log_lives_on_a_volume() -> None:
    assert any("/app/data" in args for args in arguments("VOLUME"))
    assert env()["BOT_DB_PATH"].startswith("/app/data/")


def test_faq_is_baked_in_where_a_mount_can_override_it() -> None:
    assert position("COPY", r"^knowledge/ knowledge/$") > 0
    assert env()["FAQ_PATH"] == "/app/knowledge/faq.yaml"


def test_healthcheck_and_command_run_the_bot_commands() -> None:
    [healthcheck] = arguments("HEALTHCHECK")
    [command] = arguments("CMD")

    assert json.loads(healthcheck.split("CMD", 1)[1]) == ["python", "-m", "bot", "health"]
    assert json.loads(command) == ["python", "-m", "bot", "run"]


def test_runtime_environment_matches_what_the_tests_run_with() -> None:
    values = env()
    assert values["PTB_TIMEDELTA"] == "1"
    assert values["PYTHAINLP_READ_ONLY"] == "1"  # the user's home is not writable
    assert values["PYTHONUNBUFFERED"] == "1"


def test_dockerignore_keeps_secrets_data_and_dev_files_out() -> None:
    ignored = (REPO_ROOT / ".dockerignore").read_text(encoding="utf-8").split()
    for pattern in (".env", "data", "*.sqlite3", ".git", ".venv", "tests"):
        assert pattern in ignored
    assert "knowledge" not in ignored and "bot" not in ignored


# --- python -m bot health, as the HEALTHCHECK runs it


def health(faq_path: Path, db_path: Path, **extra: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "FAQ_PATH": str(faq_path), "BOT_DB_PATH": str(db_path), **extra}
    environment.pop("TELEGRAM_BOT_TOKEN", None)
    return subprocess.run(
        [sys.executable, "-m", "bot", "health"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=HEALTH_TIMEOUT,
        check=False,
    )


def test_health_passes_with_a_good_faq_and_database(faq_path: Path, tmp_path: Path) -> None:
    result = health(faq_path, tmp_path / "data" / "questions.sqlite3")

    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok: 10 entries")


def test_health_passes_as_the_image_user_whose_home_is_not_writable(
    faq_path: Path, tmp_path: Path
) -> None:
    home = tmp_path / "a-file"
    home.write_text("", encoding="utf-8")

    result = health(
        faq_path, tmp_path / "q.sqlite3", HOME=str(home / "home"), PYTHAINLP_READ_ONLY="1"
    )

    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("broken", ["faq", "database"])
def test_health_fails_with_a_broken_faq_or_an_unwritable_database(
    faq_dir: Path, faq_path: Path, tmp_path: Path, broken: str
) -> None:
    not_a_directory = tmp_path / "a-file"
    not_a_directory.write_text("", encoding="utf-8")
    if broken == "faq":
        faq_path, db_path = write_faq(faq_dir, "entries: [\n"), tmp_path / "q.sqlite3"
    else:
        db_path = not_a_directory / "q.sqlite3"  # its folder cannot be created, even by root

    result = health(faq_path, db_path)

    assert result.returncode != 0
    assert result.stdout == ""
    assert (str(faq_path) if broken == "faq" else "unhealthy: database") in result.stderr
