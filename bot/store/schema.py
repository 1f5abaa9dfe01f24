"""The log's schema: its migrations, the statements of the write path, and opening a file.

Each migration is a list of statements run in one transaction; ``PRAGMA user_version`` counts
how many have been applied. Append new ones; never edit one that has shipped.
"""

from __future__ import annotations

import logging

import aiosqlite

from bot.store.database import StoreError, rollback
from bot.store.rows import COLUMNS

logger = logging.getLogger("bot.store")

MIGRATIONS: tuple[tuple[str, ...], ...] = (
    # 1: the question log.
    (
        """CREATE TABLE questions (
            id TEXT PRIMARY KEY,
            created_at TEXT NOT NULL,
            chat_type TEXT NOT NULL,
            user_key TEXT NOT NULL,
            text TEXT NOT NULL,
            language TEXT NOT NULL CHECK (language IN ('th', 'en')),
            matched_id TEXT,
            score REAL NOT NULL,
            runner_up_id TEXT,
            runner_up_score REAL,
            outcome TEXT NOT NULL
                CHECK (outcome IN ('answered', 'suggested', 'declined', 'unanswered')),
            feedback TEXT CHECK (feedback IN ('up', 'down'))
        )""",
        "CREATE INDEX questions_created_at ON questions (created_at)",
        "CREATE INDEX questions_user_key ON questions (user_key)",
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    ),
    # 2: the admins' review of questions.
    (
        """ALTER TABLE questions ADD COLUMN review_status TEXT NOT NULL DEFAULT 'open'
            CHECK (review_status IN ('open', 'resolved', 'ignored', 'assigned'))""",
        "ALTER TABLE questions ADD COLUMN assigned_id TEXT",
        "CREATE INDEX questions_review ON questions (review_status, created_at)",
    ),
    # 3: the outcomes not-stated and expired; why the engine decided (reason), its verdict on a
    # yes/no check, and the parts of a message that asked several things (JSON). SQLite cannot
    # change a CHECK constraint in place: the table is rebuilt.
    (
        """CREATE TABLE questions_v3 (
            id TEXT PRIMARY KEY,
            created_at TEXT NOT NULL,
            chat_type TEXT NOT NULL,
            user_key TEXT NOT NULL,
            text TEXT NOT NULL,
            language TEXT NOT NULL CHECK (language IN ('th', 'en')),
            matched_id TEXT,
            score REAL NOT NULL,
            runner_up_id TEXT,
            runner_up_score REAL,
            outcome TEXT NOT NULL CHECK (outcome IN
                ('answered', 'suggested', 'declined', 'not-stated', 'unanswered', 'expired')),
            feedback TEXT CHECK (feedback IN ('up', 'down')),
            review_status TEXT NOT NULL DEFAULT 'open'
                CHECK (review_status IN ('open', 'resolved', 'ignored', 'assigned')),
            assigned_id TEXT,
            reason TEXT,
            verdict TEXT CHECK (verdict IN ('yes', 'no', 'not-stated')),
            parts TEXT
        )""",
        """INSERT INTO questions_v3 (id, created_at, chat_type, user_key, text, language,
            matched_id, score, runner_up_id, runner_up_score, outcome, feedback, review_status,
            assigned_id)
           SELECT id, created_at, chat_type, user_key, text, language, matched_id, score,
            runner_up_id, runner_up_score, outcome, feedback, review_status, assigned_id
           FROM questions""",
        "DROP TABLE questions",
        "ALTER TABLE questions_v3 RENAME TO questions",
        "CREATE INDEX questions_created_at ON questions (created_at)",
        "CREATE INDEX questions_user_key ON questions (user_key)",
        "CREATE INDEX questions_review ON questions (review_status, created_at)",
    ),
    # 4: the inbox. Every update is kept here from the moment it is received until its reply
    # was sent and its question logged (done_at set, payload erased), so a crash or a stop
    # loses none; done rows stay a while so an update delivered twice is handled once.
    (
        """CREATE TABLE inbox (
            update_id INTEGER PRIMARY KEY,
            received_at TEXT NOT NULL,
            question_id TEXT NOT NULL,
            payload TEXT,
            done_at TEXT
        )""",
        "CREATE INDEX inbox_unfinished ON inbox (received_at, update_id) WHERE done_at IS NULL",
        "CREATE INDEX inbox_done ON inbox (done_at) WHERE done_at IS NOT NULL",
    ),
)

SELECT_QUESTIONS = f"SELECT {', '.join(COLUMNS)} FROM questions"

# The write path's statements, by the name an operation carries in the queue and in the spill
# file. Each is safe to apply twice (a spill file replayed again after a crash changes nothing).
WRITES: dict[str, str] = {
    "question": (
        f"INSERT INTO questions ({', '.join(COLUMNS)})"
        f" VALUES ({', '.join('?' for _ in COLUMNS)}) ON CONFLICT (id) DO NOTHING"
    ),
    "feedback": "UPDATE questions SET feedback = ? WHERE id = ? AND user_key = ?",
    "unanswered": "UPDATE questions SET outcome = 'unanswered' WHERE id = ? AND user_key = ?",
    "inbox": (
        "INSERT INTO inbox (update_id, received_at, question_id, payload) VALUES (?, ?, ?, ?)"
        " ON CONFLICT (update_id) DO NOTHING"
    ),
    "done": "UPDATE inbox SET done_at = ?, payload = NULL WHERE update_id = ?",
}
# Operations whose loss a power cut must not cause: committed with synchronous=FULL.
FULL_SYNC = frozenset({"inbox"})


async def prepare(db: aiosqlite.Connection, path: object, busy_timeout_ms: int) -> None:
    """Set the connection's PRAGMAs and bring the schema up to date (writing only if needed).

    Raises:
        StoreError: the file is from a newer bot.
        sqlite3.Error: it cannot be read, or a needed migration cannot be written.
    """
    # PRAGMAs take no parameters; the only value formatted in is our own integer.
    await db.execute(f"PRAGMA busy_timeout = {busy_timeout_ms:d}")
    async with db.execute("PRAGMA journal_mode = WAL") as cursor:
        row = await cursor.fetchone()
    if row is None or str(row[0]).lower() != "wal":
        logger.warning("the question log %s is not in WAL mode (%s)", path, row)
    await db.execute("PRAGMA synchronous = NORMAL")
    # Deleted rows (forget_user, purge, a moved secret) are overwritten, not just unlinked.
    await db.execute("PRAGMA secure_delete = ON")
    version = await user_version(db)
    if version > len(MIGRATIONS):
        raise StoreError(
            f"the question log {path} is schema version {version}, newer than this "
            f"bot knows ({len(MIGRATIONS)}); upgrade the bot"
        )
    if version == len(MIGRATIONS):
        return  # nothing to write: a full or read-only disk still lets the bot start
    await db.execute("BEGIN IMMEDIATE")
    try:
        for statements in MIGRATIONS[version:]:
            for statement in statements:
                await db.execute(statement)
        await db.execute(f"PRAGMA user_version = {len(MIGRATIONS):d}")
        await db.execute("COMMIT")
    except BaseException:
        await rollback(db)
        raise
    logger.info("question log schema: version %d -> %d", version, len(MIGRATIONS))


async def user_version(db: aiosqlite.Connection) -> int:
    """The number of migrations applied to the file."""
    async with db.execute("PRAGMA user_version") as cursor:
        row = await cursor.fetchone()
    return int(row[0]) if row else 0
