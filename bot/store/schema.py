"""Table names and connections shared by the loader and the reader."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import sqlite_utils

from bot.store.metadata import DatasetMeta

DATASETS = "_datasets"  # one row per dataset: title, source, file hash, metadata JSON
LOADS = "_loads"  # load history: when, which files, which version, row counts
VERSION = "_version"  # key/value: the data version in service and when it was loaded
OLD_VERSION = "_state"  # its name in stores made before it was renamed


BUSY_TIMEOUT = 10.0  # seconds a writer waits for another writer before giving up


def connect_rw(path: Path) -> sqlite_utils.Database:
    """Open the store for writing; WAL lets the bot keep reading during a load."""
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT, check_same_thread=False)
    db = sqlite_utils.Database(conn)
    db.enable_wal()  # a no-op once the file is in WAL mode
    tables = db.table_names()
    if OLD_VERSION in tables and VERSION not in tables:
        db.execute(f"alter table {OLD_VERSION} rename to {VERSION}")
    return db


@contextlib.contextmanager
def write_transaction(db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    """One transaction that takes the write lock at the start.

    A deferred transaction that reads and then writes fails at once with
    "database is locked" if another connection wrote in between (WAL cannot
    upgrade a stale snapshot); BEGIN IMMEDIATE waits for the lock instead.
    sqlite-utils' own atomic() blocks inside it become savepoints.
    """
    db.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        if db.conn.in_transaction:
            db.execute("ROLLBACK")
        raise
    else:
        db.execute("COMMIT")


def connect_ro(path: Path) -> sqlite3.Connection:
    """Open the store read-only: answering a question can never change the data."""
    if not path.exists():
        raise FileNotFoundError(path)
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=10, check_same_thread=False)


def datasette_metadata(database: str, metas: list[DatasetMeta]) -> dict:
    """Datasette metadata for the store: title, source, licence, columns and units per table."""
    keep = ("title", "description", "source", "source_url", "license", "license_url",
            "about", "about_url", "columns", "units")
    tables = {m.name: {k: m.raw[k] for k in keep if k in m.raw} for m in metas}
    # Counting units are single words ("cases"); a rate is written with them ("encounters / day").
    units = sorted({u for m in metas for u in m.raw.get("units", {}).values()
                    if u.isidentifier()})
    return {
        "title": "Asylum outcomes desk data",
        # Pint, which Datasette uses for units, does not know counting units such as "cases".
        "custom_units": [f"{u} = [{u}]" for u in units],
        "databases": {database: {"tables": tables}},
    }
