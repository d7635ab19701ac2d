"""`python -m bot eoir check`: how close the case-level figures land to TRAC's, year by year.

Sets the case-level figures in TRAC's three columns (ordered removed, granted asylum,
allowed to remain: the dataset's lead columns) beside TRAC's outcome table, and the
asylum decisions and grants beside TRAC's published counts, each with the ratio, so a
desk can see where the method agrees and where it does not. A year TRAC counts only
in part is cut at the same month, so part of a year is never set against a whole one.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bot.answers import fmt
from bot.answers.errors import NotIngested
from bot.answers.lead import made_of as lead_notes
from bot.eoir.cases import NOT_INGESTED, CaseStore, Filters
from bot.settings import Settings
from bot.store.reader import Reader

TRAC_TABLE = "trac_asylum_outcomes"
REPORTED = "reported_figures"


@dataclass(frozen=True)
class Comparison:
    rows: list[dict]
    release: str
    notes: tuple[str, ...]

    def text(self) -> str:
        head = (f"{'FY':<22}{'measure':<30}{'case-level':>12}{'TRAC':>12}{'ratio':>8}  source")
        lines = [f"Case-level figures ({self.release}) against TRAC's, year by year.", head]
        for r in self.rows:
            ratio = fmt.decimal(r["ratio"], 2) if r["ratio"] is not None else "n/a"
            trac = fmt.count(r["trac"]) if r["trac"] is not None else "-"
            lines.append(f"{r['year']:<22}{r['measure']:<30}{fmt.count(r['case_level']):>12}"
                         f"{trac:>12}{ratio:>8}  {r['source']}")
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
    # TRAC's three columns are the case-level dataset's lead columns, by the same names.
    combos = {c.name: c for c in ds.meta.combinations}
    lead = ds.meta.lead
    rows, cut_short = [], []
    for row in ds.rows:
        trac_row = trac.row(row.year) if trac else None
        values, tag = row.values, f"FY{row.year}" + ("*" if row.partial else "")
        if trac_row is not None and trac_row.period.months < row.period.months:
            # Like for like: the case-level year cut where TRAC's part-year stops.
            part = cases.first_months(snap, row.year, trac_row.period.months)
            if part is None:
                cut_short.append(row.year)
            else:
                values, tag = part, f"FY{row.year} {trac_row.period.label}"
        if trac_row is not None and values is row.values and \
                trac_row.period.months != row.period.months:
            trac_row = None  # a whole year against part of one compares nothing
        for name in lead.columns:
            mine = sum(values[m] for m in combos[name].measures)
            if trac_row is not None:
                rows.append(_row(tag, combos[name].label.lower(), mine,
                                 trac_row.values[name], trac.meta.short_source))
        if trac_row is not None:
            for name in lead.apart:
                rows.append(_row(tag, f"{ds.meta.measure(name).label.lower()} (apart)",
                                 values[name], None, "not in TRAC's table"))
        decided = values["asylum_granted"] + values["asylum_denied"]
        for topic, mine in (("decisions", decided), ("granted", values["asylum_granted"])):
            figure = _published(reported, topic, row.year)
            if figure is not None and values is row.values and not row.partial:
                rows.append(_row(tag, f"asylum {topic}", mine, int(figure.value),
                                 f"{figure.publisher}, {figure.as_of}"))
    notes = ("Ratio: case-level / TRAC. Near 1.00 the method counts as TRAC does; "
             "EOIR revises records between releases, so a few percent apart is expected.",
             "TRAC's columns as TRAC defines them (docs/method-eoir.md): " +
             " ".join(lead_notes(ds)),
             "A year TRAC counts only in part is cut at the same month here, from the "
             "completion dates: FY2024 through April is October 2023 to April 2024 in both.",
             "* a partial year in the release.")
    if cut_short:
        notes += (f"This store was ingested before completion months were kept: "
                  f"{', '.join(f'FY{y}' for y in cut_short)} could not be cut to TRAC's "
                  "months and are left out. Ingest the release again to compare them.",)
    return Comparison(rows, f"{snap.info.get('source_file', '')}, release of "
                            f"{snap.info.get('release_date', '')}", notes)


def _row(year: str, measure: str, mine: int, theirs: int | None, source: str) -> dict:
    return {"year": year, "measure": measure, "case_level": int(mine), "trac": theirs,
            "ratio": fmt.quotient(mine, theirs), "source": source}


def _published(reported, topic: str, year: int):
    """TRAC's figure for a whole fiscal year (a revised one, where there is one)."""
    if reported is None:
        return None
    found = [r for r in reported.reported if r.topic == topic and r.fiscal_year == year
             and r.as_of.startswith(f"FY{year}") and "TRAC" in r.publisher]
    return found[-1] if found else None
