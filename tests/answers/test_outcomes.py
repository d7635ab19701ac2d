"""/outcomes: exact figures, shares, change from the year before, partial-year labels."""

from __future__ import annotations

import pytest

from bot.answers.errors import UnknownYear


def test_fy2022_figures(service):
    a = service.ask("/outcomes 2022")
    assert a.figures["values"] == {
        "ordered_removed": 36250, "granted_asylum": 31859, "allowed_to_remain": 102550,
        "total": 170659,
    }
    assert a.figures["shares"]["allowed_to_remain"] == pytest.approx(0.6009, abs=1e-4)
    assert a.figures["change"]["allowed_to_remain"] == 102550 - 18119
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


def test_partial_year_is_labelled_everywhere(service):
    a = service.ask("/outcomes 2024")
    assert a.partial
    assert "FY2024 (through April)" in a.title
    assert "FY2024 (through April)" in a.headline
    main, change = a.tables
    assert main.text().splitlines()[0].startswith("FY2024*")
    assert "* FY2024: through April only (7 of 12" in main.text()
    assert change.notes == ("FY2024*: change compares part of a year with a whole year.",)
    assert a.caveats[0].startswith("FY2024 covers through April only (7 of 12 months)")
    assert "through April" in a.chart.title
    assert any("Partial year" in n for n in a.chart.notes)
    assert a.chart.hatched == (0,)
    assert "7 of 12 months" in a.chart.alt_text


def test_first_year_has_no_change_table(service):
    a = service.ask("/outcomes 2014")
    assert len(a.tables) == 1
    assert "change" not in a.figures


@pytest.mark.parametrize("year", [2013, 2025, 1999, 2099])
def test_unknown_year_names_the_years_there_are(service, year):
    with pytest.raises(UnknownYear) as info:
        service.ask(f"/outcomes {year}")
    assert str(info.value) == (
        f"No figures for FY{year} in Asylum case outcomes in US immigration courts. "
        "Years available: FY2014 to FY2024; FY2024 covers through April only."
    )


def test_every_answer_names_source_and_as_of(service):
    a = service.ask("/outcomes 2019")
    assert a.source.line == "Source: TRAC Immigration, Syracuse University, as of May 2024"
    assert a.source.url.startswith("https://")
    assert a.source.line in a.text()
    assert "as of May 2024" in a.chart.source
