"""Run the real bot against the local Discord stand-in, and drive its scheduler's clock."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
from datetime import datetime, timezone

from bot import startup
from bot.discord_bot.client import create_bot
from bot.settings import Settings
from tests.support.discord_standin import (
    CHANNEL_ID,
    MANAGE_GUILD,
    MEMBER_PERMISSIONS,
    ChannelOption,
)

TEST_TOKEN = "MTAwMDAwMDAwMDAwMDAwMDAx.Gstand.in-token-for-tests-only-0123456789"
ADMIN = MEMBER_PERMISSIONS | MANAGE_GUILD
# Monday 30 November 2026, 08:59:30 in New York.
BEFORE_NINE = datetime(2026, 11, 30, 13, 59, 30, tzinfo=timezone.utc)


@contextlib.asynccontextmanager
async def running(settings: Settings, **options):
    """Start the bot against the stand-in; stop it on exit."""
    options.setdefault("guild_ready_timeout", 0.05)
    bot = create_bot(settings, startup.answers(settings), **options)
    task = asyncio.create_task(bot.start(settings.token.reveal()))
    try:
        await asyncio.wait_for(bot.wait_until_ready(), 20)
        yield bot
    finally:
        await bot.close()
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.wait_for(task, 10)


def with_settings(settings: Settings, **changes) -> Settings:
    return dataclasses.replace(settings, **changes)


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


async def add_schedule(standin, **overrides):
    """/schedule add, weekly on Monday at 09:00 New York time in the desk channel, as an admin."""
    options = dict(channel=ChannelOption(CHANNEL_ID), time="09:00", timezone="America/New_York",
                   cadence="weekly", weekday=0, permissions=ADMIN)
    options.update(overrides)
    return await standin.ask("schedule add", **options)


async def wait_for_posts(standin, n: int, timeout: float = 10) -> None:
    async def enough():
        while len(standin.channel_posts) < n:
            await asyncio.sleep(0.02)
    await asyncio.wait_for(enough(), timeout)


def posts_in(standin, channel: int = CHANNEL_ID):
    return [(call, message) for c, call, message in standin.channel_posts if c == channel]
