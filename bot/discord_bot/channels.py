"""Checks for commands that change what the bot posts: who may ask, and where it may post."""

from __future__ import annotations

import discord

from bot.answers.errors import UserError

# Manage Server, checked when the command runs, whatever a server did to default permissions.
admin_only = discord.app_commands.checks.has_permissions(manage_guild=True)

# What a post needs, with the names Discord's settings screen uses.
NEEDED = (("view_channel", "View Channel"), ("send_messages", "Send Messages"),
          ("embed_links", "Embed Links"), ("attach_files", "Attach Files"))


def resolve(interaction: discord.Interaction,
            channel: discord.app_commands.AppCommandChannel | discord.abc.GuildChannel,
            ) -> discord.TextChannel:
    """The server's own text channel for an option value; UserError if it is not one."""
    guild = interaction.guild
    if guild is None or getattr(channel, "guild_id", guild.id) != guild.id:
        raise UserError("That channel is not in this server; pick one of this server's channels.")
    real = guild.get_channel(channel.id)
    if not isinstance(real, discord.TextChannel):
        raise UserError(f"I can only post in text channels, and {channel.mention} is not one.")
    return real


def check_can_post(channel: discord.TextChannel) -> None:
    """UserError naming every missing permission, if the bot cannot post there."""
    perms = channel.permissions_for(channel.guild.me)
    missing = [label for attr, label in NEEDED if not getattr(perms, attr)]
    if missing:
        raise UserError(f"I can't post in {channel.mention}: I'm missing the "
                        f"{', '.join(missing)} permission{'s' if len(missing) > 1 else ''} "
                        "there. Give me those, then try again.")
