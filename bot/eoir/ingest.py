"""`python -m bot eoir ingest PATH`: the release in, aggregates out, all or nothing.

The release streams into a DuckDB working database beside the store (memory
bounded by EOIR_INGEST_MEMORY, spilling to disk); the method classes the cases
there, and the aggregates go to their own SQLite file, built under a temporary
name and moved into place only when complete, so a failed ingest leaves the
previous release in service and the bot never sees half a release.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
import time
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path

import duckdb

from bot.eoir import codes as codes_mod
from bot.eoir import method
from bot.eoir.errors import IngestError
from bot.eoir.progress import Progress
from bot.eoir.reading import BadRows
from bot.eoir.release import DATA_TABLES, LOOKUP_TABLES, Release
from bot.eoir.scan import scan
from bot.eoir.work import DEFAULT_MEMORY_MB, Work, give_back
from bot.eoir.writing import data_through, write_store

log = logging.getLogger("bot.eoir")

METHOD_VERSION = "2"  # docs/method-eoir.md; bump when a rule or the store's layout changes
METADATA_FILE = codes_mod.CODES_FILE.parent / "eoir_asylum_cases.metadata.json"
MAX_BAD_SHARE = 0.001  # more bad rows than this in a table fails the ingest


@dataclass(frozen=True)
class IngestResult:
    version: str
    changed: bool
    cases: int  # completed asylum cases counted
    release_date: str
    seconds: float
    bad: dict[str, BadRows]
    outside: int = 0  # asylum cases with a bond or review ruling, passed over


def ingest(path: Path, store: Path, *, allow_synthetic: bool = False, bar: bool | None = None,
           codes_file: Path = codes_mod.CODES_FILE, today: date | None = None,
           memory_mb: int = DEFAULT_MEMORY_MB) -> IngestResult:
    """Read, classify and store the release at `path`; raise IngestError, changing nothing.

    `memory_mb` bounds the working database (EOIR_INGEST_MEMORY); it spills to a folder
    beside the store, removed at the end.
    """
    started = time.monotonic()
    release = Release(path)
    if release.synthetic and not allow_synthetic:
        raise IngestError(f"{path} is a synthetic release made for tests and benchmarks; "
                          "it is never loaded as real figures.")
    mapping = codes_mod.load(codes_file)
    stems = [*DATA_TABLES.values(), *LOOKUP_TABLES.values()]
    content = release.content_hash(stems)
    # Same release, mapping, method and metadata: same version, and nothing to do.
    template = hashlib.sha256(METADATA_FILE.read_bytes()).hexdigest()[:8]
    version = hashlib.sha256(f"{content}|{mapping.version}|{METHOD_VERSION}|{template}"
                             .encode()).hexdigest()[:16]
    current = read_info(store)
    if current.get("version") == version:
        log.info("release %s is already in service (version %s)", path, version)
        return IngestResult(version, False, int(current.get("cases", 0)),
                            current.get("release_date", ""), time.monotonic() - started, {})

    store = Path(store)
    store.parent.mkdir(parents=True, exist_ok=True)
    folder = store.with_name(store.name + ".work")
    try:
        with Work(folder, memory_mb) as work:
            return _build(path, store, release, mapping, work, bar, version, content, today,
                          started)
    except duckdb.Error as exc:  # out of memory, or of disk for what it spills
        raise IngestError(
            f"the ingest's working database stopped: {str(exc).splitlines()[0]} (memory limit "
            f"{memory_mb} MB, EOIR_INGEST_MEMORY; working files in {folder}: free disk "
            "there, or raise the limit)") from exc


def _build(path, store, release, mapping, work, bar, version, content, today,
           started) -> IngestResult:
    """Read, class and store the release, with `work` as the working database."""
    progress = Progress(sum(release.member(s).size for s in DATA_TABLES.values()), bar)
    try:
        found = scan(release, mapping, today or date.today(), work, progress)
    finally:
        progress.close()
    give_back()
    log.info("read the release: %.0f MB of working files", work.disk_mb())
    check_counts(release, found.bad)
    log.info("classing the cases")
    result = method.classify(work, found.lookups, mapping, found.asylum_cases)
    method.check_mapped(result)
    log.info("classed %d completed asylum cases: %.0f MB of working files", result.cases,
             work.disk_mb())
    check_bad_rows(found.bad)

    release_date = release.release_date()
    info = {
        "version": version, "content_hash": content, "codes_version": mapping.version,
        "method_version": METHOD_VERSION, "release_date": release_date.isoformat(),
        "source_file": Path(path).name, "synthetic": "1" if release.synthetic else "",
        "ingested_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "cases": str(result.cases), "pending": str(result.pending),
        "outside_asylum": str(result.outside),
    }
    through = data_through(work, release_date)
    info |= {"data_through": through.isoformat(),
             "metadata": json.dumps(metadata(release_date, through, release.synthetic,
                                             mapping.version))}
    log.info("writing the store")
    write_store(store, info, found, result.codes)
    seconds = time.monotonic() - started
    log.info("ingested %s: %d completed asylum cases in %.0f s (version %s)",
             Path(path).name, result.cases, seconds, version)
    return IngestResult(version, True, result.cases, release_date.isoformat(), seconds,
                        found.bad, result.outside)


def check_counts(release: Release, bad: dict[str, BadRows]) -> None:
    """A table with fewer rows than the release's Count.txt lists was cut short."""
    expected = release.expected_rows()
    for stem, rows in bad.items():
        want = expected.get(stem.lower())
        if want and rows.read < want * (1 - MAX_BAD_SHARE):
            raise IngestError(f"{stem}.csv has {rows.read:,} rows but Count.txt lists {want:,}: "
                              "the file looks cut short; download the release again.")


