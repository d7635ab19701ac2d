"""Read what the method needs from the release, table by table, streaming.

Applications first: they say which cases are asylum cases. Then only those
cases' proceedings and case rows are kept, so memory grows with the asylum
cases, never with the whole release.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from pandas.api.types import union_categoricals

from bot.eoir import lookups as lookups_mod
from bot.eoir.codes import Mapping
from bot.eoir.lookups import Lookups
from bot.eoir.progress import Progress
from bot.eoir.reading import BadRows, batches, dates, ids
from bot.eoir.release import DATA_TABLES, Release

APPLICATION_COLUMNS = ["IDNPROCEEDINGAPPLN", "IDNCASE", "APPL_CODE", "APPL_RECD_DATE",
                       "APPL_DEC"]
PROCEEDING_COLUMNS = ["IDNPROCEEDING", "IDNCASE", "BASE_CITY_CODE", "IJ_CODE", "CASE_TYPE",
                      "DEC_CODE", "OTHER_COMP", "COMP_DATE", "ABSENTIA"]
CASE_COLUMNS = ["IDNCASE", "NAT", "CUSTODY", "C_ASY_TYPE", "E_28_DATE"]


@dataclass
class Scan:
    """The asylum cases' rows, the lookups, and the bad rows of every table."""

    apps: pd.DataFrame
    procs: pd.DataFrame
    cases: pd.DataFrame
    lookups: Lookups
    bad: dict[str, BadRows] = field(default_factory=dict)


def scan(release: Release, mapping: Mapping, latest: date, progress: Progress | None = None,
         *, with_cases: bool = True) -> Scan:
    """Read the three tables (the case table only if `with_cases`)."""
    looked_up = lookups_mod.read(release)
    bad = dict(looked_up.bad)

    def start(kind: str) -> str:
        stem = DATA_TABLES[kind]
        bad[stem] = BadRows(stem)
        if progress is not None:
            progress.start(stem)
        return stem

    stem = start("applications")
    apps = _applications(release, stem, mapping, latest, bad[stem], progress)
    wanted = np.unique(apps.loc[apps["kind"] == "asylum", "case"].to_numpy())
    stem = start("proceedings")
    procs = _proceedings(release, stem, wanted, latest, bad[stem], progress)
    cases = pd.DataFrame(columns=["case", "nat", "custody", "claim", "represented"])
    if with_cases:
        stem = start("cases")
        cases = _cases(release, stem, wanted, bad[stem], progress)
    return Scan(apps, procs, cases, looked_up, bad)


def _applications(release, stem, mapping, latest, bad, on_read) -> pd.DataFrame:
    kinds = {code: kind for kind in ("asylum", "withholding")
             for code in mapping.codes("application", kind)}
    wanted = pa.array(list(kinds))
    parts = []
    for batch in batches(release.member(stem), stem, APPLICATION_COLUMNS, bad, on_read):
        keep = pc.is_in(batch.column("APPL_CODE"), value_set=wanted)
        batch = batch.filter(keep)
        if not batch.num_rows:
            continue
        case, ok = ids(batch, "IDNCASE", bad)
        appln, ok2 = ids(batch, "IDNPROCEEDINGAPPLN", bad)
        received, ok3 = dates(batch, "APPL_RECD_DATE", bad, latest, ok & ok2)
        good = ok & ok2 & ok3
        parts.append(pd.DataFrame({
            "case": case[good], "appln": appln[good],
            "kind": _strings(batch, "APPL_CODE", good).map(kinds).astype("category"),
            "received": received[good],
            "decision": _strings(batch, "APPL_DEC", good)}))
    return _concat(parts, ["case", "appln", "kind", "received", "decision"])


def _proceedings(release, stem, wanted, latest, bad, on_read) -> pd.DataFrame:
    parts = []
    for batch in batches(release.member(stem), stem, PROCEEDING_COLUMNS, bad, on_read):
        case, ok = ids(batch, "IDNCASE", bad)
        keep = ok & _member(case, wanted)
        if not keep.any():
            continue
        proceeding, ok2 = ids(batch, "IDNPROCEEDING", bad)
        completed, ok3 = dates(batch, "COMP_DATE", bad, latest, keep & ok2)
        good = keep & ok2 & ok3
        frame = {"case": case[good], "proceeding": proceeding[good],
                 "completed": completed[good]}
        for column, name in (("BASE_CITY_CODE", "court"), ("IJ_CODE", "judge"),
                             ("CASE_TYPE", "case_type"), ("DEC_CODE", "dec_code"),
                             ("OTHER_COMP", "other_comp"), ("ABSENTIA", "absentia")):
            frame[name] = _strings(batch, column, good)
        parts.append(pd.DataFrame(frame))
    return _concat(parts, ["case", "proceeding", "completed", "court", "judge", "case_type",
                           "dec_code", "other_comp", "absentia"])


def _cases(release, stem, wanted, bad, on_read) -> pd.DataFrame:
    parts = []
    for batch in batches(release.member(stem), stem, CASE_COLUMNS, bad, on_read):
        case, ok = ids(batch, "IDNCASE", bad)
        keep = ok & _member(case, wanted)
        if not keep.any():
            continue
        parts.append(pd.DataFrame({
            "case": case[keep], "nat": _strings(batch, "NAT", keep),
            "custody": _strings(batch, "CUSTODY", keep),
            "claim": _strings(batch, "C_ASY_TYPE", keep),
            "represented": _strings(batch, "E_28_DATE", keep).astype(str) != ""}))
    return _concat(parts, ["case", "nat", "custody", "claim", "represented"])


def _member(values: np.ndarray, sorted_set: np.ndarray) -> np.ndarray:
    """Which values are in a sorted array (a searchsorted per batch, no hash set rebuilt)."""
    if not len(sorted_set):
        return np.zeros(len(values), dtype=bool)
    pos = np.searchsorted(sorted_set, values)
    pos[pos == len(sorted_set)] = 0
    return sorted_set[pos] == values


def _strings(batch: pa.RecordBatch, column: str, mask: np.ndarray) -> pd.Series:
    """The kept rows of a text column, as a categorical (codes repeat a great deal)."""
    kept = pc.filter(batch.column(column), pa.array(mask))
    return pd.Series(pc.dictionary_encode(kept).to_pandas())


def _concat(parts: list[pd.DataFrame], columns: list[str]) -> pd.DataFrame:
    """One frame from the batches' frames, column by column, categories unified."""
    out = {}
    for c in columns:
        pieces = [p[c] for p in parts]
        if pieces and isinstance(pieces[0].dtype, pd.CategoricalDtype):
            out[c] = pd.Series(union_categoricals(pieces))
        elif pieces:
            out[c] = pd.Series(np.concatenate([x.to_numpy() for x in pieces]))
        else:
            out[c] = pd.Series(dtype="int64" if c in ("case", "appln", "proceeding")
                               else "int32" if c in ("received", "completed") else "category")
        for p in parts:
            del p[c]  # free each batch's column as soon as it is copied
    return pd.DataFrame(out)
