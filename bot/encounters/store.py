"""The CBP release in service, by every breakdown, in a SQLite file of its own.

`write` builds the file under a temporary name and moves it into place in one step,
so a reader sees the old release or the new one, never half of one.
`EncounterStore` answers from it: a month-by-month dataset for any filters (a
citizenship, a demographic, a component, a sector or field office, a region), and
rankings by citizenship, demographic, sector or component. It reopens the file when
a new release replaces it.
"""

from __future__ import annotations

import dataclasses
import json
import os
import sqlite3
import threading
import unicodedata
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

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


def write(release: Encounters, path: Path, info: dict[str, str]) -> None:
    """The release into a new file, moved over the old one when complete."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".building")
    tmp.unlink(missing_ok=True)
    conn = sqlite3.connect(tmp)
    try:
        conn.execute("pragma journal_mode = off")
        conn.execute("create table release (key text primary key, value text)")
        info = {**info, "months": json.dumps(release.months), "covers": release.covers}
        conn.executemany("insert into release values (?, ?)", info.items())
        release.frame.to_sql("encounters", conn, index=False)
        conn.execute("create index encounters_when on encounters (region, fiscal_year, month)")
        conn.execute("create index encounters_citizenship on encounters (citizenship)")
        conn.commit()
    finally:
        conn.close()
    os.replace(tmp, path)


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
