"""The Telegram bot on python-telegram-bot: handlers, rendering, services, and how it runs.

``app`` wires everything; ``handlers`` and ``admin`` are thin; ``formatting`` and ``admin_views``
render HTML; ``services`` holds the live engine, the question log, the flood guard and the admin
notices.
"""

import os

# python-telegram-bot 22 gives time periods (RetryAfter.retry_after, ...) as int seconds with a
# deprecation warning, or as datetime.timedelta when this is set: the coming default. Set here,
# before any module of this package uses PTB, so the bot, the tests and the image all run alike.
os.environ.setdefault("PTB_TIMEDELTA", "1")
