"""The Telegram application: built from the settings, its handlers wired (see runner for running).

PTB's Application is used for what it does well, routing an update to its handler with a
typed context; receiving updates (the durable inbox, polling, the webhook) and scheduling them
(:mod:`bot.telegram.dispatch`) are the bot's own, so it has no PTB ``Updater``.
"""

from __future__ import annotations

import logging
import re
from typing import Any
from urllib.parse import urlsplit

from telegram import (
    BotCommand,
    BotCommandScopeAllGroupChats,
    BotCommandScopeAllPrivateChats,
    BotCommandScopeChat,
    LinkPreviewOptions,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    Defaults,
    ExtBot,
    MessageHandler,
    filters,
)

from bot import texts
from bot.engine import Engine
from bot.settings import ConfigError, Settings
from bot.telegram import admin, callbacks, handlers
from bot.telegram.context import BotContext, BotData
from bot.telegram.errors import on_error
from bot.telegram.gate import guarded
from bot.telegram.pacing import ChatPacer
from bot.telegram.request import AiohttpRequest, proxy_for
from bot.telegram.retry import RetryingRequest, RetryPolicy
from bot.telegram.sending import ReplyBot
from bot.telegram.services import Services

log = logging.getLogger(__name__)

BotApplication = Application[
    ExtBot[None], BotContext, dict[Any, Any], dict[Any, Any], BotData, None
]

# Edited messages are not questions; everything else is ignored at the source.
ALLOWED_UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY]
EXTRA_CONNECTIONS = 8  # beyond one per concurrent update: admin notices, the rate limiter
# A send's answer may take this long: a send that times out is not sent again (it may have
# arrived), so the wait is generous; connecting still gives up after 5 s (and is retried).
SEND_READ_TIMEOUT = 20.0
WEBHOOK_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")

PRIVATE = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE
GROUPS = filters.ChatType.GROUPS & filters.UpdateType.MESSAGE


def build_application(
    settings: Settings, *, engine: Engine | None = None, retry: RetryPolicy | None = None
) -> BotApplication:
    """The application for ``settings``, handlers added; nothing is contacted yet.

    Raises:
        ConfigError: no token.
        KnowledgeError: the FAQ file is invalid (when no ``engine`` is given).
    """
    token = settings.require_token()
    services = Services(
        settings, engine or Engine.load(settings.faq_path, cache_dir=settings.cache_dir)
    )
    bot = ReplyBot(
        token,
        base_url=settings.base_url,
        base_file_url=file_url(settings.base_url),
        # Sends go through aiohttp (bot/telegram/request.py: a third of httpx's cost per call),
        # one connection per update handled at once plus a few, so none waits for a connection.
        request=RetryingRequest(
            retry,
            health=services.api_health,
            connection_pool_size=settings.concurrency + EXTRA_CONNECTIONS,
            pool_timeout=10.0,
            read_timeout=SEND_READ_TIMEOUT,
            proxy=proxy_for(settings.base_url),
        ),
        # Never used (the intake polls with its own client) but PTB wants one; not httpx's.
        get_updates_request=AiohttpRequest(connection_pool_size=1),
        defaults=Defaults(
            parse_mode=ParseMode.HTML,
            link_preview_options=LinkPreviewOptions(is_disabled=True),
            allow_sending_without_reply=True,  # the question may be deleted meanwhile
        ),
        rate_limiter=ChatPacer() if settings.rate_limit else None,
    )
    builder = (
        ApplicationBuilder()
        .bot(bot)
        # No PTB Updater: the bot's own intake keeps every update on disk before confirming it
        # (bot/telegram/polling.py, webhook.py), and its dispatcher schedules them per chat.
        .updater(None)
        .context_types(ContextTypes(context=BotContext, bot_data=BotData))
        .job_queue(None)
        .post_init(_post_init)
        .post_shutdown(_post_shutdown)
    )
    application: BotApplication = builder.build()  # type: ignore[assignment]
    application.bot_data.services = services
    add_handlers(application)
    return application


