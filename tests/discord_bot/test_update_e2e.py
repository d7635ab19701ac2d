"""/data update, /data status and the daily check, end to end: the real bot on the Discord
stand-in, fetching from a stand-in for CBP's site, both on 127.0.0.1."""

from __future__ import annotations

import asyncio
from datetime import datetime, timezone

import pytest

from bot.discord_bot.updater import next_run
from tests.support.bot import ADMIN, Clock, add_schedule, posts_in, running, with_settings
from tests.support.cbp_files import southwest_series, with_month, write_release
from tests.support.discord_standin import MEMBER_PERMISSIONS, SECOND_CHANNEL_ID, ChannelOption
from tests.support.source_server import SourceServer

FILE = "/sites/default/files/2025-10/nationwide-encounters-fy22-fy25-aug-aor.csv"
NEXT = "/sites/default/files/2025-11/nationwide-encounters-fy22-fy25-aor.csv"
# 08:59:59.5 in New York on Monday 30 November 2026: the daily check at 09:00 is half a
# second away.
JUST_BEFORE = datetime(2026, 11, 30, 13, 59, 59, 500000, tzinfo=timezone.utc)


@pytest.fixture
def site(tmp_path):
    with SourceServer() as s:
        write_release(tmp_path / "first.csv", southwest_series())
        s.serve(FILE, tmp_path / "first.csv")
        yield s


@pytest.fixture
def fetching(settings, site):
    return with_settings(settings, scheduler_poll_seconds=0.05,
                         source_urls={"cbp": site.url("/stats/page")},
                         update_sources=("cbp",))  # EOIR's address is not on this machine


async def _posts(standin, channel, n, timeout=60):
    async def enough():
        while len(posts_in(standin, channel)) < n:
            await asyncio.sleep(0.05)
    await asyncio.wait_for(enough(), timeout)


@pytest.mark.slow
async def test_data_update_takes_the_release_and_tells_the_alert_channels(
        standin, fetching, site, tmp_path):
    async with running(fetching, clock=Clock(JUST_BEFORE)):
        await add_schedule(standin, channel=ChannelOption(SECOND_CHANNEL_ID))  # alerts on
        record = await standin.ask("data update", source="cbp", permissions=ADMIN)
        assert record.message["flags"] & 64  # private
        assert "cbp: took nationwide-encounters-fy22-fy25-aug-aor.csv: October 2021 to " \
               "August 2025" in record.message["content"]
        await _posts(standin, SECOND_CHANNEL_ID, 1)
        # The next month: a revision alert and the release's own sentence.
        more = with_month(southwest_series(), 2025, 9, 7000, 3300)
        write_release(tmp_path / "next.csv", more, closed=True)
        site.serve(NEXT, tmp_path / "next.csv")
        record = await standin.ask("data update", permissions=ADMIN)
        assert "1 month added (September 2025)" in record.message["content"]
        await _posts(standin, SECOND_CHANNEL_ID, 3)
        status = await standin.ask("data status", permissions=ADMIN)
    embeds = [m.json["embeds"][0] for m, _ in posts_in(standin, SECOND_CHANNEL_ID)]
    titles = [e["title"] for e in embeds]
    assert titles.count("New release: CBP nationwide encounters, by area of responsibility") \
        == 2
    assert any(t.startswith("Figures updated: Southwest land border encounters") for t in titles)
    assert any("New CBP figures: September 2025, 10,300 southwest border encounters, 343 a "
               "day, 9.3% more a day than in August." in e["description"] for e in embeds)
    assert all(m.json["allowed_mentions"] == {"parse": []}
               for m, _ in posts_in(standin, SECOND_CHANNEL_ID))
    text = status.message["content"]
    assert "cbp: fetched" in text and "nationwide-encounters-fy22-fy25-aor.csv" in text
    assert "trac\\_asylum\\_outcomes: entered by hand" in text or \
        "trac_asylum_outcomes: entered by hand" in text


@pytest.mark.slow
async def test_the_daily_check_runs_at_its_time(standin, fetching, site):
    scheduled = with_settings(fetching, update=True, update_at="09:00",
                              update_tz="America/New_York")
    async with running(scheduled, clock=Clock(JUST_BEFORE)) as bot:
        await add_schedule(standin, channel=ChannelOption(SECOND_CHANNEL_ID))
        await _posts(standin, SECOND_CHANNEL_ID, 1)
        assert bot.updater.next_at is not None
    (call, _), = posts_in(standin, SECOND_CHANNEL_ID)
    assert call.json["embeds"][0]["description"].startswith("New CBP figures: August 2025")
    assert site.seen("GET", FILE)


@pytest.mark.parametrize("command", ["data update", "data status"])
async def test_members_cannot_update_or_see_status(standin, fetching, site, command):
    async with running(fetching, clock=Clock(JUST_BEFORE)):
        record = await standin.ask(command, permissions=MEMBER_PERMISSIONS)
    assert "Manage" in record.message["content"] and "permission" in record.message["content"]
    assert not site.requests


def test_the_next_check_is_at_the_local_time_daylight_saving_included():
    ny = "America/New_York"
    before = datetime(2026, 11, 30, 11, 0, tzinfo=timezone.utc)  # 06:00 in New York
    assert next_run(before, "06:30", ny) == datetime(2026, 11, 30, 11, 30, tzinfo=timezone.utc)
    after = datetime(2026, 11, 30, 12, 0, tzinfo=timezone.utc)
    assert next_run(after, "06:30", ny) == datetime(2026, 12, 1, 11, 30, tzinfo=timezone.utc)
    summer = datetime(2026, 7, 1, 9, 0, tzinfo=timezone.utc)  # EDT: UTC-4
    assert next_run(summer, "06:30", ny) == datetime(2026, 7, 1, 10, 30, tzinfo=timezone.utc)
    # 02:30 does not exist on 8 March 2026 in New York: the check runs at 03:30 EDT.
    spring = datetime(2026, 3, 8, 6, 0, tzinfo=timezone.utc)
    assert next_run(spring, "02:30", ny) == datetime(2026, 3, 8, 7, 30, tzinfo=timezone.utc)


@pytest.mark.slow
async def test_encounters_broken_down_in_discord_once_the_file_is_in(standin, fetching, site):
    async with running(fetching, clock=Clock(JUST_BEFORE)):
        before = await standin.ask("encounters", period="2024-04", nationality="venez")
        await standin.ask("data update", source="cbp", permissions=ADMIN)
        choices = await standin.interact("encounters", focused="nationality",
                                         nationality="venez")
        await asyncio.wait_for(choices.done.wait(), 10)
        answer = await standin.ask("encounters", period="2024-04", nationality="VENEZUELA")
        ranked = await standin.ask("encounters", period="2024", by="nationality")
    assert "python -m bot update cbp" in before.message["content"]
    assert {"name": "Venezuela", "value": "VENEZUELA"} in choices.final.json["data"]["choices"]
    embed = answer.message["embeds"][0]
    assert "citizens of Venezuela" in embed["title"] and "a day" in embed["description"]
    assert answer.message["allowed_mentions"] == {"parse": []}
    assert "by nationality" in ranked.message["embeds"][0]["title"]
