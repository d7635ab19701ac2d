"""The one entry point front ends use: a question in, an Answer (and its chart) out.

Everything here is blocking (SQLite, matplotlib); async front ends call it
from a worker thread.
"""

from __future__ import annotations

import dataclasses
import threading
from collections import OrderedDict
from collections.abc import Callable
from datetime import date

from bot.answers import breakdowns, encounter_ranking, followups, latest, lead, periods
from bot.answers.about import about, datasets, help_answer, with_sources
from bot.answers.backlog import backlog, every_release
from bot.answers.claims import check_answer
from bot.answers.compare import compare
from bot.answers.digest import digest
from bot.answers.encounters import encounters, find_month
from bot.answers.errors import NotIngested, UnknownDataset, UnknownYear, UsageError
from bot.answers.model import Answer, ChartSpec
from bot.answers.outcomes import outcomes
from bot.answers.questions import CASE_COMMANDS, COMMAND_DATASETS, Question, check, parse
from bot.answers.revisions import revisions_answer
from bot.answers.sources import sources
from bot.answers.totals import totals
from bot.answers.trend import trend
from bot.charts.store import ChartStore
from bot.charts.workers import draw_here
from bot.encounters.store import (
    COMPONENT_WORDS,
    DEMOGRAPHIC_WORDS,
    REGION_WORDS,
    EncounterStore,
    citizenship_name,
)
from bot.encounters.store import Filters as EncounterFilters
from bot.encounters.store import Snapshot as EncounterSnapshot
from bot.eoir.cases import NOT_INGESTED, CaseSnapshot, CaseStore, Filters
from bot.eoir.tables import DATASET as CASE_DATASET
from bot.sources.records import Records
from bot.sources.update import status_of
from bot.store import months
from bot.store.reader import Dataset, Reader, Snapshot

HANDLERS: dict[str, Callable[[Snapshot, Dataset, Question], Answer]] = {
    "outcomes": outcomes,
    "compare": compare,
    "trend": trend,
    "totals": totals,
    "digest": digest,
    "encounters": encounters,
    "backlog": backlog,
    "sources": sources,
    "grants": lambda snap, ds, q: (outcomes if q.years else trend)(snap, ds, q),
    "datasets": datasets,
    "changes": revisions_answer,
    "about": about,
    "help": help_answer,
    "check": check_answer,
}


# Commands that describe any dataset, whatever its kind.
ABOUT_ANY = ("about", "datasets", "help", "changes", "sources", "check")
# Fewer completed cases than this in a year of a breakdown earns a warning on the answer.
SMALL_GROUP = 100


class ChartCache:
    """PNG bytes by (data version, question), least recently used dropped first."""

    def __init__(self, max_items: int) -> None:
        self.max_items = max_items
        self._items: OrderedDict[tuple[str, Question], bytes] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, key: tuple[str, Question]) -> bytes | None:
        with self._lock:
            png = self._items.get(key)
            if png is None:
                self.misses += 1
                return None
            self._items.move_to_end(key)
            self.hits += 1
            return png

    def peek(self, key: tuple[str, Question]) -> bytes | None:
        """A cached chart, without counting a hit or a miss."""
        with self._lock:
            return self._items.get(key)

    def put(self, key: tuple[str, Question], png: bytes) -> None:
        with self._lock:
            self._items[key] = png
            self._items.move_to_end(key)
            while len(self._items) > self.max_items:
                self._items.popitem(last=False)

    def __len__(self) -> int:
        return len(self._items)


