"""`python -m benchmarks.eoir_engines RELEASE`: the engines considered for the ingest, measured.

The same work in each: read the application and proceeding tables of a release
(tab-delimited, no quoting), keep the asylum cases, and find each one's last
completed proceeding, counting the completed cases per fiscal year. Prints
wall time and the peak memory of each, each in a process of its own.

- pyarrow: the ingest's own reader (streaming, parallel parse, NULs stripped,
  every malformed row counted) and pandas for the per-case step;
- pandas: `read_csv` with the C parser in chunks of a million rows;
- duckdb: one SQL query over `read_csv` (as eoir-database does), if installed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def pyarrow_way(release: Path) -> dict:
    from datetime import date

    from bot.eoir import codes
    from bot.eoir.release import Release
    from bot.eoir.scan import scan

    found = scan(Release(release), codes.load(), date.today(), with_cases=False)
    procs = found.procs
    pending = procs.loc[procs["completed"] < 0, "case"].unique()
    last = (procs[procs["completed"] >= 0].sort_values(["case", "completed", "proceeding"])
            .drop_duplicates("case", keep="last"))
    last = last[~last["case"].isin(pending)]
    return _per_year(last["completed"])


def pandas_way(release: Path) -> dict:
    import numpy as np
    import pandas as pd

    def chunks(name, cols):
        path = next(release.rglob(name))
        return pd.read_csv(path, sep="\t", quoting=3, dtype=str, usecols=cols,
                           keep_default_na=False, chunksize=1_000_000, on_bad_lines="skip",
                           encoding="latin-1", engine="c")

    found = []
    for c in chunks("tbl_Court_Appln.csv", ["IDNCASE", "APPL_CODE"]):
        ids = pd.to_numeric(c.loc[c["APPL_CODE"].str.strip() == "ASYL", "IDNCASE"],
                            errors="coerce")
        found.append(ids.dropna().astype("int64").to_numpy())
    asylum = np.unique(np.concatenate(found))
    kept = []
    for c in chunks("B_TblProceeding.csv", ["IDNPROCEEDING", "IDNCASE", "COMP_DATE"]):
        case = pd.to_numeric(c["IDNCASE"], errors="coerce").fillna(-1).astype("int64")
        c = c[np.isin(case.to_numpy(), asylum)]
        kept.append(pd.DataFrame({
            "case": pd.to_numeric(c["IDNCASE"], errors="coerce"),
            "proceeding": pd.to_numeric(c["IDNPROCEEDING"], errors="coerce"),
            "completed": pd.to_datetime(c["COMP_DATE"].str[:10], format="%Y-%m-%d",
                                        errors="coerce")}))
    procs = pd.concat(kept, ignore_index=True)
    pending = procs.loc[procs["completed"].isna(), "case"].unique()
    last = (procs.dropna(subset=["completed"]).sort_values(["case", "completed", "proceeding"])
            .drop_duplicates("case", keep="last"))
    last = last[~last["case"].isin(pending)]
    days = (last["completed"] - pd.Timestamp(0)).dt.days
    return _per_year(days)


def duckdb_way(release: Path) -> dict:
    import duckdb

    def table(name):
        path = next(release.rglob(name))
        return (f"read_csv('{path}', delim='\\t', quote='', escape='', header=true, "
                "all_varchar=true, ignore_errors=true, null_padding=true, strict_mode=false, "
                "encoding='latin-1')")

    con = duckdb.connect()
    con.execute(f"set threads = {os.cpu_count()}")
    rows = con.execute(f"""
        with asylum as (
            select distinct try_cast(trim(IDNCASE) as bigint) as c
            from {table('tbl_Court_Appln.csv')} where trim(APPL_CODE) = 'ASYL'),
        procs as (
            select try_cast(trim(IDNCASE) as bigint) as c,
                   try_cast(trim(IDNPROCEEDING) as bigint) as p,
                   try_strptime(left(COMP_DATE, 10), '%Y-%m-%d') as d
            from {table('B_TblProceeding.csv')}
            where try_cast(trim(IDNCASE) as bigint) in (select c from asylum)),
        done as (
            select c, max(d) as d from procs group by c having count(*) = count(d))
        select year(d) + (month(d) >= 10)::int as fy, count(*) from done group by 1
    """).fetchall()
    return {int(y): n for y, n in rows if y is not None}


def _per_year(days) -> dict:
    import pandas as pd

    when = pd.to_datetime(days.astype("int64"), unit="D")
    fy = when.dt.year + (when.dt.month >= 10)
    return {int(k): int(v) for k, v in fy.value_counts().items()}


WAYS = {"pyarrow": pyarrow_way, "pandas": pandas_way, "duckdb": duckdb_way}


def main(argv: list[str]) -> int:
    if argv[0] == "--one":
        way, release = argv[1], Path(argv[2])
        print(json.dumps(WAYS[way](release)))
        return 0
    release = Path(argv[0])
    results = {}
    for way in WAYS:
        started = time.perf_counter()
        child = subprocess.Popen([sys.executable, "-m", "benchmarks.eoir_engines", "--one",
                                  way, str(release)], cwd=ROOT, stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, text=True,
                                 env=dict(os.environ, PYTHONPATH=str(ROOT)))
        out = child.stdout.read()
        err = child.stderr.read()
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - started
        if os.waitstatus_to_exitcode(status):
            print(f"{way}: failed: {err.strip().splitlines()[-1] if err.strip() else '?'}")
            continue
        results[way] = json.loads(out)
        total = sum(results[way].values())
        print(f"{way:8} {seconds:6.1f} s  peak {usage.ru_maxrss / 1024:7,.0f} MB  "
              f"{total:,} completed asylum cases", flush=True)
    counts = {w: sum(r.values()) for w, r in results.items()}
    print("same count everywhere:" , len(set(counts.values())) == 1, counts)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
