"""Synthetic EOIR releases, for tests and benchmarks only: `python -m bot eoir synth OUT`.

The generator first decides every case (asylum or not, pending or completed,
year, court, judge, nationality, representation, custody, outcome) and writes
those decisions as the true counts (`truth.csv`); only then does it write the
records that encode them, in the real layout and with the real release's
quirks: several proceedings per case, changes of venue and transfers,
asylum rulings made in an earlier proceeding or superseded by a later
application, in-absentia orders, tab-delimited Latin-1 with NUL bytes,
trailing spaces in codes, a UTF-16 lookup, duplicate lookup rows, rows whose
fields are shifted, ids that are not numbers and impossible dates.
The bad rows are extra rows, so skipping them leaves the truth unchanged.

A file at the top of the release (SYNTHETIC-NOT-REAL.txt) marks it; the
ingest refuses it unless told it is for a test.
"""

from __future__ import annotations

import codecs
import json
import os
import zipfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from bot.eoir.codes import OUTCOMES
from bot.eoir.method import CLAIM, CUSTODY
from bot.eoir.release import SYNTHETIC_MARKER

CASE_COLUMNS = [
    "IDNCASE", "ALIEN_CITY", "ALIEN_STATE", "ALIEN_ZIPCODE", "UPDATED_ZIPCODE", "UPDATED_CITY",
    "NAT", "LANG", "CUSTODY", "SITE_TYPE", "E_28_DATE", "ATTY_NBR", "CASE_TYPE", "UPDATE_SITE",
    "LATEST_HEARING", "LATEST_TIME", "LATEST_CAL_TYPE", "UP_BOND_DATE", "UP_BOND_RSN",
    "CORRECTIONAL_FAC", "RELEASE_MONTH", "RELEASE_YEAR", "INMATE_HOUSING", "DATE_OF_ENTRY",
    "C_ASY_TYPE", "C_BIRTHDATE", "C_RELEASE_DATE", "UPDATED_STATE", "ADDRESS_CHANGEDON",
    "ZBOND_MRG_FLAG", "Sex", "DATE_DETAINED", "DATE_RELEASED", "LPR", "DETENTION_DATE",
    "DETENTION_LOCATION", "DCO_LOCATION", "DETENTION_FACILITY_TYPE", "CASEPRIORITY_CODE"]
PROCEEDING_COLUMNS = [
    "IDNPROCEEDING", "IDNCASE", "OSC_DATE", "INPUT_DATE", "BASE_CITY_CODE", "HEARING_LOC_CODE",
    "IJ_CODE", "TRANS_IN_DATE", "PREV_HEARING_LOC", "PREV_HEARING_BASE", "PREV_IJ_CODE",
    "TRANS_NBR", "HEARING_DATE", "HEARING_TIME", "DEC_TYPE", "DEC_CODE", "DEPORTED_1",
    "DEPORTED_2", "OTHER_COMP", "APPEAL_RSVD", "APPEAL_NOT_FILED", "COMP_DATE", "ABSENTIA",
    "VENUE_CHG_GRANTED", "TRANSFER_TO", "DATE_APPEAL_DUE_STATUS", "TRANSFER_STATUS", "CUSTODY",
    "CASE_TYPE", "NAT", "LANG", "SCHEDULED_HEAR_LOC", "CORRECTIONAL_FAC", "CRIM_IND", "IHP",
    "AGGRAVATE_FELON", "DATE_DETAINED", "DATE_RELEASED"]
APPLICATION_COLUMNS = ["IDNPROCEEDINGAPPLN", "IDNPROCEEDING", "IDNCASE", "APPL_CODE",
                       "APPL_RECD_DATE", "APPL_DEC"]

