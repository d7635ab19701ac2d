"""One year: each outcome's count and share of the total, and the change from the year before."""

from __future__ import annotations

from bot.answers import blocks, fmt, periods
from bot.answers.common import (
    caveats,
    definitions,
    in_force,
    measure_values,
    shares,
    source,
    year_values,
)
from bot.answers.model import Answer, ChartSpec, Series
from bot.answers.questions import Question
from bot.store.reader import Dataset, Snapshot


def outcomes(snap: Snapshot, ds: Dataset, q: Question) -> Answer:
    row = periods.row(ds, q.years[0])
    ds = in_force(ds, [row])
    prev = ds.row(row.year - 1)
    values = measure_values(ds, row)
    when = periods.label(row)

    notes = periods.footnotes([row])
    if prev is None:
        notes += (f"FY{row.year} is the first year in this dataset: there is no year before "
                  "it to compare with.",)
    tables = [blocks.count_table(ds, periods.short(row), values, notes)]
    out_values = year_values(ds, row, values)
    change_rows: tuple = ()
    if prev is not None:
        before, now = blocks.sides(ds, prev, row)
        heading = ("est. " if now.estimated else "") + f"vs {before.head}"
        tables.append(blocks.change_table(ds, before, now, heading))
        change_rows = blocks.changes(ds, before, now)
        if now.estimated:
            out_values += year_values(ds, row, now.values, basis="estimate")

    biggest = max(ds.meta.parts, key=lambda m: row.values[m.name])
    if ds.meta.additive:
        headline = (
            f"{biggest.label} was the most common {ds.meta.part_noun} in {when}: "
            f"{fmt.count(row.values[biggest.name])} of {fmt.count(values['total'])} "
            f"{ds.meta.subject} ({fmt.pct(shares(values)[biggest.name])})."
        )
    else:  # separate series, not parts of a whole: say each one
        headline = f"{when}: " + "; ".join(
            f"{m.label.lower()} {fmt.count(row.values[m.name])}" for m in ds.meta.measures) + "."
    shown = [r for r in (prev, row) if r is not None]
    return Answer(
        question=q,
        title=f"{ds.meta.title}, {when}",
        headline=headline,
        tables=tuple(tables),
        caveats=caveats(ds, shown),
        source=source(snap, ds),
        chart=_chart(ds, row, values, snap),
        dataset=ds.meta.name,
        values=out_values,
        changes=change_rows,
        partial=any(r.partial for r in shown),
        definitions=definitions(ds),
    )


def _chart(ds: Dataset, row, values, snap) -> ChartSpec:
    measures = ds.meta.measures
    when = periods.label(row)
    share = shares(values, ds)
    labels_ = tuple(
        f"{fmt.count(row.values[m.name])}"
        + (f" ({fmt.pct(share[m.name])})" if share[m.name] is not None else "")
        for m in measures
    )
    notes = (f"Partial year: {periods.note(row)}",) if row.partial else ()
    alt = (
        f"Bar chart: {ds.meta.title}, {when}. "
        + "; ".join(f"{m.label}: {lab}" for m, lab in zip(measures, labels_, strict=True))
        + (f"; total {fmt.count(values['total'])}." if "total" in values else ".")
        + "".join(f" {n}" for n in notes)
        + f" {ds.meta.source_line}."
    )
    return ChartSpec(
        kind="barh",
        title=f"{ds.meta.title}, {when}",
        subtitle=f"Number of {ds.meta.unit}" + (f", total {fmt.count(values['total'])}"
                                                if "total" in values else ""),
        categories=tuple(m.label for m in measures),
        series=(Series(when, tuple(row.values[m.name] for m in measures), labels_),),
        unit=ds.meta.unit,
        source=source(snap, ds).full_line,
        notes=notes,
        hatched=(0,) if row.partial else (),
        alt_text=alt,
    )
