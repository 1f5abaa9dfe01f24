"""`python -m bot …`: the members' reply from a shell, the curators' checks, and the bot itself."""

from __future__ import annotations

import argparse
import contextlib
import importlib
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TextIO

from bot import texts
from bot.engine import Answer, Engine
from bot.knowledge import KnowledgeError
from bot.settings import REPO_ROOT, ConfigError, Settings, load_env_file

DEFAULT_EVAL_PATH = REPO_ROOT / "knowledge" / "eval.yaml"
# Modules that add their own sub-commands (admins' review/stats/export, the Telegram bot).
PLUGINS = ("bot.admin_cli", "bot.telegram.cli")
LOG_HELP = (
    "write the questions to the question log (BOT_DB_PATH), marked as console, "
    "for trying review, stats and export"
)


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the command line and run one command; returns the exit code."""
    load_env_file()
    parser = build_parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "func"):
        parser.print_help()
        return 2
    try:
        code: int = args.func(args)
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KnowledgeError as exc:
        print_problems(exc, sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    return code


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bot",
        description="The TAI–JETRO partnership assistant. The FAQ is read from FAQ_PATH "
        "(default knowledge/faq.yaml).",
    )
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")

    ask = sub.add_parser(
        "ask",
        help="print the reply a member would get (stdin: one question a line)",
        description="Print the reply a member would get to a question, as plain text or JSON; "
        "without a question, read one question a line from stdin.",
    )
    ask.add_argument("question", nargs="*", help="the question; none reads stdin")
    ask.add_argument("--json", action="store_true", help="print JSON (JSON Lines for stdin)")
    ask.add_argument(
        "--explain",
        action="store_true",
        help="show every stage's output, the scores and the rule that decided",
    )
    ask.add_argument("--log", action="store_true", help=LOG_HELP)
    ask.set_defaults(func=cmd_ask)

    chat = sub.add_parser(
        "chat",
        help="chat with the bot in this terminal",
        description="A member's chat in the terminal: the commands of Telegram (/start, /help, "
        "/pillars, /about, /source, /quit), numbered choices, follow-ups in context. Reads "
        "stdin line by line when it is a pipe.",
    )
    chat.add_argument("--log", action="store_true", help=LOG_HELP)
    chat.set_defaults(func=cmd_chat)

    add_curator_commands(sub)

    start = sub.add_parser(
        "start",
        help="the Telegram bot when TELEGRAM_BOT_TOKEN is set, else chat",
        description="Run the Telegram bot when TELEGRAM_BOT_TOKEN is set (as `run`), else the "
        "console chat (as `chat`). What `make run` does.",
    )
    start.set_defaults(func=cmd_start)

    health = sub.add_parser(
        "health",
        help="check the FAQ and the database (for HEALTHCHECK)",
        description="Load the FAQ, check that it answers its own first question, and write to "
        "the database; exit 1 when either fails (Docker's HEALTHCHECK).",
    )
    health.set_defaults(func=cmd_health)

    for name in PLUGINS:
        importlib.import_module(name).add_subcommands(sub)
    return parser


def add_curator_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register the curators' ``validate`` and ``eval``."""
    validate = sub.add_parser(
        "validate",
        help="check a FAQ file (curators' lint)",
        description="Check a FAQ file and the knowledge files beside it: errors stop the bot "
        "from loading it, warnings do not. Exit 1 on errors (with --strict, on warnings too).",
    )
    validate.add_argument(
        "path", nargs="?", type=Path, help="default: FAQ_PATH or knowledge/faq.yaml"
    )
    validate.add_argument("--strict", action="store_true", help="fail on warnings too")
    validate.set_defaults(func=cmd_validate)

    ev = sub.add_parser(
        "eval",
        help="run the labelled questions and print the accuracy",
        description="Run the labelled questions through the bot: the misses, the accuracy in "
        "all and per entry, the outcomes. With --against, list every labelled question whose "
        "outcome or entry an edit changes.",
    )
    ev.add_argument(
        "path", nargs="?", type=Path, default=DEFAULT_EVAL_PATH, help="default: knowledge/eval.yaml"
    )
    ev.add_argument(
        "--min-accuracy", type=float, default=None, help="fail below this (0-1), default 0.95"
    )
    ev.add_argument("--json", action="store_true", help="print the report as JSON")
    ev.add_argument(
        "--against",
        metavar="REV",
        help="a git revision (HEAD, main, a commit) or another FAQ file: list every labelled "
        "question answered differently there; exit 1 when one that was right no longer is",
    )
    ev.set_defaults(func=cmd_eval)


