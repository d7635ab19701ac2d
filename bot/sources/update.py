"""One way to update, for every source: look, fetch, check, load, record, announce.

`update` runs in a worker thread (the bot) or the terminal (`python -m bot update`).
For each source: ask whether there is a new release (a conditional request costs one
small request when there is not), download it to a temporary file, check it, load it
through its adapter, and record it. A failure at any step is one line saying what
failed and how to do it by hand; the data in service is untouched and no partial file
is left behind.
"""

from __future__ import annotations

import logging
import os
import shutil
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bot.encounters.read import check_header
from bot.eoir.errors import IngestError
from bot.settings import Settings
from bot.sources import adapters, catalog
from bot.sources.catalog import SOURCES, Source
from bot.sources.fetch import Fetcher, FetchError, Rules, file_sha256
from bot.sources.records import Records, Release, now
from bot.store.errors import DataFileError, StoreError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Outcome:
    source: str
    status: str  # unchanged, new, available, failed
    message: str
    covers: str = ""
    changes: str = ""
    announcement: str = ""

    @property
    def line(self) -> str:
        return f"{self.source}: {self.message}"


def rules(settings: Settings) -> Rules:
    return Rules(contact=settings.fetch_contact, hosts=settings.fetch_hosts,
                 max_bytes=settings.fetch_max_mb * 1024 * 1024)


def automatic(settings: Settings) -> list[str]:
    """The sources the daily check fetches: BOT_UPDATE_SOURCES, or every one."""
    return list(settings.update_sources or SOURCES)


def update(settings: Settings, names: Iterable[str] | None = None, *, check_only: bool = False,
           file: Path | None = None, url: str | None = None, bar: bool | None = None,
           fetcher: Fetcher | None = None, allow_synthetic: bool = False) -> list[Outcome]:
    """Update each named source (every automatic one by default); one Outcome each.

    `allow_synthetic` lets a test load a synthetic EOIR release into its own store.
    """
    names = list(names or automatic(settings))
    unknown = [n for n in names if n not in SOURCES]
    if unknown:
        raise ValueError(f"no source {unknown[0]!r}; sources fetched: {', '.join(SOURCES)} "
                         f"(the others are entered by hand: /data import)")
    if (file or url) and len(names) != 1:
        raise ValueError("--file and --url go with one source: name it")
    records = Records(settings.sources_db_path)
    own = fetcher is None
    fetcher = fetcher or Fetcher(rules(settings))
    try:
        return [_one(settings, SOURCES[n], records, fetcher, check_only, file, url, bar,
                     allow_synthetic) for n in names]
    finally:
        if own:
            fetcher.close()


def _one(settings: Settings, source: Source, records: Records, fetcher: Fetcher,
         check_only: bool, file: Path | None, url: str | None, bar: bool | None,
         allow_synthetic: bool = False) -> Outcome:
    in_service = records.in_service(source.name)
    tmp: Path | None = None
    try:
        if file is not None:
            remote, page = None, (None, None)
            path, name, address = Path(file), Path(file).name, f"file {Path(file).name}"
            if check_only:
                _check_file(source, path, name)
                return _done(records, Outcome(source.name, "available",
                                              f"{name} passes the file checks"))
        else:
            address, page = _locate(settings, source, fetcher, in_service, url)
            if address is None:
                return _done(records, Outcome(source.name, "unchanged",
                                              "no new release (the page has not changed)"))
            remote = fetcher.probe(address, in_service.known if _same(in_service, address)
                                   else None)
            if _same(in_service, address) and remote.same_as(in_service.known):
                _seen_at(records, in_service, address, remote, page)
                return _done(records, Outcome(source.name, "unchanged",
                                              f"no new release at {address}"))
            if check_only:
                size = f", {remote.length:,} bytes" if remote.length else ""
                return _done(records, Outcome(source.name, "available",
                                              f"a new release at {address}{size}"))
            name = unquote(Path(urlsplit(address).path).name)
            tmp = settings.downloads_dir / source.name / f".{name}.part"
            got = fetcher.download(address, tmp, bar=bar)  # hashed as it arrived
            remote, path, sha = got.remote, got.path, got.sha256
            _check_file(source, path, name)
        if file is not None:
            sha = file_sha256(path)
        if in_service is not None and in_service.sha256 == sha:
            if remote is not None:
                _seen_at(records, in_service, address, remote, page)
            return _done(records, Outcome(source.name, "unchanged",
                                          f"the release at {address} is the one in service "
                                          "(same content)"))
        taken = now()
        applied = adapters.ADAPTERS[source.name](settings, path, name, sha, taken, bar=bar,
                                                  allow_synthetic=allow_synthetic)
        # Kept only once loaded: a file that failed its checks is never left behind.
        kept = _keep(settings, source, path, name, sha, moved=tmp is not None)
        tmp = None
        records.taken(Release(
            source.name, address, taken, kept.stat().st_size, sha,
            remote.etag if remote else None, remote.last_modified if remote else None,
            applied.covers, applied.changes or "no figure changed", str(kept),
            page[0], page[1], announcement=applied.announcement))
        _prune(settings, source, kept)
        return _done(records, Outcome(source.name, "new",
                                      f"took {name}: {applied.covers}; "
                                      f"{applied.changes or 'no figure changed'}",
                                      applied.covers, applied.changes, applied.announcement))
    except (FetchError, DataFileError, IngestError, StoreError, zipfile.BadZipFile,
            OSError) as exc:
        message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        if not isinstance(exc, FetchError):
            message += f"; nothing was changed (to load a file by hand: python -m bot " \
                       f"update {source.name} --file PATH)"
        elif "--file" in message:
            message = message.replace("use --file", f"run python -m bot update "
                                                    f"{source.name} --file PATH "
                                                    f"({source.manual})")
        return _done(records, Outcome(source.name, "failed", message))
    finally:
        if tmp is not None:
            tmp.unlink(missing_ok=True)


