"""Scheduling, posting, imports and alerts, end to end through the local Discord stand-in."""

from __future__ import annotations

import asyncio
import io
import logging
from datetime import datetime, timedelta, timezone

import pytest
from PIL import Image

from bot.discord_bot import limits
from tests.support import openapi
from tests.support.bot import (
    ADMIN,
    BEFORE_NINE,
    Clock,
    add_schedule,
    posts_in,
    running,
    wait_for_posts,
    with_settings,
)
from tests.support.discord_standin import (
    ADMINISTRATOR,
    CHANNEL_ID,
    GUILD_ID,
    MEMBER_PERMISSIONS,
    NO_FILES_CHANNEL_ID,
    OTHER_CHANNEL_ID,
    OTHER_GUILD_ID,
    SECOND_CHANNEL_ID,
    ChannelOption,
    FileOption,
)
from tests.support.mocks import shown
from tests.support.paths import DATASET


@pytest.fixture
def fast(settings):
    return with_settings(settings, scheduler_poll_seconds=0.05)



async def test_schedule_add_confirms_privately_with_next_post(standin, fast):
    clock = Clock(BEFORE_NINE)
    async with running(fast, clock=clock):
        record = await add_schedule(standin)
    message = record.message
    assert message["flags"] & 64
    assert shown(message["content"]).startswith(
        f"Schedule #1: the digest in <#{CHANNEL_ID}> every Monday at 09:00 America/New_York. "
        "Next post: Mon 30 Nov 2026 09:00 EST")


async def test_due_schedule_posts_digest_with_chart_once_across_restart(standin, fast, caplog):
    clock = Clock(BEFORE_NINE)
    async with running(fast, clock=clock):
        await add_schedule(standin)
        await asyncio.sleep(0.3)
        assert standin.channel_posts == []  # not yet nine
        clock.now = BEFORE_NINE + timedelta(seconds=45)
        await wait_for_posts(standin, 1)
    ((call, message),) = posts_in(standin)
    (embed,) = call.json["embeds"]
    assert embed["title"].startswith("Latest figures: Asylum case outcomes")
    assert "FY2024 (through April)" in embed["title"]
    assert "first post here" in embed["description"]
    assert embed["footer"]["text"].startswith("Source: TRAC Immigration")
    ((_, png),) = call.files.values()
    assert Image.open(io.BytesIO(png)).size == (1200, 675)
    assert call.json["allowed_mentions"] == {"parse": []}
    assert call.json["enforce_nonce"] is True and len(call.json["nonce"]) <= 25
    assert openapi.errors("MessageCreateRequest", call.json) == []
    assert limits.problems(call.json, list(call.files.values())) == []

    # A restart right after the post: nothing goes out twice.
    clock.now += timedelta(seconds=5)
    async with running(fast, clock=clock) as again:
        await asyncio.sleep(0.4)
        rows = again.poster.schedules.posts(CHANNEL_ID)
    assert len(posts_in(standin)) == 1
    assert [(r["status"], r["message_id"]) for r in rows] == [("sent", int(message["id"]))]


async def test_next_weeks_post_says_nothing_changed(standin, fast):
    clock = Clock(BEFORE_NINE)
    async with running(fast, clock=clock):
        await add_schedule(standin)
        clock.now = BEFORE_NINE + timedelta(minutes=1)
        await wait_for_posts(standin, 1)
        clock.now = BEFORE_NINE + timedelta(days=7, minutes=1)
        await wait_for_posts(standin, 2)
    second = posts_in(standin)[1][0].json["embeds"][0]["description"]
    assert "No figures have changed since the previous post" in second


async def test_missed_post_within_grace_goes_out_at_start_up(standin, fast):
    clock = Clock(BEFORE_NINE)
    async with running(fast, clock=clock):
        await add_schedule(standin)
    clock.now = BEFORE_NINE + timedelta(minutes=40)  # the bot was down at nine
    async with running(fast, clock=clock):
        await wait_for_posts(standin, 1)
    assert len(posts_in(standin)) == 1


