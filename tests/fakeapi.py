"""A fake Telegram Bot API server that talks real HTTP, for tests and benchmarks.

It answers the methods this bot uses the way api.telegram.org does, with Telegram's JSON, and
rejects what Telegram rejects (HTML it cannot parse, texts over 4096 characters after entity
parsing, callback data over 64 bytes, a callback query answered twice, ...). It keeps the
messages it sent, so a later update can reply to one or press one of its buttons, records every
call, and lets a test inject updates and faults (429, 5xx, latency, hangs, an outage).

In a test::

    with FakeBotAPI() as fake:
        app = fake.application_builder().build()
        ...

Standalone, for benchmarks or a check against a separate process::

    python -m tests.fakeapi --port 8081 --latency-ms 50 --feed 1000 --chats 50 --exit-when-done
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import copy
import itertools
import json
import logging
import random
import re
import signal
import socket
import sys
import threading
import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from http import HTTPStatus
from types import TracebackType
from typing import TYPE_CHECKING, Any

import tornado.httpserver
import tornado.iostream
import tornado.netutil
import tornado.web

if TYPE_CHECKING:
    from telegram import Bot
    from telegram.ext import ApplicationBuilder

__all__ = [
    "METHODS",
    "ApiError",
    "Call",
    "EntityParseError",
    "FakeBotAPI",
    "UploadedFile",
    "parse_html",
]

_log = logging.getLogger(__name__)

METHODS = (
    "getMe",
    "deleteWebhook",
    "setWebhook",
    "getWebhookInfo",
    "getUpdates",
    "sendMessage",
    "editMessageText",
    "editMessageReplyMarkup",
    "answerCallbackQuery",
    "setMyCommands",
    "getMyCommands",
    "deleteMyCommands",
    "sendChatAction",
    "sendDocument",
    "close",
    "logOut",
)
# Telegram matches method names case-insensitively.
_CANONICAL = {name.lower(): name for name in METHODS}

MAX_TEXT_LENGTH = 4096
MAX_CAPTION_LENGTH = 1024
MAX_CALLBACK_DATA_BYTES = 64
MAX_BUTTONS = 100
MAX_BUTTONS_PER_ROW = 8
MAX_CALLBACK_ANSWER_LENGTH = 200
MAX_COMMANDS = 100

QUERY_TOO_OLD = "Bad Request: query is too old and response timeout expired or query ID is invalid"
NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup are "
    "exactly the same as a current content and reply markup of the message"
)


# --------------------------------------------------------------------------------------------
# Records
# --------------------------------------------------------------------------------------------


class ApiError(Exception):
    """A Bot API error answer: HTTP status, Telegram's description, optional parameters."""

    def __init__(
        self, status: int, description: str, parameters: dict[str, Any] | None = None
    ) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameters = parameters

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.status,
            "description": self.description,
        }
        if self.parameters:
            body["parameters"] = self.parameters
        return body


def _bad_request(description: str) -> ApiError:
    return ApiError(400, f"Bad Request: {description}")


@dataclass(frozen=True)
class UploadedFile:
    """A file sent as multipart/form-data."""

    filename: str
    content: bytes
    content_type: str


@dataclass
class Call:
    """One Bot API request as the fake answered it.

    ``method`` is the canonical name (``sendMessage``) for known methods, else as requested.
    ``params`` holds decoded values: JSON-encoded form fields decoded, uploads as
    :class:`UploadedFile`. ``time`` is ``time.time()`` when the request arrived.
    ``injected`` marks answers forced by :meth:`FakeBotAPI.fail_next`.
    """

    method: str
    params: dict[str, Any]
    time: float
    status: int = 200
    response: dict[str, Any] = field(default_factory=dict)
    injected: bool = False

    @property
    def ok(self) -> bool:
        return self.status == 200

    @property
    def result(self) -> Any:
        return self.response.get("result")

    @property
    def description(self) -> str | None:
        return self.response.get("description")


# --------------------------------------------------------------------------------------------
# Validation: HTML entities, reply markup, commands
# --------------------------------------------------------------------------------------------


class EntityParseError(ValueError):
    """Telegram's "can't parse entities" error."""


_HTML_ENTITY_TYPES = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}
_NAMED_HTML_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_HTML_ENTITY_RE = re.compile(r"&(#[0-9]{1,8}|#[xX][0-9a-fA-F]{1,8}|[A-Za-z][A-Za-z0-9]{0,31});")
_UNQUOTED_VALUE_RE = re.compile(r"[A-Za-z0-9.\-_]*")
_SPACE = " \t\r\n"


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def parse_html(text: str) -> tuple[str, list[dict[str, Any]]]:
    """Parse Telegram-flavoured HTML like the Bot API does.

    Returns:
        The visible text and its entities (offsets in UTF-16 code units, as Telegram's).

    Raises:
        EntityParseError: for tags Telegram does not support, unclosed or mismatched tags,
            an unescaped ``<`` or ``&`` and named entities other than ``lt gt amp quot``.
    """
    out: list[str] = []
    out16 = 0
    # open tags: (name, utf16 start, attributes)
    stack: list[tuple[str, int, dict[str, str]]] = []
    entities: list[dict[str, Any]] = []
    n = len(text)
    i = 0

    def at(pos: int) -> str:
        return f"at byte offset {len(text[:pos].encode())}"

    def decode_entity(pos: int) -> tuple[str, int]:
        match = _HTML_ENTITY_RE.match(text, pos)
        if match is None:
            raise EntityParseError(f"Character '&' must be escaped as \"&amp;\" {at(pos)}")
        name = match.group(1)
        if name.startswith("#"):
            code = int(name[2:], 16) if name[1] in "xX" else int(name[1:])
            if code == 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
                raise EntityParseError(f'Invalid numeric HTML entity "{match.group()}" {at(pos)}')
            return chr(code), match.end()
        if name not in _NAMED_HTML_ENTITIES:
            raise EntityParseError(f'Unsupported HTML entity "{match.group()}" {at(pos)}')
        return _NAMED_HTML_ENTITIES[name], match.end()

    def emit(chunk: str) -> None:
        nonlocal out16
        out.append(chunk)
        out16 += _utf16_len(chunk)

    while i < n:
        lt = text.find("<", i)
        amp = text.find("&", i)
        stop = min(p for p in (lt, amp, n) if p != -1)
        if stop > i:
            emit(text[i:stop])
            i = stop
            continue
        if text[i] == "&":
            char, i = decode_entity(i)
            emit(char)
            continue
        begin = i
        if i + 1 < n and text[i + 1] == "/":
            end = text.find(">", i)
            if end == -1:
                raise EntityParseError(f"Unclosed end tag {at(begin)}")
            name = text[i + 2 : end].strip(_SPACE).lower()
            if not stack:
                raise EntityParseError(f"Unexpected end tag {at(begin)}")
            open_name, start16, open_attrs = stack.pop()
            if name != open_name:
                raise EntityParseError(
                    f'Unmatched end tag {at(begin)}, expected "</{open_name}>", found "</{name}>"'
                )
            entity = _html_entity(open_name, start16, out16 - start16, open_attrs, stack)
            if entity is not None and entity["length"] > 0:
                entities.append(entity)
            i = end + 1
            continue
        # A start tag: the name runs to a space or '>'.
        j = i + 1
        while j < n and text[j] not in _SPACE and text[j] != ">":
            j += 1
        if j >= n:
            raise EntityParseError(f"Unclosed start tag {at(begin)}")
        name = text[i + 1 : j].lower()
        if name not in _HTML_ENTITY_TYPES:
            raise EntityParseError(f'Unsupported start tag "{name}" {at(begin)}')
        attrs: dict[str, str] = {}
        i = j
        while True:
            while i < n and text[i] in _SPACE:
                i += 1
            if i >= n:
                raise EntityParseError(f"Unclosed start tag {at(begin)}")
            if text[i] == ">":
                i += 1
                break
            attr_begin = i
            while i < n and text[i] not in _SPACE and text[i] not in "=>":
                i += 1
            attr = text[attr_begin:i].lower()
            if not attr:
                raise EntityParseError(f'Empty attribute name in the tag "{name}" {at(attr_begin)}')
            while i < n and text[i] in _SPACE:
                i += 1
            if i >= n or text[i] != "=":
                if name == "blockquote" and attr == "expandable":
                    attrs[attr] = ""
                    continue
                raise EntityParseError(
                    "Expected equal sign in declaration of an attribute of the tag "
                    f'"{name}" {at(i)}'
                )
            i += 1
            while i < n and text[i] in _SPACE:
                i += 1
            if i >= n:
                raise EntityParseError(f"Unclosed start tag {at(begin)}")
            if text[i] in "'\"":
                quote = text[i]
                end = text.find(quote, i + 1)
                if end == -1:
                    raise EntityParseError(f"Unclosed start tag {at(begin)}")
                attrs[attr] = _decode_attribute(text[i + 1 : end])
                i = end + 1
            else:
                match = _UNQUOTED_VALUE_RE.match(text, i)
                assert match is not None  # the pattern matches the empty string
                if not match.group():
                    raise EntityParseError(f"Unexpected end of attribute value {at(i)}")
                attrs[attr] = match.group()
                i = match.end()
        if name == "span" and attrs.get("class") != "tg-spoiler":
            raise EntityParseError(f'Unsupported start tag "span" {at(begin)}')
        if name == "a" and not attrs.get("href"):
            raise EntityParseError(f'Tag "a" must have a non-empty attribute "href" {at(begin)}')
        if name == "tg-emoji" and not attrs.get("emoji-id"):
            raise EntityParseError(f'Tag "tg-emoji" must have an attribute "emoji-id" {at(begin)}')
        stack.append((name, out16, attrs))
    if stack:
        raise EntityParseError(f'Can\'t find end tag corresponding to start tag "{stack[-1][0]}"')
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return "".join(out), entities


