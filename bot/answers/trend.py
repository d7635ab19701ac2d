"""The series over a range of years, one row a year.

A partial year is listed as counted, with its footnote; the headline and the
chart compare it with full years only through its full-year estimate.
"""

from __future__ import annotations

from bot.answers import fmt, periods
from bot.answers.common import (
    caveats,
    definitions,
    in_force,
    measure_values,
    source,
    year_values,
)
from bot.answers.model import Answer, ChartSpec, Series
from bot.answers.questions import Question
from bot.answers.tables import MAX_WIDTH, Table
from bot.store import months
from bot.store.reader import Dataset, Snapshot, YearRow


def trend(snap: Snapshot, ds: Dataset, q: Question) -> Answer:
    start, end = (*q.years, None, None)[:2]
    if start is not None and end is None:
        end = ds.years[-1]
    rows = periods.span(ds, start, end)
    ds = in_force(ds, rows)
    keys = [m.name for m in ds.meta.measures] + (["total"] if ds.meta.additive else [])
    shorts = [m.short for m in ds.meta.measures] + (["Total"] if ds.meta.additive else [])
    values = [measure_values(ds, r) for r in rows]

    def table_in(number, notes: tuple[str, ...] = ()) -> Table:
        return Table(
            ("Year", *shorts),
            tuple((periods.short(r), *(number(v[k]) for k in keys)) for r, v in
                  zip(rows, values, strict=True)),
            # The raw year cell carries its period: exports and JSON keep the partial-year label.
            tuple((periods.label(r), *(v[k] for k in keys)) for r, v in
                  zip(rows, values, strict=True)),
            "l" + "r" * len(keys),
            (*notes, *periods.footnotes(rows)),
        )

    table = table_in(fmt.count)
    biggest = max((v[k] for v in values for k in keys), default=0)
    if table.width > MAX_WIDTH and biggest >= 10_000:
        # Millions do not fit a phone in full: show thousands (small counts stay whole,
        # as "0.1" thousand would hide them).
        table = table_in(fmt.thousands, (f"Thousands of {ds.meta.unit}.",))
    tables = (table,) if table.width <= MAX_WIDTH else _split(table)
    span = periods.span_label(rows)
    out_values = tuple(v for r, vals in zip(rows, values, strict=True)
                       for v in year_values(ds, r, vals))
    return Answer(
        question=q,
        title=f"{ds.meta.title}, {span}",
        headline=_headline(ds, rows),
        tables=tables,
        caveats=caveats(ds, rows),
        source=source(snap, ds),
        chart=_chart(ds, snap, rows, span),
        dataset=ds.meta.name,
        values=out_values,
        partial=any(r.partial for r in rows),
        definitions=definitions(ds),
    )


def _split(table: Table) -> tuple[Table, ...]:
    """A table with more columns than a phone shows, as several that each fit, every one
    with the year column; the notes go under the last."""
    groups: list[list[int]] = [[]]
    for i in range(1, len(table.header)):
        trial = Table(tuple(table.header[j] for j in (0, *groups[-1], i)),
                      tuple(tuple(r[j] for j in (0, *groups[-1], i)) for r in table.rows),
                      (), "l" + "r" * (len(groups[-1]) + 1))
        if groups[-1] and trial.width > MAX_WIDTH:
            groups.append([])
        groups[-1].append(i)
    out = []
    for n, cols in enumerate(groups):
        keep = (0, *cols)
        out.append(Table(tuple(table.header[j] for j in keep),
                         tuple(tuple(r[j] for j in keep) for r in table.rows),
                         tuple(tuple(r[j] for j in keep) for r in table.values),
                         "l" + "r" * len(cols),
                         table.notes if n == len(groups) - 1 else ()))
    return tuple(out)


def _pace(ds: Dataset, row: YearRow, name: str) -> int:
    """The value to compare across years: a partial year at its full-year pace (a level
    at a moment, such as cases pending, as it stands)."""
    v = row.values[name]
    return periods.estimate(row, v) if row.partial and not ds.meta.is_stock(name) else v


