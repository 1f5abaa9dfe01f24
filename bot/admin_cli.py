"""The admins' commands: review the question log, statistics, CSV export, erasure, retention.

`bot.cli` adds these to ``python -m bot`` with :func:`add_subcommands`. Every command reads
its settings from the environment (BOT_DB_PATH, FAQ_PATH, RETENTION_DAYS, USER_KEY_SECRET),
says what went wrong in one line on stderr, and returns the exit code.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import sqlite3
import sys
import unicodedata
from collections.abc import AsyncIterator, Callable, Coroutine
from contextlib import asynccontextmanager
from dataclasses import asdict
from pathlib import Path
from typing import Any

from bot.faq_edit import FaqEditError, PhrasingExistsError, add_phrasing
from bot.knowledge import KnowledgeError
from bot.numbers import MAX_TELEGRAM_ID, NumberError, parse_int
from bot.settings import ConfigError, Settings
from bot.store import LoggedQuestion, QuestionLog, ReviewStatus, Stats, StoreError

Handler = Callable[[argparse.Namespace, Settings], Coroutine[Any, Any, int]]
TEXT_WIDTH = 60
USER_KEY_PATTERN = re.compile(r"^[0-9a-f]{16}$")
_ESCAPED_CATEGORIES = {"Cc", "Cf", "Zl", "Zp", "Cs"}
# Outcomes where no entry answered: the MATCHED column stays empty though the log keeps the
# closest entry (for curators, in the export).
UNMATCHED = frozenset({"declined", "unanswered", "expired"})


class CommandError(Exception):
    """A failure the admin can fix; printed as one line, exiting with ``code``."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


