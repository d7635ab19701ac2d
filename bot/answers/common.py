"""Pieces every answer shares: source line, caveats, totals and measure rows."""

from __future__ import annotations

from bot.answers import fmt, years
from bot.answers.model import Source
from bot.store.reader import Dataset, Snapshot, YearRow


def source(snap: Snapshot, ds: Dataset) -> Source:
    return Source(ds.meta.source, ds.meta.source_url, ds.meta.as_of, snap.version, snap.loaded_at)


def caveats(ds: Dataset, rows: list[YearRow]) -> tuple[str, ...]:
    """The dataset's caveats, plus one per partial year shown."""
    out = [
        f"FY{r.year} covers {r.period.label} only ({r.period.months} of 12 months); "
        f"it is not comparable with a full year as it stands."
        for r in rows
        if r.partial
    ]
    return (*out, *ds.meta.caveats)


def total(ds: Dataset, row: YearRow) -> int | None:
    """The sum of all measures, where the measures are parts of one whole."""
    return sum(row.values.values()) if ds.meta.additive else None


def unit_header(ds: Dataset) -> str:
    return ds.meta.unit.capitalize()


def partial_notes(rows: list[YearRow]) -> tuple[str, ...]:
    return tuple(years.partial_note(r) for r in rows if r.partial)


def measure_values(ds: Dataset, row: YearRow) -> dict[str, int]:
    """Values by measure, with the total appended for additive datasets."""
    values = dict(row.values)
    t = total(ds, row)
    if t is not None:
        values["total"] = t
    return values


def labels(ds: Dataset) -> dict[str, str]:
    out = {m.name: m.label for m in ds.meta.measures}
    out["total"] = "Total"
    return out


def shares(ds: Dataset, values: dict[str, int]) -> dict[str, float | None]:
    whole = values.get("total")
    return {k: fmt.share(v, whole) if whole else None for k, v in values.items()}
