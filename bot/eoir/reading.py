"""Stream one table of the release in record batches, counting the rows that cannot be read.

Only the columns the method needs are converted. A row with the wrong number of
fields (EOIR's mid-row tab shifts) is skipped and counted; so is a row whose id is
not a number or whose date cannot be true. Nothing here holds a whole table.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from bot.eoir.errors import IngestError
from bot.eoir.release import BLOCK, Member, open_clean

EARLIEST = date(1950, 1, 1)
SAMPLES_KEPT = 3


@dataclass
class BadRows:
    """Rows skipped in one table, by reason, with a few examples of each."""

    table: str
    read: int = 0
    reasons: Counter = field(default_factory=Counter)
    samples: dict[str, list[str]] = field(default_factory=dict)
    # The parser's threads report shifted rows while batches are checked on others.
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def add(self, reason: str, count: int = 1, sample: str | None = None) -> None:
        with self._lock:
            self.reasons[reason] += count
            kept = self.samples.setdefault(reason, [])
            if sample is not None and len(kept) < SAMPLES_KEPT:
                kept.append(sample[:120])

    def merge(self, other: BadRows) -> None:
        """Add the reasons and examples of a batch's own count (kept apart while it was
        checked on a worker thread, merged in file order)."""
        for reason, n in other.reasons.items():
            samples = other.samples.get(reason, [])
            self.add(reason, n, samples[0] if samples else None)
            for sample in samples[1:]:
                self.add(reason, 0, sample)

    @property
    def total(self) -> int:
        return sum(self.reasons.values())

    @property
    def share(self) -> float:
        return self.total / self.read if self.read else 0.0


def header(member: Member) -> list[str]:
    """The table's column names, trimmed."""
    with open_clean(member) as f:
        line = f.readline().decode("utf-8").rstrip("\r\n")
    return [name.strip() for name in line.split("\t")]


def batches(member: Member, stem: str, columns: list[str], bad: BadRows,
            on_read: Callable[[int], None] | None = None) -> Iterator[pa.RecordBatch]:
    """The table's rows, `columns` only, as strings as written (`trimmed` takes the spaces
    off, once a batch is narrowed to the rows that matter)."""
    names = header(member)
    missing = [c for c in columns if c not in names]
    if missing:
        raise IngestError(f"{stem}.csv has no column {', '.join(missing)} "
                          f"(its columns: {', '.join(names[:30])})")

    def on_invalid(row) -> str:
        bad.read += 1
        bad.add(f"{row.actual_columns} fields where the header has {row.expected_columns}",
                sample=row.text)
        return "skip"

    reader = pacsv.open_csv(
        open_clean(member, on_read),
        read_options=pacsv.ReadOptions(column_names=names, skip_rows=1, block_size=BLOCK),
        parse_options=pacsv.ParseOptions(delimiter="\t", quote_char=False, escape_char=False,
                                         newlines_in_values=False,
                                         invalid_row_handler=on_invalid),
        convert_options=pacsv.ConvertOptions(include_columns=columns,
                                             column_types=dict.fromkeys(columns, pa.string()),
                                             strings_can_be_null=False,
                                             quoted_strings_can_be_null=False),
    )
    for batch in reader:
        bad.read += batch.num_rows
        yield batch


def trimmed(batch: pa.RecordBatch, column: str) -> pa.Array:
    """A text column without surrounding spaces: EOIR writes 'SP ' for SP."""
    return pc.utf8_trim_whitespace(batch.column(column))


def ids(batch: pa.RecordBatch, column: str, bad: BadRows) -> tuple[np.ndarray, np.ndarray]:
    """The column as int64 and a mask of the rows where it is a number; the rest are counted."""
    text = trimmed(batch, column)
    ok = pc.fill_null(pc.and_(pc.utf8_is_digit(text), pc.less(pc.utf8_length(text), 19)), False)
    ok = ok.to_numpy(zero_copy_only=False)
    if not ok.all():
        _count(bad, f"{column} is not a number", batch, column, ~ok)
    values = np.zeros(len(ok), dtype=np.int64)
    values[ok] = pc.cast(pc.filter(text, pa.array(ok)), pa.int64()).to_numpy()
    return values, ok


def dates(batch: pa.RecordBatch, column: str, bad: BadRows, latest: date,
          rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Days since 1970 (NaT-free: -1 for an empty date) and a mask of the rows whose date
    is empty or possible. `rows` limits the check to rows that matter."""
    text = trimmed(batch, column)
    parsed = pc.strptime(pc.utf8_slice_codeunits(text, 0, 10), format="%Y-%m-%d", unit="s",
                         error_is_null=True)
    days = pc.cast(pc.cast(parsed, pa.date32()), pa.int32()).to_numpy(zero_copy_only=False)
    empty = pc.equal(pc.utf8_length(text), 0).to_numpy(zero_copy_only=False)
    days = np.where(empty, -1, np.nan_to_num(days, nan=-2)).astype(np.int32)
    low, high = (pd.Timestamp(d) - pd.Timestamp(0) for d in (EARLIEST, latest))
    possible = empty | ((days >= low.days) & (days <= high.days))
    wrong = rows & ~possible
    if wrong.any():
        _count(bad, f"{column} is not a possible date", batch, column, wrong)
    return days, possible


def _count(bad: BadRows, reason: str, batch: pa.RecordBatch, column: str,
           mask: np.ndarray) -> None:
    first = int(np.flatnonzero(mask)[0])
    bad.add(reason, int(mask.sum()), f"{column}={batch.column(column)[first].as_py().strip()!r}")
