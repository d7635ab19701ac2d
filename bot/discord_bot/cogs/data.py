"""/data import, reload, update and status: refresh the figures, all at once or not at all,
and see where each source stands (admins)."""

from __future__ import annotations

import logging

import discord
from discord import app_commands
from discord.ext import commands

from bot.answers.errors import UserError
from bot.discord_bot.channels import admin_only
from bot.discord_bot.layout import NO_MENTIONS
from bot.discord_bot.offload import Offload
from bot.discord_bot.poster import Poster
from bot.discord_bot.sanitize import plain
from bot.discord_bot.updater import Updater
from bot.settings import Settings
from bot.sources.catalog import SOURCES
from bot.sources.update import status, status_lines
from bot.store import importer
from bot.store.loader import LoadResult

log = logging.getLogger(__name__)


class DataCog(commands.Cog):
    """Data refreshes."""

    data = app_commands.Group(name="data", description="Refresh the figures (admins)",
                              guild_only=True,
                              default_permissions=discord.Permissions(manage_guild=True))

    def __init__(self, settings: Settings, poster: Poster, offload: Offload,
                 updater: Updater) -> None:
        self.settings = settings
        self.poster = poster
        self.offload = offload
        self.updater = updater

    @data.command(name="update")
    @app_commands.describe(source="Which source (default: every source fetched automatically)")
    @app_commands.choices(source=[app_commands.Choice(name=s.title[:100], value=s.name)
                                  for s in SOURCES.values()])
    @admin_only
    async def data_update(self, interaction: discord.Interaction,
                          source: str | None = None) -> None:
        """Fetch the sources' new releases now, check and load them (needs Manage Server)."""
        await interaction.response.defer(ephemeral=True, thinking=True)
        outcomes = await self.updater.run([source] if source else None)
        text = "\n".join(f"{o['source']}: {o['message']}" for o in outcomes)
        await interaction.followup.send(plain(text)[:1900], ephemeral=True,
                                        allowed_mentions=NO_MENTIONS)

    @data.command(name="status")
    @admin_only
    async def data_status(self, interaction: discord.Interaction) -> None:
        """Each source: fetched or entered by hand, its release in service, last check and
        failure (needs Manage Server)."""
        rows = await self.offload.run(lambda: status(self.settings))
        lines = status_lines(rows)
        if self.updater.next_at is not None:
            lines.append(f"Next check: {self.updater.next_at:%Y-%m-%d %H:%M} UTC.")
        elif not self.settings.update:
            lines.append("The daily check is off (BOT_UPDATE=off).")
        await interaction.response.send_message(plain("\n".join(lines))[:1900],
                                                ephemeral=True, allowed_mentions=NO_MENTIONS)

    @data.command(name="import")
    @app_commands.describe(file="The dataset as a CSV file, same columns as in data/",
                           dataset="Which dataset it replaces (default: asylum outcomes)")
    @admin_only
    async def data_import(self, interaction: discord.Interaction, file: discord.Attachment,
                          dataset: str | None = None) -> None:
        """Replace a dataset with an uploaded CSV, all at once or not at all (Manage Server)."""
        settings = self.settings
        name = dataset or settings.default_dataset
        if file.size > settings.import_max_bytes:  # refuse before downloading anything
            raise UserError(f"{file.filename} is {file.size:,} bytes; the limit is "
                            f"{settings.import_max_bytes:,}.")
        await interaction.response.defer(ephemeral=True, thinking=True)
        content = await file.read()
        result = await self.offload.run(lambda: importer.import_csv(
            settings.data_dir, settings.db_path, name, content,
            max_bytes=settings.import_max_bytes, max_rows=settings.import_max_rows))
        log.info("user %s imported %s for %s: version %s", interaction.user.id, file.filename,
                 name, result.version)
        await self._after_load(interaction, result, f"{file.filename} as {name}")

    @data.command(name="reload")
    @admin_only
    async def data_reload(self, interaction: discord.Interaction) -> None:
        """Re-read the data folder on the server (needs Manage Server)."""
        settings = self.settings
        await interaction.response.defer(ephemeral=True, thinking=True)
        result = await self.offload.run(
            lambda: importer.reload(settings.data_dir, settings.db_path))
        await self._after_load(interaction, result, "the data folder")

    async def _after_load(self, interaction: discord.Interaction, result: LoadResult,
                          what: str) -> None:
        if not result.changed:
            text = f"Checked {what}: nothing changed (data version {result.version[:8]})."
        else:
            n = result.revised
            text = (f"Loaded {what}: data version {result.version[:8]}, {n} figure"
                    f"{'s' if n != 1 else ''} revised. Alert channels are being told.")
            ahead = getattr(interaction.client, "ahead", None)
            if ahead is not None:
                ahead.start()  # the new figures' likely charts, drawn before they are asked
            await self.poster.post_alerts()
        await interaction.followup.send(text, ephemeral=True, allowed_mentions=NO_MENTIONS)
