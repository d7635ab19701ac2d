"""/compare: change, percent change, ratio; partial years flagged and optionally annualized."""

from __future__ import annotations

import pytest

from bot.answers.errors import UsageError


def test_fy2014_fy2022_ratio_tells_the_story(service):
    a = service.ask("/compare 2014 2022")
    remain = a.figures["measures"]["allowed_to_remain"]
    assert remain == {"from": 10405, "to": 102550, "change": 92145, "percent_change": 885.6,
                      "ratio": 9.86}
    assert a.headline == ("Allowed to remain rose from 10,405 in FY2014 to 102,550 in FY2022, "
                          "9.9 times as many.")
    side, change = a.tables
    assert side.text() == (
        "                  FY2014  FY2022\n"
        "Ordered removed   10,661  36,250\n"
        "Granted asylum    12,816  31,859\n"
        "Allowed to remain 10,405 102,550\n"
        "Total             33,882 170,659"
    )
    assert change.text() == (
        "FY2014→2022         Change       %\n"
        "Ordered removed    +25,589 +240.0%\n"
        "Granted asylum     +19,043 +148.6%\n"
        "Allowed to remain  +92,145 +885.6%\n"
        "Total             +136,777 +403.7%\n"
        "Allowed to remain: FY2022 is 9.9×\n"
        "FY2014."
    )


def test_order_of_years_does_not_matter(service):
    assert service.ask("/compare 2022 2014").figures == service.ask("/compare 2014 2022").figures


def test_small_change_is_a_percentage_not_a_ratio(service):
    a = service.ask("/compare 2019 2020")
    assert a.headline.endswith("%).")
    assert "times" not in a.headline


def test_partial_year_comparison_says_so(service):
    a = service.ask("/compare 2023 2024")
    assert a.partial
    assert "FY2024 (through April)" in a.title
    side = a.tables[0].text()
    assert "FY2024*" in side
    assert any("add annualize" in n for n in a.tables[0].notes)
    assert a.caveats[0].startswith("FY2024 covers through April only")
    assert a.chart.hatched == (1,)
    assert "partial" not in a.figures or a.figures["partial"] == [2024]


def test_annualized_figures_are_labelled_estimates(service):
    a = service.ask("/compare 2023 2024 annualize")
    remain = a.figures["measures"]["allowed_to_remain"]
    assert remain["to"] == round(113843 * 12 / 7) == 195159
    assert a.figures["annualized"] is True
    side = a.tables[0].text()
    assert "FY2024 ann." in side
    assert "an estimate, not a count" in side
    assert "annualized" in a.headline
    assert a.caveats[0].startswith("Annualized figures assume")
    assert "annualized" in a.chart.series[1].name


def test_annualize_needs_a_partial_year(service):
    with pytest.raises(UsageError, match="both full years"):
        service.ask("/compare 2020 2023 annualize")


def test_same_year_twice(service):
    with pytest.raises(UsageError, match="two different years"):
        service.ask("/compare 2020 2020")
