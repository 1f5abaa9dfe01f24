"""Whole numbers from people: one strict helper, and every place that reads one.

The environment (ADMIN_IDS and the numeric settings), admin /stats and the review buttons in
Telegram, and the admins' command line. Each bad value is refused with one clear line, never a
traceback and never a silent default.
"""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

import pytest

from bot import admin_cli, cli, texts
from bot.numbers import NumberError, parse_int
from bot.settings import ConfigError, Settings
from tests.fakeapi import FakeBotAPI
from tests.telegram_harness import (
    ADMIN,
    ANSWERED_TH,
    DECLINED,
    MEMBER,
    RunningBot,
    launch,
    make_settings,
    sent_text,
)

# What Python's int() or str.isdigit() would let through, or choke on.
NOT_ASCII_DIGITS = {
    "superscript-two": "²",
    "arabic-indic-three": "٣",
    "thai-digit": "๕",
    "full-width-seven": "７",
    "underscore": "1_000",
    "plus-sign": "+5",
    "double-minus": "--9001",
    "minus-when-negatives-are-refused": "-3",
    "empty": "",
    "space-only": "   ",
    "inner-space": "1 2",
    "exponent": "1e3",
    "hex": "0x10",
    "decimal": "2.5",
    "huge": "9" * 5000,
}


@pytest.mark.parametrize("text", NOT_ASCII_DIGITS.values(), ids=NOT_ASCII_DIGITS.keys())
def test_only_ascii_digits_make_a_number(text: str) -> None:
    with pytest.raises(NumberError, match=r"^days must be a whole number from 1 to 3650"):
        parse_int(text, name="days", minimum=1, maximum=3650)


@pytest.mark.parametrize(("text", "value"), [("1", 1), (" 30 ", 30), ("3650", 3650), ("007", 7)])
def test_ascii_digits_in_range_are_read(text: str, value: int) -> None:
    assert parse_int(text, name="days", minimum=1, maximum=3650) == value


@pytest.mark.parametrize("text", ["0", "3651", "99999999999"])
def test_numbers_out_of_range_name_the_range(text: str) -> None:
    with pytest.raises(NumberError, match=rf"^days must be from 1 to 3650, got {int(text)}$"):
        parse_int(text, name="days", minimum=1, maximum=3650)


def test_a_minus_sign_is_read_only_where_negatives_are_allowed() -> None:
    assert parse_int("-5", name="n", minimum=-10, maximum=10) == -5
    with pytest.raises(NumberError):
        parse_int("--5", name="n", minimum=-10, maximum=10)


def test_a_long_wrong_value_is_shown_cut_short() -> None:
    with pytest.raises(NumberError) as raised:
        parse_int("x" * 500, name="n", minimum=0, maximum=9)
    assert len(str(raised.value)) < 120 and "500 characters" in str(raised.value)


# --- the environment


@pytest.mark.parametrize(
    "raw", ["9001,²", "--9001", "9001;abc", "0", "-9001", "9001,4503599627370496"]
)
def test_bad_admin_ids_are_one_line_naming_the_variable(raw: str) -> None:
    with pytest.raises(ConfigError) as raised:
        Settings.from_env({"ADMIN_IDS": raw})
    message = str(raised.value)
    assert message.startswith("ADMIN_IDS must be Telegram user ids separated by commas: ")
    assert "\n" not in message


def test_admin_ids_accept_spaces_and_either_separator() -> None:
    settings = Settings.from_env({"ADMIN_IDS": " 9001, 9002 ;9003,"})
    assert settings.admin_ids == {9001, 9002, 9003}


NUMERIC_SETTINGS = [
    "RETENTION_DAYS",
    "CONCURRENCY",
    "FLOOD_LIMIT",
    "FLOOD_WINDOW",
    "FAQ_POLL_SECONDS",
    "WEBHOOK_PORT",
    "INBOX_MAX_AGE_HOURS",
    "SHUTDOWN_SECONDS",
]


