"""/alerts: a post in a channel whenever the figures are revised (needs Manage Server)."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord_bot.channels import admin_only, check_can_post, resolve
from bot.discord_bot.layout import private
from bot.discord_bot.offload import Offload, send
from bot.discord_bot.poster import Poster
from bot.schedules.records import Schedules


class AlertsCog(commands.Cog):
    """Figures-updated alerts."""

    def __init__(self, schedules: Schedules, poster: Poster, offload: Offload) -> None:
        self.schedules = schedules
        self.poster = poster
        self.offload = offload

    @app_commands.command()
    @app_commands.describe(action="Turn figures-updated posts on or off",
                           channel="Which channel (default: this one)")
    @app_commands.choices(action=[app_commands.Choice(name="on", value="on"),
                                  app_commands.Choice(name="off", value="off")])
    @app_commands.guild_only()
    @admin_only
    async def alerts(self, interaction: discord.Interaction, action: str,
                     channel: discord.TextChannel | None = None) -> None:
        """Post in a channel whenever the figures are revised (needs Manage Server)."""
        target = resolve(interaction, channel or interaction.channel)
        guild_id, user_id = interaction.guild_id, interaction.user.id
        if action == "on":
            check_can_post(target)
            now = self.poster.clock()
            await self.offload.run(
                lambda: self.schedules.alerts_on(guild_id, target.id, user_id, now))
            text = f"{target.mention} will get a post whenever the figures are revised."
        else:
            await self.offload.run(lambda: self.schedules.alerts_off(guild_id, target.id))
            text = f"{target.mention} will no longer get figures-updated posts."
        await send(interaction, private(text))
