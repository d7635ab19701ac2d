"""Sums and shares over a range of years: the check for claims like '77% since 2021'."""

from __future__ import annotations

from bot.answers import fmt, years
from bot.answers.common import caveats, labels, partial_notes, source
from bot.answers.model import Answer, ChartSpec, Series
from bot.answers.questions import Question
from bot.answers.tables import Table
from bot.store.reader import Dataset, Snapshot


def totals(snap: Snapshot, ds: Dataset, q: Question) -> Answer:
    start = q.years[0]
    end = q.years[1] if len(q.years) > 1 else ds.years[-1]
    rows = years.span(ds, start, end)
    sums = {m.name: sum(r.values[m.name] for r in rows) for m in ds.meta.measures}
    names = labels(ds)
    whole = sum(sums.values()) if ds.meta.additive else None
    lines = dict(sums)
    if whole is not None:
        lines["total"] = whole
    for c in ds.meta.combinations:
        lines[c.name] = sum(sums[m] for m in c.measures)
        names[c.name] = c.label
    share = {k: fmt.share(v, whole) if whole else None for k, v in lines.items()}
    span = years.span_label(rows)
    cells, vals = [], []
    for k, v in lines.items():
        extra = (fmt.pct(share[k]),) if whole else ()
        raw_extra = (fmt.percent_value(share[k]),) if whole else ()
        cells.append((names[k], fmt.count(v), *extra))
        vals.append((names[k], v, *raw_extra))
    first, last = rows[0], rows[-1]
    header = (f"FY{first.year}-{years.short(last)[2:]}", ds.meta.unit.capitalize())
    header += ("Share",) if whole else ()
    notes = partial_notes(rows)
    notes += tuple(f"{c.label} = {c.description[0].lower()}{c.description[1:]}"
                   for c in ds.meta.combinations if c.description)
    table = Table(header, tuple(cells), tuple(vals), "lrr"[: len(header)], notes)

    return Answer(
        question=q,
        title=f"{ds.meta.title}, totals {span}",
        headline=_headline(ds, span, lines, share),
        tables=(table,),
        caveats=caveats(ds, rows),
        source=source(snap, ds),
        chart=_chart(ds, snap, span, sums, share, whole, rows),
        figures={
            "dataset": ds.meta.name,
            "years": [r.year for r in rows],
            "partial": [r.year for r in rows if r.partial],
            "sums": lines,
            "shares": {k: None if s is None else round(s, 4) for k, s in share.items()},
        },
        partial=any(r.partial for r in rows),
    )


def _headline(ds, span, lines, share) -> str:
    biggest = max(ds.meta.measures, key=lambda m: lines[m.name])
    if "total" not in lines:
        return f"{span}: {fmt.count(lines[biggest.name])} {biggest.label.lower()}."
    text = (f"{span}: {fmt.count(lines[biggest.name])} of {fmt.count(lines['total'])} "
            f"{ds.meta.subject} ({fmt.pct(share[biggest.name])}) were "
            f"{biggest.label.lower()}")
    for c in ds.meta.combinations:
        text += f"; {fmt.count(lines[c.name])} ({fmt.pct(share[c.name])}) were {c.phrase}"
    return text + "."


def _chart(ds, snap, span, sums, share, whole, rows) -> ChartSpec:
    measures = ds.meta.measures
    labels_ = tuple(
        fmt.count(sums[m.name]) + (f" ({fmt.pct(share[m.name])})" if whole else "")
        for m in measures
    )
    notes = tuple(f"Includes FY{r.year} {r.period.label} only ({r.period.months} of 12 months)."
                  for r in rows if r.partial)
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
