"""Register slash commands with Discord only when their definitions have changed.

Discord limits command creation to 200 a day per server, so the bot keeps a
hash of what it last registered (per scope: one server or global) in the store.
"""

from __future__ import annotations

import hashlib
import json
import logging

import discord
from discord import app_commands

log = logging.getLogger(__name__)


def scope_key(guild_id: int | None) -> str:
    return f"commands_hash:{guild_id or 'global'}"


def definitions(tree: app_commands.CommandTree, guild_id: int | None) -> list[dict]:
    """The payload sync() would send for this scope."""
    guild = discord.Object(guild_id) if guild_id else None
    return [cmd.to_dict(tree) for cmd in tree.get_commands(guild=guild)]


def definitions_hash(tree: app_commands.CommandTree, guild_id: int | None) -> str:
    payload = json.dumps(definitions(tree, guild_id), sort_keys=True, default=str)
    return hashlib.sha256(payload.encode()).hexdigest()


async def sync(bot, *, force: bool = False) -> bool:
    """Sync to DISCORD_GUILD_ID (or globally) if the definitions changed; True if synced."""
    guild_id = bot.settings.guild_id
    new = definitions_hash(bot.tree, guild_id)
    key = scope_key(guild_id)
    old = await bot.responder.run(lambda: bot.state.get(key))
    if old == new and not force:
        log.info("slash commands unchanged since the last sync; not re-registering")
        return False
    guild = discord.Object(guild_id) if guild_id else None
    registered = await bot.tree.sync(guild=guild)
    await bot.responder.run(lambda: bot.state.set(key, new))
    log.info("registered %d slash commands %s", len(registered),
             f"in server {guild_id}" if guild_id else "globally")
    return True
