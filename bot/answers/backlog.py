"""/backlog: cases pending in the immigration courts, from each of EOIR's releases side by side.

EOIR re-issued its workload series in 2025 with far more cases pending than its
2021 release gave for the same years. Neither is dropped: a year shows every
release that has it and the difference between them.
"""

from __future__ import annotations

import dataclasses
import math

from bot.answers import fmt, periods
from bot.answers.common import definitions, source
from bot.answers.errors import UnknownYear
from bot.answers.model import Answer, ChartSpec, Series, Source, Value
from bot.answers.questions import Question
from bot.answers.sources import entries_table, reported_entries
from bot.answers.tables import Table
from bot.store.reader import Dataset, Snapshot, YearRow

PENDING = "pending"


def backlog(snap: Snapshot, ds: Dataset, q: Question) -> Answer:
    by_release = {code: {r.year: r for r in rows} for code, rows in ds.releases.items()}
    if q.years:
        return _year(snap, ds, q, q.years[0], by_release)
    return _series(snap, ds, q, by_release)


def every_release(snap: Snapshot, ds: Dataset) -> Source:
    """The source line of an answer that shows every release (and the figures others
    reported, so its version follows theirs too)."""
    years = " and ".join(code[:4] for code in ds.meta.releases)
    reported = [d for d in snap.datasets.values() if d.reported]
    return dataclasses.replace(source(snap, ds, *reported), as_of=f"its {years} releases")


def _release_name(ds: Dataset, code: str) -> str:
    """'2025 release': a release's label without its publisher or date, for a chart."""
    return ds.meta.releases[code].replace("EOIR's ", "").split(" (")[0]


def _short(code: str) -> str:
    """'2025 rel.': a release as a column heading."""
    return f"{code[:4]} rel."


def _value(ds: Dataset, code: str, row: YearRow) -> Value:
    return Value(PENDING, ds.meta.measure(PENDING).label, row.values[PENDING], row.year,
                 periods.name(row), row.period.months, row.partial, basis=f"release {code}")


def _year(snap: Snapshot, ds: Dataset, q: Question, year: int,
          by_release: dict[str, dict[int, YearRow]]) -> Answer:
    found = {code: rows[year] for code, rows in by_release.items() if year in rows}
    if not found:
        years = sorted({y for rows in by_release.values() for y in rows})
        raise UnknownYear(f"No backlog figures for FY{year} in any EOIR release. Years "
                          f"available: FY{years[0]} to FY{years[-1]}.")
    cells = [(_short(code), fmt.count(r.values[PENDING]) + ("*" if r.partial else ""))
             for code, r in found.items()]
    notes = [f"{_short(code)} = {ds.meta.releases[code]}." for code in found]
    notes += [f"* {code[:4]} release: {periods.note(r)}" for code, r in found.items()
              if r.partial]
    counts = [r.values[PENDING] for r in found.values()]
    headline = (f"Cases pending at the end of FY{year}: "
                + "; ".join(f"{fmt.count(r.values[PENDING])} in {ds.meta.releases[code]}"
                            + (f", counted at the end of {r.period.label.removeprefix('through ')}"
                               if r.partial else "")
                            for code, r in found.items()) + ".")
    whole = [r.values[PENDING] for r in found.values() if not r.partial]
    if len(whole) > 1:
        diff = whole[-1] - whole[0]
        cells.append(("Difference", fmt.signed(diff)))
        pct = fmt.signed_pct(fmt.change(whole[0], whole[-1]))
        headline += (f" The newer release counts {fmt.count(abs(diff))} "
                     f"{'more' if diff > 0 else 'fewer'} ({pct}), and EOIR has not said why.")
    elif len(found) > 1:  # a level at the end of March is not one at the end of September
        headline += " They are not comparable: one counts at an earlier moment of the year."
    table = Table(("Release", f"FY{year}"), tuple(cells),
                  tuple((code, r.values[PENDING]) for code, r in found.items()), "lr",
                  tuple(notes))
    labels_ = tuple(fmt.count(c) for c in counts)
    reported = reported_entries(snap, "backlog", year)
    tables = (table,)
    if reported:  # what others published around that time, each as worded
        tables += (entries_table(reported, ("Also reported", f"FY{year}")),)
        headline += f" {len(reported)} other figure{'s' if len(reported) != 1 else ''} " \
                    "reported for the year are listed below with their publishers."
    return Answer(
        question=q, title=f"Immigration court backlog, FY{year}: EOIR's releases side by side",
        headline=headline, tables=tables, caveats=ds.meta.caveats,
        source=every_release(snap, ds),
        chart=ChartSpec(
            kind="barh", title=f"Cases pending in immigration court, end of FY{year}",
            subtitle="As counted by each EOIR release",
            categories=tuple(_release_name(ds, c)
                             for c in found),
            series=(Series(f"FY{year}", tuple(counts), labels_),), unit=ds.meta.unit,
            source=every_release(snap, ds).full_line,
            notes=tuple(n.removeprefix("* ") for n in notes if n.startswith("*")),
            alt_text=f"Bar chart: cases pending at the end of FY{year}: " + "; ".join(
                f"{ds.meta.releases[c]}: {lab}" for c, lab in zip(found, labels_, strict=True))
            + f". {ds.meta.source_line}."),
        dataset=ds.meta.name, values=tuple(_value(ds, c, r) for c, r in found.items()),
        partial=any(r.partial for r in found.values()), definitions=definitions(ds))


