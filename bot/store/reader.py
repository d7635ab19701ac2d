"""Read the store back as plain Python objects, reloading when the data version changes."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import sqlite3
import threading
from dataclasses import dataclass, field
from pathlib import Path

from bot.store import months
from bot.store.errors import StoreError
from bot.store.metadata import FULL_YEAR, DatasetMeta, Period, parse_metadata
from bot.store.revisions import REVISIONS, Revision, collapse, from_row
from bot.store.schema import DATASETS, LOADS, VERSION, connect_ro

REVISIONS_KEPT = 1000


@dataclass(frozen=True)
class YearRow:
    """One fiscal year of one dataset."""

    year: int
    period: Period
    values: dict[str, int]
    published_total: int | None = None  # where the source publishes its own total

    @property
    def partial(self) -> bool:
        return self.period.partial


@dataclass(frozen=True)
class MonthRow:
    """One month of a monthly dataset; `daily_average` is the source's own, if published."""

    year: int
    month: int
    values: dict[str, int]
    published_total: int | None = None
    daily_average: float | None = None


@dataclass(frozen=True)
class Reported:
    """One figure someone published, with its qualifier: 'about 1,900,000'."""

    topic: str
    fiscal_year: int
    as_of: str
    qualifier: str
    value: int | float  # a count, or a percentage for a rate
    high: int | None
    publisher: str
    published: str
    url: str
    percent: bool = False

    @property
    def text(self) -> str:
        """The figure as published: '3,524,051', 'about 1,900,000', '1,800,000 to 2,000,000'."""
        if self.qualifier == "range":
            return f"{self.value:,} to {self.high:,}"
        exact = f"{self.value:g}%" if self.percent else f"{self.value:,}"
        return exact if self.qualifier == "exact" else f"{self.qualifier} {exact}"


@dataclass(frozen=True)
class Dataset:
    """A dataset's metadata and its rows, oldest year first.

    For a monthly dataset, `months` holds the months in fiscal order and `rows` the
    fiscal years they add up to, each covering the months present.
    """

    meta: DatasetMeta
    rows: tuple[YearRow, ...]
    months: tuple[MonthRow, ...] = ()
    # A dataset kept in several releases: every release's rows, oldest release first,
    # and which release `rows` are (the newest, unless another was chosen).
    releases: dict[str, tuple[YearRow, ...]] = field(default_factory=dict)
    release: str | None = None
    reported: tuple[Reported, ...] = ()  # a dataset of figures reported by others
    # A hash of this dataset's own file and metadata: loading other datasets leaves it,
    # and so every chart drawn from it, unchanged.
    version: str = ""

    @property
    def all_years(self) -> list[int]:
        """Every year any release has (the years of `rows` for a dataset with one)."""
        return sorted({r.year for rows in (self.releases or {None: self.rows}).values()
                       for r in rows})

    def in_release(self, code: str) -> Dataset:
        """The same dataset with the rows of another release."""
        return dataclasses.replace(self, rows=self.releases[code], release=code)

    @property
    def years(self) -> list[int]:
        return [r.year for r in self.rows]

    def row(self, year: int) -> YearRow | None:
        for r in self.rows:
            if r.year == year:
                return r
        return None


@dataclass(frozen=True)
class Snapshot:
    """Everything in the store at one data version."""

    version: str
    loaded_at: str
    datasets: dict[str, Dataset]
    history: tuple[dict, ...]
    loads: tuple[tuple[int, str], ...] = ()  # (load id, version), oldest first
    revisions: tuple[Revision, ...] = ()  # the most recent REVISIONS_KEPT, oldest first

    def revisions_since(self, version: str | None) -> list[Revision] | None:
        """Figures changed since `version` was in service; None if that version is unknown."""
        ids = [i for i, v in self.loads if v == version]
        if not ids:
            return None
        return collapse([r for r in self.revisions if r.load_id > ids[-1]])


