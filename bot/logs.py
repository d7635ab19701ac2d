"""Logging to stdout, with discord.py's HTTP chatter turned down and the token masked.

Three shapes: text with a timestamp in a terminal; text without one under systemd
(`JOURNAL_STREAM` is set, and the journal stamps each line itself); one JSON object a
line with `BOT_LOG_FORMAT=json`, for log collectors. The token is masked in all three.
"""

from __future__ import annotations

import json
import logging
import os
import re
import sys
from datetime import datetime, timezone

# Discord bot tokens: three dot-separated base64url parts.
TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{20,}")


def redact(text: str) -> str:
    """The configured token, and anything shaped like one, replaced by [token]."""
    token = os.environ.get("DISCORD_TOKEN", "").strip()
    text = TOKEN_PATTERN.sub("[token]", text)
    return text.replace(token, "[token]") if token else text


class RedactToken(logging.Filter):
    """Replace the configured token, and anything shaped like one, in every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        return True


class RedactingFormatter(logging.Formatter):
    """Also redact tracebacks, which the filter above does not see."""

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time, level, logger, message (and the traceback, if any)."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {"time": datetime.fromtimestamp(record.created, timezone.utc)
                 .isoformat(timespec="milliseconds"), "level": record.levelname,
                 "logger": record.name, "message": record.getMessage()}
        if record.exc_info:
            entry["traceback"] = self.formatException(record.exc_info)
        return redact(json.dumps(entry, ensure_ascii=False))


def formatter(env=None) -> logging.Formatter:
    """The format for where the lines go: JSON, the journal, or a terminal."""
    env = os.environ if env is None else env
    if env.get("BOT_LOG_FORMAT", "").strip().lower() == "json":
        return JsonFormatter()
    if env.get("JOURNAL_STREAM"):  # systemd's journal stamps each line itself
        return RedactingFormatter("%(levelname)-7s %(name)s: %(message)s")
    return RedactingFormatter("%(asctime)s %(levelname)-7s %(name)s: %(message)s")


def setup_logging(level: str = "INFO", stream=None) -> None:
    """Log to stdout (the bot's normal output) or, for ask and console, to stderr."""
    handler = logging.StreamHandler(stream or sys.stdout)
    handler.setFormatter(formatter())
    handler.addFilter(RedactToken())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(getattr(logging, level, logging.INFO))
    for noisy in ("discord.http", "discord.gateway", "discord.client", "matplotlib", "PIL",
                  "httpx", "httpcore"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
