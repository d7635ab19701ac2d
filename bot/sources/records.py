"""The record of every release taken and every check made, per source.

A small SQLite file of its own (BOT_SOURCES_DB_PATH), written with sqlite-utils:
`releases` holds each release taken (source, address, when, bytes, hash, the
server's ETag and Last-Modified, the months or years it covers, what changed); the
newest row of a source is the release in service. `checks` holds each check: when,
what came of it, and the error if it failed.
"""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import sqlite_utils

from bot.sources.fetch import Known

_LOCK = threading.Lock()


@dataclass(frozen=True)
class Release:
    source: str
    url: str
    taken_at: str
    bytes: int
    sha256: str
    etag: str | None
    last_modified: str | None
    covers: str
    changes: str
    file: str
    page_etag: str | None = None
    page_last_modified: str | None = None
    announcement: str = ""  # the sentence alert channels are told
    announced_at: str | None = None
    id: int | None = None

    @property
    def known(self) -> Known:
        return Known(self.etag, self.last_modified, self.bytes)

    @property
    def page_known(self) -> Known:
        return Known(self.page_etag, self.page_last_modified)


@dataclass(frozen=True)
class Check:
    source: str
    checked_at: str
    outcome: str  # unchanged, new, available, failed
    detail: str


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class Records:
    """Read and append the record; thread-safe, one short transaction per write."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    def _db(self) -> sqlite_utils.Database:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite_utils.Database(self.path)
        if "releases" not in db.table_names():
            db["releases"].create({
                "id": int, "source": str, "url": str, "taken_at": str, "bytes": int,
                "sha256": str, "etag": str, "last_modified": str, "covers": str,
                "changes": str, "file": str, "page_etag": str, "page_last_modified": str,
                "announcement": str, "announced_at": str,
            }, pk="id")
            db["checks"].create({"id": int, "source": str, "checked_at": str, "outcome": str,
                                 "detail": str}, pk="id")
        return db

    def taken(self, release: Release) -> None:
        with _LOCK:
            db = self._db()
            db["releases"].insert({k: v for k, v in release.__dict__.items() if k != "id"})
            db.conn.close()

    def backfilled(self, source: str, url: str, sha256: str, covers: str, changes: str) -> None:
        """An older release taken once to fill the history; never the release in service."""
        with _LOCK:
            db = self._db()
            db["backfills"].insert({"source": source, "url": url, "taken_at": now(),
                                    "sha256": sha256, "covers": covers, "changes": changes},
                                   pk="id", alter=True)
            db.conn.close()

    def backfills(self, source: str) -> list[dict]:
        """The older releases taken to fill the history, oldest first."""
        try:
            return self._query("select * from backfills where source = ? order by id",
                               [source])
        except sqlite3.OperationalError:  # none taken yet: no table
            return []

    def checked(self, source: str, outcome: str, detail: str = "") -> None:
        with _LOCK:
            db = self._db()
            db["checks"].insert({"source": source, "checked_at": now(), "outcome": outcome,
                                 "detail": detail[:2000]})
            db.conn.close()

    def in_service(self, source: str) -> Release | None:
        rows = self._query("select * from releases where source = ? order by id desc limit 1",
                           [source])
        return Release(**rows[0]) if rows else None

    def release(self, release_id: int) -> Release | None:
        rows = self._query("select * from releases where id = ?", [release_id])
        return Release(**rows[0]) if rows else None

    def located(self, release_id: int, **where: str | None) -> None:
        """Where the release in service was last seen (its address, ETag, Last-Modified, the
        page's): so the next check of an unchanged release is one conditional request."""
        with _LOCK:
            db = self._db()
            db["releases"].update(release_id, where)
            db.conn.close()

    def unannounced(self) -> list[Release]:
        """Releases taken whose sentence no channel has been told yet, oldest first."""
        rows = self._query("select * from releases where announced_at is null and "
                           "announcement != '' order by id", [])
        return [Release(**r) for r in rows]

    def announced(self, release_id: int) -> None:
        with _LOCK:
            db = self._db()
            db["releases"].update(release_id, {"announced_at": now()})
            db.conn.close()

    def announce_none(self) -> None:
        """Mark every release as told: a first start tells nobody about old releases."""
        for r in self.unannounced():
            self.announced(r.id)

    def last_check(self, source: str) -> Check | None:
        rows = self._query("select * from checks where source = ? order by id desc limit 1",
                           [source])
        return Check(**{k: v for k, v in rows[0].items() if k != "id"}) if rows else None

    def last_failure(self, source: str) -> Check | None:
        rows = self._query("select * from checks where source = ? and outcome = 'failed' "
                           "order by id desc limit 1", [source])
        return Check(**{k: v for k, v in rows[0].items() if k != "id"}) if rows else None

    def _query(self, sql: str, args: list) -> list[dict]:
        if not self.path.exists():
            return []
        with _LOCK:
            db = self._db()
            try:
                return list(db.query(sql, args))
            finally:
                db.conn.close()
