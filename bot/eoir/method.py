"""The method, implemented once: which cases count, in which year, with which outcome.

docs/method-eoir.md explains each rule. Inputs are the rows of asylum cases
read from the release (applications, proceedings, cases) and the lookups;
the output is one row per completed asylum case with its breakdowns.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from bot.eoir.codes import Mapping
from bot.eoir.errors import IngestError
from bot.eoir.lookups import Lookups

PENDING = -1  # the day number of an empty completion date
NO_CODE = "(completed, no decision code)"
CUSTODY = {"D": "detained", "R": "released", "N": "never_detained"}
CLAIM = {"I": "affirmative", "E": "defensive"}
UNKNOWN = "unknown"


@dataclass(frozen=True)
class Classified:
    """Every completed asylum case, and what could not be matched on the way."""

    cases: pd.DataFrame  # one row per counted case; see `classify`
    unmapped: pd.DataFrame  # kind, case_type, description, cases: descriptions with no class
    unmatched: pd.DataFrame  # kind, case_type, code, rows: codes not in their lookup
    codes: pd.DataFrame  # kind, case_type, code, type, description, class, rows: for review
    pending: int  # asylum cases not completed (or only moved to another court)
    # Asylum cases with a completed proceeding classed outside_asylum (a bond ruling, a
    # review of a DHS finding): passed over when finding the case's completion.
    outside: int = 0


def fiscal_year(days: pd.Series) -> pd.Series:
    """Fiscal year of a day number (days since 1970): October starts the next year."""
    when = pd.to_datetime(days.astype("int64"), unit="D")
    return (when.dt.year + (when.dt.month >= 10)).astype("int16")


def _combos(frame: pd.DataFrame, columns: list[str]) -> tuple[pd.DataFrame, np.ndarray]:
    """The distinct combinations of a few code columns (dozens, among millions of rows),
    with their row counts, and for each row the number of its combination."""
    groups = frame.groupby(columns, observed=True, sort=True)
    combos = groups.size().rename("rows").reset_index()
    for c in columns:
        combos[c] = combos[c].astype(str)
    return combos, groups.ngroup().to_numpy()


def _per_row(values: pd.Series, inverse: np.ndarray) -> pd.Categorical:
    """A value of each combination, spread back over the rows (as a categorical)."""
    labels = pd.Index(values.unique())
    return pd.Categorical.from_codes(labels.get_indexer(values)[inverse], labels)


def decide_applications(apps: pd.DataFrame, lookups: Lookups, mapping: Mapping
                        ) -> tuple[pd.Categorical, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Each application's ruling class (granted, denied, none), the descriptions with no
    class, the codes not in the lookup, and every code with its count for review."""
    described = dict(zip(lookups.application_decisions["code"],
                         lookups.application_decisions["description"], strict=True))
    combos, inverse = _combos(apps, ["kind", "decision"])
    combos["description"] = combos["decision"].map(described).fillna("")
    combos["class"] = [("none" if not d else mapping.lookup("application_decision", d)
                        or "UNMAPPED") for d in combos["description"]]
    unknown = (combos["description"] == "") & (combos["decision"] != "")
    combos.loc[unknown, "description"] = "(code " + combos.loc[unknown, "decision"] + \
        " not in the lookup)"
    unmatched = combos[unknown].groupby("decision")["rows"].sum().reset_index() \
        .rename(columns={"decision": "code"}).assign(kind="application_decision", case_type="")
    unmapped = combos[combos["class"] == "UNMAPPED"].groupby("description")["rows"].sum() \
        .reset_index().assign(kind="application_decision", case_type="")
    review = combos.rename(columns={"kind": "case_type", "decision": "code"}).assign(
        type="", kind="application_decision")
    ruling = _per_row(combos["class"].where(combos["class"] != "UNMAPPED", "none"), inverse)
    return ruling, unmapped, unmatched, review