def check_bad_rows(bad: dict[str, BadRows]) -> None:
    for stem, rows in bad.items():
        if rows.total and rows.share > MAX_BAD_SHARE:
            raise IngestError(f"{stem}.csv: {rows.total:,} of {rows.read:,} rows cannot be read "
                              f"({rows.share:.2%}, more than {MAX_BAD_SHARE:.1%}): "
                              + "; ".join(f"{n:,} {r}" for r, n in rows.reasons.items()))


def bad_rows_report(bad: dict[str, BadRows]) -> list[str]:
    """One line per table and reason, for the end of an ingest."""
    lines = []
    for stem, rows in bad.items():
        for reason, n in rows.reasons.most_common():
            sample = "; ".join(rows.samples.get(reason, [])[:1])
            lines.append(f"{stem}: {n:,} rows skipped: {reason}"
                         + (f" (e.g. {sample!r})" if sample else ""))
    return lines


def read_info(store: Path) -> dict[str, str]:
    """The release in service at `store` ({} if none)."""
    if not Path(store).exists():
        return {}
    try:
        conn = sqlite3.connect(f"file:{store}?mode=ro", uri=True)
        try:
            return dict(conn.execute("select key, value from release").fetchall())
        finally:
            conn.close()
    except sqlite3.Error:
        return {}


def metadata(release_date: date, data_through: date, synthetic: bool, codes: str) -> dict:
    """The dataset's metadata: the reviewed template, with this release's date and periods."""
    raw = json.loads(METADATA_FILE.read_text(encoding="utf-8"))
    raw["as_of"] = f"release of {release_date:%-d %B %Y}, data through {data_through:%-d %B %Y}"
    raw["source"] += f" (method {METHOD_VERSION}, codes {codes})"
    if synthetic:
        raw["title"] = "SYNTHETIC, not real: " + raw["title"]
        raw["source"] = "SYNTHETIC test release, not real figures: " + raw["source"]
        raw["short_source"] = "SYNTHETIC"
    months = (data_through.month - 10) % 12 + 1
    if months < 12 or data_through.day < 30:
        name = f"{data_through:%B}"
        raw["periods"][f"through-{name.lower()}"] = {
            "label": f"through {name}", "months": months,
            "description": f"1 October to {data_through:%-d %B %Y} only, the last date in the "
                         "release: the year was not over."}
    return raw
