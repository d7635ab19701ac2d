"""Figures as people read them: every rounding an answer shows happens here, once.

The answer model keeps figures exact: counts as integers; shares, changes,
ratios, estimates and rates a day as `Fraction`s. A figure is rounded only
when it is written out, half away from zero on its decimal value (11.85 ->
11.9, -0.25 -> -0.3), so "+118.7%" is the exact change rounded once, never a
rounded change rounded again. JSON and CSV take `plain`, the exact value as a
float (17 significant digits), which nothing needs to round twice.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

Number = int | float | Fraction


def exact(x: Number) -> Fraction:
    """The value as a fraction; a float by the decimal it prints as (0.1 is 1/10)."""
    if isinstance(x, float):
        return Fraction(repr(x))
    return Fraction(x)


def rounded(x: Number, places: int = 0) -> Decimal:
    """`x` rounded once to `places` decimals, half away from zero: 2.25 -> 2.3 at one place."""
    q = exact(x) * 10 ** places
    n = (2 * abs(q.numerator) + q.denominator) // (2 * q.denominator)  # floor(|q| + 1/2)
    return Decimal(-n if q < 0 else n).scaleb(-places)


def plain(x: object) -> object:
    """A value for JSON or CSV: a fraction as a float, everything else as it is."""
    return float(x) if isinstance(x, Fraction) else x


def count(n: Number) -> str:
    """36250 -> '36,250'; an estimate to the nearest whole number."""
    return f"{rounded(n):,}"


def decimal(x: Number, places: int = 1) -> str:
    """5317.26 -> '5,317.3': a rate a day, to `places` decimals."""
    return f"{rounded(x, places):,.{places}f}"


def thousands(n: Number) -> str:
    """1530523 -> '1,530.5': for tables of counts too wide to read in full on a phone."""
    return decimal(exact(n) / 1000, 1)


def signed(n: Number) -> str:
    """A change with its sign: '+18,251', '-4,079', '0'."""
    r = rounded(n)
    return f"{r:+,}" if r else "0"


def pct(x: Number | None) -> str:
    """A share as a percentage to one decimal: 0.601 -> '60.1%'."""
    return "n/a" if x is None else f"{rounded(exact(x) * 100, 1):,.1f}%"


def signed_pct(x: Number | None) -> str:
    """A percent change with its sign: 1.014 -> '+101.4%'; '0.0%' when it rounds to nothing."""
    if x is None:
        return "n/a"
    r = rounded(exact(x) * 100, 1)
    return f"{r:+,.1f}%" if r else "0.0%"


def ratio(x: Number | None) -> str:
    """How many times as large: 9.856 -> '9.9×'."""
    return "n/a" if x is None else f"{rounded(x, 1):,.1f}×"


def share(part: Number, whole: Number) -> Fraction | None:
    """`part` as an exact fraction of `whole`; None where the whole is zero."""
    return exact(part) / exact(whole) if whole else None


def change(old: Number, new: Number) -> Fraction | None:
    """Relative change, exact, or None where the old value is zero."""
    return (exact(new) - exact(old)) / exact(old) if old else None


def quotient(a: Number, b: Number) -> Fraction | None:
    """a ÷ b exactly (a ratio, a rate a day); None where b is zero."""
    return exact(a) / exact(b) if b else None
