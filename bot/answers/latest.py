"""TRAC's table continued past its last year with the courts' own case-level data.

TRAC's table stops where its report did. The case-level release, ingested with
`python -m bot eoir ingest`, holds the later fiscal years; this module adds them to
TRAC's table in TRAC's three columns (ordered removed, granted asylum, allowed to
remain; voluntary departure kept apart and left out, as TRAC leaves it out), so
/outcomes, /compare, /totals and /trend answer the latest year. Every answer that uses
them says which years come from which source, how the later ones are computed, and how
well the two agree on a year both cover.
"""

from __future__ import annotations

import dataclasses
import hashlib
from datetime import date

from bot.answers import fmt, lead, periods
from bot.answers.claims.reading import fiscal_year_of
from bot.answers.model import Answer
from bot.store.reader import Dataset

COMMANDS = ("outcomes", "compare", "totals", "trend")
HOW = ("docs/method-eoir.md: a case counts once, in the fiscal year of its last completed "
       "proceeding; the classes that make each of TRAC's columns are listed under the table")


def later_years(trac: Dataset, years: tuple[int, ...], command: str) -> bool:
    """Whether the question reaches past TRAC's last year (a bare /trend always does, once
    the case-level data is there)."""
    return any(y > trac.years[-1] for y in years) or (command == "trend" and not years)


def not_ingested(trac: Dataset, year: int, today: date) -> str:
    """Why a year after TRAC's table has no answer yet: the years there are, and for a
    year that has begun, how to get it."""
    text = f"No figures for FY{year} in {trac.meta.title}. Years available: " \
           f"{periods.available(trac)}."
    if year <= fiscal_year_of(today):
        text += (" The years after TRAC's table come from the immigration courts' own "
                 "case-level release: download it and run `python -m bot eoir ingest PATH` "
                 "(or `python -m bot update eoir`), then ask again.")
    return text


def extended(trac: Dataset, cases: Dataset, through: str) -> Dataset:
    """TRAC's rows, then the case-level years after TRAC's last, in TRAC's columns."""
    top = lead.columns(cases)
    if top is None:
        return trac
    names = [m.name for m in trac.meta.measures]
    last = trac.years[-1]
    later = tuple(dataclasses.replace(r, values={n: r.values[n] for n in names})
                  for r in top.rows if r.year > last)
    if not later:
        return trac
    first_later, final = later[0].year, later[-1].year
    span = f"FY{first_later}" if first_later == final else f"FY{first_later} to FY{final}"
    tail = trac.rows[-1]
    trac_span = f"FY{trac.years[0]} to FY{last}" + (f" ({tail.period.label})"
                                                     if tail.partial else "")
    agree = agreement(trac, top)
    caveats = (
        f"Years from two sources: {trac_span} from TRAC's table; {span} counted by this bot "
        f"from EOIR's case-level release ({through}), in TRAC's three columns, voluntary "
        f"departures left out as TRAC leaves them out. Method: {HOW}.",
        *((agree,) if agree else ()),
        *trac.meta.caveats)
    meta = dataclasses.replace(
        trac.meta,
        source=f"TRAC Immigration to FY{last}; EOIR case data counted by this bot from "
               f"FY{first_later}",
        short_source="TRAC + EOIR cases",
        as_of=f"{trac.meta.as_of} (TRAC); {through.split(', ')[-1]} (EOIR)",
        caveats=caveats)
    if cases.meta.short_source == "SYNTHETIC":  # a test's release: never shown as real
        meta = dataclasses.replace(meta, title=f"SYNTHETIC, not real: {meta.title}",
                                   source=f"SYNTHETIC test release, not real: {meta.source}",
                                   short_source="SYNTHETIC")
    version = hashlib.sha256(f"{trac.version}\0{cases.version}".encode()).hexdigest()[:16]
    return dataclasses.replace(trac, meta=meta, rows=(*trac.rows, *later), version=version)


def with_chart_note(answer: Answer, trac_last: int) -> Answer:
    """The chart says which years come from which source, since it travels alone."""
    if answer.chart is None:
        return answer
    note = (f"FY{trac_last + 1} on: counted by this bot from EOIR's case-level release; "
            f"to FY{trac_last}: TRAC's table.")
    return dataclasses.replace(answer, chart=dataclasses.replace(
        answer.chart, notes=(*answer.chart.notes, note),
        alt_text=f"{answer.chart.alt_text} {note}"))


def agreement(trac: Dataset, top: Dataset) -> str:
    """How TRAC's table and the case-level count compare on the latest full year both
    cover: each column side by side, with the difference in percent."""
    mine = {r.year: r for r in top.rows if not r.partial}
    both = [r for r in trac.rows if not r.partial and r.year in mine]
    if not both:
        return ""
    theirs = both[-1]
    ours = mine[theirs.year]
    parts = []
    for m in trac.meta.measures:
        a, b = theirs.values[m.name], ours.values[m.name]
        diff = fmt.signed_pct(fmt.change(a, b)) if a else "n/a"
        parts.append(f"{m.label.lower()} {fmt.count(a)} against {fmt.count(b)} ({diff})")
    return (f"FY{theirs.year}, which both cover, TRAC's table against the case-level count: "
            + "; ".join(parts) + ".")
