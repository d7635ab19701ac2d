"""Backups of every store the bot keeps, and their restore.

`backup` copies each SQLite store with SQLite's online backup API, so the copy is
consistent while the bot answers, posts and loads; a manifest lists each file with
its size and SHA-256, the data version and the time. `restore` checks the manifest and
each copy's integrity before it replaces anything, then moves each store into place
in one step. The bot makes a backup every day when `BOT_BACKUP_DIR` is set, keeping the
newest `BOT_BACKUP_KEEP`.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from bot.settings import Settings
from bot.sources.fetch import file_sha256
from bot.store.schema import VERSION

MANIFEST = "manifest.json"


class BackupError(Exception):
    """A backup that cannot be taken or restored; the message says why."""


@dataclass(frozen=True)
class Backup:
    folder: Path
    files: list[dict]
    data_version: str | None


def places(settings: Settings) -> dict[str, Path]:
    """Where each store the bot keeps lives, by the name it has in a backup."""
    return {"store": Path(settings.db_path), "cbp": Path(settings.cbp_db_path),
            "eoir": Path(settings.eoir_db_path), "sources": Path(settings.sources_db_path)}


def stores(settings: Settings) -> dict[str, Path]:
    """The stores that exist, by the name they have in a backup."""
    return {k: p for k, p in places(settings).items() if p.exists()}


def integrity(path: Path) -> str:
    """SQLite's integrity check of a store, read-only: 'ok', or what is wrong."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            return conn.execute("pragma integrity_check").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error as exc:
        return str(exc)


def backup(settings: Settings, target: Path, *, now: datetime | None = None) -> Backup:
    """Every store into a new folder under `target`, with its manifest."""
    now = now or datetime.now(timezone.utc)
    folder = Path(target) / f"backup-{now:%Y%m%dT%H%M%SZ}"
    building = folder.with_name(folder.name + ".partial")
    shutil.rmtree(building, ignore_errors=True)
    building.mkdir(parents=True)
    files = []
    for name, path in stores(settings).items():
        copy = building / f"{name}.db"
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)
        dest = sqlite3.connect(copy)
        try:
            source.backup(dest, pages=1024)  # in steps: writers wait only between them
        finally:
            dest.close()
            source.close()
        files.append({"name": name, "file": copy.name, "from": str(path),
                      "bytes": copy.stat().st_size, "sha256": file_sha256(copy)})
    version = _data_version(building / "store.db")
    manifest = {"taken_at": now.isoformat(timespec="seconds"), "data_version": version,
                "files": files}
    (building / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
    os.replace(building, folder)  # a backup folder is complete or not there
    return Backup(folder, files, version)


def check(folder: Path) -> Backup:
    """The backup's manifest, each file's size and hash, and SQLite's integrity check."""
    folder = Path(folder)
    try:
        manifest = json.loads((folder / MANIFEST).read_text())
    except (OSError, ValueError) as exc:
        raise BackupError(f"{folder}: no readable {MANIFEST} ({exc}); not a backup") from exc
    for f in manifest["files"]:
        path = folder / f["file"]
        if not path.exists():
            raise BackupError(f"{path}: listed in the manifest but missing")
        if path.stat().st_size != f["bytes"] or file_sha256(path) != f["sha256"]:
            raise BackupError(f"{path}: its size or SHA-256 differs from the manifest; the "
                              "copy is damaged")
        result = integrity(path)
        if result != "ok":
            raise BackupError(f"{path}: SQLite's integrity check says {result}")
    return Backup(folder, manifest["files"], manifest.get("data_version"))


def restore(settings: Settings, folder: Path) -> Backup:
    """Check the whole backup first; only then put each store in place, one move each."""
    checked = check(folder)
    where = places(settings)
    for f in checked.files:
        target = where[f["name"]]
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(target.name + ".restoring")
        shutil.copyfile(Path(folder) / f["file"], tmp)
        for suffix in ("-wal", "-shm"):  # the old store's journal must not replay
            target.with_name(target.name + suffix).unlink(missing_ok=True)
        os.replace(tmp, target)
    return checked


def prune(target: Path, keep: int) -> list[Path]:
    """Remove all but the newest `keep` backups under `target`; return those removed."""
    found = sorted(p for p in Path(target).glob("backup-*") if p.is_dir()
                   and not p.name.endswith(".partial"))
    gone = found[:-keep] if keep > 0 else []
    for p in gone:
        shutil.rmtree(p)
    return gone


def _data_version(store: Path) -> str | None:
    if not store.exists():
        return None
    conn = sqlite3.connect(f"file:{store}?mode=ro", uri=True)
    try:
        row = conn.execute(f"select value from {VERSION} where key = 'data_version'"
                           ).fetchone()
    except sqlite3.Error:
        row = None
    finally:
        conn.close()
    return row[0] if row else None