def _decode_attribute(value: str) -> str:
    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name.startswith("#"):
            code = int(name[2:], 16) if name[1] in "xX" else int(name[1:])
            return chr(code) if 0 < code <= 0x10FFFF else match.group()
        return _NAMED_HTML_ENTITIES.get(name, match.group())

    return _HTML_ENTITY_RE.sub(replace, value)


def _html_entity(
    name: str,
    offset: int,
    length: int,
    attrs: dict[str, str],
    outer: list[tuple[str, int, dict[str, str]]],
) -> dict[str, Any] | None:
    kind = _HTML_ENTITY_TYPES[name]
    entity: dict[str, Any] = {"type": kind, "offset": offset, "length": length}
    if kind == "text_link":
        entity["url"] = attrs["href"]
    elif kind == "custom_emoji":
        entity["custom_emoji_id"] = attrs["emoji-id"]
    elif kind == "blockquote" and "expandable" in attrs:
        entity["type"] = "expandable_blockquote"
    elif kind == "pre" and attrs.get("language"):
        entity["language"] = attrs["language"]
    elif kind == "code" and outer and outer[-1][0] == "pre":
        language = attrs.get("class", "")
        if language.startswith("language-"):
            # <pre><code class="language-x"> is one pre entity with a language.
            outer[-1][2]["language"] = language.removeprefix("language-")
            return None
    return entity


_BUTTON_ACTIONS = (
    "callback_data",
    "url",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
    "web_app",
)
_BUTTON_URL_RE = re.compile(r"^(https?://[^\s/$.?#][^\s]*|tg://[^\s]+)$", re.IGNORECASE)


def validate_reply_markup(markup: Any, *, inline_only: bool = False) -> dict[str, Any] | None:
    """Check a reply_markup as Telegram does; return the inline keyboard to echo, if any."""
    if markup is None:
        return None
    if not isinstance(markup, dict):
        raise _bad_request("can't parse reply keyboard markup JSON object")
    if "inline_keyboard" in markup:
        return _validate_inline_keyboard(markup["inline_keyboard"])
    if inline_only:
        raise _bad_request("inline keyboard expected")
    if "keyboard" in markup:
        rows = markup["keyboard"]
        if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
            raise _bad_request('Field "keyboard" must be of type Array')
        for row in rows:
            for button in row:
                text = button if isinstance(button, str) else button.get("text")
                if not isinstance(text, str) or not text:
                    raise _bad_request("keyboard button text must be non-empty")
        return None
    if markup.get("remove_keyboard") is True or markup.get("force_reply") is True:
        return None
    raise _bad_request("can't parse reply keyboard markup JSON object")


def _validate_inline_keyboard(rows: Any) -> dict[str, Any] | None:
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise _bad_request('Field "inline_keyboard" must be of type Array')
    if sum(len(row) for row in rows) > MAX_BUTTONS:
        raise _bad_request("reply markup is too long")
    for row in rows:
        if len(row) > MAX_BUTTONS_PER_ROW:
            raise _bad_request("too many buttons in a row")
        for button in row:
            _validate_inline_button(button)
    if not any(rows):
        return None
    return {"inline_keyboard": copy.deepcopy(rows)}


def _validate_inline_button(button: Any) -> None:
    if not isinstance(button, dict):
        raise _bad_request(
            "can't parse inline keyboard button: InlineKeyboardButton must be an Object"
        )
    text = button.get("text")
    if not isinstance(text, str):
        raise _bad_request(
            'can\'t parse inline keyboard button: Field "text" must be of type String'
        )
    if not text.strip():
        raise _bad_request("BUTTON_TEXT_INVALID")
    actions = [key for key in _BUTTON_ACTIONS if key in button]
    if not actions:
        raise _bad_request(
            "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"
        )
    if len(actions) > 1:
        raise _bad_request(
            "can't parse inline keyboard button: exactly one of the optional fields must be "
            f"used, found {', '.join(actions)}"
        )
    if "callback_data" in button:
        data = button["callback_data"]
        if not isinstance(data, str) or not 1 <= len(data.encode()) <= MAX_CALLBACK_DATA_BYTES:
            raise _bad_request("BUTTON_DATA_INVALID")
    if "url" in button and not (
        isinstance(button["url"], str) and _BUTTON_URL_RE.match(button["url"])
    ):
        raise _bad_request("BUTTON_URL_INVALID")


_COMMAND_RE = re.compile(r"^[a-z0-9_]{1,32}$")
_SCOPE_TYPES = {
    "default": (),
    "all_private_chats": (),
    "all_group_chats": (),
    "all_chat_administrators": (),
    "chat": ("chat_id",),
    "chat_administrators": ("chat_id",),
    "chat_member": ("chat_id", "user_id"),
}


def _scope_key(scope: Any, language_code: Any) -> str:
    if scope is None:
        scope = {"type": "default"}
    if not isinstance(scope, dict) or scope.get("type") not in _SCOPE_TYPES:
        raise _bad_request("can't parse BotCommandScope JSON object")
    required = _SCOPE_TYPES[scope["type"]]
    if any(key not in scope for key in required):
        raise _bad_request(f"can't parse BotCommandScope: {', '.join(required)} required")
    language = language_code or ""
    if not isinstance(language, str) or (language and not re.fullmatch(r"[a-z]{2}", language)):
        raise _bad_request("invalid language code specified")
    parts = [scope["type"], *(str(scope[key]) for key in required)]
    return "/".join(parts) + f"|{language}"


def _validate_commands(commands: Any) -> list[dict[str, str]]:
    if not isinstance(commands, list):
        raise _bad_request("can't parse commands JSON object")
    if len(commands) > MAX_COMMANDS:
        raise _bad_request("too many commands specified")
    cleaned = []
    for command in commands:
        if not isinstance(command, dict):
            raise _bad_request("can't parse BotCommand JSON object")
        name = command.get("command")
        description = command.get("description")
        if not isinstance(name, str) or not _COMMAND_RE.match(name):
            raise _bad_request("BOT_COMMAND_INVALID")
        if not isinstance(description, str) or not description.strip():
            raise _bad_request("command description is empty")
        if len(description) > 256:
            raise _bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
        cleaned.append({"command": name, "description": description})
    return cleaned


