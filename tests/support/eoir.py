"""Small EOIR releases written by hand, one rule or quirk at a time, and ways to read results.

`MiniRelease` writes the real layout (tab-delimited, Latin-1, the real column
sets, the lookups of the synthetic generator) with filler cases that are not
asylum cases, so a test can add one bad row without passing the bad-row limit.
"""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from bot.eoir.ingest import ingest
from bot.eoir.release import SYNTHETIC_MARKER
from bot.eoir.synth import APPLICATION_COLUMNS, CASE_COLUMNS, PROCEEDING_COLUMNS, _World

FILLER = 2000  # non-asylum cases, so one bad row stays under 0.1 % of a table


class MiniRelease:
    def __init__(self, filler: int = FILLER) -> None:
        self.cases: list[dict] = []
        self.procs: list[dict] = []
        self.apps: list[dict] = []
        self.raw: dict[str, list[str]] = {"A_TblCase": [], "B_TblProceeding": [],
                                          "tbl_Court_Appln": []}
        self._next = 1
        for i in range(filler):
            c = 9_000_000 + i
            self.case(c)
            self.proceeding(c, dec="X", comp="2020-05-05")
            self.application(c, code="245", dec="G")

    def case(self, idn: int, nat: str = "VE", custody: str = "N", claim: str = "E",
             e28: str = "2019-01-01") -> int:
        self.cases.append({"IDNCASE": str(idn), "NAT": nat, "CUSTODY": custody,
                           "C_ASY_TYPE": claim, "E_28_DATE": e28, "CASE_TYPE": "RMV"})
        return idn

    def proceeding(self, case: int, *, court: str = "HOU", judge: str = "HO00", dec: str = "",
                   other: str = "", comp: str = "2023-03-01", absentia: str = "N",
                   case_type: str = "RMV", idn: int | None = None) -> int:
        idn = idn if idn is not None else self._id()
        self.procs.append({"IDNPROCEEDING": str(idn), "IDNCASE": str(case),
                           "BASE_CITY_CODE": court, "IJ_CODE": judge, "DEC_CODE": dec,
                           "OTHER_COMP": other, "COMP_DATE": comp, "ABSENTIA": absentia,
                           "CASE_TYPE": case_type})
        return idn

    def application(self, case: int, proceeding: int = 0, *, code: str = "ASYL",
                    recd: str = "2020-01-01", dec: str = "") -> None:
        self.apps.append({"IDNPROCEEDINGAPPLN": str(self._id()), "IDNPROCEEDING": str(proceeding),
                          "IDNCASE": str(case), "APPL_CODE": code, "APPL_RECD_DATE": recd,
                          "APPL_DEC": dec})

    def asylum_case(self, idn: int, *, dec: str = "X", other: str = "", ruling: str = "D",
                    comp: str = "2023-03-01", **case) -> int:
        """A case completed once, with its asylum application ruled on in that proceeding."""
        self.case(idn, **case)
        p = self.proceeding(idn, dec=dec, other=other, comp=comp)
        self.application(idn, p, dec=ruling)
        return idn

    def _id(self) -> int:
        self._next += 1
        return self._next

    def write(self, folder: Path, *, skip: tuple[str, ...] = (), lookups: bool = True) -> Path:
        root = folder / "EOIR Case Data"
        (root / "Data").mkdir(parents=True, exist_ok=True)
        (root / "Lookup").mkdir(parents=True, exist_ok=True)
        (folder / SYNTHETIC_MARKER).write_text("test release\n")
        if lookups:
            _World(np.random.default_rng(1), date(2026, 7, 1)).write_lookups(root / "Lookup")
        for stem, columns, rows in (("A_TblCase", CASE_COLUMNS, self.cases),
                                    ("B_TblProceeding", PROCEEDING_COLUMNS, self.procs),
                                    ("tbl_Court_Appln", APPLICATION_COLUMNS, self.apps)):
            if stem in skip:
                continue
            lines = ["\t".join(columns)]
            lines += ["\t".join(r.get(c, "") for c in columns) for r in rows]
            lines += self.raw[stem]
            (root / "Data" / f"{stem}.csv").write_bytes(
                ("\r\n".join(lines) + "\r\n").encode("latin-1"))
        return folder

    def ingest(self, tmp: Path, **options) -> Path:
        """Write, ingest into a new store, and return the store."""
        store = tmp / "eoir.db"
        ingest(self.write(tmp / "release"), store, allow_synthetic=True, bar=False, **options)
        return store


def facts(store: Path, table: str = "facts") -> pd.DataFrame:
    with sqlite3.connect(store) as conn:
        return pd.read_sql(f"select * from {table}", conn)


def outcome_of(store: Path) -> dict[tuple, int]:
    """{(fiscal_year, court, outcome, asylum_decision, absentia): cases}."""
    f = facts(store)
    keys = ["fiscal_year", "court", "outcome", "asylum_decision", "absentia"]
    return {tuple(k): int(n) for k, n in f.groupby(keys)["cases"].sum().items()}
