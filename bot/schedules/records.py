"""Schedules, alert channels and the post log, kept in the SQLite store.

A post is claimed (a row with a unique key) before it is sent and marked sent
with its message id after, so a restart can never send the same post twice.
"""

from __future__ import annotations

import contextlib
import hashlib
from dataclasses import dataclass
from datetime import datetime, time, timedelta, timezone
from pathlib import Path

import sqlite_utils

from bot.schedules.timing import Timing
from bot.store.schema import connect_rw, write_transaction

SCHEDULES, POSTS, ALERTS = "_schedules", "_posts", "_alerts"
OLD_ALERTS = "_subscriptions"  # the alerts table's name in stores made before it was renamed


def iso(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).isoformat(timespec="seconds")


def parse_iso(text: str) -> datetime:
    return datetime.fromisoformat(text)


@dataclass(frozen=True)
class Schedule:
    """One recurring post into one channel."""

    id: int
    guild_id: int
    channel_id: int
    at: str
    zone: str
    weekday: int | None
    dataset: str | None
    year: int | None
    alerts: bool
    enabled: bool
    disabled_reason: str | None
    created_by: int
    anchor: str  # occurrences after this instant are still to be handled

    @property
    def timing(self) -> Timing:
        return Timing(time.fromisoformat(self.at), self.zone, self.weekday)

    @property
    def what(self) -> str:
        """'the digest' or 'FY2023 outcomes'."""
        target = "the digest" if self.year is None else f"FY{self.year} outcomes"
        return target + (f" ({self.dataset})" if self.dataset else "")


@dataclass(frozen=True)
class Post:
    """One claimed post: scheduled, or a figures-updated alert."""

    id: int
    key: str
    kind: str
    channel_id: int
    guild_id: int
    schedule_id: int | None
    due_at: str
    status: str
    nonce: str
    claimed_at: str
    message_id: int | None = None


