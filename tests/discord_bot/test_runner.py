"""`python -m bot` and `python -m bot sync` with a token, against the stand-in."""

from __future__ import annotations

import asyncio
import logging
import threading

from bot.discord_bot.runner import run_bot, sync_commands
from tests.support.bot import TEST_TOKEN, running, with_settings
from tests.support.cli import run as run_cli
from tests.support.discord_standin import GUILD_ID


async def test_sync_command_forces_registration(standin, settings):
    async with running(settings):
        pass
    puts = lambda: [c for c in standin.calls if c.method == "PUT"]  # noqa: E731
    assert len(puts()) == 1
    assert await asyncio.to_thread(sync_commands, settings) == 0
    assert len(puts()) == 2
    assert puts()[-1].path.endswith(f"/guilds/{GUILD_ID}/commands")


async def test_rejected_token_is_one_clear_line(standin, settings, caplog, monkeypatch):
    thread_errors = []
    monkeypatch.setattr(threading, "excepthook", thread_errors.append)
    standin.reject_login = True
    with caplog.at_level(logging.ERROR):
        # With chart workers, as in production: their warm-up must not fail when the bot
        # stops before they are up.
        assert await asyncio.to_thread(run_bot, with_settings(settings, render_workers=2)) == 1
        await asyncio.sleep(1)
    assert "Discord rejected DISCORD_TOKEN" in caplog.text
    assert TEST_TOKEN not in caplog.text
    assert thread_errors == []


def test_sync_without_token_says_so(loaded_env):
    out = run_cli(loaded_env, "sync")
    assert out.returncode == 2
    assert "DISCORD_TOKEN is not set" in out.stderr
