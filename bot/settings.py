"""The one place that reads configuration: a frozen settings object built from the environment."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from bot.numbers import MAX_TELEGRAM_ID, NumberError, parse_int

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_FAQ_PATH = REPO_ROOT / "knowledge" / "faq.yaml"
DEFAULT_DB_PATH = REPO_ROOT / "data" / "questions.sqlite3"
DEFAULT_BASE_URL = "https://api.telegram.org/bot"
ENV_FILE = ".env"
CACHE_NAME = "partnership-bot"  # the folder of the token cache in the user's cache directory
CACHE_OFF = {"0", "off", "none"}


class ConfigError(Exception):
    """A missing or malformed setting; its message is one line meant for the operator."""


@dataclass(frozen=True)
class Settings:
    """Everything the bot is configured with. Build it with :meth:`from_env`."""

    token: str | None = field(default=None, repr=False)  # never printed
    base_url: str = DEFAULT_BASE_URL
    admin_ids: frozenset[int] = frozenset()
    db_path: Path = DEFAULT_DB_PATH
    faq_path: Path = DEFAULT_FAQ_PATH
    retention_days: int = 365
    rate_limit: bool = True
    concurrency: int = 16
    flood_limit: int = 5  # questions per user ...
    flood_window: float = 10.0  # ... in this many seconds
    faq_poll_seconds: float = 2.0
    user_key_secret: str | None = field(default=None, repr=False)
    webhook_url: str | None = None
    webhook_secret: str | None = field(default=None, repr=False)
    webhook_listen: str = "0.0.0.0"
    webhook_port: int = 8443
    log_level: str = "INFO"
    log_texts: bool = False  # members' texts, names and ids in DEBUG logs (never by default)
    inbox_max_age_hours: float = 24.0  # updates older than this are logged "expired", unanswered
    shutdown_seconds: float = 8.0  # at a stop, how long updates in flight get to finish
    conversation_ttl: float = 300.0  # seconds of silence after which a chat's topic is forgotten
    conversation_capacity: int = 10_000  # chats (and group threads) whose topic is remembered
    today: date | None = None  # the date answers are computed for (BOT_TODAY); None: the real one
    cache_dir: Path | None = None  # the token cache (CACHE_DIR); None: no cache

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """Read the settings from ``env`` (default ``os.environ``).

        Raises:
            ConfigError: a value is present but malformed.
        """
        env = os.environ if env is None else env

        def get(name: str) -> str | None:
            value = unquoted(env.get(name, "").strip())
            return value or None

        token = get("TELEGRAM_BOT_TOKEN")
        if token is not None and (":" not in token or any(c.isspace() for c in token)):
            raise ConfigError(
                "TELEGRAM_BOT_TOKEN does not look like a bot token (expected '<digits>:<secret>')"
            )
        base_url = get("TELEGRAM_BASE_URL") or DEFAULT_BASE_URL
        if not base_url.startswith(("http://", "https://")):
            raise ConfigError(
                "TELEGRAM_BASE_URL must start with http:// or https:// "
                "(e.g. http://127.0.0.1:8081/bot)"
            )
        webhook_url = get("WEBHOOK_URL")
        if webhook_url is not None and not webhook_url.startswith("https://"):
            raise ConfigError("WEBHOOK_URL must be an https:// address that Telegram can reach")
        log_level = (get("LOG_LEVEL") or "INFO").upper()
        if log_level not in {"DEBUG", "INFO", "WARNING", "ERROR"}:
            raise ConfigError("LOG_LEVEL must be one of DEBUG, INFO, WARNING, ERROR")
        return cls(
            token=token,
            base_url=base_url,
            admin_ids=_parse_ids(get("ADMIN_IDS")),
            db_path=Path(get("BOT_DB_PATH") or DEFAULT_DB_PATH),
            faq_path=Path(get("FAQ_PATH") or DEFAULT_FAQ_PATH),
            retention_days=_parse_int(get("RETENTION_DAYS"), "RETENTION_DAYS", 365, 0, 36500),
            rate_limit=_parse_bool(get("RATE_LIMIT"), "RATE_LIMIT", True),
            concurrency=_parse_int(get("CONCURRENCY"), "CONCURRENCY", 16, 1, 64),
            flood_limit=_parse_int(get("FLOOD_LIMIT"), "FLOOD_LIMIT", 5, 0, 10_000),
            flood_window=float(_parse_int(get("FLOOD_WINDOW"), "FLOOD_WINDOW", 10, 1, 86_400)),
            faq_poll_seconds=float(
                _parse_int(get("FAQ_POLL_SECONDS"), "FAQ_POLL_SECONDS", 2, 0, 86_400)
            ),
            user_key_secret=get("USER_KEY_SECRET"),
            webhook_url=webhook_url,
            webhook_secret=get("WEBHOOK_SECRET"),
            webhook_listen=get("WEBHOOK_LISTEN") or "0.0.0.0",
            webhook_port=_parse_int(get("WEBHOOK_PORT"), "WEBHOOK_PORT", 8443, 1, 65535),
            log_level=log_level,
            log_texts=_parse_bool(get("LOG_TEXTS"), "LOG_TEXTS", False),
            inbox_max_age_hours=float(
                _parse_int(get("INBOX_MAX_AGE_HOURS"), "INBOX_MAX_AGE_HOURS", 24, 1, 24 * 365)
            ),
            shutdown_seconds=float(
                _parse_int(get("SHUTDOWN_SECONDS"), "SHUTDOWN_SECONDS", 8, 1, 3600)
            ),
            conversation_ttl=float(
                _parse_int(get("CONVERSATION_TTL"), "CONVERSATION_TTL", 300, 1, 86_400)
            ),
            conversation_capacity=_parse_int(
                get("CONVERSATION_CAPACITY"), "CONVERSATION_CAPACITY", 10_000, 1, 1_000_000
            ),
            today=_parse_date(get("BOT_TODAY"), "BOT_TODAY"),
            cache_dir=cache_dir_from(env),
        )

    def require_token(self) -> str:
        """The bot token, or a ConfigError saying how to set it."""
        if self.token is None:
            raise ConfigError("TELEGRAM_BOT_TOKEN is not set (ask @BotFather for one)")
        return self.token


def cache_dir_from(env: Mapping[str, str]) -> Path | None:
    """Where the tokens of the FAQ's texts are cached (``CACHE_DIR``; ``off`` for nowhere).

    By default the user's cache directory (``$XDG_CACHE_HOME``, else ``~/.cache``); None
    when there is no home to put it in.
    """
    value = unquoted(env.get("CACHE_DIR", "").strip())
    if value.lower() in CACHE_OFF:
        return None
    if value:
        return Path(value)
    base = unquoted(env.get("XDG_CACHE_HOME", "").strip())
    if base:
        return Path(base) / CACHE_NAME
    try:
        return Path.home() / ".cache" / CACHE_NAME
    except RuntimeError:  # no HOME and no entry in the password database
        return None


def unquoted(value: str) -> str:
    """A value without the quotes around it (``"123, 456"`` → ``123, 456``).

    python-dotenv takes them off what ``.env`` says, but Docker's ``--env-file`` and some
    service managers pass them on as part of the value.

    >>> unquoted('"123, 456"'), unquoted("'x'"), unquoted('"half')
    ('123, 456', 'x', '"half')
    """
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1].strip()
    return value


def load_env_file(path: Path | None = None) -> Path | None:
    """Read ``.env`` (in the current directory, else beside the code) into the environment.

    A variable already set in the environment wins over the file. Returns the file read, or
    None when there is none.
    """
    from dotenv import load_dotenv

    candidates = [path] if path is not None else [Path.cwd() / ENV_FILE, REPO_ROOT / ENV_FILE]
    for candidate in candidates:
        if candidate.is_file():
            load_dotenv(candidate, override=False)
            return candidate
    return None


def _parse_ids(raw: str | None) -> frozenset[int]:
    if raw is None:
        return frozenset()
    ids = set()
    for part in raw.replace(";", ",").split(","):
        if not part.strip():
            continue
        try:
            ids.add(parse_int(part, name="an admin id", minimum=1, maximum=MAX_TELEGRAM_ID))
        except NumberError as exc:
            raise ConfigError(
                f"ADMIN_IDS must be Telegram user ids separated by commas: {exc}"
            ) from None
    return frozenset(ids)


def _parse_int(raw: str | None, name: str, default: int, minimum: int, maximum: int) -> int:
    if raw is None:
        return default
    try:
        return parse_int(raw, name=name, minimum=minimum, maximum=maximum)
    except NumberError as exc:
        raise ConfigError(str(exc)) from None


def _parse_date(raw: str | None, name: str) -> date | None:
    if raw is None:
        return None
    try:
        # fromisoformat also takes 20221201 and 2022-W01-1: only the one written form is meant.
        if len(raw) != len("YYYY-MM-DD") or raw[4] != "-" or raw[7] != "-":
            raise ValueError(raw)
        return date.fromisoformat(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a date written YYYY-MM-DD, got {raw!r}") from None


def _parse_bool(raw: str | None, name: str, default: bool) -> bool:
    if raw is None:
        return default
    lowered = raw.lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ConfigError(f"{name} must be 1 or 0 (true/false), got {raw!r}")