def _series(snap: Snapshot, ds: Dataset, q: Question,
            by_release: dict[str, dict[int, YearRow]]) -> Answer:
    years = sorted({y for rows in by_release.values() for y in rows})
    codes = list(by_release)

    def cell(code: str, year: int) -> str:
        r = by_release[code].get(year)
        return "–" if r is None else fmt.count(r.values[PENDING]) + ("*" if r.partial else "")

    rows = tuple((f"FY{y}", *(cell(c, y) for c in codes)) for y in years)
    raw = tuple((y, *(by_release[c][y].values[PENDING] if y in by_release[c] else None
                      for c in codes)) for y in years)
    partial = [(c, r) for c in codes for r in by_release[c].values() if r.partial]
    notes = tuple(f"{_short(c)} = {ds.meta.releases[c]}." for c in codes)
    notes += tuple(f"* {c[:4]} release: {periods.note(r)}" for c, r in partial)
    table = Table(("Year", *(_short(c) for c in codes)), rows, raw, "l" + "r" * len(codes),
                  notes)
    # Years both releases give for the whole year: a level at March's end is not September's.
    both = [y for y in years if all(y in by_release[c] and not by_release[c][y].partial
                                    for c in codes)]
    headline = (f"Cases pending at the end of each fiscal year, FY{years[0]} to FY{years[-1]}, "
                f"from {len(codes)} EOIR releases.")
    if both and len(codes) > 1:
        y = both[-1]
        a, b = (by_release[c][y].values[PENDING] for c in (codes[0], codes[-1]))
        headline += (f" Where both give a year they disagree: FY{y}, {fmt.count(b)} against "
                     f"{fmt.count(a)}.")
    # A level counted part way through a year is in the table, not on the line: the line
    # joins year-end levels only.
    series = tuple(Series(_release_name(ds, c),
                          tuple(float(r.values[PENDING]) if (r := by_release[c].get(y))
                                and not r.partial else math.nan for y in years))
                   for c in codes)
    return Answer(
        question=q, title=f"Immigration court backlog, FY{years[0]} to FY{years[-1]}, "
                          "by EOIR release",
        headline=headline, tables=(table,), caveats=ds.meta.caveats,
        source=every_release(snap, ds),
        chart=ChartSpec(
            kind="lines", title="Cases pending in immigration court at fiscal year end",
            subtitle="Each EOIR release as published; gaps where a release gives no figure",
            categories=tuple(f"FY{y}" for y in years), series=series, unit=ds.meta.unit,
            source=every_release(snap, ds).full_line,
            notes=tuple(n.removeprefix("* ") + " In the table, not drawn."
                        for n in notes if n.startswith("*")),
            alt_text="Line chart: cases pending at fiscal year end. " + " ".join(
                f"{s.name}: " + ", ".join(f"FY{y} {fmt.count(v)}" for y, v in
                                          zip(years, s.values, strict=True) if v == v) + "."
                for s in series) + f" {ds.meta.source_line}."),
        dataset=ds.meta.name,
        values=tuple(_value(ds, c, r) for c in codes for r in by_release[c].values()),
        partial=bool(partial), definitions=definitions(ds))
