"""CBP's encounters by every breakdown, in a SQLite file of its own: every month from the
newest release that has it.

`write` merges a release into the months held: the months it covers are taken from it
where it is newer than the release they came from, and months it no longer covers stay
from the release that last had them (CBP's current file drops old years; they did not
stop being true). The file is built under a temporary name and moved into place in one
step, so a reader sees the old history or the new one, never half of one.
`EncounterStore` answers from it: a month-by-month dataset for any filters (a
citizenship, a demographic, a component, a sector or field office, a region), and
rankings by citizenship, demographic, sector or component. It reopens the file when
a new release replaces it.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import shutil
import sqlite3
import threading
import unicodedata
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from bot.encounters.read import Encounters
from bot.store import months
from bot.store.reader import Dataset, MonthRow, from_months
from bot.store.readonly import ThreadConnections, file_stamp

REGIONS = {"southwest": ("southwest",), "northern": ("northern",), "other": ("other",),
           "nationwide": ("southwest", "northern", "other")}
REGION_WORDS = {"southwest": "southwest", "sw": "southwest", "northern": "northern",
                "north": "northern", "coastal": "other", "other": "other",
                "nationwide": "nationwide", "all": "nationwide"}
REGION_LABELS = {"southwest": "southwest land border", "northern": "northern land border",
                 "other": "coastal and other ports (CBP's 'Other' region)",
                 "nationwide": "nationwide"}
DEMOGRAPHIC_WORDS = {"single_adults": "single_adults", "single": "single_adults",
                     "adults": "single_adults", "families": "families", "family": "families",
                     "fmua": "families", "unaccompanied_children": "unaccompanied_children",
                     "unaccompanied": "unaccompanied_children", "uac": "unaccompanied_children",
                     "children": "unaccompanied_children", "accompanied_minors":
                     "accompanied_minors", "accompanied": "accompanied_minors"}
DEMOGRAPHIC_LABELS = {"single_adults": "single adults", "families": "family units",
                      "unaccompanied_children": "unaccompanied children",
                      "accompanied_minors": "accompanied minors"}
COMPONENT_WORDS = {"border_patrol": "border_patrol", "usbp": "border_patrol",
                   "border": "border_patrol", "ports": "ports", "ofo": "ports",
                   "ports_of_entry": "ports", "port": "ports"}
COMPONENT_LABELS = {"border_patrol": "Border Patrol alone", "ports": "ports of entry alone"}
MEASURE_OF = {"border_patrol": "border_patrol", "ports": "ports_of_entry"}
BY = {"nationality": "citizenship", "citizenship": "citizenship",
      "demographic": "demographic", "sector": "aor", "aor": "aor", "component": "component"}
KEPT = 64  # datasets and rankings kept in memory, by release and question
NATIONWIDE_PAGE = "https://www.cbp.gov/document/stats/nationwide-encounters"


@dataclass(frozen=True)
class Filters:
    """Which encounters: a region (southwest by default), and any of a component, a
    demographic, a citizenship, a sector or field office."""

    region: str = "southwest"
    component: str | None = None
    demographic: str | None = None
    citizenship: str | None = None
    aor: str | None = None

    def where(self) -> tuple[str, list]:
        regions = REGIONS[self.region]
        clauses = [f"region in ({', '.join('?' * len(regions))})"]
        args: list = list(regions)
        for column in ("component", "demographic", "citizenship", "aor"):
            value = getattr(self, column)
            if value is not None:
                clauses.append(f"{column} = ?")
                args.append(value)
        return " where " + " and ".join(clauses), args


@dataclass(frozen=True)
class Snapshot:
    """One release in service: what it is, and the names it holds."""

    path: Path
    info: dict[str, str]
    citizenships: tuple[str, ...]
    sectors: tuple[str, ...]  # sectors and field offices, by name

    @property
    def version(self) -> str:
        return self.info["version"]

    def label(self, f: Filters) -> str:
        """'southwest land border; nationals of VENEZUELA; Border Patrol alone'."""
        parts = [REGION_LABELS[f.region]]
        if f.citizenship:
            parts.append(f"citizens of {citizenship_name(f.citizenship)}")
        if f.demographic:
            parts.append(DEMOGRAPHIC_LABELS[f.demographic])
        if f.aor:
            parts.append(f.aor)
        return "; ".join(parts)  # the component is in the title: "Border Patrol encounters"


@dataclass(frozen=True)
class Merged:
    """What merging a release did to the months held."""

    taken: tuple[tuple[int, int], ...]  # months whose figures now come from this release
    older: tuple[tuple[int, int], ...]  # months it covers where a newer release stays
    kept: dict[str, tuple[tuple[int, int], ...]]  # release -> months it alone still has


def write(release: Encounters, path: Path, info: dict[str, str],
          previous: Path | None = None) -> Merged:
    """The release merged into the months of `previous` (if any), into a new file moved
    over `path` when complete. A release is newer than another when its latest month
    is later (then when it was taken later); a release taken out of order fills only
    the months no newer release has."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".building")
    tmp.unlink(missing_ok=True)
    if previous is not None and Path(previous).exists():
        shutil.copyfile(previous, tmp)
    conn = sqlite3.connect(tmp)
    try:
        conn.execute("pragma journal_mode = off")
        _prepare(conn)
        rank = (*_key(release.latest), info.get("taken_at", ""))
        held = {(y, m): (r, (ly, lp, t)) for y, m, r, ly, lp, t in conn.execute(
            "select fiscal_year, month, release, latest_year, latest_position, taken_at "
            "from months")}
        # an equally new release taken later (a revision of the same months) wins
        taken = tuple(ym for ym in release.months if ym not in held or held[ym][1] <= rank)
        older = tuple(ym for ym in release.months if ym not in taken)
        if held:
            conn.executemany("delete from encounters where fiscal_year = ? and month = ?",
                             taken)
        wanted = set(taken)
        rows = release.frame[[ym in wanted for ym in zip(release.frame["fiscal_year"],
                                                         release.frame["month"],
                                                         strict=True)]]
        rows.assign(release=release.name).to_sql("encounters", conn, index=False,
                                                 if_exists="append")
        conn.execute("create index if not exists encounters_when on encounters "
                     "(region, fiscal_year, month)")
        conn.execute("create index if not exists encounters_citizenship on encounters "
                     "(citizenship)")
        conn.executemany("insert or replace into months values (?, ?, ?, ?, ?, ?)",
                         [(y, m, release.name, *rank) for y, m in taken])
        conn.execute("insert or replace into releases values (?, ?, ?, ?, ?, ?)",
                     (release.name, info.get("sha256", ""), info.get("taken_at", ""),
                      info.get("as_of", ""), release.covers, json.dumps(release.months)))
        everything = _months(conn)
        newest = conn.execute("select release from months order by latest_year desc, "
                              "latest_position desc, taken_at desc limit 1").fetchone()[0]
        info = {**info, "file": newest, "months": json.dumps(everything),
                "covers": f"{months.label(*everything[0])} to {months.label(*everything[-1])}",
                "releases": json.dumps(_sources(conn)),
                # the history's version: every release in it, so a backfill is a change too
                "version": _version(conn)}
        if newest != release.name:  # an older release filled a gap: the newest still names
            info["as_of"] = dict(conn.execute("select key, value from release")).get(
                "as_of", info.get("as_of", ""))
        conn.execute("delete from release")
        conn.executemany("insert into release values (?, ?)", info.items())
        covered = set(release.months)
        source = {(y, m): r for y, m, r in conn.execute(
            "select fiscal_year, month, release from months")}
        kept: dict[str, list] = {}
        for ym in everything:
            if ym not in covered:
                kept.setdefault(source[ym], []).append(ym)
        conn.commit()
    finally:
        conn.close()
    os.replace(tmp, path)
    return Merged(taken, older, {k: tuple(v) for k, v in kept.items()})


