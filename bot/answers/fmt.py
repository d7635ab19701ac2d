"""Number formatting for tables and headlines: separators, one decimal, explicit signs."""

from __future__ import annotations


def count(n: int | float) -> str:
    """36250 -> '36,250'."""
    return f"{round(n):,}"


def thousands(n: int | float) -> str:
    """1530523 -> '1,530.5': for tables of counts too wide to read in full on a phone."""
    return f"{n / 1000:,.1f}"


def signed(n: int | float) -> str:
    """A change with its sign: '+18,251', '-4,079', '0'."""
    n = round(n)
    return f"{n:+,}" if n else "0"


def pct(x: float | None) -> str:
    """A share as a percentage to one decimal: 0.601 -> '60.1%'."""
    return "n/a" if x is None else f"{x * 100:,.1f}%"


def signed_pct(x: float | None) -> str:
    """A percent change with its sign: 1.014 -> '+101.4%'."""
    if x is None:
        return "n/a"
    return f"{x * 100:+,.1f}%" if round(x * 100, 1) else "0.0%"


def percent_value(x: float | None) -> float | None:
    """A fraction as a percentage rounded to one decimal, for CSV and JSON: 0.6009 -> 60.1."""
    return None if x is None else round(x * 100, 1)


def ratio(x: float | None) -> str:
    """How many times as large: 9.856 -> '9.9×'."""
    return "n/a" if x is None else f"{x:,.1f}×"


def share(part: int | float, whole: int | float) -> float | None:
    return part / whole if whole else None


def change(old: int | float, new: int | float) -> float | None:
    """Relative change, or None where the old value is zero."""
    return (new - old) / old if old else None