class Reader:
    """Read access to the SQLite store; safe to share between threads.

    Each read checks the data version (one small query) and re-reads the
    tables only when a load has changed it, so a running bot picks up new
    figures without a restart.
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        self._snapshot: Snapshot | None = None

    def has_data(self) -> bool:
        """Whether a load has ever succeeded here."""
        try:
            self.snapshot()
        except StoreError:
            return False
        return True

    def snapshot(self) -> Snapshot:
        try:
            conn = connect_ro(self.path)
        except (FileNotFoundError, sqlite3.Error):
            if self._snapshot is not None:
                return self._snapshot  # keep answering from the last good data
            raise StoreError(
                f"no data loaded yet at {self.path}; run `python -m bot load`"
            ) from None
        try:
            version = _in_service(conn).get("data_version")
            with self._lock:
                if self._snapshot is not None and self._snapshot.version == version:
                    return self._snapshot
            if version is None:
                raise StoreError(f"no data loaded yet at {self.path}; run `python -m bot load`")
            snap = _read(conn)
        except sqlite3.Error as exc:
            if self._snapshot is not None:
                return self._snapshot
            raise StoreError(f"cannot read the store {self.path}: {exc}") from exc
        finally:
            conn.close()
        with self._lock:
            self._snapshot = snap
        return snap


def _in_service(conn: sqlite3.Connection) -> dict[str, str]:
    try:
        return dict(conn.execute(f"select key, value from {VERSION}").fetchall())
    except sqlite3.OperationalError:
        return {}


def _read(conn: sqlite3.Connection) -> Snapshot:
    """Read every table in one read transaction, so the snapshot is consistent."""
    conn.execute("begin")
    try:
        state = _in_service(conn)
        datasets = {}
        for name, meta_json, sha in conn.execute(
                f"select name, metadata, sha256 from {DATASETS} order by name"):
            meta = parse_metadata(f"{name}.metadata.json", meta_json.encode())
            ds = _reported(conn, meta) if meta.kind == "reported" \
                else _monthly(conn, meta) if meta.month_column \
                else _released(conn, meta) if meta.release_column \
                else Dataset(meta, _rows(conn, meta))
            own = hashlib.sha256(f"{sha}\0{meta_json}".encode()).hexdigest()[:16]
            datasets[name] = dataclasses.replace(ds, version=own)
        loads = tuple(conn.execute(f"select id, version from {LOADS} order by id"))
        revisions = _revisions(conn)
        history = tuple(
            {"loaded_at": at, "version": v, "files": json.loads(f), "rows": json.loads(r)}
            for at, v, f, r in conn.execute(
                f"select loaded_at, version, files, rows from {LOADS} order by id desc limit 20"
            )
        )
    finally:
        conn.execute("rollback")
    return Snapshot(state["data_version"], state.get("loaded_at", ""), datasets, history, loads,
                    revisions)


def _revisions(conn: sqlite3.Connection) -> tuple[Revision, ...]:
    columns = "load_id, dataset, year, measure, old_value, new_value, detected_at"
    rows = []
    # A log kept before monthly datasets has no month column; one before revisions, no log.
    for extra in (", month, release", ", month", ""):
        try:
            rows = conn.execute(f"select {columns}{extra} from {REVISIONS} "
                                f"order by id desc limit {REVISIONS_KEPT}").fetchall()
            break
        except sqlite3.OperationalError:
            continue
    return tuple(from_row(r) for r in reversed(rows))


def _released(conn: sqlite3.Connection, meta: DatasetMeta) -> Dataset:
    """A dataset kept in several releases, showing the newest."""
    releases = {code: _rows(conn, meta, code) for code in meta.releases}
    newest = list(releases)[-1]
    return Dataset(meta, releases[newest], releases=releases, release=newest)


def _rows(conn: sqlite3.Connection, meta: DatasetMeta,
          release: str | None = None) -> tuple[YearRow, ...]:
    cols = [meta.key] + ([meta.period_column] if meta.period_column else [])
    cols += meta.count_columns
    where = f" where [{meta.release_column}] = ?" if release is not None else ""
    sql = (f"select {', '.join(f'[{c}]' for c in cols)} from [{meta.name}]{where} "
           f"order by [{meta.key}]")
    full = next((p for p in meta.periods.values() if not p.partial), None)
    out = []
    for rec in conn.execute(sql, [release] if release is not None else []):
        values = dict(zip(cols, rec, strict=True))
        period = meta.periods[values[meta.period_column]] if meta.period_column else full
        out.append(YearRow(values[meta.key], period,
                           {m.name: values[m.name] for m in meta.measures},
                           values[meta.total_column] if meta.total_column else None))
    return tuple(out)


def _monthly(conn: sqlite3.Connection, meta: DatasetMeta) -> Dataset:
    """A monthly dataset: its months, and the fiscal years they add up to."""
    cols = [meta.key, meta.month_column, *meta.count_columns]
    if meta.daily_average_column:
        cols.append(meta.daily_average_column)
    sql = f"select {', '.join(f'[{c}]' for c in cols)} from [{meta.name}]"
    found = []
    for rec in conn.execute(sql):
        v = dict(zip(cols, rec, strict=True))
        found.append(MonthRow(v[meta.key], v[meta.month_column],
                              {m.name: v[m.name] for m in meta.measures},
                              v[meta.total_column] if meta.total_column else None,
                              v.get(meta.daily_average_column)))
    found.sort(key=lambda r: (r.year, months.position(r.month)))
    return from_months(meta, found)


def from_months(meta: DatasetMeta, found: list[MonthRow]) -> Dataset:
    """A monthly dataset from its months, in fiscal order: the fiscal years they add up to,
    each covering the months present."""
    years = []
    for year in sorted({r.year for r in found}):
        mine = [r for r in found if r.year == year]
        totals = [r.published_total for r in mine]
        years.append(YearRow(
            year, _covering(mine),
            {m.name: sum(r.values[m.name] for r in mine) for m in meta.measures},
            sum(totals) if meta.total_column and None not in totals else None))
    return Dataset(meta, tuple(years), tuple(found))


def _covering(rows: list[MonthRow]) -> Period:
    """The part of the fiscal year these months cover: all of it, or October to the last."""
    if len(rows) == 12:
        return FULL_YEAR["full"]
    last = months.name(rows[-1].month)
    return Period(f"through-{last.lower()}", f"through {last}", len(rows),
                  f"October to {last} only: {len(rows)} of the fiscal year's 12 months.")


def _reported(conn: sqlite3.Connection, meta: DatasetMeta) -> Dataset:
    cols = ", ".join(f"[{c}]" for c in meta.columns)
    figures = tuple(
        Reported(*rec, percent=meta.topics.get(rec[0], {}).get("unit") == "percent")
        for rec in conn.execute(f"select {cols} from [{meta.name}] order by fiscal_year, id"))
    return Dataset(meta, (), reported=figures)
