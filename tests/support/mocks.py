"""Mocks specced against discord.py's own classes, so a misspelled attribute fails the test."""

from __future__ import annotations

from unittest import mock

import discord
from discord import app_commands


def interaction(*, done: bool = False, command: str = "outcomes") -> mock.MagicMock:
    """An Interaction whose response and followup record what is sent."""
    inter = mock.MagicMock(spec_set=discord.Interaction)
    inter.response = mock.MagicMock(spec_set=discord.InteractionResponse)
    inter.response.is_done.return_value = done
    inter.response.send_message = mock.AsyncMock()
    inter.response.defer = mock.AsyncMock()

    def acknowledged(*args, **kwargs) -> None:  # as discord.py: a defer acknowledges
        inter.response.is_done.return_value = True

    inter.response.defer.side_effect = acknowledged
    inter.followup = mock.MagicMock(spec_set=discord.Webhook)
    inter.followup.send = mock.AsyncMock()
    inter.command = app_commands.Command(name=command, description="d", callback=_body)
    inter.user = mock.MagicMock(spec=discord.Member)
    inter.user.id = 111
    return inter


async def _body(interaction: discord.Interaction) -> None:
    """A command body for the real Command object the mock interaction carries."""


def shown(text: str) -> str:
    """A message as Discord displays it: markdown escapes are not visible."""
    import re

    return re.sub(r"\\([*_~`|>#\[\]()-])", r"\1", text)