def faq_path(args: argparse.Namespace | None = None) -> Path:
    explicit = getattr(args, "path", None) if args is not None else None
    return Path(explicit) if explicit else Settings.from_env().faq_path


def load_engine() -> Engine:
    """The engine for ``FAQ_PATH``, the tokens of its texts cached in ``CACHE_DIR``."""
    settings = Settings.from_env()
    return Engine.load(settings.faq_path, cache_dir=settings.cache_dir)


def print_problems(exc: KnowledgeError, out: TextIO) -> None:
    print(f"✗ {exc.path}: {len(exc.problems)} problem(s)", file=out)
    for problem in exc.problems:
        print(f"  - {problem}", file=out)


def answer_json(answer: Answer) -> dict[str, Any]:
    runner_up = answer.runner_up
    return {
        "question": answer.question,
        "matched": answer.matched,
        "outcome": answer.outcome,
        "id": answer.entry.id if answer.entry else None,
        "score": answer.score,
        "language": answer.language,
        "answer": answer.text,
        "suggestions": [e.id for e in answer.suggestions],
        "runner_up": runner_up.entry.id if runner_up else None,
        "runner_up_score": runner_up.score if runner_up else None,
        "source": answer.entry.source if answer.entry else None,
        "reason": str(answer.reason) if answer.reason else None,
        "verdict": answer.verdict.value if answer.verdict else None,
        "related": [e.id for e in answer.related],
        **({"parts": [answer_json(part) for part in answer.parts]} if answer.parts else {}),
    }


def answer_text(answer: Answer) -> str:
    """The reply as plain text: what a member reads, buttons written as a numbered list."""
    if answer.outcome != "suggested":
        return answer.text
    lines = [answer.text]
    lines += [f"  {i}. {e.title_in(answer.language)}" for i, e in enumerate(answer.suggestions, 1)]
    lines.append(f"  0. {texts.NONE_OF_THESE[answer.language]}")
    return "\n".join(lines)


def cmd_ask(args: argparse.Namespace) -> int:
    engine = load_engine()
    questions: list[str]
    if args.question:
        questions = [" ".join(args.question)]
    else:
        questions = [line.rstrip("\n") for line in sys.stdin]
    with opened_log(args) as log:
        for question in questions:
            answer = engine.ask(question)
            if log is not None:
                log.record(answer)
            if args.json:
                print(json.dumps(answer_json(answer), ensure_ascii=False))
                continue
            print(answer_text(answer))
            if args.explain:
                print(engine.explain(question))
            if len(questions) > 1:
                print()
    return 0


def cmd_chat(args: argparse.Namespace | None, read: Callable[[str], str] | None = None) -> int:
    from bot import console

    engine = load_engine()
    if read is None and not console.enable_line_editing():
        read = console.piped_reader(sys.stdin, sys.stdout)
    with opened_log(args) as log:
        return console.run(console.ChatSession(engine, log), read or input)


def opened_log(args: argparse.Namespace | None) -> contextlib.AbstractContextManager[Any]:
    """The question log when ``--log`` was given (else nothing), said on stderr."""
    if not getattr(args, "log", False):
        return contextlib.nullcontext()
    from bot.console import ConsoleLog

    settings = Settings.from_env()
    print(texts.CONSOLE_LOGGING.format(path=settings.db_path), file=sys.stderr)
    return ConsoleLog.from_settings(settings)