# --------------------------------------------------------------------------------------------
# Request decoding
# --------------------------------------------------------------------------------------------

# Form fields that are plain strings; every other field PTB sends JSON-encoded.
_STRING_PARAMS = frozenset(
    {
        "text",
        "caption",
        "parse_mode",
        "url",
        "description",
        "short_description",
        "callback_query_id",
        "inline_message_id",
        "action",
        "secret_token",
        "language_code",
        "ip_address",
        "business_connection_id",
        "message_effect_id",
        "name",
    }
)


def _decode_value(name: str, raw: str) -> Any:
    if name in _STRING_PARAMS:
        return raw
    try:
        return json.loads(raw)
    except ValueError:
        return raw


def _decode_request(request: tornado.httputil.HTTPServerRequest) -> dict[str, Any]:
    params: dict[str, Any] = {}
    for name, values in request.query_arguments.items():
        params[name] = _decode_value(name, values[-1].decode("utf-8", "replace"))
    content_type = request.headers.get("Content-Type", "")
    if content_type.startswith("application/json") and request.body:
        body = json.loads(request.body)
        if not isinstance(body, dict):
            raise _bad_request("can't parse JSON object")
        params.update(body)
    else:
        for name, values in request.body_arguments.items():
            params[name] = _decode_value(name, values[-1].decode("utf-8", "replace"))
    uploads = {
        name: UploadedFile(f.filename, f.body, f.content_type)
        for name, files in request.files.items()
        for f in files[-1:]
    }
    for name, value in list(params.items()):
        if isinstance(value, str) and value.startswith("attach://"):
            attached = uploads.pop(value.removeprefix("attach://"), None)
            if attached is None:
                raise _bad_request(f"file {value!r} not found in the request")
            params[name] = attached
    params.update(uploads)
    return params


# --------------------------------------------------------------------------------------------
# The server
# --------------------------------------------------------------------------------------------


@dataclass
class _Fault:
    method: str | None
    remaining: int
    status: int = 0
    retry_after: int = 0
    description: str | None = None
    seconds: float = 0.0


class _Request:
    """Per-request wake-up for long polling: new updates, a closed connection, a newer poll."""

    def __init__(self) -> None:
        self.wake = asyncio.Event()
        self.closed = False
        self.superseded = False


_UPDATES_HIDDEN_BY_DEFAULT = frozenset(
    {"chat_member", "message_reaction", "message_reaction_count"}
)
_CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)
_COMMAND_ENTITY_RE = re.compile(r"(?<!\S)/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?(?![\w@/])")
_MENTION_RE = re.compile(r"(?<![\w@])@[A-Za-z0-9_]{5,32}(?!\w)")


class FloodControl:
    """Telegram-like flood limits: messages per chat and overall in a sliding window.

    A message over a limit is refused with 429 and ``retry_after``: the seconds until the window
    has room again, rounded up, plus ``penalty`` (Telegram often asks for longer than that).
    Only messages count (``send*`` and ``edit*``), each once it is accepted.
    """

    def __init__(self, per_chat: int, chat_window: float, overall: int, penalty: int = 0) -> None:
        self.per_chat = per_chat
        self.chat_window = chat_window
        self.overall = overall
        self.penalty = penalty
        self._chats: dict[int, list[float]] = {}
        self._all: list[float] = []
        self.refused = 0

    @staticmethod
    def counts(method_key: str) -> bool:
        return method_key.startswith(("send", "edit")) and method_key != "sendchataction"

    def check(self, chat_id: int, now: float) -> None:
        """Raise the 429 a message to ``chat_id`` now would get."""
        recent = [t for t in self._chats.get(chat_id, []) if t > now - self.chat_window]
        self._chats[chat_id] = recent
        self._all = [t for t in self._all if t > now - 1.0]
        wait = 0.0
        if len(recent) >= self.per_chat:
            wait = recent[0] + self.chat_window - now
        elif len(self._all) >= self.overall:
            wait = self._all[0] + 1.0 - now
        if wait > 0:
            self.refused += 1
            retry_after = max(1, int(wait + 0.999)) + self.penalty
            raise ApiError(
                429,
                f"Too Many Requests: retry after {retry_after}",
                {"retry_after": retry_after},
            )

    def accepted(self, chat_id: int, now: float) -> None:
        self._chats.setdefault(chat_id, []).append(now)
        self._all.append(now)


