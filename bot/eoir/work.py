"""The ingest's working database: DuckDB, bounded by EOIR_INGEST_MEMORY, spilling to disk.

The release's rows that the method needs (millions at full size) go into a
DuckDB file in a folder of their own beside the case store; the joins, the
last proceeding of each case and the counts run there. DuckDB keeps within
its memory limit by writing to that folder, so the ingest's memory is set by
the setting, not by the size of the release. The folder is removed when the
ingest ends, whether it succeeded or not.
"""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path

import duckdb
import pyarrow as pa

log = logging.getLogger("bot.eoir")

DEFAULT_MEMORY_MB = 1024


class Work:
    """A DuckDB database in `folder`, with at most `memory_mb` of memory for its data."""

    def __init__(self, folder: Path, memory_mb: int = DEFAULT_MEMORY_MB) -> None:
        self.folder = Path(folder)
        shutil.rmtree(self.folder, ignore_errors=True)  # what a killed ingest left
        self.folder.mkdir(parents=True)
        self.con = duckdb.connect(str(self.folder / "work.duckdb"), config={
            "memory_limit": f"{memory_mb}MB",
            "temp_directory": str(self.folder / "spill"),
            "threads": os.cpu_count() or 1,
            # Row order is carried in a column where it matters; without this DuckDB may
            # hold more rows at once to keep it.
            "preserve_insertion_order": False,
        })
        self.memory_mb = memory_mb

    def __enter__(self) -> Work:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        try:
            self.con.close()
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)

    def create(self, table: str, columns: dict[str, str]) -> None:
        """An empty table: {"case": "BIGINT", ...}."""
        spec = ", ".join(f'"{c}" {t}' for c, t in columns.items())
        self.con.execute(f'create or replace table "{table}" ({spec})')

    def append(self, table: str, rows: pa.Table) -> None:
        """Add rows (an Arrow table with the table's columns, in order)."""
        self.con.register("_rows", rows)
        try:
            self.con.execute(f'insert into "{table}" select * from _rows')
        finally:
            self.con.unregister("_rows")

    def sql(self, query: str, params: list | None = None) -> duckdb.DuckDBPyConnection:
        return self.con.execute(query, params or [])

    def rows(self, query: str, params: list | None = None) -> list[tuple]:
        return self.con.execute(query, params or []).fetchall()

    def count(self, table: str) -> int:
        return self.con.execute(f'select count(*) from "{table}"').fetchone()[0]


def parse_memory(text: str) -> int:
    """'1GB', '1.5 GB', '800MB', '800M', '800' (MB) -> megabytes; ValueError if not a size."""
    raw = text.strip().upper().replace(" ", "").removesuffix("B").removesuffix("I")
    scale = 1
    if raw.endswith("G"):
        raw, scale = raw[:-1], 1024
    elif raw.endswith("M"):
        raw = raw[:-1]
    try:
        mb = float(raw) * scale
    except ValueError:
        raise ValueError(f"{text!r} is not a size such as 1GB or 800MB") from None
    if mb < 64:
        raise ValueError(f"{text!r} is too little: the ingest needs at least 64MB")
    return int(mb)
