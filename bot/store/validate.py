"""Read a dataset's CSV with pandas and check every cell before it can reach the store."""

from __future__ import annotations

import csv
import io
import re

import pandas as pd

from bot.store.errors import DataFileError
from bot.store.metadata import DatasetMeta

# Fiscal years the product can sensibly hold; anything else is a typo.
MIN_YEAR, MAX_YEAR = 1900, 2100
# A year a row between those years is at most 201 rows: no real data file comes near this.
MAX_FILE_BYTES = 5 * 1024 * 1024
_INT = re.compile(r"^[0-9]+$")
_NEG = re.compile(r"^-[0-9]+$")
BOM = b"\xef\xbb\xbf"


def decode(fname: str, data: bytes) -> str:
    """Bytes of a CSV file to text, refusing what would silently corrupt a header or a cell."""
    if len(data) > MAX_FILE_BYTES:  # before anything copies it
        raise DataFileError(fname, f"file is {len(data):,} bytes; data files are limited to "
                                   f"{MAX_FILE_BYTES:,}")
    if not data.strip():
        raise DataFileError(fname, "file is empty")
    if data.startswith(BOM):
        raise DataFileError(
            fname, "starts with a byte-order mark; save it as UTF-8 without BOM", row=1
        )
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise DataFileError(fname, "contains NUL bytes (is it UTF-16?); save it as UTF-8",
                            row=line)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise DataFileError(
            fname, f"not UTF-8 text (byte 0x{data[exc.start]:02x}); save it as UTF-8", row=line
        ) from None


def read_rows(fname: str, data: bytes, meta: DatasetMeta) -> pd.DataFrame:
    """Parse and check one data file; return a typed DataFrame in file order.

    Every problem raises DataFileError with the file, the line (header = 1)
    and the column, so an editor can go straight to the cell.
    """
    text = decode(fname, data)
    try:
        frame = pd.read_csv(
            io.StringIO(text), dtype=str, keep_default_na=False, skip_blank_lines=False
        )
    except (pd.errors.ParserError, csv.Error) as exc:
        line = _parser_line(str(exc))
        raise DataFileError(fname, f"cannot be read as CSV: {_first_line(exc)}", row=line) from None
    except pd.errors.EmptyDataError:
        raise DataFileError(fname, "file is empty") from None
    _check_columns(fname, list(frame.columns), meta)
    # A trailing newline after the last row is normal; a blank line inside is not.
    while len(frame) and all(v == "" for v in frame.iloc[-1]):
        frame = frame.iloc[:-1]
    if frame.empty:
        raise DataFileError(fname, "has a header but no data rows", row=2)

    # Every check runs on whole columns; the problem reported is the first one in
    # reading order (top to bottom, left to right), as an editor would meet it.
    cells = frame.apply(lambda col: col.str.strip())
    year_text = cells[meta.key].str.replace(r"^[Ff][Yy]", "", regex=True)
    year_ok = year_text.str.fullmatch(r"[0-9]+")
    years = pd.to_numeric(year_text.where(year_ok), errors="coerce")
    checks = {meta.key: ~(year_ok & years.between(MIN_YEAR, MAX_YEAR))}
    checks["_duplicate"] = years.duplicated(keep="first") & ~checks[meta.key]
    if meta.period_column:
        checks[meta.period_column] = ~cells[meta.period_column].isin(list(meta.periods))
    for name in meta.count_columns:
        checks[name] = ~cells[name].str.fullmatch(r"[0-9]+")
    bad = pd.DataFrame(checks)
    if bad.to_numpy().any():
        row, col = divmod(int(bad.to_numpy().argmax()), bad.shape[1])
        _raise(fname, meta, frame, years, row, bad.columns[col])

    out = {meta.key: years.astype("int64")}
    if meta.period_column:
        out[meta.period_column] = cells[meta.period_column]
    out.update({name: cells[name].astype("int64") for name in meta.count_columns})
    return pd.DataFrame(out).sort_values(meta.key, kind="stable").reset_index(drop=True)


def _raise(fname: str, meta: DatasetMeta, frame: pd.DataFrame, years: pd.Series, row: int,
           column: str) -> None:
    """The DataFileError for the first bad cell: its line (header = 1) and column."""
    line = row + 2
    value = frame.iloc[row][meta.key if column == "_duplicate" else column]
    if column == meta.key:
        raise DataFileError(fname, f"{value!r} is not a fiscal year (expected e.g. 2023)",
                            row=line, column=column)
    if column == "_duplicate":
        first = int((years == years.iloc[row]).to_numpy().argmax()) + 2
        raise DataFileError(fname, f"FY{int(years.iloc[row])} appears twice (first on line "
                                   f"{first})", row=line, column=meta.key)
    if column == meta.period_column:
        known = ", ".join(sorted(meta.periods))
        raise DataFileError(fname, f"period {value.strip()!r} is not explained in the metadata "
                                   f"(known: {known})", row=line, column=column)
    _count(fname, line, column, value)


def _check_columns(fname: str, header: list[str], meta: DatasetMeta) -> None:
    expected = meta.columns
    missing = [c for c in expected if c not in header]
    if missing:
        raise DataFileError(fname, "column is missing from the header", row=1, column=missing[0])
    extra = [c for c in header if c not in expected]
    if extra:
        raise DataFileError(
            fname,
            "column is not described in the metadata; add it there or remove it",
            row=1, column=str(extra[0]),
        )


def _count(fname: str, line: int, column: str, value: str) -> int:
    v = value.strip()
    if _INT.match(v):
        return int(v)
    if _NEG.match(v):
        reason = f"{value!r} is negative; counts cannot be below zero"
    elif v == "":
        reason = "cell is empty; counts must be whole numbers"
    else:
        reason = f"{value!r} is not a whole number (write counts as digits only, e.g. 10661)"
    raise DataFileError(fname, reason, row=line, column=column)


def _parser_line(message: str) -> int | None:
    m = re.search(r"line (\d+)", message)
    return int(m.group(1)) if m else None


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
