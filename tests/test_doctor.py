"""`python -m bot doctor`: each check's ✓ and ✗ with its fix, offline and against a local
source server; the Discord checks are in tests/discord_bot/test_doctor_e2e.py."""

from __future__ import annotations

import dataclasses
from datetime import datetime, time, timezone

import pytest

from bot import doctor
from bot.schedules.records import Schedules
from bot.schedules.timing import Timing
from bot.store.loader import load
from tests.support.settings import private_settings
from tests.support.source_server import SourceServer

NOW = datetime(2026, 11, 30, 12, 0, tzinfo=timezone.utc)


@pytest.fixture
def settings(tmp_path):
    return private_settings(tmp_path)


def lines(checks) -> list[str]:
    return [c.line for c in checks]


def test_a_healthy_store_passes(settings):
    checks = doctor.store_checks(settings)
    assert all(c.ok for c in checks), lines(checks)
    assert any("passes SQLite's integrity check" in c.what for c in checks)
    assert any(c.what.startswith("the store holds data version") for c in checks)


def test_data_newer_than_the_store_says_to_load(settings):
    csv = settings.data_dir / "trac_asylum_outcomes.csv"
    csv.write_text(csv.read_text().replace("2019,full,52223", "2019,full,52224"))
    (bad,) = [c for c in doctor.store_checks(settings) if not c.ok]
    assert "run python -m bot load" in bad.line
    load(settings.data_dir, settings.db_path)
    assert all(c.ok for c in doctor.store_checks(settings))


def test_a_damaged_store_fails_its_integrity_check(settings):
    damaged = settings.cbp_db_path
    damaged.write_bytes(b"SQLite format 3\x00" + b"\x13" * 4096)
    (bad,) = [c for c in doctor.store_checks(settings) if "cbp.db" in c.what]
    assert not bad.ok and "python -m bot restore" in bad.line


def test_disk_room_is_measured_against_the_largest_ingest(settings, monkeypatch):
    monkeypatch.setattr(doctor, "DISK_NEEDED_GB", 1e9)
    check = doctor.disk_check(settings)
    assert not check.ok and "GB free" in check.line and "larger disk" in check.line


def test_each_schedule_says_its_next_post_and_a_bad_zone_fails(settings):
    schedules = Schedules(settings.db_path)
    schedules.add(guild_id=1, channel_id=2, timing=Timing(time(9, 0), "America/New_York", 0),
                  dataset=None, year=None, alerts=False, created_by=3, now=NOW)
    bad = schedules.add(guild_id=1, channel_id=2, timing=Timing(time(9, 0), "Europe/Paris"),
                        dataset=None, year=None, alerts=False, created_by=3, now=NOW)
    with schedules._db() as db:  # a zone that a newer tz database no longer has
        db.execute("update _schedules set zone = 'Mars/Olympus' where id = ?", [bad.id])
    good, broken = doctor.schedule_checks(settings, NOW)
    assert good.ok and "next post 2026-11-30 14:00 UTC" in good.line
    assert not broken.ok and "Mars/Olympus" in broken.line and "/schedule remove" in broken.line


def test_sources_answer_a_conditional_request_with_the_bot_s_user_agent(settings, tmp_path):
    with SourceServer() as server:
        ok = dataclasses.replace(settings, source_urls={"cbp": server.url("/stats/page"),
                                                        "eoir": server.url("/gone.zip")},
                                 fetch_contact="desk@example.org")
        checks = doctor.source_checks(ok)
        agent = server.requests[0][2]["User-Agent"]
    by = {c.what.split(":")[0]: c for c in checks}
    assert by["cbp"].ok and "answered (200)" in by["cbp"].line
    assert not by["eoir"].ok and "--file PATH" in by["eoir"].line
    assert agent.startswith("asylum-desk-bot/") and "desk@example.org" in agent


def test_the_command_exits_non_zero_on_any_failure(settings, capsys, monkeypatch):
    assert doctor.run(settings, offline=True) == 0
    assert "checks passed. Skipped with --offline" in capsys.readouterr().out
    monkeypatch.setattr(doctor, "DISK_NEEDED_GB", 1e9)
    assert doctor.run(settings, offline=True) == 1