def backfill(settings: Settings, name: str = "cbp", *, fetcher: Fetcher | None = None,
             bar: bool | None = None) -> list[Outcome]:
    """The older releases the source's page links to, taken once, oldest first, so the
    history reaches back as far as the page offers: each merged under the newer months
    (it fills only months no newer release has). A link that fails (a 404, a refusal) is
    reported in one line and skipped; the release in service stays the newest."""
    source = SOURCES[name]
    if source.page is None:
        raise ValueError(f"{name} has no page of releases to fill its history from")
    records = Records(settings.sources_db_path)
    own = fetcher is None
    fetcher = fetcher or Fetcher(rules(settings))
    out: list[Outcome] = []
    try:
        page_url = settings.source_urls.get(name) or source.page
        remote, text = fetcher.page(page_url, None)
        found = catalog.links(text or "", source, remote.url)
        in_service = records.in_service(name)
        done = {r["url"] for r in records.backfills(name)}
        newest = source.newest(found)
        older = sorted((u for u in set(found) if u != newest and u not in done and not
                        _same(in_service, u)), key=lambda u: catalog.rank(name, u))
        if not older:
            return [_done(records, Outcome(name, "unchanged", "no older release to take "
                                           f"({len(done)} taken before)"))]
        for address in older:
            file = unquote(Path(urlsplit(address).path).name)
            tmp = settings.downloads_dir / name / f".{file}.part"
            try:
                got = fetcher.download(address, tmp, bar=bar)
                _check_file(source, got.path, file)
                applied = adapters.ADAPTERS[name](settings, got.path, file, got.sha256, now(),
                                                   bar=bar)
                records.backfilled(name, address, got.sha256, applied.covers,
                                   applied.changes or "no figure changed")
                out.append(_done(records, Outcome(
                    name, "new", f"took older release {file}: {applied.covers}; "
                                 f"{applied.changes or 'no figure changed'}",
                    applied.covers, applied.changes)))
            except (FetchError, DataFileError, StoreError, OSError) as exc:
                first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
                out.append(_done(records, Outcome(name, "failed",
                                                  f"skipped {file}: {first}")))
            finally:
                tmp.unlink(missing_ok=True)
        return out
    except FetchError as exc:
        return [_done(records, Outcome(name, "failed", str(exc).splitlines()[0]))]
    finally:
        if own:
            fetcher.close()


def _locate(settings: Settings, source: Source, fetcher: Fetcher, in_service: Release | None,
            url: str | None) -> tuple[str | None, tuple[str | None, str | None]]:
    """The address of the newest release, and the page's ETag and Last-Modified; no address
    when the page has not changed since the release in service was taken."""
    address = url or settings.source_urls.get(source.name)
    if address is None and source.url:
        return source.url, (None, None)
    page_url = address or source.page
    if address and _looks_like_file(source, address):
        return address, (None, None)
    known = in_service.page_known if in_service is not None else None
    remote, text = fetcher.page(page_url, known)
    if text is None:
        return None, (remote.etag, remote.last_modified)
    found = source.newest(catalog.links(text, source, remote.url))
    if found is None:
        raise FetchError(f"{page_url}: no link to a {source.title} file on the page (the "
                         "page has changed); download it in a browser and use --file")
    return found, (remote.etag, remote.last_modified)


def _looks_like_file(source: Source, url: str) -> bool:
    return urlsplit(url).path.lower().endswith(f".{source.kind}")


def _same(in_service: Release | None, address: str) -> bool:
    return in_service is not None and in_service.url == address


