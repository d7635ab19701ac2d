"""/trend and /totals, including the reporter's checks of the article's claims."""

from __future__ import annotations

from fractions import Fraction

import pytest

from bot.answers.errors import UnknownYear


def test_trend_all_years_table(service):
    a = service.ask("/trend")
    assert a.tables[0].text() == (
        "Year    Removed Granted  Remain   Total\n"
        "FY2014   10,661  12,816  10,405  33,882\n"
        "FY2015   10,607  12,220  15,185  38,012\n"
        "FY2016   14,838  12,683  20,915  48,436\n"
        "FY2017   22,580  14,631  11,436  48,647\n"
        "FY2018   33,244  17,958   5,337  56,539\n"
        "FY2019   52,223  24,109   4,746  81,078\n"
        "FY2020   48,361  19,709   4,730  72,800\n"
        "FY2021   17,999  13,773  18,119  49,891\n"
        "FY2022   36,250  31,859 102,550 170,659\n"
        "FY2023   52,440  43,113 149,305 244,858\n"
        "FY2024*  33,349  26,514 113,843 173,706\n"
        "* FY2024: through April only (7 of 12\n"
        "months)."
    )
    assert a.headline == ("Allowed to remain: 10,405 in FY2014, 113,843 in FY2024 through April "
                          "(195,159 at that pace for the full year, an estimate).")
    assert a.chart.partial == (10,)
    remain = next(s for s in a.chart.series if s.name == "Allowed to remain")
    assert remain.estimates[10] == 113843 * 12 / 7 and remain.estimates[9] is None


def test_trend_names_a_peak_between_full_years(service):
    assert service.ask("/trend 2014 2021").headline.endswith("; peak 20,915 in FY2016.")


def test_trend_range(service):
    a = service.ask("/trend 2018 2020")
    assert sorted({v.year for v in a.values}) == [2018, 2019, 2020]
    assert not a.partial
    assert a.title.endswith("FY2018 to FY2020")


def test_trend_start_only_runs_to_latest(service):
    assert sorted({v.year for v in service.ask("/trend 2022").values}) == [2022, 2023, 2024]


def test_totals_since_2021_checks_the_77_percent_claim(service):
    a = service.ask("/totals 2021 2024")
    assert {v.measure: v.value for v in a.values} == {
        "ordered_removed": 140038, "granted_asylum": 115259, "allowed_to_remain": 383817,
        "total": 639114, "not_removed": 499076,
    }
    not_removed = next(v for v in a.values if v.measure == "not_removed")
    assert not_removed.share == Fraction(499076, 639114)
    assert (not_removed.basis, not_removed.from_year, not_removed.year) == ("sum", 2021, 2024)
    assert a.partial
    assert a.tables[0].text().splitlines()[:6] == [
        "FY2021-2024*        Cases  Share",
        "Ordered removed   140,038  21.9%",
        "Granted asylum    115,259  18.0%",
        "Allowed to remain 383,817  60.1%",
        "Total             639,114 100.0%",
        "Granted or remain 499,076  78.1%",
    ]
    assert "499,076 (78.1%)" in a.headline
    assert "through April" in a.headline


def test_totals_since_2022_more_than_350000(service):
    remain = next(v for v in service.ask("/totals 2022").values
                  if v.measure == "allowed_to_remain")
    assert remain.value == 365698


def test_totals_unknown_year(service):
    with pytest.raises(UnknownYear, match="Years available: FY2014 to FY2024"):
        service.ask("/totals 2010 2024")
