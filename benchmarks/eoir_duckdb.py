"""A plain DuckDB pipeline over a release: the yardstick for the ingest's speed.

DuckDB reads the three tables itself (its own CSV reader, every core, its default
memory settings), and the same method counts the completed asylum cases by fiscal
year and outcome. It keeps none of the ingest's promises: rows it cannot read are
dropped without a count (or read shifted), NUL bytes and dates are not checked,
a zip must be extracted first and nothing is written to a store. What it costs
is what reading and counting a release with DuckDB alone costs.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from bot.eoir import codes, lookups, method
from bot.eoir.release import Release
from bot.eoir.scan import APPLICATION_COLUMNS, CASE_COLUMNS, PROCEEDING_COLUMNS
from bot.eoir.work import Work


def _read(member_path: Path, header: list[str], wanted: list[str]) -> str:
    columns = "{" + ", ".join(f"'{h}': 'VARCHAR'" for h in header) + "}"
    names = ", ".join(f"trim({c}) as {c}" for c in wanted)
    return (f"(select {names} from read_csv('{member_path}', delim='\\t', quote='', "
            f"escape='', header=true, auto_detect=false, columns={columns}, "
            "encoding='latin-1', strict_mode=false, ignore_errors=true, null_padding=true))")


def _day(column: str) -> str:
    return (f"coalesce(datediff('day', date '1970-01-01', "
            f"try_strptime(left({column}, 10), '%Y-%m-%d')::date), -1)::integer")


def counts(release_path: Path) -> dict[tuple[int, str], int]:
    """{(fiscal_year, outcome): completed asylum cases}."""
    release = Release(release_path)
    mapping = codes.load()
    files = {p.name.lower(): p for p in Path(release_path).rglob("*.csv")}

    def table(stem: str, wanted: list[str]) -> str:
        path = files[f"{stem.lower()}.csv"]
        with open(path, "rb") as f:
            header = [h.strip() for h in f.readline().decode("latin-1").strip().split("\t")]
        return _read(path, header, wanted)

    work = Work.defaults()  # the method's queries, on DuckDB as it comes
    kinds = {c: k for k in ("asylum", "withholding") for c in mapping.codes("application", k)}
    kind_case = " ".join(f"when '{c}' then '{k}'" for c, k in kinds.items())
    apps = table("tbl_Court_Appln", APPLICATION_COLUMNS)
    work.sql(f"""create table apps_t as select
        try_cast(IDNCASE as bigint) as "case", try_cast(IDNPROCEEDINGAPPLN as bigint) as appln,
        case APPL_CODE {kind_case} end as kind, {_day('APPL_RECD_DATE')} as received,
        coalesce(APPL_DEC, '') as decision
        from {apps} where APPL_CODE in ({", ".join(f"'{c}'" for c in kinds)})""")
    work.sql("""create table asylum as select distinct "case" from apps_t where kind = 'asylum'""")
    procs = table("B_TblProceeding", PROCEEDING_COLUMNS)
    work.sql(f"""create table procs_t as select
        try_cast(IDNCASE as bigint) as "case", try_cast(IDNPROCEEDING as bigint) as proceeding,
        {_day('COMP_DATE')} as completed, coalesce(BASE_CITY_CODE, '') as court,
        coalesce(IJ_CODE, '') as judge, coalesce(CASE_TYPE, '') as case_type,
        coalesce(DEC_CODE, '') as dec_code, coalesce(OTHER_COMP, '') as other_comp,
        coalesce(ABSENTIA, '') as absentia
        from {procs} semi join asylum on asylum."case" = try_cast(IDNCASE as bigint)""")
    people = table("A_TblCase", CASE_COLUMNS)
    work.sql(f"""create table people_t as select
        try_cast(IDNCASE as bigint) as "case", coalesce(NAT, '') as nat,
        coalesce(CUSTODY, '') as custody, coalesce(C_ASY_TYPE, '') as claim,
        coalesce(E_28_DATE, '') <> '' as represented
        from {people} semi join asylum on asylum."case" = try_cast(IDNCASE as bigint)""")
    for name in ("apps", "procs", "people"):  # each row numbered, as the method needs
        work.sql(f'create view {name} as select *, rowid as "row" from {name}_t')
    method.classify(work, lookups.read(release), mapping)
    rows = work.rows("select fiscal_year, outcome, count(*) from counted group by all")
    work.close()
    return {(int(y), o): int(n) for y, o, n in rows}


if __name__ == "__main__":  # prints {"[year, outcome]": cases} as JSON
    found = counts(Path(sys.argv[1]))
    print(json.dumps({json.dumps(list(k)): n for k, n in found.items()}))