async def test_post_missed_beyond_grace_is_skipped_and_logged(standin, fast, caplog):
    clock = Clock(BEFORE_NINE)
    async with running(fast, clock=clock):
        await add_schedule(standin)
    clock.now = BEFORE_NINE + timedelta(hours=3)
    with caplog.at_level(logging.WARNING):
        async with running(fast, clock=clock) as bot:
            await asyncio.sleep(0.5)
            rows = bot.poster.schedules.posts(CHANNEL_ID)
    assert standin.channel_posts == []
    assert [r["status"] for r in rows] == ["skipped"]
    assert "skipped the post due 2026-11-30T14:00:00+00:00" in caplog.text


async def test_import_that_changes_figures_posts_what_changed(standin, fast, data_dir):
    clock = Clock(BEFORE_NINE)
    csv = (data_dir / f"{DATASET}.csv").read_bytes()
    revised = csv.replace(b"2024,through-april,33349,26514,113843",
                          b"2024,full,57000,45000,190000")
    async with running(fast, clock=clock):
        await add_schedule(standin, channel=ChannelOption(SECOND_CHANNEL_ID))  # alerts on
        await asyncio.sleep(0.2)
        record = await standin.ask("data import", file=FileOption("new.csv", revised),
                                   permissions=ADMIN)
        await wait_for_posts(standin, 1)
    assert "4 figures revised" in record.message["content"]
    assert record.message["flags"] & 64
    ((call, _),) = posts_in(standin, SECOND_CHANNEL_ID)
    (embed,) = call.json["embeds"]
    assert embed["title"] == "Figures updated: Asylum case outcomes in US immigration courts"
    assert "FY2024 now covers full year, was 7 of 12 months." in embed["description"]
    table = embed["description"].split("```")[1]
    assert "FY2024 Remain  113,843 190,000" in table
    assert "FY2024 Period     7 mo   12 mo" in table
    assert call.json["allowed_mentions"] == {"parse": []}
    assert (data_dir / f"{DATASET}.csv").read_bytes() == revised


async def test_bad_import_names_file_row_column_and_changes_nothing(standin, fast, data_dir):
    before = (data_dir / f"{DATASET}.csv").read_bytes()
    bad = before.replace(b"2019,full,52223", b"2019,full,-52223")
    async with running(fast, clock=Clock(BEFORE_NINE)) as bot:
        version = bot.service.reader.snapshot().version
        record = await standin.ask("data import", file=FileOption("bad.csv", bad),
                                   permissions=ADMIN)
        assert bot.service.reader.snapshot().version == version
    assert shown(record.message["content"]) == (
        f"Nothing was changed: {DATASET}.csv, line 7, column 'ordered_removed': '-52223' is "
        "negative; counts cannot be below zero")
    assert (data_dir / f"{DATASET}.csv").read_bytes() == before


async def test_oversized_import_is_refused_before_download(standin, fast):
    async with running(with_settings(fast, import_max_bytes=100), clock=Clock(BEFORE_NINE)):
        record = await standin.ask("data import", file=FileOption("big.csv", b"x" * 500),
                                   permissions=ADMIN)
    assert "the limit is 100" in record.message["content"]
    assert not any(c.path.startswith("/uploads/") for c in standin.calls)


async def test_data_reload_picks_up_a_changed_file(standin, fast, data_dir):
    csv = data_dir / f"{DATASET}.csv"
    async with running(fast, clock=Clock(BEFORE_NINE)) as bot:
        csv.write_text(csv.read_text().replace("52440", "52441"))
        record = await standin.ask("data reload", permissions=ADMIN)
        answer = await asyncio.to_thread(bot.service.ask, "/outcomes 2023")
    assert "1 figure revised" in record.message["content"]
    assert "52,441" in answer.tables[0].text()


