"""The daily check for new releases, and /data update: each a `python -m bot update` run
in a process of its own, so the event loop never waits on a 4.5 GB download or an
ingest's memory, and the bot's process never loads pyarrow.

After a run that took a new release: the figures-updated alerts and the release's own
sentence go to the alert channels, and the likely charts of the new figures are drawn
ahead.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import sys
from collections.abc import Callable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.settings import ROOT, Settings

log = logging.getLogger(__name__)


def next_run(now: datetime, at: str, tz: str) -> datetime:
    """The next `at` (HH:MM, local time in `tz`) after `now`, in UTC; a day that skips the
    time for daylight saving runs at the same wall-clock minute once it exists."""
    zone = ZoneInfo(tz)
    local = now.astimezone(zone)
    hh, mm = (int(x) for x in at.split(":"))
    day = local.date()
    for _ in range(3):
        candidate = datetime(day.year, day.month, day.day, hh, mm, tzinfo=zone)
        # A wall time that does not exist (spring forward) normalises forward.
        candidate = candidate.astimezone(ZoneInfo("UTC")).astimezone(zone)
        if candidate > local:
            return candidate.astimezone(ZoneInfo("UTC"))
        day += timedelta(days=1)
    raise AssertionError("unreachable")


def settings_env(settings: Settings) -> dict[str, str]:
    """The environment that gives a child process the same settings as this one."""
    env = {k: v for k, v in os.environ.items() if k != "DISCORD_TOKEN"}
    env.update({
        "DISCORD_TOKEN": "", "PYTHONPATH": str(ROOT),
        "BOT_DB_PATH": str(settings.db_path), "BOT_DATA_DIR": str(settings.data_dir),
        "BOT_EOIR_DB_PATH": str(settings.eoir_db_path),
        "BOT_CBP_DB_PATH": str(settings.cbp_db_path),
        "BOT_SOURCES_DB_PATH": str(settings.sources_db_path),
        "BOT_DOWNLOADS_DIR": str(settings.downloads_dir),
        "BOT_CONTACT": settings.fetch_contact,
        "BOT_FETCH_HOSTS": " ".join(settings.fetch_hosts),
        "BOT_FETCH_MAX_MB": str(settings.fetch_max_mb),
        "BOT_SOURCE_URLS": " ".join(f"{k}={v}" for k, v in settings.source_urls.items()),
        "BOT_UPDATE_SOURCES": " ".join(settings.update_sources),
        "BOT_IMPORT_MAX_BYTES": str(settings.import_max_bytes),
        "BOT_IMPORT_MAX_ROWS": str(settings.import_max_rows),
        "LOG_LEVEL": settings.log_level,
    })
    return env


class Updater:
    """Runs updates one at a time, on the schedule and when an admin asks."""

    def __init__(self, settings: Settings, after: Callable[[list[dict]], object],
                 clock: Callable[[], datetime]) -> None:
        self.settings = settings
        self.after = after  # awaited with the outcomes of a run that took a new release
        self.clock = clock
        self._lock = asyncio.Lock()
        self._task: asyncio.Task | None = None
        self._proc: asyncio.subprocess.Process | None = None
        self.next_at: datetime | None = None

    def start(self) -> None:
        daily = self.settings.update or self.settings.backup_dir is not None
        if daily and self._task is None:
            self._task = asyncio.get_running_loop().create_task(self._loop())

    async def close(self) -> None:
        """Stop the schedule; a run in progress is stopped too (its temporary file goes,
        the data in service stays) and waited for."""
        proc = self._proc  # before the cancel below lets go of it
        if self._task is not None:
            self._task.cancel()
            self._task = None
        if proc is not None and proc.returncode is None:
            proc.terminate()
            await proc.wait()

    async def _loop(self) -> None:
        while True:
            self.next_at = next_run(self.clock(), self.settings.update_at,
                                    self.settings.update_tz)
            wait = (self.next_at - self.clock()).total_seconds()
            log.info("next check for new releases at %s", self.next_at.isoformat())
            await asyncio.sleep(max(0.0, wait))
            if self.settings.update:
                try:
                    await self.run(None)
                except Exception:  # logged and recorded; the next day tries again
                    log.exception("the scheduled update failed")
            if self.settings.backup_dir is not None:
                await self.backup()

    async def backup(self) -> None:
        """Today's backup of every store, off the loop; the oldest beyond the kept go."""
        from bot import backup

        target = self.settings.backup_dir
        try:
            made = await asyncio.to_thread(backup.backup, self.settings, target)
            gone = await asyncio.to_thread(backup.prune, target, self.settings.backup_keep)
            log.info("backup taken: %s (%d stores); %d old backup(s) removed", made.folder,
                     len(made.files), len(gone))
        except (OSError, backup.BackupError) as exc:
            log.error("the daily backup failed: %s; check BOT_BACKUP_DIR (%s)", exc, target)

    async def run(self, sources: list[str] | None) -> list[dict]:
        """One `python -m bot update` run; its outcomes (source, status, message, ...)."""
        async with self._lock:
            args = [sys.executable, "-m", "bot", "update", "--json", *(sources or [])]
            self._proc = proc = await asyncio.create_subprocess_exec(
                *args, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
                env=settings_env(self.settings), cwd=str(ROOT))
            try:
                out, err = await proc.communicate()
            finally:
                self._proc = None
            try:
                outcomes = json.loads(out.decode() or "{}").get("outcomes", [])
            except json.JSONDecodeError:
                outcomes = []
            if not outcomes:
                line = (err.decode(errors="replace").strip().splitlines() or ["no output"])[-1]
                outcomes = [{"source": ", ".join(sources or ["all"]), "status": "failed",
                             "message": f"the update did not run: {line[:300]}"}]
        for o in outcomes:
            log.info("update %s: %s: %s", o["source"], o["status"], o["message"])
        if any(o["status"] == "new" for o in outcomes):
            await self.after(outcomes)
        return outcomes
