"""Fixtures that run the real bot against the local Discord stand-in."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses

import pytest

from bot.answers.service import Answers
from bot.discord_bot.client import create_bot
from bot.settings import Secret, Settings
from bot.store.reader import Store
from tests.discord_standin import GUILD_ID, DiscordStandIn

TEST_TOKEN = "MTAwMDAwMDAwMDAwMDAwMDAx.Gstand.in-token-for-tests-only-0123456789"


@pytest.fixture
async def standin(monkeypatch):
    async with DiscordStandIn() as server:
        server.point_client_here(monkeypatch)
        yield server


@pytest.fixture
def settings(loaded, data_dir, tmp_path) -> Settings:
    return Settings(token=Secret(TEST_TOKEN), guild_id=GUILD_ID, db_path=loaded,
                    data_dir=data_dir, chart_dir=tmp_path / "charts", cooldown_rate=50)


@contextlib.asynccontextmanager
async def running(settings: Settings, **options):
    """Start the bot against the stand-in; stop it on exit."""
    options.setdefault("guild_ready_timeout", 0.05)
    bot = create_bot(settings, Answers(Store(settings.db_path)), **options)
    task = asyncio.create_task(bot.start(settings.token.reveal()))
    try:
        await asyncio.wait_for(bot.wait_until_ready(), 20)
        yield bot
    finally:
        await bot.close()
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.wait_for(task, 10)


@pytest.fixture
async def bot(standin, settings):
    async with running(settings) as b:
        yield b


def with_settings(settings: Settings, **changes) -> Settings:
    return dataclasses.replace(settings, **changes)
