"""Every text a member or admin reads, in one place: Thai first, English beside it.

Texts that take values use ``str.format`` fields. Texts sent with Telegram's HTML parse mode
must have every inserted value escaped by the caller.
"""

from __future__ import annotations

# The engine's reply when the FAQ does not cover a question.
DECLINED = {
    "th": (
        "ขออภัยครับ คำถามนี้อยู่นอกเหนือข้อมูลที่ผมมี ผมตอบได้เฉพาะเรื่องความร่วมมือระหว่าง"
        "สถาบันยานยนต์ (สยย.) กับเจโทร (JETRO) ตามหนังสือแสดงเจตจำนง (LOI) "
        "ที่ลงนามเมื่อ 13 มกราคม 2565 เช่น วันที่ลงนาม สถานที่ ผู้ลงนาม หรือสาระสำคัญ 5 ด้าน"
    ),
    "en": (
        "Sorry, that is outside what I know. I can only answer questions about the cooperation "
        "between the Thailand Automotive Institute (TAI) and JETRO under the Letter of Intent "
        "signed on 13 January 2022: the date, the venue, the signatories or the five pillars."
    ),
}

# The engine's reply when two or more entries are close: the member picks one.
SUGGESTED = {
    "th": "ไม่แน่ใจว่าหมายถึงเรื่องไหนครับ เลือกหัวข้อที่ใกล้เคียงได้เลย:",
    "en": "I am not sure which you mean. Pick the closest topic:",
}

NONE_OF_THESE = {"th": "ไม่ใช่ทั้งหมด", "en": "None of these"}

# The reply when the topic is known but the article does not say what is asked; the topic's
# entry is offered as a button below it. {what}: e.g. "สถานที่" / "where"; {topic}: its title.
NOT_STATED = {
    "th": "ข่าวไม่ได้ระบุ{what}ครับ เรื่องที่ข่าวกล่าวถึงคือ “{topic}” กดดูได้ด้านล่าง",
    "en": "The article does not say {what}. What it says about “{topic}” is one tap below.",
}
# A part of a message that asked several things, when that part is outside the article.
PART_DECLINED = {
    "th": "• “{part}” — เรื่องนี้อยู่นอกเหนือข้อมูลในข่าวครับ",
    "en": "• “{part}”: that is outside what the article covers.",
}
# A member's word quoted when rules.yaml has no name for what is not stated.
QUOTED = {"th": "เรื่อง “{word}”", "en": "“{word}”"}

# Answers computed for today (bot/match/timeaware.py); values come from facts.yaml.
TERM_TODAY = {
    "passed": {
        "th": (
            "วันนี้ ({today}) พ้นกรอบระยะเวลาของความร่วมมือแล้ว: กรอบ {years} ปี ครอบคลุม "
            "พ.ศ. {start}–{end} (ค.ศ. {start_ce}–{end_ce}) ข่าวไม่ได้ระบุว่ามีการต่ออายุหรือไม่"
        ),
        "en": (
            "As of today ({today}) the term has passed: its {years}-year term covered "
            "B.E. {start}–{end} ({start_ce}–{end_ce}). The article does not say whether it "
            "was extended."
        ),
    },
    "within": {
        "th": "วันนี้ ({today}) ยังอยู่ในกรอบระยะเวลา {years} ปี (พ.ศ. {start}–{end})",
        "en": "As of today ({today}) it is within its {years}-year term (B.E. {start}–{end}).",
    },
    "ahead": {
        "th": "วันนี้ ({today}) ยังไม่ถึงกรอบระยะเวลา {years} ปี (พ.ศ. {start}–{end})",
        "en": "As of today ({today}) its {years}-year term (B.E. {start}–{end}) has not begun.",
    },
}
SIGNED_AGO = {
    "th": "ลงนามเมื่อ {date} ผ่านมาแล้ว {elapsed} ({days:,} วัน นับถึงวันนี้ {today})",
    "en": "It was signed on {date}, {elapsed} ago ({days:,} days, as of today, {today}).",
}


def elapsed_text(years: int, months: int, language: str) -> str:
    """ "4 ปี 10 เดือน" / "4 years and 10 months"."""
    if language == "en":
        parts = [f"{years} year{'s' if years != 1 else ''}"] if years else []
        if months or not parts:
            parts.append(f"{months} month{'s' if months != 1 else ''}")
        return " and ".join(parts)
    parts = [f"{years} ปี"] if years else []
    if months or not parts:
        parts.append(f"{months} เดือน")
    return " ".join(parts)


