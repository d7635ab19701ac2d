"""Sums and shares over a range of years: the check for claims like '77% since 2021'."""

from __future__ import annotations

from bot.answers import blocks, fmt, periods
from bot.answers.common import (
    TOTAL,
    caveats,
    definitions,
    in_force,
    labels,
    shares,
    source,
    total,
)
from bot.answers.model import Answer, ChartSpec, Series, Value
from bot.answers.questions import Question
from bot.store.reader import Dataset, Snapshot


def totals(snap: Snapshot, ds: Dataset, q: Question) -> Answer:
    start = q.years[0]
    end = q.years[1] if len(q.years) > 1 else ds.years[-1]
    rows = periods.span(ds, start, end)
    ds = in_force(ds, rows)
    counted = [m for m in ds.meta.measures if not m.stock]  # a level at a moment adds up to nothing
    sums = {m.name: sum(r.values[m.name] for r in rows) for m in counted}
    lines = dict(sums)
    if ds.meta.additive:
        lines[TOTAL] = sum(total(ds, r) for r in rows)
    for c in ds.meta.combinations:
        lines[c.name] = sum(sums[m] for m in c.measures)
    share = shares(lines, ds)
    span = periods.span_label(rows)
    notes = periods.footnotes(rows)
    notes += tuple(f"{c.label} = {c.description[0].lower()}{c.description[1:]}"
                   for c in ds.meta.combinations if c.description)
    notes += tuple(f"{m.label} is a level at one moment, not added up over years."
                   for m in ds.meta.measures if m.stock)
    names = labels(ds)
    last, months = rows[-1], sum(r.period.months for r in rows)
    values = tuple(
        Value(k, names[k], v, last.year, span, months, any(r.partial for r in rows),
              share[k], "sum", rows[0].year)
        for k, v in lines.items())
    return Answer(
        question=q,
        title=f"{ds.meta.title}, totals {span}",
        headline=_headline(ds, span, lines, share),
        tables=(blocks.count_table(ds, periods.span_head(rows), lines, notes),),
        caveats=caveats(ds, rows),
        source=source(snap, ds),
        chart=_chart(ds, snap, span, sums, share, lines.get(TOTAL), rows),
        dataset=ds.meta.name,
        values=values,
        partial=any(r.partial for r in rows),
        definitions=definitions(ds),
    )


def _headline(ds, span, lines, share) -> str:
    if TOTAL not in lines:  # separate series: say each one
        return f"{span}: " + "; ".join(f"{m.label.lower()} {fmt.count(lines[m.name])}"
                                       for m in ds.meta.measures if m.name in lines) + "."
    biggest = max(ds.meta.parts, key=lambda m: lines[m.name])
    text = (f"{span}: {fmt.count(lines[biggest.name])} of {fmt.count(lines[TOTAL])} "
            f"{ds.meta.subject} ({fmt.pct(share[biggest.name])}) were "
            f"{biggest.label.lower()}")
    for c in ds.meta.combinations:
        text += f"; {fmt.count(lines[c.name])} ({fmt.pct(share[c.name])}) were {c.phrase}"
    return text + "."


def _chart(ds, snap, span, sums, share, whole, rows) -> ChartSpec:
    measures = [m for m in ds.meta.measures if m.name in sums]
    labels_ = tuple(
        fmt.count(sums[m.name]) + (f" ({fmt.pct(share[m.name])})"
                                   if share[m.name] is not None else "")
        for m in measures
    )
    notes = tuple(f"Includes {periods.note(r)}" for r in rows if r.partial)
    alt = (
        f"Bar chart: {ds.meta.title}, summed over {span}. "
        + "; ".join(f"{m.label}: {lab}" for m, lab in zip(measures, labels_, strict=True))
        + (f"; total {fmt.count(whole)}." if whole else ".")
        + "".join(f" {n}" for n in notes)
        + f" {ds.meta.source_line}."
    )
    return ChartSpec(
        kind="barh",
        title=f"{ds.meta.title}, {span}",
        subtitle=f"Number of {ds.meta.unit}, summed over the period"
        + (f"; total {fmt.count(whole)}" if whole else ""),
        categories=tuple(m.label for m in measures),
        series=(Series(span, tuple(sums[m.name] for m in measures), labels_),),
        unit=ds.meta.unit,
        source=source(snap, ds).full_line,
        notes=notes,
        alt_text=alt,
    )
