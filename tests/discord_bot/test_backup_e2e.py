"""A backup taken while the bot answers a burst and makes a scheduled post restores to a
bot that posts nothing twice and has lost no schedule, revision or release record."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from bot import backup
from bot.sources.records import Records, Release
from bot.store.importer import import_csv
from bot.store.reader import Reader
from tests.support.bot import (
    BEFORE_NINE,
    Clock,
    add_schedule,
    posts_in,
    running,
    wait_for_posts,
    with_settings,
)
from tests.support.discord_standin import CHANNEL_ID
from tests.support.paths import DATASET


async def test_a_backup_during_a_burst_and_a_post_restores_whole(standin, settings, data_dir,
                                                                 tmp_path):
    fast = with_settings(settings, scheduler_poll_seconds=0.05)
    records = Records(settings.sources_db_path)
    records.taken(Release("cbp", "http://127.0.0.1/file.csv", "2026-11-29T10:00:00+00:00", 10,
                          "ab" * 32, None, None, "October 2021 to August 2025", "none",
                          "file.csv"))
    csv = data_dir / f"{DATASET}.csv"
    import_csv(data_dir, settings.db_path, DATASET,
               csv.read_bytes().replace(b"2019,full,52223", b"2019,full,52224"),
               max_bytes=100_000, max_rows=500)
    clock = Clock(BEFORE_NINE)
    async with running(fast, clock=clock) as bot:
        await add_schedule(standin)
        clock.now = BEFORE_NINE + timedelta(seconds=45)
        await wait_for_posts(standin, 1)
        burst = [standin.ask("outcomes", year=2014 + i % 10) for i in range(30)]
        taken, *_ = await asyncio.gather(
            asyncio.to_thread(backup.backup, settings, tmp_path / "backups"), *burst)
        schedules = bot.poster.schedules.enabled()
    assert len(posts_in(standin)) == 1
    # The stores lost (a disk replaced, say), then put back from the backup.
    for path in backup.stores(settings).values():
        path.unlink()
    restored = backup.restore(settings, taken.folder)
    assert {f["name"] for f in restored.files} >= {"store", "sources"}
    clock.now += timedelta(seconds=5)
    async with running(fast, clock=clock) as again:
        await asyncio.sleep(0.4)
        assert [s.id for s in again.poster.schedules.enabled()] == [s.id for s in schedules]
        rows = again.poster.schedules.posts(CHANNEL_ID)
    assert len(posts_in(standin)) == 1  # nothing posted twice
    assert [r["status"] for r in rows] == ["sent"]
    revised = [r for r in Reader(settings.db_path).snapshot().revisions if r.year == 2019]
    assert revised and revised[0].new == 52224
    assert Records(settings.sources_db_path).in_service("cbp").covers == \
        "October 2021 to August 2025"


def test_restore_checks_everything_before_replacing_anything(settings, tmp_path):
    taken = backup.backup(settings, tmp_path / "backups")
    store = taken.folder / "store.db"
    damaged = bytearray(store.read_bytes())
    damaged[5000:5100] = bytes(b ^ 0xFF for b in damaged[5000:5100])
    store.write_bytes(bytes(damaged))
    before = settings.db_path.read_bytes()
    try:
        backup.restore(settings, taken.folder)
    except backup.BackupError as exc:
        assert "differs from the manifest" in str(exc)
    else:
        raise AssertionError("a damaged backup was restored")
    assert settings.db_path.read_bytes() == before  # nothing replaced


def test_old_backups_are_pruned_to_the_newest_kept(settings, tmp_path):
    from datetime import datetime, timezone

    for day in range(1, 5):
        backup.backup(settings, tmp_path, now=datetime(2026, 11, day, tzinfo=timezone.utc))
    gone = backup.prune(tmp_path, 2)
    assert [p.name for p in gone] == ["backup-20261101T000000Z", "backup-20261102T000000Z"]
    assert len(list(tmp_path.glob("backup-*"))) == 2


async def test_the_daily_pass_takes_a_backup_and_keeps_the_newest(settings, tmp_path):
    from bot.discord_bot.updater import Updater

    daily = with_settings(settings, backup_dir=tmp_path / "daily", backup_keep=1,
                          update=False)
    updater = Updater(daily, lambda _o: None, clock=lambda: BEFORE_NINE)
    await updater.backup()
    first = list((tmp_path / "daily").glob("backup-*"))
    await asyncio.sleep(1.1)  # a backup folder is named to the second
    await updater.backup()
    kept = list((tmp_path / "daily").glob("backup-*"))
    assert len(first) == 1 and len(kept) == 1 and kept != first
    assert backup.check(kept[0]).files


def test_backup_settings_are_read(monkeypatch, tmp_path):
    from bot.settings import Settings

    monkeypatch.setenv("BOT_BACKUP_DIR", str(tmp_path / "b"))
    monkeypatch.setenv("BOT_BACKUP_KEEP", "3")
    s = Settings.from_env(env_file=tmp_path / "none.env")
    assert s.backup_dir == tmp_path / "b" and s.backup_keep == 3
