"""Answers from the case-level release: breakdowns of the usual commands, and the rankings."""

from __future__ import annotations

import json
import sqlite3

import pytest

from bot.answers.errors import NotIngested, UnknownYear, UsageError
from bot.answers.service import Answers
from bot.eoir.cases import CaseStore
from bot.eoir.synth import read_truth


@pytest.fixture(scope="module")
def truth(release):
    return read_truth(release)


def _sum(truth, **where) -> int:
    t = truth
    for k, v in where.items():
        t = t[t[k] == v]
    return int(t["cases"].sum())


def test_outcomes_for_one_court_count_that_courts_cases(case_service, truth):
    a = case_service.ask("/outcomes 2023 court=HOU")
    v = {x.measure: x.value for x in a.values if x.basis == "counted"}
    assert v["total"] == _sum(truth, fiscal_year=2023, court="HOU")
    assert v["asylum_granted"] == _sum(truth, fiscal_year=2023, court="HOU",
                                       outcome="asylum_granted")
    assert v["removal_in_absentia"] == _sum(truth, fiscal_year=2023, court="HOU", absentia=1)
    assert v["asylum_denied"] == _sum(truth, fiscal_year=2023, court="HOU",
                                      asylum_decision="denied")
    assert "Houston, TX (HOU)" in a.title
    assert "release of 1 July 2026" in a.source.as_of
    assert "method 2" in a.source.name and "docs/method-eoir.md" in a.source.name


CLASSES = {"ordered_removed": ("removal",), "granted_asylum": ("asylum_granted",),
           "allowed_to_remain": ("other_protection", "other_relief", "terminated",
                                 "admin_closed", "other")}


@pytest.mark.parametrize("question", ["/outcomes 2023 court=HOU", "/compare 2022 2023 court=HOU",
                                      "/trend 2022 2023 court=HOU", "/totals 2023 2023 court=HOU",
                                      "/outcomes 2023 dataset=eoir_asylum_cases"])
def test_case_level_answers_lead_with_trac_s_three_columns(case_service, truth, question):
    a = case_service.ask(question)
    court = {"court": "HOU"} if "HOU" in question else {}
    first = a.tables[0]
    labels = [r[0] for r in (first.rows if a.question.command != "trend" else
                             [(h,) for h in first.header[1:]])]
    assert labels[:4] in (["Ordered removed", "Granted asylum", "Allowed to remain",
                           "Voluntary departure"],
                          ["Removed", "Granted", "Remain", "Vol dep"])
    assert "Allowed to remain = other protection, other relief, terminated/dismissed, admin. " \
           "closed and other completions." in " ".join(first.notes)
    assert any("kept apart" in n for n in first.notes)
    assert any(t.header[0] == "By class" for t in a.tables)  # the classes follow
    values = {(v.measure, v.year): v.value for v in a.values if v.basis in ("counted", "sum")}
    for column, classes in CLASSES.items():
        want = sum(_sum(truth, fiscal_year=2023, outcome=c, **court) for c in classes)
        assert values[(column, 2023)] == want
    assert values[("columns_total", 2023)] == sum(
        values[(c, 2023)] for c in CLASSES)  # voluntary departures are not in it
    assert values[("total", 2023)] == values[("columns_total", 2023)] + values[
        ("voluntary_departure", 2023)]
    assert a.chart.categories[:3] == ("Ordered removed", "Granted asylum", "Allowed to remain") \
        or [s.name for s in a.chart.series][:3] == ["Ordered removed", "Granted asylum",
                                                      "Allowed to remain"]


def test_filters_combine(case_service, truth):
    a = case_service.ask("/outcomes 2022 court=HOU nationality=venez represented=yes "
                         "custody=never")
    v = {x.measure: x.value for x in a.values if x.basis == "counted"}
    assert v["total"] == _sum(truth, fiscal_year=2022, court="HOU", nat="VE", represented=1,
                              custody="never_detained")
    assert "nationals of Venezuela" in a.title and "with a lawyer" in a.title
    assert a.question.court == "HOU" and a.question.nationality == "VE"


def test_affirmative_and_defensive_claims(case_service, truth):
    for claim in ("affirmative", "defensive"):
        a = case_service.ask(f"/totals 2015 2020 claim={claim} court=NYC")
        v = {x.measure: x.value for x in a.values}
        assert v["total"] == int(truth[(truth["claim"] == claim) & (truth["court"] == "NYC")
                                       & truth["fiscal_year"].between(2015, 2020)]["cases"]
                                 .sum())
        assert f"{claim} claims" in a.title


def test_a_partial_year_is_labelled_and_compared_at_its_pace(case_service):
    a = case_service.ask("/compare 2025 2026 court=HOU")
    assert a.partial
    assert any("through June" in c for c in a.caveats)
    assert all(c.basis == "estimate" for c in a.changes)
    trend = case_service.ask("/trend 2020 court=HOU")
    assert trend.chart.partial == (len(trend.chart.categories) - 1,)
    # TRAC's three columns, and voluntary departure apart, as TRAC keeps it
    assert [s.name for s in trend.chart.series] == ["Ordered removed", "Granted asylum",
                                                    "Allowed to remain", "Voluntary departure"]


def test_a_small_group_is_flagged(case_service):
    a = case_service.ask("/outcomes 2023 court=GUA")
    assert a.caveats[0].startswith("Small group: fewer than 100 completed cases (FY2023:")


def test_a_name_matching_two_courts_asks_which(case_service):
    with pytest.raises(UsageError) as err:
        case_service.ask("/outcomes 2023 court=houston")
    assert "Houston, TX (HOU) (court=HOU)" in str(err.value)
    assert "(court=HLG)" in str(err.value)