class Schedules:
    """All schedule state; each call opens a short connection, so it is safe from any thread."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        with self._db() as db, write_transaction(db):
            _ensure(db)

    def _db(self) -> contextlib.closing[sqlite_utils.Database]:
        return contextlib.closing(connect_rw(self.path))

    # -- schedules -------------------------------------------------------------

    def add(self, *, guild_id: int, channel_id: int, timing: Timing, dataset: str | None,
            year: int | None, alerts: bool, created_by: int, now: datetime) -> Schedule:
        with self._db() as db, write_transaction(db):
            pk = db[SCHEDULES].insert({
                "guild_id": guild_id, "channel_id": channel_id, "at": f"{timing.at:%H:%M}",
                "zone": timing.zone, "weekday": timing.weekday, "dataset": dataset,
                "year": year, "alerts": int(alerts), "enabled": 1, "disabled_reason": None,
                "created_by": created_by, "created_at": iso(now), "anchor": iso(now),
            }).last_pk
            if alerts:
                _alerts_on(db, guild_id, channel_id, created_by, now)
        return self.get(guild_id, pk)

    def get(self, guild_id: int, schedule_id: int) -> Schedule | None:
        """A schedule, only if it belongs to this server."""
        with self._db() as db:
            rows = list(db[SCHEDULES].rows_where("id = ? and guild_id = ?",
                                                 [schedule_id, guild_id]))
        return _schedule(rows[0]) if rows else None

    def for_guild(self, guild_id: int) -> list[Schedule]:
        with self._db() as db:
            return [_schedule(r) for r in db[SCHEDULES].rows_where(
                "guild_id = ?", [guild_id], order_by="id")]

    def enabled(self) -> list[Schedule]:
        with self._db() as db:
            return [_schedule(r) for r in db[SCHEDULES].rows_where("enabled = 1",
                                                                  order_by="id")]

    def remove(self, guild_id: int, schedule_id: int) -> bool:
        with self._db() as db, write_transaction(db):
            cur = db.execute(f"delete from {SCHEDULES} where id = ? and guild_id = ?",
                             [schedule_id, guild_id])
            return cur.rowcount > 0

    def disable_channel(self, channel_id: int, reason: str) -> int:
        """Disable every schedule posting to a channel (deleted, or no longer allowed)."""
        with self._db() as db, write_transaction(db):
            cur = db.execute(
                f"update {SCHEDULES} set enabled = 0, disabled_reason = ? "
                f"where channel_id = ? and enabled = 1", [reason, channel_id])
            db.execute(f"delete from {ALERTS} where channel_id = ?", [channel_id])
            return cur.rowcount

    def advance(self, schedule_id: int, anchor: datetime) -> None:
        """Mark every occurrence up to `anchor` as handled."""
        with self._db() as db, write_transaction(db):
            db.execute(f"update {SCHEDULES} set anchor = ? where id = ?",
                       [iso(anchor), schedule_id])

    # -- alerts: channels told when the figures are revised ----------------------------

    def alerts_on(self, guild_id: int, channel_id: int, by: int, now: datetime) -> None:
        with self._db() as db, write_transaction(db):
            _alerts_on(db, guild_id, channel_id, by, now)

    def alerts_off(self, guild_id: int, channel_id: int) -> bool:
        with self._db() as db, write_transaction(db):
            cur = db.execute(f"delete from {ALERTS} where guild_id = ? and "
                             f"channel_id = ?", [guild_id, channel_id])
            return cur.rowcount > 0

    def alert_channels(self, guild_id: int | None = None) -> list[tuple[int, int]]:
        """(guild_id, channel_id) of channels that get figures-updated posts."""
        with self._db() as db:
            where, args = ("guild_id = ?", [guild_id]) if guild_id else (None, None)
            return [(r["guild_id"], r["channel_id"])
                    for r in db[ALERTS].rows_where(where, args, order_by="channel_id")]

    # -- the post log ------------------------------------------------------------------

    def claim(self, *, key: str, kind: str, guild_id: int, channel_id: int,
              schedule_id: int | None, due_at: datetime, data_version: str,
              now: datetime, status: str = "sending") -> Post | None:
        """Record a post before sending it; None if this post was claimed before."""
        nonce = hashlib.sha256(key.encode()).hexdigest()[:25]  # Discord allows 25 characters
        with self._db() as db, write_transaction(db):
            if db.execute(f"select 1 from {POSTS} where key = ?", [key]).fetchone():
                return None
            pk = db[POSTS].insert({
                "key": key, "kind": kind, "guild_id": guild_id, "channel_id": channel_id,
                "schedule_id": schedule_id, "due_at": iso(due_at), "status": status,
                "nonce": nonce, "data_version": data_version, "message_id": None,
                "error": None, "claimed_at": iso(now), "sent_at": None, "attempts": 1,
                "retryable": 0,
            }).last_pk
        return Post(pk, key, kind, channel_id, guild_id, schedule_id, iso(due_at), status, nonce,
                    iso(now))

    def sent(self, post_id: int, message_id: int, now: datetime) -> None:
        self._update(post_id, status="sent", message_id=message_id, sent_at=iso(now))

    def failed(self, post_id: int, error: str, retryable: bool = False) -> None:
        """Record a failed send; a retryable one is tried again on later passes."""
        self._update(post_id, status="failed", error=error[:500], retryable=int(retryable))

    def retries_due(self, now: datetime, window: timedelta, max_attempts: int) -> list[Post]:
        """Failed posts worth another try: a passing error, not too many tries, not stale."""
        with self._db() as db:
            rows = db[POSTS].rows_where(
                "status = 'failed' and retryable = 1 and attempts < ? and due_at >= ?",
                [max_attempts, iso(now - window)], order_by="id")
            return [_post(r) for r in rows]

    def retrying(self, post_id: int) -> None:
        with self._db() as db, write_transaction(db):
            db.execute(f"update {POSTS} set status = 'sending', attempts = attempts + 1 "
                       f"where id = ?", [post_id])

    def unknown(self, post_id: int, error: str) -> None:
        self._update(post_id, status="unknown", error=error[:500])

    def _update(self, post_id: int, **fields) -> None:
        with self._db() as db, write_transaction(db):
            db[POSTS].update(post_id, fields)

    def in_flight(self) -> list[Post]:
        """Posts claimed but not confirmed: the process stopped between claim and reply."""
        with self._db() as db:
            return [_post(r) for r in db[POSTS].rows_where("status = 'sending'", order_by="id")]

    def posts(self, channel_id: int | None = None) -> list[dict]:
        with self._db() as db:
            where, args = ("channel_id = ?", [channel_id]) if channel_id else (None, None)
            return list(db[POSTS].rows_where(where, args, order_by="id"))

    def last_version(self, channel_id: int) -> str | None:
        """The data version of the last post that reached this channel."""
        with self._db() as db:
            row = db.execute(f"select data_version from {POSTS} where channel_id = ? and "
                             f"status = 'sent' order by id desc limit 1", [channel_id]).fetchone()
        return row[0] if row else None

    def last_sent(self, schedule_id: int) -> str | None:
        with self._db() as db:
            row = db.execute(f"select sent_at from {POSTS} where schedule_id = ? and "
                             f"status = 'sent' order by id desc limit 1",
                             [schedule_id]).fetchone()
        return row[0] if row else None


def _ensure(db: sqlite_utils.Database) -> None:
    if OLD_ALERTS in db.table_names() and ALERTS not in db.table_names():
        db.execute(f"alter table {OLD_ALERTS} rename to {ALERTS}")
    db[SCHEDULES].create({
        "id": int, "guild_id": int, "channel_id": int, "at": str, "zone": str, "weekday": int,
        "dataset": str, "year": int, "alerts": int, "enabled": int, "disabled_reason": str,
        "created_by": int, "created_at": str, "anchor": str,
    }, pk="id", if_not_exists=True)
    db[POSTS].create({
        "id": int, "key": str, "kind": str, "guild_id": int, "channel_id": int,
        "schedule_id": int, "due_at": str, "status": str, "nonce": str, "data_version": str,
        "message_id": int, "error": str, "claimed_at": str, "sent_at": str, "attempts": int,
        "retryable": int,
    }, pk="id", if_not_exists=True)
    for column in ("attempts", "retryable"):  # stores made before retries were recorded
        if column not in db[POSTS].columns_dict:
            db[POSTS].add_column(column, int, not_null_default=0)
    db[POSTS].create_index(["key"], unique=True, if_not_exists=True)
    db[ALERTS].create({
        "channel_id": int, "guild_id": int, "created_by": int, "created_at": str,
    }, pk="channel_id", if_not_exists=True)


def _alerts_on(db, guild_id: int, channel_id: int, by: int, now: datetime) -> None:
    db[ALERTS].upsert({"channel_id": channel_id, "guild_id": guild_id, "created_by": by,
                              "created_at": iso(now)}, pk="channel_id")


def _schedule(r: dict) -> Schedule:
    return Schedule(r["id"], r["guild_id"], r["channel_id"], r["at"], r["zone"], r["weekday"],
                    r["dataset"], r["year"], bool(r["alerts"]), bool(r["enabled"]),
                    r["disabled_reason"], r["created_by"], r["anchor"])


def _post(r: dict) -> Post:
    return Post(r["id"], r["key"], r["kind"], r["channel_id"], r["guild_id"], r["schedule_id"],
                r["due_at"], r["status"], r["nonce"], r["claimed_at"], r["message_id"])
