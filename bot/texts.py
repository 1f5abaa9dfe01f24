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

CONSOLE_WELCOME = (
    "ผู้ช่วยความร่วมมือ สยย.–เจโทร (พิมพ์คำถามแล้วกด Enter; /quit เพื่อออก)\n"
    "TAI–JETRO partnership assistant (type a question; /quit to leave)\n"
)
CONSOLE_NO_TOKEN = (
    "TELEGRAM_BOT_TOKEN is not set: starting the console chat instead of the Telegram bot."
)
