"""Logging to stdout, with discord.py's HTTP chatter turned down and the token masked."""

from __future__ import annotations

import logging
import os
import re
import sys

# Discord bot tokens: three dot-separated base64url parts.
TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{20,}")


class RedactToken(logging.Filter):
    """Replace the configured token, and anything shaped like one, in every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        token = os.environ.get("DISCORD_TOKEN", "").strip()
        message = record.getMessage()
        cleaned = TOKEN_PATTERN.sub("[token]", message)
        if token:
            cleaned = cleaned.replace(token, "[token]")
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        return True


class RedactingFormatter(logging.Formatter):
    """Also redact tracebacks, which the filter above does not see."""

    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        token = os.environ.get("DISCORD_TOKEN", "").strip()
        text = TOKEN_PATTERN.sub("[token]", text)
        return text.replace(token, "[token]") if token else text


def setup_logging(level: str = "INFO", stream=None) -> None:
    """Log to stdout (the bot's normal output) or, for ask and console, to stderr."""
    handler = logging.StreamHandler(stream or sys.stdout)
    handler.setFormatter(RedactingFormatter("%(asctime)s %(levelname)-7s %(name)s: %(message)s"))
    handler.addFilter(RedactToken())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(getattr(logging, level, logging.INFO))
    for noisy in ("discord.http", "discord.gateway", "discord.client", "matplotlib", "PIL",
                  "httpx", "httpcore"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
