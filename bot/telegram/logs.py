"""Logging for the bot process: one configuration, the token and members' data kept out.

python-telegram-bot and httpx put request URLs, which contain the bot token, into log records
and exception messages; :class:`RedactToken` rewrites any record holding it. At DEBUG,
python-telegram-bot logs every update and every request's parameters: members' texts, names
and Telegram ids. :class:`HideMemberData` drops the details of DEBUG records from every logger
that is not known to leave them out, unless ``LOG_TEXTS=1`` (for a developer's own test chat).
"""

from __future__ import annotations

import logging

REDACTED = "<token>"
# Loggers whose DEBUG records never carry a member's text, name or id.
SAFE_LOGGERS = ("bot.store", "bot.telegram")
HIDDEN = " [details hidden: LOG_TEXTS=1 shows them]"


class RedactToken(logging.Filter):
    """Replaces the bot token in a record's message and traceback.

    Args:
        token: the secret to hide.
    """

    def __init__(self, token: str) -> None:
        super().__init__()
        self.token = token

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a malformed record: logging reports it itself
            return True
        if self.token in message:
            record.msg = message.replace(self.token, REDACTED)
            record.args = None
        if record.exc_info and not record.exc_text:
            # Format the traceback now, so the handler prints the redacted copy.
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text and self.token in record.exc_text:
            record.exc_text = record.exc_text.replace(self.token, REDACTED)
        return True


class HideMemberData(logging.Filter):
    """Keeps the values of DEBUG records out of the log, but for :data:`SAFE_LOGGERS`.

    The record's message template stays (``Calling Bot API endpoint `%s` with parameters
    `%s```), so a developer still sees what happened, not to whom or with which words.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno >= logging.INFO or record.name.startswith(SAFE_LOGGERS):
            return True
        if record.args:
            record.msg = f"{record.msg}{HIDDEN}"
            record.args = None
        return True


def configure_logging(level: str, token: str | None, *, log_texts: bool = False) -> None:
    """Log to stderr at ``level``; httpx at WARNING; the token (and members' data) kept out.

    Args:
        level: DEBUG, INFO, WARNING or ERROR.
        token: the bot token, redacted wherever it would appear.
        log_texts: let DEBUG records show members' texts, names and ids (LOG_TEXTS=1).
    """
    logging.basicConfig(
        format="%(asctime)s %(levelname)s %(name)s: %(message)s", level=level.upper()
    )
    # httpx logs every request URL at INFO, and the URL holds the token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    if token:
        install_redaction(token)
    if not log_texts:
        for handler in logging.getLogger().handlers:
            if not any(isinstance(f, HideMemberData) for f in handler.filters):
                handler.addFilter(HideMemberData())


def install_redaction(token: str) -> None:
    """Add the token filter to every handler of the root logger (once)."""
    for handler in logging.getLogger().handlers:
        if not any(isinstance(f, RedactToken) and f.token == token for f in handler.filters):
            handler.addFilter(RedactToken(token))
