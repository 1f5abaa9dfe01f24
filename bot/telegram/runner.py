"""How the bot runs: started in order, fed by polling or webhook, stopped within its deadline.

Start: ``getMe``, the services (the question log opened and its spill file replayed, the FAQ
watcher), the inbox's unfinished updates handed to the dispatcher first, then polling (or the
webhook server). Stop, on SIGTERM or SIGINT: no new updates are taken, what is in flight gets
``SHUTDOWN_SECONDS`` to finish, the rest stays in the inbox for the next start, the log is
flushed, and the process exits 0, within Docker's 10 s grace.
"""

from __future__ import annotations

import asyncio
import functools
import gc
import logging
import signal
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass

from telegram.error import InvalidToken, NetworkError

from bot.settings import ConfigError, Settings
from bot.store import StoreError
from bot.telegram import handlers
from bot.telegram.app import (
    ALLOWED_UPDATES,
    BotApplication,
    build_application,
    check_webhook_settings,
    webhook_path,
)
from bot.telegram.dispatch import Dispatcher
from bot.telegram.intake import Intake
from bot.telegram.logs import configure_logging
from bot.telegram.polling import Poller
from bot.telegram.request import AiohttpRequest, proxy_for
from bot.telegram.services import Services
from bot.telegram.webhook import WebhookServer

log = logging.getLogger(__name__)

POLL_TIMEOUT = 10  # seconds one long poll waits (python-telegram-bot's default)


@dataclass
class Running:
    """The parts of a running bot that tests and benchmarks look at."""

    application: BotApplication
    dispatcher: Dispatcher
    intake: Intake


@asynccontextmanager
async def started(
    application: BotApplication,
    *,
    webhook: bool = False,
    poll_timeout: int = POLL_TIMEOUT,
    on_fatal: Callable[[BaseException], None] | None = None,
) -> AsyncIterator[Running]:
    """Run ``application`` inside the running event loop until the block ends, then stop it.

    Args:
        application: from :func:`build_application`.
        webhook: receive updates by webhook instead of polling.
        poll_timeout: seconds one long poll waits.
        on_fatal: called when updates can no longer be received (a rejected token).
    """
    services: Services = application.bot_data.services
    settings = services.settings
    await application.initialize()
    try:
        if application.post_init is not None:
            await application.post_init(application)
        dispatcher = Dispatcher(
            application,
            services.store,
            concurrency=settings.concurrency,
            max_age=settings.inbox_max_age_hours * 3600,
            on_expired=functools.partial(
                handlers.log_expired, services=services, bot=application.bot
            ),
        )
        intake = Intake(services.store, dispatcher)
        await intake.start()
        await application.start()
        if webhook:
            source: Poller | WebhookServer = await _webhook(application, settings, intake)
        else:
            source = await _poller(application, services, intake, poll_timeout, on_fatal)
        try:
            yield Running(application, dispatcher, intake)
        finally:
            await source.stop()
            await dispatcher.stop(settings.shutdown_seconds)
            await application.stop()
    finally:
        await application.shutdown()
        if application.post_shutdown is not None:
            await application.post_shutdown(application)


async def _poller(
    application: BotApplication,
    services: Services,
    intake: Intake,
    poll_timeout: int,
    on_fatal: Callable[[BaseException], None] | None,
) -> Poller:
    await application.bot.delete_webhook(drop_pending_updates=False)
    poller = Poller(
        # A client of its own: a long poll never waits for, or holds, a send's connection.
        AiohttpRequest(connection_pool_size=2, proxy=proxy_for(services.settings.base_url)),
        application.bot.base_url,
        intake,
        services.api_health,
        timeout=poll_timeout,
        allowed_updates=ALLOWED_UPDATES,
        on_fatal=on_fatal or _log_fatal,
    )
    await poller.start()
    return poller


async def _webhook(
    application: BotApplication, settings: Settings, intake: Intake
) -> WebhookServer:
    assert settings.webhook_url is not None and settings.webhook_secret is not None
    server = WebhookServer(
        intake,
        listen=settings.webhook_listen,
        port=settings.webhook_port,
        path=webhook_path(settings),
        secret=settings.webhook_secret,
    )
    await server.start()
    await application.bot.set_webhook(
        url=settings.webhook_url,
        secret_token=settings.webhook_secret,
        allowed_updates=ALLOWED_UPDATES,
        drop_pending_updates=False,
    )
    return server


def _log_fatal(exc: BaseException) -> None:
    log.error("Updates can no longer be received: %s", exc)


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
    configure_logging(settings.log_level, token, log_texts=settings.log_texts)
    application = build_application(settings)
    # The FAQ's index, PyThaiNLP's dictionaries and the imported modules: a few hundred thousand
    # objects that live as long as the process. Frozen, the garbage collector stops walking
    # them on every full collection (measured: 0.1 ms less per reply under load).
    gc.collect()
    gc.freeze()
    try:
        asyncio.run(_serve(application, webhook=use_webhook))
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


async def _serve(application: BotApplication, *, webhook: bool) -> None:
    stop = asyncio.Event()
    fatal: list[BaseException] = []

    def give_up(exc: BaseException) -> None:
        fatal.append(exc)
        stop.set()

    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    async with started(application, webhook=webhook, on_fatal=give_up):
        log.info("The bot is running (%s)", "webhook" if webhook else "polling")
        await stop.wait()
        log.info("Stopping: no new updates; those in flight get a deadline")
    if fatal:
        raise fatal[0]
