"""Faults through the stand-in: a dropped gateway mid-burst, and errors when posting."""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta

import pytest

from tests.support.bot import (
    ADMIN,
    BEFORE_NINE,
    Clock,
    add_schedule,
    posts_in,
    running,
    with_settings,
)
from tests.support.discord_standin import CHANNEL_ID, ChannelOption


async def test_bot_resumes_after_the_gateway_drops_mid_burst(standin, settings):
    async with running(settings):
        first = [await standin.interact("outcomes", year=2014 + i % 11, user_id=7000 + i)
                 for i in range(10)]
        await standin.drop_connections()
        during = [await standin.interact("compare", first=2014, second=2015 + i % 9,
                                         user_id=7100 + i) for i in range(10)]
        records = first + during
        await asyncio.wait_for(asyncio.gather(*(r.done.wait() for r in records)), 60)
        after = await standin.ask("totals", start=2021)
    assert standin.resumes >= 1
    assert all(r.message.get("embeds") for r in records)
    assert "499,076" in after.message["embeds"][0]["description"]


@pytest.fixture
def fast(settings):

    return with_settings(settings, scheduler_poll_seconds=0.05)


def settled(rows) -> bool:
    """The post reached a final state: sent, or failed with nothing left to try."""
    from bot.discord_bot.poster import MAX_ATTEMPTS

    if not rows:
        return False
    r = rows[-1]
    return r["status"] == "sent" or (r["status"] == "failed" and (
        not r["retryable"] or r["attempts"] >= MAX_ATTEMPTS))


async def post_with(standin, fast, failures: list[dict]):
    """Schedule a post, make it fall due, answer its sends with `failures` first, and wait."""
    clock = Clock(BEFORE_NINE)
    async with running(fast, clock=clock) as bot:
        await add_schedule(standin, alerts=False)
        standin.post_failures = list(failures)
        clock.now = BEFORE_NINE + timedelta(seconds=40)
        for _ in range(400):
            if settled(bot.poster.schedules.posts(CHANNEL_ID)):
                break
            await asyncio.sleep(0.05)
        await asyncio.sleep(0.3)  # a few more passes: nothing else may go out
        return bot.poster.schedules.posts(CHANNEL_ID), bot.poster.schedules.for_guild(
            bot.settings.guild_id)


async def test_forbidden_is_recorded_and_the_schedule_disabled(standin, fast, caplog):
    with caplog.at_level(logging.ERROR):
        rows, schedules = await post_with(standin, fast, [{"status": 403}])
    assert posts_in(standin) == []
    assert [r["status"] for r in rows] == ["failed"]
    assert "not allowed to post" in rows[0]["error"]
    assert not schedules[0].enabled and "not allowed to post" in schedules[0].disabled_reason
    assert "failed: not allowed to post" in caplog.text


async def test_server_error_after_the_message_was_made_posts_once(standin, fast):
    rows, _ = await post_with(standin, fast, [{"status": 500, "create": True}])
    assert len(posts_in(standin)) == 1  # discord.py retried; Discord matched the nonce
    assert [r["status"] for r in rows] == ["sent"]


async def test_server_error_is_retried_on_a_later_pass(standin, fast, caplog):
    with caplog.at_level(logging.INFO):
        rows, _ = await post_with(standin, fast, [{"status": 503}])
    assert len(posts_in(standin)) == 1
    assert [(r["status"], r["attempts"]) for r in rows] == [("sent", 2)]
    assert "retrying post" in caplog.text


async def test_rate_limit_is_waited_out(standin, fast):
    rows, _ = await post_with(standin, fast, [{"status": 429}])
    assert len(posts_in(standin)) == 1
    assert [r["status"] for r in rows] == ["sent"]


async def test_persistent_failure_stops_after_max_attempts(standin, fast):
    from bot.discord_bot.poster import MAX_ATTEMPTS

    rows, _ = await post_with(standin, fast, [{"status": 503}] * 20)
    assert posts_in(standin) == []
    assert (rows[0]["status"], rows[0]["attempts"]) == ("failed", MAX_ATTEMPTS)
    assert "temporary error" in rows[0]["error"]  # recorded, never lost silently


async def test_alerts_cannot_name_another_servers_channel(standin, fast):
    from tests.support.discord_standin import OTHER_CHANNEL_ID

    async with running(fast, clock=Clock(BEFORE_NINE)) as bot:
        record = await standin.ask("alerts", action="on", channel=ChannelOption(OTHER_CHANNEL_ID),
                                   permissions=ADMIN)
        assert bot.poster.schedules.alert_channels() == []
    assert record.message["flags"] & 64


async def test_reload_onto_a_full_disk_is_a_clear_private_error(standin, fast, data_dir):
    from bot.store import loader
    from tests.support.paths import DATASET

    real = loader.connect_rw

    def full(path):
        db = real(path)
        db.execute(f"pragma max_page_count = {db.execute('pragma page_count').fetchone()[0]}")
        return db

    csv = data_dir / f"{DATASET}.csv"
    csv.write_text(csv.read_text() + "".join(f"{1950 + i},full,1,2,3\n" for i in range(60)))
    async with running(fast, clock=Clock(BEFORE_NINE)) as bot:
        version = bot.service.reader.snapshot().version
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(loader, "connect_rw", full)
            record = await standin.ask("data reload", permissions=ADMIN)
        answer = await standin.ask("outcomes", year=2023)
        assert bot.service.reader.snapshot().version == version
    assert record.message["flags"] & 64
    assert "could not be updated" in record.message["content"]
    assert "full" in record.message["content"]
    assert "149,305" in answer.message["embeds"][0]["description"]