async def test_running_bot_sees_a_load_from_the_command_line(standin, fast, data_dir, loaded):
    from bot.store.loader import load

    csv = data_dir / f"{DATASET}.csv"
    async with running(fast, clock=Clock(BEFORE_NINE)):
        csv.write_text(csv.read_text().replace("149305", "150000"))
        await asyncio.to_thread(load, data_dir, loaded)
        record = await standin.ask("outcomes", year=2023)
    assert "150,000" in record.message["embeds"][0]["description"]


@pytest.mark.parametrize("command", ["schedule add", "schedule remove", "data reload", "alerts"])
async def test_admin_commands_refuse_members_without_manage_server(standin, fast, command):
    options = {"schedule add": dict(channel=ChannelOption(CHANNEL_ID), time="09:00",
                                    timezone="UTC", cadence="daily"),
               "schedule remove": dict(schedule_id=1), "data reload": {},
               "alerts": dict(action="on")}[command]
    async with running(fast, clock=Clock(BEFORE_NINE)) as bot:
        record = await standin.ask(command, permissions=MEMBER_PERMISSIONS, **options)
        assert bot.poster.schedules.for_guild(GUILD_ID) == []
    assert record.message["flags"] & 64
    assert record.message["content"] == \
        "You need the Manage Guild permission to use this command."


async def test_administrator_counts_as_manage_server(standin, fast):
    async with running(fast, clock=Clock(BEFORE_NINE)):
        record = await add_schedule(standin, permissions=MEMBER_PERMISSIONS | ADMINISTRATOR)
    assert record.message["content"].startswith("Schedule #1")


async def test_channel_without_permissions_is_refused_by_name(standin, fast):
    async with running(fast, clock=Clock(BEFORE_NINE)) as bot:
        record = await add_schedule(standin, channel=ChannelOption(NO_FILES_CHANNEL_ID))
        assert bot.poster.schedules.for_guild(GUILD_ID) == []
    assert record.message["content"] == (
        f"I can't post in <#{NO_FILES_CHANNEL_ID}>: I'm missing the Embed Links, Attach Files "
        "permissions there. Give me those, then try again.")


async def test_channel_in_another_server_is_refused(standin, fast):
    async with running(fast, clock=Clock(BEFORE_NINE)) as bot:
        record = await add_schedule(standin, channel=ChannelOption(OTHER_CHANNEL_ID))
        assert bot.poster.schedules.for_guild(GUILD_ID) == []
    assert record.message["flags"] & 64
    assert "this server" in record.message["content"]


async def test_servers_cannot_see_or_remove_each_others_schedules(standin, fast):
    async with running(fast, clock=Clock(BEFORE_NINE)) as bot:
        await add_schedule(standin)
        listing = await standin.ask("schedule list", guild_id=OTHER_GUILD_ID,
                                    channel_id=OTHER_CHANNEL_ID)
        removal = await standin.ask("schedule remove", schedule_id=1, permissions=ADMIN,
                                    guild_id=OTHER_GUILD_ID, channel_id=OTHER_CHANNEL_ID)
        preview = await standin.ask("schedule preview", schedule_id=1, guild_id=OTHER_GUILD_ID,
                                    channel_id=OTHER_CHANNEL_ID)
        assert len(bot.poster.schedules.for_guild(GUILD_ID)) == 1
    assert "No scheduled posts in this server." in listing.message["embeds"][0]["description"]
    assert removal.message["content"].startswith("There is no schedule #1 in this server")
    assert preview.message["content"].startswith("There is no schedule #1 in this server")


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [({"timezone": "Mars/Olympus"}, "IANA timezone name such as America/New_York"),
     ({"time": "25:00"}, "Times look like 09:00, 9:30, 17:45, 9am or 5:45pm"),
     ({"weekday": None}, "Weekly posts need a weekday"),
     ({"year": 2030}, "Years available: FY2014 to FY2024")],
)
async def test_bad_schedule_input_shows_accepted_forms(standin, fast, overrides, expected):
    async with running(fast, clock=Clock(BEFORE_NINE)) as bot:
        record = await add_schedule(standin, **overrides)
        assert bot.poster.schedules.for_guild(GUILD_ID) == []
    assert record.message["flags"] & 64
    assert expected in shown(record.message["content"])


