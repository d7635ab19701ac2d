"""The series over a range of years, one row a year.

A partial year is listed as counted, with its footnote; the headline and the
chart compare it with full years only through its full-year estimate.
"""

from __future__ import annotations

from bot.answers import fmt, periods
from bot.answers.common import caveats, definitions, measure_values, source, year_values
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
    if table.width > MAX_WIDTH:  # millions do not fit a phone in full: show thousands
        table = table_in(fmt.thousands, (f"Thousands of {ds.meta.unit}.",))
    span = periods.span_label(rows)
    out_values = tuple(v for r, vals in zip(rows, values, strict=True)
                       for v in year_values(ds, r, vals))
    return Answer(
        question=q,
        title=f"{ds.meta.title}, {span}",
        headline=_headline(ds, rows),
        tables=(table,),
        caveats=caveats(ds, rows),
        source=source(snap, ds),
        chart=_chart(ds, snap, rows, span),
        dataset=ds.meta.name,
        values=out_values,
        partial=any(r.partial for r in rows),
        definitions=definitions(ds),
    )


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


def _chart(ds: Dataset, snap: Snapshot, rows: list[YearRow], span: str) -> ChartSpec:
    if ds.months:
        return _monthly_chart(ds, snap, rows, span)
    measures = ds.meta.measures
    partial = tuple(i for i, r in enumerate(rows) if r.partial)
    notes = tuple(f"{periods.note(rows[i])} Hollow point: full-year estimate at that pace; "
                  "small dot: counted." for i in partial)
    alt = (
        f"Line chart: {ds.meta.title}, {span}, number of {ds.meta.unit} a year. "
        + " ".join(
            f"{m.label}: "
            + ", ".join(f"{periods.short(r)} {fmt.count(r.values[m.name])}"
                        + (f" (full-year estimate {fmt.count(_pace(ds, r, m.name))})"
                           if r.partial else "") for r in rows) + "."
            for m in measures
        )
        + "".join(f" {n}" for n in notes)
        + f" {ds.meta.source_line}."
    )
    return ChartSpec(
        kind="lines",
        title=f"{ds.meta.title}, {span}",
        subtitle=f"Number of {ds.meta.unit} per fiscal year",
        categories=tuple(periods.short(r) for r in rows),
        series=tuple(Series(m.label, tuple(r.values[m.name] for r in rows),
                            estimates=tuple(_pace(ds, r, m.name)
                                            if r.partial and not m.stock else None
                                            for r in rows))
                     for m in measures),
        unit=ds.meta.unit,
        source=source(snap, ds).full_line,
        notes=notes,
        partial=partial,
        alt_text=alt,
    )