class FakeBotAPI:
    """A Bot API server on 127.0.0.1 in a background thread with its own event loop.

    All public methods are thread-safe: call them from the test's event loop.

    Args:
        token: the only token accepted (401 otherwise); ``None`` accepts any.
        bot_username: the bot's ``username`` in getMe and in its messages.
        can_read_all_group_messages: privacy mode off when true; when false (Telegram's
            default) :meth:`push_message` drops group messages the bot would not receive.
        port: 0 picks a free port.
        latency: seconds every call waits (asynchronously) before it is answered; settable
            at run time, as is ``method_latency`` (extra seconds per method name).

    Attributes:
        bot_user: the getMe result; edit it to change what the bot learns about itself.
        files: uploads by the file_id the fake gave them.
        webhook_url: the URL from setWebhook; getUpdates is a 409 Conflict while it is set.
    """

    def __init__(
        self,
        token: str | None = "123:ABC",
        bot_username: str = "tai_jetro_bot",
        *,
        bot_first_name: str = "TAI JETRO Assistant",
        can_join_groups: bool = True,
        can_read_all_group_messages: bool = False,
        port: int = 0,
        latency: float = 0.0,
    ) -> None:
        self.token = token
        bot_id = int(token.split(":", 1)[0]) if token and token.split(":")[0].isdigit() else 123
        self.bot_user: dict[str, Any] = {
            "id": bot_id,
            "is_bot": True,
            "first_name": bot_first_name,
            "username": bot_username,
            "can_join_groups": can_join_groups,
            "can_read_all_group_messages": can_read_all_group_messages,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }
        self.latency = latency
        self.method_latency: dict[str, float] = {}
        self._port = port
        self._lock = threading.RLock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._server: _Server | None = None
        self._app = tornado.web.Application(
            [(r"/bot([^/]*)/([^/]*)", _Handler, {"fake": self})],
            default_handler_class=_NotFoundHandler,
            log_function=lambda handler: None,
        )
        self._listeners: list[Callable[[Call], None]] = []
        self._waiters: list[tuple[asyncio.AbstractEventLoop, asyncio.Event]] = []
        self._pollers: set[_Request] = set()
        self._faults: list[_Fault] = []
        self._hangs: list[_Fault] = []
        self.flood: FloodControl | None = None
        self._reset_state()

    def _reset_state(self) -> None:
        self._calls: list[Call] = []
        self._updates: list[dict[str, Any]] = []
        self._update_ids = itertools.count(100_001)
        self._allowed_updates: list[str] | None = None
        self._chats: dict[int, dict[str, Any]] = {}
        self._messages: dict[int, dict[int, dict[str, Any]]] = {}
        self._bot_messages: list[tuple[int, int]] = []
        self._next_message_id: dict[int, int] = {}
        self._open_queries: set[str] = set()
        self._query_ids = itertools.count(7_000_001)
        self._file_ids = itertools.count(1)
        self.files: dict[str, UploadedFile] = {}
        self._commands: dict[str, list[dict[str, str]]] = {}
        self.webhook_url = ""
        self._faults.clear()
        self._hangs.clear()

    # ---- lifecycle -------------------------------------------------------------------------

    @property
    def port(self) -> int:
        return self._port

    @property
    def base_url(self) -> str:
        """For ``ApplicationBuilder().base_url(...)``: PTB appends the token."""
        return f"http://127.0.0.1:{self._port}/bot"

    @property
    def base_file_url(self) -> str:
        return f"http://127.0.0.1:{self._port}/file/bot"

    @property
    def url(self) -> str:
        """The API root for the configured token, e.g. ``http://127.0.0.1:P/bot123:ABC``."""
        return f"{self.base_url}{self.token or '123:ABC'}"

    def start(self) -> FakeBotAPI:
        """Start serving; returns once the port accepts connections."""
        if self._thread is not None:
            raise RuntimeError("FakeBotAPI already started")
        ready = threading.Event()
        failure: list[BaseException] = []

        def run() -> None:
            # Leave SIGINT/SIGTERM to the main thread, which stops the server promptly.
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
            loop = asyncio.new_event_loop()
            asyncio.set_event_loop(loop)
            try:
                loop.run_until_complete(self._listen())
            except BaseException as exc:
                failure.append(exc)
                loop.close()
                ready.set()
                return
            self._loop = loop
            ready.set()
            try:
                loop.run_forever()
            finally:
                loop.run_until_complete(loop.shutdown_asyncgens())
                loop.close()

        self._thread = threading.Thread(target=run, name="FakeBotAPI", daemon=True)
        self._thread.start()
        ready.wait()
        if failure:
            self._thread.join()
            self._thread = None
            raise failure[0]
        return self

    def stop(self) -> None:
        """Close every connection and the listening socket, and end the server thread."""
        if self._thread is None or self._loop is None:
            return
        loop = self._loop
        asyncio.run_coroutine_threadsafe(self._shutdown(), loop).result(timeout=10)
        loop.call_soon_threadsafe(loop.stop)
        self._thread.join(timeout=10)
        self._thread = None
        self._loop = None

    def __enter__(self) -> FakeBotAPI:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def paused(self) -> bool:
        return self._thread is not None and self._server is None

    def pause(self) -> None:
        """Simulate an outage: close the listening socket and every open connection."""
        self._run_in_loop(self._close_server())

    def resume(self) -> None:
        """End an outage: listen again on the same port."""
        self._run_in_loop(self._listen())

    def _run_in_loop(self, coro: Any) -> Any:
        if self._loop is None:
            coro.close()
            raise RuntimeError("FakeBotAPI is not running")
        return asyncio.run_coroutine_threadsafe(coro, self._loop).result(timeout=10)

    async def _listen(self) -> None:
        if self._server is not None:
            return
        sockets = tornado.netutil.bind_sockets(self._port, "127.0.0.1", family=socket.AF_INET)
        self._port = sockets[0].getsockname()[1]
        server = _Server(self._app)
        server.add_sockets(sockets)
        self._server = server

    async def _close_server(self) -> None:
        server, self._server = self._server, None
        if server is None:
            return
        server.stop()
        # Close every socket at once, before any handler runs again and answers on one.
        for stream in list(server.streams):
            stream.close()
        await server.close_all_connections()

    async def _shutdown(self) -> None:
        await self._close_server()
        current = asyncio.current_task()
        tasks = [task for task in asyncio.all_tasks() if task is not current]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    # ---- PTB helpers -----------------------------------------------------------------------

    def application_builder(self) -> ApplicationBuilder:
        """A PTB ``ApplicationBuilder`` with token and URLs pointing at this server."""
        from telegram.ext import ApplicationBuilder

        return (
            ApplicationBuilder()
            .token(self.token or "123:ABC")
            .base_url(self.base_url)
            .base_file_url(self.base_file_url)
        )

    def bot(self) -> Bot:
        """A PTB ``Bot`` pointing at this server (use ``async with``)."""
        from telegram import Bot

        return Bot(
            self.token or "123:ABC", base_url=self.base_url, base_file_url=self.base_file_url
        )

    # ---- faults ----------------------------------------------------------------------------

    def fail_next(
        self,
        method: str | None = None,
        n: int = 1,
        *,
        status: int = 429,
        retry_after: int = 1,
        description: str | None = None,
    ) -> None:
        """Answer the next ``n`` calls of ``method`` (any method when None) with an error.

        429 carries ``parameters.retry_after`` as Telegram's flood control does.
        """
        if description is None:
            if status == 429:
                description = f"Too Many Requests: retry after {retry_after}"
            else:
                description = HTTPStatus(status).phrase
        with self._lock:
            self._faults.append(_Fault(_method_key(method), n, status, retry_after, description))

    def hang_next(self, n: int = 1, seconds: float = 30.0, *, method: str | None = None) -> None:
        """Delay the next ``n`` calls by ``seconds`` before they are carried out.

        A hung call still takes effect when it ends, as on Telegram, where a request the
        client gave up on may still have been delivered.
        """
        with self._lock:
            self._hangs.append(_Fault(_method_key(method), n, seconds=seconds))

    def flood_control(
        self, per_chat: int = 1, chat_window: float = 1.0, overall: int = 30, penalty: int = 0
    ) -> FloodControl:
        """Refuse messages over Telegram's flood limits with 429, as Telegram does."""
        with self._lock:
            self.flood = FloodControl(per_chat, chat_window, overall, penalty)
            return self.flood

    def clear_faults(self) -> None:
        """Forget the errors and hangs still to come (calls already hanging go on)."""
        with self._lock:
            self._faults.clear()
            self._hangs.clear()

    def set_latency(self, seconds: float, method: str | None = None) -> None:
        """Set the delay added to every call, or to one method's calls."""
        if method is None:
            self.latency = seconds
        else:
            self.method_latency[_CANONICAL[_method_key(method) or ""]] = seconds

    def _take(self, faults: list[_Fault], method_key: str) -> _Fault | None:
        with self._lock:
            for fault in faults:
                if fault.method in (None, method_key):
                    fault.remaining -= 1
                    if fault.remaining <= 0:
                        faults.remove(fault)
                    return fault
        return None

    # ---- updates ---------------------------------------------------------------------------

    def push_message(
        self,
        text: str = "",
        *,
        chat_id: int = 1001,
        user_id: int | None = None,
        chat_type: str = "private",
        first_name: str = "สมชาย",
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = "th",
        chat_title: str = "กลุ่มทดสอบ",
        reply_to_message_id: int | None = None,
        entities: list[dict[str, Any]] | None = None,
        message_type: str = "text",
        message_thread_id: int | None = None,
    ) -> dict[str, Any] | None:
        """Queue a message from a user as an update; returns the update.

        ``message_thread_id`` puts it in that forum topic of a supergroup.

        ``entities=None`` computes bot_command and mention entities as Telegram's clients do.
        ``message_type`` is one of text, sticker, photo (``text`` is the caption), voice,
        location. In a group with privacy mode on, a message the bot would not receive is
        stored in the chat but not queued, and ``None`` is returned.
        """
        if chat_type == "private":
            user_id = chat_id if user_id is None else user_id
            chat = {"id": chat_id, "type": "private", "first_name": first_name}
            if last_name:
                chat["last_name"] = last_name
            if username:
                chat["username"] = username
        elif chat_type in ("group", "supergroup"):
            if chat_id > 0:
                raise ValueError("group chat ids are negative")
            user_id = 2001 if user_id is None else user_id
            chat = {"id": chat_id, "type": chat_type, "title": chat_title}
        else:
            raise ValueError(f"unsupported chat_type {chat_type!r}")
        sender: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": first_name}
        if last_name:
            sender["last_name"] = last_name
        if username:
            sender["username"] = username
        if language_code:
            sender["language_code"] = language_code

        content: dict[str, Any] = {}
        if message_type == "text":
            if not text:
                raise ValueError("a text message needs text")
            content["text"] = text
            content["entities"] = _client_entities(text) if entities is None else entities
        elif message_type == "photo":
            content["photo"] = [
                self._file("photo", width=90, height=90, file_size=1200),
                self._file("photo", width=800, height=800, file_size=64000),
            ]
            if text:
                content["caption"] = text
                content["caption_entities"] = (
                    _client_entities(text) if entities is None else entities
                )
        elif message_type == "sticker":
            content["sticker"] = self._file(
                "sticker",
                type="regular",
                width=512,
                height=512,
                is_animated=False,
                is_video=False,
                emoji="👍",
            )
        elif message_type == "voice":
            content["voice"] = self._file("voice", duration=2, mime_type="audio/ogg")
        elif message_type == "location":
            content["location"] = {"latitude": 13.7563, "longitude": 100.5018}
        else:
            raise ValueError(f"unsupported message_type {message_type!r}")
        if message_thread_id is not None:
            if chat_type != "supergroup":
                raise ValueError("forum topics exist in supergroups only")
            chat["is_forum"] = True
            content["message_thread_id"] = message_thread_id
            content["is_topic_message"] = True
        if not content.get("entities", True):
            del content["entities"]
        if not content.get("caption_entities", True):
            del content["caption_entities"]

        with self._lock:
            self._chats.setdefault(chat_id, chat)
            if reply_to_message_id is not None:
                content["reply_to_message"] = self._replied(chat_id, reply_to_message_id)
            message = self._store_message(chat, sender, content)
            if chat_type != "private" and not self._receives(message):
                return None
            return self._queue({"message": message})

    def push_callback(
        self,
        data: str,
        *,
        chat_id: int = 1001,
        message_id: int | None = None,
        user_id: int | None = None,
        first_name: str = "สมชาย",
        username: str | None = None,
        check_button: bool = True,
    ) -> dict[str, Any]:
        """Queue a press of an inline button on a bot message; returns the update.

        ``message_id=None`` takes the bot's latest message in the chat that has a keyboard.
        With ``check_button`` the message must have a button carrying ``data``.
        """
        with self._lock:
            chat_messages = self._messages.get(chat_id, {})
            if message_id is None:
                with_keyboard = [
                    m
                    for (c, mid) in self._bot_messages
                    if c == chat_id and "reply_markup" in (m := chat_messages[mid])
                ]
                if not with_keyboard:
                    raise LookupError(f"no bot message with a keyboard in chat {chat_id}")
                message = with_keyboard[-1]
            elif message_id in chat_messages:
                message = chat_messages[message_id]
            else:
                raise LookupError(f"no message {message_id} in chat {chat_id}")
            if check_button:
                buttons = [
                    button
                    for row in message.get("reply_markup", {}).get("inline_keyboard", [])
                    for button in row
                ]
                if not any(button.get("callback_data") == data for button in buttons):
                    raise LookupError(
                        f"message {message['message_id']} has no button with data {data!r}"
                    )
            if user_id is None:
                user_id = chat_id if chat_id > 0 else 2001
            sender: dict[str, Any] = {
                "id": user_id,
                "is_bot": False,
                "first_name": first_name,
                "language_code": "th",
            }
            if username:
                sender["username"] = username
            query_id = str(next(self._query_ids))
            self._open_queries.add(query_id)
            query = {
                "id": query_id,
                "from": sender,
                "message": copy.deepcopy(message),
                "chat_instance": str(abs(chat_id) * 7919),
                "data": data,
            }
            return self._queue({"callback_query": query})

    def push_raw(self, update: dict[str, Any]) -> dict[str, Any]:
        """Queue any update; ``update_id`` is assigned when missing."""
        with self._lock:
            return self._queue(copy.deepcopy(update))

    def _queue(self, update: dict[str, Any]) -> dict[str, Any]:
        if "update_id" not in update:
            update = {"update_id": next(self._update_ids), **update}
        self._updates.append(update)
        loop = self._loop
        if loop is not None:
            with contextlib.suppress(RuntimeError):  # the loop closed meanwhile
                loop.call_soon_threadsafe(self._wake_pollers)
        return copy.deepcopy(update)

    def _wake_pollers(self) -> None:
        for request in self._pollers:
            request.wake.set()

    @property
    def pending_updates(self) -> list[dict[str, Any]]:
        """Updates not yet confirmed by a getUpdates offset."""
        with self._lock:
            return copy.deepcopy(self._updates)

    def _receives(self, message: dict[str, Any]) -> bool:
        """Whether a group message reaches a bot in privacy mode."""
        if self.bot_user["can_read_all_group_messages"]:
            return True
        replied = message.get("reply_to_message")
        if replied and replied.get("from", {}).get("id") == self.bot_user["id"]:
            return True
        text = message.get("text") or message.get("caption") or ""
        for entity in message.get("entities", []):
            if entity["type"] != "bot_command":
                continue
            command = _utf16_slice(text, entity["offset"], entity["length"])
            _, _, target = command.partition("@")
            # A bare /command counts: in tests this bot is the last (only) bot to post.
            if not target or target.lower() == self.bot_user["username"].lower():
                return True
        return False

    # ---- messages --------------------------------------------------------------------------

    def _file(self, kind: str, **fields: Any) -> dict[str, Any]:
        number = next(self._file_ids)
        return {"file_id": f"{kind}-{number}", "file_unique_id": f"u{kind}{number}", **fields}

    def _chat(self, chat_id: Any) -> dict[str, Any]:
        if chat_id is None or chat_id == "":
            raise _bad_request("chat_id is empty")
        if isinstance(chat_id, str):
            try:
                chat_id = int(chat_id)
            except ValueError:
                raise _bad_request("chat not found") from None
        if not isinstance(chat_id, int) or chat_id == 0:
            raise _bad_request("chat not found")
        if chat_id not in self._chats:
            if chat_id > 0:
                chat = {"id": chat_id, "type": "private", "first_name": "User"}
            else:
                kind = "supergroup" if str(chat_id).startswith("-100") else "group"
                chat = {"id": chat_id, "type": kind, "title": "Group"}
            self._chats[chat_id] = chat
        return self._chats[chat_id]

    def _store_message(
        self, chat: dict[str, Any], sender: dict[str, Any], content: dict[str, Any]
    ) -> dict[str, Any]:
        chat_id = chat["id"]
        message_id = self._next_message_id.get(chat_id, 1)
        self._next_message_id[chat_id] = message_id + 1
        message = {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": copy.deepcopy(chat),
            "from": copy.deepcopy(sender),
            **content,
        }
        self._messages.setdefault(chat_id, {})[message_id] = message
        return message

    def _replied(self, chat_id: int, message_id: int) -> dict[str, Any]:
        original = self._messages.get(chat_id, {}).get(message_id)
        if original is None:
            raise LookupError(f"no message {message_id} in chat {chat_id}")
        replied = copy.deepcopy(original)
        replied.pop("reply_to_message", None)  # Telegram does not nest replies
        return replied

    def _bot_sender(self) -> dict[str, Any]:
        return {key: self.bot_user[key] for key in ("id", "is_bot", "first_name", "username")}

    def message(self, chat_id: int, message_id: int) -> dict[str, Any]:
        """A message as it is now (after edits)."""
        with self._lock:
            return copy.deepcopy(self._messages[chat_id][message_id])

    def sent_messages(self, chat_id: int | None = None) -> list[dict[str, Any]]:
        """Messages the bot sent, oldest first, as they are now (after edits)."""
        with self._lock:
            return [
                copy.deepcopy(self._messages[c][m])
                for c, m in self._bot_messages
                if chat_id is None or c == chat_id
            ]

    def my_commands(
        self, scope: dict[str, Any] | None = None, language_code: str = ""
    ) -> list[dict[str, str]]:
        """Commands set for a scope (default scope when None)."""
        with self._lock:
            return copy.deepcopy(self._commands.get(_scope_key(scope, language_code), []))

    # ---- records ---------------------------------------------------------------------------

    @property
    def calls(self) -> list[Call]:
        with self._lock:
            return list(self._calls)

    @property
    def rejected(self) -> list[Call]:
        """Calls answered with a 4xx that were the client's fault (not injected, not 409)."""
        with self._lock:
            return [
                call
                for call in self._calls
                if 400 <= call.status < 500 and not call.injected and call.status != 409
            ]

    def calls_to(self, method: str) -> list[Call]:
        key = _method_key(method)
        with self._lock:
            return [call for call in self._calls if call.method.lower() == key]

    def clear(self) -> None:
        """Forget recorded calls (messages, chats and pending updates stay)."""
        with self._lock:
            self._calls.clear()

    def reset(self) -> None:
        """Forget everything: calls, messages, updates, commands, faults."""
        with self._lock:
            self._reset_state()

    def add_listener(self, listener: Callable[[Call], None]) -> None:
        """Call ``listener(call)`` in the server thread after each recorded call."""
        with self._lock:
            self._listeners.append(listener)

    async def wait_for(
        self,
        method: str | None,
        predicate: Callable[[Call], bool] | None = None,
        *,
        count: int = 1,
        timeout: float = 5.0,
        since: int = 0,
    ) -> list[Call]:
        """Wait until ``count`` calls of ``method`` (any when None) match ``predicate``.

        Only calls recorded at index ``since`` or later count (``len(fake.calls)`` before
        acting). Returns the first ``count`` matching calls; raises ``TimeoutError``.
        """
        key = _method_key(method)
        loop = asyncio.get_running_loop()
        event = asyncio.Event()
        waiter = (loop, event)

        def matches() -> list[Call]:
            with self._lock:
                return [
                    call
                    for call in self._calls[since:]
                    if (key is None or call.method.lower() == key)
                    and (predicate is None or predicate(call))
                ]

        with self._lock:
            self._waiters.append(waiter)
        try:
            async with asyncio.timeout(timeout):
                while len(found := matches()) < count:
                    await event.wait()
                    event.clear()
                return found[:count]
        except TimeoutError:
            seen = ", ".join(f"{c.method}:{c.status}" for c in self.calls[since:][-20:])
            raise TimeoutError(
                f"{count} call(s) to {method} not seen within {timeout}s "
                f"(found {len(matches())}; last calls: {seen or 'none'})"
            ) from None
        finally:
            with self._lock:
                self._waiters.remove(waiter)

    def _record(self, call: Call) -> None:
        with self._lock:
            self._calls.append(call)
            waiters = list(self._waiters)
            listeners = list(self._listeners)
        for loop, event in waiters:
            with contextlib.suppress(RuntimeError):  # that test's loop is already closed
                loop.call_soon_threadsafe(event.set)
        for listener in listeners:
            try:
                listener(call)
            except Exception:
                _log.exception("FakeBotAPI listener failed")

    # ---- request handling ------------------------------------------------------------------

    async def handle(
        self, token: str, method: str, params: dict[str, Any], request: _Request
    ) -> tuple[int, dict[str, Any]]:
        """Answer one request: (HTTP status, JSON body)."""
        arrived = time.time()
        name = _CANONICAL.get(method.lower(), method)
        injected = False
        try:
            if self.token is not None and token != self.token:
                if not re.fullmatch(r"\d+:[\w-]+", token):
                    raise ApiError(404, "Not Found")
                raise ApiError(401, "Unauthorized")
            if method.lower() not in _CANONICAL:
                raise ApiError(404, "Not Found")
            key = method.lower()
            delay = self.latency + sum(
                seconds for m, seconds in self.method_latency.items() if m.lower() == key
            )
            hang = self._take(self._hangs, key)
            if hang is not None:
                delay += hang.seconds
            if delay > 0:
                await asyncio.sleep(delay)
            fault = self._take(self._faults, key)
            if fault is not None:
                injected = True
                parameters = {"retry_after": fault.retry_after} if fault.status == 429 else None
                raise ApiError(fault.status, fault.description or "", parameters)
            if key == "getupdates":
                result = await self._get_updates(params, request)
            else:
                with self._lock:
                    flood = self.flood if self.flood and self.flood.counts(key) else None
                    chat = _flood_chat(params) if flood else None
                    if flood and chat is not None:
                        injected = True  # Telegram's flood control, not the client's mistake
                        flood.check(chat, time.monotonic())
                        injected = False
                    result = getattr(self, f"_api_{name}")(params)
                    if flood and chat is not None:
                        flood.accepted(chat, time.monotonic())
            status, body = 200, {"ok": True, "result": result}
        except ApiError as error:
            status, body = error.status, error.body()
        except Exception as exc:
            _log.exception("FakeBotAPI failed on %s", name)
            status = 500
            body = ApiError(500, f"Internal Server Error: {exc!r}").body()
        self._record(Call(name, params, arrived, status, body, injected))
        return status, body

    async def _get_updates(self, params: dict[str, Any], request: _Request) -> list[Any]:
        with self._lock:
            if self.webhook_url:
                raise ApiError(
                    409,
                    "Conflict: can't use getUpdates method while webhook is active; "
                    "use deleteWebhook to delete the webhook first",
                )
            offset = _int(params.get("offset", 0), "offset")
            limit = min(max(_int(params.get("limit", 100), "limit"), 1), 100)
            timeout = max(_number(params.get("timeout", 0), "timeout"), 0.0)
            allowed = params.get("allowed_updates")
            if allowed is not None:
                if not isinstance(allowed, list):
                    raise _bad_request("can't parse allowed updates")
                self._allowed_updates = allowed or None
            self._confirm(offset)
        # Telegram ends an older long poll when a newer one arrives.
        for other in self._pollers:
            other.superseded = True
            other.wake.set()
        self._pollers.add(request)
        deadline = time.monotonic() + timeout
        try:
            while True:
                with self._lock:
                    batch = self._deliverable(limit)
                remaining = deadline - time.monotonic()
                if batch or remaining <= 0 or request.closed:
                    return batch
                if request.superseded:
                    raise ApiError(
                        409,
                        "Conflict: terminated by other getUpdates request; make sure that "
                        "only one bot instance is running",
                    )
                request.wake.clear()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(request.wake.wait(), remaining)
        finally:
            self._pollers.discard(request)

    def _confirm(self, offset: int) -> None:
        if offset > 0:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
        elif offset < 0:
            self._updates = self._updates[offset:]

    def _deliverable(self, limit: int) -> list[dict[str, Any]]:
        allowed = self._allowed_updates
        kept = []
        for update in self._updates:
            kind = next((k for k in update if k != "update_id"), "")
            hidden = kind not in allowed if allowed else kind in _UPDATES_HIDDEN_BY_DEFAULT
            if not hidden:
                kept.append(update)
        # Updates of types not asked for are dropped, as Telegram does.
        self._updates = kept
        return kept[:limit]

    # One method each; they run under the lock and return the result or raise ApiError.

    def _api_getMe(self, params: dict[str, Any]) -> dict[str, Any]:
        return dict(self.bot_user)

    def _api_logOut(self, params: dict[str, Any]) -> bool:
        return True

    def _api_close(self, params: dict[str, Any]) -> bool:
        return True

    def _api_setWebhook(self, params: dict[str, Any]) -> bool:
        url = params.get("url") or ""
        if url and not str(url).startswith("https://"):
            raise _bad_request("bad webhook: An HTTPS URL must be provided for webhook")
        self.webhook_url = url
        if params.get("drop_pending_updates"):
            self._updates.clear()
        return True

    def _api_deleteWebhook(self, params: dict[str, Any]) -> bool:
        self.webhook_url = ""
        if params.get("drop_pending_updates"):
            self._updates.clear()
        return True

    def _api_getWebhookInfo(self, params: dict[str, Any]) -> dict[str, Any]:
        info: dict[str, Any] = {
            "url": self.webhook_url,
            "has_custom_certificate": False,
            "pending_update_count": len(self._updates),
        }
        if self._allowed_updates:
            info["allowed_updates"] = list(self._allowed_updates)
        return info

    def _api_sendMessage(self, params: dict[str, Any]) -> dict[str, Any]:
        chat = self._chat(params.get("chat_id"))
        text, entities = _formatted_text(
            params.get("text"), params.get("parse_mode"), params.get("entities")
        )
        markup = validate_reply_markup(params.get("reply_markup"))
        content: dict[str, Any] = {"text": text}
        if entities:
            content["entities"] = entities
        if markup:
            content["reply_markup"] = markup
        if params.get("message_thread_id") is not None:
            content["message_thread_id"] = _int(params["message_thread_id"], "message_thread_id")
            content["is_topic_message"] = True
        self._attach_reply(chat["id"], params, content)
        return self._send(chat, content)

    def _api_sendDocument(self, params: dict[str, Any]) -> dict[str, Any]:
        chat = self._chat(params.get("chat_id"))
        document = params.get("document")
        if isinstance(document, UploadedFile):
            if not document.content:
                raise _bad_request("file must be non-empty")
            described = self._file(
                "document",
                file_name=document.filename,
                mime_type=document.content_type,
                file_size=len(document.content),
            )
            self.files[described["file_id"]] = document
        elif isinstance(document, str) and document:
            described = {"file_id": document, "file_unique_id": f"u{document[:16]}"}
        else:
            raise _bad_request("there is no document in the request")
        content: dict[str, Any] = {"document": described}
        if params.get("caption"):
            caption, entities = _formatted_text(
                params.get("caption"),
                params.get("parse_mode"),
                params.get("caption_entities"),
                limit=MAX_CAPTION_LENGTH,
                allow_empty=True,
                too_long="message caption is too long",
            )
            content["caption"] = caption
            if entities:
                content["caption_entities"] = entities
        markup = validate_reply_markup(params.get("reply_markup"))
        if markup:
            content["reply_markup"] = markup
        self._attach_reply(chat["id"], params, content)
        return self._send(chat, content)

    def _send(self, chat: dict[str, Any], content: dict[str, Any]) -> dict[str, Any]:
        message = self._store_message(chat, self._bot_sender(), content)
        self._bot_messages.append((chat["id"], message["message_id"]))
        return copy.deepcopy(message)

    def _attach_reply(self, chat_id: int, params: dict[str, Any], content: dict[str, Any]) -> None:
        reply = params.get("reply_parameters")
        if reply is None and params.get("reply_to_message_id") is not None:
            reply = {
                "message_id": params["reply_to_message_id"],
                "allow_sending_without_reply": params.get("allow_sending_without_reply", False),
            }
        if reply is None:
            return
        if not isinstance(reply, dict) or "message_id" not in reply:
            raise _bad_request("can't parse reply parameters JSON object")
        target_chat = reply.get("chat_id", chat_id)
        try:
            content["reply_to_message"] = self._replied(
                _int(target_chat, "chat_id"), _int(reply["message_id"], "message_id")
            )
        except LookupError:
            if not reply.get("allow_sending_without_reply"):
                raise _bad_request("message to be replied not found") from None

    def _editable(self, params: dict[str, Any]) -> dict[str, Any]:
        if params.get("inline_message_id"):
            raise _bad_request("MESSAGE_ID_INVALID")
        chat = self._chat(params.get("chat_id"))
        if params.get("message_id") in (None, ""):
            raise _bad_request("message identifier is not specified")
        message_id = _int(params["message_id"], "message_id")
        message = self._messages.get(chat["id"], {}).get(message_id)
        if message is None:
            raise _bad_request("message to edit not found")
        if message["from"]["id"] != self.bot_user["id"]:
            raise _bad_request("message can't be edited")
        return message

    def _api_editMessageText(self, params: dict[str, Any]) -> dict[str, Any]:
        message = self._editable(params)
        text, entities = _formatted_text(
            params.get("text"), params.get("parse_mode"), params.get("entities")
        )
        markup = validate_reply_markup(params.get("reply_markup"), inline_only=True)
        if "text" not in message:
            raise _bad_request("there is no text in the message to edit")
        if (
            message["text"] == text
            and message.get("entities", []) == entities
            and message.get("reply_markup") == markup
        ):
            raise _bad_request(NOT_MODIFIED.removeprefix("Bad Request: "))
        message["text"] = text
        _set_or_drop(message, "entities", entities)
        _set_or_drop(message, "reply_markup", markup)
        message["edit_date"] = int(time.time())
        return copy.deepcopy(message)

    def _api_editMessageReplyMarkup(self, params: dict[str, Any]) -> dict[str, Any]:
        message = self._editable(params)
        markup = validate_reply_markup(params.get("reply_markup"), inline_only=True)
        if message.get("reply_markup") == markup:
            raise _bad_request(NOT_MODIFIED.removeprefix("Bad Request: "))
        _set_or_drop(message, "reply_markup", markup)
        message["edit_date"] = int(time.time())
        return copy.deepcopy(message)

    def _api_answerCallbackQuery(self, params: dict[str, Any]) -> bool:
        query_id = str(params.get("callback_query_id") or "")
        if query_id not in self._open_queries:
            raise _bad_request(QUERY_TOO_OLD.removeprefix("Bad Request: "))
        text = params.get("text")
        if text is not None and len(str(text)) > MAX_CALLBACK_ANSWER_LENGTH:
            raise _bad_request("MESSAGE_TOO_LONG")
        self._open_queries.discard(query_id)
        return True

    def _api_setMyCommands(self, params: dict[str, Any]) -> bool:
        commands = _validate_commands(params.get("commands"))
        key = _scope_key(params.get("scope"), params.get("language_code"))
        self._commands[key] = commands
        return True

    def _api_getMyCommands(self, params: dict[str, Any]) -> list[dict[str, str]]:
        key = _scope_key(params.get("scope"), params.get("language_code"))
        return copy.deepcopy(self._commands.get(key, []))

    def _api_deleteMyCommands(self, params: dict[str, Any]) -> bool:
        self._commands.pop(_scope_key(params.get("scope"), params.get("language_code")), None)
        return True

    def _api_sendChatAction(self, params: dict[str, Any]) -> bool:
        self._chat(params.get("chat_id"))
        if params.get("action") not in _CHAT_ACTIONS:
            raise _bad_request("wrong parameter action in request")
        return True


