"""Read what the method needs from the release, table by table, streaming into DuckDB.

Applications first: they say which cases are asylum cases. Then only those
cases' proceedings and case rows are kept. Each batch of rows is checked here
(ids, dates; bad rows counted by reason) and appended to the working
database, so the Python side never holds more than a batch.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from bot.eoir import lookups as lookups_mod
from bot.eoir.codes import Mapping
from bot.eoir.lookups import Lookups
from bot.eoir.progress import Progress
from bot.eoir.reading import BadRows, batches, dates, ids, trimmed
from bot.eoir.release import DATA_TABLES, Release
from bot.eoir.work import Work

APPLICATION_COLUMNS = ["IDNPROCEEDINGAPPLN", "IDNCASE", "APPL_CODE", "APPL_RECD_DATE",
                       "APPL_DEC"]
PROCEEDING_COLUMNS = ["IDNPROCEEDING", "IDNCASE", "BASE_CITY_CODE", "IJ_CODE", "CASE_TYPE",
                      "DEC_CODE", "OTHER_COMP", "COMP_DATE", "ABSENTIA"]
CASE_COLUMNS = ["IDNCASE", "NAT", "CUSTODY", "C_ASY_TYPE", "E_28_DATE"]

# The working tables (Parquet files read by DuckDB). Dates are day numbers since 1970
# (-1: empty); `row` is the order in the file, which settles ties the way "the last one
# in the file" would.
TABLES = {
    "apps": {"case": "BIGINT", "appln": "BIGINT", "kind": "VARCHAR", "received": "INTEGER",
             "decision": "VARCHAR", "row": "BIGINT"},
    "procs": {"case": "BIGINT", "proceeding": "BIGINT", "completed": "INTEGER",
              "court": "VARCHAR", "judge": "VARCHAR", "case_type": "VARCHAR",
              "dec_code": "VARCHAR", "other_comp": "VARCHAR", "absentia": "VARCHAR",
              "row": "BIGINT"},
    "people": {"case": "BIGINT", "nat": "VARCHAR", "custody": "VARCHAR", "claim": "VARCHAR",
               "represented": "BOOLEAN", "row": "BIGINT"},
}


@dataclass
class Scan:
    """The asylum cases' rows (in `work`), the lookups, and the bad rows of every table."""

    work: Work
    lookups: Lookups
    bad: dict[str, BadRows] = field(default_factory=dict)


def scan(release: Release, mapping: Mapping, latest: date, work: Work,
         progress: Progress | None = None, *, with_cases: bool = True) -> Scan:
    """Read the three tables (the case table only if `with_cases`) into `work`."""
    looked_up = lookups_mod.read(release)
    bad = dict(looked_up.bad)
    for table, columns in TABLES.items():
        work.create(table, columns)

    def start(kind: str) -> str:
        stem = DATA_TABLES[kind]
        bad[stem] = BadRows(stem)
        if progress is not None:
            progress.start(stem)
        return stem

    stem = start("applications")
    _applications(release, stem, mapping, latest, bad[stem], work, progress)
    work.close_table("apps")
    wanted = work.sql("select distinct \"case\" from apps where kind = 'asylum' order by 1") \
        .fetchnumpy()["case"]
    wanted = np.asarray(wanted, dtype=np.int64)
    stem = start("proceedings")
    _proceedings(release, stem, wanted, latest, bad[stem], work, progress)
    work.close_table("procs")
    if with_cases:
        stem = start("cases")
        _cases(release, stem, wanted, bad[stem], work, progress)
    work.close_table("people")
    return Scan(work, looked_up, bad)


class _Rows:
    """Numbers the kept rows of one table in file order."""

    def __init__(self) -> None:
        self.next = 0

    def take(self, n: int) -> pa.Array:
        out = pa.array(np.arange(self.next, self.next + n, dtype=np.int64))
        self.next += n
        return out


def _applications(release, stem, mapping, latest, bad, work, on_read) -> None:
    kinds = {code: kind for kind in ("asylum", "withholding")
             for code in mapping.codes("application", kind)}
    wanted, names = pa.array(list(kinds)), pa.array(list(kinds.values()))
    order = _Rows()
    for batch in batches(release.member(stem), stem, APPLICATION_COLUMNS, bad, on_read):
        batch = batch.filter(pc.is_in(trimmed(batch, "APPL_CODE"), value_set=wanted))
        if not batch.num_rows:
            continue
        case, ok = ids(batch, "IDNCASE", bad)
        appln, ok2 = ids(batch, "IDNPROCEEDINGAPPLN", bad)
        received, ok3 = dates(batch, "APPL_RECD_DATE", bad, latest, ok & ok2)
        good = ok & ok2 & ok3
        kind = pc.take(names, pc.index_in(_kept(batch, "APPL_CODE", good), value_set=wanted))
        work.append("apps", pa.table([
            case[good], appln[good], kind, received[good], _kept(batch, "APPL_DEC", good),
            order.take(int(good.sum()))], names=list(TABLES["apps"])))


def _proceedings(release, stem, wanted, latest, bad, work, on_read) -> None:
    order = _Rows()
    for batch in batches(release.member(stem), stem, PROCEEDING_COLUMNS, bad, on_read):
        case, ok = ids(batch, "IDNCASE", bad)
        keep = ok & _member(case, wanted)
        if not keep.any():
            continue
        proceeding, ok2 = ids(batch, "IDNPROCEEDING", bad)
        completed, ok3 = dates(batch, "COMP_DATE", bad, latest, keep & ok2)
        good = keep & ok2 & ok3
        work.append("procs", pa.table([
            case[good], proceeding[good], completed[good],
            *(_kept(batch, c, good) for c in ("BASE_CITY_CODE", "IJ_CODE", "CASE_TYPE",
                                              "DEC_CODE", "OTHER_COMP", "ABSENTIA")),
            order.take(int(good.sum()))], names=list(TABLES["procs"])))


def _cases(release, stem, wanted, bad, work, on_read) -> None:
    order = _Rows()
    for batch in batches(release.member(stem), stem, CASE_COLUMNS, bad, on_read):
        case, ok = ids(batch, "IDNCASE", bad)
        keep = ok & _member(case, wanted)
        if not keep.any():
            continue
        work.append("people", pa.table([
            case[keep], _kept(batch, "NAT", keep), _kept(batch, "CUSTODY", keep),
            _kept(batch, "C_ASY_TYPE", keep),
            pc.not_equal(_kept(batch, "E_28_DATE", keep), ""),
            order.take(int(keep.sum()))], names=list(TABLES["people"])))


def _member(values: np.ndarray, sorted_set: np.ndarray) -> np.ndarray:
    """Which values are in a sorted array (a searchsorted per batch, no hash set rebuilt)."""
    if not len(sorted_set):
        return np.zeros(len(values), dtype=bool)
    pos = np.searchsorted(sorted_set, values)
    pos[pos == len(sorted_set)] = 0
    return sorted_set[pos] == values


def _kept(batch: pa.RecordBatch, column: str, mask: np.ndarray) -> pa.Array:
    """The kept rows of a text column, trimmed."""
    return pc.utf8_trim_whitespace(pc.filter(batch.column(column), pa.array(mask)))