# The opening of the reply to a yes/no check; the true fact (facts.yaml) follows.
VERDICT = {
    "yes": {"th": "ใช่ครับ", "en": "Yes."},
    "no": {"th": "ไม่ใช่ครับ", "en": "No."},
    "not-stated": {"th": "ข่าวไม่ได้ระบุครับ", "en": "The article does not say."},
}
# The same, to a claim put as a denial ("It wasn't signed in 2021, was it?" → right, it wasn't).
VERDICT_DENIED = {
    "yes": {"th": "ใช่ครับ", "en": "Right, that is not so."},
    "no": {"th": "ไม่ใช่ครับ", "en": "That is not right."},
}


def verdict_label(value: str, language: str, *, denied: bool = False) -> str:
    """The opening of the reply to a check, in the question's language."""
    labels = VERDICT_DENIED if denied and value in VERDICT_DENIED else VERDICT
    return labels[value][language]


CONSOLE_WELCOME = (
    "ผู้ช่วยความร่วมมือ สยย.–เจโทร (พิมพ์คำถามแล้วกด Enter; /quit เพื่อออก)\n"
    "TAI–JETRO partnership assistant (type a question; /quit to leave)\n"
)
CONSOLE_NO_TOKEN = (
    "TELEGRAM_BOT_TOKEN is not set: starting the console chat instead of the Telegram bot."
)

# --- The Telegram bot (bot/telegram/). Texts marked HTML are sent with Telegram's HTML parse
# mode: only <b>, <i>, <code>, <blockquote> here; every value filled in is escaped by the caller.

# HTML. /start; the buttons below it are the FAQ's start_topics.
WELCOME = (
    "สวัสดีครับ 👋 ผมเป็นผู้ช่วยตอบคำถามเรื่อง<b>ความร่วมมือระหว่างสถาบันยานยนต์ (สยย.) "
    "กับเจโทร (JETRO)</b> ตามหนังสือแสดงเจตจำนง (LOI) ที่ลงนามเมื่อ 13 มกราคม 2565\n\n"
    "ถามได้เลย เช่น ลงนามวันไหน ที่ไหน ใครลงนาม หรือสาระสำคัญ 5 ด้านมีอะไรบ้าง "
    "หรือกดหัวข้อด้านล่าง\n\n"
    "<i>Hello! Ask me in Thai or English about the TAI–JETRO Letter of Intent.</i>"
)
# HTML. /help in a private chat.
HELP = (
    "<b>วิธีใช้</b>\n"
    "• พิมพ์คำถามเป็นข้อความ ภาษาไทยหรืออังกฤษก็ได้\n"
    "• /pillars — สาระสำคัญ 5 ด้านของความร่วมมือ\n"
    "• /about — ความร่วมมือนี้โดยย่อ\n"
    "• /forgetme — ลบคำถามของคุณที่บันทึกไว้\n"
    "ใต้คำตอบมีปุ่ม 👍/👎 ให้บอกว่าตอบตรงไหม และปุ่ม “ที่มา” แสดงข้อความในต้นฉบับ\n\n"
    "<i>Type a question in Thai or English. /pillars: the five pillars, /about: in brief, "
    "/forgetme: delete your logged questions.</i>"
)
# HTML. /help in a group; {bot} is the bot's @username.
GROUP_HELP = (
    "ในกลุ่มนี้ถามผมได้ด้วย <code>/ask คำถาม</code> ตอบกลับข้อความของผม หรือแท็ก {bot}\n"
    "<i>In groups: /ask your question, reply to me, or mention {bot}.</i>"
)
# HTML. /ask without a question.
ASK_USAGE = (
    "พิมพ์คำถามต่อท้ายคำสั่ง เช่น <code>/ask ลงนามวันไหน</code>\n"
    "<i>Put the question after the command, e.g. /ask when was it signed?</i>"
)
# HTML. /pillars, above the five buttons.
PILLARS_INTRO = (
    "<b>สาระสำคัญ 5 ด้านของความร่วมมือ</b> — กดเพื่ออ่านแต่ละด้าน\n"
    "<i>The five pillars of the cooperation: tap one to read it.</i>"
)
# HTML. /about when the FAQ has no 'overview' entry.
ABOUT_MISSING = "ยังไม่มีข้อมูลภาพรวมครับ ลองพิมพ์คำถามได้เลย\n<i>No overview yet: just ask.</i>"
# HTML. A sticker, photo, voice message, location, ... in a private chat.
NON_TEXT = (
    "ขออภัยครับ ผมอ่านได้เฉพาะข้อความตัวอักษร กรุณาพิมพ์คำถามเป็นข้อความ\n"
    "<i>I can read text messages only: please type your question.</i>"
)
# HTML. A message with no letters or digits (only spaces, emoji, symbols).
EMPTY_QUESTION = (
    "กรุณาพิมพ์คำถามเป็นข้อความ เช่น “ลงนามวันไหน” หรือพิมพ์ /help\n"
    "<i>Please type your question in words, e.g. “when was it signed?”</i>"
)
# HTML. An unknown /command in a private chat.
UNKNOWN_COMMAND = "ไม่รู้จักคำสั่งนี้ครับ พิมพ์ /help เพื่อดูวิธีใช้\n<i>Unknown command: see /help.</i>"
# HTML. The one note a member gets when asking faster than the flood guard allows.
FLOOD = (
    "คุณส่งคำถามถี่เกินไป กรุณารอสักครู่แล้วถามใหม่นะครับ\n"
    "<i>That is a lot of questions at once: please wait a moment before asking again.</i>"
)
# Plain (a button's answer, at most 200 characters). The one note for pressing too fast.
FLOOD_BUTTON = "กดถี่เกินไป กรุณารอสักครู่นะครับ / Too many at once: please wait a moment."
# HTML. /forgetme; {count} is a number.
FORGOTTEN = (
    "ลบคำถามของคุณที่บันทึกไว้แล้ว {count} รายการ\n<i>Deleted {count} of your logged questions.</i>"
)
# HTML. The reply to "none of these".
NOTED_UNANSWERED = {
    "th": "ขอบคุณครับ ผมบันทึกคำถามนี้ไว้ให้ทีมงานนำไปปรับปรุงคำตอบ ลองถามด้วยคำอื่นได้นะครับ",
    "en": "Thank you: I have noted the question for the team. Try asking in other words.",
}
# HTML. The header of the source message; the article's sentence and its title and date
# (CITATION) follow in italics.
SOURCE_HEADER = {
    "th": "📄 <b>ที่มา</b> (ประโยคในข่าว)",
    "en": "📄 <b>Source</b> (the article's words)",
}

