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


def test_under_systemd_lines_carry_no_timestamp_of_their_own(monkeypatch):
    monkeypatch.setenv("JOURNAL_STREAM", "8:12345")
    monkeypatch.delenv("BOT_LOG_FORMAT", raising=False)
    stream = io.StringIO()
    setup_logging("INFO", stream)
    logging.getLogger("bot.test").info("connected")
    assert stream.getvalue() == "INFO    bot.test: connected\n"


def test_json_lines_for_log_collectors_mask_the_token(monkeypatch):
    import json

    monkeypatch.setenv("BOT_LOG_FORMAT", "json")
    monkeypatch.setenv("DISCORD_TOKEN", TOKEN)
    stream = io.StringIO()
    setup_logging("INFO", stream)
    log = logging.getLogger("bot.test")
    log.warning("the daily backup failed: disk full; check BOT_BACKUP_DIR")
    try:
        raise RuntimeError(f"bad token {TOKEN}")
    except RuntimeError:
        log.exception("failed")
    first, second = (json.loads(line) for line in stream.getvalue().splitlines())
    assert first["level"] == "WARNING" and first["logger"] == "bot.test"
    assert first["message"].startswith("the daily backup failed")
    assert "RuntimeError" in second["traceback"] and TOKEN not in stream.getvalue()
