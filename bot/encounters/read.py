"""Read CBP's nationwide encounters file (by area of responsibility) as published.

Every value is checked; the first one that is not what CBP writes stops the read,
naming the file, row and column, so a changed or garbled file never reaches the store.
The layout and its quirks are in docs/sources.md: fiscal years written `2025 (FYTD)`,
the current year's `Remaining` months (future months, dropped) beside closed years'
(real months, kept), `UAC` and `UC / Single Minors` as one demographic, counts
written `9584.0`, quoted citizenship names, CRLF.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from bot.answers import fmt
from bot.store import months
from bot.store.errors import DataFileError

HEADER = ("Fiscal Year", "Month Grouping", "Month (abbv)", "Component", "Land Border Region",
          "Area of Responsibility", "AOR (Abbv)", "Demographic", "Citizenship",
          "Title of Authority", "Encounter Type", "Encounter Count")
COMPONENTS = {"U.S. Border Patrol": "border_patrol", "Office of Field Operations": "ports"}
REGIONS = {"Southwest Land Border": "southwest", "Northern Land Border": "northern",
           "Other": "other"}
DEMOGRAPHICS = {"Single Adults": "single_adults", "FMUA": "families",
                "Accompanied Minors": "accompanied_minors", "UAC": "unaccompanied_children",
                "UC / Single Minors": "unaccompanied_children"}
TITLES = {"Title 8": "title8", "Title 42": "title42"}
TYPES = {"Apprehensions", "Inadmissibles", "Expulsions"}
GROUPINGS = {"FYTD", "Remaining"}
MONTHS = {months.name(m)[:3].upper(): m for m in range(1, 13)}
COLUMNS = ["fiscal_year", "month", "region", "component", "aor", "aor_abbv", "demographic",
           "citizenship", "title", "type", "count"]


@dataclass(frozen=True)
class Encounters:
    """One release: counts by month and every breakdown, and the months it covers."""

    frame: pd.DataFrame  # COLUMNS; one row per combination with a count above zero
    months: tuple[tuple[int, int], ...]  # (fiscal year, month), in fiscal order
    name: str

    @property
    def latest(self) -> tuple[int, int]:
        return self.months[-1]

    @property
    def covers(self) -> str:
        """'October 2022 to July 2026'."""
        (y0, m0), (y1, m1) = self.months[0], self.months[-1]
        return f"{months.label(y0, m0)} to {months.label(y1, m1)}"


def check_header(first_line: str, name: str) -> None:
    """The file's first line against CBP's header; a renamed or missing column is named."""
    got = [c.strip().strip('"') for c in first_line.lstrip("\ufeff").strip().split(",")]
    if got[:1] and got[0].lower().startswith("<"):
        raise DataFileError(name, "is a web page, not CBP's CSV (a refusal or an error page "
                                  "served in its place)")
    for i, want in enumerate(HEADER):
        if i >= len(got):
            raise DataFileError(name, f"the header has no column {want!r} (column {i + 1})",
                                row=1)
        if got[i] != want:
            raise DataFileError(name, f"column {i + 1} of the header is {got[i][:40]!r}, "
                                      f"expected {want!r}", row=1)


def read(path: Path, name: str | None = None) -> Encounters:
    """Parse and check the file; raise DataFileError naming the first bad cell."""
    name = name or Path(path).name
    raw = Path(path).read_bytes()
    text = raw.decode("utf-8-sig", errors="strict") if raw else ""
    check_header(text.split("\n", 1)[0], name)
    frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    if frame.empty:
        raise DataFileError(name, "has a header and no rows")
    frame.columns = list(HEADER) + list(frame.columns[len(HEADER):])
    out = pd.DataFrame(index=frame.index)
    fy = frame["Fiscal Year"].str.extract(r"^(\d{4})( \(FYTD\))?$")
    _bad(frame, fy[0].isna(), "Fiscal Year", name, "a fiscal year (2024 or 2025 (FYTD))")
    out["fiscal_year"] = fy[0].astype(int)
    current = set(out.loc[fy[1].notna(), "fiscal_year"])
    _bad(frame, ~frame["Month Grouping"].isin(GROUPINGS), "Month Grouping", name,
         "FYTD or Remaining")
    out["month"] = frame["Month (abbv)"].str.strip().map(MONTHS)
    _bad(frame, out["month"].isna(), "Month (abbv)", name, "a month (JAN to DEC)")
    for column, codes, key in (("Component", COMPONENTS, "component"),
                               ("Land Border Region", REGIONS, "region"),
                               ("Demographic", DEMOGRAPHICS, "demographic"),
                               ("Title of Authority", TITLES, "title")):
        out[key] = frame[column].str.strip().map(codes)
        _bad(frame, out[key].isna(), column, name, " or ".join(codes))
    _bad(frame, ~frame["Encounter Type"].isin(TYPES), "Encounter Type", name,
         " or ".join(sorted(TYPES)))
    out["type"] = frame["Encounter Type"]
    for column, key in (("Area of Responsibility", "aor"), ("AOR (Abbv)", "aor_abbv"),
                        ("Citizenship", "citizenship")):
        out[key] = frame[column].str.strip()
        _bad(frame, out[key] == "", column, name, "a name")
    count = frame["Encounter Count"].str.strip()
    _bad(frame, ~count.str.fullmatch(r"\d+(\.0+)?"), "Encounter Count", name,
         "a whole number of encounters")
    out["count"] = count.str.split(".").str[0].astype("int64")
    # The current year's Remaining months have not happened; a closed year's have.
    future = out["fiscal_year"].isin(current) & (frame["Month Grouping"] == "Remaining")
    out = out[~future]
    covered = sorted({(int(y), int(m)) for y, m in zip(out["fiscal_year"], out["month"],
                                                        strict=True)},
                     key=lambda ym: (ym[0], months.position(ym[1])))
    kept = out[out["count"] > 0].groupby(COLUMNS[:-1], observed=True)["count"].sum()
    return Encounters(kept.reset_index(), tuple(covered), name)


def _bad(frame: pd.DataFrame, mask: pd.Series, column: str, name: str, want: str) -> None:
    if mask.any():
        i = int(mask.to_numpy().nonzero()[0][0])
        value = str(frame[column].iloc[i])[:40]
        raise DataFileError(name, f"{value!r} is not {want}", row=i + 2, column=column)


def southwest_csv(frame: pd.DataFrame, held: list[tuple[int, int]]) -> bytes:
    """The southwest monthly series in the layout of data/cbp_border_encounters.csv:
    every encounter at the southwest land border, both components, both titles, for
    each month `held` (a month held with no encounters is a zero, not a gap)."""
    sw = frame[frame["region"] == "southwest"] if "region" in frame else frame
    lines = ["fiscal_year,month,border_patrol,ports_of_entry,title42,total,per_day"]
    by = {k: v for k, v in sw.groupby(["fiscal_year", "month", "component"])["count"].sum()
          .items()}
    t42 = {k: v for k, v in sw[sw["title"] == "title42"].groupby(["fiscal_year", "month"])
           ["count"].sum().items()}
    for y, m in held:
        bp, ports = int(by.get((y, m, "border_patrol"), 0)), int(by.get((y, m, "ports"), 0))
        total = bp + ports
        per_day = fmt.decimal(fmt.quotient(total, months.days(y, m)), 1).replace(",", "")
        lines.append(f"{y},{months.name(m)[:3].upper()},{bp},{ports},{int(t42.get((y, m), 0))},"
                     f"{total},{per_day}")
    return ("\n".join(lines) + "\n").encode()


def annual_csv(series: bytes) -> bytes:
    """CBP's fiscal-year totals in the layout of data/cbp_encounters_annual.csv, summed from
    the same months as the monthly series, so the two never disagree; a year not yet
    over is labelled through its last month."""
    frame = pd.read_csv(io.BytesIO(series), dtype={"month": str})
    lines = ["fiscal_year,period,border_patrol,ports_of_entry,title42,total"]
    for year, group in frame.groupby("fiscal_year", sort=True):
        last = months.parse(group["month"].iloc[-1])
        period = "full" if len(group) == 12 else f"through-{months.name(last).lower()}"
        sums = [int(group[c].sum()) for c in ("border_patrol", "ports_of_entry", "title42",
                                              "total")]
        lines.append(f"{year},{period}," + ",".join(map(str, sums)))
    return ("\n".join(lines) + "\n").encode()
