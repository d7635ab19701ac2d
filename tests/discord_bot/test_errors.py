"""The error handler: private plain messages for user mistakes, an apology for the rest."""

from __future__ import annotations

import logging

import pytest
from discord import app_commands

from bot.answers.errors import UnknownYear
from bot.discord_bot.errors import APOLOGY, on_app_command_error
from tests.support.mocks import interaction


def invoke_error(exc: Exception) -> app_commands.CommandInvokeError:
    command = app_commands.Command(name="outcomes", description="d", callback=_callback)
    return app_commands.CommandInvokeError(command, exc)


async def _callback(interaction) -> None:  # a stand-in command body
    pass


async def test_user_error_is_private_and_plain():
    inter = interaction()
    await on_app_command_error(inter, invoke_error(UnknownYear("No figures for FY2030.")))
    kwargs = inter.response.send_message.await_args.kwargs
    assert kwargs["content"] == "No figures for FY2030."
    assert kwargs["ephemeral"] is True
    assert kwargs["allowed_mentions"].to_dict() == {"parse": []}


async def test_after_defer_the_message_goes_as_followup():
    inter = interaction(done=True)
    await on_app_command_error(inter, invoke_error(UnknownYear("nope")))
    inter.response.send_message.assert_not_awaited()
    assert inter.followup.send.await_args.kwargs["content"] == "nope"


async def test_missing_permission_names_it():
    inter = interaction()
    await on_app_command_error(inter, app_commands.MissingPermissions(["manage_guild"]))
    content = inter.response.send_message.await_args.kwargs["content"]
    assert content == "You need the Manage Guild permission to use this command."


async def test_unexpected_error_is_logged_with_traceback_and_apologised(caplog):
    inter = interaction()
    with caplog.at_level(logging.ERROR):
        await on_app_command_error(inter, invoke_error(KeyError("internal detail")))
    kwargs = inter.response.send_message.await_args.kwargs
    assert kwargs["content"] == APOLOGY
    assert "internal detail" not in kwargs["content"]
    (record,) = caplog.records
    assert record.exc_info and isinstance(record.exc_info[1], KeyError)


@pytest.mark.parametrize("done", [False, True])
async def test_handler_survives_a_failed_send(done, caplog):
    import discord

    inter = interaction(done=done)
    failing = (inter.followup.send if done else inter.response.send_message)
    failing.side_effect = discord.HTTPException(_response(), "gone")
    await on_app_command_error(inter, invoke_error(UnknownYear("x")))  # does not raise
    failing.assert_awaited_once()
    assert "could not tell the user about an error in /outcomes" in caplog.text


def _response():
    from unittest import mock

    r = mock.MagicMock()
    r.status, r.reason = 404, "Not Found"
    return r
