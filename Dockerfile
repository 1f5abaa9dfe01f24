# The partnership assistant: a Telegram bot. Build: docker build -t partnership-bot .
# Run:   docker run -e TELEGRAM_BOT_TOKEN=... -e ADMIN_IDS=... -v bot-data:/app/data partnership-bot
FROM python:3.11-slim

# No .pyc files in the image, unbuffered logs so `docker logs` shows them at once.
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app

# Dependencies in their own layer: only pyproject.toml changes rebuild it.
COPY pyproject.toml README.md ./
RUN mkdir bot && touch bot/__init__.py \
    && pip install . \
    && pip uninstall -y partnership-assistant \
    && rm -rf bot

COPY bot/ bot/
# The FAQ is baked in; mount a folder over /app/knowledge to override it without a rebuild.
COPY knowledge/ knowledge/
RUN pip install --no-deps . \
    && useradd --system --uid 10001 --home-dir /app bot \
    && mkdir -p /app/data && chown bot:bot /app/data

USER bot
# The question log (SQLite) lives here: keep it on a volume and back it up.
VOLUME ["/app/data"]
# Where the bot keeps its log and reads its FAQ; both overridable with -e.
ENV BOT_DB_PATH=/app/data/questions.sqlite3 \
    FAQ_PATH=/app/knowledge/faq.yaml
# PyThaiNLP otherwise creates ~/pythainlp-data on import, and this user's home (/app) is not
# writable: the bot would die at start. It only reads the dictionaries shipped in the package.
ENV PYTHAINLP_READ_ONLY=1
# python-telegram-bot 22: time periods (a 429's retry_after) as timedelta, without a
# deprecation warning; the bot sets it too, this keeps `docker exec python ...` alike.
ENV PTB_TIMEDELTA=1
# Webhook mode listens here (polling mode opens no port).
EXPOSE 8443

HEALTHCHECK --interval=60s --timeout=10s --start-period=20s --retries=3 \
    CMD ["python", "-m", "bot", "health"]

CMD ["python", "-m", "bot", "run"]