COURTS = [  # code, city, state (two courts in Houston, as in the real lookup)
    ("HOU", "HOUSTON", "TX"), ("HLG", "HOUSTON - S. GESSNER", "TX"), ("NYC", "NEW YORK", "NY"),
    ("SFR", "SAN FRANCISCO", "CA"), ("MIA", "MIAMI", "FL"), ("CHI", "CHICAGO", "IL"),
    ("LOS", "LOS ANGELES", "CA"), ("ARL", "ARLINGTON", "VA"), ("ATL", "ATLANTA", "GA"),
    ("BOS", "BOSTON", "MA"), ("DAL", "DALLAS", "TX"), ("DEN", "DENVER", "CO"),
    ("ELP", "EL PASO", "TX"), ("SNA", "SAN ANTONIO", "TX"), ("SEA", "SEATTLE", "WA"),
    ("NEW", "NEWARK", "NJ"), ("PHI", "PHILADELPHIA", "PA"), ("PHO", "PHOENIX", "AZ"),
    ("SDC", "SAN DIEGO", "CA"), ("ORL", "ORLANDO", "FL"), ("BAL", "BALTIMORE", "MD"),
    ("CHL", "CHARLOTTE", "NC"), ("DET", "DETROIT", "MI"), ("LVG", "LAS VEGAS", "NV"),
    ("MEM", "MEMPHIS", "TN"), ("OMA", "OMAHA", "NE"), ("POO", "PORTLAND", "OR"),
    ("SLC", "SALT LAKE CITY", "UT"), ("HAR", "HARLINGEN", "TX"), ("GUA", "HAGATNA", "GU"),
]
NATIONS = [  # code, name (Latin-1 where the name needs it)
    ("MX", "MEXICO"), ("GT", "GUATEMALA"), ("HO", "HONDURAS"), ("ES", "EL SALVADOR"),
    ("VE", "VENEZUELA"), ("CH", "CHINA"), ("IN", "INDIA"), ("CU", "CUBA"),
    ("EC", "ECUADOR"), ("CO", "COLOMBIA"), ("HA", "HAITI"), ("NU", "NICARAGUA"),
    ("BR", "BRAZIL"), ("PE", "PERU"), ("RS", "RUSSIA"), ("UP", "UKRAINE"), ("TU", "TURKEY"),
    ("MR", "MAURITANIA"), ("SG", "SENEGAL"), ("IV", "CÔTE D'IVOIRE"), ("CM", "CAMEROON"),
    ("NI", "NIGERIA"), ("GH", "GHANA"), ("ET", "ETHIOPIA"), ("ER", "ERITREA"),
    ("AF", "AFGHANISTAN"), ("BG", "BANGLADESH"), ("NP", "NEPAL"), ("PK", "PAKISTAN"),
    ("DR", "DOMINICAN REPUBLIC"), ("CO2", "CURAÇAO"), ("AR", "ARMENIA"),
]
GIVEN = ["María", "José", "Ana", "David", "Sarah", "Michael", "Li", "Priya", "Omar", "Ines"]
FAMILY = ["Peña", "Smith", "García", "Nguyen", "Okafor", "Müller", "Cohen", "Rossi", "Ito",
          "Brennan", "Álvarez", "Kowalski", "Haddad", "Singh", "Dubois", "Larsen"]

# Case decisions (C) and other completions (O) by case type, as the real lookup lists them.
DECISIONS = [
    ("RMV", "X", "C", "Remove"), ("RMV", "V", "C", "Voluntary Departure"),
    ("RMV", "R", "C", "Relief Granted"), ("RMV", "T", "C", "Terminated"),
    ("RMV", "E", "C", "Remove-INA Withholding Granted"), ("RMV", "Z", "C", "Grant-CAT Withholding"),
    ("RMV", "U", "C", "Dismissed By IJ"), ("RMV", "W", "C", "Withdrawn"),
    ("RMV", "A", "O", "Administrative Closing - Other"), ("RMV", "C", "O", "Change Of Venue"),
    ("RMV", "T", "O", "Transfer"), ("RMV", "M", "O",
                                    "In Court Prosecutorial Discretion - Admin Closure"),
    ("RMV", "O", "O", "Other Administrative Completion"),
    ("RMV", "Y", "O", "Prosecutorial Discretion - Admin Close"),
    ("RMV", "F", "O", "Failure To Prosecute (DHS Cases Only)"),
    ("RMV", "P", "O", "Temporary Protected Status"),
    ("AOC", "X", "C", "Zero Bond"), ("AOC", "D", "C", "Deny"), ("DEP", "X", "C", "Deport"),
]
# An old, inactive row for a code that has an active one: the active one must win.
INACTIVE_DECISION = ("RMV", "X", "C", "Removal (old code)")
APP_DECISIONS = [("A", "ABANDONMENT"), ("C", "CONDITIONAL GRANT"), ("D", "DENY"),
                 ("F", "FULL GRANT"), ("G", "GRANT"), ("I", "IN COURT STIPULATED GRANT"),
                 ("L", "GRANT WCAT"), ("M", "NOT ADJUDICATED"), ("O", "OTHER"),
                 ("P", "PAPER STIPULATED GRANT"), ("R", "RESERVED"), ("S", "ADMIN CLOSURE"),
                 ("T", "COV/TRANSFER"), ("W", "WITHDRAWN")]

