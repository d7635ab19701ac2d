"""The one error handler for every slash command."""

from __future__ import annotations

import logging

import discord
from discord import app_commands

from bot.answers.errors import UserError
from bot.discord_bot.layout import private
from bot.discord_bot.offload import send
from bot.store.errors import DataFileError, StoreError

log = logging.getLogger(__name__)

APOLOGY = "Sorry, something went wrong answering that. It has been logged; please try again."


def user_message(error: app_commands.AppCommandError) -> str | None:
    """A plain message for a mistake the user can fix, or None for anything else."""
    original = getattr(error, "original", None)
    if isinstance(original, UserError):
        return str(original)
    if isinstance(original, DataFileError):
        return f"Nothing was changed: {original}"
    if isinstance(original, StoreError):  # e.g. disk full: an admin can act on it
        return f"The figures could not be updated ({original}). The figures in service are " \
               "unchanged."
    if isinstance(error, app_commands.MissingPermissions):
        perms = ", ".join(p.replace("_", " ").title() for p in error.missing_permissions)
        return f"You need the {perms} permission to use this command."
    if isinstance(error, app_commands.NoPrivateMessage):
        return "This command works in a server channel, not in direct messages."
    if isinstance(error, app_commands.TransformerError):
        if error.type is discord.AppCommandOptionType.channel:
            return "Pick a text channel in this server."
        return "That is not a valid value for that option."
    if isinstance(error, app_commands.CheckFailure):
        return str(error) or "You can't use this command here."
    return None


async def on_app_command_error(
    interaction: discord.Interaction, error: app_commands.AppCommandError
) -> None:
    """Handle every slash-command error, in this order:

    1. A mistake the user can fix (UserError, a data file that fails its checks,
       too many new charts, missing permission, bad value, failed check): a private, plain
       message; logged at debug level.
    2. Anything else: logged with its traceback; the user gets a short apology
       that reveals nothing about the internals.
    """
    message = user_message(error)
    name = interaction.command.name if interaction.command else "?"
    if message is not None:
        log.debug("/%s refused for user %s: %s", name, interaction.user.id, message)
    else:
        log.error("/%s failed", name, exc_info=getattr(error, "original", error))
        message = APOLOGY
    try:
        await send(interaction, private(message))
    except discord.HTTPException:
        log.warning("could not tell the user about an error in /%s", name, exc_info=True)
