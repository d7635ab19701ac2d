"""Months of the US federal fiscal year: names, order, calendar year and length.

Fiscal year N runs from October of N-1 to September of N, so October is its
first month and the calendar year of October to December is N-1.
"""

from __future__ import annotations

import calendar

NAMES = tuple(calendar.month_name[m] for m in range(1, 13))  # "January" .. "December"
ORDER = (10, 11, 12, 1, 2, 3, 4, 5, 6, 7, 8, 9)  # fiscal order of calendar months
_BY_NAME = {name.lower(): i + 1 for i, name in enumerate(NAMES)}
_BY_NAME.update({name[:3].lower(): i + 1 for i, name in enumerate(NAMES)})
_BY_NAME["sept"] = 9


def parse(text: str) -> int | None:
    """'APR', 'April', 'apr' or '4' -> 4; None if it is not a month."""
    t = str(text).strip().lower().rstrip(".")
    if t.isdigit():
        return int(t) if 1 <= int(t) <= 12 else None
    return _BY_NAME.get(t)


def calendar_year(fiscal_year: int, month: int) -> int:
    return fiscal_year - 1 if month >= 10 else fiscal_year


def fiscal_year(calendar_year_: int, month: int) -> int:
    return calendar_year_ + 1 if month >= 10 else calendar_year_


def position(month: int) -> int:
    """1 for October, the fiscal year's first month, to 12 for September."""
    return ORDER.index(month) + 1


def days(fiscal_year_: int, month: int) -> int:
    return calendar.monthrange(calendar_year(fiscal_year_, month), month)[1]


def name(month: int) -> str:
    return NAMES[month - 1]


def short_label(fiscal_year_: int, month: int) -> str:
    """'Apr 24': a month for a narrow table or a chart axis."""
    return f"{name(month)[:3]} {calendar_year(fiscal_year_, month) % 100:02d}"


def label(fiscal_year_: int, month: int) -> str:
    """'April 2024' (the calendar year, as people say it)."""
    return f"{name(month)} {calendar_year(fiscal_year_, month)}"
