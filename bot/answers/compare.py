"""Two years side by side: change, percent change and, where it tells the story, ratio.

Years that cover different numbers of months are compared like for like: the
partial year is scaled to twelve months, shown as an estimate beside its counted
figures. With `raw`, the counted figures are shown as they are, marked as not
comparable, and nothing is said about a rise or a fall.
"""

from __future__ import annotations

from bot.answers import blocks, fmt, periods
from bot.answers.blocks import Side
from bot.answers.common import (
    caveats,
    definitions,
    in_force,
    labels,
    short_labels,
    source,
    year_values,
)
from bot.answers.errors import UsageError
from bot.answers.model import Answer, ChartSpec, Series
from bot.answers.questions import Question
from bot.answers.tables import Table
from bot.store.reader import Dataset, Snapshot

# A ratio is worth a headline when one year is at least twice (or half) the other.
RATIO_WORTH_SAYING = 2.0


def compare(snap: Snapshot, ds: Dataset, q: Question) -> Answer:
    a, b = sorted((periods.row(ds, y) for y in q.years), key=lambda r: r.year)
    ds = in_force(ds, [a, b])
    if a.year == b.year:
        raise UsageError(f"Pick two different years to compare (got FY{a.year} twice).")
    like_for_like = periods.comparable(a, b)
    if q.raw and like_for_like:
        raise UsageError(f"raw applies only to years that cover different parts of a year; "
                         f"FY{a.year} and FY{b.year} compare as they are.")
    sa, sb = blocks.sides(ds, a, b, raw=q.raw)
    estimated = sa.estimated or sb.estimated
    names = labels(ds)

    tables = [_side_table(ds, sa, sb)]
    change_rows: tuple = ()
    if not q.raw:
        change_rows = blocks.changes(ds, sa, sb)
        story = _story(ds, sa, sb)
        notes = ()
        if story and sa.values[story] and sb.values[story] and \
                _worth_ratio(fmt.quotient(sb.values[story], sa.values[story])):
            # Always the larger as a multiple of the smaller: "2.9×", never "0.3×".
            big, small = (sb, sa) if sb.values[story] >= sa.values[story] else (sa, sb)
            notes = (f"{names[story]}: {big.head} is "
                     f"{fmt.ratio(fmt.quotient(big.values[story], small.values[story]))} "
                     f"{small.head}.",)
        tables.append(blocks.change_table(ds, sa, sb, notes=notes, explain=False))
        headline = _headline(ds, names, story, sa, sb)
    else:
        headline = (f"{periods.label(a)} and {periods.label(b)} as counted. They are not "
                    f"comparable as they stand: {_partial_phrase(a, b)}. Leave out raw to "
                    "compare at a full-year pace (an estimate).")

    values = year_values(ds, a, sa.counted) + year_values(ds, b, sb.counted)
    values += tuple(v for s in (sa, sb) if s.estimated
                    for v in year_values(ds, s.row, s.values, basis="estimate"))
    out_caveats = caveats(ds, [a, b])
    if estimated:
        out_caveats = ("Full-year estimates assume the rest of the year goes at the same "
                       "monthly pace as the months counted; they are estimates, not counts.",
                       *out_caveats)
    return Answer(
        question=q,
        title=f"{ds.meta.title}: {periods.label(a)} vs {periods.label(b)}",
        headline=headline,
        tables=tuple(tables),
        caveats=out_caveats,
        source=source(snap, ds),
        chart=_chart(ds, snap, sa, sb, q.raw),
        dataset=ds.meta.name,
        values=values,
        changes=change_rows,
        partial=a.partial or b.partial,
        definitions=definitions(ds),
    )


def _partial_phrase(a, b) -> str:
    return "; ".join(f"FY{r.year} covers {periods.months_text(r.period.months)}"
                     for r in (a, b) if r.partial)


def _side_table(ds: Dataset, sa: Side, sb: Side) -> Table:
    """The two years' values; an estimated year shows its counted figures beside it."""
    columns: list[tuple[str, dict[str, int]]] = []
    for s in (sa, sb):
        columns.append((periods.short(s.row), s.counted))
        if s.estimated:
            columns.append((s.head, s.values))
    # Three or more number columns fit a phone's 40 characters only with short labels.
    names = labels(ds) if len(columns) == 2 else short_labels(ds)
    notes = periods.footnotes([s.row for s in (sa, sb)])
    if not sa.estimated and not sb.estimated and not periods.comparable(sa.row, sb.row):
        notes += ("Not comparable as they stand: part of a year against a whole year.",)
    notes += blocks.estimate_notes(ds, sa, sb)
    keys = list(sa.values)
    return Table(
        ("", *(head for head, _ in columns)),
        tuple((names[k], *(fmt.count(vals[k]) for _, vals in columns)) for k in keys),
        tuple((names[k], *(vals[k] for _, vals in columns)) for k in keys),
        "l" + "r" * len(columns),
        notes,
    )