# Plain text. A citation: the quote, then the article's title and date (bot.curation.sources).
CITATION = {
    "th": "{quote}\n— ข่าว “{title}” ลงวันที่ {date}",
    "en": "{quote}\n— from the article “{title}”, dated {date}",
}

# Button labels (plain text).
BUTTON_UP = "👍"
BUTTON_DOWN = "👎"
BUTTON_SOURCE = {"th": "📄 ที่มา", "en": "📄 Source"}
BUTTON_NONE = {"th": "❌ ไม่ใช่ทั้งหมด", "en": "❌ None of these"}

# Callback answers (plain text, at most 200 characters).
FEEDBACK_THANKS = {
    "up": "ขอบคุณครับ 🙏 Thanks for the feedback!",
    "down": "ขอบคุณครับ ทีมงานจะนำไปปรับปรุง 🙏 Thanks, we will improve it.",
}
FOR_THE_ASKER = "ปุ่มนี้สำหรับผู้ถามเท่านั้นครับ / Only the person who asked can use this."
STALE_BUTTON = "ปุ่มนี้ใช้ไม่ได้แล้วครับ / This button no longer works."
APOLOGY_CALLBACK = "ขออภัย เกิดข้อผิดพลาด ลองใหม่อีกครั้ง / Sorry, something went wrong."

# HTML. A member's update failed; never say more than this.
APOLOGY = (
    "ขออภัยครับ เกิดข้อผิดพลาดชั่วคราว กรุณาลองใหม่อีกครั้ง\n"
    "<i>Sorry, something went wrong. Please try again.</i>"
)

