"""python-telegram-bot's Bot API requests sent with aiohttp instead of httpx.

PTB's own :class:`~telegram.request.HTTPXRequest` goes through httpx, httpcore and anyio; under
load that stack took about 1 ms of the event loop per Bot API call, half of everything a reply
cost (bench/bench_throughput.py, profiled with py-spy). aiohttp does the same call in about a
third of that, which is what lets the bot keep up with a plain PTB echo bot while it matches,
renders buttons and logs. :class:`~telegram.request.BaseRequest` is PTB's documented place to
plug in another HTTP client; everything above it (the rate limiter, retries of 429s, the
errors raised) is PTB's and unchanged.

Proxy settings are read once, when the bot starts (:func:`proxy_for`), and passed explicitly:
aiohttp's ``trust_env=True`` looks up ``.netrc`` and the proxy variables in a thread on every
request, about 0.7 ms of CPU per send (measured: +49 % replies a second without it).

Errors say whether a request may have reached Telegram: a connection refused or a connect
timeout is a plain ``NetworkError`` (nothing was sent, so sending again is safe), a read
timeout is ``TimedOut`` (it was sent; Telegram may well have carried it out).
"""

from __future__ import annotations

import json
import urllib.request
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import aiohttp
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

if TYPE_CHECKING:
    from telegram._utils.types import ODVInput  # PTB's own type for "a value or not given"

Body = aiohttp.FormData | dict[str, str] | bytes | None
JSON_HEADERS = {"Content-Type": "application/json"}

# PTB's HTTPXRequest defaults, seconds.
READ_TIMEOUT = 5.0
WRITE_TIMEOUT = 5.0
CONNECT_TIMEOUT = 5.0
POOL_TIMEOUT = 1.0


class AiohttpRequest(BaseRequest):
    """Bot API requests over one :class:`aiohttp.ClientSession` (HTTP/1.1, keep-alive).

    Args:
        connection_pool_size: connections kept open at most; more requests wait for one.
        read_timeout: seconds to wait for the answer (None: for ever).
        write_timeout: accepted for PTB's interface; aiohttp has no write timeout, so the
            read timeout covers a stalled upload.
        connect_timeout: seconds to open a connection.
        pool_timeout: seconds to wait for a free connection.

        proxy: the proxy URL to go through (see :func:`proxy_for`), None for none.
    """

    __slots__ = (
        "_connect_timeout",
        "_pool_size",
        "_pool_timeout",
        "_proxy",
        "_read_timeout",
        "_session",
        "_write_timeout",
    )

    def __init__(
        self,
        connection_pool_size: int = 16,
        *,
        read_timeout: float | None = READ_TIMEOUT,
        write_timeout: float | None = WRITE_TIMEOUT,
        connect_timeout: float | None = CONNECT_TIMEOUT,
        pool_timeout: float | None = POOL_TIMEOUT,
        proxy: str | None = None,
    ) -> None:
        self._pool_size = connection_pool_size
        self._proxy = proxy
        self._read_timeout = read_timeout
        self._write_timeout = write_timeout
        self._connect_timeout = connect_timeout
        self._pool_timeout = pool_timeout
        self._session: aiohttp.ClientSession | None = None

    @property
    def read_timeout(self) -> float | None:
        """The default read timeout, seconds."""
        return self._read_timeout

    async def initialize(self) -> None:
        """Open the session (inside the running event loop)."""
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=self._pool_size),
                headers={"User-Agent": self.USER_AGENT},
                trust_env=False,  # the proxy is read once, by proxy_for()
            )

    async def shutdown(self) -> None:
        """Close the session and its connections."""
        if self._session is not None and not self._session.closed:
            await self._session.close()
        self._session = None

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        write_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        connect_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        pool_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        """Send one request; (HTTP status, body). Raises TimedOut or NetworkError like PTB's."""
        read = _given(read_timeout, self._read_timeout)
        connect = _given(connect_timeout, self._connect_timeout)
        pool = _given(pool_timeout, self._pool_timeout)
        return await self._send(url, method, _body(request_data), read, connect, pool)

    async def post_fields(
        self, url: str, fields: dict[str, str], *, read_timeout: float | None
    ) -> tuple[int, bytes]:
        """POST form fields (for calls made without PTB, such as the inbox's getUpdates)."""
        return await self._send(
            url, "POST", fields, read_timeout, self._connect_timeout, self._pool_timeout
        )

    async def _send(
        self,
        url: str,
        method: str,
        body: Body,
        read: float | None,
        connect: float | None,
        pool: float | None,
    ) -> tuple[int, bytes]:
        """One HTTP request: (status, body); errors as PTB's (see the module's docstring)."""
        if self._session is None or self._session.closed:
            await self.initialize()
        assert self._session is not None
        timeout = aiohttp.ClientTimeout(
            total=None,
            # aiohttp's "connect" is the wait for a pooled connection and the connect together.
            connect=None if connect is None or pool is None else connect + pool,
            sock_connect=connect,
            sock_read=read,
        )
        headers = JSON_HEADERS if isinstance(body, bytes) else None
        try:
            async with self._session.request(
                method, url, data=body, headers=headers, timeout=timeout, proxy=self._proxy
            ) as response:
                return response.status, await response.read()
        except aiohttp.ConnectionTimeoutError as exc:  # never sent: safe to send again
            raise NetworkError(f"aiohttp.{type(exc).__name__}: connecting timed out") from exc
        except TimeoutError as exc:  # sent, but no answer in time (aiohttp's are TimeoutErrors)
            raise TimedOut from exc
        except aiohttp.ClientError as exc:
            # Never the URL: it holds the token.
            detail = str(exc).replace(url, url.rsplit("/", 1)[-1])
            raise NetworkError(f"aiohttp.{type(exc).__name__}: {detail}") from exc


def proxy_for(url: str) -> str | None:
    """The proxy for requests to ``url`` from ``HTTP(S)_PROXY``/``ALL_PROXY``/``NO_PROXY``.

    Read once at start (every Bot API request goes to the same host), as httpx would read them.
    """
    parts = urlsplit(url)
    proxies = urllib.request.getproxies_environment()
    # proxy_bypass_environment: NO_PROXY as urllib and requests read it (not in typeshed).
    bypass = urllib.request.proxy_bypass_environment  # type: ignore[attr-defined]
    if parts.hostname and bypass(parts.hostname, proxies):
        return None
    return proxies.get(parts.scheme) or proxies.get("all") or None


def _given(value: ODVInput[float], default: float | None) -> float | None:
    """A per-call timeout, or the default when PTB passes its "not given" marker."""
    if value is BaseRequest.DEFAULT_NONE:
        return default
    return value  # type: ignore[return-value]  # a DefaultValue only as the marker above


def _body(request_data: RequestData | None) -> Body:
    """The parameters as one JSON object; multipart form fields when files go along.

    JSON, which the Bot API takes as well as a form, is one C-level ``json.dumps``; a form means
    URL-quoting every value in Python (measured: about 5 % of the event loop under load).
    """
    if request_data is None:
        return None
    if not request_data.contains_files:
        return json.dumps(request_data.parameters, ensure_ascii=False).encode()
    fields = request_data.json_parameters
    form = aiohttp.FormData()
    for name, value in fields.items():
        form.add_field(name, value)
    for name, (filename, content, mime_type) in request_data.multipart_data.items():
        form.add_field(name, content, filename=filename, content_type=mime_type)
    return form
