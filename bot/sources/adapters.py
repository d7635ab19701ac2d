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
from bot.store.importer import import_files

CBP_DATASET = "cbp_border_encounters"
CBP_ANNUAL = "cbp_encounters_annual"


@dataclass(frozen=True)
class Applied:
    """What loading a release did."""

    changed: bool
    covers: str
    changes: str
    announcement: str


def apply_cbp(settings: Settings, path: Path, name: str, sha256: str, taken_at: str, *,
              bar: bool | None = None, allow_synthetic: bool = False) -> Applied:
    """CBP's nationwide file: merged into the encounter store (each month from the newest
    release that has it; months the file no longer covers kept), and the southwest
    monthly series and fiscal-year totals derived from those months into data/ (through
    the loader's checks, so a month that changed is recorded as a revision)."""
    release = cbp_read.read(path, name)
    data_dir = settings.data_dir
    before = (data_dir / f"{CBP_DATASET}.csv").read_bytes()
    y, m = release.latest
    as_of = f"{months.label(y, m)} (FY{y} through {months.name(m)}), release {name}"
    # The store is built beside the one in service; it replaces it only once the series
    # has loaded.
    nxt = settings.cbp_db_path.with_name(settings.cbp_db_path.name + ".next")
    merged = cbp_store.write(release, nxt, {"sha256": sha256, "taken_at": taken_at,
                                            "as_of": as_of}, previous=settings.cbp_db_path)
    try:
        frame, held = cbp_store.southwest(nxt)
        info = cbp_store.release_info(nxt)
        series, earlier = _with_earlier(before, cbp_read.southwest_csv(frame, held))
        files = {f"{CBP_DATASET}.csv": series,
                 f"{CBP_ANNUAL}.csv": cbp_read.annual_csv(series)}
        history = "; ".join(x for x in (kept_line(merged), earlier_line(earlier)) if x)
        for dataset in (CBP_DATASET, CBP_ANNUAL):
            meta = json.loads((data_dir / f"{dataset}.metadata.json").read_text())
            meta["as_of"] = sources_line(info)
            meta["release_spans"] = spans(info, earlier)
            meta.pop("history", None)
            if history:  # shown by /changes: which months no current file covers
                meta["history"] = history[0].upper() + history[1:] + "."
            files[f"{dataset}.metadata.json"] = (json.dumps(meta, indent=2,
                                                            ensure_ascii=False) + "\n").encode()
        result = import_files(data_dir, settings.db_path, files,
                              max_bytes=settings.import_max_bytes,
                              max_rows=settings.import_max_rows)
    except BaseException:
        nxt.unlink(missing_ok=True)
        raise
    os.replace(nxt, settings.cbp_db_path)
    changes = "; ".join(x for x in (_series_changes(before, series), kept_line(merged),
                                    earlier_line(earlier), older_line(merged, release)) if x)
    return Applied(result.changed or bool(changes), release.covers, changes,
                   announce_cbp(series) + notable(series, settings.cbp_db_path))


def sources_line(info: dict[str, str]) -> str:
    """The as-of line of a history: the newest month, and each release its months are
    from ('October 2026; months from nationwide-encounters-fy24-fy27-aor.csv (October 2023
    to October 2026) and nationwide-encounters-fy20-fy23-aor.csv (October 2019 to
    September 2023)')."""
    shown = []
    for r in json.loads(info.get("releases", "[]")):
        shown.append(f"{r['release']} ({months.label(*r['first'])} to "
                     f"{months.label(*r['last'])})")
    newest = info.get("as_of", "")
    if len(shown) <= 1:
        return newest
    return f"{newest.split(', release')[0]}; months from " + ", ".join(shown[:-1]) + \
        f" and {shown[-1]}"


def spans(info: dict[str, str], earlier: list[tuple[int, int]]) -> list[dict]:
    """Each release's first and last month, newest first, for answers to name the release
    their months come from; the months no file had, as the series they were kept from."""
    out = [{"release": r["release"], "first": r["first"], "last": r["last"]}
           for r in json.loads(info.get("releases", "[]"))]
    if earlier:
        out.append({"release": "the series in service before the bot took CBP's files",
                    "first": list(earlier[0]), "last": list(earlier[-1])})
    return out


