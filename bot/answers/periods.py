"""Fiscal years and the part of each year a row covers: every label, note and estimate.

This is the one place that words a period ("FY2024 (through April)", "FY2024*",
"7 of 12 months") and the one place that scales a part of a year to a whole
year, so a partial year reads the same in titles, tables, charts and JSON, and
is never compared with a whole year as it stands.
"""

from __future__ import annotations

from fractions import Fraction

from bot.answers.errors import UnknownYear
from bot.store.reader import Dataset, YearRow

FULL_YEAR = "full year"


def label(row: YearRow) -> str:
    """'FY2023', or 'FY2024 (through April)' for a partial year."""
    return f"FY{row.year} ({row.period.label})" if row.partial else f"FY{row.year}"


def short(row: YearRow) -> str:
    """'FY2023', or 'FY2024*' where a footnote explains the partial year."""
    return f"FY{row.year}*" if row.partial else f"FY{row.year}"


def name(row: YearRow) -> str:
    """What the row covers, for data: 'full year' or 'through April'."""
    return row.period.label if row.partial else FULL_YEAR


def months_text(months: int) -> str:
    """'7 of 12 months', or 'full year'."""
    return f"{months} of 12 months" if months < 12 else FULL_YEAR


def note(row: YearRow) -> str:
    """'FY2024: through April only (7 of 12 months).'"""
    return f"FY{row.year}: {row.period.label} only ({months_text(row.period.months)})."


def footnote(row: YearRow) -> str:
    """The table footnote for the asterisk in `short`."""
    return f"* {note(row)}"


def footnotes(rows: list[YearRow]) -> tuple[str, ...]:
    return tuple(footnote(r) for r in rows if r.partial)


def caveat(row: YearRow) -> str:
    return (f"FY{row.year} covers {row.period.label} only ({months_text(row.period.months)}); "
            "as it stands it is not comparable with a full year.")


# -- like-for-like comparison ----------------------------------------------------------

def comparable(a: YearRow, b: YearRow) -> bool:
    """Whether two rows cover the same number of months, so their counts compare as they are."""
    return a.period.months == b.period.months


def estimate(row: YearRow, value: int) -> Fraction:
    """A partial year's count at the same monthly pace for twelve months, straight-line:
    exact (33,349 × 12/7), rounded only where it is shown."""
    return Fraction(value * 12, row.period.months)


def estimate_head(row: YearRow) -> str:
    """The column heading of a full-year estimate: 'FY2024 est.'"""
    return f"FY{row.year} est."


def method(row: YearRow, stocks: tuple[str, ...] = ()) -> str:
    """How an estimate is made, for a note beside it; `stocks` name levels left as they are."""
    m = row.period.months
    text = (f"FY{row.year} est. = the {m} months counted ({row.period.label}) × 12/{m}, as "
            "if the rest of the year went at the same monthly pace: an estimate, not a count.")
    if stocks:
        text += (f" {' and '.join(stocks)}: a level at {row.period.label.removeprefix('through ')}"
                 "'s end, shown as it stands.")
    return text


# -- finding rows ------------------------------------------------------------------------

def available(ds: Dataset) -> str:
    """'FY2014 to FY2024; FY2024 covers through April only', for error messages."""
    years = ds.years
    text = f"FY{years[0]} to FY{years[-1]}"
    gaps = [y for y in range(years[0], years[-1] + 1) if y not in years]
    if gaps:
        text += " except " + ", ".join(f"FY{y}" for y in gaps)
    for r in ds.rows:
        if r.partial:
            text += f"; FY{r.year} covers {r.period.label} only"
    return text


def row(ds: Dataset, year: int) -> YearRow:
    """The row for `year`, or an UnknownYear naming the years there are."""
    found = ds.row(year)
    if found is None:
        raise UnknownYear(f"No figures for FY{year} in {ds.meta.title}. Years available: "
                          f"{available(ds)}.")
    return found


def span(ds: Dataset, start: int | None, end: int | None) -> list[YearRow]:
    """Rows from `start` to `end` inclusive; both must be years with data."""
    first = row(ds, start).year if start is not None else ds.years[0]
    last = row(ds, end).year if end is not None else ds.years[-1]
    if first > last:
        first, last = last, first
    return [r for r in ds.rows if first <= r.year <= last]


def span_label(rows: list[YearRow]) -> str:
    """'FY2021 to FY2024 (through April)'."""
    if len(rows) == 1:
        return label(rows[0])
    return f"FY{rows[0].year} to {label(rows[-1])}"


def span_head(rows: list[YearRow]) -> str:
    """A span as a table heading: 'FY2021-2024*'."""
    return f"FY{rows[0].year}-{short(rows[-1])[2:]}"