def _flood_chat(params: dict[str, Any]) -> int | None:
    try:
        return int(params.get("chat_id"))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def _method_key(method: str | None) -> str | None:
    if method is None:
        return None
    key = method.lower()
    if key not in _CANONICAL:
        raise ValueError(f"unknown Bot API method {method!r} (known: {', '.join(METHODS)})")
    return key


def _int(value: Any, name: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise _bad_request(f"wrong parameter {name}") from None


def _number(value: Any, name: str) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        raise _bad_request(f"wrong parameter {name}") from None


def _set_or_drop(message: dict[str, Any], key: str, value: Any) -> None:
    if value:
        message[key] = value
    else:
        message.pop(key, None)


def _formatted_text(
    text: Any,
    parse_mode: Any,
    entities: Any,
    *,
    limit: int = MAX_TEXT_LENGTH,
    allow_empty: bool = False,
    too_long: str = "message is too long",
) -> tuple[str, list[dict[str, Any]]]:
    """Apply parse_mode or explicit entities; check emptiness and length as Telegram does."""
    text = "" if text is None else str(text)
    mode = (parse_mode or "").lower() if isinstance(parse_mode, str) else ""
    if mode == "html":
        try:
            visible, parsed = parse_html(text)
        except EntityParseError as exc:
            raise _bad_request(f"can't parse entities: {exc}") from None
    elif mode in ("", "markdown", "markdownv2"):
        # Markdown is not parsed: its length is counted on the raw text (stricter).
        visible, parsed = text, []
    else:
        raise _bad_request("unsupported parse_mode")
    if entities is not None and not mode:
        if not isinstance(entities, list) or not all(
            isinstance(e, dict) and {"type", "offset", "length"} <= e.keys() for e in entities
        ):
            raise _bad_request("can't parse entities JSON object")
        parsed = entities
    if not visible.strip() and not allow_empty:
        raise _bad_request("message text is empty")
    if len(visible) > limit:
        raise _bad_request(too_long)
    return visible, parsed


def _client_entities(text: str) -> list[dict[str, Any]]:
    """Entities a Telegram client attaches: /commands and @mentions."""
    found = [(m, "bot_command") for m in _COMMAND_ENTITY_RE.finditer(text)]
    found += [(m, "mention") for m in _MENTION_RE.finditer(text)]
    entities = [
        {
            "type": kind,
            "offset": _utf16_len(text[: m.start()]),
            "length": _utf16_len(m.group()),
        }
        for m, kind in found
    ]
    return sorted(entities, key=lambda e: e["offset"])


def _utf16_slice(text: str, offset: int, length: int) -> str:
    encoded = text.encode("utf-16-le")
    return encoded[offset * 2 : (offset + length) * 2].decode("utf-16-le")


# --------------------------------------------------------------------------------------------
# HTTP layer
# --------------------------------------------------------------------------------------------


class _Handler(tornado.web.RequestHandler):
    def initialize(self, fake: FakeBotAPI) -> None:
        self.fake = fake
        self.pending = _Request()

    def compute_etag(self) -> None:
        return None

    def on_connection_close(self) -> None:
        self.pending.closed = True
        self.pending.wake.set()

    async def post(self, token: str, method: str) -> None:
        try:
            params = _decode_request(self.request)
        except (ApiError, ValueError) as exc:
            error = exc if isinstance(exc, ApiError) else _bad_request("can't parse request")
            status, body = error.status, error.body()
            self.fake._record(Call(method, {}, time.time(), status, body))
        else:
            status, body = await self.fake.handle(token, method, params, self.pending)
        if self.pending.closed:
            return
        self.set_status(status)
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps(body, ensure_ascii=False).encode())

    get = post


