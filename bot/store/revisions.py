"""The revision log: which figures changed from one data version to the next.

When a load replaces a dataset, every cell that differs from the version
before it is recorded: dataset, year, measure, old value, new value, when.
A year whose period changes (FY2024 "through April" becoming a full year) is
recorded under the measure "period", as the number of months it covers (7, then
12); the words for it come from bot.answers.periods when it is shown.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

import pandas as pd
import sqlite_utils

from bot.store import months
from bot.store.metadata import DatasetMeta, parse_metadata
from bot.store.schema import DATASETS

REVISIONS = "_revisions"
PERIOD = "period"


@dataclass(frozen=True)
class Revision:
    """One changed figure."""

    dataset: str
    year: int
    measure: str
    old: int | str | None
    new: int | str | None
    load_id: int
    detected_at: str
    month: int | None = None  # for a monthly dataset: which month of the year
    release: str | None = None  # for a dataset kept in several releases: which one


def period_months(meta: DatasetMeta, code: str | None) -> int:
    """How many months of the fiscal year a row with this period code covers."""
    if not meta.period_column or code is None:
        return 12
    return meta.periods[code].months


_OLD_PERIOD = re.compile(r"\((\d+) of 12 months\)")


def _months(value):
    """A period revision's value; stores made before months were kept hold prose."""
    if not isinstance(value, str):
        return value
    if value == "full year":
        return 12
    m = _OLD_PERIOD.search(value)
    return int(m.group(1)) if m else value


Key = tuple[int, int | None, str | None]  # fiscal year; month; release, where a dataset has


def _key(meta: DatasetMeta, rec: dict) -> Key:
    return (int(rec[meta.key]), int(rec[meta.month_column]) if meta.month_column else None,
            str(rec[meta.release_column]) if meta.release_column else None)


def current_values(db: sqlite_utils.Database) -> dict[str, dict[Key, dict]]:
    """Every dataset's figures as they stand in the store, before a load replaces them."""
    if DATASETS not in db.table_names():
        return {}
    out = {}
    for name, meta_json in db.execute(f"select name, metadata from {DATASETS}").fetchall():
        meta = parse_metadata(f"{name}.metadata.json", meta_json.encode())
        if name not in db.table_names() or meta.kind == "reported":  # no figure-by-figure log
            continue
        rows = {}
        for rec in db[name].rows:
            values = {c: rec.get(c) for c in meta.count_columns}
            if not meta.month_column:
                values[PERIOD] = period_months(meta, rec.get(meta.period_column))
            rows[_key(meta, rec)] = values
        out[name] = rows
    return out


def frame_values(meta: DatasetMeta, frame: pd.DataFrame) -> dict[Key, dict]:
    """The same shape as current_values, from a checked data file."""
    rows = {}
    for rec in frame.to_dict(orient="records"):
        values = {c: int(rec[c]) for c in meta.count_columns}
        if not meta.month_column:
            values[PERIOD] = period_months(meta, rec.get(meta.period_column))
        rows[_key(meta, rec)] = values
    return rows


Change = tuple[Key, str, object, object]  # (year, month, release), measure, old, new


def differences(old: dict[Key, dict], new: dict[Key, dict]) -> list[Change]:
    """((year, month, release), measure, old, new) for every figure that differs, rows
    added or dropped included."""
    out = []
    for key in sorted(set(old) | set(new), key=lambda k: (k[2] or "", k[0], _fiscal(k[1]))):
        before, after = old.get(key, {}), new.get(key, {})
        for measure in list(dict.fromkeys([*before, *after])):
            a, b = before.get(measure), after.get(measure)
            if a != b:
                out.append((key, measure, a, b))
    return out


def _fiscal(month: int | None) -> int:
    return 0 if month is None else months.position(month)


def record(db: sqlite_utils.Database, load_id: int, detected_at: str, version_from: str | None,
           version_to: str, changes: dict[str, list[Change]]) -> int:
    """Append the differences to the revision log; return how many were recorded."""
    rows = [
        {"load_id": load_id, "dataset": name, "year": year, "month": month, "release": release,
         "measure": measure, "old_value": json.dumps(a), "new_value": json.dumps(b),
         "version_from": version_from, "version_to": version_to, "detected_at": detected_at}
        for name, diffs in changes.items()
        for (year, month, release), measure, a, b in diffs
    ]
    db[REVISIONS].create(
        {"id": int, "load_id": int, "dataset": str, "year": int, "month": int, "release": str,
         "measure": str,
         "old_value": str, "new_value": str, "version_from": str, "version_to": str,
         "detected_at": str}, pk="id", if_not_exists=True)
    for column, kind in (("month", int), ("release", str)):  # logs kept before these existed
        if column not in db[REVISIONS].columns_dict:
            db[REVISIONS].add_column(column, kind)
    db[REVISIONS].insert_all(rows)
    return len(rows)


def from_row(row: tuple) -> Revision:
    load_id, dataset, year, measure, old, new, detected_at, *extra = row
    old, new = json.loads(old), json.loads(new)
    if measure == PERIOD:
        old, new = _months(old), _months(new)
    month, release = (*extra, None, None)[:2]
    return Revision(dataset, year, measure, old, new, load_id, detected_at, month, release)


def collapse(revisions: list[Revision]) -> list[Revision]:
    """Several revisions of one figure become one, first old to last new; no-ops drop out."""
    merged: dict[tuple, Revision] = {}
    for r in sorted(revisions, key=lambda r: r.load_id):
        key = (r.dataset, r.year, r.month, r.release, r.measure)
        first = merged.get(key)
        merged[key] = r if first is None else Revision(
            r.dataset, r.year, r.measure, first.old, r.new, r.load_id, r.detected_at, r.month,
            r.release)
    return [r for r in merged.values() if r.old != r.new]
