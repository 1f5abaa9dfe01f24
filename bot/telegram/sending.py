"""Replies sent without reading Telegram's answer back into objects nobody uses.

``sendMessage`` answers with the whole message sent, the quoted question and the keyboard
included; python-telegram-bot turns that into a ``Message`` (with a frozen-object check on every
attribute), about a quarter of the event loop's time per reply under load (py-spy, bench/
bench_throughput.py). The handlers never look at it, so :meth:`ReplyBot.send_reply` sends the
same request through the same path (defaults, the rate limiter, the retrying aiohttp client)
and keeps only whether it worked.
"""

from __future__ import annotations

from typing import Any

from telegram import InlineKeyboardMarkup, LinkPreviewOptions, Message, ReplyParameters
from telegram.constants import ParseMode
from telegram.ext import ExtBot

NO_PREVIEW = LinkPreviewOptions(is_disabled=True)


class ReplyBot(ExtBot[Any]):
    """python-telegram-bot's ExtBot, plus a reply that does not parse Telegram's answer."""

    async def send_reply(
        self,
        message: Message,
        html_text: str,
        keyboard: InlineKeyboardMarkup | None = None,
        *,
        quote: bool = False,
    ) -> None:
        """Send ``html_text`` to ``message``'s chat (in its forum topic), quoting it if asked.

        Raises:
            TelegramError: as ``send_message`` would (a 429 after the rate limiter's retries,
                a network failure after the request's retries, a refusal).
        """
        data: dict[str, Any] = {
            "chat_id": message.chat_id,
            "text": html_text,
            "parse_mode": ParseMode.HTML,
            "link_preview_options": NO_PREVIEW,
            "reply_markup": keyboard,
        }
        if quote:
            # The question may be deleted meanwhile: the answer still goes.
            data["reply_parameters"] = ReplyParameters(
                message.message_id, allow_sending_without_reply=True
            )
        if message.is_topic_message and message.message_thread_id is not None:
            data["message_thread_id"] = message.message_thread_id
        await self._post("sendMessage", data)  # the protected hook subclasses build on
