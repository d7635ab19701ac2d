"""One year: each outcome's count and share of the total, and the change from the year before."""

from __future__ import annotations

from bot.answers import fmt, years
from bot.answers.common import (
    caveats,
    labels,
    measure_values,
    partial_notes,
    shares,
    source,
    unit_header,
)
from bot.answers.model import Answer, ChartSpec, Series
from bot.answers.questions import Question
from bot.answers.tables import Table
from bot.store.reader import Dataset, Snapshot


def outcomes(snap: Snapshot, ds: Dataset, q: Question) -> Answer:
    row = years.row(ds, q.years[0])
    prev = ds.row(row.year - 1)
    values = measure_values(ds, row)
    share = shares(ds, values)
    names = labels(ds)
    unit = ds.meta.unit

    main_rows, main_vals = [], []
    for key, v in values.items():
        cells = [names[key], fmt.count(v)]
        raw: list[object] = [names[key], v]
        if ds.meta.additive:
            cells.append(fmt.pct(share[key]))
            raw.append(fmt.percent_value(share[key]))
        main_rows.append(tuple(cells))
        main_vals.append(tuple(raw))
    header = (years.short(row), unit_header(ds)) + (("Share",) if ds.meta.additive else ())
    tables = [Table(header, tuple(main_rows), tuple(main_vals), "lrr"[: len(header)],
                    partial_notes([row]))]

    figures: dict = {
        "dataset": ds.meta.name,
        "year": row.year,
        "period": row.period.label or "full year",
        "months": row.period.months,
        "values": values,
        "shares": {k: None if s is None else round(s, 4) for k, s in share.items()},
    }
    if prev is not None:
        tables.append(_change_table(ds, prev, row))
        before = measure_values(ds, prev)
        figures["previous_year"] = prev.year
        figures["change"] = {k: values[k] - before[k] for k in values}

    biggest = max(ds.meta.measures, key=lambda m: row.values[m.name])
    when = years.label(row)
    if ds.meta.additive:
        headline = (
            f"{biggest.label} was the most common outcome in {when}: "
            f"{fmt.count(row.values[biggest.name])} of {fmt.count(values['total'])} "
            f"{ds.meta.subject} ({fmt.pct(share[biggest.name])})."
        )
    else:
        headline = f"{biggest.label} was the largest figure in {when}: " \
                   f"{fmt.count(row.values[biggest.name])} {unit}."
    shown = [r for r in (prev, row) if r is not None]
    return Answer(
        question=q,
        title=f"{ds.meta.title}, {when}",
        headline=headline,
        tables=tuple(tables),
        caveats=caveats(ds, shown),
        source=source(snap, ds),
        chart=_chart(ds, row, values, share, snap),
        figures=figures,
        partial=any(r.partial for r in shown),
    )


def _change_table(ds: Dataset, prev, row) -> Table:
    before, after = measure_values(ds, prev), measure_values(ds, row)
    names = labels(ds)
    rows, vals = [], []
    for key in after:
        diff = after[key] - before[key]
        rel = fmt.change(before[key], after[key])
        rows.append((names[key], fmt.signed(diff), fmt.signed_pct(rel)))
        vals.append((names[key], diff, fmt.percent_value(rel)))
    notes: tuple[str, ...] = ()
    if prev.partial or row.partial:
        notes = (f"{years.short(prev) if prev.partial else years.short(row)}: change compares "
                 "part of a year with a whole year.",)
    return Table((f"vs {years.short(prev)}", "Change", "%"), tuple(rows), tuple(vals), "lrr",
                 notes)


def _chart(ds, row, values, share, snap) -> ChartSpec:
    measures = ds.meta.measures
    when = years.label(row)
    labels_ = tuple(
        f"{fmt.count(row.values[m.name])}"
        + (f" ({fmt.pct(share[m.name])})" if ds.meta.additive else "")
        for m in measures
    )
    notes = []
    if row.partial:
        notes.append(f"Partial year: FY{row.year} covers {row.period.label} only "
                     f"({row.period.months} of 12 months).")
    alt = (
        f"Bar chart: {ds.meta.title}, {when}. "
        + "; ".join(f"{m.label}: {lab}" for m, lab in zip(measures, labels_, strict=True))
        + (f"; total {fmt.count(values['total'])}." if "total" in values else ".")
        + (f" {notes[0]}" if notes else "")
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
        notes=tuple(notes),
        hatched=(0,) if row.partial else (),
        alt_text=alt,
    )
