"""The bot itself: settings, the answer service, the cogs, error handling and command sync."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import datetime, timedelta

import discord
from discord import app_commands
from discord.ext import commands

from bot.answers.service import Answers
from bot.charts.ahead import RenderAhead
from bot.discord_bot.components import AskButton, PickMenu, unmatched
from bot.discord_bot.errors import on_app_command_error
from bot.discord_bot.layout import NO_MENTIONS
from bot.discord_bot.offload import Offload
from bot.discord_bot.poster import Poster, utcnow
from bot.discord_bot.render_limit import RenderLimit
from bot.discord_bot.sync import sync
from bot.discord_bot.updater import Updater
from bot.notify import Notifier
from bot.schedules.records import Schedules
from bot.settings import Settings
from bot.sources.records import Records
from bot.store.state import BotState

# Seconds without a live chart before one is drawn ahead: a burst that has just begun
# (the first seconds after a start, say) is met by every core.
QUIET_SECONDS = 1.0
log = logging.getLogger(__name__)

# The bot never joins voice; skip discord.py's start-up warnings about voice libraries.
discord.VoiceClient.warn_nacl = False
discord.VoiceClient.warn_dave = False


class DeskBotMixin:
    """What both the plain and the sharded bot share."""

    settings: Settings
    service: Answers
    offload: Offload

    def _init_desk(self, settings: Settings, service: Answers, *, sync_on_start: bool,
                   clock: Callable[[], datetime] = utcnow) -> None:
        self.settings = settings
        self.service = service
        self.offload = Offload()
        self.schedules = Schedules(settings.db_path)
        self.render_limit = RenderLimit(settings.render_rate, settings.render_window_seconds,
                                        settings.render_queue_max,
                                        parallel=settings.render_workers or 1)
        self.poster = Poster(self, service, self.schedules, BotState(settings.db_path),
                             self.offload, grace=timedelta(minutes=settings.post_grace_minutes),
                             poll_seconds=settings.scheduler_poll_seconds, clock=clock,
                             releases=Records(settings.sources_db_path))
        # The daily check for the sources' new releases, and /data update.
        self.updater = Updater(settings, self._after_update, clock)
        # systemd's notify protocol (a no-op outside systemd): ready, status, watchdog.
        self.notifier = Notifier()
        self._watchdog: asyncio.Task | None = None
        # Charts drawn before anyone asks, in the background, live charts first.
        renderer = service.renderer
        self.ahead = RenderAhead(service, getattr(renderer, "background", renderer),
                                 busy=self.render_limit.busy,
                                 poll=settings.scheduler_poll_seconds,
                                 rest=getattr(renderer, "rest", lambda: None),
                                 quiet=QUIET_SECONDS) \
            if settings.render_ahead else None
        self.sync_on_start = sync_on_start
        self.synced: bool | None = None  # after start-up: whether commands were re-registered

    async def setup_hook(self) -> None:
        from bot.discord_bot.cogs.alerts import AlertsCog
        from bot.discord_bot.cogs.answers import AnswersCog
        from bot.discord_bot.cogs.data import DataCog
        from bot.discord_bot.cogs.schedules import SchedulesCog

        self.tree.on_error = on_app_command_error
        # Buttons and menus are matched by their custom ids, so they work after a restart.
        self.add_dynamic_items(AskButton, PickMenu)
        answers = AnswersCog(self.service, self.offload, self.render_limit)
        await self.add_cog(answers)
        # Right-click a message, Apps, "Check figures": its figures checked, privately.
        self.tree.add_command(app_commands.ContextMenu(name="Check figures",
                                                       callback=answers.check_message))
        await self.add_cog(SchedulesCog(self.schedules, self.poster, self.service, self.offload))
        await self.add_cog(AlertsCog(self.schedules, self.poster, self.offload))
        await self.add_cog(DataCog(self.settings, self.poster, self.offload, self.updater))
        if self.settings.guild_id:
            # A newsroom's own server gets the commands at once instead of within the hour.
            self.tree.copy_global_to(guild=discord.Object(self.settings.guild_id))
        if self.sync_on_start:
            self.synced = await sync(self.tree, self.settings.guild_id)
            await self.poster.start()  # its loop waits for the gateway before its first pass
        if self.ahead is not None:
            self.ahead.start()
        if self.sync_on_start:
            self.updater.start()
        # The pings come from this loop: if it hangs, they stop and systemd restarts us.
        self._watchdog = asyncio.create_task(self.notifier.watch(), name="watchdog")
        self.notifier.ready("commands registered; connecting to Discord")

    async def _after_update(self, outcomes: list[dict]) -> None:
        """New figures are in: tell the alert channels, draw the likely charts ahead."""
        if self.ahead is not None:
            self.ahead.start()
        await self.poster.post_alerts()
        await self.poster.post_releases()

    async def on_interaction(self, interaction: discord.Interaction) -> None:
        await unmatched(interaction)

    async def on_ready(self) -> None:
        log.info("connected to Discord as %s, in %d server(s); answering", self.user,
                 len(self.guilds))
        if self.notifier.enabled:
            # The store and the schedules are read off the loop.
            status = await self.offload.run(self._status_line)
            self.notifier.status(status)

    def _status_line(self) -> str:
        """'connected, 3 servers; data 5a5900b9; next post 2026-11-30 14:00 UTC'."""
        version = self.service.reader.snapshot().version[:8]
        due = self.poster.next_post()
        return (f"connected, {len(self.guilds)} server(s); data {version}; next post "
                + (f"{due:%Y-%m-%d %H:%M} UTC" if due else "none scheduled"))

    async def close(self) -> None:
        self.notifier.stopping()
        if self._watchdog is not None:
            self._watchdog.cancel()
        self.notifier.close()
        await self.updater.close()
        if self.ahead is not None:
            self.ahead.stop()
        self.poster.stop()
        self.offload.close()
        await super().close()


def _options() -> dict:
    return {
        "command_prefix": commands.when_mentioned,  # slash commands only; no message intent
        "intents": discord.Intents(guilds=True),
        "allowed_mentions": NO_MENTIONS,
        "help_command": None,
    }


class DeskBot(DeskBotMixin, commands.Bot):
    """The bot for one connection."""

    def __init__(self, settings: Settings, service: Answers, *, sync_on_start: bool = True,
                 clock: Callable[[], datetime] = utcnow, **options):
        super().__init__(**_options(), **options)
        self._init_desk(settings, service, sync_on_start=sync_on_start, clock=clock)


class ShardedDeskBot(DeskBotMixin, commands.AutoShardedBot):
    """The bot split across DISCORD_SHARD_COUNT gateway connections, for many servers."""

    def __init__(self, settings: Settings, service: Answers, *, sync_on_start: bool = True,
                 clock: Callable[[], datetime] = utcnow, **options):
        super().__init__(shard_count=settings.shard_count, **_options(), **options)
        self._init_desk(settings, service, sync_on_start=sync_on_start, clock=clock)


def create_bot(settings: Settings, service: Answers, *, sync_on_start: bool = True,
               **options) -> DeskBot | ShardedDeskBot:
    """The bot for these settings; `options` go to discord.py's client as they are."""
    cls = ShardedDeskBot if settings.shard_count else DeskBot
    return cls(settings, service, sync_on_start=sync_on_start, **options)
