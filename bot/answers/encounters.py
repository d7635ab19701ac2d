"""/encounters: southwest border encounters in one month, with the average a day,
or in one fiscal year month by month; with a region, Border Patrol's series there."""

from __future__ import annotations

import dataclasses

from bot.answers import blocks, fmt, periods
from bot.answers.common import caveats, definitions, in_force, releases_of, source, sourced
from bot.answers.errors import UnknownDataset, UnknownYear, UsageError
from bot.answers.model import Answer, ChartSpec, Series, Value
from bot.answers.outcomes import outcomes
from bot.answers.questions import Question
from bot.answers.tables import MAX_WIDTH, Table
from bot.answers.trend import trend
from bot.store import months
from bot.store.reader import Dataset, MonthRow, Snapshot

REGIONS = "usbp_encounters_by_region"  # Border Patrol's annual counts by border region


def encounters(snap: Snapshot, ds: Dataset, q: Question) -> Answer:
    if q.region is not None:
        return _region(snap, q)
    if q.month is None:
        return _year(snap, ds, q)
    return _month(snap, ds, q, find_month(ds, q.years[0], q.month))


def _region(snap: Snapshot, q: Question) -> Answer:
    """One border region's Border Patrol encounters, year by year (to the year asked, if any)."""
    if REGIONS not in snap.datasets:
        raise UnknownDataset(f"No regional figures are loaded ({REGIONS}).")
    ds = snap.datasets[REGIONS]
    typed = q.region.lower().replace("_", " ")
    found = [m for m in ds.meta.measures if m.name.startswith(typed)
             or m.label.lower().startswith(typed)]
    if len(found) != 1:
        raise UsageError(f"{q.region[:30]!r} is not a border region here; regions: "
                         + ", ".join(m.name for m in ds.meta.measures) + ".")
    (m,) = found
    meta = dataclasses.replace(ds.meta, title=f"Border Patrol encounters, {m.label.lower()} "
                               "(DHS)", measures=(m,), additive=False, total_column=None)
    one = dataclasses.replace(ds, meta=meta)
    answer = trend(snap, one, Question("trend", (ds.years[0], *q.years)))
    return dataclasses.replace(answer, question=q, dataset=ds.meta.name)


def find_month(ds: Dataset, year: int, month: int) -> MonthRow:
    """The month's row, or an UnknownYear naming the months there are."""
    for r in ds.months:
        if (r.year, r.month) == (year, month):
            return r
    first, last = ds.months[0], ds.months[-1]
    raise UnknownYear(f"No figures for {months.label(year, month)} in {ds.meta.title}. Months "
                      f"available: {months.label(first.year, first.month)} to "
                      f"{months.label(last.year, last.month)}.")


def _month_values(ds: Dataset, r: MonthRow) -> dict[str, int]:
    values = {m.name: r.values[m.name] for m in ds.meta.measures}
    values["total"] = r.published_total if r.published_total is not None else \
        sum(r.values[m.name] for m in ds.meta.parts)
    return values


def _month(snap: Snapshot, ds: Dataset, q: Question, r: MonthRow) -> Answer:
    ds = in_force(ds, [r])
    when = months.label(r.year, r.month)
    values = _month_values(ds, r)
    days = months.days(r.year, r.month)
    per_day = fmt.quotient(values["total"], days)
    counts = blocks.count_table(ds, when, values)
    published = (fmt.decimal(r.daily_average) if r.daily_average is not None
                 else "not published")
    daily = Table(("A day", ds.meta.unit.capitalize()),
                  (("Total ÷ days", fmt.decimal(per_day)), ("As published", published)),
                  (("Total ÷ days", per_day), ("As published", r.daily_average)),
                  "lr", (f"{when} has {days} days.",))
    biggest = max(ds.meta.parts, key=lambda m: values[m.name])
    headline = (f"{fmt.count(values['total'])} {ds.meta.subject} in {when} (FY{r.year}): "
                f"{fmt.count(per_day)} a day over its {days} days. {biggest.label} made "
                f"{fmt.pct(fmt.share(values[biggest.name], values['total']))} of them.")
    labels_ = tuple(fmt.count(values[m.name]) for m in ds.meta.measures)
    alt = (f"Bar chart: {ds.meta.title}, {when}. "
           + "; ".join(f"{m.label}: {lab}" for m, lab in zip(ds.meta.measures, labels_,
                                                              strict=True))
           + f"; total {fmt.count(values['total'])}, {fmt.decimal(per_day)} a day. "
           f"{ds.meta.source_line}.")
    return Answer(
        question=q,
        title=f"{ds.meta.title}, {when}",
        headline=headline,
        tables=(counts, daily),
        caveats=ds.meta.caveats,
        source=sourced(snap, ds, r.year, r.month),
        chart=ChartSpec(
            kind="barh", title=f"{ds.meta.title}, {when}",
            subtitle=f"Number of {ds.meta.unit}; total {fmt.count(values['total'])}, "
                     f"{fmt.count(per_day)} a day",
            categories=tuple(m.label for m in ds.meta.measures),
            series=(Series(when, tuple(values[m.name] for m in ds.meta.measures), labels_),),
            unit=ds.meta.unit, source=source(snap, ds).full_line, alt_text=alt),
        dataset=ds.meta.name,
        values=(*_month_rows(ds, r),
                Value("per_day", "Per day", per_day, r.year, when, 1, False,
                      basis="total ÷ days")),
        definitions=definitions(ds),
    )