def _story(ds: Dataset, a: Side, b: Side) -> str | None:
    """The measure whose change is largest relative to its start."""
    keys = [m.name for m in ds.meta.measures if a.values[m.name]]
    if not keys:
        return None
    return max(keys, key=lambda k: max(b.values[k] / a.values[k],
                                       a.values[k] / max(b.values[k], 1)))


def _worth_ratio(r) -> bool:
    return r >= RATIO_WORTH_SAYING or r <= 1 / RATIO_WORTH_SAYING


def _headline(ds: Dataset, names, story, a: Side, b: Side) -> str:
    if story is None:
        return f"{periods.label(a.row)} and {periods.label(b.row)} side by side."
    x, y = a.values[story], b.values[story]
    if a.estimated or b.estimated:
        # Like for like against an estimate: say so in the sentence itself.
        more = "more" if y > x else "fewer" if y < x else "the same number"
        pct = fmt.signed_pct(fmt.change(x, y)).lstrip("+-")
        counted = "; ".join(
            f"{fmt.count(s.counted[story])} were counted in FY{s.row.year} "
            f"{s.row.period.label} ({periods.months_text(s.row.period.months)})"
            for s in (a, b) if s.estimated)
        amount = f", {pct} {more}" if y != x else ", the same number"
        return (f"{names[story]}: {fmt.count(y)} {b.phrase} against {fmt.count(x)} "
                f"{a.phrase}{amount}. {counted[0].upper()}{counted[1:]}.")
    direction = "rose" if y > x else "fell" if y < x else "held"
    text = (f"{names[story]} {direction} from {fmt.count(x)} {a.phrase} to {fmt.count(y)} "
            f"{b.phrase}")
    ratio = fmt.quotient(y, x)
    if ratio >= RATIO_WORTH_SAYING:
        text += f", {fmt.ratio(ratio).rstrip('×')} times as many"
    elif y != x:
        text += f" ({fmt.signed_pct(fmt.change(x, y))})"
    return text + "."


def _series_name(s: Side) -> str:
    if s.estimated:
        return f"FY{s.row.year} full-year estimate ({s.row.period.label} × 12/" \
               f"{s.row.period.months})"
    return periods.label(s.row) + (" as counted" if s.row.partial else "")


def _chart(ds: Dataset, snap: Snapshot, a: Side, b: Side, raw: bool) -> ChartSpec:
    measures = ds.meta.measures
    series = tuple(
        Series(_series_name(s), tuple(s.values[m.name] for m in measures),
               tuple(fmt.count(s.values[m.name])
                     # An estimate's bar keeps the count it was made from beside it.
                     + (f"\n{fmt.count(s.counted[m.name])} counted" if s.estimated else "")
                     for m in measures))
        for s in (a, b))
    notes = [periods.note(s.row) for s in (a, b) if s.row.partial]
    notes += list(blocks.estimate_notes(ds, a, b))
    if raw:
        notes.append("Not comparable as they stand: part of a year against a whole year.")
    alt = (
        f"Grouped bar chart: {ds.meta.title}, {series[0].name} against {series[1].name}. "
        + "; ".join(f"{m.label}: {fmt.count(a.values[m.name])} then "
                    f"{fmt.count(b.values[m.name])}" for m in measures)
        + ". " + " ".join(notes) + f" {ds.meta.source_line}."
    )
    return ChartSpec(
        kind="grouped",
        title=f"{ds.meta.title}: {a.head} vs {b.head}",
        subtitle=f"Number of {ds.meta.unit}, by outcome"
        + ("; hatched bars are full-year estimates" if a.estimated or b.estimated else ""),
        categories=tuple(m.label for m in measures),
        series=series,
        unit=ds.meta.unit,
        source=source(snap, ds).full_line,
        notes=tuple(notes),
        hatched=tuple(i for i, s in enumerate((a, b)) if s.row.partial),
        alt_text=" ".join(alt.split()),
    )