# How each outcome is written on the completing proceeding: (DEC_CODE or OTHER_COMP, code).
ENCODINGS = {
    "asylum_granted": [("DEC", "R")],
    "other_protection": [("DEC", "E"), ("DEC", "Z"), ("DEC", "X")],  # X: by a CAT grant
    "other_relief": [("DEC", "R"), ("OTHER", "P")],
    "removal": [("DEC", "X")],
    "voluntary_departure": [("DEC", "V")],
    "terminated": [("DEC", "T"), ("DEC", "U"), ("OTHER", "F")],
    "admin_closed": [("OTHER", "A"), ("OTHER", "M"), ("OTHER", "Y")],
    "other": [("OTHER", "O"), ("DEC", "W")],
}
BASE_SHARES = np.array([0.20, 0.04, 0.05, 0.38, 0.06, 0.09, 0.13, 0.05])
FIRST_YEAR = 2001
CHUNK = 400_000
EPOCH = date(1970, 1, 1).toordinal()


@dataclass(frozen=True)
class Sizes:
    cases: int
    proceedings: int
    applications: int
    bad_rows: dict[str, int]


def synthesize(out: Path, cases: int, seed: int = 1, *, release_date: date = date(2026, 7, 1),
               as_zip: bool = False, bad_rows: bool = True) -> Sizes:
    """Write a release of `cases` cases under `out` (or `out`.zip) and its true counts."""
    out = Path(out)
    root = out / "EOIR Case Data"
    (root / "Data").mkdir(parents=True, exist_ok=True)
    (root / "Lookup").mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    world = _World(rng, release_date)
    world.write_lookups(root / "Lookup")
    (out / SYNTHETIC_MARKER).write_text(
        "Made by `python -m bot eoir synth` for tests and benchmarks. Not real figures.\n")
    counts = {"A_TblCase": 0, "B_TblProceeding": 0, "tbl_Court_Appln": 0}
    bad = dict.fromkeys(counts, 0)
    truths = []
    writers = {stem: _TableWriter(root / "Data" / f"{stem}.csv", columns) for stem, columns in
               (("A_TblCase", CASE_COLUMNS), ("B_TblProceeding", PROCEEDING_COLUMNS),
                ("tbl_Court_Appln", APPLICATION_COLUMNS))}
    try:
        for start in range(0, cases, CHUNK):
            chunk = _Chunk(world, rng, start, min(CHUNK, cases - start))
            truths.append(chunk.truth())
            for stem, table in chunk.tables().items():
                writers[stem].write(table)
                counts[stem] += table.num_rows
            if bad_rows:
                for stem, lines in chunk.bad_lines().items():
                    writers[stem].raw(lines)
                    counts[stem] += len(lines)
                    bad[stem] += len(lines)
    finally:
        for w in writers.values():
            w.close()
    (root / "Count.txt").write_text("Table Name\tRow Count\n" + "".join(
        f"{stem}\t{n}\n" for stem, n in counts.items()))
    truth = pd.concat(truths, ignore_index=True)
    dims = [c for c in truth.columns if c != "cases"]
    truth = truth.groupby(dims, observed=True).size().rename("cases").reset_index()
    truth.to_csv(out / "truth.csv", index=False)
    (out / "truth.json").write_text(json.dumps({
        "release_date": release_date.isoformat(), "cases": cases, "rows": counts,
        "bad_rows": bad, "completed": int(truth["cases"].sum())}, indent=1))
    mtime = pd.Timestamp(release_date).timestamp()
    for p in root.rglob("*.csv"):
        os.utime(p, (mtime, mtime))
    if as_zip:
        _zip(out, release_date)
    return Sizes(counts["A_TblCase"], counts["B_TblProceeding"], counts["tbl_Court_Appln"], bad)


def read_truth(out: Path) -> pd.DataFrame:
    return pd.read_csv(Path(out) / "truth.csv", dtype={"court": str, "nat": str, "judge": str},
                       keep_default_na=False)