@pytest.mark.parametrize("name", NUMERIC_SETTINGS)
@pytest.mark.parametrize("raw", ["²", "1_0", "+3", "99999999999999999999999"])
def test_every_numeric_setting_refuses_what_is_not_ascii_digits_in_range(
    name: str, raw: str
) -> None:
    with pytest.raises(ConfigError, match=rf"^{name} must be "):
        Settings.from_env({name: raw})


def test_new_settings_have_their_documented_defaults() -> None:
    settings = Settings.from_env({})
    assert (settings.inbox_max_age_hours, settings.shutdown_seconds, settings.log_texts) == (
        24.0,
        8.0,
        False,
    )


def test_run_with_bad_admin_ids_exits_2_with_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123:ABC")
    monkeypatch.setenv("ADMIN_IDS", "9001,²")

    assert cli.main(["run"]) == 2

    err = capsys.readouterr().err
    assert err.startswith("error: ADMIN_IDS must be Telegram user ids") and err.count("\n") == 1


# --- admins in Telegram


@pytest.mark.parametrize("argument", ["²", "99999999999", "0", "-1", "abc", "٣٠"])
async def test_stats_with_a_bad_number_of_days_says_how_to_use_it(
    bot: RunningBot, argument: str
) -> None:
    call = await bot.say(f"/stats {argument}", chat_id=ADMIN)

    assert call.params["text"] == texts.STATS_USAGE
    assert bot.fake.rejected == []


async def test_stats_counts_the_days_asked_for(bot: RunningBot) -> None:
    call = await bot.say("/stats 3650", chat_id=ADMIN)

    assert "3650" in sent_text(call).split("\n")[0]


@pytest.mark.parametrize(
    "data", ["rv:p:²", "rv:p:-5", "rv:p:99999999999", "rv:p:", "rv:l:{qid}:²", "rv:l:{qid}:1_0"]
)
async def test_review_button_with_a_bad_number_is_a_stale_button(
    bot: RunningBot, data: str
) -> None:
    await bot.say(DECLINED, chat_id=MEMBER)
    await bot.services.store.flush()
    [row] = await bot.services.store.review_queue()
    await bot.say(ANSWERED_TH, chat_id=ADMIN)  # a message with buttons to press on
    since = bot.mark()

    answer = await bot.press(data.format(qid=row.id), chat_id=ADMIN, check_button=False)

    assert answer.params["text"] == texts.STALE_BUTTON
    sent = [c for c in bot.fake.calls[since:] if c.method == "sendMessage"]
    assert [sent_text(c) for c in sent if sent_text(c) == texts.APOLOGY] == []


async def test_no_admins_is_a_warning_at_start(
    fake_api: FakeBotAPI, faq_path: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    settings = make_settings(fake_api, faq_path, tmp_path / "q.sqlite3", admin_ids=frozenset())
    caplog.set_level(logging.WARNING, logger="bot.telegram.services")
    async with launch(fake_api, settings):
        pass

    assert any("ADMIN_IDS is empty" in r.getMessage() for r in caplog.records)


# --- the admins' command line


@pytest.mark.parametrize(
    "argv",
    [
        ["forget-user", "--telegram-id", "²"],
        ["forget-user", "--telegram-id", "--9001"],
        ["forget-user", "--telegram-id", "0"],
        ["stats", "--days", "²"],
        ["stats", "--days", "99999999999"],
        ["review", "--limit", "0"],
        ["review", "--limit", "1_0"],
    ],
    ids=lambda argv: " ".join(argv),
)
def test_admin_command_line_refuses_bad_numbers_in_one_line(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    parser = argparse.ArgumentParser(prog="bot")
    admin_cli.add_subcommands(parser.add_subparsers())

    with pytest.raises(SystemExit) as raised:
        parser.parse_args(argv)

    err = capsys.readouterr().err
    assert raised.value.code == 2
    assert "Traceback" not in err
    assert err.strip().splitlines()[-1].startswith("bot ")
    assert "error: argument" in err.strip().splitlines()[-1]
