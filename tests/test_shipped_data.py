"""The data the bot ships, checked against its published source.

Every other test uses the frozen copy in tests/fixtures/data. When TRAC revises
a year and an editor updates data/, this is the one test that says so: update
the published table below from the new publication at the same time.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

from bot.answers.service import Answers
from bot.store.loader import load
from bot.store.reader import Reader
from tests.support.paths import ROOT, SHIPPED_DATA

PUBLISHED = ROOT / "tests" / "fixtures" / "published" / "trac_asylum_outcomes_may2024.csv"
# The story the product grew from, where the project's shared material is beside it.
ARTICLE = ROOT.parent / "shared" / "seed" / "article.txt"
MEASURES = ["ordered_removed", "granted_asylum", "allowed_to_remain"]


@pytest.fixture(scope="module")
def shipped_db(tmp_path_factory):
    """The shipped data/, loaded once for this module."""
    db = tmp_path_factory.mktemp("shipped") / "store.db"
    load(SHIPPED_DATA, db)
    return db


@pytest.fixture(scope="module")
def datasets(shipped_db):
    return Reader(shipped_db).snapshot().datasets


@pytest.fixture(scope="module")
def shipped(datasets):
    return datasets["trac_asylum_outcomes"]


def published() -> pd.DataFrame:
    return pd.read_csv(PUBLISHED, comment="#")


def test_shipped_figures_match_the_published_table(shipped):
    table = published()
    assert shipped.years == list(table.year)
    for rec in table.to_dict(orient="records"):
        row = shipped.row(rec["year"])
        assert row.values == {m: rec[m] for m in MEASURES}, rec["year"]
        assert (row.period.label if row.partial else "full year") == rec["covers"]


def test_the_published_table_is_the_one_in_the_story():
    if not ARTICLE.exists():
        pytest.skip("the story is not beside this checkout")
    lines = [ln for ln in ARTICLE.read_text().splitlines() if re.match(r"^\d{4}\b.*\|", ln)]
    story = {}
    for line in lines:
        year, *cells = [c.strip() for c in line.strip("| ").split("|")]
        story[int(year[:4])] = [int(c.replace(",", "")) for c in cells[:3]]
    assert story == {r.year: [r.ordered_removed, r.granted_asylum, r.allowed_to_remain]
                     for r in published().itertuples()}


def test_the_reporters_checks_hold_on_the_shipped_data(shipped_db):
    service = Answers(Reader(shipped_db))
    totals = {v.measure: v.value for v in service.ask("/totals 2021 2024").values}
    assert (totals["not_removed"], totals["total"]) == (499076, 639114)  # "499,000 of 648,000"
    assert service.ask("/compare 2014 2022").headline.endswith("9.9 times as many.")


DHS_PUBLISHED = ROOT / "tests" / "fixtures" / "published" / "dhs_yearbook_2023_table16.csv"
DHS_SHARED = (ROOT.parent / "shared" / "data"
              / "dhs_ohss_individuals_granted_asylum_fy1990_fy2023.csv")


def test_shipped_dhs_grants_match_the_yearbook(datasets):
    ds = datasets["dhs_asylum_grants"]
    table = pd.read_csv(DHS_PUBLISHED, comment="#")
    assert ds.years == list(table.fiscal_year)
    for rec in table.to_dict(orient="records"):
        row = ds.row(rec["fiscal_year"])
        assert (row.values["affirmative"], row.values["defensive"], row.published_total) == \
            (rec["affirmative_uscis"], rec["defensive_eoir"], rec["total_granted"])


def test_the_dhs_table_is_the_one_in_the_desks_reference_data():
    if not DHS_SHARED.exists():
        pytest.skip("the desk's reference data is not beside this checkout")
    cols = ["fiscal_year", "total_granted", "affirmative_uscis", "defensive_eoir"]
    assert pd.read_csv(DHS_SHARED)[cols].equals(pd.read_csv(DHS_PUBLISHED, comment="#")[cols])


CBP_ANNUAL = ROOT / "tests" / "fixtures" / "published" / "cbp_sw_encounters_annual.csv"
CBP_SHARED = (ROOT.parent / "shared" / "data"
              / "cbp_sw_border_encounters_monthly_fy2022_fy2025.csv")


def test_shipped_cbp_months_add_up_to_cbps_published_years(datasets):
    ds = datasets["cbp_border_encounters"]
    for rec in pd.read_csv(CBP_ANNUAL, comment="#").to_dict(orient="records"):
        row = ds.row(rec["fiscal_year"])
        assert row.period.months == rec["months"]
        assert (row.published_total, row.values["border_patrol"], row.values["ports_of_entry"],
                row.values["title42"]) == (rec["total"], rec["border_patrol"],
                                           rec["ports_of_entry"], rec["title42"])


def test_april_2024_is_the_storys_5990_a_day(shipped_db):
    answer = Answers(Reader(shipped_db)).ask("/encounters 2024-04")
    per_day = next(v.value for v in answer.values if v.measure == "per_day")
    assert round(per_day, -1) == 5990


def test_the_cbp_months_are_the_ones_in_the_desks_reference_data(datasets):
    if not CBP_SHARED.exists():
        pytest.skip("the desk's reference data is not beside this checkout")
    ds = datasets["cbp_border_encounters"]
    shared = pd.read_csv(CBP_SHARED)
    assert len(shared) == len(ds.months)
    for rec, row in zip(shared.to_dict(orient="records"), ds.months, strict=True):
        assert (rec["fiscal_year"], rec["total_encounters"], rec["avg_per_day_total"]) == \
            (row.year, row.published_total, row.daily_average)


EOIR_PUBLISHED = ROOT / "tests" / "fixtures" / "published" / "eoir_workload_two_releases.csv"


def test_shipped_eoir_releases_match_the_published_tables(datasets):
    ds = datasets["eoir_workload"]
    table = pd.read_csv(EOIR_PUBLISHED, comment="#", dtype={"release": str})
    shipped = {(r.year, code): r for code, rows in ds.releases.items() for r in rows}
    assert len(shipped) == len(table)
    for rec in table.to_dict(orient="records"):
        row = shipped[(rec["fiscal_year"], rec["release"])]
        assert row.values == {"pending": rec["pending"], "new_cases": rec["new_cases"],
                              "completions": rec["completions"]}
    assert shipped[(2021, "2021-04-19")].period.months == 6  # FY2021 through Q2 only


BACKLOG_SHARED = ROOT.parent / "shared" / "data" / "court_backlog_point_figures.csv"


def test_every_shipped_reported_figure_is_in_the_desks_reference_data(datasets):
    """Each reported figure appears in the reference files, as digits, millions or a rate."""
    if not BACKLOG_SHARED.exists():
        pytest.skip("the desk's reference data is not beside this checkout")
    reference = " ".join(p.read_text() for p in BACKLOG_SHARED.parent.glob("*.csv"))
    figures = datasets["reported_figures"].reported
    assert len(figures) == 29
    for r in figures:
        forms = ([f"{r.value:g}%", f"{r.value:.1f}%"] if r.percent
                 else [f"{r.value:,}", f"{r.value / 1e6:g} million"])
        assert any(form in reference for form in forms), r


def test_shipped_cbp_annual_totals_are_cbps_published_ones(datasets):
    annual = datasets["cbp_encounters_annual"]
    for rec in pd.read_csv(CBP_ANNUAL, comment="#").to_dict(orient="records"):
        row = annual.row(rec["fiscal_year"])
        assert (row.period.months, row.published_total, row.values["title42"]) == \
            (rec["months"], rec["total"], rec["title42"])


REGIONS_PUBLISHED = ROOT / "tests" / "fixtures" / "published" / "usbp_encounters_by_region.csv"
REGIONS_SHARED = (ROOT.parent / "shared" / "data"
                  / "usbp_encounters_annual_by_region_fy2000_fy2025partial.csv")
REGION_COLUMNS = {"Southwest Land Border": "southwest", "Northern Land Border": "northern",
                  "Coastal Border": "coastal"}


def test_shipped_regions_match_the_published_table(datasets):
    ds = datasets["usbp_encounters_by_region"]
    table = pd.read_csv(REGIONS_PUBLISHED, comment="#")
    assert len(table) == 3 * len(ds.rows)
    for rec in table.to_dict(orient="records"):
        assert ds.row(rec["fiscal_year"]).values[REGION_COLUMNS[rec["region"]]] == \
            rec["encounters"]
    assert ds.row(2025).period.months == 2


def test_the_region_table_is_the_one_in_the_desks_reference_data():
    if not REGIONS_SHARED.exists():
        pytest.skip("the desk's reference data is not beside this checkout")
    shared = pd.read_csv(REGIONS_SHARED)
    published = pd.read_csv(REGIONS_PUBLISHED, comment="#")
    assert list(shared.usbp_encounters_rounded_to_10) == list(published.encounters)
