"""Read a dataset's CSV with pandas and check every cell before it can reach the store."""

from __future__ import annotations

import csv
import io
import re

import pandas as pd

from bot.store import months
from bot.store.errors import DataFileError
from bot.store.metadata import QUALIFIERS, DatasetMeta

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
    frame = _frame(fname, data, meta)

    # Every check runs on whole columns; the problem reported is the first one in
    # reading order (top to bottom, left to right), as an editor would meet it.
    cells = frame.apply(lambda col: col.str.strip())
    year_text = cells[meta.key].str.replace(r"^[Ff][Yy]", "", regex=True)
    year_ok = year_text.str.fullmatch(r"[0-9]+")
    years = pd.to_numeric(year_text.where(year_ok), errors="coerce")
    checks = {meta.key: ~(year_ok & years.between(MIN_YEAR, MAX_YEAR))}
    month = None
    if meta.month_column:
        month = cells[meta.month_column].map(months.parse)
        checks[meta.month_column] = month.isna()
    if meta.release_column:
        checks[meta.release_column] = ~cells[meta.release_column].isin(list(meta.releases))
    # One row per year, or per year and month, in each release.
    identity = pd.DataFrame({"y": years, "m": month if month is not None else 0,
                             "r": cells[meta.release_column] if meta.release_column else ""})
    checks["_duplicate"] = identity.duplicated(keep="first") & ~checks[meta.key]
    if meta.period_column:
        checks[meta.period_column] = ~cells[meta.period_column].isin(list(meta.periods))
    for name in meta.count_columns:
        checks[name] = ~cells[name].str.fullmatch(r"[0-9]+")
    if meta.daily_average_column:
        checks[meta.daily_average_column] = ~_average_matches(meta, cells, years, month)
    bad = pd.DataFrame(checks)
    if bad.to_numpy().any():
        row, col = divmod(int(bad.to_numpy().argmax()), bad.shape[1])
        _raise(fname, meta, frame, identity, row, bad.columns[col])

    out = {meta.key: years.astype("int64")}
    if meta.month_column:
        out[meta.month_column] = month.astype("int64")
    if meta.release_column:
        out[meta.release_column] = cells[meta.release_column]
    if meta.period_column:
        out[meta.period_column] = cells[meta.period_column]
    out.update({name: cells[name].astype("int64") for name in meta.count_columns})
    if meta.daily_average_column:
        out[meta.daily_average_column] = pd.to_numeric(cells[meta.daily_average_column],
                                                       errors="coerce")
    table = pd.DataFrame(out)
    order = [meta.key] if month is None else [meta.key, "_position"]
    if meta.release_column:
        order = [meta.release_column, *order]
    if month is not None:
        table["_position"] = month.map(months.position)
    table = table.sort_values(order, kind="stable").reset_index(drop=True)
    return table.drop(columns=["_position"], errors="ignore")


def read_reported(fname: str, data: bytes, meta: DatasetMeta) -> pd.DataFrame:
    """Check a file of figures reported by others: topic, year, qualifier, value, publisher."""
    frame = _frame(fname, data, meta)
    cells = frame.apply(lambda col: col.str.strip())
    years = pd.to_numeric(cells["fiscal_year"].str.replace(r"^[Ff][Yy]", "", regex=True),
                          errors="coerce")
    # A count is a whole number; a rate (a topic whose unit is percent) may have decimals.
    percent = cells["topic"].map(lambda t: meta.topics.get(t, {}).get("unit") == "percent")
    number = cells["value"].str.fullmatch(r"[0-9]+") | \
        (percent & cells["value"].str.fullmatch(r"[0-9]{1,3}(\.[0-9]+)?"))
    value = pd.to_numeric(cells["value"].where(number), errors="coerce")
    value = value.where(~percent | value.between(0, 100))
    high = pd.to_numeric(cells["high"].where(cells["high"].str.fullmatch(r"[0-9]+")),
                         errors="coerce")
    ranged = cells["qualifier"].eq("range")
    checks = {
        "topic": ~cells["topic"].isin(list(meta.topics)),
        "fiscal_year": ~years.between(MIN_YEAR, MAX_YEAR),
        "as_of": cells["as_of"].eq(""),
        "qualifier": ~cells["qualifier"].isin(list(QUALIFIERS)),
        "value": value.isna(),
        # A range needs its high end above the low one; any other figure has none.
        "high": (ranged & ~(high > value)) | (~ranged & cells["high"].ne("")),
        "publisher": cells["publisher"].eq(""),
    }
    bad = pd.DataFrame(checks)
    if bad.to_numpy().any():
        row, col = divmod(int(bad.to_numpy().argmax()), bad.shape[1])
        column = bad.columns[col]
        raise DataFileError(fname, _REPORTED_PROBLEMS[column](meta, frame.iloc[row][column]),
                            row=row + 2, column=column)
    out = cells.copy()
    out["fiscal_year"] = years.astype("int64")
    out["value"] = [float(v) if pc else int(v) for v, pc in zip(value, percent, strict=True)]
    out["high"] = high.astype("Int64")
    return out.reset_index(drop=True)


