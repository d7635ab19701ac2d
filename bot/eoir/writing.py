"""Write the case store from the working database: the counts the answers read, indexed.

Each table is counted by DuckDB and streamed, sorted, into a new SQLite file that
replaces the store in one step when complete. DuckDB counts the next slices on
a thread of its own while SQLite writes the last ones, and each table's first
index is built as its sorted rows arrive, so SQLite, which writes on one core,
is never kept waiting.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import queue
import sqlite3
import threading
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import pyarrow as pa

from bot.eoir.scan import Scan
from bot.eoir.tables import COUNTED, DIMS, ROLLUP_MAX, rollup_name
from bot.eoir.work import Work

EPOCH = date(1970, 1, 1)  # the working tables' dates are days since then
# Breakdowns kept for every question; judges are kept apart (their own table) because
# crossing them with nationality would multiply the rows for no question anyone asks.
FACT_COLUMNS = ["fiscal_year", "court", "nat", "represented", "custody", "claim", "outcome",
                "asylum_decision", "absentia"]
JUDGE_COLUMNS = ["fiscal_year", "court", "judge", "outcome", "asylum_decision", "absentia"]
# Nationwide counts by month of completion, so a year can be cut where another source's
# part-year stops (TRAC's FY2024 runs through April).
MONTH_COLUMNS = ["fiscal_year", "month", "outcome", "asylum_decision"]
SLICE = 100_000  # rows per slice handed from DuckDB to SQLite
SLICES_AHEAD = 4


@dataclass(frozen=True)
class Table:
    """A table of the store: the query that counts it, and its indexes (name, columns).
    The rows are sorted by the first index's columns, so that index is built as they come."""

    name: str
    query: str
    columns: list[str]
    indexes: list[tuple[str, tuple[str, ...]]]

    @property
    def order(self) -> str:
        first = list(self.indexes[0][1]) if self.indexes else []
        return ", ".join(first + [c for c in self.columns if c not in first])


def tables() -> list[Table]:
    """Every counted table of the store, in the order they are written."""
    out = [Table("facts", "select * from facts", [*FACT_COLUMNS, "cases"],
                 [("facts_court_nat_fiscal_year", ("court", "nat", "fiscal_year")),
                  ("facts_nat_fiscal_year", ("nat", "fiscal_year"))])]
    # One rollup per combination of filters, indexed for both ways it is read: the filters
    # then the year (a dataset), and the year then all but one filter (a ranking by it).
    for size in range(ROLLUP_MAX + 1):
        for dims in itertools.combinations(DIMS, size):
            name = rollup_name(dims)
            first = (*dims, "fiscal_year")
            indexes = {first} | {("fiscal_year", *(d for d in dims if d != by)) for by in dims}
            named = [(f"{name}_{i}", columns) for i, columns in enumerate(sorted(indexes))]
            named.sort(key=lambda pair: pair[1] != first)
            columns = [*dims, *COUNTED]
            out.append(Table(name, _counts("facts", columns, "sum(cases)"),
                             [*columns, "cases"], named))
    out.append(Table("judge_facts", _counts("counted", JUDGE_COLUMNS),
                     [*JUDGE_COLUMNS, "cases"], [("judge_facts_court", ("court", "fiscal_year"))]))
    out.append(Table("month_facts", _counts("counted", MONTH_COLUMNS), [*MONTH_COLUMNS, "cases"],
                     []))
    return out


def data_through(work: Work, release_date: date) -> date:
    """The last completion date among the counted cases (the release's date if none)."""
    last = work.rows("select max(completed) from counted")[0][0]
    return EPOCH + timedelta(days=int(last)) if last is not None else release_date