class _Server(tornado.httpserver.HTTPServer):
    """An HTTPServer that knows its connections' sockets, to drop them all in an outage."""

    def initialize(self, *args: Any, **kwargs: Any) -> None:  # tornado's __init__
        super().initialize(*args, **kwargs)
        self.streams: weakref.WeakSet[tornado.iostream.IOStream] = weakref.WeakSet()

    def handle_stream(self, stream: tornado.iostream.IOStream, address: tuple[Any, ...]) -> None:
        self.streams.add(stream)
        super().handle_stream(stream, address)


class _NotFoundHandler(tornado.web.RequestHandler):
    def prepare(self) -> None:
        self.set_status(404)
        self.set_header("Content-Type", "application/json")
        self.finish(b'{"ok":false,"error_code":404,"description":"Not Found"}')


# --------------------------------------------------------------------------------------------
# Standalone: python -m tests.fakeapi
# --------------------------------------------------------------------------------------------

THAI_QUESTIONS = (
    "ลงนามวันที่เท่าไหร่",
    "ใครเป็นผู้ลงนามฝั่งสถาบันยานยนต์",
    "ลงนามที่ไหน",
    "สาระสำคัญ 5 ด้านมีอะไรบ้าง",
    "เจโทรคือใคร",
    "LOI นี้เกี่ยวกับอะไร",
    "ความร่วมมือด้านบุคลากรมีอะไรบ้าง",
    "มีเรื่องรถยนต์ไฟฟ้าไหม",
    "ผู้ลงนามฝั่งญี่ปุ่นคือใคร",
    "สยย. ย่อมาจากอะไร",
)


