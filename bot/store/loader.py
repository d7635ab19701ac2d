"""Load every dataset in `data/` into one SQLite file, in one transaction.

A load first reads and checks every file; only when all of them pass does it
open a transaction that replaces the datasets' tables, records the new data
version and appends to the load history. Any failure before the commit rolls
back, so the store keeps serving the version it had.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd
import sqlite_utils

from bot.store import revisions
from bot.store.errors import DataFileError, StoreError
from bot.store.metadata import DatasetMeta, parse_metadata
from bot.store.schema import (
    DATASETS,
    LOADS,
    VERSION,
    connect_rw,
    datasette_metadata,
    write_transaction,
)
from bot.store.validate import read_reported, read_rows

log = logging.getLogger(__name__)
META_SUFFIX = ".metadata.json"


@dataclass(frozen=True)
class Prepared:
    """One checked dataset, ready to write."""

    meta: DatasetMeta
    frame: pd.DataFrame
    csv_name: str
    sha256: str


@dataclass(frozen=True)
class LoadResult:
    """What a load did: the version now in service and whether it changed."""

    version: str
    changed: bool
    rows: dict[str, int]
    loaded_at: str | None
    revised: int = 0  # figures that differ from the version before


def source_files(data_dir: Path) -> dict[str, bytes]:
    """Every data and metadata file in `data_dir`, by name."""
    if not data_dir.is_dir():
        raise DataFileError(str(data_dir), "data folder not found")
    files = {
        p.name: p.read_bytes()
        for p in sorted(data_dir.iterdir())
        if p.is_file() and (p.suffix == ".csv" or p.name.endswith(META_SUFFIX))
    }
    if not any(name.endswith(".csv") for name in files):
        raise DataFileError(str(data_dir), "no .csv data files found")
    return files


def data_version(files: Mapping[str, bytes]) -> str:
    """A content hash of all data and metadata files: same files, same version."""
    h = hashlib.sha256()
    for name in sorted(files):
        h.update(name.encode() + b"\0" + hashlib.sha256(files[name]).digest())
    return h.hexdigest()[:16]


def prepare(files: Mapping[str, bytes]) -> list[Prepared]:
    """Check every file; raise DataFileError on the first problem found."""
    csvs = sorted(n for n in files if n.endswith(".csv"))
    for name in files:
        if name.endswith(META_SUFFIX) and name.removesuffix(META_SUFFIX) + ".csv" not in files:
            raise DataFileError(name, "metadata has no data file beside it")
    out = []
    for csv_name in csvs:
        meta_name = csv_name.removesuffix(".csv") + META_SUFFIX
        if meta_name not in files:
            raise DataFileError(csv_name, f"has no metadata file ({meta_name})")
        meta = parse_metadata(meta_name, files[meta_name])
        reader = read_reported if meta.kind == "reported" else read_rows
        frame = reader(csv_name, files[csv_name], meta)
        out.append(Prepared(meta, frame, csv_name, hashlib.sha256(files[csv_name]).hexdigest()))
    return out


def current_version(db: sqlite_utils.Database) -> str | None:
    if VERSION not in db.table_names():
        return None
    row = db.execute(f"select value from {VERSION} where key = 'data_version'").fetchone()
    return row[0] if row else None


def load(
    data_dir: Path, db_path: Path, *, files: Mapping[str, bytes] | None = None,
    checked: list[Prepared] | None = None, now: datetime | None = None,
) -> LoadResult:
    """Check and load `data_dir` (or the given `files`) into `db_path`.

    `checked` is `prepare(files)` when the caller has already run it.
    Unchanged files change nothing, not even the load history.
    """
    files = dict(files) if files is not None else source_files(data_dir)
    version = data_version(files)
    try:
        db = connect_rw(db_path)
    except sqlite3.Error as exc:
        raise StoreError(f"cannot open the store {db_path}: {exc}") from exc
    try:
        if current_version(db) == version:
            # Same bytes as the version in service, which passed every check when loaded.
            if not (db_path.parent / "metadata.json").exists():
                metas = [parse_metadata(n, b) for n, b in files.items() if n.endswith(META_SUFFIX)]
                _write_datasette_metadata(db_path, metas)
            return LoadResult(version, False, _row_counts(db), None)
        prepared = checked if checked is not None else prepare(files)
        rows = {p.meta.name: len(p.frame) for p in prepared}
        loaded_at = (now or datetime.now(timezone.utc)).isoformat(timespec="seconds")
        with write_transaction(db):
            revised = write(db, prepared, version, loaded_at, sorted(files))
        _write_datasette_metadata(db_path, [p.meta for p in prepared])
        log.info("loaded data version %s: %s", version, rows)
        return LoadResult(version, True, rows, loaded_at, revised)
    except sqlite3.Error as exc:
        raise StoreError(f"cannot write the store {db_path}: {exc}") from exc
    finally:
        db.close()


def _row_counts(db: sqlite_utils.Database) -> dict[str, int]:
    return dict(db.execute(f"select name, rows from {DATASETS} order by name").fetchall())


def write(
    db: sqlite_utils.Database, prepared: list[Prepared], version: str, loaded_at: str,
    file_names: list[str],
) -> int:
    """Replace every dataset table, log revisions and record the version; in a transaction.

    Returns how many figures were revised.
    """
    before = revisions.current_values(db)
    previous = current_version(db)
    names = {p.meta.name for p in prepared}
    if DATASETS in db.table_names():
        for (old,) in db.execute(f"select name from {DATASETS}").fetchall():
            if old not in names and old in db.table_names():
                db[old].drop()
        db[DATASETS].delete_where()
    for p in prepared:
        write_dataset(db, p)
        db[DATASETS].insert(
            {
                "name": p.meta.name,
                "title": p.meta.title,
                "source": p.meta.source,
                "source_url": p.meta.source_url,
                "as_of": p.meta.as_of,
                "file": p.csv_name,
                "sha256": p.sha256,
                "rows": len(p.frame),
                "metadata": json.dumps(p.meta.raw, ensure_ascii=False),
            },
            pk="name",
            replace=True,
        )
    load_id = db[LOADS].insert(
        {
            "loaded_at": loaded_at,
            "version": version,
            "files": json.dumps(file_names),
            "rows": json.dumps({p.meta.name: len(p.frame) for p in prepared}),
        },
        pk="id",
    ).last_pk
    changes = {
        p.meta.name: revisions.differences(before[p.meta.name],
                                           revisions.frame_values(p.meta, p.frame))
        for p in prepared
        if p.meta.name in before
    }
    revised = revisions.record(db, load_id, loaded_at, previous, version, changes)
    db[VERSION].upsert_all(
        [{"key": "data_version", "value": version}, {"key": "loaded_at", "value": loaded_at}],
        pk="key",
    )
    return revised


def write_dataset(db: sqlite_utils.Database, p: Prepared) -> None:
    """Replace one dataset's table with the checked rows."""
    table = db[p.meta.name]
    if table.exists():
        table.drop()
    if p.meta.kind == "reported":
        table.create({"id": int, **{c: str for c in p.meta.columns}, "fiscal_year": int,
                      "value": int, "high": int}, pk="id")
        table.insert_all(p.frame.astype(object).where(p.frame.notna(), None)
                         .to_dict(orient="records"))
        return
    columns = {p.meta.key: int}
    if p.meta.month_column:
        columns[p.meta.month_column] = int
    if p.meta.release_column:
        columns[p.meta.release_column] = str
    if p.meta.period_column:
        columns[p.meta.period_column] = str
    columns.update({name: int for name in p.meta.count_columns})
    if p.meta.daily_average_column:
        columns[p.meta.daily_average_column] = float
    pk = [c for c in (p.meta.key, p.meta.month_column, p.meta.release_column) if c]
    table.create(columns, pk=tuple(pk) if len(pk) > 1 else pk[0])
    frame = p.frame.astype(object)
    table.insert_all(frame.where(p.frame.notna(), None).to_dict(orient="records"))


def _write_datasette_metadata(db_path: Path, metas: list[DatasetMeta]) -> None:
    """Write metadata.json beside the store: `datasette <its folder>` then applies it as is."""
    target = db_path.parent / "metadata.json"
    tmp = target.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(datasette_metadata(db_path.stem, metas), indent=2) + "\n")
    tmp.replace(target)


