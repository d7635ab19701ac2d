"""Command registration: asked of Discord at start, registered only when Discord's differ."""

from __future__ import annotations

from bot.discord_bot.sync import canonical, differ
from tests.support.bot import running, with_settings
from tests.support.discord_standin import GUILD_ID, DiscordStandIn


def puts(standin):
    return [c for c in standin.calls if c.method == "PUT"]


async def test_a_second_start_registers_nothing(standin, settings):
    async with running(settings) as first:
        assert first.synced is True
    assert len(puts(standin)) == 1
    async with running(settings) as second:
        assert second.synced is False
    assert len(puts(standin)) == 1


async def test_a_discord_without_the_commands_gets_them(standin, settings, monkeypatch):
    """A new application, a restored store or commands deleted in the portal: register again."""
    async with running(settings):
        pass
    async with DiscordStandIn() as fresh:
        fresh.point_client_here(monkeypatch)
        async with running(settings) as bot:
            assert bot.synced is True
        assert {c["name"] for c in fresh.registered[str(GUILD_ID)]} >= {"outcomes", "schedule"}


async def test_commands_deleted_or_changed_in_discord_are_registered_again(standin, settings):
    async with running(settings):
        pass
    standin.registered[str(GUILD_ID)] = standin.registered[str(GUILD_ID)][1:]
    async with running(settings) as bot:
        assert bot.synced is True
    changed = standin.registered[str(GUILD_ID)]
    changed[0] = {**changed[0], "description": "an older description"}
    async with running(settings) as bot:
        assert bot.synced is True
    assert len(puts(standin)) == 3


async def test_without_guild_commands_sync_globally(standin, settings):
    async with running(with_settings(settings, guild_id=None)):
        pass
    assert {c["name"] for c in standin.registered["global"]} >= {"outcomes", "compare"}


def test_ids_versions_and_defaults_do_not_count_as_differences():
    local = [{"name": "a", "description": "d", "type": 1, "nsfw": False, "options": [
        {"name": "x", "type": 4, "required": False, "description": "y"}],
        "default_member_permissions": 32}]
    remote = [{"name": "a", "description": "d", "type": 1, "id": "9", "version": "7",
               "application_id": "1", "options": [{"name": "x", "type": 4, "description": "y"}],
               "default_member_permissions": "32", "contexts": [0, 1, 2]}]
    assert not differ(local, remote)
    assert differ(local, [{**remote[0], "default_member_permissions": None}])
    assert canonical({"choices": [{"name": "b"}, {"name": "a"}]}) == \
        {"choices": [{"name": "a"}, {"name": "b"}]}