class Answers:
    """Answers questions from the store; thread-safe."""

    def __init__(self, reader: Reader, default_dataset: str = "trac_asylum_outcomes",
                 chart_cache_size: int = 128,
                 renderer: Callable[[ChartSpec], bytes] = draw_here,
                 cases: CaseStore | None = None, store: ChartStore | None = None,
                 encounters: EncounterStore | None = None,
                 releases: Records | None = None) -> None:
        self.reader = reader
        self.releases = releases  # the sources' releases the bot fetched, for /datasets
        self.cases = cases
        self.encounters = encounters
        self.store = store
        self.renderer = renderer
        self.default_dataset = default_dataset
        self.charts = ChartCache(chart_cache_size)
        self._rendering: dict[tuple[str, Question], threading.Lock] = {}
        self._rendering_lock = threading.Lock()

    def ask(self, question: Question | str) -> Answer:
        """Answer a Question or command text; raises UserError for fixable mistakes."""
        q = parse(question) if isinstance(question, str) else check(question)
        if self._from_file(q):
            return self._from_encounters(q)
        if q.command in CASE_COMMANDS or q.breakdown or q.dataset == CASE_DATASET:
            return self._from_cases(q)
        snap = self.reader.snapshot()
        if q.command in ("datasets", "sources", "changes"):
            snap = self._with_cases(snap)
        name = q.dataset or COMMAND_DATASETS.get(q.command)
        ds = self.dataset(snap, name, q.release)
        trac_last = None
        if q.command in latest.COMMANDS and q.dataset is None and ds.meta.name == \
                self.default_dataset and latest.later_years(ds, q.years, q.command):
            trac_last = ds.years[-1]
            ds = self._continued(ds, q)
        if ds.reported and q.command not in ABOUT_ANY:
            raise UsageError(f"{ds.meta.name} holds single figures others published, not a "
                             "series by year: /sources and /backlog show them beside the "
                             "agencies' own figures; /about describes it.")
        answer = HANDLERS[q.command](snap, ds, q)
        if trac_last is not None and ds.years[-1] > trac_last:
            answer = latest.with_chart_note(answer, trac_last)
        if q.command in ("datasets", "about") and self.releases is not None:
            answer = with_sources(answer, status_of(self.releases))
        return _with_followups(answer, ds)

    def _continued(self, trac: Dataset, q: Question) -> Dataset:
        """TRAC's table with the case-level years after its end, when ingested; a year
        after its end without them says how to get them."""
        cases = self.release()
        if cases is None:
            later = [y for y in q.years if y > trac.years[-1]]
            if later:
                raise UnknownYear(latest.not_ingested(trac, later[0], date.today()))
            return trac
        return latest.extended(trac, self.cases.dataset(cases, Filters()),
                               cases.meta.as_of)

    def _from_file(self, q: Question) -> bool:
        """Whether CBP's nationwide file answers: a breakdown or ranking of encounters, or a
        region in a given month or year once a release of the file is in service."""
        encounters = COMMAND_DATASETS["encounters"]
        if q.command == "encounters":
            return q.encounter_filters or q.nationality is not None or (
                q.region is not None and bool(q.years) and self.encounter_release() is not None)
        return q.command == "trend" and (q.encounter_filters or (
            q.dataset == encounters and (q.nationality is not None or q.region is not None)))

    def encounter_release(self) -> EncounterSnapshot | None:
        return self.encounters.snapshot() if self.encounters is not None else None

    def _from_encounters(self, q: Question) -> Answer:
        """An answer from CBP's nationwide file: one group's encounters, or a ranking."""
        snap = self.encounter_release()
        if snap is None:
            raise NotIngested("No CBP nationwide file is in service yet, so encounters cannot "
                              "be broken down. Fetch it with `python -m bot update cbp` (or "
                              "/data update cbp).")
        f = self._encounter_filters(snap, q)
        # Names as typed become the file's own, so equal questions share one chart.
        q = dataclasses.replace(q, nationality=f.citizenship, sector=f.aor,
                                demographic=f.demographic, component=f.component,
                                region=None if f.region == "southwest" and q.region is None
                                else f.region, dataset=None if q.command == "encounters"
                                else q.dataset)
        base = self.dataset(self.reader.snapshot(), COMMAND_DATASETS["encounters"])
        ds = self.encounters.dataset(snap, base, f)
        shown = Snapshot(snap.version, snap.info.get("taken_at", ""), {ds.meta.name: ds}, ())
        if q.by is not None:
            # A month or year not in the file: the error names the ones there are.
            if q.month:
                find_month(ds, q.years[0], q.month)
            else:
                periods.row(ds, q.years[0])
            groups = self.encounters.ranking(snap, q.by, q.years[0], q.month, f)
            return _with_followups(encounter_ranking.ranking(shown, ds, q, groups), ds)
        plain = dataclasses.replace(q, region=None)
        handler = trend if q.command == "trend" else encounters
        return _with_followups(dataclasses.replace(handler(shown, ds, plain), question=q), ds)

    def _encounter_filters(self, snap: EncounterSnapshot, q: Question) -> EncounterFilters:
        def one(kind: str, typed: str | None, found: list[str], every: list[str]):
            if typed is None:
                return None
            if len(found) == 1:
                return found[0]
            if not found:
                raise UsageError(f"No {kind} matches {typed[:40]!r} in CBP's file; "
                                 f"{kind}s there: {', '.join(every[:12])}"
                                 + (" and more." if len(every) > 12 else "."))
            raise UsageError(f"{typed[:40]!r} matches {len(found)} {kind}s: "
                             f"{'; '.join(found[:8])}. Say which.")

        words = {"region": (REGION_WORDS, q.region), "demographic": (DEMOGRAPHIC_WORDS,
                 q.demographic), "component": (COMPONENT_WORDS, q.component)}
        chosen = {}
        for kind, (table, typed) in words.items():
            key = None if typed is None else "_".join(typed.lower().split())
            if key is not None and key not in table:
                names = sorted(set(table.values()))
                raise UsageError(f"{kind}= takes {', '.join(names)}, not {typed[:30]!r}.")
            chosen[kind] = None if key is None else table[key]
        return EncounterFilters(
            region=chosen["region"] or "southwest", component=chosen["component"],
            demographic=chosen["demographic"],
            citizenship=one("citizenship", q.nationality, [] if q.nationality is None else
                            self.encounters.find_citizenship(snap, q.nationality),
                            list(snap.citizenships)),
            aor=one("sector", q.sector, [] if q.sector is None else
                    self.encounters.find_sector(snap, q.sector), list(snap.sectors)))

    def release(self) -> CaseSnapshot | None:
        """The case-level release in service, if one has been ingested."""
        return self.cases.snapshot() if self.cases is not None else None

    def case_snapshot(self) -> CaseSnapshot:
        """The case-level release in service; NotIngested says how to ingest one."""
        snap = self.release()
        if snap is None:
            raise NotIngested(NOT_INGESTED)
        return snap

    def _with_cases(self, snap: Snapshot) -> Snapshot:
        """The snapshot with the case-level dataset listed beside the others, if ingested."""
        cases = self.release()
        if cases is None:
            return snap
        ds = self.cases.dataset(cases, Filters())
        return dataclasses.replace(snap, datasets={**snap.datasets, CASE_DATASET: ds})

    def _from_cases(self, q: Question) -> Answer:
        """An answer from the case-level release, for a breakdown or a ranking."""
        if q.command == "changes":
            raise UsageError("/changes follows the datasets in data/. The case-level release is "
                             "replaced whole by each ingest: compare two releases' figures with "
                             "`python -m bot eoir check` before and after.")
        snap = self.case_snapshot()
        # Names as typed become codes, so equal questions share one cached chart.
        q = dataclasses.replace(q, court=self._match(snap, "court", q.court),
                                nationality=self._match(snap, "nationality", q.nationality))
        f = Filters(q.court, q.nationality, q.represented, q.custody, q.claim)
        ds = self.cases.dataset(snap, f)
        if q.command in CASE_COMMANDS:
            return _with_followups(breakdowns.ranking(self.cases, snap, ds, q, f), ds)
        answer = lead.leading(HANDLERS[q.command], snap.as_snapshot(ds), ds, q)
        return _with_followups(_small_groups(answer, ds, q) if f.any else answer, ds)

    @staticmethod
    def _match(snap: CaseSnapshot, kind: str, typed: str | None) -> str | None:
        """The one court or nationality code `typed` names; otherwise say which it could be."""
        if typed is None:
            return None
        found = snap.find(kind, typed)
        names = snap.names(kind)
        if len(found) == 1:
            return found[0]
        if not found:
            example = next(iter(names.values()), "x").split(",")[0].split()[0].lower()
            raise UsageError(f"No {kind} matches {typed[:40]!r} in the release. Type part of "
                             f"the name (e.g. {kind}={example}), or see "
                             f"/{'courts' if kind == 'court' else 'nationalities'} YEAR.")
        listed = "; ".join(f"{names[c]} ({kind}={c})" for c in found[:8])
        more = f" and {len(found) - 8} more" if len(found) > 8 else ""
        raise UsageError(f"{typed[:40]!r} matches {len(found)} {kind}s: {listed}{more}. "
                         "Say which.")

    def has_chart(self, answer: Answer) -> bool:
        """Whether the answer's chart is already drawn (it then costs nothing to send)."""
        if answer.chart is None or self.charts.peek(_chart_key(answer)) is not None:
            return True
        return self.store is not None and self.store.has(answer.source.data_version,
                                                         answer.chart)

    def chart_png(self, answer: Answer, *,
                  renderer: Callable[[ChartSpec], bytes] | None = None) -> bytes | None:
        """The answer's chart as PNG, drawn once per data version and question: from
        memory, else from disk, else drawn (by `renderer`, or the service's own)."""
        if answer.chart is None:
            return None
        key = _chart_key(answer)
        png = self.charts.get(key)
        if png is not None:
            return png
        # When a desk asks the same question at once, draw it once: the others wait for it.
        with self._rendering_lock:
            lock = self._rendering.setdefault(key, threading.Lock())
        with lock:
            png = self.charts.peek(key)
            if png is None and self.store is not None:
                png = self.store.get(answer.source.data_version, answer.chart)
            if png is None:
                png = (renderer or self.renderer)(answer.chart)
                if self.store is not None:
                    self.store.put(answer.source.data_version, answer.chart, png)
            self.charts.put(key, png)
        with self._rendering_lock:
            self._rendering.pop(key, None)
        return png

    def live_versions(self) -> set[str]:
        """Every data version an answer can carry now: what the chart store keeps."""
        snap = self.reader.snapshot()
        live = {snap.version, *(d.version for d in snap.datasets.values())}
        backlog_name = COMMAND_DATASETS["backlog"]
        if backlog_name in snap.datasets:  # /backlog's version covers the reported figures too
            live.add(every_release(snap, snap.datasets[backlog_name]).data_version)
        release = self.release()
        if release is not None:
            live.add(release.version)
        return live

    def dataset(self, snap: Snapshot, name: str | None, release: str | None = None) -> Dataset:
        """A dataset by name (the default if None), in a chosen release if it has several."""
        ds = self._named(snap, name)
        if release is None:
            return ds
        found = [code for code in ds.releases if code.startswith(release)]
        if len(found) != 1:
            known = ", ".join(ds.releases) or "none: it has one"
            raise UnknownDataset(f"No single release {release[:40]!r} of {ds.meta.name}. "
                                 f"Releases: {known}.")
        return ds.in_release(found[0])

    def _named(self, snap: Snapshot, name: str | None) -> Dataset:
        if name is None:
            name = self.default_dataset if self.default_dataset in snap.datasets \
                else next(iter(snap.datasets))
        if name not in snap.datasets:
            raise UnknownDataset(
                f"No dataset called {name[:40]!r}. Datasets: {', '.join(snap.datasets)}."
            )
        return snap.datasets[name]

    def period_choices(self, command: str) -> list[tuple[str, str]]:
        """(value, label) pairs for a monthly command's autocomplete, newest first:
        ('2024-04', 'April 2024 (FY2024)'), ('2025', 'FY2025 (through August)')."""
        ds = self.dataset(self.reader.snapshot(), COMMAND_DATASETS[command])
        out = [(f"{months.calendar_year(r.year, r.month)}-{r.month:02d}",
                f"{months.label(r.year, r.month)} (FY{r.year})") for r in ds.months]
        out += [(str(r.year), periods.label(r)) for r in ds.rows]
        return sorted(out, key=lambda c: c[0], reverse=True)

    def name_choices(self, kind: str, typed: str) -> list[tuple[str, str]]:
        """(code, name) of the courts or nationalities matching what was typed, for
        autocomplete; none before a case-level release is ingested."""
        snap = self.release()
        if snap is None:
            return []
        names = snap.names(kind)
        found = snap.find(kind, typed) if typed.strip() else list(names)
        return sorted(((c, names[c]) for c in found), key=lambda x: x[1])

    def encounter_choices(self, kind: str, typed: str) -> list[tuple[str, str]]:
        """(value, label) of the citizenships or sectors in CBP's file matching what was
        typed, for autocomplete; none before a release of the file is in service."""
        snap = self.encounter_release()
        if snap is None:
            return []
        if kind == "nationality":  # nothing typed yet: every one, the largest first
            return [(c, citizenship_name(c)) for c in
                    self.encounters.find_citizenship(snap, typed)]
        return [(s, s) for s in self.encounters.find_sector(snap, typed)]

    def year_choices(self, dataset: str | None = None, *,
                     breakdown: bool = False) -> list[tuple[int, str]]:
        """(year, label) pairs for autocomplete: '2024 (through April)'."""
        if breakdown or dataset == CASE_DATASET:
            snap = self.release()
            if snap is None:
                return []
            ds = self.cases.dataset(snap, Filters())
            return [(r.year, periods.label(r).removeprefix("FY")) for r in ds.rows]
        ds = self.dataset(self.reader.snapshot(), dataset)
        # Every year any release has; where several do, the newest release's label.
        rows = {r.year: r for release in ds.releases.values() for r in release}
        rows.update({r.year: r for r in ds.rows})
        return [(y, periods.label(rows[y]).removeprefix("FY")) for y in sorted(rows)]