def cmd_validate(args: argparse.Namespace) -> int:
    from bot.lint import lint

    path = faq_path(args)
    report = lint(path)
    for problem in report.errors:
        print(f"  ✗ {problem.display()}")
    for problem in report.warnings:
        print(f"  ! {problem.display()}")
    if not report.ok:
        print(
            f"✗ {path}: ผิด {len(report.errors)} จุด เตือน {len(report.warnings)} จุด"
            " บอทจะไม่โหลดไฟล์นี้จนกว่าจะแก้จุดที่ผิด /"
            f" {len(report.errors)} error(s), {len(report.warnings)} warning(s). Nothing is"
            " loaded until the errors are fixed."
        )
        return 1
    print(
        f"✓ {path}: {report.entries} หัวข้อ, {report.phrasings} วิธีถาม,"
        f" เตือน {len(report.warnings)} จุด / {report.entries} entries,"
        f" {report.phrasings} phrasings, {len(report.warnings)} warning(s)"
    )
    return 1 if args.strict and report.warnings else 0


def cmd_eval(args: argparse.Namespace) -> int:
    from bot.curation import eval_report
    from bot.evaluation import DEFAULT_MIN_ACCURACY, evaluate, load_cases, unknown_ids

    engine = load_engine()
    cases = load_cases(args.path)
    bad = unknown_ids(engine, cases)
    if bad:
        for case in bad:
            print(
                f"  ✗ line {case.line}: '{case.question}' expects '{case.expect}', which is not an entry id"
            )
        return 1
    if args.against:
        return eval_against(args.against, engine, cases)
    report = evaluate(engine, cases)
    threshold = DEFAULT_MIN_ACCURACY if args.min_accuracy is None else args.min_accuracy
    if args.json:
        misses = [{"q": c.question, "expect": c.expect, **answer_json(a)} for c, a in report.misses]
        print(json.dumps(eval_report.report_json(cases, report, misses), ensure_ascii=False))
    else:
        print(eval_report.format_report(cases, report, threshold))
    return 0 if report.accuracy >= threshold else 1


def eval_against(against: str, engine: Engine, cases: list[Any]) -> int:
    """The change report: exit 1 when a labelled question that was right is no longer."""
    from bot.curation.changes import ChangeError, compare, format_changes, load_other

    try:
        before = load_other(against, engine.faq.path or faq_path())
    except ChangeError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    changes = compare(before, engine, cases, engine.clock())
    print(format_changes(changes, len(cases), against, "the working files"))
    return 1 if any(c.kind == "broken" for c in changes) else 0


def cmd_start(args: argparse.Namespace) -> int:
    settings = Settings.from_env()
    if settings.token is None:
        print(texts.CONSOLE_NO_TOKEN, file=sys.stderr)
        return cmd_chat(args)
    from bot.telegram.app import run_bot

    run_bot(settings)
    return 0


def cmd_health(args: argparse.Namespace) -> int:
    import asyncio

    from bot.store import QuestionLog

    settings = Settings.from_env()
    engine = Engine.load(settings.faq_path, cache_dir=settings.cache_dir)
    if engine.ask(engine.faq.entries[0].questions[0]).entry is None:
        print("unhealthy: the FAQ does not answer its own first question", file=sys.stderr)
        return 1

    async def check_db() -> None:
        # Never creates the pseudonyms' key file nor writes a secret: only the bot does.
        log = QuestionLog(
            settings.db_path, user_key_secret=settings.user_key_secret, create_key=False
        )
        await log.open()
        try:
            await log.healthcheck()
        finally:
            await log.close()

    try:
        asyncio.run(check_db())
    except Exception as exc:
        print(f"unhealthy: database {settings.db_path}: {exc}", file=sys.stderr)
        return 1
    print(f"ok: {len(engine.faq)} entries, database {settings.db_path}")
    return 0
