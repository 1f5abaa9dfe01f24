"""The secret behind members' pseudonyms, kept outside the database.

A member is logged as HMAC-SHA256(secret, Telegram id). Whoever holds the secret can try every
Telegram id (about 10¹⁰) in hours and so name every member, so the secret never sits with the
rows: it is ``USER_KEY_SECRET``, or a key file created once beside the database (mode 0600),
which a copy of the database does not contain. Databases of schema 3 and older kept it in their
``meta`` table; it is moved to the key file (the same secret, so every key stays the same) and
erased from the database.

The database keeps only a check value (scrypt of the secret: slow to guess, and useless for
computing a key), so a bot started with another secret (a lost key file, a changed
``USER_KEY_SECRET``) refuses to start instead of quietly giving members new pseudonyms that
no longer match their earlier questions.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import logging
import os
import secrets
import stat
from pathlib import Path

from bot.store.database import Database, StoreError

logger = logging.getLogger("bot.store")

KEY_FILE_NAME = "user_key.secret"
LEGACY_KEY = "user_key_secret"  # where schema 3 and older kept the secret (meta table)
CHECK_KEY = "user_key_check"
KEY_LENGTH = 16  # hex characters of a pseudonym
_CHECK_SALT = b"partnership-assistant/user-key-check"


class UserKeys:
    """Pseudonyms for Telegram ids.

    Args:
        secret: ``USER_KEY_SECRET``; None to use (or create) the key file.
        key_path: the key file, beside the database.
    """

    def __init__(self, secret: str | None, key_path: Path) -> None:
        self._configured = secret
        self._secret = secret
        self.key_path = key_path

    def key(self, user_id: int) -> str:
        """The member's pseudonym: 16 hex characters of HMAC-SHA256(secret, user id).

        Raises:
            StoreError: no secret was given and the log has not been opened yet.
        """
        if self._secret is None:
            raise StoreError("open the question log before asking for user keys")
        digest = hmac.new(self._secret.encode(), str(user_id).encode(), hashlib.sha256)
        return digest.hexdigest()[:KEY_LENGTH]

    async def load(self, db: Database, *, create: bool) -> None:
        """Find the secret; with ``create``, make the key file and move a legacy secret out.

        Without ``create`` (the health check) nothing is written, neither file nor row.

        Raises:
            StoreError: the secret does not match the one the log was written with.
        """
        legacy = await _meta(db, LEGACY_KEY)
        stored_check = await _meta(db, CHECK_KEY)
        if self._configured is None:
            self._secret = read_key_file(self.key_path)
            if self._secret is None and stored_check is not None:
                raise StoreError(
                    f"the user key file {self.key_path} is missing, and the question log "
                    f"{db.path} was written with it: restore it from its backup (see the README)"
                )
            if self._secret is None and create:
                # A legacy secret keeps every pseudonym as it was; else a fresh one.
                self._secret = write_key_file(self.key_path, legacy or secrets.token_hex(32))
            elif legacy is not None and self._secret is not None and legacy != self._secret:
                raise StoreError(
                    f"{self.key_path} and the secret kept inside {db.path} differ; "
                    "keep the one the questions were logged with and remove the other"
                )
        if create and legacy is not None:
            await db.change("DELETE FROM meta WHERE key = ?", (LEGACY_KEY,))
            await db.checkpoint()  # and out of the write-ahead log
            logger.info("the user key secret was moved out of %s", db.path)
        if self._secret is not None:
            await self._check(db, stored_check, create=create)

    async def _check(self, db: Database, stored: str | None, *, create: bool) -> None:
        assert self._secret is not None
        expected = await asyncio.to_thread(check_value, self._secret)
        if stored is None:
            if create:
                await db.change(
                    "INSERT INTO meta (key, value) VALUES (?, ?)", (CHECK_KEY, expected)
                )
            return
        if not hmac.compare_digest(stored, expected):
            where = "USER_KEY_SECRET" if self._configured is not None else str(self.key_path)
            raise StoreError(
                f"the user key secret ({where}) is not the one the question log {db.path} was "
                "written with, so members' earlier questions would no longer be theirs: restore "
                "the old secret (see the README, backups), or to start new pseudonyms on "
                f"purpose delete the '{CHECK_KEY}' row of its meta table"
            )


def check_value(secret: str) -> str:
    """What the database keeps to recognise the secret: scrypt, slow to guess from."""
    digest = hashlib.scrypt(secret.encode(), salt=_CHECK_SALT, n=2**14, r=8, p=1, dklen=32)
    return digest.hex()


def read_key_file(path: Path) -> str | None:
    """The secret in the key file, or None when there is none.

    Raises:
        StoreError: the file exists but cannot be read or is empty.
    """
    try:
        text = path.read_text(encoding="ascii").strip()
        mode = path.stat().st_mode
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise StoreError(f"cannot read the user key file {path}: {exc}") from exc
    if not text:
        raise StoreError(f"the user key file {path} is empty; restore it from a backup")
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        logger.warning("%s can be read by other users; chmod 600 it", path)
    return text


def write_key_file(path: Path, secret: str) -> str:
    """Create the key file (mode 0600) holding ``secret``, durably; never overwrite one.

    Returns:
        The secret now in the file (another process's, if it was quicker).
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return read_key_file(path) or secret
    except OSError as exc:
        raise StoreError(f"cannot create the user key file {path}: {exc}") from exc
    try:
        os.write(fd, secret.encode("ascii") + b"\n")
        os.fsync(fd)
    finally:
        os.close(fd)
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)
    logger.info("created the user key file %s (back it up apart from the database)", path)
    return secret


async def _meta(db: Database, key: str) -> str | None:
    rows = await db.fetch("SELECT value FROM meta WHERE key = ?", (key,))
    return str(rows[0][0]) if rows else None
