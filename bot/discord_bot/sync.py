"""Register slash commands with Discord when what Discord has differs from the bot's own.

At start the bot asks Discord what is registered for its scope (one server,
or global) and registers only when that differs in anything a user sees or
that decides who may use a command: names, descriptions, options, choices,
permissions. Ids and versions are Discord's bookkeeping and are ignored.
Asking costs one request; registering unconditionally would spend Discord's
daily limit on command creation (200 a day per server) on every restart.
"""

from __future__ import annotations

import json
import logging

import discord
from discord import app_commands

log = logging.getLogger(__name__)

# Discord's bookkeeping, and fields it fills in or leaves out as it likes when echoing.
IGNORED = frozenset({"id", "application_id", "guild_id", "version", "dm_permission",
                     "name_localized", "description_localized"})


def definitions(tree: app_commands.CommandTree, guild_id: int | None) -> list[dict]:
    """The payload a sync would send for this scope."""
    guild = discord.Object(guild_id) if guild_id else None
    return [cmd.to_dict(tree) for cmd in tree.get_commands(guild=guild)]


def as_registered(tree: app_commands.CommandTree, payload: list[dict]) -> list[dict]:
    """The payload as it would read back from Discord, through the same discord.py model.

    discord.py's model does not keep every field exactly as sent (contexts, for one),
    so both sides go through it before they are compared.
    """
    # A context menu is sent without a description; Discord stores it as "".
    return registered([app_commands.AppCommand(data={"description": "", **d, "id": 0,
                                                     "application_id": 0},
                                               state=tree._state) for d in payload])


def registered(commands: list[app_commands.AppCommand]) -> list[dict]:
    """What Discord has, in the same shape as `definitions`."""
    out = []
    for c in commands:
        d = c.to_dict()
        perms = c.default_member_permissions
        d["default_member_permissions"] = None if perms is None else perms.value
        d["nsfw"] = c.nsfw
        out.append(d)
    return out


def canonical(value):
    """Drop ids, defaults and empties; stringify numbers Discord sends as strings; sort."""
    if isinstance(value, dict):
        out = {k: canonical(v) for k, v in value.items() if k not in IGNORED}
        return {k: v for k, v in out.items() if v not in (None, False, [], {}, "")}
    if isinstance(value, list):
        items = [canonical(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True))
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


# Discord fills these in with its defaults when a command does not set them.
DEFAULTED = ("contexts", "integration_types")


def differ(local: list[dict], remote: list[dict]) -> bool:
    """Whether registering `local` would change anything Discord has."""
    unset = {c["name"]: [k for k in DEFAULTED if not c.get(k)] for c in local}
    remote = [{k: v for k, v in c.items() if k not in unset.get(c.get("name"), ())}
              for c in remote]
    return canonical(local) != canonical(remote)


async def sync(tree: app_commands.CommandTree, guild_id: int | None, *,
               force: bool = False) -> bool:
    """Register the commands for DISCORD_GUILD_ID (or globally) if Discord's differ.

    Returns True if they were registered. `force` registers without asking.
    """
    guild = discord.Object(guild_id) if guild_id else None
    where = f"in server {guild_id}" if guild_id else "globally"
    if not force:
        remote = registered(await tree.fetch_commands(guild=guild))
        if not differ(as_registered(tree, definitions(tree, guild_id)), remote):
            log.info("slash commands %s match the bot's; not re-registering", where)
            return False
    done = await tree.sync(guild=guild)
    log.info("registered %d slash commands %s", len(done), where)
    return True
