"""/sources TOPIC YEAR: every source's figure for one concept and year, side by side.

A desk checking "how many were granted asylum in 2022?" finds three answers
(TRAC's outcomes table, DHS's yearbook, TRAC's own reports) that count
different things. This puts them in one table, each with what it counts, who
published it and when, the spread between them, and why they differ.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.answers import fmt, periods
from bot.answers.common import TOTAL, total
from bot.answers.errors import UnknownYear, UsageError
from bot.answers.model import Answer, ChartSpec, Series, Source, Value
from bot.answers.questions import Question
from bot.answers.tables import MAX_WIDTH, Table
from bot.store.reader import Dataset, Snapshot, YearRow


@dataclass(frozen=True)
class Entry:
    """One source's figure: its value, how it is worded, and what it counts."""

    name: str  # short, for the table and chart
    value: int
    text: str  # as published: '31,859', 'about 3,600,000'
    counts: str
    publisher: str
    as_of: str
    exact: bool  # as counted, not rounded or qualified by its publisher
    partial: bool = False  # covers part of the year only


def topics(snap: Snapshot) -> dict[str, dict[str, str]]:
    """Every topic /sources knows, from the datasets of reported figures."""
    return {t: spec for d in snap.datasets.values() if d.meta.kind == "reported"
            for t, spec in d.meta.topics.items()}


def sources(snap: Snapshot, ds: Dataset, q: Question) -> Answer:
    known = topics(snap)
    if q.topic not in known:
        raise UsageError(f"/sources takes a topic and a year; topics: {', '.join(known)}. "
                         "For example /sources granted 2022.")
    year = q.years[0]
    entries = _series_entries(snap, q.topic, year) + reported_entries(snap, q.topic, year)
    if not entries:
        years = sorted({*_series_years(snap, q.topic), *(
            r.fiscal_year for d in snap.datasets.values() for r in d.reported
            if r.topic == q.topic)})
        raise UnknownYear(f"No figures for {q.topic} in FY{year}. Years with figures: "
                          f"FY{years[0]} to FY{years[-1]}.")
    label = known[q.topic]["label"]
    # Names are cut to leave the figures room within a phone's 40 columns.
    table = entries_table(entries, ("Source", f"FY{year}"))
    n = len(entries)
    headline = f"{n} figure{'s' if n != 1 else ''} for {label} in FY{year}"
    # The spread only among figures for the whole year: a part of a year is no rival.
    whole = [e.value for e in entries if not e.partial]
    rate = known[q.topic].get("unit") == "percent"
    if rate and len(whole) > 1:
        headline += f"; they run from {min(whole):g}% to {max(whole):g}%"
    elif len(whole) > 1 and min(whole):
        headline += (f"; for the whole year they run from {fmt.count(min(whole))} to "
                     f"{fmt.count(max(whole))}, the highest "
                     f"{fmt.ratio(fmt.quotient(max(whole), min(whole)))}"
                     " the lowest")
    headline += f". {known[q.topic]['differs']}"
    src = Source("each figure's own, listed", "", snap.loaded_at[:10], snap.version,
                 snap.loaded_at)
    return Answer(
        question=q, title=f"Sources side by side: {label}, FY{year}", headline=headline,
        tables=(table,),
        caveats=("Figures from different sources count different things; quote one and say "
                 "which. A qualified figure ('about', 'more than') is as its publisher "
                 "worded it.",),
        source=src,
        chart=_chart(entries, label, year, snap.version),
        dataset="",
        values=tuple(Value(q.topic, e.name, e.value, year, e.as_of, 12, False,
                           basis="counted" if e.exact else "reported") for e in entries),
        details={"topic": q.topic, "sources": [
            {"name": e.name, "value": e.value, "as_published": e.text, "counts": e.counts,
             "publisher": e.publisher, "as_of": e.as_of} for e in entries]},
    )


def entries_table(entries: tuple[Entry, ...], header: tuple[str, str]) -> Table:
    """Numbered sources with their figures; who published each, when and what it counts
    below. Names are cut to leave the figures room within a phone's 40 columns."""
    room = MAX_WIDTH - 1 - max(len(e.text) for e in entries) - len(f"[{len(entries)}] ")
    return Table(
        header,
        tuple((f"[{i}] {e.name[:room]}", e.text) for i, e in enumerate(entries, 1)),
        tuple((e.name, e.value) for e in entries), "lr",
        tuple(f"[{i}] {e.publisher}, as of {e.as_of}: {e.counts}."
              for i, e in enumerate(entries, 1)))


def _short(publisher: str) -> str:
    """'TRAC', or the initials of a long name: 'Congressional Research Service' -> 'CRS'."""
    name = publisher.split(" (")[0]
    if len(name) <= 18:
        return name
    return "".join(w[0] for w in name.split() if w[:1].isupper())


def _chart(entries: tuple[Entry, ...], label: str, year: int, version: str) -> ChartSpec:
    names = tuple(f"[{i}] {e.name}" for i, e in enumerate(entries, 1))
    # What each bar counts goes on the image while it fits; with more sources, the table.
    notes = tuple(f"{n}: {e.counts}" for n, e in zip(names, entries, strict=True)) \
        if len(entries) <= 3 else ("[n]: the numbered table with this chart says what each "
                                   "source counts, who published it and when.",)
    return ChartSpec(
        kind="barh", title=f"{label.capitalize()}, FY{year}: every source",
        subtitle="Each bar is one source's figure, as published; they count different things",
        categories=names,
        series=(Series(f"FY{year}", tuple(e.value for e in entries),
                       tuple(e.text for e in entries)),),
        unit="the figure, as each source counts it",
        source=f"Sources: {', '.join(e.name for e in entries)} · data {version[:8]}",
        notes=notes,
        alt_text=f"Bar chart: {label}, FY{year}. " + "; ".join(
            f"{e.name} ({e.publisher}, {e.counts}): {e.text}" for e in entries) + ".")


def _value(ds: Dataset, row: YearRow, measure: str) -> int:
    return total(ds, row) if measure in (TOTAL, ds.meta.total_column) else row.values[measure]


def _series_entries(snap: Snapshot, topic: str, year: int) -> tuple[Entry, ...]:
    out = []
    for d in snap.datasets.values():
        spec = d.meta.topics.get(topic) if d.meta.kind == "series" else None
        if spec is None:
            continue
        releases = d.releases or {None: d.rows}
        for code, rows in releases.items():
            row = next((r for r in rows if r.year == year), None)
            if row is None:
                continue
            as_of = d.meta.releases[code] if code else d.meta.as_of
            counts = spec["counts"] + (f"; {periods.note(row).rstrip('.')}"
                                       if row.partial else "")
            name = d.meta.short_source + (f" {code[:4]}" if code else "")
            value = _value(d, row, spec["measure"])
            out.append(Entry(name, value, fmt.count(value), counts, d.meta.source, as_of,
                             True, row.partial))
    return tuple(out)


def _series_years(snap: Snapshot, topic: str) -> set[int]:
    return {r.year for d in snap.datasets.values() if topic in d.meta.topics
            and d.meta.kind == "series"
            for rows in (d.releases or {None: d.rows}).values() for r in rows}


def reported_entries(snap: Snapshot, topic: str, year: int) -> tuple[Entry, ...]:
    """Figures others published on a topic for a fiscal year."""
    return tuple(
        Entry(_short(r.publisher), r.value, r.text,
              f"{d.meta.topics[topic]['label']}, reported for {r.as_of}", r.publisher,
              r.published, r.qualifier == "exact")
        for d in snap.datasets.values() for r in d.reported
        if r.topic == topic and r.fiscal_year == year)
