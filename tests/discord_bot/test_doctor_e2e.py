"""The doctor's Discord checks against the stand-in: the token, the gateway, and each
channel the bot posts to, with the permission a channel lacks named."""

from __future__ import annotations

import dataclasses
from datetime import datetime, time, timezone

from bot.discord_bot.doctor import _checks
from bot.schedules.records import Schedules
from bot.schedules.timing import Timing
from bot.settings import Secret
from tests.support.discord_standin import CHANNEL_ID, GUILD_ID, NO_FILES_CHANNEL_ID


async def test_token_gateway_and_channels(standin, settings):
    schedules = Schedules(settings.db_path)
    now = datetime(2026, 11, 30, tzinfo=timezone.utc)
    schedules.add(guild_id=GUILD_ID, channel_id=CHANNEL_ID, timing=Timing(time(9), "UTC"),
                  dataset=None, year=None, alerts=False, created_by=1, now=now)
    schedules.alerts_on(GUILD_ID, NO_FILES_CHANNEL_ID, 1, now)
    checks = await _checks(settings)
    lines = [c.line for c in checks]
    assert lines[0].startswith("✓ the token is accepted")
    assert lines[1].startswith("✓ the gateway takes the bot's intents")
    assert "✓ #desk (schedule 1): the bot can see it, send, embed and attach" in lines
    (bad,) = [c for c in checks if not c.ok]
    assert bad.line == ("✗ #no-files (alerts): missing Embed Links, Attach Files — give the "
                        "bot Embed Links, Attach Files in #no-files")


async def test_a_rejected_token_is_one_line(standin, settings):
    standin.reject_login = True  # as Discord answers a revoked token
    wrong = dataclasses.replace(settings, token=Secret("not-a-token"))
    (only,) = await _checks(wrong)
    assert not only.ok and "Discord rejected DISCORD_TOKEN" in only.line
    assert "not-a-token" not in only.line
