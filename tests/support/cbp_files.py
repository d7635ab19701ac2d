"""CBP nationwide encounter files in the real layout, for tests and benchmarks only.

`write_release` spreads each month of a southwest series (the frozen test data's, so
the southwest sums are the shipped figures) over sectors, field offices,
demographics and citizenships at random, adds northern and other-region rows, and
writes the file as CBP does (header, `2025 (FYTD)`, `Remaining` months, quoted
citizenship names, counts written `9584.0` here and there, CRLF). It returns the
truth: every count it wrote, by the breakdowns the bot keeps.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np
import pandas as pd

from bot.encounters.read import HEADER
from bot.store import months
from tests.support.paths import DATA

SW_SECTORS = [("Big Bend Sector", "BBT"), ("Del Rio Sector", "DRT"), ("El Centro Sector", "ELC"),
              ("El Paso Sector", "EPT"), ("Laredo Sector", "LRT"),
              ("Rio Grande Valley Sector", "RGV"), ("San Diego Sector", "SDC"),
              ("Tucson Sector", "TCA"), ("Yuma Sector", "YUM")]
SW_OFFICES = [("El Paso Field Office", "El Paso"), ("Laredo Field Office", "Laredo"),
              ("San Diego Field Office", "San Diego"), ("Tucson Field Office", "Tucson")]
NORTH = [("U.S. Border Patrol", "Swanton Sector", "SWB"),
         ("U.S. Border Patrol", "Blaine Sector", "BLW"),
         ("Office of Field Operations", "Buffalo Field Office", "Buffalo"),
         ("Office of Field Operations", "Seattle Field Office", "Seattle")]
OTHER = [("U.S. Border Patrol", "Miami Sector", "MIP"),
         ("Office of Field Operations", "New York Field Office", "New York")]
# The rest of CBP's areas of responsibility, written in full-size files only.
NORTH_MORE = [("U.S. Border Patrol", f"{n} Sector", a) for n, a in
              (("Buffalo", "BUN"), ("Detroit", "DTM"), ("Grand Forks", "GFN"),
               ("Havre", "HVM"), ("Houlton", "HLT"), ("Spokane", "SPW"))] + \
    [("Office of Field Operations", f"{n} Field Office", n) for n in ("Boston", "Detroit")]
OTHER_MORE = [("U.S. Border Patrol", f"{n} Sector", a) for n, a in
              (("New Orleans", "NOL"), ("Ramey", "RMY"))] + \
    [("Office of Field Operations", f"{n} Field Office", n) for n in
     ("Atlanta", "Baltimore", "Chicago", "Houston", "Los Angeles", "Miami", "New Orleans",
      "San Francisco", "San Juan")]
DEMOGRAPHICS = ["Single Adults", "FMUA", "Accompanied Minors", "UAC"]
CITIZENSHIPS = ["BRAZIL", "CANADA", "CHINA, PEOPLES REPUBLIC OF", "COLOMBIA", "CUBA", "ECUADOR",
                "EL SALVADOR", "GUATEMALA", "HAITI", "HONDURAS", "INDIA", "MEXICO",
                "MYANMAR (BURMA)", "NICARAGUA", "OTHER", "PERU", "PHILIPPINES", "ROMANIA",
                "RUSSIA", "TURKEY", "UKRAINE", "VENEZUELA"]
REGION_NAMES = {"southwest": "Southwest Land Border", "northern": "Northern Land Border",
                "other": "Other"}


def southwest_series(data_dir: Path = DATA) -> pd.DataFrame:
    """The monthly southwest series the file is built from (fiscal_year, month number,
    border_patrol, ports_of_entry, title42)."""
    frame = pd.read_csv(data_dir / "cbp_border_encounters.csv")
    frame["month"] = frame["month"].map(lambda m: months.parse(m))
    return frame


def write_release(path: Path, series: pd.DataFrame, *, seed: int = 1, full: bool = False,
                  closed: bool = False, decimals: bool = True) -> pd.DataFrame:
    """Write one release covering `series`'s months; return its truth (one row per count).

    `full` writes every sector, office, demographic and citizenship with zeros, as CBP
    does (the real size); otherwise a few of each, for fast tests. `closed` writes the
    last fiscal year as closed (no FYTD marker).
    """
    rng = np.random.default_rng(seed)
    sectors = SW_SECTORS if full else SW_SECTORS[:3]
    offices = SW_OFFICES if full else SW_OFFICES[:2]
    citizenships = CITIZENSHIPS if full else ["MEXICO", "VENEZUELA",
                                              "CHINA, PEOPLES REPUBLIC OF", "OTHER"]
    current = int(series["fiscal_year"].max())
    last_month = int(series[series["fiscal_year"] == current]["month"].iloc[-1])
    rows: list[tuple] = []
    for r in series.itertuples(index=False):
        y, m = int(r.fiscal_year), int(r.month)
        t42_bp = min(int(r.title42), int(r.border_patrol))
        t42_ports = int(r.title42) - t42_bp
        plan = [("U.S. Border Patrol", "southwest", sectors, "Title 8", "Apprehensions",
                 int(r.border_patrol) - t42_bp),
                ("U.S. Border Patrol", "southwest", sectors, "Title 42", "Expulsions", t42_bp),
                ("Office of Field Operations", "southwest", offices, "Title 8", "Inadmissibles",
                 int(r.ports_of_entry) - t42_ports),
                ("Office of Field Operations", "southwest", offices, "Title 42", "Expulsions",
                 t42_ports)]
        north = NORTH + (NORTH_MORE if full else [])
        for comp, aor, abbv in north + OTHER + (OTHER_MORE if full else []):
            region = "northern" if (comp, aor, abbv) in north else "other"
            kind = "Apprehensions" if comp == "U.S. Border Patrol" else "Inadmissibles"
            plan.append((comp, region, [(aor, abbv)], "Title 8", kind,
                         int(rng.integers(50, 3000))))
        for comp, region, places, title, kind, n in plan:
            cells = [(a, b, d, c) for a, b in places for d in DEMOGRAPHICS for c in citizenships]
            split = rng.multinomial(n, rng.dirichlet(np.ones(len(cells)) * 0.7)) if n else \
                np.zeros(len(cells), dtype=int)
            if not full and title == "Title 42" and n == 0:
                continue  # small files leave out rows of nothing
            for (aor, abbv, demo, cit), count in zip(cells, split, strict=True):
                if full or count:
                    rows.append((y, m, comp, region, aor, abbv, demo, cit, title, kind,
                                 int(count)))
    truth = pd.DataFrame(rows, columns=["fiscal_year", "month", "component", "region", "aor",
                                        "aor_abbv", "demographic", "citizenship", "title",
                                        "type", "count"])
    _write(path, truth, current, last_month, closed, decimals, rng)
    return truth


def _write(path: Path, truth: pd.DataFrame, current: int, last_month: int, closed: bool,
           decimals: bool, rng) -> None:
    cut = months.position(last_month)
    rows = truth.iloc[rng.permutation(len(truth))]  # CBP's rows are not in fiscal order
    position = rows["month"].map(months.position)
    out = pd.DataFrame({
        HEADER[0]: np.where((rows["fiscal_year"] == current) & (not closed),
                            rows["fiscal_year"].astype(str) + " (FYTD)",
                            rows["fiscal_year"].astype(str)),
        HEADER[1]: np.where(position <= cut, "FYTD", "Remaining"),
        HEADER[2]: rows["month"].map(lambda m: months.name(m)[:3].upper()),
        HEADER[3]: rows["component"], HEADER[4]: rows["region"].map(REGION_NAMES),
        HEADER[5]: rows["aor"], HEADER[6]: rows["aor_abbv"], HEADER[7]: rows["demographic"],
        HEADER[8]: rows["citizenship"], HEADER[9]: rows["title"], HEADER[10]: rows["type"],
        HEADER[11]: rows["count"].astype(str),
    })
    if decimals:  # some counts written as CBP's older files write them: 9584.0
        every7 = np.arange(len(out)) % 7 == 0
        out.loc[every7, HEADER[11]] = out.loc[every7, HEADER[11]] + ".0"
    if not closed:  # the current year's future months, as CBP lists them: zeros
        future = [[f"{current} (FYTD)", "Remaining", months.name(m)[:3].upper(),
                   "U.S. Border Patrol", "Southwest Land Border", SW_SECTORS[0][0],
                   SW_SECTORS[0][1], "Single Adults", "MEXICO", "Title 8", "Apprehensions",
                   "0"] for m in months.ORDER[cut:]]
        out = pd.concat([out, pd.DataFrame(future, columns=list(HEADER))], ignore_index=True)
    text = io.StringIO()
    out.to_csv(text, index=False, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    Path(path).write_bytes(text.getvalue().encode())


def with_month(series: pd.DataFrame, fiscal_year: int, month: int, border_patrol: int,
               ports: int) -> pd.DataFrame:
    """The series with one more month after its last."""
    row = {"fiscal_year": fiscal_year, "month": month, "border_patrol": border_patrol,
           "ports_of_entry": ports, "title42": 0, "total": border_patrol + ports,
           "per_day": 0.0}
    return pd.concat([series, pd.DataFrame([row])], ignore_index=True)


def series_span(first_year: int, last_year: int, last_month: int = 9,
                data_dir: Path = DATA) -> pd.DataFrame:
    """A southwest series from October of `first_year` to `last_month` of `last_year`:
    the shipped months where they exist, made-up ones (for tests only) elsewhere."""
    shipped = {(int(r.fiscal_year), int(r.month)): r for r in
               southwest_series(data_dir).itertuples(index=False)}
    rows = []
    for y in range(first_year, last_year + 1):
        for m in months.ORDER:
            if y == last_year and months.position(m) > months.position(last_month):
                break
            r = shipped.get((y, m))
            if r is not None:
                rows.append({"fiscal_year": y, "month": m, "border_patrol": int(r.border_patrol),
                             "ports_of_entry": int(r.ports_of_entry), "title42": int(r.title42),
                             "total": int(r.total), "per_day": 0.0})
                continue
            bp, ports = 40_000 + 1_000 * months.position(m) + 7 * y % 100, 9_000 + 11 * y % 50
            rows.append({"fiscal_year": y, "month": m, "border_patrol": bp,
                         "ports_of_entry": ports, "title42": 0, "total": bp + ports,
                         "per_day": 0.0})
    return pd.DataFrame(rows)
