"""`python -m bot eoir check`: how close the case-level figures land to TRAC's, year by year.

Sets the TRAC view of the case-level classes beside TRAC's outcome table (already in
the store) and beside TRAC's published asylum decision and grant counts, each with
the ratio, so a desk can see where the method agrees and where it does not.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bot.answers import fmt
from bot.answers.errors import NotIngested
from bot.eoir.cases import NOT_INGESTED, CaseStore, Filters
from bot.eoir.method import TRAC_VIEW
from bot.settings import Settings
from bot.store.reader import Reader

TRAC_TABLE = "trac_asylum_outcomes"
REPORTED = "reported_figures"
TRAC_COLUMNS = {"trac_removed": "ordered_removed", "trac_granted": "granted_asylum",
                "trac_remain": "allowed_to_remain"}


@dataclass(frozen=True)
class Comparison:
    rows: list[dict]
    release: str
    notes: tuple[str, ...]

    def text(self) -> str:
        head = (f"{'FY':<9}{'measure':<26}{'case-level':>12}{'TRAC':>12}{'ratio':>8}  source")
        lines = [f"Case-level figures ({self.release}) against TRAC's, year by year.", head]
        for r in self.rows:
            ratio = fmt.decimal(r["ratio"], 2) if r["ratio"] is not None else "n/a"
            trac = f"{r['trac']:,}" if r["trac"] is not None else "-"
            lines.append(f"{r['year']:<9}{r['measure']:<26}{r['case_level']:>12,}{trac:>12}"
                         f"{ratio:>8}  {r['source']}")
        return "\n".join([*lines, "", *self.notes])

    def to_json(self) -> dict:
        return {"release": self.release, "notes": list(self.notes),
                "rows": [{k: fmt.plain(v) for k, v in r.items()} for r in self.rows]}


def check(store: Path, settings: Settings) -> Comparison:
    cases = CaseStore(store)
    snap = cases.snapshot()
    if snap is None:
        raise NotIngested(NOT_INGESTED)
    ds = cases.dataset(snap, Filters())
    main = Reader(settings.db_path).snapshot()
    trac = main.datasets.get(TRAC_TABLE)
    reported = main.datasets.get(REPORTED)
    rows = []
    for row in ds.rows:
        v = row.values
        tag = f"FY{row.year}" + ("*" if row.partial else "")
        trac_row = trac.row(row.year) if trac else None
        for view, parts in TRAC_VIEW.items():
            mine = sum(v[p] for p in parts)
            theirs = trac_row.values[TRAC_COLUMNS[view]] if trac_row else None
            if theirs is not None:
                rows.append(_row(tag, view.replace("trac_", "TRAC view: "), mine, theirs,
                                 f"{trac.meta.short_source}" + (" (partial year)"
                                                                if trac_row.partial else "")))
        decided = v["asylum_granted"] + v["asylum_denied"]
        for topic, mine in (("decisions", decided), ("granted", v["asylum_granted"])):
            figure = _published(reported, topic, row.year)
            if figure is not None:
                rows.append(_row(tag, f"asylum {topic}", mine, int(figure.value),
                                 f"{figure.publisher}, {figure.as_of}"))
    notes = ("Ratio: case-level / TRAC. Near 1.00 the method counts as TRAC does; "
             "EOIR revises records between releases, so a few percent apart is expected.",
             "TRAC view: removed = removal + voluntary departure; granted = asylum granted; "
             "remain = every other completion (docs/method-eoir.md).",
             "* a partial year in the release.")
    return Comparison(rows, f"{snap.info.get('source_file', '')}, release of "
                            f"{snap.info.get('release_date', '')}", notes)


def _row(year: str, measure: str, mine: int, theirs: int, source: str) -> dict:
    return {"year": year, "measure": measure, "case_level": int(mine), "trac": theirs,
            "ratio": fmt.quotient(mine, theirs), "source": source}


def _published(reported, topic: str, year: int):
    """TRAC's figure for a whole fiscal year (a revised one, where there is one)."""
    if reported is None:
        return None
    found = [r for r in reported.reported if r.topic == topic and r.fiscal_year == year
             and r.as_of.startswith(f"FY{year}") and "TRAC" in r.publisher]
    return found[-1] if found else None