def _check_file(source: Source, path: Path, name: str) -> None:
    """The checks before anything is replaced: a CSV's first line is the expected header
    (a 200 reply with a web page fails here), a zip opens and lists its members."""
    if source.kind == "csv":
        with path.open("rb") as f:
            first = f.readline(4096).decode("utf-8-sig", errors="replace")
        check_header(first, name)
    else:
        with zipfile.ZipFile(path) as z:
            if not z.namelist():
                raise zipfile.BadZipFile(f"{name}: the zip is empty")


def _keep(settings: Settings, source: Source, path: Path, name: str, sha: str, *,
          moved: bool) -> Path:
    """The release file kept beside the record (the download moved, a given file copied)."""
    folder = settings.downloads_dir / source.name
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{sha[:12]}-{name}"
    if moved:
        os.replace(path, target)
    elif Path(path).resolve() != target.resolve():
        shutil.copyfile(path, target)
    return target


def _prune(settings: Settings, source: Source, kept: Path) -> None:
    """Only the release in service is kept on disk (a 4.5 GB zip a month adds up)."""
    for old in (settings.downloads_dir / source.name).glob("*"):
        if old != kept and not old.name.startswith("."):
            old.unlink(missing_ok=True)


def _seen_at(records: Records, release: Release, address: str, remote, page) -> None:
    """The release in service, found again at `address`: remember where and how it was
    served, so the next check asks only whether it changed."""
    where = {"url": address, "page_etag": page[0], "page_last_modified": page[1]}
    if remote.status != 304:  # a 304 carries no new validators of its own
        where.update(etag=remote.etag, last_modified=remote.last_modified)
    records.located(release.id, **where)


def _done(records: Records, outcome: Outcome) -> Outcome:
    records.checked(outcome.source, outcome.status, outcome.message)
    log.info("update %s", outcome.line)
    return outcome


def status(settings: Settings) -> list[dict]:
    """Each source: fetched or entered by hand, the release in service, the last check and
    the last failure; for /data status, /datasets and `update --check`."""
    return status_of(Records(settings.sources_db_path), settings.data_dir)


def status_of(records: Records, data_dir: Path | None = None) -> list[dict]:
    """`status` from the record itself (and data/, for when each hand-kept file changed)."""
    out = []
    for name, source in SOURCES.items():
        release = records.in_service(name)
        check = records.last_check(name)
        failure = records.last_failure(name)
        out.append({
            "source": name, "title": source.title, "how": "fetched", "rhythm": source.rhythm,
            "datasets": list(source.datasets),
            "in_service": None if release is None else {
                "file": Path(release.file).name.split("-", 1)[-1], "url": release.url,
                "taken_at":
                release.taken_at, "covers": release.covers, "sha256": release.sha256[:12]},
            "last_check": None if check is None else {"at": check.checked_at,
                                                      "outcome": check.outcome,
                                                      "detail": check.detail},
            "last_failure": None if failure is None else {"at": failure.checked_at,
                                                          "detail": failure.detail},
            "backfills": len(records.backfills(name)),
        })
    for name, how in catalog.MANUAL.items():
        changed = None
        if data_dir is not None and (data_dir / f"{name}.csv").exists():
            stamp = (data_dir / f"{name}.csv").stat().st_mtime
            changed = datetime.fromtimestamp(stamp, timezone.utc).isoformat(timespec="seconds")
        out.append({"source": name, "title": name, "how": "entered by hand", "rhythm": how,
                    "datasets": [name], "in_service": None, "last_check": None,
                    "last_failure": None, "changed_at": changed})
    return out


def status_lines(rows: list[dict]) -> list[str]:
    """Each source in a line or two: how it is updated, the release in service, the last
    check and any failure."""
    out = []
    for r in rows:
        if r["how"] != "fetched":
            when = f"; file last changed {r['changed_at'][:16]}" if r.get("changed_at") else ""
            out.append(f"{r['source']}: entered by hand ({r['rhythm']}{when})")
            continue
        s = r["in_service"]
        out.append(f"{r['source']}: fetched, {r['rhythm']}; in service: "
                   + (f"{s['file']} ({s['covers']}), taken {s['taken_at']}" if s else
                      "no release fetched yet"))
        if r.get("backfills") == 0 and SOURCES[r["source"]].page is not None:
            out.append(f"  older releases: none taken; python -m bot update {r['source']} "
                       "--backfill takes those the page links to, once, oldest first")
        elif r.get("backfills"):
            out.append(f"  older releases: {r['backfills']} taken to fill the history")
        if r["last_check"]:
            c = r["last_check"]
            out.append(f"  last checked {c['at']}: {c['outcome']}")
        if r["last_failure"]:
            f = r["last_failure"]
            out.append(f"  last failure {f['at']}: {f['detail']}")
    return out
