"""The Telegram package's small parts on their own: cutting, callback data, flood guard, logging."""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

import pytest

from bot.knowledge import KnowledgeError, Problem
from bot.settings import ConfigError, Settings
from bot.telegram import callbacks
from bot.telegram.app import check_webhook_settings, file_url, run_bot, webhook_path
from bot.telegram.cli import add_subcommands
from bot.telegram.flood import FloodGuard, Verdict
from bot.telegram.formatting import esc, fit, tg_len, with_problems
from bot.telegram.logs import RedactToken

TOKEN = "123456:AAH-secret_token"


@pytest.mark.parametrize(
    "body",
    ["ก" * 5000, "<&>" * 3000, "😀" * 3000, "a" * 4096, "x<" * 2047],
    ids=["thai", "html-characters", "emoji", "exactly-4096", "escape-at-the-edge"],
)
def test_fit_cuts_plain_text_so_the_escaped_message_stays_within_4096(body: str) -> None:
    text = fit("<b>title</b>\n", body, "</i>")

    assert tg_len(text) <= 4096
    assert text.startswith("<b>title</b>\n") and text.endswith("</i>")
    assert "&am…" not in text and not text.removesuffix("…</i>").endswith("&")


def test_fit_leaves_short_text_whole_and_escaped() -> None:
    assert fit("<b>x</b> ", "a < b & c") == "<b>x</b> a &lt; b &amp; c"


def test_escape_keeps_quotes_and_escapes_tags() -> None:
    assert esc("<script>\"hi\"</script> & 'x'") == "&lt;script&gt;\"hi\"&lt;/script&gt; &amp; 'x'"


def test_problems_are_escaped_and_cut() -> None:
    error = KnowledgeError(Path("faq.yaml"), [Problem(f"bad <tag> {n}") for n in range(40)])

    text = with_problems("head {path}\n{problems}", error, path="a<b")

    assert text.startswith("head a&lt;b\n• bad &lt;tag&gt; 0")
    assert "… +25" in text


def test_longest_callback_data_fits_in_64_bytes() -> None:
    entry_id = "e" * 40
    question_id = "q" * 16

    for data in (
        callbacks.did_you_mean(entry_id, "en", question_id),
        callbacks.review("s", question_id, entry_id),
        callbacks.topic(entry_id, "th"),
        callbacks.source(entry_id, "en"),
        callbacks.none_of_these("th", question_id),
        callbacks.feedback("down", question_id),
    ):
        assert len(data.encode()) <= 64


def test_callback_data_over_64_bytes_is_refused() -> None:
    with pytest.raises(ValueError, match="64"):
        callbacks.review("s", "q" * 30, "e" * 40)


def test_callback_parse_never_raises_on_odd_data() -> None:
    parsed = callbacks.parse("fb")

    assert parsed.prefix == "fb"
    assert parsed.field(3) == ""
    assert parsed.vote(0) is None
    assert callbacks.parse(None).language(0) == "th"


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_flood_guard_allows_the_limit_then_one_note_then_silence_until_the_window_passes() -> None:
    clock = Clock()
    guard = FloodGuard(limit=3, window=10, clock=clock)

    verdicts = [guard.check(7) for _ in range(6)]
    clock.now += 10.01
    after = guard.check(7)

    assert verdicts == [Verdict.ALLOW] * 3 + [Verdict.WARN, Verdict.DROP, Verdict.DROP]
    assert after is Verdict.ALLOW


def test_flood_guard_counts_each_user_alone() -> None:
    guard = FloodGuard(limit=1, window=10, clock=Clock())

    assert [guard.check(1), guard.check(2), guard.check(1)] == [
        Verdict.ALLOW,
        Verdict.ALLOW,
        Verdict.WARN,
    ]


def test_flood_guard_with_limit_zero_is_off() -> None:
    guard = FloodGuard(limit=0, window=10)

    assert {guard.check(1) for _ in range(100)} == {Verdict.ALLOW}


def test_flood_guard_forgets_users_gone_quiet() -> None:
    clock = Clock()
    guard = FloodGuard(limit=5, window=10, clock=clock)
    for user in range(FloodGuard.SWEEP_EVERY - 1):
        guard.check(user)
    clock.now += 11

    guard.check(-1)

    assert len(guard) == 1


def test_token_is_redacted_from_messages_arguments_and_tracebacks(
    caplog: pytest.LogCaptureFixture,
) -> None:
    logger = logging.getLogger("test.redaction")
    caplog.handler.addFilter(RedactToken(TOKEN))
    try:
        logger.warning("POST https://api.telegram.org/bot%s/getMe", TOKEN)
        try:
            raise RuntimeError(f"failed: https://api.telegram.org/bot{TOKEN}/sendMessage")
        except RuntimeError:
            logger.exception("request failed")
        output = caplog.text
    finally:
        caplog.handler.filters.clear()

    assert TOKEN not in output
    assert "bot<token>/getMe" in output
    assert "bot<token>/sendMessage" in output


def test_file_url_goes_with_the_base_url() -> None:
    assert file_url("http://127.0.0.1:8081/bot") == "http://127.0.0.1:8081/file/bot"
    assert file_url("https://api.telegram.org/bot") == "https://api.telegram.org/file/bot"


def test_webhook_mode_needs_a_secret(tmp_path: Path) -> None:
    settings = Settings(token=TOKEN, webhook_url="https://bot.example.org/telegram/hook")

    with pytest.raises(ConfigError, match="WEBHOOK_SECRET"):
        check_webhook_settings(settings)
    with pytest.raises(ConfigError, match="WEBHOOK_SECRET"):
        run_bot(settings, webhook=True)
    with pytest.raises(ConfigError, match="A-Z"):
        check_webhook_settings(
            Settings(token=TOKEN, webhook_url="https://x/", webhook_secret="a b")
        )
    assert webhook_path(settings) == "telegram/hook"


def test_webhook_flag_without_url_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="WEBHOOK_URL"):
        run_bot(Settings(token=TOKEN), webhook=True)


def test_missing_token_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="TELEGRAM_BOT_TOKEN"):
        run_bot(Settings(token=None))


def test_run_subcommand_is_registered_with_webhook_flag() -> None:
    parser = argparse.ArgumentParser()
    add_subcommands(parser.add_subparsers())

    args = parser.parse_args(["run", "--webhook"])

    assert args.webhook is True
    assert callable(args.func)
    assert parser.parse_args(["run"]).webhook is False
