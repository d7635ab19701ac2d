"""Read the case-level store back: the dataset for a set of filters, rankings, names.

The store is one SQLite file replaced whole by each ingest; a snapshot is read
again only when the file changes, so a running bot picks up a new release.
Every query is a sum over pre-aggregated rows on an index.
"""

from __future__ import annotations

import dataclasses
import os
import sqlite3
import threading
import unicodedata
from collections import OrderedDict
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from bot.eoir.codes import OUTCOMES
from bot.eoir.tables import DATASET, rollup_name
from bot.store.metadata import DatasetMeta, parse_metadata
from bot.store.reader import Dataset, Snapshot, YearRow
from bot.store.readonly import ThreadConnections

CUSTODY_NAMES = {"detained": "Detained", "released": "Released",
                 "never_detained": "Never detained"}
DATASETS_KEPT = 512  # filtered datasets kept in memory, each a few dozen rows
NOT_INGESTED = ("No EOIR case-level release has been ingested, so there are no breakdowns by "
                "court, judge, nationality, representation or custody yet. Download the "
                "release (EOIR Case Data, from EOIR's FOIA library) and run "
                "`python -m bot eoir ingest PATH`; docs/data.md shows each step.")


@dataclass(frozen=True)
class Filters:
    """Which cases: a court code, a nationality code, represented or not, a custody status,
    an affirmative or defensive claim."""

    court: str | None = None
    nat: str | None = None
    represented: bool | None = None
    custody: str | None = None
    claim: str | None = None

    @property
    def dims(self) -> set[str]:
        """The filter columns this set of filters uses."""
        return {d for d, v in (("court", self.court), ("nat", self.nat),
                               ("represented", self.represented), ("custody", self.custody),
                               ("claim", self.claim))
                if v is not None}

    def where(self) -> tuple[str, list]:
        clauses, args = [], []
        for column, value in (("court", self.court), ("nat", self.nat),
                              ("custody", self.custody), ("claim", self.claim)):
            if value is not None:
                clauses.append(f"{column} = ?")
                args.append(value)
        if self.represented is not None:
            clauses.append("represented = ?")
            args.append(int(self.represented))
        return (" where " + " and ".join(clauses)) if clauses else "", args

    @property
    def any(self) -> bool:
        return bool(self.dims)


@dataclass(frozen=True)
class Group:
    """One row of a ranking: a court, nationality, judge or representation status."""

    key: str
    name: str
    granted: int
    denied: int
    completed: int

    @property
    def decisions(self) -> int:
        return self.granted + self.denied

    @property
    def rate(self) -> Fraction | None:
        """Grants over grants and denials, exact."""
        return Fraction(self.granted, self.decisions) if self.decisions else None


@dataclass(frozen=True)
class CaseSnapshot:
    """One ingested release: what it is, its names, and a way to query it."""

    path: Path
    info: dict[str, str]
    meta: DatasetMeta
    courts: dict[str, str]  # code -> "Houston, TX (HOU)"
    nations: dict[str, str]  # code -> "Venezuela"
    judges: dict[str, str]  # code -> "Peña, María"

    @property
    def version(self) -> str:
        return self.info["version"]

    @property
    def synthetic(self) -> bool:
        """A release made for tests and benchmarks: every title says so."""
        return bool(self.info.get("synthetic"))

    def as_snapshot(self, ds: Dataset) -> Snapshot:
        """The store snapshot shape the answer functions take."""
        return Snapshot(self.version, self.info.get("ingested_at", ""), {ds.meta.name: ds}, ())

    def names(self, kind: str) -> dict[str, str]:
        """Code -> name of the courts ("court") or the nationalities ("nationality")."""
        return self.courts if kind == "court" else self.nations

    def find(self, kind: str, typed: str) -> list[str]:
        """Codes of the courts or nationalities whose code is `typed`, or whose name contains
        it, ignoring case and accents: 'venez' finds Venezuela, 'houston' both Houston courts."""
        names = self.names(kind)
        key = fold(typed)
        exact = [code for code in names if fold(code) == key]
        if exact:
            return exact
        return [code for code, name in names.items() if key in fold(name)]

    def filter_label(self, f: Filters) -> str:
        """'Houston, TX (HOU); Venezuela; represented; detained'."""
        parts = []
        if f.court:
            parts.append(self.courts.get(f.court, f.court))
        if f.nat:
            parts.append(f"nationals of {self.nations.get(f.nat, f.nat)}")
        if f.represented is not None:
            parts.append("with a lawyer" if f.represented else "without a lawyer")
        if f.custody:
            parts.append(CUSTODY_NAMES.get(f.custody, f.custody).lower())
        if f.claim:
            parts.append(f"{f.claim} claims")
        return "; ".join(parts)


