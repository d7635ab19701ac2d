"""The token is masked in every log line, including tracebacks."""

from __future__ import annotations

import io
import logging

from bot.logs import setup_logging
from tests.test_settings import TOKEN


def test_token_is_redacted(monkeypatch):
    monkeypatch.setenv("DISCORD_TOKEN", TOKEN)
    stream = io.StringIO()
    setup_logging("DEBUG", stream)
    log = logging.getLogger("bot.test")
    log.info("connecting with %s", TOKEN)
    try:
        raise RuntimeError(f"bad token {TOKEN}")
    except RuntimeError:
        log.exception("failed")
    log.info("a token-shaped string %s", "A" * 24 + ".abcdef." + "B" * 27)
    text = stream.getvalue()
    assert TOKEN not in text
    assert "A" * 24 not in text
    assert text.count("[token]") >= 3


def test_discord_http_is_quiet():
    setup_logging("DEBUG", io.StringIO())
    assert logging.getLogger("discord.http").level == logging.WARNING