class _FeedMonitor:
    """Counts sendMessage replies to the fed chats and reports when every message has one."""

    def __init__(self, pushed: dict[int, int], done: threading.Event) -> None:
        self.pushed = pushed
        self.replied = dict.fromkeys(pushed, 0)
        self.waiting = len(pushed)
        self.first_delivery: float | None = None
        self.first_reply: float | None = None
        self.last_reply: float | None = None
        self.done = done

    def __call__(self, call: Call) -> None:
        if self.done.is_set() or not call.ok:
            return
        if call.method == "getUpdates" and call.result and self.first_delivery is None:
            self.first_delivery = time.time()
        if call.method != "sendMessage":
            return
        chat_id = call.result["chat"]["id"]
        if chat_id not in self.replied:
            return
        now = time.time()
        self.first_reply = self.first_reply or now
        self.last_reply = now
        self.replied[chat_id] += 1
        if self.replied[chat_id] == self.pushed[chat_id]:
            self.waiting -= 1
            if self.waiting == 0:
                self.done.set()

    def summary(self, fake: FakeBotAPI) -> dict[str, Any]:
        replies = sum(min(self.replied[c], self.pushed[c]) for c in self.pushed)
        start = self.first_delivery or self.first_reply
        elapsed = (self.last_reply - start) if (self.last_reply and start) else 0.0
        rejected = fake.rejected
        by_method: dict[str, int] = {}
        for call in fake.calls:
            by_method[call.method] = by_method.get(call.method, 0) + 1
        return {
            "event": "feed_summary",
            "done": self.waiting == 0,
            "pushed": sum(self.pushed.values()),
            "count": replies,
            "chats": len(self.pushed),
            "first_delivery": self.first_delivery,
            "first_reply": self.first_reply,
            "last_reply": self.last_reply,
            "elapsed_s": round(elapsed, 3),
            "replies_per_second": round(replies / elapsed, 1) if elapsed > 0 else None,
            "rejected": len(rejected),
            "rejected_examples": [f"{c.method}: {c.description}" for c in rejected[:5]],
            "calls_by_method": by_method,
        }