async def test_deleted_channel_disables_schedule_and_list_says_so(standin, fast):
    async with running(fast, clock=Clock(BEFORE_NINE)) as bot:
        await add_schedule(standin, channel=ChannelOption(SECOND_CHANNEL_ID))
        await standin.delete_channel(SECOND_CHANNEL_ID)
        for _ in range(100):
            if not bot.poster.schedules.enabled():
                break
            await asyncio.sleep(0.02)
        record = await standin.ask("schedule list")
    text = record.message["embeds"][0]["description"]
    assert "**Disabled**: the channel was deleted." in text
    assert "Figures-updated alerts" not in text


async def test_preview_and_list_and_remove(standin, fast):
    async with running(fast, clock=Clock(BEFORE_NINE)):
        await add_schedule(standin, year=2022, alerts=False)
        preview = await standin.ask("schedule preview", schedule_id=1)
        listing = await standin.ask("schedule list")
        removed = await standin.ask("schedule remove", schedule_id=1, permissions=ADMIN)
        after = await standin.ask("schedule list")
    assert preview.message["flags"] & 64
    assert preview.message["embeds"][0]["title"].endswith("FY2022")
    assert standin.channel_posts == []  # a preview posts nothing in the channel
    assert "**#1** FY2022 outcomes" in listing.message["embeds"][0]["description"]
    assert "every Monday at 09:00 America/New_York" in listing.message["embeds"][0]["description"]
    assert removed.message["content"] == "Schedule #1 removed."
    assert "No scheduled posts" in after.message["embeds"][0]["description"]


async def test_changes_command_lists_revisions(standin, fast, data_dir):
    csv = data_dir / f"{DATASET}.csv"
    async with running(fast, clock=Clock(BEFORE_NINE)):
        csv.write_text(csv.read_text().replace("52440", "52441"))
        await standin.ask("data reload", permissions=ADMIN)
        record = await standin.ask("changes")
    description = record.message["embeds"][0]["description"]
    assert "FY2023 Removed 52,440 52,441" in description


async def claim_in_flight(settings, claimed_at: datetime):
    """A post claimed by a bot that stopped before it heard back from Discord."""
    from bot.schedules import plan
    from bot.schedules.records import Schedules
    from bot.schedules.timing import Timing

    store = Schedules(settings.db_path)
    s = store.add(guild_id=GUILD_ID, channel_id=CHANNEL_ID,
                  timing=Timing(datetime.min.time().replace(hour=9), "America/New_York", 0),
                  dataset=None, year=None, alerts=False, created_by=1,
                  now=claimed_at - timedelta(days=1))
    due = datetime(2026, 11, 30, 14, 0, tzinfo=timezone.utc)
    post = store.claim(key=plan.post_key(s, due), kind="scheduled", guild_id=GUILD_ID,
                       channel_id=CHANNEL_ID, schedule_id=s.id, due_at=due, data_version="v",
                       now=claimed_at)
    store.advance(s.id, due)
    return store, post


async def test_post_interrupted_mid_send_is_completed_without_a_double(standin, fast):
    now = datetime(2026, 11, 30, 14, 0, 30, tzinfo=timezone.utc)
    store, post = await claim_in_flight(fast, now)
    earlier = standin.pretend_sent(CHANNEL_ID, post.nonce)  # it reached Discord, then we died
    async with running(fast, clock=Clock(now + timedelta(seconds=30))):
        for _ in range(100):
            if store.posts(CHANNEL_ID)[0]["status"] != "sending":
                break
            await asyncio.sleep(0.02)
    assert len(standin.channel_posts) == 1  # Discord matched the nonce: no second message
    (row,) = store.posts(CHANNEL_ID)
    assert (row["status"], row["message_id"]) == ("sent", int(earlier["id"]))


