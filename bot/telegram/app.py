"""The Telegram application: built from the settings, handlers wired, run by polling or webhook."""

from __future__ import annotations

import gc
import logging
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
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
from telegram.error import InvalidToken, NetworkError, TelegramError
from telegram.ext import (
    AIORateLimiter,
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
from telegram.request import HTTPXRequest

from bot import texts
from bot.engine import Engine
from bot.settings import ConfigError, Settings
from bot.store import StoreError
from bot.telegram import admin, callbacks, handlers
from bot.telegram.context import BotContext, BotData
from bot.telegram.errors import on_error
from bot.telegram.logs import configure_logging
from bot.telegram.retry import RetryingRequest, RetryPolicy
from bot.telegram.services import Services

log = logging.getLogger(__name__)

BotApplication = Application[
    ExtBot[None], BotContext, dict[Any, Any], dict[Any, Any], BotData, None
]

# Edited messages are not questions; everything else is ignored at the source.
ALLOWED_UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY]
RATE_LIMIT_RETRIES = 5  # 429 "retry after" answers retried per request before giving up
EXTRA_CONNECTIONS = 8  # beyond one per concurrent update: admin notices, the rate limiter
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
    services = Services(settings, engine or Engine.load(settings.faq_path))
    builder = (
        ApplicationBuilder()
        .token(token)
        .base_url(settings.base_url)
        .base_file_url(file_url(settings.base_url))
        # Sends go through aiohttp (bot/telegram/request.py: a third of httpx's cost per call),
        # one connection per update handled at once plus a few, so none waits for a connection.
        .request(
            RetryingRequest(
                retry,
                connection_pool_size=settings.concurrency + EXTRA_CONNECTIONS,
                pool_timeout=10.0,
            )
        )
        # getUpdates: PTB's own httpx client with a small pool of its own (one call brings up to
        # 100 updates, so its cost hardly counts); PTB retries it for ever: no RetryingRequest.
        .get_updates_request(HTTPXRequest(connection_pool_size=2))
        .concurrent_updates(settings.concurrency)
        .context_types(ContextTypes(context=BotContext, bot_data=BotData))
        .defaults(
            Defaults(
                parse_mode=ParseMode.HTML,
                link_preview_options=LinkPreviewOptions(is_disabled=True),
                allow_sending_without_reply=True,  # the question may be deleted meanwhile
            )
        )
        .job_queue(None)
        .post_init(_post_init)
        .post_shutdown(_post_shutdown)
    )
    if settings.rate_limit:
        limiter = AIORateLimiter(max_retries=RATE_LIMIT_RETRIES)
        builder = builder.rate_limiter(limiter)  # type: ignore[arg-type]  # PTB's generics
    application: BotApplication = builder.build()  # type: ignore[assignment]
    application.bot_data.services = services
    add_handlers(application)
    return application


def add_handlers(application: BotApplication) -> None:
    """Wire every handler. All sit in group 0, where the first matching handler wins."""
    add = application.add_handler
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
    add(MessageHandler(GROUPS & filters.TEXT & ~filters.COMMAND, handlers.ask_group))
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


@asynccontextmanager
async def running(
    application: BotApplication, *, poll_timeout: int = 10
) -> AsyncIterator[BotApplication]:
    """Run ``application`` by polling inside an already running event loop (tests, benchmarks).

    ``run_polling`` owns its loop and signals; this does the same steps, in the same order,
    and undoes them on exit.
    """
    await application.initialize()
    try:
        if application.post_init is not None:
            await application.post_init(application)
        updater = application.updater
        assert updater is not None
        await updater.start_polling(
            poll_interval=0.0,
            timeout=poll_timeout,
            allowed_updates=ALLOWED_UPDATES,
            drop_pending_updates=False,
        )
        await application.start()
        try:
            yield application
        finally:
            if updater.running:
                await updater.stop()
            if application.running:
                await application.stop()
            if application.post_stop is not None:
                await application.post_stop(application)
    finally:
        await application.shutdown()
        if application.post_shutdown is not None:
            await application.post_shutdown(application)


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
    """Run the bot until SIGINT/SIGTERM: polling, or webhook when asked or WEBHOOK_URL is set.

    Raises:
        ConfigError: a missing or wrong setting, said in one line (also: a token the Bot API
            rejects, a Bot API server that cannot be reached, a database that cannot be opened).
        KnowledgeError: the FAQ file is invalid.
    """
    token = settings.require_token()
    use_webhook = webhook or settings.webhook_url is not None
    if use_webhook:
        check_webhook_settings(settings)
    configure_logging(settings.log_level, token)
    application = build_application(settings)
    # The FAQ's index, PyThaiNLP's dictionaries and the imported modules: a few hundred thousand
    # objects that live as long as the process. Frozen, the garbage collector stops walking
    # them on every full collection (measured: 0.1 ms less per reply under load).
    gc.collect()
    gc.freeze()
    try:
        if use_webhook:
            assert settings.webhook_url is not None and settings.webhook_secret is not None
            application.run_webhook(
                listen=settings.webhook_listen,
                port=settings.webhook_port,
                url_path=webhook_path(settings),
                webhook_url=settings.webhook_url,
                secret_token=settings.webhook_secret,
                allowed_updates=ALLOWED_UPDATES,
                drop_pending_updates=False,
            )
        else:
            # SIGINT and SIGTERM stop the polling; post_shutdown then flushes the log.
            application.run_polling(allowed_updates=ALLOWED_UPDATES, drop_pending_updates=False)
    except InvalidToken:
        # The exception's own message repeats the token.
        raise ConfigError(
            "the Bot API rejected TELEGRAM_BOT_TOKEN (check it with @BotFather)"
        ) from None
    except NetworkError as exc:
        detail = str(exc).replace(token, "<token>")
        raise ConfigError(f"cannot reach the Bot API at {settings.base_url}: {detail}") from None
    except StoreError as exc:
        raise ConfigError(str(exc)) from None
