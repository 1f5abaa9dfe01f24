"""Telegram rendering for admins: review items and their buttons, the entry picker, statistics.

Every question text is a member's: its control and bidi characters are shown as escapes (a
U+202E would turn the rest of the admin's line around), and it is HTML-escaped; so are entry
titles and ids.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import timedelta, timezone

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot import texts
from bot.controls import neutralise
from bot.engine import Candidate
from bot.knowledge import FAQ
from bot.store import LoggedQuestion, Stats
from bot.telegram import callbacks
from bot.telegram.formatting import MAX_TEXT, Reply, esc, fit, tg_len

THAI_TIME = timezone(timedelta(hours=7), "ICT")  # Thailand keeps no daylight saving
QUESTION_CHARS = 1500  # of a member's question shown in /review
REVIEW_PAGE_SIZE = 5
ENTRIES_PAGE_SIZE = 8
MAX_CANDIDATES = 5
STATS_DAYS_SHOWN = 14
REASON_CHARS = 300  # of the rule behind an outcome shown in /review
OUTCOMES = {**texts.REVIEW_OUTCOME, **texts.REVIEW_OUTCOME_MORE}


def review_text(item: LoggedQuestion, faq: FAQ, status: str = "") -> str:
    """One question of the review queue, with ``status`` (HTML) below it when given."""
    best = faq.get(item.matched_id) if item.matched_id else None
    best_html = f"{esc(best.title)} (<code>{esc(best.id)}</code>)" if best else "—"
    text = texts.REVIEW_ITEM.format(
        id=esc(item.id),
        when=item.created_at.astimezone(THAI_TIME).strftime("%Y-%m-%d %H:%M"),
        chat=esc(item.chat_type),
        question=fit("", neutralise(item.text), limit=QUESTION_CHARS),
        outcome=esc(OUTCOMES.get(item.outcome, item.outcome)),
        score=f"{item.score:.0f}",
        best=best_html,
        feedback=texts.REVIEW_FEEDBACK.get(item.feedback or "", ""),
    )
    text = "\n".join([text, *why(item)])
    return f"{text}\n\n{status}" if status else text


def why(item: LoggedQuestion) -> list[str]:
    """The lines saying why the engine decided: its rule, and the parts it read, if any."""
    lines = []
    if item.reason:
        reason = fit("", neutralise(item.reason), limit=REASON_CHARS)
        lines.append(texts.REVIEW_REASON.format(reason=reason))
    parts = _parts(item.parts)
    if parts:
        shown = " | ".join(f"{text} → {outcome}" for text, outcome in parts)
        lines.append(texts.REVIEW_PARTS.format(parts=fit("", neutralise(shown), limit=600)))
    return lines


def _parts(raw: str | None) -> list[tuple[str, str]]:
    """(text, outcome and entry) of each part the log kept; nothing when it is unreadable."""
    try:
        parts = json.loads(raw) if raw else []
        return [
            (str(p["text"]), f"{p['outcome']} {p.get('matched_id') or ''}".strip()) for p in parts
        ]
    except (ValueError, TypeError, KeyError):
        return []


def review_item(item: LoggedQuestion, faq: FAQ) -> Reply:
    """A review item with its three actions."""
    keyboard = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    texts.BUTTON_ASSIGN, callback_data=callbacks.review("a", item.id)
                )
            ],
            [
                InlineKeyboardButton(
                    texts.BUTTON_RESOLVE, callback_data=callbacks.review("r", item.id)
                ),
                InlineKeyboardButton(
                    texts.BUTTON_IGNORE, callback_data=callbacks.review("i", item.id)
                ),
            ],
        ]
    )
    return Reply(review_text(item, faq), keyboard)


def review_footer(offset: int, shown: int, total: int) -> Reply:
    """Where this page sits in the queue, with a button for the next page when there is one."""
    text = texts.REVIEW_PAGE.format(first=offset + 1, last=offset + shown, total=total)
    keyboard = None
    if offset + shown < total:
        more = InlineKeyboardButton(
            texts.REVIEW_MORE, callback_data=callbacks.review("p", offset + shown)
        )
        keyboard = InlineKeyboardMarkup([[more]])
    return Reply(text, keyboard)


def assign_choices(item: LoggedQuestion, faq: FAQ, candidates: Sequence[Candidate]) -> Reply:
    """The matcher's best entries for the question, a way to any entry, and back."""
    rows = [
        [
            InlineKeyboardButton(
                f"{c.entry.title} ({c.score:.0f})",
                callback_data=callbacks.review("s", item.id, c.entry.id),
            )
        ]
        for c in candidates[:MAX_CANDIDATES]
    ]
    rows.append(
        [
            InlineKeyboardButton(
                texts.BUTTON_ALL_ENTRIES, callback_data=callbacks.review("l", item.id, 0)
            ),
            InlineKeyboardButton(texts.BUTTON_BACK, callback_data=callbacks.review("b", item.id)),
        ]
    )
    return Reply(review_text(item, faq, texts.ASSIGN_CHOOSE), InlineKeyboardMarkup(rows))


