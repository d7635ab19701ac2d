"""The series over a range of years, one row a year."""

from __future__ import annotations

from bot.answers import fmt, years
from bot.answers.common import caveats, measure_values, partial_notes, source
from bot.answers.model import Answer, ChartSpec, Series
from bot.answers.questions import Question
from bot.answers.tables import Table
from bot.store.reader import Dataset, Snapshot


def trend(snap: Snapshot, ds: Dataset, q: Question) -> Answer:
    start, end = (*q.years, None, None)[:2]
    if start is not None and end is None:
        end = ds.years[-1]
    rows = years.span(ds, start, end)
    keys = [m.name for m in ds.meta.measures] + (["total"] if ds.meta.additive else [])
    shorts = [m.short for m in ds.meta.measures] + (["Total"] if ds.meta.additive else [])
    values = [measure_values(ds, r) for r in rows]
    table = Table(
        ("Year", *shorts),
        tuple((years.short(r), *(fmt.count(v[k]) for k in keys)) for r, v in
              zip(rows, values, strict=True)),
        # The raw year cell carries its period too: exports and JSON keep the partial-year label.
        tuple((years.label(r), *(v[k] for k in keys)) for r, v in zip(rows, values, strict=True)),
        "l" + "r" * len(keys),
        partial_notes(rows),
    )
    span = years.span_label(rows)
    return Answer(
        question=q,
        title=f"{ds.meta.title}, {span}",
        headline=_headline(ds, rows),
        tables=(table,),
        caveats=caveats(ds, rows),
        source=source(snap, ds),
        chart=_chart(ds, snap, rows, span),
        figures={
            "dataset": ds.meta.name,
            "years": [
                {"year": r.year, "period": r.period.label or "full year",
                 "months": r.period.months, **v}
                for r, v in zip(rows, values, strict=True)
            ],
        },
        partial=any(r.partial for r in rows),
    )


def _headline(ds: Dataset, rows) -> str:
    if len(rows) == 1:
        r = rows[0]
        return f"Only one year in range: {years.label(r)}."
    first, last = rows[0], rows[-1]

    def swing(m) -> float:
        x, y = first.values[m.name], last.values[m.name]
        return max(y / x, x / y) if x and y else float("inf")

    m = max(ds.meta.measures, key=swing)
    peak = max(rows, key=lambda r: r.values[m.name])
    text = (f"{m.label}: {fmt.count(first.values[m.name])} in {years.label(first)}, "
            f"{fmt.count(last.values[m.name])} in {years.label(last)}")
    if peak not in (first, last):
        text += f"; peak {fmt.count(peak.values[m.name])} in {years.label(peak)}"
    return text + "."


def _chart(ds: Dataset, snap: Snapshot, rows, span: str) -> ChartSpec:
    measures = ds.meta.measures
    partial = tuple(i for i, r in enumerate(rows) if r.partial)
    notes = tuple(years.partial_note(rows[i]).lstrip("* ") + " Shown hollow." for i in partial)
    alt = (
        f"Line chart: {ds.meta.title}, {span}, number of {ds.meta.unit} a year. "
        + " ".join(
            f"{m.label}: "
            + ", ".join(f"{years.short(r)} {fmt.count(r.values[m.name])}" for r in rows) + "."
            for m in measures
        )
        + "".join(f" {n}" for n in notes)
        + f" {ds.meta.source_line}."
    )
    return ChartSpec(
        kind="lines",
        title=f"{ds.meta.title}, {span}",
        subtitle=f"Number of {ds.meta.unit} per fiscal year",
        categories=tuple(years.short(r) for r in rows),
        series=tuple(Series(m.label, tuple(r.values[m.name] for r in rows)) for m in measures),
        unit=ds.meta.unit,
        source=source(snap, ds).full_line,
        notes=notes,
        partial=partial,
        alt_text=alt,
    )
