"""Long polling that confirms an update to Telegram only once the inbox keeps it.

Telegram counts an update as delivered when the next ``getUpdates`` asks for a higher offset.
python-telegram-bot's own poller asks as soon as the updates are in its memory queue, so a crash
loses every update fetched and not yet handled. This poller asks for the next batch only after
:meth:`Intake.receive` has kept the last one on disk. It calls ``getUpdates`` itself (with the
same aiohttp client as every other request) so that it gets each update as Telegram's JSON, which
is what the inbox stores. An unreachable Bot API is retried with a growing pause and logged once
(:class:`~bot.telegram.outage.ApiHealth`); a token the Bot API rejects stops the bot.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Callable
from typing import Any

from telegram.error import BadRequest, Conflict, InvalidToken, NetworkError, TelegramError

from bot.telegram.intake import Intake
from bot.telegram.outage import ApiHealth
from bot.telegram.request import AiohttpRequest

log = logging.getLogger(__name__)

READ_SLACK = 5.0  # seconds beyond the long poll's own timeout before the read gives up
FIRST_PAUSE, MAX_PAUSE = 1.0, 30.0  # after a failed poll (growing by half each time), as PTB
CONFIRM_TIMEOUT = 2.0  # the last getUpdates at a stop, confirming what the inbox kept


class Poller:
    """Fetches updates with ``getUpdates`` and hands them to the intake.

    Args:
        request: the HTTP client (its own, so a long poll never holds a send's connection).
        api_url: the Bot API URL with the token (``https://api.telegram.org/bot<token>``).
        intake: where updates go.
        health: told when polling fails and when it works again.
        timeout: seconds one long poll waits for updates.
        allowed_updates: the update types asked for.
        on_fatal: called with the error when polling cannot go on (a rejected token).
    """

    def __init__(
        self,
        request: AiohttpRequest,
        api_url: str,
        intake: Intake,
        health: ApiHealth,
        *,
        timeout: int,
        allowed_updates: list[str],
        on_fatal: Callable[[BaseException], None],
    ) -> None:
        self._request = request
        self._url = api_url + "/getUpdates"
        self._intake = intake
        self._health = health
        self._timeout = timeout
        self._allowed = json.dumps(allowed_updates)
        self._on_fatal = on_fatal
        self._offset = 0
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        """Start polling in the background."""
        await self._request.initialize()
        self._task = asyncio.create_task(self._run(), name="poller")

    async def stop(self) -> None:
        """Stop polling; confirm to Telegram what the inbox kept (briefly, best effort)."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        if self._offset:
            with contextlib.suppress(TelegramError, TimeoutError):
                await asyncio.wait_for(self._fetch(timeout=0), CONFIRM_TIMEOUT)
        await self._request.shutdown()

    async def _run(self) -> None:
        pause = FIRST_PAUSE
        while True:
            await self._intake.room()
            try:
                updates = await self._fetch(timeout=self._timeout)
            except InvalidToken as exc:
                self._on_fatal(exc)
                return
            except Conflict as exc:
                log.warning("getUpdates: %s (is another copy of the bot running?)", exc.message)
            except NetworkError as exc:  # also 5xx, timeouts and refused connections
                self._health.failed("getUpdates", exc.message)
            except _Wait as wait:
                await asyncio.sleep(wait.seconds)
                continue
            else:
                self._health.answered()
                pause = FIRST_PAUSE
                if not updates:
                    continue
                try:
                    await self._intake.receive(updates)  # kept on disk before the next call
                except Exception:
                    log.exception("Could not take in %d updates; fetching them again", len(updates))
                else:
                    self._offset = max(u["update_id"] for u in updates) + 1
                    continue
            await asyncio.sleep(pause)
            pause = min(pause * 1.5, MAX_PAUSE)

    async def _fetch(self, *, timeout: int) -> list[dict[str, Any]]:
        """One getUpdates call: the updates as Telegram's JSON objects."""
        fields = {
            "offset": str(self._offset),
            "timeout": str(timeout),
            "limit": "100",
            "allowed_updates": self._allowed,
        }
        status, body = await self._request.post_fields(
            self._url, fields, read_timeout=timeout + READ_SLACK
        )
        try:
            answer = json.loads(body)
        except ValueError:
            raise NetworkError(f"HTTP {status}: the answer is not JSON") from None
        if status == 200 and answer.get("ok") and isinstance(answer.get("result"), list):
            return [u for u in answer["result"] if isinstance(u.get("update_id"), int)]
        description = str(answer.get("description") or f"HTTP {status}")
        if status in (401, 404):
            raise InvalidToken(description)
        if status == 409:
            raise Conflict(description)
        if status == 429:
            raise _Wait(float((answer.get("parameters") or {}).get("retry_after", 1)))
        if status >= 500:
            raise NetworkError(description)
        raise BadRequest(description)


class _Wait(Exception):
    """Telegram asked to wait before polling again (429)."""

    def __init__(self, seconds: float) -> None:
        super().__init__(seconds)
        self.seconds = seconds
