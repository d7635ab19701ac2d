"""Pieces every answer shares: source line, caveats, definitions, totals and measure rows."""

from __future__ import annotations

import dataclasses
import hashlib
from fractions import Fraction

from bot.answers import fmt, periods
from bot.answers.model import Source, Value
from bot.store import months
from bot.store.metadata import Measure
from bot.store.reader import Dataset, MonthRow, Snapshot, YearRow

TOTAL = "total"


def source(snap: Snapshot, ds: Dataset, *also: Dataset) -> Source:
    """Where the figures come from; for a dataset kept in releases, the release shown.

    Its data version is the dataset's own (with those of any datasets `also` read), so
    an answer and its chart change only when their own figures do.
    """
    as_of = ds.meta.releases[ds.release] if ds.release else ds.meta.as_of
    versions = [d.version for d in (ds, *also)]
    if not all(versions):
        version = snap.version
    elif also:
        version = hashlib.sha256("\0".join(versions).encode()).hexdigest()[:16]
    else:
        version = versions[0]
    return Source(ds.meta.source, ds.meta.source_url, as_of, version, snap.loaded_at)


def caveats(ds: Dataset, rows: list[YearRow]) -> tuple[str, ...]:
    """The dataset's caveats, after one per partial year shown."""
    return (*(periods.caveat(r) for r in rows if r.partial), *ds.meta.caveats)


def definitions(ds: Dataset) -> tuple[tuple[str, str], ...]:
    """Every term of the dataset: its measures, its glossary and its periods."""
    meta = ds.meta
    out = [(m.label, m.description) for m in meta.measures if m.description]
    out += [(term, text) for term, text in meta.terms.items()
            if term not in {m.label for m in meta.measures}]
    out += [(f"Period: {p.label or periods.FULL_YEAR}", p.description)
            for p in meta.periods.values() if p.description]
    return tuple(out)


def in_force(ds: Dataset, shown: list[YearRow | MonthRow]) -> Dataset:
    """The dataset without the measures that did not exist in any period shown, each
    left out with its note among the caveats: after Title 42 ended, its zero is no figure,
    and a table row or an empty bar for it would say there was one."""
    gone = [m for m in ds.meta.measures if (m.since or m.until)
            and not any(_exists(m, p) for p in shown)]
    if not gone:
        return ds
    meta = dataclasses.replace(
        ds.meta, measures=tuple(m for m in ds.meta.measures if m not in gone),
        caveats=(*(m.in_force_note or f"{m.label}: not in force then, so not shown."
                   for m in gone), *ds.meta.caveats))
    return dataclasses.replace(ds, meta=meta)


def _exists(m: Measure, p: YearRow | MonthRow) -> bool:
    """Whether a measure's months in force overlap the months a row covers."""
    if isinstance(p, MonthRow):
        first = last = (months.calendar_year(p.year, p.month), p.month)
    else:
        end = months.ORDER[p.period.months - 1]
        first, last = (p.year - 1, 10), (months.calendar_year(p.year, end), end)
    return not ((m.until and first > m.until) or (m.since and last < m.since))


def total(ds: Dataset, row: YearRow) -> int | None:
    """The whole the measures are parts of: as published where the source gives it,
    else their sum; None where the measures are not parts of one whole."""
    if not ds.meta.additive:
        return None
    if row.published_total is not None:
        return row.published_total
    return sum(row.values[m.name] for m in ds.meta.parts)


def measure_values(ds: Dataset, row: YearRow) -> dict[str, int]:
    """Values by measure, with the total appended for additive datasets."""
    values = {m.name: row.values[m.name] for m in ds.meta.measures}
    t = total(ds, row)
    if t is not None:
        values[TOTAL] = t
    return values


def labels(ds: Dataset) -> dict[str, str]:
    """Full labels by measure, total and combination."""
    out = {m.name: m.label for m in ds.meta.measures}
    out[TOTAL] = "Total"
    out.update({c.name: c.label for c in ds.meta.combinations})
    return out


def short_labels(ds: Dataset) -> dict[str, str]:
    """Labels of seven characters or fewer, for tables with several number columns."""
    out = {m.name: m.short for m in ds.meta.measures}
    out[TOTAL] = "Total"
    return out


def shares(values: dict[str, int], ds: Dataset | None = None) -> dict[str, Fraction | None]:
    """Each value as a fraction of the total; None everywhere when there is no total, and
    for a measure of `ds` kept apart from the total."""
    whole = values.get(TOTAL)
    apart = {m.name for m in ds.meta.measures if m.apart} if ds is not None else set()
    return {k: fmt.share(v, whole) if whole and k not in apart else None
            for k, v in values.items()}


def year_values(ds: Dataset, row: YearRow, values: dict[str, int], *,
                basis: str = "counted") -> tuple[Value, ...]:
    """Tidy rows for one year's values (counted, or a full-year estimate)."""
    share = shares(values, ds)
    names = labels(ds)
    return tuple(
        Value(k, names[k], v, row.year, periods.name(row), row.period.months, row.partial,
              share[k], basis)
        for k, v in values.items())


def releases_of(ds: Dataset, year: int, month: int | None = None) -> list[str]:
    """The releases a fiscal year's (or a month's) figures come from, for a series kept
    from several releases (metadata "release_spans": each release's first and last month)."""
    found = []
    for span in ds.meta.raw.get("release_spans", ()):
        (y0, m0), (y1, m1) = span["first"], span["last"]
        lo, hi = (y0, months.position(m0)), (y1, months.position(m1))
        inside = lo <= (year, months.position(month)) <= hi if month is not None \
            else y0 <= year <= y1
        if inside:
            found.append(span["release"])
    return found


def sourced(snap: Snapshot, ds: Dataset, year: int, month: int | None = None) -> Source:
    """`source`, naming the release (or releases) this period's figures come from."""
    base = source(snap, ds)
    names = releases_of(ds, year, month)
    if not names:
        return base
    when = months.label(year, month) if month else f"FY{year}"
    newest = base.as_of.split(";")[0]
    return dataclasses.replace(base, as_of=f"{when} from {' and '.join(names)}; the series "
                                            f"runs to {newest}")