def complete_proceedings(procs: pd.DataFrame, lookups: Lookups, mapping: Mapping
                         ) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Each completed proceeding's description and class, joined on (case type, code, C/O).

    A decision code (C) is read first, then another completion (O). Returns the
    proceedings with `klass`, the unmapped descriptions, the codes not in the lookup,
    and every code with its count for review.
    """
    done = procs["completed"] != PENDING
    combos, inverse = _combos(procs, ["case_type", "dec_code", "other_comp"])
    use_dec = combos["dec_code"] != ""
    combos["code"] = combos["dec_code"].where(use_dec, combos["other_comp"])
    combos["type"] = np.where(use_dec, "C", np.where(combos["other_comp"] != "", "O", ""))
    table = lookups.decisions.set_index(["case_type", "code", "type"])["description"]
    keys = pd.MultiIndex.from_frame(combos[["case_type", "code", "type"]])
    combos["description"] = table.reindex(keys).to_numpy()
    no_code = combos["type"] == ""
    unknown = ~no_code & combos["description"].isna()
    combos.loc[no_code, "description"] = NO_CODE
    combos.loc[unknown, "description"] = "(code " + combos.loc[unknown, "code"] + \
        " not in the lookup)"
    combos["class"] = [("other" if n or u else mapping.lookup("decision", d) or "UNMAPPED")
                       for d, n, u in zip(combos["description"], no_code, unknown, strict=True)]
    # Counts over completed proceedings only: an open one has no decision yet.
    combos["rows"] = np.bincount(inverse[done.to_numpy()], minlength=len(combos))
    counted = combos[combos["rows"] > 0]
    bad = counted[counted["class"] == "UNMAPPED"]
    cases_each = [int(procs.loc[done.to_numpy() & (inverse == i), "case"].nunique())
                  for i in bad.index]
    unmapped = bad[["case_type", "description"]].assign(cases=cases_each, kind="decision")
    unmatched = (counted[unknown[counted.index]].groupby(["case_type", "code"])["rows"].sum()
                 .reset_index().assign(kind="decision"))
    review = counted[["case_type", "code", "type", "description", "class", "rows"]].assign(
        kind="decision")
    klass = _per_row(combos["class"].where(combos["class"] != "UNMAPPED", ""), inverse)
    return procs.assign(klass=klass), unmapped, unmatched, review


def classify(apps: pd.DataFrame, procs: pd.DataFrame, cases: pd.DataFrame, lookups: Lookups,
             mapping: Mapping) -> Classified:
    """One row per completed asylum case.

    apps: case, appln, kind (asylum/withholding), received (day number), decision (code)
    procs: case, proceeding, court, judge, case_type, dec_code, other_comp,
           completed (day number, PENDING if none), absentia
    cases: case, nat, custody, claim, represented (bool)

    Output columns: case, fiscal_year, completed, court, judge, nat, represented,
    custody, claim, outcome, asylum_decision (granted/denied/none), absentia (bool).
    """
    ruling, unmapped_apps, unmatched_apps, app_review = decide_applications(apps, lookups,
                                                                             mapping)
    apps["ruling"] = ruling  # the caller's frame gains the column: no copy of millions of rows
    asylum_ids = apps.loc[apps["kind"] == "asylum", "case"].unique()
    procs, unmapped, unmatched, review = complete_proceedings(procs, lookups, mapping)

    pending_ids = procs.loc[procs["completed"] == PENDING, "case"].unique()
    outside = procs["klass"] == "outside_asylum"
    final = (procs[(procs["completed"] != PENDING) & ~outside]
             .sort_values(["case", "completed", "proceeding"])
             .drop_duplicates("case", keep="last"))
    final = final[~final["case"].isin(pending_ids) & (final["klass"] != "not_completion")]

    asylum = _last_ruling(apps, "asylum")
    withholding = _last_ruling(apps, "withholding")
    out = final[["case", "completed", "court", "judge", "klass", "absentia"]].merge(
        asylum, on="case", how="left").merge(withholding, on="case", how="left",
                                              suffixes=("", "_withholding"))
    decision = out["ruling"].fillna("none")
    protected = (out["klass"] == "other_protection") | (out["ruling_withholding"] == "granted")
    outcome = np.where(decision == "granted", "asylum_granted",
                       np.where(protected, "other_protection", out["klass"].astype(str)))
    out = out.assign(outcome=outcome, asylum_decision=decision)
    out["absentia"] = (out["outcome"] == "removal") & (out["absentia"].astype(str) == "Y")
    out["fiscal_year"] = fiscal_year(out["completed"])

    people = cases.drop_duplicates("case", keep="last")
    out = out.merge(people, on="case", how="left")
    out["nat"] = out["nat"].fillna("").astype(str)
    out["custody"] = out["custody"].map(CUSTODY).fillna(UNKNOWN)
    out["claim"] = out["claim"].map(CLAIM).fillna(UNKNOWN)
    out["represented"] = out["represented"].fillna(False).astype(bool)
    columns = ["case", "fiscal_year", "completed", "court", "judge", "nat", "represented",
               "custody", "claim", "outcome", "asylum_decision", "absentia"]
    counted = out[columns].reset_index(drop=True)
    return Classified(
        counted,
        pd.concat([unmapped, unmapped_apps], ignore_index=True),
        pd.concat([unmatched, unmatched_apps], ignore_index=True),
        pd.concat([review, app_review], ignore_index=True),
        int(len(asylum_ids) - len(counted)),
        int(procs.loc[outside & procs["case"].isin(asylum_ids), "case"].nunique()),
    )


def _last_ruling(apps: pd.DataFrame, kind: str) -> pd.DataFrame:
    """The last ruling (grant or denial) on a case's applications of one kind, by the date
    the application was received, then its id: earlier proceedings count too."""
    ruled = apps[(apps["kind"] == kind) & apps["ruling"].isin(["granted", "denied"])]
    last = ruled.sort_values(["case", "received", "appln"]).drop_duplicates("case", keep="last")
    return last[["case", "ruling"]]


def check_mapped(result: Classified) -> None:
    """Stop when a description has no class: a person must map it first."""
    if result.unmapped.empty:
        return
    lines = []
    for r in result.unmapped.to_dict("records"):
        if r["kind"] == "decision":
            where, count = f"case type {r['case_type']}", f"{int(r['cases']):,} cases"
        else:
            where, count = "application ruling", f"{int(r['rows']):,} applications"
        lines.append(f"  {where}, {r['description']!r}: {count}")
    raise IngestError(
        "These descriptions have no outcome class in data/eoir/outcome_codes.csv; review "
        "them (python -m bot eoir codes PATH) and add each to the file:\n" + "\n".join(lines))