class _World:
    """The lookups and the weights that shape every chunk."""

    def __init__(self, rng: np.random.Generator, release_date: date) -> None:
        self.release_date = release_date
        self.last_day = release_date.toordinal() - EPOCH - 1
        self.last_year = release_date.year + (release_date.month >= 10)
        self.courts = [c[0] for c in COURTS]
        self.court_weights = _zipf(len(COURTS), 0.9)
        self.court_asylum = rng.uniform(0.3, 2.0, len(COURTS))  # some courts grant far more
        self.nations = [n[0] for n in NATIONS]
        self.nation_weights = _zipf(len(NATIONS), 1.1)
        self.nation_asylum = rng.uniform(0.2, 2.5, len(NATIONS))
        judges, homes = [], []
        for i, code in enumerate(self.courts):
            for j in range(3 + i % 6):
                judges.append(f"{code[:2]}{j:02d}")
                homes.append(i)
        self.judges = np.array(judges)
        self.judge_court = np.array(homes)
        self.judge_asylum = rng.uniform(0.4, 1.6, len(judges))
        self.judge_names = [f"{FAMILY[int(rng.integers(len(FAMILY)))]}, "
                            f"{GIVEN[int(rng.integers(len(GIVEN)))]}" for _ in judges]
        years = np.arange(FIRST_YEAR, self.last_year + 1)
        self.years = years
        self.year_weights = np.linspace(1, 3, len(years)) / np.linspace(1, 3, len(years)).sum()

    def write_lookups(self, folder: Path) -> None:
        def table(name: str, header: list[str], rows: list[list[str]], utf16=False) -> None:
            text = "\t".join(header) + "\r\n" + "".join("\t".join(r) + "\r\n" for r in rows)
            data = codecs.BOM_UTF16_LE + text.encode("utf-16-le") if utf16 \
                else text.encode("latin-1")
            (folder / f"{name}.csv").write_bytes(data)

        decisions = [[str(i), ct, code, desc, kind, "", "1", "2001-01-01 00:00:00", ""]
                     for i, (ct, code, kind, desc) in enumerate(DECISIONS, start=1)]
        ct, code, kind, desc = INACTIVE_DECISION
        decisions.insert(0, ["0", ct, code + " ", desc, kind, "", "0", "1990-01-01", ""])
        table("tblLookupCourtDecision", ["idnCourtDecision", "strCaseType", "strDecCode",
                                         "strDecDescription", "strDecType",
                                         "strFinalDisposition", "blnActive", "datCreatedOn",
                                         "datModifiedOn"], decisions)
        table("tblLookupCourtAppDecisions", ["idnCourtApplnDec", "strCourtApplnDecCode",
                                             "strCourtApplnDecDesc", "blnActive", "Comments",
                                             "datCreatedOn", "datModifiedOn"],
              [[str(i), c, d, "1", "", "", ""] for i, (c, d) in enumerate(APP_DECISIONS, 1)])
        courts = [[str(i), c, city, st, "R", "IMMIGRATION COURT", "", "", "1"]
                  for i, (c, city, st) in enumerate(COURTS, start=1)]
        courts.append(["99", "HOU", "HOUSTON (OLD)", "TX", "R", "IMMIGRATION COURT", "", "", "0"])
        table("tblLookupBaseCity", ["idnBaseCity", "BASE_CITY_CODE", "BASE_CITY", "BASE_STATE",
                                    "strRegion", "BASE_CITY_NAME", "ADDRESS", "PHONE",
                                    "blnActive"], courts)
        nations = [[str(i), c, n, n, "0", "1"] for i, (c, n) in enumerate(NATIONS, start=1)]
        nations.insert(3, ["98", "VE", "VENEZUELA, OLD NAME", "VENEZUELA", "0", "0"])
        table("tblLookupNationality", ["ID", "NAT_CODE", "NAT_NAME", "NAT_COUNTRY_NAME",
                                       "NAT_NACARA_COUNTRY", "blnActive"], nations)
        table("tblLookupJudge", ["idnJudge", "JUDGE_CODE", "JUDGE_NAME", "ADDRESS", "blnActive"],
              [[str(i), c, n, "", "1"] for i, (c, n) in
               enumerate(zip(self.judges, self.judge_names, strict=True), start=1)],
              utf16=True)
        table("tblLookupCustodyStatus", ["strCode", "strDescription"],
              [[k, v.replace("_", " ").upper()] for k, v in CUSTODY.items()])
        table("tblLookUp_Appln", ["APPL_CODE", "APPL_DSC"],
              [["ASYL", "ASYLUM"], ["ASYW", "ASYLUM WITHHOLDING"],
               ["WCAT", "WITHHOLDING-CONVENTION AGAINST TORTURE"], ["245", "ADJUSTMENT"],
               ["42B", "CANCELLATION NON-LPR"]])


def _zipf(n: int, s: float) -> np.ndarray:
    w = 1 / np.arange(1, n + 1) ** s
    return w / w.sum()