def kept_line(merged: cbp_store.Merged) -> str:
    """'FY2022 and FY2023 are no longer in CBP's current file; kept from release ...'."""
    parts = []
    for name, held in merged.kept.items():
        years = sorted({y for y, _ in held})
        span = f"FY{years[0]}" if len(years) == 1 else (
            f"FY{years[0]} and FY{years[1]}" if len(years) == 2 else
            f"FY{years[0]} to FY{years[-1]}")
        whole = all(sum(1 for y2, _ in held if y2 == y) == 12 for y in years)
        what = span if whole else f"{len(held)} months ({months.label(*held[0])} to " \
            f"{months.label(*held[-1])})"
        parts.append(f"{what} {'are' if len(held) > 1 else 'is'} no longer in CBP's current "
                     f"file; kept from release {name}")
    return "; ".join(parts)


def older_line(merged: cbp_store.Merged, release) -> str:
    """A release taken out of order: which of its months newer releases keep."""
    if not merged.older:
        return ""
    return (f"{len(merged.older)} months of {release.name} are older than the release "
            "in service for them and were not taken")


def _with_earlier(before: bytes, series: bytes) -> tuple[bytes, list[tuple[int, int]]]:
    """The series with the months of the series in service that no file the bot took
    holds (the shipped months before its first update): they stay, as they were."""
    old, new = pd.read_csv(io.BytesIO(before), dtype=str), pd.read_csv(io.BytesIO(series),
                                                                       dtype=str)
    key = ["fiscal_year", "month"]
    have = set(map(tuple, new[key].itertuples(index=False)))
    earlier = old[[tuple(k) not in have for k in old[key].itertuples(index=False)]]
    if earlier.empty:
        return series, []
    both = pd.concat([earlier, new], ignore_index=True)
    order = both["fiscal_year"].astype(int) * 100 + both["month"].map(
        lambda m: months.position(months.parse(m)))
    both = both.iloc[order.argsort(kind="stable")]
    out = io.StringIO()
    both.to_csv(out, index=False, lineterminator="\n")
    return out.getvalue().encode(), [(int(y), months.parse(m)) for y, m in
                                     earlier[key].itertuples(index=False)]


def earlier_line(earlier: list[tuple[int, int]]) -> str:
    if not earlier:
        return ""
    return (f"{len(earlier)} months ({months.label(*earlier[0])} to "
            f"{months.label(*earlier[-1])}) are in no CBP file the bot has taken; kept as "
            "they were in the series in service")


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


def notable(series: bytes, store: Path) -> str:
    """What stands out in the newest month, over the months held: a record (by the rule
    /check uses for "the lowest since ..."), the change from a year earlier, and the
    citizenship whose encounters moved most from the month before."""
    from bot.answers.claims.records import record_words

    frame = pd.read_csv(io.BytesIO(series))
    labels = [months.label(int(r.fiscal_year), months.parse(r.month))
              for r in frame.itertuples(index=False)]
    totals = [int(t) for t in frame["total"]]
    parts = []
    if len(totals) >= 2:
        record = record_words(list(zip(labels, totals, strict=True)), totals[-1] < totals[-2])
        if record:
            parts.append(f"{labels[-1]} is {record} (in the bot's months from {labels[0]})")
    if len(totals) > 12:
        change = fmt.change(totals[-13], totals[-1])
        if change and fmt.pct(abs(change)) != fmt.pct(0):
            parts.append(f"{fmt.pct(abs(change))} {'more' if change > 0 else 'fewer'} than "
                         f"in {labels[-13]}")
    moved = cbp_store.moved_most(store, "citizenship")
    if moved:
        name, before, after = moved
        word = "more" if after > before else "fewer"
        parts.append(f"the citizenship that moved most: {cbp_store.citizenship_name(name)}, "
                     f"{fmt.count(abs(after - before))} {word} than the month before "
                     f"({fmt.count(after)})")
    return (" " + "; ".join(parts)[0].upper() + "; ".join(parts)[1:] + ".") if parts else ""


def apply_eoir(settings: Settings, path: Path, name: str, sha256: str, taken_at: str, *,
               bar: bool | None = None, allow_synthetic: bool = False) -> Applied:
    """EOIR's zip: the case-level ingest, which keeps the release in service until the
    new one has passed every check (it hashes and dates the release itself)."""
    from bot.eoir.cases import CaseStore, Filters
    from bot.eoir.revised import ingest_recording

    result, n = ingest_recording(settings, path, bar=bar, allow_synthetic=allow_synthetic)
    cases = CaseStore(settings.eoir_db_path)
    snap = cases.snapshot()
    changes = (f"{result.cases:,} completed asylum cases"
               + (f"; {n} figures of past years revised (/changes)" if n else "")) \
        if result.changed else ""
    return Applied(result.changed, snap.meta.as_of, changes,
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