def _with_followups(answer: Answer, ds: Dataset) -> Answer:
    """The answer with what it offers next: the years around it, the trend, the CSV."""
    month_range = [(m.year, m.month) for m in ds.months] if ds.months else None
    buttons, menu = followups.offer(answer, ds.years, followups.labels_of(ds.rows),
                                    month_range)
    return dataclasses.replace(answer, followups=buttons, menu=menu)


def _small_groups(answer: Answer, ds: Dataset, q: Question) -> Answer:
    """Warn where a year shown has few cases: shares and changes of a few cases swing."""
    years = set(q.years) if q.command != "trend" else {r.year for r in ds.rows}
    if q.command in ("trend", "totals") and len(q.years) == 2:
        years = set(range(q.years[0], q.years[1] + 1))
    small = [(r.year, sum(r.values[m.name] for m in ds.meta.parts)) for r in ds.rows
             if r.year in years and sum(r.values[m.name] for m in ds.meta.parts) < SMALL_GROUP]
    if not small:
        return answer
    listed = ", ".join(f"FY{y}: {n}" for y, n in small[:6])
    note = (f"Small group: fewer than {SMALL_GROUP} completed cases ({listed}). Shares and "
            "changes of so few cases swing widely; say how many cases a figure rests on.")
    return dataclasses.replace(answer, caveats=(note, *answer.caveats))


def _chart_key(answer: Answer) -> tuple[str, Question]:
    return (answer.source.data_version, answer.question)