def _headline(ds: Dataset, rows: list[YearRow]) -> str:
    if len(rows) == 1:
        return f"Only one year in range: {periods.label(rows[0])}."
    first, last = rows[0], rows[-1]

    def swing(m) -> float:
        x, y = _pace(ds, first, m.name), _pace(ds, last, m.name)
        return max(y / x, x / y) if x and y else 0.0  # from or to nothing: no ratio to tell

    m = max(ds.meta.parts, key=swing)
    text = f"{m.label}: {_said(ds, first, m.name)}, {_said(ds, last, m.name)}"
    full = [r for r in rows[1:-1] if not r.partial]
    peak = max(full, key=lambda r: r.values[m.name], default=None)
    ends = max(_pace(ds, first, m.name), _pace(ds, last, m.name))
    if peak is not None and peak.values[m.name] > ends:
        text += f"; peak {fmt.count(peak.values[m.name])} in {periods.label(peak)}"
    return text + "."


def _said(ds: Dataset, row: YearRow, name: str) -> str:
    """'10,405 in FY2014', or the partial year's count with its full-year estimate."""
    if not row.partial or ds.meta.is_stock(name):
        return f"{fmt.count(row.values[name])} in {periods.label(row)}"
    return (f"{fmt.count(row.values[name])} in FY{row.year} {row.period.label} "
            f"({fmt.count(_pace(ds, row, name))} at that pace for the full year, an estimate)")


def _monthly_chart(ds: Dataset, snap: Snapshot, rows: list[YearRow], span: str) -> ChartSpec:
    """A monthly series charted month by month; the table beside it gives fiscal years."""
    years = {r.year for r in rows}
    mine = [m for m in ds.months if m.year in years]
    names = tuple(months.short_label(m.year, m.month) for m in mine)
    return ChartSpec(
        kind="lines", title=f"{ds.meta.title}, {span}, by month",
        subtitle=f"Number of {ds.meta.unit} a month",
        categories=names,
        series=tuple(Series(m.label, tuple(r.values[m.name] for r in mine))
                     for m in ds.meta.measures),
        unit=ds.meta.unit, source=source(snap, ds).full_line,
        notes=tuple(f"{periods.note(r)}" for r in rows if r.partial),
        alt_text=f"Line chart: {ds.meta.title}, {span}, month by month. " + " ".join(
            f"{m.label}: " + ", ".join(f"{n} {fmt.count(r.values[m.name])}"
                                       for n, r in zip(names, mine, strict=True)) + "."
            for m in ds.meta.measures) + f" {ds.meta.source_line}.")


MAX_LINES = 6  # lines a reader tells apart on one chart


def _lines(ds: Dataset) -> list[tuple[str, tuple[str, ...], bool]]:
    """(label, measures added up, level-at-a-moment) for each line: every measure, or for
    a dataset with more than a chart can tell apart, its combinations."""
    if len(ds.meta.measures) <= MAX_LINES or not ds.meta.combinations:
        return [(m.label, (m.name,), m.stock) for m in ds.meta.measures]
    return [(c.label, c.measures, False) for c in ds.meta.combinations]


def _chart(ds: Dataset, snap: Snapshot, rows: list[YearRow], span: str) -> ChartSpec:
    if ds.months:
        return _monthly_chart(ds, snap, rows, span)
    lines = _lines(ds)

    def counted(r: YearRow, names) -> int:
        return sum(r.values[n] for n in names)

    def pace(r: YearRow, names) -> int:
        return sum(_pace(ds, r, n) for n in names)

    partial = tuple(i for i, r in enumerate(rows) if r.partial)
    notes = tuple(f"{periods.note(rows[i])} Hollow point: full-year estimate at that pace; "
                  "small dot: counted." for i in partial)
    if len(lines) < len(ds.meta.measures):
        notes += ("Lines group the outcomes (see /about); the table has each one.",)
    alt = (
        f"Line chart: {ds.meta.title}, {span}, number of {ds.meta.unit} a year. "
        + " ".join(
            f"{label}: "
            + ", ".join(f"{periods.short(r)} {fmt.count(counted(r, names))}"
                        + (f" (full-year estimate {fmt.count(pace(r, names))})"
                           if r.partial else "") for r in rows) + "."
            for label, names, _stock in lines
        )
        + "".join(f" {n}" for n in notes)
        + f" {ds.meta.source_line}."
    )
    return ChartSpec(
        kind="lines",
        title=f"{ds.meta.title}, {span}",
        subtitle=f"Number of {ds.meta.unit} per fiscal year",
        categories=tuple(periods.short(r) for r in rows),
        series=tuple(Series(label, tuple(counted(r, names) for r in rows),
                            estimates=tuple(pace(r, names) if r.partial and not stock else None
                                            for r in rows))
                     for label, names, stock in lines),
        unit=ds.meta.unit,
        source=source(snap, ds).full_line,
        notes=notes,
        partial=partial,
        alt_text=alt,
    )