# Command menus (set_my_commands): name → description.
PRIVATE_COMMANDS = {
    "start": "เริ่มต้น / Start",
    "help": "วิธีใช้ / Help",
    "pillars": "สาระสำคัญ 5 ด้าน / The five pillars",
    "about": "ความร่วมมือโดยย่อ / About the partnership",
    "forgetme": "ลบคำถามของฉันที่บันทึกไว้ / Delete my logged questions",
}
GROUP_COMMANDS = {
    "ask": "ถามคำถาม / Ask a question",
    "help": "วิธีใช้ในกลุ่ม / Help",
}
# Added to the private menu of each admin.
ADMIN_COMMANDS = {
    "review": "คำถามที่รอตรวจ / Questions to review",
    "stats": "สถิติ (/stats 30 = 30 วัน) / Statistics",
    "export": "ดาวน์โหลดบันทึกคำถาม (CSV) / Export the log",
    "reload": "โหลด FAQ ใหม่ / Reload the FAQ",
}

# --- Admins (HTML unless said otherwise).
ADMIN_ONLY = "ขออภัยครับ คำสั่งนี้สำหรับผู้ดูแลระบบเท่านั้น\n<i>Sorry, this command is for admins only.</i>"
ADMIN_ONLY_CALLBACK = "สำหรับผู้ดูแลระบบเท่านั้น / Admins only."  # plain, callback answer
REVIEW_EMPTY = "✅ ไม่มีคำถามที่รอตรวจ / Nothing to review."
REVIEW_PAGE = "รายการที่ {first}–{last} จาก {total} / items {first}–{last} of {total}"
REVIEW_MORE = "ถัดไป / More ▶"
# {id}, {when}, {chat}, {outcome}, {score}, {feedback}, {best}, {question}: escaped by the caller.
REVIEW_ITEM = (
    "<b>คำถาม / Question</b> <code>{id}</code> · {when} · {chat}\n"
    "<blockquote>{question}</blockquote>\n"
    "ผล / outcome: <b>{outcome}</b> ({score}) · ใกล้สุด / best: {best}{feedback}"
)
REVIEW_FEEDBACK = {"up": " · 👍", "down": " · 👎"}
REVIEW_OUTCOME = {
    "answered": "ตอบแล้ว / answered",
    "suggested": "เสนอหัวข้อ / suggested",
    "declined": "ตอบไม่ได้ / declined",
    "unanswered": "ไม่ใช่ทั้งหมด / none of these",
}
REVIEW_STATUS = {
    "assigned": "✅ เพิ่มเป็นอีกรูปแบบของคำถาม “{title}” แล้ว และโหลด FAQ ใหม่ ({count} รายการ)\n"
    "<i>Added as a phrasing of “{title}”; FAQ reloaded ({count} entries).</i>",
    "resolved": "✅ ทำเครื่องหมายว่าแก้แล้ว / Marked resolved.",
    "ignored": "🙈 ข้ามแล้ว (จะไม่แสดงอีก) / Ignored (it will not come back).",
}
REVIEW_GONE = "ไม่พบคำถามนี้แล้ว (อาจถูกลบ) / This question is gone (maybe deleted)."
BUTTON_ASSIGN = "➕ เพิ่มเป็นคำถามของ… / Assign…"
BUTTON_RESOLVE = "✅ แก้แล้ว / Resolved"
BUTTON_IGNORE = "🙈 ข้าม / Ignore"
BUTTON_ALL_ENTRIES = "📚 ทุกหัวข้อ / All entries"
BUTTON_BACK = "↩️ กลับ / Back"
BUTTON_PREV = "◀"
BUTTON_NEXT = "▶"
ASSIGN_CHOOSE = "เลือกหัวข้อที่คำถามนี้ควรได้คำตอบ / Choose the entry that answers it:"
ASSIGN_FAILED = "❌ เพิ่มไม่ได้ / Could not add it:\n{problems}"
STATS = (
    "<b>สถิติ {days} วันล่าสุด / last {days} days</b>\n"
    "คำถามทั้งหมด / questions: <b>{total}</b>\n"
    "ตอบได้ / answered: <b>{answered}</b> ({rate})\n"
    "เสนอหัวข้อ / suggested: {suggested} · ตอบไม่ได้ / declined: {declined}\n"
    "👍 {up} · 👎 {down}"
)
# /stats with something other than a number of days.
STATS_USAGE = (
    "พิมพ์จำนวนวันเป็นตัวเลข 1–3650 เช่น <code>/stats 30</code>\n"
    "<i>Give the number of days as digits from 1 to 3650, e.g. /stats 30.</i>"
)
STATS_TOP_ENTRIES = "<b>หัวข้อยอดนิยม / top entries</b>"
STATS_TOP_DECLINED = "<b>คำถามที่ตอบไม่ได้บ่อย / top declined</b>"
STATS_PER_DAY = "<b>รายวัน / per day</b>"
STATS_NONE = "—"
EXPORT_CAPTION = "บันทึกคำถาม (CSV, UTF-8) / The question log"
RELOAD_OK = "✅ โหลด FAQ ใหม่แล้ว: {count} รายการ / FAQ reloaded: {count} entries."
RELOAD_FAILED = (
    "❌ ไฟล์ FAQ มีปัญหา ยังใช้ฉบับเดิมอยู่ / The FAQ file has problems; "
    "still answering from the last good version:\n{problems}"
)
# Sent to admins by the file watcher, once per bad version of the file.
FAQ_INVALID = (
    "⚠️ ไฟล์ FAQ ที่แก้ไขมีปัญหา บอทยังตอบจากฉบับเดิม / The edited FAQ file has problems; "
    "the bot still answers from the last good version.\n<code>{path}</code>\n{problems}"
)
FAQ_RELOADED = "🔄 โหลด FAQ ที่แก้ไขแล้ว: {count} รายการ / FAQ reloaded: {count} entries."
# Sent to admins (rate-limited) on a failure; {what} and {detail} escaped by the caller.
ADMIN_ERROR = (
    "⚠️ ข้อผิดพลาด / Error: <b>{what}</b>\n<code>{detail}</code>\nดูรายละเอียดใน log / see the log."
)
ADMIN_LOG_FAILURE = (
    "⚠️ บันทึกคำถามลงฐานข้อมูลไม่ได้ (บอทยังตอบอยู่ คำถามเก็บไว้ในไฟล์สำรองก่อน) / "
    "Cannot write the question log (the bot still answers; questions wait in the spill file):"
    "\n<code>{detail}</code>"
)
# Sent to admins when the question log can be written again; {count} is a number.
ADMIN_LOG_RECOVERED = (
    "✅ บันทึกคำถามลงฐานข้อมูลได้แล้ว ไม่มีคำถามหาย ({count} รายการจากไฟล์สำรอง) / "
    "The question log can be written again; nothing was lost ({count} writes replayed)."
)

