"""`python -m bot doctor`: one line per check, ✓ or ✗ with the fix, before a desk needs it.

Offline: every store in var/ passes SQLite's integrity check and the store holds the
data version of data/; there is room on disk for the largest ingest; every schedule's
time zone is valid, with its next post. Online (not with --offline): each fetched
source answers a conditional request with the bot's User-Agent, and (bot/discord_bot/
doctor.py) the token is accepted, the gateway takes the bot's intents, and every
channel with a schedule or an alert lets the bot see it, send, embed and attach.
The exit status is 1 if any check fails. The systemd unit runs the offline form before
each start.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfoNotFoundError

from bot.backup import integrity, stores
from bot.settings import Settings

# The largest ingest: EOIR's full case-level release, measured in docs/benchmarks-eoir.md
# (the 4.5 GB zip kept in var/downloads, the store built beside the one in service, and
# the ingest's working files in var/eoir.db.work, about 1.5 GB, more if it spills).
# Below this, an update can fail half way for room.
DISK_NEEDED_GB = 8.0


@dataclass(frozen=True)
class Check:
    ok: bool
    what: str
    fix: str = ""

    @property
    def line(self) -> str:
        return f"{'✓' if self.ok else '✗'} {self.what}" + (
            f" — {self.fix}" if not self.ok and self.fix else "")


def store_checks(settings: Settings) -> list[Check]:
    from bot.store.loader import current_version, data_version, source_files

    out = []
    for path in dict.fromkeys(stores(settings).values()):  # two settings may name one file
        result = integrity(path)
        out.append(Check(result == "ok", f"{path.name} passes SQLite's integrity check"
                         if result == "ok" else f"{path.name}: {result}",
                         "restore it from a backup: python -m bot restore DIR "
                         "(docs/operators.md)"))
    if not Path(settings.db_path).exists():
        return [*out, Check(False, f"no store at {settings.db_path}",
                            "run python -m bot load")]
    import sqlite_utils

    wanted = data_version(source_files(settings.data_dir))
    db = sqlite_utils.Database(settings.db_path)
    try:
        held = current_version(db)
    finally:
        db.conn.close()
    out.append(Check(held == wanted, f"the store holds data version {wanted[:8]} of "
                     f"{settings.data_dir}" if held == wanted else
                     f"the store holds data version {str(held)[:8]}, data/ is {wanted[:8]}",
                     "run python -m bot load (or /data reload)"))
    return out


def disk_check(settings: Settings) -> Check:
    folder = Path(settings.db_path).parent
    folder.mkdir(parents=True, exist_ok=True)
    free = shutil.disk_usage(folder).free / 1e9
    return Check(free >= DISK_NEEDED_GB, f"{free:,.1f} GB free for {folder} (the largest "
                 f"ingest needs about {DISK_NEEDED_GB:g} GB)",
                 "free space, or point BOT_DB_PATH and BOT_EOIR_DB_PATH at a larger disk")


def schedule_checks(settings: Settings, now: datetime | None = None) -> list[Check]:
    from bot.schedules.records import Schedules

    if not Path(settings.db_path).exists():
        return []
    now = now or datetime.now(timezone.utc)
    out = []
    for s in Schedules(settings.db_path).enabled():
        try:
            due = s.timing.next_after(now)
            out.append(Check(True, f"schedule {s.id} ({s.timing.describe()}, channel "
                                   f"{s.channel_id}): next post {due:%Y-%m-%d %H:%M} UTC"))
        except (ValueError, KeyError, ZoneInfoNotFoundError) as exc:
            out.append(Check(False, f"schedule {s.id}: time zone {s.zone!r} is not valid "
                                    f"({exc})", f"/schedule remove {s.id}, then add it with "
                                                "a valid zone such as America/New_York"))
    return out


def source_checks(settings: Settings) -> list[Check]:
    """Each fetched source answers a conditional request with the bot's User-Agent."""
    from bot.sources.catalog import SOURCES
    from bot.sources.fetch import Fetcher, FetchError
    from bot.sources.records import Records
    from bot.sources.update import rules

    records = Records(settings.sources_db_path)
    out = []
    with Fetcher(rules(settings), sleep=lambda _s: None) as fetcher:
        for name, source in SOURCES.items():
            address = settings.source_urls.get(name) or source.page or source.url
            release = records.in_service(name)
            try:
                if source.page or settings.source_urls.get(name):
                    remote, _text = fetcher.page(address, release.page_known
                                                 if release else None)
                else:
                    remote = fetcher.probe(address, release.known if release else None)
                out.append(Check(True, f"{name}: {address} answered ({remote.status})"))
            except FetchError as exc:
                out.append(Check(False, f"{name}: {str(exc).splitlines()[0]}",
                                 f"python -m bot update {name} --file PATH takes a file "
                                 f"downloaded by hand ({source.manual})"))
    return out


def offline_checks(settings: Settings) -> list[Check]:
    return [*store_checks(settings), disk_check(settings), *schedule_checks(settings)]


def run(settings: Settings, *, offline: bool) -> int:
    """Print every check; 1 if any failed."""
    checks = offline_checks(settings)
    if not offline:
        checks += source_checks(settings)
        if settings.token:
            from bot.discord_bot.doctor import discord_checks

            checks += discord_checks(settings)
        else:
            checks.append(Check(False, "no DISCORD_TOKEN set", "put it in .env or the "
                                "environment (see .env.example)"))
    for c in checks:
        print(c.line)
    failed = sum(not c.ok for c in checks)
    print(f"{len(checks) - failed} of {len(checks)} checks passed."
          + (" Skipped with --offline: the sources and Discord." if offline else ""))
    return 1 if failed else 0
