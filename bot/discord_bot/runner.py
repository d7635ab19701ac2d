"""Start the bot (`python -m bot`) or force a command sync (`python -m bot sync`).

SIGINT (Ctrl-C) and SIGTERM stop the bot the same way: the gateway is closed,
answers in progress finish or are dropped, the chart workers are told to exit
(they ignore SIGINT themselves, so Ctrl-C in a terminal does not interrupt them
mid-chart), one "stopped" line is logged and the exit status is 0.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import threading

import discord

from bot import startup
from bot.charts.workers import ChartWorkers
from bot.discord_bot.client import create_bot
from bot.discord_bot.sync import sync
from bot.settings import Settings

log = logging.getLogger(__name__)
REJECTED = "Discord rejected DISCORD_TOKEN; check it in .env or the environment"


def build(settings: Settings, **options):
    """The bot as it runs in production: charts drawn in worker processes, memory settled."""
    workers = ChartWorkers(settings.render_workers) if settings.render_workers else None
    if workers is not None:
        # Start the workers while the bot connects, not on the first question.
        threading.Thread(target=workers.warm, name="warm-chart-workers", daemon=True).start()
    bot = create_bot(settings, startup.answers(settings, workers), **options)
    startup.settle_memory()
    return bot, workers


async def serve(bot, token: str) -> None:
    """Run the bot until the gateway closes or SIGINT/SIGTERM arrives, then close it."""
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    # Signals reach only the main thread; elsewhere (a test, an embedding) the caller stops us.
    signals = (signal.SIGINT, signal.SIGTERM) \
        if threading.current_thread() is threading.main_thread() else ()
    for sig in signals:
        loop.add_signal_handler(sig, stop.set)
    try:
        async with bot:
            running = asyncio.create_task(bot.start(token))
            stopping = asyncio.create_task(stop.wait())
            await asyncio.wait({running, stopping}, return_when=asyncio.FIRST_COMPLETED)
            if running.done():
                stopping.cancel()
                running.result()  # a rejected token or a fatal gateway error raises here
                return
            log.info("stopping: closing the gateway and the chart workers")
            await bot.close()
            with contextlib.suppress(asyncio.CancelledError):
                await running
    finally:
        for sig in signals:
            loop.remove_signal_handler(sig)


def run_bot(settings: Settings) -> int:
    """Run until stopped; a rejected token is one clear line, never the token itself."""
    bot, workers = build(settings)
    try:
        asyncio.run(serve(bot, settings.token.reveal()))
    except discord.LoginFailure:
        log.error(REJECTED)
        return 1
    finally:
        if workers is not None:
            workers.close()
    log.info("stopped")
    return 0


def sync_commands(settings: Settings) -> int:
    """Log in, register the commands now whatever Discord has, and exit."""

    async def main() -> None:
        bot = create_bot(settings, startup.answers(settings), sync_on_start=False)
        async with bot:
            await bot.login(settings.token.reveal())
            await sync(bot.tree, settings.guild_id, force=True)

    try:
        asyncio.run(main())
    except discord.LoginFailure:
        log.error(REJECTED)
        return 1
    return 0