def test_unknown_names_and_years_say_what_there_is(case_service):
    with pytest.raises(UsageError, match="No nationality matches 'atlantis'"):
        case_service.ask("/outcomes 2023 nationality=atlantis")
    with pytest.raises(UnknownYear, match="FY2001 to FY2026"):
        case_service.ask("/outcomes 1999 court=HOU")


def test_autocomplete_matches_anywhere_ignoring_case_and_accents(case_service):
    assert case_service.name_choices("nationality", "venez") == [("VE", "Venezuela")]
    assert [c for c, _ in case_service.name_choices("court", "houston")] == ["HLG", "HOU"]
    assert case_service.name_choices("nationality", "cote") == [("IV", "Côte d'Ivoire")]
    assert case_service.year_choices(breakdown=True)[-1] == (2026, "2026 (through June)")


def _ranked(answer):
    return {g["key"]: g for g in answer.details["groups"]}


def test_courts_ranks_by_grant_rate_with_the_counts(case_service, truth):
    a = case_service.ask("/courts 2023")
    groups = _ranked(a)
    hou = groups["HOU"]
    assert hou["granted"] == _sum(truth, fiscal_year=2023, court="HOU",
                                  asylum_decision="granted")
    assert hou["denied"] == _sum(truth, fiscal_year=2023, court="HOU",
                                 asylum_decision="denied")
    rates = [g["rate"] for g in a.details["groups"]]
    assert rates == sorted(rates, reverse=True)
    assert all(g["granted"] + g["denied"] >= 100 for g in groups.values())
    assert a.details["min_decisions"] == 100
    assert any(n.startswith("Left out:") and "fewer than 100 decisions" in n
               for n in a.tables[0].notes)
    assert a.chart.kind == "rates" and a.chart.reference is not None
    assert "highest grant rate" in a.headline


def test_min_changes_who_is_ranked(case_service):
    few = case_service.ask("/courts 2023 min=1")
    many = case_service.ask("/courts 2023")
    assert len(few.details["groups"]) > len(many.details["groups"])
    assert not few.details["left_out"]


def test_nationalities_within_a_court(case_service, truth):
    a = case_service.ask("/nationalities 2023 court=HOU min=10")
    mx = _ranked(a)["MX"]
    assert mx["completed"] == _sum(truth, fiscal_year=2023, court="HOU", nat="MX")
    assert mx["name"] == "Mexico"


def test_judges_of_a_court(case_service, truth):
    a = case_service.ask("/judges houston, tx 2023")
    judges = _ranked(a)
    assert set(judges) <= set(truth.loc[truth["court"] == "HOU", "judge"])
    some = next(iter(judges.values()))
    assert some["granted"] == _sum(truth, fiscal_year=2023, judge=some["key"],
                                   asylum_decision="granted")
    assert "," in some["name"]  # "Last, First" from the judge lookup
    assert a.details["min_decisions"] == 50
    assert a.title == ("SYNTHETIC, not real: Asylum grant rate by judge, FY2023: "
                       "Houston, TX (HOU)")


def test_representation_side_by_side(case_service, truth):
    a = case_service.ask("/representation 2024 court=SFR")
    groups = _ranked(a)
    assert list(groups) == ["1", "0"]
    assert groups["1"]["granted"] == _sum(truth, fiscal_year=2024, court="SFR", represented=1,
                                          asylum_decision="granted")
    assert a.headline.startswith("In FY2024: with a lawyer, ")


def test_rankings_in_a_partial_year_say_so(case_service):
    a = case_service.ask("/courts 2026")
    assert a.partial and "(through June)" in a.title
    assert any("through June" in n for n in a.tables[0].notes)
    assert any("Partial year" in n for n in a.chart.notes)


def test_json_of_a_ranking(case_service):
    data = case_service.ask("/courts 2023").to_json()
    json.dumps(data)
    assert data["details"]["groups"][0]["rate"] is not None
    assert data["source"]["data_version"]
    assert data["tables"][0]["header"] == ["Court", "Decided", "Granted", "Rate"]


def test_tables_fit_a_phone(case_service):
    for q in ("/outcomes 2023 court=HOU", "/compare 2020 2026 court=HOU", "/trend court=HOU",
              "/totals 2021 custody=detained", "/courts 2023", "/nationalities 2023",
              "/judges HOU 2023", "/representation 2023", "/about dataset=eoir_asylum_cases"):
        for t in case_service.ask(q).tables:
            t.text()  # raises if any line is wider than a phone shows


def test_the_datasets_listing_includes_the_case_level_dataset(case_service):
    a = case_service.ask("/datasets")
    assert "eoir_asylum_cases" in [d["name"] for d in a.details["datasets"]]


def test_without_a_release_the_commands_say_how_to_ingest(tmp_path, case_service):
    service = Answers(case_service.reader, cases=CaseStore(tmp_path / "none.db"))
    for q in ("/courts 2023", "/outcomes 2023 court=HOU", "/judges HOU 2023"):
        with pytest.raises(NotIngested, match="python -m bot eoir ingest"):
            service.ask(q)
    assert service.name_choices("court", "hou") == []
    assert service.ask("/outcomes 2023").dataset == "trac_asylum_outcomes"


def test_a_new_release_is_picked_up_without_a_restart(case_store, tmp_path, case_service):
    import shutil

    store = tmp_path / "eoir.db"
    shutil.copy(case_store, store)
    service = Answers(case_service.reader, cases=CaseStore(store))
    before = service.ask("/courts 2023").source.data_version
    with sqlite3.connect(store) as conn:
        conn.execute("update release set value = 'fedcba9876543210' where key = 'version'")
    assert service.ask("/courts 2023").source.data_version == "fedcba9876543210" != before