def _key(ym: tuple[int, int]) -> tuple[int, int]:
    return ym[0], months.position(ym[1])


def _prepare(conn: sqlite3.Connection) -> None:
    """The tables of a history; a file from before histories becomes one of one release."""
    tables = {r[0] for r in conn.execute("select name from sqlite_master where type='table'")}
    if "release" not in tables:
        conn.execute("create table release (key text primary key, value text)")
    if "months" in tables:
        return
    conn.execute("create table months (fiscal_year integer, month integer, release text, "
                 "latest_year integer, latest_position integer, taken_at text, "
                 "primary key (fiscal_year, month))")
    conn.execute("create table releases (name text primary key, sha256 text, taken_at text, "
                 "as_of text, covers text, months text)")
    if "encounters" not in tables:
        return
    info = dict(conn.execute("select key, value from release"))
    held = [tuple(x) for x in json.loads(info.get("months", "[]"))]
    name = info.get("file", "release in service")
    conn.execute("alter table encounters add column release text")
    conn.execute("update encounters set release = ?", (name,))
    if held:
        latest = _key(held[-1])
        conn.executemany("insert into months values (?, ?, ?, ?, ?, ?)",
                         [(y, m, name, *latest, info.get("taken_at", "")) for y, m in held])
        conn.execute("insert into releases values (?, ?, ?, ?, ?, ?)",
                     (name, info.get("sha256", ""), info.get("taken_at", ""),
                      info.get("as_of", ""), info.get("covers", ""), json.dumps(held)))