class _Chunk:
    """Cases [start, start + n): decided first, then written as records."""

    def __init__(self, world: _World, rng: np.random.Generator, start: int, n: int) -> None:
        self.w, self.rng, self.n = world, rng, n
        self.case = 1_000_001 + start + np.arange(n, dtype=np.int64)
        r = rng.random
        self.asylum = r(n) < 0.42
        # State of an asylum case: completed, pending, reopened and pending again, or only
        # moved to another court (its last completion a change of venue).
        self.state = rng.choice(4, n, p=[0.72, 0.21, 0.04, 0.03])
        self.year = rng.choice(world.years, n, p=world.year_weights)
        start_day = np.array([date(y - 1, 10, 1).toordinal() - EPOCH for y in world.years])
        end_day = np.array([min(date(y, 9, 30).toordinal() - EPOCH, world.last_day)
                            for y in world.years])
        yi = self.year - world.years[0]
        self.day = (start_day[yi] + (r(n) * (end_day[yi] - start_day[yi] + 1))).astype(np.int64)
        self.court = rng.choice(len(COURTS), n, p=world.court_weights)
        self.judge = self._judges()
        self.nat = rng.choice(len(NATIONS), n, p=world.nation_weights)
        self.represented = r(n) < 0.62
        self.custody = rng.choice(np.array(["D", "R", "N"]), n, p=[0.2, 0.15, 0.65])
        self.claim = rng.choice(np.array(["I", "E", ""]), n, p=[0.35, 0.45, 0.20])
        self.outcome = self._outcomes()
        self.absentia = (self.outcome == 3) & (r(n) < 0.35) & ~self.represented
        granted = self.outcome == 0
        denied_p = np.array([0, 1, 0.3, 0.55, 0.2, 0.05, 0.05, 0.05])[self.outcome]
        self.asylum_decision = np.where(granted, "granted", np.where(
            (r(n) < denied_p) & ~self.absentia, "denied", "none"))
        self.encoding = self._encodings()
        # Extra records: an earlier proceeding moved here by a change of venue or transfer;
        # the asylum ruling made in that earlier proceeding; an earlier, superseded ruling.
        self.moved_in = r(n) < 0.15
        self.ruled_earlier = self.moved_in & (self.asylum_decision != "none") & (r(n) < 0.5)
        self.superseded = (self.asylum_decision != "none") & ~self.ruled_earlier & (r(n) < 0.05)
        self.counted = self.asylum & (self.state == 0)

    def _judges(self) -> np.ndarray:
        out = np.empty(self.n, dtype=np.int64)
        for i in range(len(COURTS)):
            mine = np.flatnonzero(self.w.judge_court == i)
            at = self.court == i
            out[at] = self.rng.choice(mine, int(at.sum()))
        return out

    def _outcomes(self) -> np.ndarray:
        w = self.w
        p = np.tile(BASE_SHARES, (self.n, 1))
        boost = w.court_asylum[self.court] * w.nation_asylum[self.nat] * \
            w.judge_asylum[self.judge] * np.where(self.represented, 1.3, 0.35)
        p[:, 0] *= boost
        p[:, 3] *= np.where(self.represented, 0.8, 1.6)
        p /= p.sum(axis=1, keepdims=True)
        u = self.rng.random(self.n)[:, None]
        return np.minimum((u > p.cumsum(axis=1)).sum(axis=1), len(OUTCOMES) - 1)

    def _encodings(self) -> np.ndarray:
        sizes = np.array([len(ENCODINGS[o]) for o in OUTCOMES])[self.outcome]
        return (self.rng.random(self.n) * sizes).astype(np.int64)

    def truth(self) -> pd.DataFrame:
        w, m = self.w, self.counted
        return pd.DataFrame({
            "fiscal_year": self.year[m],
            "court": np.array(w.courts)[self.court[m]],
            "judge": w.judges[self.judge[m]],
            "nat": np.array(w.nations)[self.nat[m]],
            "represented": self.represented[m].astype(int),
            "custody": pd.Series(self.custody[m]).map(CUSTODY).to_numpy(),
            "claim": pd.Series(self.claim[m]).map(CLAIM).fillna("unknown").to_numpy(),
            "outcome": np.array(OUTCOMES)[self.outcome[m]],
            "asylum_decision": self.asylum_decision[m],
            "absentia": self.absentia[m].astype(int),
        })

    def tables(self) -> dict[str, pa.Table]:
        procs, apps = self._records()
        return {"A_TblCase": self._cases(), "B_TblProceeding": procs, "tbl_Court_Appln": apps}

    def _cases(self) -> pa.Table:
        w, n = self.w, self.n
        cols = {c: pa.nulls(n, pa.string()) for c in CASE_COLUMNS}
        cols["IDNCASE"] = _text(self.case)
        cols["NAT"] = _pick(np.array(w.nations), self.nat)
        cols["LANG"] = _pick(np.array(["SP", "ENG", "MAN", "FRE"]), self.nat % 4)
        cols["CUSTODY"] = _dirty(self.rng, _pick(self.custody))
        cols["CASE_TYPE"] = _pick(np.array(["RMV"]), np.zeros(n, dtype=int))
        e28 = np.where(self.represented, self.day - 300, -1)
        cols["E_28_DATE"] = _dates(e28)
        cols["ATTY_NBR"] = _text(np.where(self.represented, 100000 + self.case % 90000, -1))
        cols["C_ASY_TYPE"] = _pick(np.where(self.asylum, self.claim, ""))
        cols["DATE_OF_ENTRY"] = _dates(self.day - 900)
        cols["Sex"] = _pick(np.array(["M", "F"]), self.case % 2)
        return pa.table(cols)

    def _records(self) -> tuple[pa.Table, pa.Table]:
        """Proceedings and applications for every case of the chunk."""
        rng, n, w = self.rng, self.n, self.w
        P: dict[str, list[np.ndarray]] = {k: [] for k in (
            "case", "court", "judge", "kind", "code", "day", "absentia", "seq")}
        A: dict[str, list[np.ndarray]] = {k: [] for k in ("case", "seq", "appl", "day", "dec")}

        def proceeding(idx, court, judge, kind, code, day, absentia, seq):
            for key, value in (("case", self.case[idx]), ("court", court), ("judge", judge),
                               ("kind", kind), ("code", code), ("day", day),
                               ("absentia", absentia), ("seq", np.full(len(idx), seq))):
                P[key].append(np.broadcast_to(value, len(idx)).copy())

        def application(idx, seq, appl, day, dec):
            for key, value in (("case", self.case[idx]), ("seq", np.full(len(idx), seq)),
                               ("appl", appl), ("day", day), ("dec", dec)):
                A[key].append(np.broadcast_to(value, len(idx)).copy())

        asy, state = self.asylum, self.state
        done = np.flatnonzero(asy & (state == 0))
        other_court = (self.court + 1 + rng.integers(0, len(COURTS) - 1, n)) % len(COURTS)
        other_judge = np.array([rng.choice(np.flatnonzero(w.judge_court == c))
                                for c in range(len(COURTS))])[other_court]
        earlier = self.day - rng.integers(30, 400, n)

        # Completed asylum cases: an earlier proceeding moved by venue change or transfer.
        moved = done[self.moved_in[done]]
        proceeding(moved, other_court[moved], other_judge[moved], "OTHER",
                   np.where(rng.random(len(moved)) < 0.5, "C", "T"), earlier[moved], "", 0)
        # ... and the proceeding that completes the case.
        kinds, codes = self._written_outcome(done)
        proceeding(done, self.court[done], self.judge[done], kinds, codes, self.day[done],
                   np.where(self.absentia[done], "Y", "N"), 1)
        self._asylum_applications(done, application)

        # Pending asylum cases: one open proceeding (a reopened one has a completion before).
        pend = np.flatnonzero(asy & (state == 1))
        proceeding(pend, self.court[pend], self.judge[pend], "", "", -1, "", 1)
        reopened = np.flatnonzero(asy & (state == 2))
        proceeding(reopened, self.court[reopened], self.judge[reopened], "DEC", "X",
                   earlier[reopened], "Y", 0)
        proceeding(reopened, self.court[reopened], self.judge[reopened], "", "", -1, "", 1)
        only_moved = np.flatnonzero(asy & (state == 3))
        proceeding(only_moved, self.court[only_moved], self.judge[only_moved], "OTHER", "C",
                   self.day[only_moved], "", 1)
        not_done = np.concatenate([pend, reopened, only_moved])
        application(not_done, 1, "ASYL", self.day[not_done] - 200,
                    np.where(rng.random(len(not_done)) < 0.3, "R", ""))

        # Other cases: a removal case with or without another application, often pending.
        rest = np.flatnonzero(~asy)
        open_ = rng.random(len(rest)) < 0.3
        pick = rng.choice(list(ENCODINGS), len(rest))
        kinds = np.array([ENCODINGS[o][0][0] for o in pick])
        codes = np.array([ENCODINGS[o][0][1] for o in pick])
        proceeding(rest, self.court[rest], self.judge[rest], np.where(open_, "", kinds),
                   np.where(open_, "", codes), np.where(open_, -1, self.day[rest]), "", 1)
        twice = rest[rng.random(len(rest)) < 0.45]
        proceeding(twice, other_court[twice], other_judge[twice], "OTHER", "C", earlier[twice],
                   "", 0)
        with_app = rest[rng.random(len(rest)) < 0.5]
        application(with_app, 1, rng.choice(["245", "42B", "VD"], len(with_app)),
                    self.day[with_app] - 100, rng.choice(["G", "D", ""], len(with_app)))
        return self._proceedings_table(P), self._applications_table(A)

    def _written_outcome(self, idx: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        kinds = np.empty(len(idx), dtype=object)
        codes = np.empty(len(idx), dtype=object)
        for o, name in enumerate(OUTCOMES):
            for e, (kind, code) in enumerate(ENCODINGS[name]):
                at = (self.outcome[idx] == o) & (self.encoding[idx] == e)
                kinds[at], codes[at] = kind, code
        return kinds.astype(str), codes.astype(str)

    def _asylum_applications(self, done: np.ndarray, application) -> None:
        rng = self.rng
        decision = self.asylum_decision[done]
        grants = np.array(["G", "F", "C", "I", "P"])
        code = np.where(decision == "granted", grants[rng.integers(0, 5, len(done))],
                        np.where(decision == "denied", "D",
                                 rng.choice(np.array(["", "W", "M", "A", "S"]), len(done))))
        day = self.day[done]
        earlier = self.ruled_earlier[done]
        # The ruling where it was made: here, or in the proceeding before the move (and an
        # application filed again here, never ruled on).
        application(done[~earlier], 1, "ASYL", day[~earlier] - 250, code[~earlier])
        application(done[earlier], 0, "ASYL", day[earlier] - 500, code[earlier])
        application(done[earlier], 1, "ASYL", day[earlier] - 100, "")
        sup = done[self.superseded[done]]
        flipped = np.where(self.asylum_decision[sup] == "granted", "D", "G")
        application(sup, 1, "ASYL", self.day[sup] - 600, flipped)
        # Withholding and CAT: granted only where that is the outcome, and asylum was not.
        protect = (self.outcome[done] == 1) & (self.encoding[done] == 2)
        application(done[protect], 1, "WCAT", day[protect] - 250,
                    rng.choice(np.array(["L", "G"]), int(protect.sum())))
        others = done[~protect]
        for appl in ("ASYW", "WCAT"):
            application(others, 1, appl, self.day[others] - 250,
                        np.where(self.asylum_decision[others] == "denied", "D", ""))

    def _proceedings_table(self, P) -> pa.Table:
        cols = {k: np.concatenate(v) if v else np.array([]) for k, v in P.items()}
        order = np.lexsort((cols["seq"], cols["case"]))
        cols = {k: v[order] for k, v in cols.items()}
        n = len(order)
        start = int(self.case[0]) * 4
        proc_id = start + np.arange(n, dtype=np.int64)
        w = self.w
        out = {c: pa.nulls(n, pa.string()) for c in PROCEEDING_COLUMNS}
        out["IDNPROCEEDING"] = _text(proc_id)
        out["IDNCASE"] = _text(cols["case"])
        court = np.array(w.courts)[cols["court"].astype(int)]
        out["BASE_CITY_CODE"] = _dirty(self.rng, pa.array(court))
        out["HEARING_LOC_CODE"] = pa.array(court)
        out["IJ_CODE"] = pa.array(w.judges[cols["judge"].astype(int)])
        kind, code = cols["kind"].astype(str), cols["code"].astype(str)
        out["DEC_CODE"] = _dirty(self.rng, pa.array(np.where(kind == "DEC", code, "")))
        out["OTHER_COMP"] = _dirty(self.rng, pa.array(np.where(kind == "OTHER", code, "")))
        out["DEC_TYPE"] = pa.array(np.where(kind == "DEC", "O", ""))
        day = cols["day"].astype(np.int64)
        out["COMP_DATE"] = _dates(day)
        out["OSC_DATE"] = _dates(np.where(day > 0, day - 700, self.w.last_day - 300))
        out["INPUT_DATE"] = out["OSC_DATE"]
        out["HEARING_DATE"] = _dates(np.where(day > 0, day, -1))
        out["ABSENTIA"] = pa.array(cols["absentia"].astype(str))
        out["CASE_TYPE"] = pa.array(np.full(n, "RMV"))
        out["CUSTODY"] = pa.array(np.full(n, "N"))
        self._proc_keys = cols["case"] * 2 + cols["seq"]  # sorted: cases, then their order
        self._proc_ids = proc_id
        return pa.table(out)

    def _applications_table(self, A) -> pa.Table:
        cols = {k: np.concatenate(v) if v else np.array([]) for k, v in A.items()}
        n = len(cols["case"])
        proc = self._proc_ids[np.searchsorted(self._proc_keys,
                                              cols["case"] * 2 + cols["seq"].astype(np.int64))]
        order = self.rng.permutation(n)  # applications are not in case order in the file
        out = {
            "IDNPROCEEDINGAPPLN": _text(int(self.case[0]) * 5 + np.arange(n)),
            "IDNPROCEEDING": _text(proc[order]),
            "IDNCASE": _text(cols["case"][order]),
            "APPL_CODE": pa.array(cols["appl"].astype(str)[order]),
            "APPL_RECD_DATE": _dates(cols["day"].astype(np.int64)[order]),
            "APPL_DEC": _dirty(self.rng, pa.array(cols["dec"].astype(str)[order])),
        }
        return pa.table(out)

    def bad_lines(self) -> dict[str, list[str]]:
        """Rows the ingest must skip: shifted fields, ids that are not numbers, an
        impossible completion date on a copy of a completed case's proceeding."""
        k = max(1, self.n // 40_000)
        rest = self.case[~self.asylum][:k]
        done = self.case[self.counted][:k]
        blank_p = ["" for _ in PROCEEDING_COLUMNS]
        out = {"A_TblCase": [], "B_TblProceeding": [], "tbl_Court_Appln": []}
        for c in rest:
            row = [str(c), "HOUSTON", "TX", "77002"] + [""] * (len(CASE_COLUMNS) - 4)
            row[4] = "7\t7002"  # a tab inside a field shifts the rest of the row
            out["A_TblCase"].append("\t".join(row))
            p = list(blank_p)
            p[0], p[1], p[4] = str(c * 4 + 3), str(c), "HOU\tX"
            out["B_TblProceeding"].append("\t".join(p))
            out["tbl_Court_Appln"].append("\t".join(["1", "2", str(c), "ASYL\tASYL", "", ""]))
        for c in done:
            p = list(blank_p)
            p[0], p[1], p[4] = str(c * 4 + 2), str(c), "HOU"
            p[PROCEEDING_COLUMNS.index("DEC_CODE")] = "X"
            p[PROCEEDING_COLUMNS.index("COMP_DATE")] = "2925-01-01 00:00:00"
            p[PROCEEDING_COLUMNS.index("CASE_TYPE")] = "RMV"
            out["B_TblProceeding"].append("\t".join(p))
            out["tbl_Court_Appln"].append("\t".join(["3", "4", "b6", "ASYL", "", "G"]))
        return out


def _text(values: np.ndarray) -> pa.Array:
    """Whole numbers as text; negative means empty."""
    arr = pa.array(values, type=pa.int64())
    return pc.if_else(pc.less(arr, 0), pa.scalar(None, pa.string()), pc.cast(arr, pa.string()))


def _pick(values: np.ndarray, index: np.ndarray | None = None) -> pa.Array:
    if index is None:
        return pa.array(values.astype(str))
    return pa.DictionaryArray.from_arrays(pa.array(index, type=pa.int32()),
                                          pa.array(values.astype(str))).cast(pa.string())


def _dates(days: np.ndarray) -> pa.Array:
    """Day numbers as EOIR writes dates ('2021-03-04 00:00:00'); negative means empty."""
    days = np.asarray(days, dtype=np.int64)
    as_date = pa.array(np.where(days < 0, 0, days).astype("datetime64[D]"))
    text = pc.binary_join_element_wise(pc.cast(as_date, pa.string()), "00:00:00", " ")
    return pc.if_else(pa.array(days < 0), pa.scalar(None, pa.string()), text)


def _dirty(rng: np.random.Generator, arr: pa.Array) -> pa.Array:
    """Codes as the release writes some of them: with a trailing space or a NUL byte."""
    n = len(arr)
    mask = rng.random(n) < 0.002
    if not mask.any():
        return arr
    suffix = np.where(rng.random(int(mask.sum())) < 0.5, " ", "\x00")
    dirty = pc.binary_join_element_wise(pc.filter(arr, pa.array(mask)), pa.array(suffix), "")
    return pc.replace_with_mask(arr, pa.array(mask), dirty)


class _TableWriter:
    def __init__(self, path: Path, columns: list[str]) -> None:
        self.f = open(path, "wb")  # noqa: SIM115 - closed by close()
        self.f.write(("\t".join(columns) + "\r\n").encode())

    def write(self, table: pa.Table) -> None:
        pacsv.write_csv(table, self.f, write_options=pacsv.WriteOptions(
            include_header=False, delimiter="\t", quoting_style="none"))

    def raw(self, lines: list[str]) -> None:
        self.f.write("".join(line + "\r\n" for line in lines).encode("latin-1"))

    def close(self) -> None:
        self.f.close()


def _zip(out: Path, release_date: date) -> Path:
    target = out.with_suffix(".zip")
    stamp = (release_date.year, release_date.month, release_date.day, 0, 0, 0)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        for p in sorted(out.rglob("*")):
            if p.is_file() and not p.name.startswith("truth"):
                info = zipfile.ZipInfo(str(p.relative_to(out)), stamp)
                info.compress_type = zipfile.ZIP_DEFLATED
                with open(p, "rb") as src, z.open(info, "w", force_zip64=True) as dst:
                    while block := src.read(1 << 22):
                        dst.write(block)
    return target
