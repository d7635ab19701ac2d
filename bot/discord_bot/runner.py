"""Start the bot (`python -m bot`) or force a command sync (`python -m bot sync`)."""

from __future__ import annotations

import asyncio
import logging
import threading

import discord

from bot import startup
from bot.answers.renderer import ProcessRenderer
from bot.discord_bot.client import create_bot
from bot.discord_bot.sync import sync
from bot.settings import Settings

log = logging.getLogger(__name__)


def build(settings: Settings, **options):
    """The bot as it runs in production: charts drawn in worker processes, memory settled."""
    renderer = ProcessRenderer(settings.render_workers) if settings.render_workers else None
    if renderer is not None:
        # Start the workers while the bot connects, not on the first question.
        threading.Thread(target=renderer.warm, name="warm-renderer", daemon=True).start()
    bot = create_bot(settings, startup.answers(settings, renderer), **options)
    startup.settle_memory()
    return bot, renderer


def run_bot(settings: Settings) -> int:
    """Run until stopped; a rejected token is one clear line, never the token itself."""
    bot, renderer = build(settings)
    try:
        # Logging is already set up (stdout, token masked); keep discord.py from adding its own.
        bot.run(settings.token.reveal(), log_handler=None)
    except discord.LoginFailure:
        log.error("Discord rejected DISCORD_TOKEN; check it in .env or the environment")
        return 1
    finally:
        if renderer is not None:
            renderer.close()
    return 0


def sync_commands(settings: Settings) -> int:
    """Log in, register the commands now whatever the stored hash says, and exit."""

    async def main() -> None:
        bot = create_bot(settings, startup.answers(settings), sync_on_start=False)
        async with bot:
            await bot.login(settings.token.reveal())
            synced = await sync(bot, force=True)
            log.info("sync %s", "done" if synced else "skipped")

    try:
        asyncio.run(main())
    except discord.LoginFailure:
        log.error("Discord rejected DISCORD_TOKEN; check it in .env or the environment")
        return 1
    return 0