def add_handlers(application: BotApplication) -> None:
    """Wire every handler. All sit in group 0, where the first matching handler wins.

    Every handler that replies passes the flood guard first (``guarded``), except the group
    chatter handler, which counts a message only once it is addressed to the bot.
    """

    def add(handler: Any) -> None:
        handler.callback = guarded(handler.callback)
        application.add_handler(handler)

    # Members' commands. /help differs between private chats and groups; the other member
    # commands only make sense in a private chat.
    add(CommandHandler("start", handlers.start, filters=PRIVATE))
    add(CommandHandler("help", handlers.help_private, filters=PRIVATE))
    add(CommandHandler("help", handlers.help_group, filters=GROUPS))
    add(CommandHandler("pillars", handlers.pillars, filters=PRIVATE))
    add(CommandHandler("about", handlers.about, filters=PRIVATE))
    add(CommandHandler("forgetme", handlers.forget_me, filters=PRIVATE))
    add(CommandHandler("ask", handlers.ask_command, filters=PRIVATE | GROUPS))
    # Admin commands: private chats only, so nothing of the log is ever shown in a group.
    add(CommandHandler("review", admin.review, filters=PRIVATE))
    add(CommandHandler("stats", admin.stats, filters=PRIVATE))
    add(CommandHandler("export", admin.export, filters=PRIVATE))
    add(CommandHandler("reload", admin.reload, filters=PRIVATE))
    # After every command handler: what is left of the commands is unknown.
    add(MessageHandler(PRIVATE & filters.COMMAND, handlers.unknown_command))
    add(MessageHandler(PRIVATE & filters.TEXT, handlers.ask_private))
    # In groups every text reaches this handler when privacy mode is off; it answers only
    # replies to the bot and mentions of it, and drops the rest without a Bot API call.
    application.add_handler(
        MessageHandler(GROUPS & filters.TEXT & ~filters.COMMAND, handlers.ask_group)
    )
    # Stickers, photos, voice, locations, ... (not service messages such as a new member).
    add(MessageHandler(PRIVATE & ~filters.TEXT & ~filters.StatusUpdate.ALL, handlers.non_text))

    def on_button(callback: Any, prefix: str) -> None:
        add(CallbackQueryHandler(callback, pattern=callbacks.pattern(prefix)))

    on_button(handlers.show_topic, callbacks.TOPIC)
    on_button(handlers.choose_suggestion, callbacks.DID_YOU_MEAN)
    on_button(handlers.none_of_these, callbacks.NONE)
    on_button(handlers.feedback, callbacks.FEEDBACK)
    on_button(handlers.show_source, callbacks.SOURCE)
    on_button(admin.review_button, callbacks.REVIEW)
    # Last: any other press (an old button) is still answered, or the client keeps spinning.
    add(CallbackQueryHandler(handlers.stale_button))
    application.add_error_handler(on_error)


def file_url(base_url: str) -> str:
    """The file download URL that goes with a ``base_url`` (``.../bot`` → ``.../file/bot``)."""
    if base_url.endswith("/bot"):
        return base_url[: -len("/bot")] + "/file/bot"
    return base_url.rstrip("/") + "/file/bot"


async def _post_init(application: Application) -> None:  # type: ignore[type-arg]
    services: Services = application.bot_data.services
    await services.initialize(application.bot)
    await set_commands(application, services.settings)


async def _post_shutdown(application: Application) -> None:  # type: ignore[type-arg]
    services: Services = application.bot_data.services
    await services.shutdown()


async def set_commands(application: Application, settings: Settings) -> None:  # type: ignore[type-arg]
    """Set the command menus for private chats, groups and each admin; failures only logged."""
    private = [BotCommand(name, text) for name, text in texts.PRIVATE_COMMANDS.items()]
    group = [BotCommand(name, text) for name, text in texts.GROUP_COMMANDS.items()]
    admins = private + [BotCommand(name, text) for name, text in texts.ADMIN_COMMANDS.items()]
    menus: list[tuple[list[BotCommand], Any]] = [
        (private, BotCommandScopeAllPrivateChats()),
        (group, BotCommandScopeAllGroupChats()),
    ]
    menus += [(admins, BotCommandScopeChat(admin_id)) for admin_id in sorted(settings.admin_ids)]
    for commands, scope in menus:
        try:
            await application.bot.set_my_commands(commands, scope=scope)
        except TelegramError as exc:
            # A menu is a convenience: the bot must start without it (e.g. an admin who
            # never opened a chat with the bot).
            log.warning("Could not set the %s command menu: %s", scope.type, exc)


def webhook_path(settings: Settings) -> str:
    """The path the webhook server listens on: the path of WEBHOOK_URL."""
    return urlsplit(settings.webhook_url or "").path.lstrip("/")


def check_webhook_settings(settings: Settings) -> None:
    """Raise ConfigError unless webhook mode has what it needs."""
    if not settings.webhook_url:
        raise ConfigError("webhook mode needs WEBHOOK_URL (the https:// address Telegram calls)")
    if not settings.webhook_secret:
        raise ConfigError(
            "webhook mode needs WEBHOOK_SECRET (1-256 characters A-Z a-z 0-9 _ -), "
            "so that only Telegram can post updates"
        )
    if not WEBHOOK_SECRET.fullmatch(settings.webhook_secret):
        raise ConfigError("WEBHOOK_SECRET may use only A-Z a-z 0-9 _ - (1-256 characters)")


def run_bot(settings: Settings, *, webhook: bool = False) -> None:
    """Run the bot until SIGINT/SIGTERM (see :func:`bot.telegram.runner.run_bot`)."""
    from bot.telegram.runner import run_bot as run  # the runner builds on this module

    run(settings, webhook=webhook)