async def test_post_interrupted_long_ago_is_recorded_not_resent(standin, fast, caplog):
    now = datetime(2026, 11, 30, 14, 0, 30, tzinfo=timezone.utc)
    store, _ = await claim_in_flight(fast, now)
    with caplog.at_level(logging.ERROR):
        async with running(fast, clock=Clock(now + timedelta(minutes=10))):
            for _ in range(100):
                if store.posts(CHANNEL_ID)[0]["status"] != "sending":
                    break
                await asyncio.sleep(0.02)
    assert standin.channel_posts == []
    assert store.posts(CHANNEL_ID)[0]["status"] == "unknown"
    assert "may or may not have reached channel" in caplog.text


async def test_timezone_autocomplete(standin, fast):
    async with running(fast, clock=Clock(BEFORE_NINE)):
        record = await standin.interact("schedule add", focused="timezone", timezone="new_y",
                                        channel=ChannelOption(CHANNEL_ID), time="09:00",
                                        cadence="daily", permissions=ADMIN)
        await record.done.wait()
        empty = await standin.interact("schedule add", focused="timezone", timezone="",
                                       channel=ChannelOption(CHANNEL_ID), time="09:00",
                                       cadence="daily", permissions=ADMIN)
        await empty.done.wait()
    assert record.callbacks[0].json["data"]["choices"][0]["value"] == "America/New_York"
    assert empty.callbacks[0].json["data"]["choices"][0]["value"] == "America/New_York"
    assert len(empty.callbacks[0].json["data"]["choices"]) <= 25


class RealTimeClock:
    """The real clock, moved to a chosen moment: time passes as it really does."""

    def __init__(self, moment: datetime) -> None:
        self.offset = moment - datetime.now(timezone.utc)

    def __call__(self) -> datetime:
        return datetime.now(timezone.utc) + self.offset


@pytest.mark.slow
async def test_a_post_leaves_within_seconds_of_its_minute(standin, settings):
    """With the default poll of 20 s, the poster still wakes for the post's own minute."""
    clock = RealTimeClock(datetime(2026, 11, 30, 13, 59, 57, tzinfo=timezone.utc))
    due = datetime(2026, 11, 30, 14, 0, tzinfo=timezone.utc)
    async with running(settings, clock=clock):
        await add_schedule(standin, time="14:00", timezone="UTC", cadence="daily", alerts=False)
        await wait_for_posts(standin, 1, timeout=15)
        late = clock() - due
    assert timedelta(0) <= late < timedelta(seconds=5), late


async def test_first_revision_after_a_first_start_is_announced(standin, settings, data_dir):
    """Alerts on and an import at once, before the poster's first pass: one post, old → new."""
    csv = (data_dir / f"{DATASET}.csv").read_bytes()
    revised = csv.replace(b"2023,full,52440", b"2023,full,52441")
    async with running(settings, clock=Clock(BEFORE_NINE)) as bot:
        old = bot.service.reader.snapshot().version
        await standin.ask("alerts", action="on", channel=ChannelOption(SECOND_CHANNEL_ID),
                          permissions=ADMIN)
        await standin.ask("data import", file=FileOption("new.csv", revised), permissions=ADMIN)
        new = bot.service.reader.snapshot().version
        await wait_for_posts(standin, 1)
        await asyncio.sleep(0.2)
    ((call, _),) = posts_in(standin, SECOND_CHANNEL_ID)
    description = call.json["embeds"][0]["description"]
    assert f"version {old[:8]} → {new[:8]}" in description
    assert "FY2023 Removed 52,440 52,441" in description