_REPORTED_PROBLEMS = {
    "topic": lambda meta, v: f"topic {v!r} is not one of the metadata's topics "
                             f"({', '.join(meta.topics)})",
    "fiscal_year": lambda meta, v: f"{v!r} is not a fiscal year (expected e.g. 2023)",
    "as_of": lambda meta, v: "say which moment or period the figure describes",
    "qualifier": lambda meta, v: f"{v!r} is not a qualifier ({', '.join(QUALIFIERS)})",
    "value": lambda meta, v: f"{v!r} is not a whole number, or for a rate a percentage from 0 "
                             "to 100 (write 1900000 for 'about 1.9 million' and put 'about' "
                             "in the qualifier)",
    "high": lambda meta, v: "a range needs a high end above its value; other figures none",
    "publisher": lambda meta, v: "say who published the figure",
}


def _average_matches(meta: DatasetMeta, cells: pd.DataFrame, years: pd.Series,
                     month: pd.Series | None) -> pd.Series:
    """Whether each published daily average is the month's total over its days (to 0.1).

    An empty cell means none was published. Where the total or the month cannot be
    read, that cell is reported instead.
    """
    text = cells[meta.daily_average_column]
    published = pd.to_numeric(text, errors="coerce")
    if meta.total_column:
        totals = pd.to_numeric(cells[meta.total_column], errors="coerce")
    else:
        totals = sum(pd.to_numeric(cells[m.name], errors="coerce") for m in meta.parts)
    days = pd.Series([months.days(int(y), int(m)) if pd.notna(y) and pd.notna(m)
                      else float("nan") for y, m in zip(years, month, strict=True)],
                     index=cells.index)
    inputs_read = totals.notna() & days.notna()
    close = (totals / days - published).abs() <= 0.051
    return text.eq("") | (published.notna() & (~inputs_read | close))


def _raise(fname: str, meta: DatasetMeta, frame: pd.DataFrame, identity: pd.DataFrame,
           row: int, column: str) -> None:
    """The DataFileError for the first bad cell: its line (header = 1) and column."""
    line = row + 2
    value = frame.iloc[row][meta.key if column == "_duplicate" else column]
    if column == meta.key:
        raise DataFileError(fname, f"{value!r} is not a fiscal year (expected e.g. 2023)",
                            row=line, column=column)
    if column == "_duplicate":
        same = (identity == identity.iloc[row]).all(axis=1).to_numpy()
        first = int(same.argmax()) + 2
        year, month = int(identity.iloc[row]["y"]), int(identity.iloc[row]["m"])
        what = f"FY{year}" if not meta.month_column else \
            f"FY{year} {months.name(month)}"
        if meta.release_column:
            what += f" in release {identity.iloc[row]['r']}"
        raise DataFileError(fname, f"{what} appears twice (first on line {first})", row=line,
                            column=meta.key)
    if column == meta.month_column:
        raise DataFileError(fname, f"{value!r} is not a month (write OCT, October or 10)",
                            row=line, column=column)
    if column == meta.release_column:
        known = ", ".join(meta.releases)
        raise DataFileError(fname, f"release {value.strip()!r} is not described in the "
                                   f"metadata (known: {known})", row=line, column=column)
    if column == meta.daily_average_column:
        raise DataFileError(fname, f"{value!r} a day does not match the month's total over its "
                                   "days; check the total or the average", row=line,
                            column=column)
    if column == meta.period_column:
        known = ", ".join(sorted(meta.periods))
        raise DataFileError(fname, f"period {value.strip()!r} is not explained in the metadata "
                                   f"(known: {known})", row=line, column=column)
    _count(fname, line, column, value)


def _frame(fname: str, data: bytes, meta: DatasetMeta) -> pd.DataFrame:
    """The file as text cells, with the columns the metadata names and at least one row."""
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
    return frame


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
