"""The ingest's working database: DuckDB, bounded by EOIR_INGEST_MEMORY, spilling to disk.

The release's rows that the method needs (millions at full size) are written,
batch by batch, to Parquet files in a folder of their own beside the case
store; DuckDB reads them from there for the joins, the last proceeding of each
case and the counts. DuckDB keeps within its memory limit by spilling to the
same folder, so the ingest's memory is set by the setting, not by the size of
the release. The folder is removed when the ingest ends, whether it succeeded
or not.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import os
import shutil
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

log = logging.getLogger("bot.eoir")

DEFAULT_MEMORY_MB = 1024
TYPES = {"BIGINT": pa.int64(), "INTEGER": pa.int32(), "VARCHAR": pa.string(),
         "BOOLEAN": pa.bool_()}


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
        self._writers: dict[str, pq.ParquetWriter] = {}
        log.info("working files in %s, memory limit %d MB (EOIR_INGEST_MEMORY)", self.folder,
                 memory_mb)

    @classmethod
    def defaults(cls) -> Work:
        """An in-memory database with DuckDB's own settings and no folder (the plain
        pipeline the ingest is measured against)."""
        work = cls.__new__(cls)
        work.folder, work.memory_mb, work._writers = None, 0, {}
        work.con = duckdb.connect()
        return work

    def __enter__(self) -> Work:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        try:
            for writer in self._writers.values():
                writer.close()
            self.con.close()
        finally:
            if self.folder is not None:
                shutil.rmtree(self.folder, ignore_errors=True)

    def create(self, table: str, columns: dict[str, str]) -> None:
        """Start a table of rows to come ({"case": "BIGINT", ...}); `append` adds to it and
        `close_table` makes it a view for queries."""
        schema = pa.schema([(c, TYPES[t]) for c, t in columns.items()])
        # Plain columns: no compression, dictionaries or statistics, which would cost more
        # time to write than they save DuckDB when it reads them back once or twice.
        self._writers[table] = pq.ParquetWriter(
            self.folder / f"{table}.parquet", schema, compression="none",
            use_dictionary=False, write_statistics=False)

    def append(self, table: str, rows: pa.Table) -> None:
        """Add rows (an Arrow table with the table's columns, in order): written to disk
        now, so memory holds one batch at a time."""
        writer = self._writers[table]
        writer.write_table(rows.cast(writer.schema))

    def close_table(self, table: str) -> None:
        self._writers.pop(table).close()
        path = str(self.folder / f"{table}.parquet").replace("'", "''")
        self.con.execute(f"create or replace view \"{table}\" as select * from "
                         f"read_parquet('{path}')")

    def disk_mb(self) -> float:
        """What the working files take on disk now."""
        if self.folder is None:
            return 0.0
        return sum(p.stat().st_size for p in self.folder.rglob("*") if p.is_file()) / 2**20

    def sql(self, query: str, params: list | None = None) -> duckdb.DuckDBPyConnection:
        return self.con.execute(query, params or [])

    def rows(self, query: str, params: list | None = None) -> list[tuple]:
        return self.con.execute(query, params or []).fetchall()

    def count(self, table: str) -> int:
        return self.con.execute(f'select count(*) from "{table}"').fetchone()[0]


def give_back() -> None:
    """Return the memory the reader's threads freed to the system before DuckDB's turn:
    the allocators keep freed blocks for reuse, which would otherwise stay in the peak."""
    pa.default_memory_pool().release_unused()
    name = ctypes.util.find_library("c")
    libc = ctypes.CDLL(name) if name else None
    if libc is not None and hasattr(libc, "malloc_trim"):  # glibc's; others have none
        libc.malloc_trim(0)
