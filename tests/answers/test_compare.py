"""/compare: change, percent change, ratio; a partial year compared at its full-year pace."""

from __future__ import annotations

from fractions import Fraction

import pytest

from bot.answers.errors import UsageError


def change(answer, measure):
    return {c.measure: c for c in answer.changes}[measure]


def test_fy2014_fy2022_ratio_tells_the_story(service):
    a = service.ask("/compare 2014 2022")
    remain = change(a, "allowed_to_remain")
    assert (remain.from_value, remain.to_value, remain.change, remain.ratio, remain.basis) == \
        (10405, 102550, 92145, Fraction(102550, 10405), "counted")
    assert remain.percent_change == pytest.approx(8.856, abs=1e-3)
    assert a.headline == ("Allowed to remain rose from 10,405 in FY2014 to 102,550 in FY2022, "
                          "9.9 times as many.")
    side, table = a.tables
    assert side.text() == (
        "                  FY2014  FY2022\n"
        "Ordered removed   10,661  36,250\n"
        "Granted asylum    12,816  31,859\n"
        "Allowed to remain 10,405 102,550\n"
        "Total             33,882 170,659"
    )
    assert table.text() == (
        "FY2014→2022         Change       %\n"
        "Ordered removed    +25,589 +240.0%\n"
        "Granted asylum     +19,043 +148.6%\n"
        "Allowed to remain  +92,145 +885.6%\n"
        "Total             +136,777 +403.7%\n"
        "Allowed to remain: FY2022 is 9.9×\n"
        "FY2014."
    )


def test_order_of_years_does_not_matter(service):
    assert service.ask("/compare 2022 2014").changes == service.ask("/compare 2014 2022").changes


def test_small_change_is_a_percentage_not_a_ratio(service):
    a = service.ask("/compare 2019 2020")
    assert a.headline.endswith("%).")
    assert "times" not in a.headline


def test_partial_year_is_compared_at_its_full_year_pace(service):
    a = service.ask("/compare 2023 2024")
    assert a.partial
    assert "FY2024 (through April)" in a.title
    side, table = a.tables
    assert side.text().splitlines()[:5] == [
        "         FY2023 FY2024* FY2024 est.",
        "Removed  52,440  33,349      57,170",
        "Granted  43,113  26,514      45,453",
        "Remain  149,305 113,843     195,159",
        "Total   244,858 173,706     297,782",
    ]
    assert "× 12/7" in side.text() and "an estimate, not a count" in side.text()
    assert table.header[0] == "FY2023→2024 est."
    assert a.headline == (
        "Allowed to remain: 195,159 estimated for FY2024 at its pace through April against "
        "149,305 in FY2023, 30.7% more. 113,843 were counted in FY2024 through April (7 of 12 "
        "months).")
    granted = change(a, "granted_asylum")
    assert (granted.to_value, granted.basis) == (Fraction(26514 * 12, 7), "estimate")
    assert granted.percent_change == pytest.approx(0.0543, abs=1e-4)
    assert a.caveats[0].startswith("Full-year estimates assume")
    assert a.chart.hatched == (1,)
    assert "full-year estimate" in a.chart.series[1].name
    assert a.chart.series[1].values[1] == 26514 * 12 / 7


def test_raw_shows_counts_as_they_are_and_says_they_do_not_compare(service):
    a = service.ask("/compare 2023 2024 raw")
    assert len(a.tables) == 1  # no change table: the counts do not compare
    assert a.changes == ()
    assert "not comparable" in a.headline
    assert "Not comparable as they stand" in a.tables[0].text().replace("\n", " ")
    assert "as counted" in a.chart.series[1].name
    assert any("Not comparable" in n for n in a.chart.notes)


def test_raw_needs_years_that_differ_in_length(service):
    with pytest.raises(UsageError, match="compare as they are"):
        service.ask("/compare 2020 2023 raw")


def test_same_year_twice(service):
    with pytest.raises(UsageError, match="two different years"):
        service.ask("/compare 2020 2020")


def test_a_large_fall_is_told_as_the_larger_a_multiple_of_the_smaller(service):
    table = service.ask("/compare 2024 2025 dataset=cbp_border_encounters").tables[1].text()
    assert "Border Patrol: FY2024 is 6.1× FY2025 est." in table.replace("\n", " ")
    assert "0.2×" not in table
