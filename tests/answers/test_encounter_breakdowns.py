"""/encounters and /trend from CBP's nationwide file: a group's encounters, and rankings."""

from __future__ import annotations

import pytest

from bot.answers.errors import NotIngested, UnknownYear, UsageError
from tests.support.cbp_files import southwest_series


@pytest.fixture(scope="module")
def truth(cbp_release):
    return cbp_release[1]


def _sum(truth, **where) -> int:
    t = truth
    for k, v in where.items():
        t = t[t[k].isin(v) if isinstance(v, list | tuple) else t[k] == v]
    return int(t["count"].sum())


def test_one_citizenship_in_a_month(encounter_service, truth):
    a = encounter_service.ask("/encounters 2024-04 nationality=venez")
    values = {v.measure: v.value for v in a.values}
    want = _sum(truth, fiscal_year=2024, month=4, region="southwest", citizenship="VENEZUELA")
    assert values["total"] == want
    assert values["border_patrol"] == _sum(truth, fiscal_year=2024, month=4,
                                           region="southwest", citizenship="VENEZUELA",
                                           component="U.S. Border Patrol")
    assert "citizens of Venezuela" in a.title and "a day" in a.headline
    assert a.question.text == "/encounters 2024-04 nationality=VENEZUELA"
    assert "Nationwide Encounters by area of responsibility" in a.source.name
    a.text()  # every table fits a phone


def test_ranked_by_citizenship_the_ten_largest_and_the_rest(encounter_service):
    a = encounter_service.ask("/encounters 2024 by=nationality")
    rows = a.tables[0].values
    total = rows[-1]
    series = southwest_series()
    assert total[1] == int(series[series["fiscal_year"] == 2024]["total"].sum())
    assert sum(r[1] for r in rows[:-1]) == total[1]
    counts = [r[1] for r in rows[:-1]]
    assert counts == sorted(counts, reverse=True)
    assert "had the most southwest border encounters in FY2024" in a.headline
    assert a.chart.kind == "barh" and len(a.chart.categories) == len(rows) - 1
    a.text()


def test_ranked_by_demographic_nationwide_in_a_month(encounter_service, truth):
    a = encounter_service.ask("/encounters 2024-04 by=demographic region=nationwide")
    rows = {r[0]: r[1] for r in a.tables[0].values}
    assert rows["Total"] == _sum(truth, fiscal_year=2024, month=4)
    assert rows["Unaccompanied children"] == _sum(truth, fiscal_year=2024, month=4,
                                                  demographic="UAC")
    assert "nationwide" in a.title


def test_border_patrol_alone_says_so(encounter_service, truth):
    a = encounter_service.ask("/encounters 2024 component=border_patrol")
    assert a.title.startswith("Border Patrol encounters (CBP)")
    total = next(v.value for v in a.values if v.measure == "total" and v.period == "full year")
    assert total == _sum(truth, fiscal_year=2024, region="southwest",
                         component="U.S. Border Patrol")


def test_a_trend_month_by_month_for_one_citizenship(encounter_service, truth):
    a = encounter_service.ask("/trend 2023 2025 dataset=cbp_border_encounters nationality=mexico")
    assert a.chart.kind == "lines" and len(a.chart.categories) == 35  # Oct 2022 to Aug 2025
    fy23 = a.tables[0].values[0]
    assert fy23[-1] == _sum(truth, fiscal_year=2023, region="southwest", citizenship="MEXICO")
    assert a.partial  # FY2025 runs through August


def test_names_are_matched_or_listed(encounter_service):
    with pytest.raises(UsageError, match="No citizenship matches 'atlantis'"):
        encounter_service.ask("/encounters 2024 nationality=atlantis")
    with pytest.raises(UsageError, match="matches 2 sectors"):
        encounter_service.ask("/encounters 2024 sector=el")  # El Centro, El Paso...
    with pytest.raises(UsageError, match="demographic= takes"):
        encounter_service.ask("/encounters 2024 demographic=pets")
    with pytest.raises(UnknownYear, match="Years available"):
        encounter_service.ask("/encounters 2019 by=nationality")
    with pytest.raises(UsageError, match="by= ranks one month or one year"):
        encounter_service.ask("/trend by=nationality dataset=cbp_border_encounters")


def test_autocomplete_lists_citizenships_and_sectors(encounter_service):
    assert ("VENEZUELA", "Venezuela") in encounter_service.encounter_choices("nationality",
                                                                            "venez")
    assert any("Sector" in name for _v, name in encounter_service.encounter_choices(
        "sector", ""))


def test_without_the_file_the_breakdowns_say_how_to_fetch_it(service):
    with pytest.raises(NotIngested, match="python -m bot update cbp"):
        service.ask("/encounters 2024 by=nationality")
    # The questions that never needed the file still answer from the shipped series.
    assert service.ask("/encounters 2024-04").values