def write_store(store: Path, info: dict[str, str], found: Scan, codes: pd.DataFrame) -> None:
    """Write every table to a new file, then move it over the old one in one step."""
    store = Path(store)
    tmp = store.with_name(store.name + ".building")
    tmp.unlink(missing_ok=True)
    work = found.work
    info = {**info, "bad_rows": json.dumps({s: dict(b.reasons) for s, b in found.bad.items()}),
            "rows_read": json.dumps({s: b.read for s, b in found.bad.items()})}
    # The facts are kept in DuckDB too: every rollup is summed from them.
    work.sql(f"create or replace table facts as {_counts('counted', FACT_COLUMNS)}")
    conn = sqlite3.connect(tmp)
    try:
        conn.execute("pragma journal_mode = off")
        conn.execute("pragma synchronous = off")
        conn.execute("pragma cache_size = -65536")  # 64 MB: index pages stay in memory
        conn.execute("create table release (key text primary key, value text)")
        conn.executemany("insert into release values (?, ?)", info.items())
        _copy_all(work, tables(), conn)
        lk = found.lookups
        used_courts = {c for (c,) in work.rows("select distinct court from counted")}
        lk.courts[lk.courts["code"].isin(used_courts)].to_sql("courts", conn, index=False)
        lk.nationalities.to_sql("nationalities", conn, index=False)
        lk.judges.to_sql("judges", conn, index=False)
        codes.to_sql("code_review", conn, index=False)
        conn.commit()
    finally:
        conn.close()
    os.replace(tmp, store)


def _counts(source: str, columns: list[str], count: str = "count(*)") -> str:
    """A query counting the rows of `source` (or summing its cases) by `columns`."""
    keys = ", ".join(columns)
    return f"select {keys}, {count}::bigint as cases from {source} group by {keys}"


def _copy_all(work: Work, plan: list[Table], conn: sqlite3.Connection) -> None:
    """Each table's sorted rows from DuckDB (counted on a thread of its own, a few slices
    ahead) into SQLite, then its other indexes."""
    slices: queue.Queue = queue.Queue(SLICES_AHEAD)
    stop = threading.Event()

    def produce() -> None:
        cursor = work.con.cursor()  # a connection of this thread's own
        try:
            for table in plan:
                reader = cursor.sql(f"select * from ({table.query}) order by {table.order}") \
                    .to_arrow_reader(SLICE)
                _put(slices, stop, reader.schema)
                for batch in reader:
                    _put(slices, stop, batch)
                _put(slices, stop, None)
        except InterruptedError:
            pass
        except Exception as exc:  # handed to the writer, which raises it
            with contextlib.suppress(InterruptedError):
                _put(slices, stop, exc)
        finally:
            cursor.close()

    producer = threading.Thread(target=produce, name="eoir-count", daemon=True)
    producer.start()
    try:
        for table in plan:
            schema = _get(slices)
            columns = [(f.name, "TEXT" if pa.types.is_string(f.type) else "INTEGER")
                       for f in schema]
            conn.execute(f'create table "{table.name}" ('
                         + ", ".join(f'"{c}" {t}' for c, t in columns) + ")")
            for i, (name, on) in enumerate(table.indexes):
                if i == 0:  # built as the sorted rows arrive
                    conn.execute(f"create index {name} on {table.name} ({', '.join(on)})")
            insert = f'insert into "{table.name}" values ({", ".join("?" * len(columns))})'
            while (batch := _get(slices)) is not None:
                conn.executemany(insert, zip(*(c.to_pylist() for c in batch.columns),
                                             strict=True))
            for name, on in table.indexes[1:]:
                conn.execute(f"create index {name} on {table.name} ({', '.join(on)})")
    finally:
        stop.set()
        producer.join()


def _put(slices: queue.Queue, stop: threading.Event, item) -> None:
    while not stop.is_set():
        try:
            slices.put(item, timeout=0.1)
            return
        except queue.Full:
            continue
    raise InterruptedError  # the writer has stopped: nothing more is wanted


def _get(slices: queue.Queue):
    item = slices.get()
    if isinstance(item, Exception):
        raise item
    return item
