"""Fiscal-year labels, partial-year notes and year lookups with helpful errors."""

from __future__ import annotations

from bot.answers.errors import UnknownYear
from bot.store.reader import Dataset, YearRow


def label(row: YearRow) -> str:
    """'FY2023', or 'FY2024 (through April)' for a partial year."""
    if row.partial:
        return f"FY{row.year} ({row.period.label})"
    return f"FY{row.year}"


def short(row: YearRow) -> str:
    """'FY2023', or 'FY2024*' where a footnote explains the partial year."""
    return f"FY{row.year}*" if row.partial else f"FY{row.year}"


def partial_note(row: YearRow) -> str:
    """The footnote for a partial year, e.g. '* FY2024: through April only (7 of 12 months).'"""
    return f"* FY{row.year}: {row.period.label} only ({row.period.months} of 12 months)."


def available(ds: Dataset) -> str:
    """'FY2014 to FY2024 (FY2024 through April)', for error messages."""
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
