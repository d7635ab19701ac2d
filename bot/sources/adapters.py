"""What each source's release becomes in the bot: checked, loaded, and announced.

An adapter takes a downloaded file that passed the fetch checks, checks its content in
full, loads it (all or nothing: the data in service is never touched by a failure) and
says what it covers, what changed, and the sentence a desk is told.
"""

from __future__ import annotations

import io
import json
import os
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from bot.answers import fmt
from bot.encounters import read as cbp_read
from bot.encounters import store as cbp_store
from bot.settings import Settings
from bot.store import months
from bot.store.importer import import_csv

CBP_DATASET = "cbp_border_encounters"


@dataclass(frozen=True)
class Applied:
    """What loading a release did."""

    changed: bool
    covers: str
    changes: str
    announcement: str


def apply_cbp(settings: Settings, path: Path, name: str, sha256: str, taken_at: str, *,
              bar: bool | None = None, allow_synthetic: bool = False) -> Applied:
    """CBP's nationwide file: its breakdowns into the encounter store, and the southwest
    monthly series derived from it into data/ (through the loader's checks, so a month
    that differs from the series in service is recorded as a revision)."""
    release = cbp_read.read(path, name)
    series = cbp_read.southwest_csv(release)
    data_dir = settings.data_dir
    before = (data_dir / f"{CBP_DATASET}.csv").read_bytes()
    meta_path = data_dir / f"{CBP_DATASET}.metadata.json"
    meta = json.loads(meta_path.read_text())
    y, m = release.latest
    meta["as_of"] = (f"{months.label(y, m)} (FY{y} through {months.name(m)}), "
                     f"release {name}")
    # The breakdown store is built first, beside the one in service; it replaces it only
    # once the series has loaded.
    nxt = settings.cbp_db_path.with_name(settings.cbp_db_path.name + ".next")
    cbp_store.write(release, nxt, {"version": sha256[:16], "file": name, "sha256": sha256,
                                   "taken_at": taken_at, "as_of": meta["as_of"]})
    try:
        result = import_csv(data_dir, settings.db_path, CBP_DATASET, series,
                            metadata=(json.dumps(meta, indent=2, ensure_ascii=False) + "\n")
                            .encode(), max_bytes=settings.import_max_bytes,
                            max_rows=settings.import_max_rows)
    except BaseException:
        nxt.unlink(missing_ok=True)
        raise
    os.replace(nxt, settings.cbp_db_path)
    changes = _series_changes(before, series)
    return Applied(result.changed or bool(changes), release.covers, changes,
                   announce_cbp(series))


def _series_changes(before: bytes, after: bytes) -> str:
    """'2 months added (September 2025, October 2025); 1 month revised (August 2025)'."""
    old, new = (_by_month(b) for b in (before, after))
    added = [k for k in new if k not in old]
    dropped = [k for k in old if k not in new]
    revised = [k for k in new if k in old and new[k] != old[k]]
    parts = []
    for what, keys in (("added", added), ("revised", revised),
                       ("no longer in the release", dropped)):
        if keys:
            names = ", ".join(months.label(y, m) for y, m in keys[:6])
            more = f" and {len(keys) - 6} more" if len(keys) > 6 else ""
            parts.append(f"{len(keys)} month{'s' if len(keys) != 1 else ''} {what} "
                         f"({names}{more})")
    return "; ".join(parts)


def _by_month(content: bytes) -> dict[tuple[int, int], tuple]:
    frame = pd.read_csv(io.BytesIO(content), dtype=str)
    return {(int(r.fiscal_year), months.parse(r.month)):
            (r.border_patrol, r.ports_of_entry, r.title42, r.total)
            for r in frame.itertuples(index=False)}


def announce_cbp(series: bytes) -> str:
    """'New CBP figures: October 2026, 118,012 southwest border encounters, 3,807 a day,
    8.3% fewer than September.'"""
    frame = pd.read_csv(io.BytesIO(series))
    last = frame.iloc[-1]
    y, m = int(last.fiscal_year), months.parse(last.month)
    total = int(last.total)
    text = (f"New CBP figures: {months.label(y, m)}, {fmt.count(total)} southwest border "
            f"encounters, {fmt.count(fmt.quotient(total, months.days(y, m)))} a day")
    if len(frame) > 1:
        prev = frame.iloc[-2]
        py, pm = int(prev.fiscal_year), months.parse(prev.month)
        before = fmt.quotient(int(prev.total), months.days(py, pm))
        now = fmt.quotient(total, months.days(y, m))
        change = fmt.change(before, now)
        if change:
            word = "more" if change > 0 else "fewer"
            text += (f", {fmt.pct(abs(change))} {word} a day than in {months.name(pm)}")
    return text + "."


def apply_eoir(settings: Settings, path: Path, name: str, sha256: str, taken_at: str, *,
               bar: bool | None = None, allow_synthetic: bool = False) -> Applied:
    """EOIR's zip: the case-level ingest, which keeps the release in service until the
    new one has passed every check (it hashes and dates the release itself)."""
    from bot.eoir.cases import CaseStore, Filters
    from bot.eoir.ingest import ingest

    result = ingest(path, settings.eoir_db_path, bar=bar, allow_synthetic=allow_synthetic)
    cases = CaseStore(settings.eoir_db_path)
    snap = cases.snapshot()
    return Applied(result.changed, snap.meta.as_of,
                   f"{result.cases:,} completed asylum cases" if result.changed else "",
                   announce_eoir(cases, snap, Filters()))


def announce_eoir(cases, snap, filters) -> str:
    """'New EOIR case data: data through 30 June 2026. FY2026 through June: 52,440 ordered
    removed, 43,113 granted asylum, 149,305 allowed to remain; voluntary departure, apart,
    8,000.'"""
    from bot.answers import periods
    from bot.answers.lead import columns

    ds = cases.dataset(snap, filters)
    lead = columns(ds)
    row = lead.rows[-1]
    parts = [f"{fmt.count(row.values[m.name])} {m.label.lower()}" for m in lead.meta.measures
             if not m.apart]
    apart = [f"{m.label.lower()}, kept apart, {fmt.count(row.values[m.name])}"
             for m in lead.meta.measures if m.apart]
    return (f"New EOIR case data: {snap.meta.as_of}. {periods.label(row)}: " + ", ".join(parts)
            + ("; " + "; ".join(apart) if apart else "") + ".")


# Each source's adapter, by the name the catalog gives it; all take the same arguments
# (a CSV has no progress bar of its own and no synthetic form).
ADAPTERS = {"cbp": apply_cbp, "eoir": apply_eoir}
