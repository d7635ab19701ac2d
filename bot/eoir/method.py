"""The method, implemented once: which cases count, in which year, with which outcome.

docs/method-eoir.md explains each rule. Inputs are the rows of asylum cases
read from the release (applications, proceedings, cases) in the working
database, and the lookups; the output is a table there (`counted`) with one
row per completed asylum case and its breakdowns. The codes are classed in
Python, once per distinct combination (a few dozen); the millions of rows are
joined, ranked and counted by DuckDB within the ingest's memory limit.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from bot.eoir.codes import Mapping
from bot.eoir.errors import IngestError
from bot.eoir.lookups import Lookups
from bot.eoir.work import Work

PENDING = -1  # the day number of an empty completion date
NO_CODE = "(completed, no decision code)"
CUSTODY = {"D": "detained", "R": "released", "N": "never_detained"}
CLAIM = {"I": "affirmative", "E": "defensive"}
UNKNOWN = "unknown"


@dataclass(frozen=True)
class Classified:
    """Every completed asylum case (the `counted` table), and what could not be matched."""

    cases: int  # completed asylum cases counted: the rows of `counted`
    unmapped: pd.DataFrame  # kind, case_type, description, cases: descriptions with no class
    unmatched: pd.DataFrame  # kind, case_type, code, rows: codes not in their lookup
    codes: pd.DataFrame  # kind, case_type, code, type, description, class, rows: for review
    pending: int  # asylum cases not completed (or only moved to another court)
    # Asylum cases with a completed proceeding classed outside_asylum (a bond ruling, a
    # review of a DHS finding): passed over when finding the case's completion.
    outside: int = 0


def decide_applications(work: Work, lookups: Lookups, mapping: Mapping
                        ) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Class each application ruling (granted, denied, none) into the table `app_class`
    (kind, decision, ruling); return the descriptions with no class, the codes not in the
    lookup, and every code with its count for review."""
    described = dict(zip(lookups.application_decisions["code"],
                         lookups.application_decisions["description"], strict=True))
    combos = work.sql("select kind, decision, count(*) as rows from apps "
                      "group by all order by all").df()
    combos["rows"] = combos["rows"].astype("int64")
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
    _table(work, "app_class", combos.assign(
        ruling=combos["class"].where(combos["class"] != "UNMAPPED", "none"))[
        ["kind", "decision", "ruling"]])
    return unmapped, unmatched, review


def complete_proceedings(work: Work, lookups: Lookups, mapping: Mapping
                         ) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Class each proceeding's completion into the table `proc_class` (case_type, dec_code,
    other_comp, klass), joined with the lookup on (case type, code, C/O).

    A decision code (C) is read first, then another completion (O). Returns the unmapped
    descriptions, the codes not in the lookup, and every code with its count for review.
    """
    # Counts over completed proceedings only: an open one has no decision yet.
    combos = work.sql(f"select case_type, dec_code, other_comp, count(*) filter "
                      f"(where completed <> {PENDING}) as rows from procs "
                      "group by all order by all").df()
    combos["rows"] = combos["rows"].astype("int64")
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
    counted = combos[combos["rows"] > 0]
    bad = counted[counted["class"] == "UNMAPPED"]
    cases_each = [work.rows(f"select count(distinct \"case\") from procs where completed <> "
                            f"{PENDING} and case_type = ? and dec_code = ? and other_comp = ?",
                            [r.case_type, r.dec_code, r.other_comp])[0][0]
                  for r in bad.itertuples()]
    unmapped = bad[["case_type", "description"]].assign(cases=cases_each, kind="decision")
    unmatched = (counted[unknown[counted.index]].groupby(["case_type", "code"])["rows"].sum()
                 .reset_index().assign(kind="decision"))
    review = counted[["case_type", "code", "type", "description", "class", "rows"]].assign(
        kind="decision")
    _table(work, "proc_class", combos.assign(
        klass=combos["class"].where(combos["class"] != "UNMAPPED", ""))[
        ["case_type", "dec_code", "other_comp", "klass"]])
    return unmapped, unmatched, review


def _mapped(column: str, values: dict[str, str]) -> str:
    """A SQL expression mapping a column's codes to names, UNKNOWN for anything else."""
    whens = " ".join(f"when '{code}' then '{name}'" for code, name in values.items())
    return f"case {column} {whens} else '{UNKNOWN}' end"


def _packed(first: str, second: str) -> str:
    """(first, second, row) as one HUGEINT that orders as the three do. Days are below 2^26,
    ids below 2^60 (`reading.ids`), a row's place below 2^40 (`scan.BATCH_BITS`)."""
    return f"(({first} + 1)::hugeint << 100) + (({second})::hugeint << 40) + \"row\""


