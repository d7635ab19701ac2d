"""The README documents every command, slash command and setting the code has."""

from __future__ import annotations

import re

import pytest

from bot.answers.questions import COMMANDS
from bot.cli import build_parser
from tests.support.paths import ROOT

README = (ROOT / "README.md").read_text()


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_console_command_is_documented(name):
    assert f"`/{name}" in README


def test_every_cli_subcommand_is_documented():
    sub = next(a for a in build_parser()._actions if a.dest == "command")
    for name in sub.choices:
        assert f"-m bot {name}" in README, name


def slash_commands() -> list[str]:
    from discord import app_commands

    from bot.discord_bot.cogs.alerts import AlertsCog
    from bot.discord_bot.cogs.answers import AnswersCog
    from bot.discord_bot.cogs.data import DataCog
    from bot.discord_bot.cogs.schedules import SchedulesCog

    names = []
    for cog in (AnswersCog, SchedulesCog, AlertsCog, DataCog):
        for cmd in cog.__cog_app_commands__:
            if isinstance(cmd, app_commands.Group):
                names += [f"/{cmd.name} {sub.name}" for sub in cmd.commands]
            else:
                names.append(f"/{cmd.name}")
    return names


def test_every_slash_command_is_documented():
    names = slash_commands()
    assert len(names) == 26
    for name in names:
        assert name in README, name


def test_every_setting_is_documented():
    example = (ROOT / ".env.example").read_text()
    for name in re.findall(r"^([A-Z_]+)=", example, re.M):
        assert f"`{name}`" in README, name
