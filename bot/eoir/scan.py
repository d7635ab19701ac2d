"""Read what the method needs from the release, table by table, streaming into DuckDB.

Applications first: they say which cases are asylum cases. Then only those
cases' proceedings and case rows are kept. Each batch of rows is checked here
(ids, dates; bad rows counted by reason) on a worker thread, while the parser
reads on, and appended to the working files in file order, so the Python side
holds a few batches at a time.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from bot.eoir import lookups as lookups_mod
from bot.eoir.codes import Mapping
from bot.eoir.errors import IngestError
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
# (-1: empty); `row` is the order in the file (the batch's number, then the place in the
# batch: BATCH_BITS each), which settles ties the way "the last one in the file" would.
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


BATCH_BITS = 24  # a batch of BLOCK bytes holds fewer rows than 2^24
ROW_BITS = 40  # a row's place, batch and all (`method._packed` keeps 40 bits for it)
CHECKERS = 2  # batches checked at once; pyarrow's compute functions release the GIL


@dataclass
class Scan:
    """The asylum cases' rows (in `work`), the lookups, and the bad rows of every table."""

    work: Work
    lookups: Lookups
    bad: dict[str, BadRows] = field(default_factory=dict)
    asylum_cases: int = 0  # cases with an asylum application


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
    return Scan(work, looked_up, bad, len(wanted))


def _checked(table: str, batches_: Iterator[pa.RecordBatch], bad: BadRows, work: Work,
             check: Callable[[pa.RecordBatch, BadRows], tuple[pa.Table, np.ndarray] | None]
             ) -> None:
    """Check each batch on a worker thread (`check` returns the kept rows and their places in
    the batch, or None) and append the rows to `table` in file order."""
    def one(number: int, batch: pa.RecordBatch) -> tuple[pa.Table | None, BadRows]:
        own = BadRows(bad.table)
        kept = check(batch, own)
        if kept is None:
            return None, own
        rows, places = kept
        order = (np.int64(number) << BATCH_BITS) + places.astype(np.int64)
        return rows.append_column("row", pa.array(order)), own

    with ThreadPoolExecutor(CHECKERS, thread_name_prefix="eoir-check") as pool:
        waiting: deque = deque()
        for number, batch in enumerate(batches_):
            if number >> (ROW_BITS - BATCH_BITS):  # 2^16 batches of BLOCK: 128 GB
                raise IngestError(f"{bad.table}.csv is larger than the ingest can number")
            waiting.append(pool.submit(one, number, batch))
            while len(waiting) > CHECKERS:
                _done(table, waiting.popleft().result(), bad, work)
        while waiting:
            _done(table, waiting.popleft().result(), bad, work)


def _done(table: str, result: tuple[pa.Table | None, BadRows], bad: BadRows,
          work: Work) -> None:
    rows, own = result
    bad.merge(own)
    if rows is not None and rows.num_rows:
        work.append(table, rows)


def _applications(release, stem, mapping, latest, bad, work, on_read) -> None:
    kinds = {code: kind for kind in ("asylum", "withholding")
             for code in mapping.codes("application", kind)}
    wanted, names = pa.array(list(kinds)), pa.array(list(kinds.values()))

    def check(batch, own):
        batch = batch.filter(pc.is_in(trimmed(batch, "APPL_CODE"), value_set=wanted))
        if not batch.num_rows:
            return None
        case, ok = ids(batch, "IDNCASE", own)
        appln, ok2 = ids(batch, "IDNPROCEEDINGAPPLN", own)
        received, ok3 = dates(batch, "APPL_RECD_DATE", own, latest, ok & ok2)
        good = ok & ok2 & ok3
        kind = pc.take(names, pc.index_in(_kept(batch, "APPL_CODE", good), value_set=wanted))
        return pa.table([case[good], appln[good], kind, received[good],
                         _kept(batch, "APPL_DEC", good)],
                        names=list(TABLES["apps"])[:-1]), np.flatnonzero(good)

    _checked("apps", batches(release.member(stem), stem, APPLICATION_COLUMNS, bad, on_read),
             bad, work, check)


def _proceedings(release, stem, wanted, latest, bad, work, on_read) -> None:
    def check(batch, own):
        case, ok = ids(batch, "IDNCASE", own)
        keep = ok & _member(case, wanted)
        if not keep.any():
            return None
        proceeding, ok2 = ids(batch, "IDNPROCEEDING", own)
        completed, ok3 = dates(batch, "COMP_DATE", own, latest, keep & ok2)
        good = keep & ok2 & ok3
        return pa.table([
            case[good], proceeding[good], completed[good],
            *(_kept(batch, c, good) for c in ("BASE_CITY_CODE", "IJ_CODE", "CASE_TYPE",
                                              "DEC_CODE", "OTHER_COMP", "ABSENTIA"))],
            names=list(TABLES["procs"])[:-1]), np.flatnonzero(good)

    _checked("procs", batches(release.member(stem), stem, PROCEEDING_COLUMNS, bad, on_read),
             bad, work, check)


def _cases(release, stem, wanted, bad, work, on_read) -> None:
    def check(batch, own):
        case, ok = ids(batch, "IDNCASE", own)
        keep = ok & _member(case, wanted)
        if not keep.any():
            return None
        return pa.table([
            case[keep], _kept(batch, "NAT", keep), _kept(batch, "CUSTODY", keep),
            _kept(batch, "C_ASY_TYPE", keep),
            pc.not_equal(_kept(batch, "E_28_DATE", keep), "")],
            names=list(TABLES["people"])[:-1]), np.flatnonzero(keep)

    _checked("people", batches(release.member(stem), stem, CASE_COLUMNS, bad, on_read),
             bad, work, check)


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
