"""`eoir check`: the case-level TRAC view beside TRAC's own figures, with ratios."""

from __future__ import annotations

import dataclasses
from fractions import Fraction

import pytest

from bot.answers.errors import NotIngested
from bot.eoir.check import check
from bot.settings import Settings
from bot.store.loader import load
from bot.store.reader import Reader
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
    r = rows[("FY2022", "TRAC view: granted")]
    assert r["trac"] == trac.row(2022).values["granted_asylum"]
    assert r["ratio"] == Fraction(r["case_level"], r["trac"])
    decisions = rows[("FY2022", "asylum decisions")]
    assert decisions["trac"] == 51607 and "TRAC report 703" in decisions["source"]
    granted = rows[("FY2021", "asylum granted")]
    assert granted["trac"] == 8945  # the revised figure, not the first one
    assert "(partial year)" in rows[("FY2024", "TRAC view: granted")]["source"]
    text = result.text()
    assert "TRAC view: removed" in text and "ratio" in text
    assert result.to_json()["rows"][0]["year"].startswith("FY")


def test_check_without_a_release_says_how_to_ingest(tmp_path, settings):
    with pytest.raises(NotIngested, match="python -m bot eoir ingest"):
        check(tmp_path / "none.db", settings)
