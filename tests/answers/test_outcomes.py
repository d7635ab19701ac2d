"""/outcomes: exact figures, shares, change from the year before, partial-year labels."""

from __future__ import annotations

import shutil
from fractions import Fraction

import pytest

from bot.answers.errors import UnknownYear
from bot.answers.service import Answers
from bot.store.loader import load
from bot.store.reader import Reader
from tests.support.paths import DATA


def values(answer, basis="counted"):
    return {v.measure: v.value for v in answer.values if v.basis == basis}


def test_fy2022_figures(service):
    a = service.ask("/outcomes 2022")
    assert values(a) == {"ordered_removed": 36250, "granted_asylum": 31859,
                         "allowed_to_remain": 102550, "total": 170659}
    remain = next(v for v in a.values if v.measure == "allowed_to_remain")
    assert remain.share == pytest.approx(0.6009, abs=1e-4)
    assert (remain.year, remain.period, remain.months, remain.partial) == \
        (2022, "full year", 12, False)
    change = {c.measure: c for c in a.changes}["allowed_to_remain"]
    assert (change.from_year, change.to_year, change.change, change.basis) == \
        (2021, 2022, 102550 - 18119, "counted")
    assert a.title == "Asylum case outcomes in US immigration courts, FY2022"
    assert a.headline == (
        "Allowed to remain was the most common outcome in FY2022: 102,550 of 170,659 "
        "asylum cases (60.1%)."
    )
    assert not a.partial


def test_fy2022_tables_exact(service):
    main, change = service.ask("/outcomes 2022").tables
    assert main.text() == (
        "FY2022              Cases  Share\n"
        "Ordered removed    36,250  21.2%\n"
        "Granted asylum     31,859  18.7%\n"
        "Allowed to remain 102,550  60.1%\n"
        "Total             170,659 100.0%"
    )
    assert change.text() == (
        "vs FY2021           Change       %\n"
        "Ordered removed    +18,251 +101.4%\n"
        "Granted asylum     +18,086 +131.3%\n"
        "Allowed to remain  +84,431 +466.0%\n"
        "Total             +120,768 +242.1%"
    )


def test_partial_year_changes_are_against_its_full_year_estimate(service):
    a = service.ask("/outcomes 2024")
    main, change = a.tables
    # The counts as counted, marked; the change only against the full-year estimate.
    assert main.text().splitlines()[0].startswith("FY2024*")
    assert "* FY2024: through April only (7 of 12" in main.text()
    assert change.text().splitlines()[:5] == [
        "est. vs FY2023     Change      %",
        "Ordered removed    +4,730  +9.0%",
        "Granted asylum     +2,340  +5.4%",
        "Allowed to remain +45,854 +30.7%",
        "Total             +52,924 +21.6%",
    ]
    assert "× 12/7" in change.text() and "an estimate, not a count" in change.text()
    granted = {c.measure: c for c in a.changes}["granted_asylum"]
    assert (granted.from_value, granted.to_value, granted.basis) == \
        (43113, Fraction(26514 * 12, 7), "estimate")
    assert values(a)["granted_asylum"] == 26514
    assert values(a, "estimate")["granted_asylum"] == Fraction(26514 * 12, 7)


def test_change_from_a_partial_year_before_is_like_for_like(service, tmp_path):
    """A full year after a partial one compares with the partial year's estimate."""
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    csv = data / "trac_asylum_outcomes.csv"
    csv.write_text(csv.read_text().replace("2023,full,", "2023,through-april,")
                   .replace("2024,through-april,33349,26514,113843", "2024,full,1,2,3"))
    load(data, tmp_path / "s.db")
    a = Answers(Reader(tmp_path / "s.db")).ask("/outcomes 2024")
    assert a.tables[1].header[0] == "vs FY2023 est."
    assert {c.measure: c.from_value for c in a.changes}["granted_asylum"] == \
        round(43113 * 12 / 7)


def test_partial_year_is_labelled_everywhere(service):
    a = service.ask("/outcomes 2024")
    assert a.partial
    assert "FY2024 (through April)" in a.title
    assert "FY2024 (through April)" in a.headline
    assert a.caveats[0].startswith("FY2024 covers through April only (7 of 12 months)")
    assert "through April" in a.chart.title
    assert any("Partial year" in n for n in a.chart.notes)
    assert a.chart.hatched == (0,)
    assert "7 of 12 months" in a.chart.alt_text


def test_no_sentence_states_a_fall_from_part_of_a_year(service):
    for q in ("/outcomes 2024", "/compare 2023 2024", "/compare 2024 2023", "/trend",
              "/trend 2022 2024", "/digest", "/compare 2023 2024 raw"):
        a = service.ask(q)
        assert " fell " not in a.headline, q
        assert "-38.5%" not in a.text(), q  # FY2024 granted as counted against FY2023


def test_first_year_says_there_is_no_year_before(service):
    a = service.ask("/outcomes 2014")
    assert len(a.tables) == 1
    assert a.changes == ()
    assert "FY2014 is the first year in this dataset" in a.tables[0].text().replace("\n", " ")


@pytest.mark.parametrize("year", [2013, 2025, 1999, 2099])
def test_unknown_year_names_the_years_there_are(service, year):
    with pytest.raises(UnknownYear) as info:
        service.ask(f"/outcomes {year}")
    assert str(info.value).startswith(
        f"No figures for FY{year} in Asylum case outcomes in US immigration courts. "
        "Years available: FY2014 to FY2024; FY2024 covers through April only."
    )


def test_every_answer_names_source_and_as_of(service):
    a = service.ask("/outcomes 2019")
    assert a.source.line == "Source: TRAC Immigration, Syracuse University, as of May 2024"
    assert a.source.url.startswith("https://")
    assert a.source.line in a.text()
    assert "as of May 2024" in a.chart.source
