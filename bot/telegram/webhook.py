"""Webhook mode: Telegram POSTs each update; the bot answers 200 only once the inbox keeps it.

Telegram sends an update again until its POST is answered with a 2xx, so answering only after
:meth:`Intake.receive` returns means a crash between the two costs a second delivery (recognised
and handled once), never a lost update. Every request must carry the secret registered with
``setWebhook`` in ``X-Telegram-Bot-Api-Secret-Token``; any other gets 403. The server speaks
plain HTTP behind the reverse proxy that holds the TLS certificate (see the README).
"""

from __future__ import annotations

import hmac
import json
import logging
from typing import Any

from aiohttp import web

from bot.telegram.intake import Intake

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_BODY = 1 << 20  # bytes; an update is a few kilobytes


class WebhookServer:
    """An aiohttp server taking Telegram's POSTs on one path.

    Args:
        intake: where updates go.
        listen: the address to listen on.
        port: the port.
        path: the URL path Telegram posts to (WEBHOOK_URL's).
        secret: the secret token every request must carry.
    """

    def __init__(self, intake: Intake, *, listen: str, port: int, path: str, secret: str) -> None:
        self._intake = intake
        self._listen = listen
        self._port = port
        self._path = "/" + path.lstrip("/")
        self._secret = secret.encode()
        self._runner: web.AppRunner | None = None

    async def start(self) -> None:
        """Start listening."""
        app = web.Application(client_max_size=MAX_BODY)
        app.router.add_post(self._path, self._post)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, self._listen, self._port).start()
        log.info("Webhook server listening on %s:%d%s", self._listen, self._port, self._path)

    async def stop(self) -> None:
        """Stop listening and close the connections."""
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def _post(self, request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "").encode()
        if not hmac.compare_digest(given, self._secret):
            return web.Response(status=403)
        try:
            data: Any = json.loads(await request.read())
        except ValueError:
            return web.Response(status=400)
        if not isinstance(data, dict) or not isinstance(data.get("update_id"), int):
            return web.Response(status=400)
        await self._intake.receive([data])
        return web.Response(status=200)
