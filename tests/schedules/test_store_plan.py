"""Schedule persistence, the post log's no-duplicate guarantee, and the grace period."""

from __future__ import annotations

from datetime import datetime, time, timedelta, timezone

import pytest

from bot.schedules import plan
from bot.schedules.records import Schedules
from bot.schedules.timing import Timing

NOW = datetime(2026, 11, 30, 13, 0, tzinfo=timezone.utc)  # Monday 08:00 in New York
MONDAY_9 = Timing(time(9, 0), "America/New_York", weekday=0)


@pytest.fixture
def store(loaded):
    return Schedules(loaded)


def add(store, guild=1, channel=10, timing=MONDAY_9, now=NOW, **kw):
    return store.add(guild_id=guild, channel_id=channel, timing=timing, dataset=None, year=None,
                     alerts=kw.get("alerts", True), created_by=5, now=now)


def test_schedules_survive_a_new_store_object(store, loaded):
    s = add(store)
    again = Schedules(loaded)
    assert again.get(1, s.id) == s
    assert again.get(2, s.id) is None  # another server cannot see it
    assert [x.id for x in again.enabled()] == [s.id]


def test_remove_is_scoped_to_the_server(store):
    s = add(store)
    assert not store.remove(2, s.id)
    assert store.remove(1, s.id)
    assert store.for_guild(1) == []


def test_a_post_can_be_claimed_once(store):
    s = add(store)
    due = NOW + timedelta(hours=1)
    kwargs = dict(key=plan.post_key(s, due), kind="scheduled", guild_id=1, channel_id=10,
                  schedule_id=s.id, due_at=due, data_version="v1", now=NOW)
    first = store.claim(**kwargs)
    assert first is not None and len(first.nonce) <= 25
    assert store.claim(**kwargs) is None
    assert Schedules(store.path).claim(**kwargs) is None  # after a restart too
    store.sent(first.id, 123, NOW)
    (row,) = store.posts(10)
    assert (row["status"], row["message_id"], row["data_version"]) == ("sent", 123, "v1")
    assert store.last_version(10) == "v1"


def test_decide_posts_on_time(store):
    s = add(store)
    at_nine = datetime(2026, 11, 30, 14, 0, 5, tzinfo=timezone.utc)
    d = plan.decide(s, at_nine, timedelta(hours=1))
    assert d.post == datetime(2026, 11, 30, 14, 0, tzinfo=timezone.utc)
    assert d.skip == ()
    assert plan.decide(s, NOW, timedelta(hours=1)).post is None  # not yet due


def test_grace_period_after_downtime(store):
    s = add(store, now=NOW - timedelta(days=14))
    within = datetime(2026, 11, 30, 14, 50, tzinfo=timezone.utc)  # 50 minutes late
    d = plan.decide(s, within, timedelta(hours=1))
    assert d.post == datetime(2026, 11, 30, 14, 0, tzinfo=timezone.utc)
    assert len(d.skip) == 2  # the two Mondays before were missed for too long
    too_late = datetime(2026, 11, 30, 15, 30, tzinfo=timezone.utc)
    d = plan.decide(s, too_late, timedelta(hours=1))
    assert d.post is None and len(d.skip) == 3
    assert d.handled_until == datetime(2026, 11, 30, 14, 0, tzinfo=timezone.utc)


def test_deleted_channel_disables_its_schedules(store):
    s = add(store)
    add(store, channel=11)
    assert store.disable_channel(10, "the channel was deleted") == 1
    listed = {x.id: x for x in store.for_guild(1)}
    assert not listed[s.id].enabled
    assert listed[s.id].disabled_reason == "the channel was deleted"
    assert [x.channel_id for x in store.enabled()] == [11]
    assert store.alert_channels(1) == [(1, 11)]


def test_subscriptions_are_per_server(store):
    store.alerts_on(1, 10, 5, NOW)
    store.alerts_on(2, 20, 5, NOW)
    assert store.alert_channels(1) == [(1, 10)]
    assert not store.alerts_off(1, 20)
    assert store.alert_channels() == [(1, 10), (2, 20)]


def test_scheduled_answer_says_what_changed(service, tmp_path):
    from bot.schedules.records import Schedule

    s = Schedule(1, 1, 10, "09:00", "UTC", None, None, None, True, True, None, 5, NOW.isoformat())
    first = plan.scheduled_answer(service, s, None)
    assert first.title.startswith("Latest figures: ")
    assert "first post here" in first.headline
    version = service.reader.snapshot().version
    again = plan.scheduled_answer(service, s, version)
    assert "No figures have changed since the previous post" in again.headline
    assert again.chart.kind == "lines"