def _label(ds: Dataset, key: str) -> str:
    return "Total" if key == "total" else ds.meta.measure(key).label


def _year(snap: Snapshot, ds: Dataset, q: Question) -> Answer:
    """The fiscal year's outcomes-style answer, with its months as a table and a bar chart."""
    base = outcomes(snap, ds, Question("outcomes", q.years))
    row = periods.row(ds, q.years[0])
    ds = in_force(ds, [row])
    mine = [r for r in ds.months if r.year == row.year]
    table = _months_table(ds, mine)
    totals = [_month_values(ds, r)["total"] for r in mine]
    names = tuple(months.name(r.month)[:3] for r in mine)
    when = periods.label(row)
    alt = (f"Bar chart: {ds.meta.title}, {when}, month by month. "
           + "; ".join(f"{n} {fmt.count(v)}" for n, v in zip(names, totals, strict=True))
           + f". {ds.meta.source_line}.")
    chart = ChartSpec(
        kind="grouped", title=f"{ds.meta.title}, {when}, by month",
        subtitle=f"Number of {ds.meta.unit} a month",
        categories=names,
        series=(Series("Total", tuple(totals),
                       tuple(f"{fmt.count(fmt.exact(v) / 1000)}k" for v in totals)),),
        unit=ds.meta.unit, source=source(snap, ds).full_line,
        notes=(f"Partial year: {periods.note(row)}",) if row.partial else (),
        alt_text=alt)
    return Answer(
        question=q, title=base.title, headline=base.headline,
        tables=(*base.tables, table), caveats=caveats(ds, [row]),
        source=sourced(snap, ds, row.year), chart=chart, dataset=ds.meta.name,
        values=base.values + tuple(
            v for r in mine for v in _month_rows(ds, r)),
        changes=base.changes, partial=base.partial, definitions=base.definitions)


def _month_rows(ds: Dataset, r: MonthRow) -> tuple[Value, ...]:
    """Tidy rows for one month: each figure with its share of the month's total."""
    when = months.label(r.year, r.month)
    values = _month_values(ds, r)
    return tuple(Value(k, _label(ds, k), v, r.year, when, 1, False,
                       fmt.share(v, values["total"]))
                 for k, v in values.items())


def _months_table(ds: Dataset, rows: list[MonthRow]) -> Table:
    keys = [m.name for m in ds.meta.measures] + ["total"]
    heads = [m.short for m in ds.meta.measures] + ["Total"]

    values = [_month_values(ds, r) for r in rows]

    # Which release each month comes from, for a series kept from several (CSV only).
    released = (("Release", tuple(" and ".join(releases_of(ds, r.year, r.month))
                                  for r in rows)),) if ds.meta.raw.get("release_spans") else ()

    def build(number, notes=()):
        return Table(
            ("Month", *heads),
            tuple((months.short_label(r.year, r.month), *(number(v[k]) for k in keys))
                  for r, v in zip(rows, values, strict=True)),
            tuple((months.label(r.year, r.month), *(v[k] for k in keys))
                  for r, v in zip(rows, values, strict=True)),
            "l" + "r" * len(keys), notes, released)

    table = build(fmt.count)
    return table if table.width <= MAX_WIDTH else build(fmt.thousands,
                                                        (f"Thousands of {ds.meta.unit}.",))

