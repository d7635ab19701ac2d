"""`eoir check`: the case-level figures in TRAC's three columns beside TRAC's own, with ratios."""

from __future__ import annotations

import dataclasses
from fractions import Fraction

import pytest

from bot.answers.errors import NotIngested
from bot.eoir.cases import CaseStore, Filters
from bot.eoir.check import check
from bot.settings import Settings
from bot.store.loader import load
from bot.store.reader import Reader
from tests.support.eoir import MiniRelease
from tests.support.paths import DATA


@pytest.fixture(scope="module")
def settings(tmp_path_factory) -> Settings:
    db = tmp_path_factory.mktemp("main") / "store.db"
    load(DATA, db)
    return dataclasses.replace(Settings(), db_path=db, data_dir=DATA)


def test_years_in_both_are_set_side_by_side(case_store, settings):
    result = check(case_store, settings)
    rows = {(r["year"], r["measure"]): r for r in result.rows}
    trac = Reader(settings.db_path).snapshot().datasets["trac_asylum_outcomes"]
    r = rows[("FY2022", "granted asylum")]
    assert r["trac"] == trac.row(2022).values["granted_asylum"]
    assert r["ratio"] == Fraction(r["case_level"], r["trac"])
    decisions = rows[("FY2022", "asylum decisions")]
    assert decisions["trac"] == 51607 and "TRAC report 703" in decisions["source"]
    granted = rows[("FY2021", "asylum granted")]
    assert granted["trac"] == 8945  # the revised figure, not the first one
    text = result.text()
    assert "ordered removed" in text and "ratio" in text
    assert result.to_json()["rows"][0]["year"].startswith("FY")


def test_the_columns_are_trac_s_voluntary_departure_apart(case_store, settings):
    snap = CaseStore(case_store).snapshot()
    year = CaseStore(case_store).dataset(snap, Filters()).row(2022).values
    rows = {r["measure"]: r for r in check(case_store, settings).rows if r["year"] == "FY2022"}
    assert rows["ordered removed"]["case_level"] == year["removal"]  # no voluntary departures
    assert rows["allowed to remain"]["case_level"] == sum(
        year[m] for m in ("other_protection", "other_relief", "terminated", "admin_closed",
                          "other"))
    assert rows["voluntary departure (apart)"]["case_level"] == year["voluntary_departure"]
    assert rows["voluntary departure (apart)"]["trac"] is None


def test_trac_s_part_year_is_met_with_the_same_months(tmp_path, settings):
    r = MiniRelease()
    r.asylum_case(1, dec="X", comp="2023-10-02")  # FY2024, October: in TRAC's months
    r.asylum_case(2, dec="X", comp="2024-04-30")  # April: the last month TRAC counts
    r.asylum_case(3, dec="X", comp="2024-05-01")  # May: after TRAC's FY2024 stops
    r.asylum_case(4, dec="V", comp="2024-01-15")  # voluntary departure: apart
    result = check(r.ingest(tmp_path), settings)
    rows = {r["measure"]: r for r in result.rows if r["year"].startswith("FY2024")}
    assert rows["ordered removed"]["year"] == "FY2024 through April"
    assert rows["ordered removed"]["case_level"] == 2
    assert rows["voluntary departure (apart)"]["case_level"] == 1
    assert any("cut at the same month" in n for n in result.notes)


def test_check_without_a_release_says_how_to_ingest(tmp_path, settings):
    with pytest.raises(NotIngested, match="python -m bot eoir ingest"):
        check(tmp_path / "none.db", settings)
