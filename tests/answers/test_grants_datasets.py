"""/grants (DHS counts of people granted asylum) and /datasets (what the bot knows)."""

from __future__ import annotations

import pytest

from bot.answers.errors import UnknownYear, UsageError


def test_grants_for_a_year_is_that_years_outcomes_from_dhs(service):
    a = service.ask("/grants 2022")
    assert a.dataset == "dhs_asylum_grants"
    assert a.question.text == "/grants 2022"
    assert {v.measure: v.value for v in a.values} == {"affirmative": 13170,
                                                     "defensive": 22550, "total": 35720}
    assert a.title == "People granted asylum in the United States (DHS), FY2022"
    assert a.source.name.startswith("DHS Office of Homeland Security Statistics")
    assert a.chart is not None and a.chart.kind == "barh"


def test_grants_without_a_year_is_every_year(service):
    a = service.ask("/grants")
    assert a.title == "People granted asylum in the United States (DHS), FY1990 to FY2023"
    assert len(a.tables[0].rows) == 34
    assert a.chart.kind == "lines"


def test_grants_names_the_years_there_are(service):
    with pytest.raises(UnknownYear, match="Years available: FY1990 to FY2023"):
        service.ask("/grants 2024")


def test_grants_takes_no_other_dataset(service):
    with pytest.raises(UsageError, match="always answers from dhs_asylum_grants"):
        service.ask("/grants 2022 dataset=trac_asylum_outcomes")


def test_datasets_lists_every_dataset_with_source_years_and_as_of(service):
    a = service.ask("/datasets")
    listed = {name: years for name, years in a.tables[0].values}
    assert listed["dhs_asylum_grants"] == "FY1990-2023"
    assert listed["trac_asylum_outcomes"] == "FY2014-2024*"
    assert listed["eoir_workload"] == "FY2008-2024"  # every release's years
    assert listed["reported_figures"] == "FY2018-25 rep."
    terms = dict(a.definitions)
    trac = terms["trac_asylum_outcomes: Asylum case outcomes in US immigration courts"]
    assert trac.startswith("TRAC Immigration, Syracuse University, as of May 2024.")
    assert "FY2014 to FY2024 (through April)" in trac
    assert [d["name"] for d in a.details["datasets"]] == sorted(service.reader.snapshot().datasets)
    assert a.show_definitions


def test_each_partial_year_footnote_names_its_datasets(service):
    notes = service.ask("/datasets").tables[0].notes
    assert "* cbp_border_encounters and cbp_encounters_annual: FY2025: through August only " \
           "(11 of 12 months)." in notes
    assert all(":" in n.split(" FY")[0] for n in notes)  # never a bare "* FY2025: ..."
