"""Shared fixtures. The Telegram bot's: a fake Bot API server, a FAQ file, the running bot."""

from __future__ import annotations

import os

# As in production (bot/telegram/__init__.py): PTB 22 warns on RetryAfter.retry_after otherwise,
# and warnings are errors here. Set before anything imports PTB.
os.environ.setdefault("PTB_TIMEDELTA", "1")

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from tests.fakeapi import FakeBotAPI
from tests.telegram_harness import (
    BOT_USERNAME,
    TOKEN,
    RunningBot,
    launch,
    make_settings,
    write_faq,
)


@pytest.fixture(scope="session", autouse=True)
def token_cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The token cache of every bot the tests start (CACHE_DIR): never the user's own."""
    folder = tmp_path_factory.mktemp("token-cache")
    before = os.environ.get("CACHE_DIR")
    os.environ["CACHE_DIR"] = str(folder)
    yield folder
    if before is None:
        del os.environ["CACHE_DIR"]
    else:
        os.environ["CACHE_DIR"] = before


@pytest.fixture(scope="session")
def faq_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One directory for the tests' FAQ files, so they share one lexicon (built once)."""
    directory = tmp_path_factory.mktemp("faq")
    (directory / "domain_words.txt").write_text("# none\n", encoding="utf-8")
    return directory


@pytest.fixture
def faq_path(faq_dir: Path) -> Path:
    """A fresh copy of the tests' FAQ file, free to be edited by the test."""
    return write_faq(faq_dir)


@pytest.fixture
def fake_api() -> Iterator[FakeBotAPI]:
    """A fake Bot API server with privacy mode on, as Telegram's default."""
    with FakeBotAPI(token=TOKEN, bot_username=BOT_USERNAME) as fake:
        yield fake


@pytest.fixture
async def bot(fake_api: FakeBotAPI, faq_path: Path, tmp_path: Path) -> AsyncIterator[RunningBot]:
    """The bot with the test settings, polling ``fake_api``."""
    settings = make_settings(fake_api, faq_path, tmp_path / "questions.sqlite3")
    async with launch(fake_api, settings) as running_bot:
        yield running_bot
