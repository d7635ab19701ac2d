"""The tables several answers show, each built in one place.

- `count_table`: each measure's count and, where the measures are parts of one
  total, its share (/outcomes, /totals).
- `sides` and `change_table`: two periods compared like for like (/outcomes,
  /compare). Two rows that cover different numbers of months are never compared
  as they stand: the partial one is scaled to twelve months, labelled as an
  estimate with its method, and its counted figures stay beside it.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.answers import fmt, periods
from bot.answers.common import TOTAL, labels, measure_values, shares
from bot.answers.model import Change
from bot.answers.tables import Table
from bot.store.reader import Dataset, YearRow


def count_table(ds: Dataset, heading: str, values: dict[str, int],
                notes: tuple[str, ...] = ()) -> Table:
    """Label, count and share (when the measures add up to a total), one row per value."""
    names = labels(ds)
    share = shares(values, ds)
    with_share = TOTAL in values
    cells, raw = [], []
    for key, v in values.items():
        pct = "" if share[key] is None else fmt.pct(share[key])  # blank: kept apart
        cells.append((names[key], fmt.count(v), *((pct,) if with_share else ())))
        raw.append((names[key], v, *((share[key],) if with_share else ())))
    header = (heading, ds.meta.unit.capitalize(), *(("Share",) if with_share else ()))
    return Table(header, tuple(cells), tuple(raw), "lrr"[: len(header)], notes)


@dataclass(frozen=True)
class Side:
    """One period of a comparison: its counted values, and the values compared."""

    row: YearRow
    counted: dict[str, int]
    values: dict[str, int]
    estimated: bool

    @property
    def head(self) -> str:
        """'FY2023', 'FY2024*' (counted, partial) or 'FY2024 est.'."""
        return periods.estimate_head(self.row) if self.estimated else periods.short(self.row)

    @property
    def phrase(self) -> str:
        """How a sentence names what is compared: 'in FY2023', or the estimate and its basis."""
        if not self.estimated:
            return f"in {periods.label(self.row)}"
        return f"estimated for FY{self.row.year} at its pace {self.row.period.label}"


def sides(ds: Dataset, a: YearRow, b: YearRow, *, raw: bool = False) -> tuple[Side, Side]:
    """Two periods ready to compare: like for like unless `raw` asks for the counts as they are."""
    scale = not raw and not periods.comparable(a, b)
    out = []
    for row in (a, b):
        counted = measure_values(ds, row)
        estimated = scale and row.partial
        # A level at year end (pending) is compared as it stands: it does not grow with months.
        values = {k: v if ds.meta.is_stock(k) else periods.estimate(row, v)
                  for k, v in counted.items()} if estimated else counted
        out.append(Side(row, counted, values, estimated))
    return out[0], out[1]


def estimate_notes(ds: Dataset, *sides_: Side) -> tuple[str, ...]:
    stocks = tuple(m.label for m in ds.meta.measures if m.stock)
    return tuple(periods.method(s.row, stocks) for s in sides_ if s.estimated)


def changes(ds: Dataset, a: Side, b: Side) -> tuple[Change, ...]:
    """The change in every value from `a` to `b`, as tidy rows."""
    names = labels(ds)
    basis = "estimate" if a.estimated or b.estimated else "counted"
    out = []
    for key, before in a.values.items():
        after = b.values[key]
        rel = fmt.change(before, after)
        out.append(Change(key, names[key], a.row.year, b.row.year, before, after,
                          after - before, rel,
                          fmt.quotient(after, before), basis))
    return tuple(out)


def change_table(ds: Dataset, a: Side, b: Side, heading: str | None = None,
                 notes: tuple[str, ...] = (), *, explain: bool = True) -> Table:
    """Change and percent change from `a` to `b`.

    An estimate's method is noted below unless `explain` is False (a table above
    it already says).
    """
    rows = changes(ds, a, b)
    return Table(
        (heading or f"{a.head}→{b.head.removeprefix('FY')}", "Change", "%"),
        tuple((c.label, fmt.signed(c.change), fmt.signed_pct(c.percent_change)) for c in rows),
        tuple((c.label, c.change, c.percent_change) for c in rows),
        "lrr",
        (*(estimate_notes(ds, a, b) if explain else ()), *notes),
    )

