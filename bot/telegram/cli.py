"""The ``run`` sub-command of ``python -m bot``: the Telegram bot, by polling or webhook."""

from __future__ import annotations

import argparse
from typing import Any

from bot.settings import Settings


def add_subcommands(subparsers: Any) -> None:
    """Register ``run [--webhook]`` on the main parser's sub-parsers."""
    run = subparsers.add_parser(
        "run",
        help="run the Telegram bot (long polling; --webhook behind HTTPS)",
        description="Run the Telegram bot until SIGINT/SIGTERM: long polling by default, a "
        "webhook with --webhook or when WEBHOOK_URL is set. Needs TELEGRAM_BOT_TOKEN.",
    )
    run.add_argument(
        "--webhook",
        action="store_true",
        help="receive updates by webhook (needs WEBHOOK_URL and WEBHOOK_SECRET); "
        "also chosen when WEBHOOK_URL is set",
    )
    run.set_defaults(func=cmd_run)


def cmd_run(args: argparse.Namespace) -> int:
    """Run the bot until SIGINT/SIGTERM."""
    from bot.telegram.runner import run_bot  # python-telegram-bot loads only for this command

    run_bot(Settings.from_env(), webhook=bool(args.webhook))
    return 0