ROW_MASK = (1 << 40) - 1
# One row per completed asylum case, built in steps, each a table of the working
# database with one heavy operator (an aggregate or a join) that DuckDB can spill to disk:
# one query holding several at once runs out of memory at full size. A case's rows are
# folded by aggregates over one packed number each (the order that decides, then the
# row's place in the file), and only the winning rows are read again. Ties (the same
# proceeding or application twice) go to the last in the file, as everywhere in the
# method.
COUNTED = [
    # Each case's last completion (outside-asylum rulings passed over), unless it is open.
    f"""create or replace table last_proc as
    select (max({_packed("completed", "proceeding")}) & {ROW_MASK})::bigint as "row"
    from procs join proc_class using (case_type, dec_code, other_comp)
    where klass <> 'outside_asylum' or completed = {PENDING}
    group by "case"
    having not bool_or(completed = {PENDING})""",
    """create or replace table final as
    select p."case", p.completed, p.court, p.judge, p.absentia, c.klass
    from procs p join proc_class c using (case_type, dec_code, other_comp)
    semi join last_proc l on l."row" = p."row"
    where c.klass <> 'not_completion'""",
    # Each case's last grant or denial, of an asylum and of a withholding application.
    f"""create or replace table last_app as
    select (max({_packed("received", "appln")}) & {ROW_MASK})::bigint as "row"
    from apps join app_class using (kind, decision)
    where ruling in ('granted', 'denied')
    group by "case", kind""",
    """create or replace table rulings as
    select a."case",
           max(c.ruling) filter (where a.kind = 'asylum') as asylum,
           max(c.ruling) filter (where a.kind = 'withholding') as withholding
    from apps a join app_class c using (kind, decision)
    semi join last_app l on l."row" = a."row"
    group by a."case"
    """,
    # Each case's row of the case table (the last, if it is there twice).
    """create or replace table person as
    select "case", max_by(struct_pack(nat, custody, claim, represented), "row") as p
    from people group by "case"
    """,
    f"""create or replace table counted as
    with decided as (
        select f.*, coalesce(r.asylum, 'none') as asylum_decision,
               case when r.asylum = 'granted' then 'asylum_granted'
                    when f.klass = 'other_protection' or r.withholding = 'granted'
                    then 'other_protection'
                    else f.klass end as outcome,
               date '1970-01-01' + f.completed as day
        from final f left join rulings r on r."case" = f."case"
    )
    select d."case", (year(d.day) + (month(d.day) >= 10)::int)::smallint as fiscal_year,
           month(d.day)::tinyint as month, d.completed, d.court, d.judge,
           coalesce(p.p.nat, '') as nat, coalesce(p.p.represented, false)::int as represented,
           {_mapped("p.p.custody", CUSTODY)} as custody, {_mapped("p.p.claim", CLAIM)} as claim,
           d.outcome, d.asylum_decision,
           (d.outcome = 'removal' and d.absentia = 'Y')::int as absentia
    from decided d left join person p on p."case" = d."case"
    """,
]


def classify(work: Work, lookups: Lookups, mapping: Mapping,
             asylum_cases: int | None = None) -> Classified:
    """Build `counted`: one row per completed asylum case.

    Reads the working tables apps (case, appln, kind, received, decision, row), procs (case,
    proceeding, completed, court, judge, case_type, dec_code, other_comp, absentia, row) and
    people (case, nat, custody, claim, represented, row).

    `counted` has case, fiscal_year, month, completed (day number), court, judge, nat,
    represented, custody, claim, outcome, asylum_decision (granted/denied/none), absentia.
    `asylum_cases`, the number of cases with an asylum application, if already known.
    """
    unmapped_apps, unmatched_apps, app_review = decide_applications(work, lookups, mapping)
    unmapped, unmatched, review = complete_proceedings(work, lookups, mapping)
    for step in COUNTED:
        work.sql(step)
    counted = work.count("counted")
    asylum = asylum_cases if asylum_cases is not None else \
        work.rows("select count(distinct \"case\") from apps where kind = 'asylum'")[0][0]
    outside = work.rows("select count(distinct \"case\") from procs join proc_class "
                        "using (case_type, dec_code, other_comp) "
                        "where klass = 'outside_asylum'")[0][0]
    return Classified(
        counted,
        pd.concat([unmapped, unmapped_apps], ignore_index=True),
        pd.concat([unmatched, unmatched_apps], ignore_index=True),
        pd.concat([review, app_review], ignore_index=True),
        int(asylum - counted),
        int(outside),
    )


def _table(work: Work, name: str, frame: pd.DataFrame) -> None:
    """A small frame (the classes of a few dozen codes) as a table of the working database."""
    work.con.register("_frame", frame)
    try:
        work.sql(f"create or replace table {name} as select * from _frame")
    finally:
        work.con.unregister("_frame")


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