def entry_picker(item: LoggedQuestion, faq: FAQ, page: int) -> Reply:
    """Every entry of the FAQ, a page at a time, to assign the question to."""
    pages = max(1, -(-len(faq.entries) // ENTRIES_PAGE_SIZE))
    page = min(max(page, 0), pages - 1)
    start = page * ENTRIES_PAGE_SIZE
    rows = [
        [InlineKeyboardButton(e.title, callback_data=callbacks.review("s", item.id, e.id))]
        for e in faq.entries[start : start + ENTRIES_PAGE_SIZE]
    ]
    nav = []
    if page > 0:
        nav.append(
            InlineKeyboardButton(
                texts.BUTTON_PREV, callback_data=callbacks.review("l", item.id, page - 1)
            )
        )
    nav.append(
        InlineKeyboardButton(texts.BUTTON_BACK, callback_data=callbacks.review("b", item.id))
    )
    if page < pages - 1:
        nav.append(
            InlineKeyboardButton(
                texts.BUTTON_NEXT, callback_data=callbacks.review("l", item.id, page + 1)
            )
        )
    rows.append(nav)
    status = f"{texts.ASSIGN_CHOOSE} ({page + 1}/{pages})"
    return Reply(review_text(item, faq, status), InlineKeyboardMarkup(rows))


def stats_text(stats: Stats, faq: FAQ) -> str:
    """/stats: totals, answered rate, top entries, top declined questions, per day."""
    lines = [
        texts.STATS.format(
            days=stats.days,
            total=stats.total,
            answered=stats.answered,
            rate=f"{stats.answered_rate:.0%}",
            suggested=stats.suggested,
            declined=stats.declined + stats.unanswered,
            up=stats.feedback_up,
            down=stats.feedback_down,
        ),
        texts.STATS_NOT_STATED.format(count=stats.not_stated),
        "",
        texts.STATS_TOP_ENTRIES,
    ]
    for entry_id, count in stats.top_entries:
        entry = faq.get(entry_id)
        name = esc(entry.title) if entry else f"<code>{esc(entry_id)}</code>"
        lines.append(f"• {name} — {count}")
    if not stats.top_entries:
        lines.append(texts.STATS_NONE)
    lines += ["", texts.STATS_TOP_DECLINED]
    for question, count in stats.top_declined:
        lines.append(f"• {fit('', neutralise(question), limit=200)} — {count}")
    if not stats.top_declined:
        lines.append(texts.STATS_NONE)
    lines += ["", texts.STATS_TOP_NOT_STATED]
    for question, count in stats.top_not_stated:
        lines.append(f"• {fit('', neutralise(question), limit=200)} — {count}")
    if not stats.top_not_stated:
        lines.append(texts.STATS_NONE)
    lines += ["", texts.STATS_PER_DAY]
    for day, count, answered in stats.per_day[-STATS_DAYS_SHOWN:]:
        lines.append(f"{esc(day)}: {count} ({answered} ✓)")
    if not stats.per_day:
        lines.append(texts.STATS_NONE)
    return join_within(lines)


def join_within(lines: Sequence[str], limit: int = MAX_TEXT) -> str:
    """Join whole lines (each valid HTML) while they fit; drop the rest."""
    out: list[str] = []
    used = 0
    for line in lines:
        cost = tg_len(line) + (1 if out else 0)
        if used + cost > limit - 1:
            out.append("…")
            break
        out.append(line)
        used += cost
    return "\n".join(out)