# --- Replies that respond to what was asked: verdicts, parts, "not stated" (Telegram, issue 8).
# Button labels (plain text); {title} is an entry's title in the question's language.
BUTTON_PART_SOURCE = {"th": "📄 ที่มา: {title}", "en": "📄 Source: {title}"}
BUTTON_TOPIC = {"th": "📖 {title}", "en": "📖 {title}"}  # a "not stated" reply's topic
BUTTON_RELATED = {"th": "🔗 {title}", "en": "🔗 {title}"}  # another entry that also fits
# A part of a message that comes close to several topics (plain text; they are buttons below).
PART_SUGGESTED = {
    "th": "• “{part}” — ไม่แน่ใจว่าหมายถึงหัวข้อไหนครับ เลือกได้จากปุ่มด้านล่าง",
    "en": "• “{part}”: I am not sure which topic you mean; pick one below.",
}
# Admins: the outcomes /review shows beside REVIEW_OUTCOME's.
REVIEW_OUTCOME_MORE = {
    "not-stated": "ข่าวไม่ได้ระบุ / not stated",
    "expired": "รอนานเกินไป / expired",
}
# /review: why the engine decided, and the parts of a message that asked several things;
# {reason} and {parts} escaped by the caller.
REVIEW_REASON = "เหตุผล / reason: <code>{reason}</code>"
REVIEW_PARTS = "ส่วนของคำถาม / parts: {parts}"
# /stats, after STATS; {count} is a number.
STATS_NOT_STATED = "ข่าวไม่ได้ระบุ / not stated: {count}"
STATS_TOP_NOT_STATED = "<b>ถามถึงสิ่งที่ข่าวไม่ได้ระบุบ่อย / top not stated</b>"

# --- The console chat (`python -m bot chat`, bot/console/). Plain text, no HTML; Thai and
# English apart where the reply follows the member's language, side by side where it does not.

