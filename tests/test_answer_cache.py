"""The live engine's answer cache never serves an answer to another context or another day;
the settings of the conversations and of the test clock (BOT_TODAY)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from bot.answer import Context
from bot.clock import clock_for
from bot.engine import BANGKOK, Engine
from bot.settings import DEFAULT_FAQ_PATH, ConfigError, Settings
from bot.telegram.live import LiveEngine


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine.load(DEFAULT_FAQ_PATH)


def live(engine: Engine, moment: list[datetime]) -> LiveEngine:
    return LiveEngine(engine, DEFAULT_FAQ_PATH, poll_seconds=0, clock=lambda: moment[0])


def test_a_time_aware_answer_is_not_served_on_another_day(engine: Engine) -> None:
    moment = [datetime(2022, 6, 1, 9, 0, tzinfo=BANGKOK)]
    answers = live(engine, moment)

    within = answers.ask("Is the LOI still valid?")
    moment[0] = datetime(2026, 12, 1, 9, 0, tzinfo=BANGKOK)
    after = answers.ask("Is the LOI still valid?")

    assert within.verdict is not None and within.verdict.value == "yes"
    assert after.verdict is not None and after.verdict.value == "no"


def test_an_answer_is_kept_for_the_rest_of_the_day(engine: Engine) -> None:
    moment = [datetime(2026, 12, 1, 9, 0, tzinfo=BANGKOK)]
    answers = live(engine, moment)

    morning = answers.ask("Is the LOI still valid?")
    moment[0] = datetime(2026, 12, 1, 18, 0, tzinfo=BANGKOK)

    assert answers.ask("Is the LOI still valid?") is morning


def test_a_follow_up_is_cached_apart_for_each_context(engine: Engine) -> None:
    answers = live(engine, [datetime(2026, 12, 1, tzinfo=BANGKOK)])
    pillars = answers.ask("What are the five pillars?").context
    ministers = answers.ask("ใครเป็นประธานในพิธี").context
    assert pillars is not None and ministers is not None

    in_pillars = answers.ask("and the fourth one?", pillars)
    alone = answers.ask("and the fourth one?")
    elsewhere = answers.ask("and the fourth one?", Context("venue", ("where",), "en"))

    assert in_pillars.entry is not None and in_pillars.entry.id == "pillar-4-workforce"
    assert alone.outcome == "declined"
    assert elsewhere is not in_pillars
    assert answers.ask("and the fourth one?", pillars) is in_pillars


def test_bot_today_fixes_the_date_and_keeps_the_time_of_day() -> None:
    now = clock_for(date(2022, 6, 1))()

    assert now.date() == date(2022, 6, 1)
    assert now.utcoffset() == datetime(2022, 6, 1, tzinfo=BANGKOK).utcoffset()


def test_without_bot_today_the_clock_is_thailands() -> None:
    now = clock_for(None)()

    assert now.tzinfo is not None
    assert abs((now - datetime.now(BANGKOK)).total_seconds()) < 5


def test_conversation_and_clock_settings_are_read_from_the_environment() -> None:
    settings = Settings.from_env(
        {"BOT_TODAY": "2022-06-01", "CONVERSATION_TTL": "120", "CONVERSATION_CAPACITY": "50"}
    )

    assert (settings.today, settings.conversation_ttl, settings.conversation_capacity) == (
        date(2022, 6, 1),
        120.0,
        50,
    )
    defaults = Settings.from_env({})
    assert (defaults.today, defaults.conversation_ttl, defaults.conversation_capacity) == (
        None,
        300.0,
        10_000,
    )


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("BOT_TODAY", "1/6/2022"),
        ("BOT_TODAY", "20220601"),
        ("BOT_TODAY", "2022-02-30"),
        ("CONVERSATION_TTL", "0"),
        ("CONVERSATION_CAPACITY", "lots"),
    ],
    ids=["slashes", "no-dashes", "no-such-day", "ttl-zero", "capacity-words"],
)
def test_a_malformed_conversation_or_clock_setting_is_a_config_error(name: str, value: str) -> None:
    with pytest.raises(ConfigError, match=name):
        Settings.from_env({name: value})
