"""The Telegram bot on python-telegram-bot: handlers, rendering, services, and how it runs.

``app`` wires everything; ``handlers`` and ``admin`` are thin; ``formatting`` and ``admin_views``
render HTML; ``services`` holds the live engine, the question log, the flood guard and the admin
notices.
"""
