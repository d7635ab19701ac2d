"""Two years side by side: absolute change, percent change and, where it tells the story, ratio."""

from __future__ import annotations

from bot.answers import fmt, years
from bot.answers.common import caveats, labels, measure_values, partial_notes, source
from bot.answers.errors import UsageError
from bot.answers.model import Answer, ChartSpec, Series
from bot.answers.questions import Question
from bot.answers.tables import Table
from bot.store.reader import Dataset, Snapshot, YearRow

# A ratio is worth a headline when one year is at least twice (or half) the other.
RATIO_WORTH_SAYING = 2.0


def annualized(row: YearRow, value: int) -> int:
    """A partial year's count scaled to twelve months, straight-line."""
    return round(value * 12 / row.period.months)


def compare(snap: Snapshot, ds: Dataset, q: Question) -> Answer:
    a, b = (years.row(ds, y) for y in q.years)
    if a.year == b.year:
        raise UsageError(f"Pick two different years to compare (got FY{a.year} twice).")
    if a.year > b.year:
        a, b = b, a
    scale = q.annualize and (a.partial or b.partial)
    if q.annualize and not scale:
        raise UsageError("annualize applies only when one of the years is partial; "
                         f"FY{a.year} and FY{b.year} are both full years.")
    va, vb = _values(ds, a, scale), _values(ds, b, scale)
    names = labels(ds)
    head_a, head_b = _head(a, scale), _head(b, scale)

    side = Table(
        ("", head_a, head_b),
        tuple((names[k], fmt.count(va[k]), fmt.count(vb[k])) for k in va),
        tuple((names[k], va[k], vb[k]) for k in va),
        "lrr",
        _notes(a, b, scale),
    )
    changes, change_vals, figures = [], [], {}
    for k in va:
        diff, rel = vb[k] - va[k], fmt.change(va[k], vb[k])
        ratio = vb[k] / va[k] if va[k] else None
        changes.append((names[k], fmt.signed(diff), fmt.signed_pct(rel)))
        change_vals.append((names[k], diff, fmt.percent_value(rel)))
        figures[k] = {
            "from": va[k], "to": vb[k], "change": diff,
            "percent_change": fmt.percent_value(rel),
            "ratio": None if ratio is None else round(ratio, 2),
        }
    change_table = Table((f"{head_a}→{b.year}", "Change", "%"), tuple(changes),
                         tuple(change_vals), "lrr")

    story = _story(ds, va, vb)
    headline = _headline(names, story, va, vb, a, b, scale)
    ratio_line = ()
    if story and va[story] and _worth_ratio(vb[story] / va[story]):
        ratio_line = (f"{names[story]}: {years.short(b)} is "
                      f"{fmt.ratio(vb[story] / va[story])} {years.short(a)}.",)
        change_table = Table(change_table.header, change_table.rows, change_table.values,
                             change_table.align, ratio_line)

    return Answer(
        question=q,
        title=f"{ds.meta.title}: {years.label(a)} vs {years.label(b)}",
        headline=headline,
        tables=(side, change_table),
        caveats=_caveats(ds, a, b, scale),
        source=source(snap, ds),
        chart=_chart(ds, snap, a, b, va, vb, scale),
        figures={
            "dataset": ds.meta.name, "years": [a.year, b.year], "annualized": scale,
            "partial": [r.year for r in (a, b) if r.partial], "measures": figures,
        },
        partial=a.partial or b.partial,
    )


def _values(ds: Dataset, row: YearRow, scale: bool) -> dict[str, int]:
    values = measure_values(ds, row)
    if scale and row.partial:
        return {k: annualized(row, v) for k, v in values.items()}
    return values


def _head(row: YearRow, scale: bool) -> str:
    if row.partial and scale:
        return f"FY{row.year} ann."
    return years.short(row)


def _notes(a: YearRow, b: YearRow, scale: bool) -> tuple[str, ...]:
    if scale:
        r = a if a.partial else b
        return (f"FY{r.year} ann. = {r.period.label} ({r.period.months} months) × 12/"
                f"{r.period.months}: an estimate, not a count.",)
    notes = partial_notes([a, b])
    if a.partial or b.partial:
        notes += ("Part of a year against a whole year; add annualize to scale it.",)
    return notes


def _caveats(ds: Dataset, a: YearRow, b: YearRow, scale: bool) -> tuple[str, ...]:
    out = list(caveats(ds, [a, b]))
    if scale:
        out.insert(0, "Annualized figures assume the rest of the year continues at the same "
                      "monthly pace; they are estimates, not counts.")
    return tuple(out)


def _story(ds: Dataset, va: dict, vb: dict) -> str | None:
    """The measure whose change is largest relative to its start."""
    keys = [m.name for m in ds.meta.measures if va[m.name]]
    if not keys:
        return None
    return max(keys, key=lambda k: max(vb[k] / va[k], va[k] / max(vb[k], 1)))


def _worth_ratio(r: float) -> bool:
    return r >= RATIO_WORTH_SAYING or r <= 1 / RATIO_WORTH_SAYING


def _headline(names, story, va, vb, a, b, scale) -> str:
    if story is None:
        return f"{years.label(a)} and {years.label(b)} side by side."
    x, y = va[story], vb[story]
    la = years.label(a) + (" annualized" if scale and a.partial else "")
    lb = years.label(b) + (" annualized" if scale and b.partial else "")
    direction = "rose" if y > x else "fell" if y < x else "held"
    text = f"{names[story]} {direction} from {fmt.count(x)} in {la} to {fmt.count(y)} in {lb}"
    ratio = y / x
    if ratio >= RATIO_WORTH_SAYING:
        text += f", {fmt.ratio(ratio).rstrip('×')} times as many"
    elif y != x:
        text += f" ({fmt.signed_pct(fmt.change(x, y))})"
    return text + "."


def _chart(ds, snap, a, b, va, vb, scale) -> ChartSpec:
    measures = ds.meta.measures
    la = years.label(a) + (" annualized" if scale and a.partial else "")
    lb = years.label(b) + (" annualized" if scale and b.partial else "")
    series = (
        Series(la, tuple(va[m.name] for m in measures),
               tuple(fmt.count(va[m.name]) for m in measures)),
        Series(lb, tuple(vb[m.name] for m in measures),
               tuple(fmt.count(vb[m.name]) for m in measures)),
    )
    notes = [n for n in _notes(a, b, scale) if not n.startswith("Part of")]
    notes = [n.lstrip("* ") for n in notes]
    alt = (
        f"Grouped bar chart: {ds.meta.title}, {la} against {lb}. "
        + "; ".join(f"{m.label}: {fmt.count(va[m.name])} then {fmt.count(vb[m.name])}"
                    for m in measures)
        + ". " + " ".join(notes) + f" {ds.meta.source_line}."
    )
    return ChartSpec(
        kind="grouped",
        title=f"{ds.meta.title}: {years.short(a)} vs {years.short(b)}",
        subtitle=f"Number of {ds.meta.unit}, by outcome",
        categories=tuple(m.label for m in measures),
        series=series,
        unit=ds.meta.unit,
        source=source(snap, ds).full_line,
        notes=tuple(notes),
        hatched=tuple(i for i, r in enumerate((a, b)) if r.partial),
        alt_text=" ".join(alt.split()),
    )