class CaseStore:
    """Read access to the case-level store; thread-safe, one connection per thread."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        self._snapshot: CaseSnapshot | None = None
        self._stamp: tuple | None = None
        self._connections = ThreadConnections()
        self._datasets: OrderedDict[tuple[str, Filters], Dataset] = OrderedDict()

    def snapshot(self) -> CaseSnapshot | None:
        """The release in service, or None if none has been ingested."""
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            return None
        stamp = (st.st_ino, st.st_mtime_ns, st.st_size)
        with self._lock:
            if self._stamp == stamp and self._snapshot is not None:
                return self._snapshot
        snap = _read(self.path)
        with self._lock:
            self._snapshot, self._stamp = snap, stamp
        return snap

    def _conn(self, snap: CaseSnapshot) -> sqlite3.Connection:
        return self._connections.get(snap.version, snap.path)

    def dataset(self, snap: CaseSnapshot, f: Filters) -> Dataset:
        """The dataset restricted to the filters: one row per fiscal year, every outcome."""
        key = (snap.version, f)
        with self._lock:
            if key in self._datasets:
                self._datasets.move_to_end(key)
                return self._datasets[key]
        ds = self._dataset(snap, f)
        with self._lock:
            self._datasets[key] = ds
            while len(self._datasets) > DATASETS_KEPT:
                self._datasets.popitem(last=False)
        return ds

    def _dataset(self, snap: CaseSnapshot, f: Filters) -> Dataset:
        where, args = f.where()
        sql = (f"select fiscal_year, outcome, asylum_decision, absentia, sum(cases) "
               f"from {rollup_name(f.dims)}{where} group by 1, 2, 3, 4")
        years: dict[int, dict[str, int]] = {}
        for year, outcome, decision, absentia, n in self._conn(snap).execute(sql, args):
            v = years.setdefault(year, dict.fromkeys(
                [*OUTCOMES, "removal_in_absentia", "asylum_denied"], 0))
            v[outcome] += n
            if absentia:
                v["removal_in_absentia"] += n
            if decision == "denied":
                v["asylum_denied"] += n
        periods = snap.meta.periods
        partial = next((p for p in periods.values() if p.partial), None)
        last = int(snap.info["data_through"][:4]) + (int(snap.info["data_through"][5:7]) >= 10)
        rows = tuple(YearRow(y, partial if partial and y == last else periods["full"],
                             years[y]) for y in sorted(years))
        meta = snap.meta
        label = snap.filter_label(f)
        if label:
            meta = dataclasses.replace(meta, title=f"{meta.title.split(' (')[0]}: {label}")
        # The filters are in the title; "(EOIR case data)" is in every source line.
        return Dataset(meta, rows, version=snap.version)

    def first_months(self, snap: CaseSnapshot, year: int, months: int) -> dict[str, int] | None:
        """Nationwide counts of fiscal year `year`'s first `months` months (October on), by
        outcome, with the asylum denials; None for a store ingested before months were kept."""
        conn = self._conn(snap)
        if not conn.execute("select 1 from sqlite_master where name = 'month_facts'").fetchone():
            return None
        values = dict.fromkeys([*OUTCOMES, "asylum_denied"], 0)
        sql = ("select outcome, asylum_decision, sum(cases) from month_facts where "
               "fiscal_year = ? and (month + 2) % 12 + 1 <= ? group by 1, 2")
        for outcome, decision, n in conn.execute(sql, (year, months)):
            values[outcome] += n
            if decision == "denied":
                values["asylum_denied"] += n
        return values

    def ranking(self, snap: CaseSnapshot, by: str, year: int, f: Filters) -> list[Group]:
        """Grants, denials and completions per court, nationality, judge or representation."""
        table = "judge_facts" if by == "judge" else rollup_name(f.dims | {by})
        where, args = f.where()
        where = (where + " and" if where else " where") + " fiscal_year = ?"
        sql = (f"select {by}, sum(case when asylum_decision = 'granted' then cases end), "
               f"sum(case when asylum_decision = 'denied' then cases end), sum(cases) "
               f"from {table}{where} group by 1")
        names = {"court": snap.courts, "nat": snap.nations, "judge": snap.judges}.get(by, {})
        out = []
        for key, granted, denied, completed in self._conn(snap).execute(sql, [*args, year]):
            key = str(key)
            name = names.get(key) or _unnamed(by, key)
            out.append(Group(key, name, granted or 0, denied or 0, completed or 0))
        return out


def _unnamed(by: str, key: str) -> str:
    if by == "represented":
        return "With a lawyer" if key == "1" else "Without a lawyer"
    return f"{key or 'not recorded'} (not in the lookup)"



def _read(path: Path) -> CaseSnapshot:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        info = dict(conn.execute("select key, value from release").fetchall())
        meta = parse_metadata(f"{DATASET}.metadata.json", info["metadata"].encode())
        courts = {code: court_label(code, city, state) for code, city, state in
                  conn.execute("select code, city, state from courts")}
        nations = {code: name_case(name) for code, name in
                   conn.execute("select code, name from nationalities")}
        judges = {code: name_case(name) for code, name in
                  conn.execute("select code, name from judges")}
    finally:
        conn.close()
    return CaseSnapshot(Path(path), info, meta, courts, nations, judges)


def fold(text: str) -> str:
    """Lower case without accents or underscores: 'Côte_d'Ivoire' -> "cote d'ivoire"."""
    decomposed = unicodedata.normalize("NFKD", text.replace("_", " "))
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).lower().split())


def court_label(code: str, city: str, state: str) -> str:
    """'Houston, TX (HOU)': the code tells apart two courts in one city."""
    return f"{name_case(city)}, {state} ({code})"


def name_case(text: str) -> str:
    """EOIR writes names in capitals; 'CÔTE D'IVOIRE' reads 'Côte d'Ivoire'."""
    if text != text.upper():
        return text
    words = []
    for word in text.split(" "):
        w = word.capitalize()
        if "'" in w:
            head, _, tail = w.partition("'")
            w = f"{head}'{tail.capitalize()}"
        words.append(w)
    out = " ".join(words)
    for small in (" Of ", " And ", " The ", " D'", " De "):
        out = out.replace(small, small.lower())
    return "-".join(p[:1].upper() + p[1:] for p in out.split("-"))