# /help in the console.
CONSOLE_HELP = (
    "วิธีใช้: พิมพ์คำถามแล้วกด Enter ภาษาไทยหรืออังกฤษก็ได้\n"
    "  /start    หัวข้อที่ถามบ่อย\n"
    "  /pillars  สาระสำคัญ 5 ด้านของความร่วมมือ\n"
    "  /about    ความร่วมมือนี้โดยย่อ\n"
    "  /source   ข้อความในต้นฉบับที่คำตอบล่าสุดอ้างอิง\n"
    "  /quit     ออก\n"
    "เมื่อมีหัวข้อให้เลือก พิมพ์หมายเลขของหัวข้อ ลูกศรขึ้น/ลงเรียกคำถามก่อนหน้า\n"
    "How to use: type a question in Thai or English. /start: common topics, /pillars: the five "
    "pillars, /about: in brief, /source: the article's sentence behind the last answer, "
    "/quit: leave. When topics are listed, type a topic's number; the up and down arrows bring "
    "back earlier questions."
)
# /start in the console; the start topics follow, numbered.
CONSOLE_START = (
    "สวัสดีครับ ผมเป็นผู้ช่วยตอบคำถามเรื่องความร่วมมือระหว่างสถาบันยานยนต์ (สยย.) กับเจโทร (JETRO) "
    "ถามได้เลย หรือพิมพ์หมายเลขของหัวข้อด้านล่าง (/help วิธีใช้)\n"
    "Hello! Ask me in Thai or English about the TAI–JETRO Letter of Intent, or type the number "
    "of a topic below (/help for help)."
)
CONSOLE_PILLARS_INTRO = (
    "สาระสำคัญ 5 ด้านของความร่วมมือ: พิมพ์หมายเลขเพื่ออ่านแต่ละด้าน\n"
    "The five pillars of the cooperation: type a number to read one."
)
CONSOLE_UNKNOWN_COMMAND = "ไม่รู้จักคำสั่งนี้ครับ พิมพ์ /help เพื่อดูวิธีใช้ / Unknown command: see /help."
# The labels in front of what each side says, in the language of the last question.
CONSOLE_YOU = {"th": "คุณ", "en": "you"}
CONSOLE_BOT = {"th": "บอท", "en": "bot"}
# Above the entries offered beside an answer (related topics, a "not stated" topic).
CONSOLE_SEE_ALSO = {"th": "ดูเพิ่มเติม (พิมพ์หมายเลข):", "en": "See also (type its number):"}
# Above the start topics offered after a decline.
CONSOLE_TOPICS = {"th": "หัวข้อที่ถามได้ (พิมพ์หมายเลข):", "en": "Topics I can answer (type a number):"}
# After an answer that has a source: how to see it.
CONSOLE_SOURCE_TIP = {
    "th": "(พิมพ์ /source เพื่อดูข้อความในต้นฉบับ)",
    "en": "(type /source for the article's sentence)",
}
CONSOLE_SOURCE_HEADER = {
    "th": "📄 ที่มา (ประโยคในข่าว)",
    "en": "📄 Source (the article's words)",
}
CONSOLE_NO_SOURCE = {
    "th": "ยังไม่มีคำตอบให้ดูที่มาครับ ถามคำถามก่อนแล้วพิมพ์ /source",
    "en": "There is no answer to show the source of yet: ask a question, then type /source.",
}
# A number typed when topics are listed that is not one of theirs. {first}-{last}: the range.
CONSOLE_PICK_HINT = {
    "th": "พิมพ์หมายเลข {first}–{last} ของหัวข้อที่แสดงไว้ หรือพิมพ์คำถามใหม่ได้เลยครับ",
    "en": "Type a number from {first} to {last} of the topics listed, or ask a new question.",
}
# A message longer than the bot reads; {length} and {limit} are numbers of characters.
CONSOLE_TOO_LONG = {
    "th": "ข้อความยาว {length:,} ตัวอักษร ผมอ่านเฉพาะ {limit:,} ตัวอักษรแรก ส่วนที่เกินไม่ได้อ่านครับ",
    "en": "Your message is {length:,} characters long; I read only the first {limit:,}, "
    "the rest was not read.",
}
# chat --log / ask --log: where the questions go.
CONSOLE_LOGGING = "Logging questions to {path} (chat type 'console'): try review, stats, export."
