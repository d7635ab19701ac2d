"""A new case-level release that changes past years' figures is a revision like any other.

The case-level store is replaced whole by each ingest. Before it is replaced, the
nationwide figures of every fiscal year (in TRAC's three columns, and each outcome
class) are read; after, again; each figure that changed is appended to the revision
log in the main store, so `/changes` lists it and the release post says how many.
Years the new release adds are not revisions.
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

import sqlite_utils

from bot.settings import Settings
from bot.store import revisions
from bot.store.schema import LOADS

if TYPE_CHECKING:
    from bot.eoir.ingest import IngestResult

DATASET = "eoir_asylum_cases"


def year_figures(store: Path) -> dict[int, dict[str, int]]:
    """Every fiscal year's nationwide figures in the case store (empty if none)."""
    from bot.answers import lead
    from bot.eoir.cases import CaseStore, Filters

    if not Path(store).exists():
        return {}
    cases = CaseStore(store)
    snap = cases.snapshot()
    if snap is None:
        return {}
    ds = cases.dataset(snap, Filters())
    top = lead.columns(ds)
    out: dict[int, dict[str, int]] = {}
    for r in ds.rows:
        out[r.year] = dict(r.values) | {"period": r.period.months}
    for r in (top.rows if top is not None else ()):
        out[r.year].update({k: v for k, v in r.values.items()})
    return out


def record(db_path: Path, before: dict[int, dict[str, int]],
           after: dict[int, dict[str, int]]) -> int:
    """Append each changed figure of a year both releases hold; return how many."""
    # A year still running grows as its months come in: new figures, not revised ones.
    changes = [((year, None, None), measure, old[measure], after[year][measure])
               for year, old in sorted(before.items())
               if year in after and old.get("period") == 12
               for measure in sorted(old) if measure in after[year]
               and after[year][measure] != old[measure]]
    if not changes or not Path(db_path).exists():
        return 0
    db = sqlite_utils.Database(db_path)
    try:
        last = db.execute(f"select id, version from {LOADS} order by id desc limit 1"
                          ).fetchone()
        if last is None:
            return 0
        now = datetime.now(timezone.utc).isoformat(timespec="seconds")
        with db.conn:
            return revisions.record(db, last[0], now, last[1], last[1], {DATASET: changes})
    finally:
        db.conn.close()


def ingest_recording(settings: Settings, path: Path, store: Path | None = None,
                     **options) -> tuple[IngestResult, int]:
    """Ingest a release into `store` (the store in service by default); when that is the
    store in service and the release is new, record the past years it revised. Returns the
    ingest's result and how many figures were recorded."""
    from bot.eoir.ingest import ingest

    store = store or settings.eoir_db_path
    in_service = Path(store) == Path(settings.eoir_db_path)
    before = year_figures(store) if in_service else {}
    result = ingest(path, store, memory_mb=settings.eoir_ingest_memory_mb, **options)
    n = record(settings.db_path, before, year_figures(store)) \
        if result.changed and in_service else 0
    return result, n