def _months(conn: sqlite3.Connection) -> list[tuple[int, int]]:
    found = [(y, m) for y, m in conn.execute("select fiscal_year, month from months")]
    return sorted(found, key=_key)


def _sources(conn: sqlite3.Connection) -> list[dict]:
    """Each release the months come from, newest first: its name and the months it gives."""
    out = []
    for (name,) in conn.execute("select distinct release from months").fetchall():
        have = sorted(((y, m) for y, m in conn.execute(
            "select fiscal_year, month from months where release = ?", (name,))), key=_key)
        out.append({"release": name, "first": list(have[0]), "last": list(have[-1]),
                    "months": len(have)})
    return sorted(out, key=lambda r: _key(tuple(r["last"])), reverse=True)


def _version(conn: sqlite3.Connection) -> str:
    shas = sorted(r[0] or r[1] for r in conn.execute("select sha256, name from releases"))
    return hashlib.sha256("\n".join(shas).encode()).hexdigest()[:16]


def moved_most(path: Path, by: str) -> tuple[str, int, int] | None:
    """The group whose southwest encounters changed most from the month before to the
    newest month held: (name, before, after)."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        held = _months(conn)
        if len(held) < 2:
            return None
        (y0, m0), (y1, m1) = held[-2], held[-1]
        column = BY[by]
        rows = conn.execute(
            f"select {column}, sum(case when fiscal_year = ? and month = ? then count end), "
            f"sum(case when fiscal_year = ? and month = ? then count end) from encounters "
            f"where region = 'southwest' group by 1", (y0, m0, y1, m1)).fetchall()
    finally:
        conn.close()
    found = [(name, before or 0, after or 0) for name, before, after in rows]
    return max(found, key=lambda r: (abs(r[2] - r[1]), r[0]), default=None)


def release_info(path: Path) -> dict[str, str]:
    """The history's description: the newest release, the months, each release's share."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return dict(conn.execute("select key, value from release"))
    finally:
        conn.close()


def southwest(path: Path) -> tuple[pd.DataFrame, list[tuple[int, int]]]:
    """The southwest border's counts by month, component and title, and every month held."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        frame = pd.read_sql_query(
            "select fiscal_year, month, component, title, sum(count) as count "
            "from encounters where region = 'southwest' group by 1, 2, 3, 4", conn)
        held = _months(conn)
    finally:
        conn.close()
    return frame, held


def citizenship_name(code: str) -> str:
    """CBP's upper-case citizenship as a sentence writes it: 'China, Peoples Republic of'."""
    if code == "OTHER":
        return "other countries (CBP's OTHER)"
    words = code.title().split()
    return " ".join(w.lower() if w in ("Of", "And", "The") and i else w
                    for i, w in enumerate(words))