def add_subcommands(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register the admins' commands (review, stats, export, forget-user, purge).

    Args:
        subparsers: the ``add_subparsers()`` of the main parser; every command sets ``func``,
            which takes the parsed arguments and returns the exit code.
    """
    add_review(subparsers)

    stats = subparsers.add_parser(
        "stats",
        help="questions, outcomes and feedback per period",
        description="How many questions were asked, answered, suggested, declined, marked "
        "'none of these', the feedback, the top entries and declined questions, per day.",
    )
    stats.add_argument(
        "--days", type=_non_negative, default=7, help="last N days (default 7; 0: all)"
    )
    stats.add_argument("--json", action="store_true", help="print JSON")
    stats.set_defaults(func=command(show_stats))

    export = subparsers.add_parser(
        "export",
        help="all logged questions as CSV (for Excel)",
        description="Write every logged question as CSV (UTF-8 with BOM, so Excel shows Thai).",
    )
    export.add_argument("-o", "--output", type=Path, help="write to FILE (default: stdout)")
    export.set_defaults(func=command(export_csv))

    forget = subparsers.add_parser(
        "forget-user",
        help="delete every question of one member (PDPA erasure request)",
        description="Delete every logged question of one member, named by the user key in "
        "the export or by the Telegram user id (a PDPA erasure request).",
    )
    who = forget.add_mutually_exclusive_group(required=True)
    who.add_argument("user_key", nargs="?", help="the member's user key (as in the export)")
    who.add_argument(
        "--telegram-id", type=_telegram_id, help="the member's Telegram user id instead"
    )
    forget.set_defaults(func=command(forget_user))

    retention = subparsers.add_parser(
        "purge",
        help="delete questions older than RETENTION_DAYS (the bot does this daily)",
        description="Delete the logged questions older than RETENTION_DAYS now (the running "
        "bot does it once a day).",
    )
    retention.set_defaults(func=command(purge))


def add_review(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``review`` and its actions (resolve, ignore, assign)."""
    review = subparsers.add_parser(
        "review",
        help="list the questions the bot could not answer well (and act on them)",
        usage="%(prog)s [-h] [--limit LIMIT] [--all] [ACTION ID ...]",
        description="Without an action: list the open questions that were declined, only got "
        "suggestions, were marked 'none of these', scored low, or got a thumbs down.",
    )
    review.add_argument("--limit", type=_positive, default=10, help="at most N (default 10)")
    review.add_argument(
        "--all", action="store_true", help="list the latest questions, whatever their state"
    )
    review.set_defaults(func=command(review_list))
    # The actions are optional: their usage is the parent's name alone, not its whole usage.
    actions = review.add_subparsers(title="actions", metavar="ACTION", prog=review.prog)
    resolve = actions.add_parser(
        "resolve",
        help="mark a question as dealt with",
        description="Mark a question of the review queue as dealt with.",
    )
    resolve.add_argument("id", help="the question id (first column of 'review')")
    resolve.set_defaults(func=command(review_resolve))
    ignore = actions.add_parser(
        "ignore",
        help="drop a question from the queue for good",
        description="Drop a question from the review queue for good.",
    )
    ignore.add_argument("id", help="the question id")
    ignore.set_defaults(func=command(review_ignore))
    assign = actions.add_parser(
        "assign",
        help="add the question to an entry's phrasings in the FAQ file",
        description="Add the question's text to an entry's phrasings in the FAQ file, after "
        "checking that the FAQ would then answer it with that entry; refused when it would go "
        "to another entry or looks out of scope, unless --force.",
    )
    assign.add_argument("id", help="the question id")
    assign.add_argument("entry_id", help="the FAQ entry that answers it")
    assign.add_argument(
        "--force",
        action="store_true",
        help="add it even when the check says it would go elsewhere or looks out of scope",
    )
    assign.set_defaults(func=command(review_assign))


def command(handler: Handler) -> Callable[[argparse.Namespace], int]:
    """Turn an async handler into ``func(args) -> exit code`` with one-line errors."""

    def run(args: argparse.Namespace) -> int:
        try:
            settings = Settings.from_env()
            return asyncio.run(handler(args, settings))
        except ConfigError as exc:
            return _fail(str(exc), 2)
        except CommandError as exc:
            return _fail(str(exc), exc.code)
        except KnowledgeError as exc:
            return _fail(f"{exc} (the FAQ file was not changed)", 1)
        except (StoreError, FaqEditError) as exc:
            return _fail(str(exc), 1)
        except (sqlite3.Error, OSError) as exc:
            return _fail(f"{type(exc).__name__}: {exc}", 1)

    run.__name__ = handler.__name__
    run.__doc__ = handler.__doc__
    return run


@asynccontextmanager
async def open_log(settings: Settings) -> AsyncIterator[QuestionLog]:
    """The bot's question log; an error (not a new empty file) when there is none yet."""
    path = settings.db_path
    if not path.is_file():
        raise CommandError(
            f"no question log at {path} yet (the bot creates it with the first question; "
            "set BOT_DB_PATH if it lives elsewhere)"
        )
    async with QuestionLog(path, user_key_secret=settings.user_key_secret) as log:
        yield log


async def review_list(args: argparse.Namespace, settings: Settings) -> int:
    """Print the review queue (or, with --all, the latest questions) as a table."""
    async with open_log(settings) as log:
        waiting: int | None = None
        if args.all:
            rows = await log.recent(limit=args.limit)
        else:
            rows = await log.review_queue(limit=args.limit)
            waiting = await log.review_count()
    if not rows:
        print("Nothing to review." if waiting is not None else "No questions logged yet.")
        return 0
    print(format_table(rows))
    if waiting is not None:
        print(f"\n{len(rows)} of {waiting} waiting for review. Act on one with:")
        print("  review resolve ID | review ignore ID | review assign ID ENTRY_ID")
    return 0


async def review_resolve(args: argparse.Namespace, settings: Settings) -> int:
    """Mark a question as resolved."""
    return await _set_status(args.id, "resolved", settings)


async def review_ignore(args: argparse.Namespace, settings: Settings) -> int:
    """Drop a question from the review queue for good."""
    return await _set_status(args.id, "ignored", settings)


async def review_assign(args: argparse.Namespace, settings: Settings) -> int:
    """Check where the question would then go, add its text to an entry's phrasings, then
    mark it assigned."""
    async with open_log(settings) as log:
        question = await _existing(log, args.id)
        check_assignment(settings.faq_path, args.entry_id, question.text, force=args.force)
        try:
            add_phrasing(settings.faq_path, args.entry_id, question.text)
            print(f"✓ added {visible(question.text)!r} to '{args.entry_id}' in {settings.faq_path}")
        except PhrasingExistsError as exc:
            print(f"· {exc}")
        await log.set_review_status(question.id, "assigned", args.entry_id)
    print(f"✓ {question.id} assigned to '{args.entry_id}'")
    return 0


def check_assignment(faq_path: Path, entry_id: str, text: str, *, force: bool) -> None:
    """Refuse (unless ``force``) a phrasing that would go elsewhere or looks out of scope."""
    from bot.curation.changes import assignment_problems

    problems = assignment_problems(faq_path, entry_id, text)
    if not problems:
        print(f"✓ check: it would then be answered by '{entry_id}'")
        return
    for problem in problems:
        print(f"{'!' if force else '✗'} {problem}", file=sys.stderr)
    if not force:
        raise CommandError(
            f"not added to '{entry_id}' (the FAQ file was not changed); add --force to add it"
        )


async def show_stats(args: argparse.Namespace, settings: Settings) -> int:
    """Print the statistics of the last --days days."""
    async with open_log(settings) as log:
        stats = await log.stats(days=args.days)
    if args.json:
        print(json.dumps(asdict(stats), ensure_ascii=False, indent=2))
    else:
        print(format_stats(stats))
    return 0


async def export_csv(args: argparse.Namespace, settings: Settings) -> int:
    """Write every logged question as CSV to --output or stdout."""
    async with open_log(settings) as log:
        data = await log.export_csv()
    if args.output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return 0
    # Members' questions: readable by the owner only.
    fd = os.open(args.output, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    print(f"✓ wrote {args.output} (CSV, UTF-8)", file=sys.stderr)
    return 0


async def forget_user(args: argparse.Namespace, settings: Settings) -> int:
    """Delete every question of one member."""
    key = args.user_key
    if key is not None and not USER_KEY_PATTERN.match(key):
        raise CommandError(f"{key!r} is not a user key (16 characters 0-9 a-f)", 2)
    async with open_log(settings) as log:
        if key is None:
            key = log.user_key(args.telegram_id)
        deleted = await log.forget_user(key)
    print(f"✓ deleted {deleted} question(s) of user {key}")
    return 0


async def purge(args: argparse.Namespace, settings: Settings) -> int:
    """Delete the questions older than RETENTION_DAYS."""
    days = settings.retention_days
    if days == 0:
        print("RETENTION_DAYS is 0: questions are kept for good; nothing deleted")
        return 0
    async with open_log(settings) as log:
        deleted = await log.purge_older_than(days)
    print(f"✓ deleted {deleted} question(s) older than {days} days")
    return 0


def format_table(rows: list[LoggedQuestion]) -> str:
    """Questions as a fixed-width table: id, time, outcome, score, matched entry, text."""
    header = ("ID", "TIME (UTC)", "OUTCOME", "SCORE", "MATCHED", "TEXT")
    lines = [header]
    for row in rows:
        lines.append(
            (
                row.id,
                row.created_at.strftime("%Y-%m-%d %H:%M"),
                row.outcome + (" 👎" if row.feedback == "down" else ""),
                f"{row.score:.0f}",
                visible((row.outcome not in UNMATCHED and row.matched_id) or "-"),
                shorten(visible(row.text), TEXT_WIDTH),
            )
        )
    widths = [max(len(line[i]) for line in lines) for i in range(len(header) - 1)]
    out = []
    for line in lines:
        cells = [
            cell.rjust(w) if i == 3 else cell.ljust(w)
            for i, (cell, w) in enumerate(zip(line[:-1], widths, strict=True))
        ]
        out.append("  ".join([*cells, line[-1]]).rstrip())
    return "\n".join(out)


def format_stats(stats: Stats) -> str:
    """The statistics as a few lines of text."""
    period = f"the last {stats.days} days" if stats.days else "all time"
    lines = [
        f"Questions in {period}: {stats.total}",
        f"  answered    {stats.answered:6}  ({stats.answered_rate:.0%})",
        f"  suggested   {stats.suggested:6}",
        f"  declined    {stats.declined:6}",
        f"  none fitted {stats.unanswered:6}",
        f"  not stated  {stats.not_stated:6}",
        f"  feedback    {stats.feedback_up:6} up, {stats.feedback_down} down",
    ]
    if stats.top_entries:
        lines.append("Most answered entries:")
        lines += [f"  {count:6}  {entry}" for entry, count in stats.top_entries]
    if stats.top_declined:
        lines.append("Most asked without an answer:")
        lines += [
            f"  {count:6}  {shorten(visible(text), TEXT_WIDTH)}"
            for text, count in stats.top_declined
        ]
    if stats.top_not_stated:
        lines.append("Most asked of what the article does not say:")
        lines += [
            f"  {count:6}  {shorten(visible(text), TEXT_WIDTH)}"
            for text, count in stats.top_not_stated
        ]
    if stats.per_day:
        lines.append("Per day (UTC): questions, answered")
        lines += [f"  {day}  {total:6}  {answered:6}" for day, total, answered in stats.per_day]
    return "\n".join(lines)


def visible(text: str) -> str:
    """``text`` safe for a terminal: control, format and line-separator characters escaped.

    A question could carry escape sequences or right-to-left overrides; printed raw they could
    rewrite the admin's screen.
    """
    return "".join(
        ch.encode("unicode_escape").decode("ascii")
        if unicodedata.category(ch) in _ESCAPED_CATEGORIES
        else ch
        for ch in text
    )


def shorten(text: str, width: int) -> str:
    """``text`` cut to ``width`` characters, an ellipsis marking the cut."""
    return text if len(text) <= width else text[: width - 1] + "…"


async def _set_status(question_id: str, status: ReviewStatus, settings: Settings) -> int:
    async with open_log(settings) as log:
        question = await _existing(log, question_id)
        await log.set_review_status(question.id, status)
    print(f"✓ {question.id} {status}")
    return 0


async def _existing(log: QuestionLog, question_id: str) -> LoggedQuestion:
    question = await log.get(question_id)
    if question is None:
        raise CommandError(f"no question has the id {visible(question_id)!r} (see 'review')")
    return question


def _fail(message: str, code: int) -> int:
    print(f"error: {message}", file=sys.stderr)
    return code


MAX_COUNT = 1_000_000  # --limit
MAX_DAYS = 3650  # --days


def _positive(raw: str) -> int:
    return _whole(raw, "a count", 1, MAX_COUNT)


def _non_negative(raw: str) -> int:
    return _whole(raw, "a number of days", 0, MAX_DAYS)


def _telegram_id(raw: str) -> int:
    return _whole(raw, "a Telegram user id", 1, MAX_TELEGRAM_ID)


def _whole(raw: str, name: str, minimum: int, maximum: int) -> int:
    try:
        return parse_int(raw, name=name, minimum=minimum, maximum=maximum)
    except NumberError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
