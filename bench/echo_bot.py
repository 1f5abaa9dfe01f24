"""The baseline of bench_throughput.py: a plain python-telegram-bot echo bot, default settings.

One update at a time, PTB's default connection pool, no rate limiter: what a first bot built
from PTB's examples looks like. Reads TELEGRAM_BOT_TOKEN and TELEGRAM_BASE_URL.

    TELEGRAM_BOT_TOKEN=123:ABC TELEGRAM_BASE_URL=http://127.0.0.1:8081/bot python bench/echo_bot.py
"""

from __future__ import annotations

import logging
import os

from telegram import Update
from telegram.ext import ApplicationBuilder, ContextTypes, MessageHandler, filters


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Send the message's text back as a reply."""
    if update.message is not None and update.message.text is not None:
        await update.message.reply_text(update.message.text)


def main() -> None:
    logging.basicConfig(level=logging.WARNING)
    application = (
        ApplicationBuilder()
        .token(os.environ["TELEGRAM_BOT_TOKEN"])
        .base_url(os.environ["TELEGRAM_BASE_URL"])
        .build()
    )
    application.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, echo))
    application.run_polling(allowed_updates=[Update.MESSAGE])


if __name__ == "__main__":
    main()
