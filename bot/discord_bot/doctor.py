"""The doctor's Discord checks: the token, the gateway's intents, and every channel the
bot posts to (schedules and alerts) letting it see, send, embed and attach."""

from __future__ import annotations

import asyncio

import discord

from bot.discord_bot.channels import NEEDED
from bot.doctor import Check
from bot.schedules.records import Schedules
from bot.settings import Settings

CONNECT_SECONDS = 30


def discord_checks(settings: Settings) -> list[Check]:
    return asyncio.run(_checks(settings))


async def _checks(settings: Settings) -> list[Check]:
    """Connect as the bot does (the same intents), read the servers, close."""
    client = discord.Client(intents=discord.Intents(guilds=True))
    out: list[Check] = []
    try:
        await client.login(settings.token.reveal())
    except discord.LoginFailure:
        await client.close()
        return [Check(False, "Discord rejected DISCORD_TOKEN",
                      "copy the token again from the Developer Portal (Bot, Reset Token) "
                      "into .env or the environment")]
    out.append(Check(True, f"the token is accepted (the bot is {client.user})"))
    task = asyncio.create_task(client.connect(reconnect=False))
    try:
        await asyncio.wait_for(client.wait_until_ready(), CONNECT_SECONDS)
        out.append(Check(True, f"the gateway takes the bot's intents (guilds only, none "
                               f"privileged); in {len(client.guilds)} server(s)"))
        out += _channels(client, settings)
    except (asyncio.TimeoutError, discord.PrivilegedIntentsRequired,
            discord.ConnectionClosed) as exc:
        out.append(Check(False, f"the gateway did not take the bot ({type(exc).__name__})",
                         "check the bot's intents in the Developer Portal and that Discord "
                         "is reachable"))
    finally:
        await client.close()
        task.cancel()
    return out


def _channels(client: discord.Client, settings: Settings) -> list[Check]:
    schedules = Schedules(settings.db_path)
    wanted = {(s.guild_id, s.channel_id): f"schedule {s.id}" for s in schedules.enabled()}
    for guild_id, channel_id in schedules.alert_channels():
        wanted.setdefault((guild_id, channel_id), "alerts")
    out = []
    for (_guild, channel_id), why in sorted(wanted.items()):
        channel = client.get_channel(channel_id)
        if not isinstance(channel, discord.TextChannel):
            out.append(Check(False, f"channel {channel_id} ({why}) is not one the bot can "
                                    "see", "add the bot to that server and give it View "
                                           "Channel there, or remove the schedule"))
            continue
        perms = channel.permissions_for(channel.guild.me)
        missing = [label for attr, label in NEEDED if not getattr(perms, attr)]
        out.append(Check(not missing, f"#{channel.name} ({why}): the bot can see it, send, "
                                      "embed and attach" if not missing else
                         f"#{channel.name} ({why}): missing {', '.join(missing)}",
                         f"give the bot {', '.join(missing)} in #{channel.name}"))
    return out