def fold(text: str) -> str:
    """For matching names: no case, no accents, no punctuation."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join("".join(c if c.isalnum() else " " for c in plain.lower()).split())


class EncounterStore:
    """Reads the release in service; thread-safe; picks up a new file without a restart."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        self._snap: tuple[tuple, Snapshot] | None = None
        self._kept: OrderedDict = OrderedDict()
        self._connections = ThreadConnections()

    def snapshot(self) -> Snapshot | None:
        stamp = file_stamp(self.path)
        if stamp is None:
            return None
        with self._lock:
            if self._snap is not None and self._snap[0] == stamp:
                return self._snap[1]
        conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True)
        try:
            info = dict(conn.execute("select key, value from release"))
            cits = tuple(r[0] for r in conn.execute(
                "select citizenship from encounters group by 1 order by sum(count) desc"))
            sectors = tuple(r[0] for r in conn.execute(
                "select distinct aor from encounters order by 1"))
        finally:
            conn.close()
        snap = Snapshot(self.path, info, cits, sectors)
        with self._lock:
            self._snap = (stamp, snap)
        return snap

    def _conn(self, snap: Snapshot) -> sqlite3.Connection:
        return self._connections.get(snap.version, snap.path)

    def _remember(self, key, make):
        with self._lock:
            if key in self._kept:
                self._kept.move_to_end(key)
                return self._kept[key]
        value = make()
        with self._lock:
            self._kept[key] = value
            while len(self._kept) > KEPT:
                self._kept.popitem(last=False)
        return value

    def dataset(self, snap: Snapshot, base: Dataset, f: Filters) -> Dataset:
        """The month-by-month series for the filters, in the shape of `base` (CBP's
        southwest series): Border Patrol, ports of entry, and of those Title 42."""
        return self._remember(("ds", snap.version, f), lambda: self._dataset(snap, base, f))

    def _dataset(self, snap: Snapshot, base: Dataset, f: Filters) -> Dataset:
        where, args = f.where()
        sql = (f"select fiscal_year, month, component, title, sum(count) from encounters"
               f"{where} group by 1, 2, 3, 4")
        values: dict[tuple[int, int], dict[str, int]] = {
            (y, m): {"border_patrol": 0, "ports_of_entry": 0, "title42": 0}
            for y, m in json.loads(snap.info["months"])}
        for y, m, component, title, n in self._conn(snap).execute(sql, args):
            v = values[(y, m)]
            v[MEASURE_OF[component]] += n
            if title == "title42":
                v["title42"] += n
        keep = [m for m in base.meta.measures
                if f.component is None or m.name in (MEASURE_OF[f.component], "title42")]
        found = [MonthRow(y, m, {k.name: v[k.name] for k in keep}) for (y, m), v in
                 values.items()]
        found.sort(key=lambda r: (r.year, months.position(r.month)))
        # Border Patrol alone is a series of its own, not the southwest total: say which.
        which = {"border_patrol": "Border Patrol encounters",
                 "ports": "Encounters at ports of entry"}.get(f.component, "Encounters")
        where = {"southwest": "southwest border ", "nationwide": ""}.get(f.region,
                                                                        f"{f.region} ")
        subject = {"border_patrol": f"Border Patrol {where}encounters",
                   "ports": f"{where}port-of-entry encounters"}.get(f.component,
                                                                     f"{where}encounters")
        meta = dataclasses.replace(
            base.meta, title=f"{which} (CBP): {snap.label(f)}", measures=tuple(keep),
            total_column=None, daily_average_column=None, as_of=snap.info["as_of"],
            subject=subject, part_noun="agency",
            source="US Customs and Border Protection, Nationwide Encounters by area of "
                   "responsibility", source_url=NATIONWIDE_PAGE)
        return dataclasses.replace(from_months(meta, found), version=snap.version)

    def ranking(self, snap: Snapshot, by: str, year: int, month: int | None,
                f: Filters) -> list[tuple[str, int]]:
        """(name, encounters) of every group, largest first, in a fiscal year or a month."""
        key = ("rank", snap.version, by, year, month, f)
        return self._remember(key, lambda: self._ranking(snap, by, year, month, f))

    def _ranking(self, snap, by, year, month, f) -> list[tuple[str, int]]:
        where, args = f.where()
        where += " and fiscal_year = ?" + (" and month = ?" if month else "")
        args += [year] + ([month] if month else [])
        sql = (f"select {BY[by]}, sum(count) from encounters{where} group by 1 "
               "order by 2 desc, 1")
        return [(str(k), int(n)) for k, n in self._conn(snap).execute(sql, args)]

    def find_citizenship(self, snap: Snapshot, typed: str) -> list[str]:
        return _find(snap.citizenships, typed)

    def find_sector(self, snap: Snapshot, typed: str) -> list[str]:
        return _find(list(snap.sectors), typed)


def _find(names: list[str], typed: str) -> list[str]:
    """The one name equal to what was typed, else those with a word starting with it:
    'el' finds El Centro and El Paso, not Field Office; 'rio' finds Del Rio and Rio Grande."""
    key = fold(typed)
    exact = [n for n in names if fold(n) == key]
    return exact or [n for n in names if f" {key}" in f" {fold(n)}"]