def _questions(path: str | None) -> list[str]:
    if path is None:
        return list(THAI_QUESTIONS)
    with open(path, encoding="utf-8") as handle:
        lines = [line.strip() for line in handle if line.strip()]
    if not lines:
        raise SystemExit(f"{path}: no questions")
    return lines


def _feed(fake: FakeBotAPI, count: int, chats: int, questions: list[str]) -> dict[int, int]:
    pushed: dict[int, int] = {}
    rng = random.Random(20220113)
    for number in range(count):
        chat_id = 500_001 + number % chats
        fake.push_message(rng.choice(questions), chat_id=chat_id, first_name=f"ผู้ใช้{chat_id}")
        pushed[chat_id] = pushed.get(chat_id, 0) + 1
    return pushed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tests.fakeapi", description="Run the fake Telegram Bot API server."
    )
    parser.add_argument("--port", type=int, default=8081)
    parser.add_argument("--token", default="123:ABC")
    parser.add_argument("--token-any", action="store_true", help="accept any bot token")
    parser.add_argument("--bot-username", default="tai_jetro_bot")
    parser.add_argument("--latency-ms", type=float, default=0.0)
    parser.add_argument("--privacy-off", action="store_true", help="bot reads all group messages")
    parser.add_argument("--feed", type=int, default=0, metavar="N", help="push N messages at start")
    parser.add_argument("--chats", type=int, default=1, metavar="C", help="spread over C chats")
    parser.add_argument("--questions-file", help="questions, one a line (default: built-in Thai)")
    parser.add_argument("--exit-when-done", action="store_true")
    parser.add_argument(
        "--max-seconds", type=float, default=600.0, help="give up the feed after this long"
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)

    fake = FakeBotAPI(
        None if args.token_any else args.token,
        args.bot_username,
        can_read_all_group_messages=args.privacy_off,
        port=args.port,
        latency=args.latency_ms / 1000,
    )
    done = threading.Event()
    monitor: _FeedMonitor | None = None
    if args.feed > 0:
        chats = max(1, min(args.chats, args.feed))
        pushed = _feed(fake, args.feed, chats, _questions(args.questions_file))
        monitor = _FeedMonitor(pushed, done)
        fake.add_listener(monitor)

    def terminate(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, terminate)
    fake.start()
    print(f"listening on http://127.0.0.1:{fake.port}", flush=True)
    finished = True
    try:
        if monitor is not None:
            finished = done.wait(args.max_seconds)
            print(json.dumps(monitor.summary(fake), ensure_ascii=False), flush=True)
            monitor = None
        if not args.exit_when_done or args.feed <= 0:
            threading.Event().wait()  # serve until interrupted
    except KeyboardInterrupt:
        if monitor is not None:
            print(json.dumps(monitor.summary(fake), ensure_ascii=False), flush=True)
    finally:
        fake.stop()
    return 0 if finished else 1


if __name__ == "__main__":
    sys.exit(main())
