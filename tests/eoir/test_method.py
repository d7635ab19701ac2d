"""Each rule of docs/method-eoir.md, on cases built for it."""

from __future__ import annotations

from tests.support.eoir import MiniRelease, facts, outcome_of


def _only(store) -> tuple:
    (key,) = outcome_of(store)
    return key


def test_the_case_counts_in_the_year_of_its_last_completion(tmp_path):
    r = MiniRelease()
    r.asylum_case(1, comp="2022-09-30")
    r.asylum_case(2, comp="2022-10-01")
    got = outcome_of(r.ingest(tmp_path))
    assert got == {(2022, "HOU", "removal", "denied", 0): 1,
                   (2023, "HOU", "removal", "denied", 0): 1}


def test_a_change_of_venue_is_not_a_completion(tmp_path):
    r = MiniRelease()
    r.case(1)
    first = r.proceeding(1, court="NYC", other="C", comp="2021-01-10")
    r.application(1, first, dec="")
    last = r.proceeding(1, court="MIA", judge="MI00", dec="V", comp="2023-02-01")
    r.application(1, last, recd="2021-03-01", dec="D")
    store = r.ingest(tmp_path)
    assert _only(store) == (2023, "MIA", "voluntary_departure", "denied", 0)
    assert facts(store, "judge_facts")["judge"].tolist() == ["MI00"]


def test_a_case_whose_last_completion_is_a_transfer_is_not_counted(tmp_path):
    r = MiniRelease()
    r.asylum_case(1, dec="", other="T")  # RMV "T" as other completion is Transfer
    r.asylum_case(2, dec="T")  # ... and as a decision, Terminated: the join is on both
    assert outcome_of(r.ingest(tmp_path)) == {(2023, "HOU", "terminated", "denied", 0): 1}


def test_a_case_with_an_open_proceeding_is_pending(tmp_path):
    r = MiniRelease()
    r.asylum_case(1, comp="2019-05-01")
    r.proceeding(1, comp="")  # reopened and not yet completed again
    r.asylum_case(2)
    assert outcome_of(r.ingest(tmp_path)) == {(2023, "HOU", "removal", "denied", 0): 1}


def test_an_asylum_ruling_made_in_an_earlier_proceeding_counts(tmp_path):
    r = MiniRelease()
    r.case(1)
    first = r.proceeding(1, court="NYC", other="C", comp="2021-01-10")
    r.application(1, first, recd="2020-01-01", dec="G")
    last = r.proceeding(1, dec="R", comp="2023-02-01")
    r.application(1, last, recd="2022-01-01", dec="")  # filed again, never ruled on
    assert _only(r.ingest(tmp_path)) == (2023, "HOU", "asylum_granted", "granted", 0)


def test_the_last_ruling_wins_over_an_earlier_one(tmp_path):
    r = MiniRelease()
    r.case(1)
    p = r.proceeding(1, dec="R", comp="2023-02-01")
    r.application(1, p, recd="2019-01-01", dec="D")
    r.application(1, p, recd="2021-01-01", dec="F")
    r.case(2)
    p = r.proceeding(2, dec="X", comp="2023-02-01")
    r.application(2, p, recd="2021-01-01", dec="D")
    r.application(2, p, recd="2019-01-01", dec="C")
    got = outcome_of(r.ingest(tmp_path))
    assert got == {(2023, "HOU", "asylum_granted", "granted", 0): 1,
                   (2023, "HOU", "removal", "denied", 0): 1}


def test_every_grant_code_is_a_grant_and_no_ruling_is_no_decision(tmp_path):
    r = MiniRelease()
    for i, code in enumerate("GFCIP", start=1):
        r.asylum_case(i, dec="R", ruling=code)
    for i, code in enumerate(["", "W", "A", "M", "S", "R", "T", "O"], start=10):
        r.asylum_case(i, dec="X", ruling=code)
    got = outcome_of(r.ingest(tmp_path))
    assert got == {(2023, "HOU", "asylum_granted", "granted", 0): 5,
                   (2023, "HOU", "removal", "none", 0): 8}


def test_withholding_or_cat_protection(tmp_path):
    r = MiniRelease()
    r.asylum_case(1, dec="E")  # Remove-INA Withholding Granted
    r.asylum_case(2, dec="Z")  # Grant-CAT Withholding
    r.case(3)
    p = r.proceeding(3, dec="X")  # removal ordered, but CAT granted on its application
    r.application(3, p, dec="D")
    r.application(3, p, code="WCAT", dec="L")
    r.case(4)
    p = r.proceeding(4, dec="X")  # a CAT denial changes nothing
    r.application(4, p, dec="D")
    r.application(4, p, code="WCAT", dec="D")
    got = outcome_of(r.ingest(tmp_path))
    assert got == {(2023, "HOU", "other_protection", "denied", 0): 3,
                   (2023, "HOU", "removal", "denied", 0): 1}


def test_an_asylum_grant_wins_over_the_case_decision(tmp_path):
    r = MiniRelease()
    r.asylum_case(1, dec="X", ruling="G")
    assert _only(r.ingest(tmp_path)) == (2023, "HOU", "asylum_granted", "granted", 0)


def test_removal_in_absentia_is_marked(tmp_path):
    r = MiniRelease()
    r.case(1)
    p = r.proceeding(1, dec="X", absentia="Y")
    r.application(1, p, dec="")
    r.case(2)
    p = r.proceeding(2, dec="V", absentia="Y")  # only a removal order is in absentia
    r.application(2, p, dec="")
    got = outcome_of(r.ingest(tmp_path))
    assert got == {(2023, "HOU", "removal", "none", 1): 1,
                   (2023, "HOU", "voluntary_departure", "none", 0): 1}


def test_each_outcome_class(tmp_path):
    r = MiniRelease()
    codes = {"other_relief": ("R", ""), "terminated": ("U", ""), "admin_closed": ("", "A"),
             "other": ("", "O")}
    for i, (dec, other) in enumerate(codes.values(), start=1):
        r.asylum_case(i, dec=dec, other=other, ruling="")
    r.asylum_case(9, dec="", other="P", ruling="")  # TPS is other relief
    r.asylum_case(10, dec="", other="F", ruling="")  # DHS did not prosecute: terminated
    r.asylum_case(11, dec="", other="", ruling="")  # completed with no code at all
    got = outcome_of(r.ingest(tmp_path))
    assert got == {(2023, "HOU", "other_relief", "none", 0): 2,
                   (2023, "HOU", "terminated", "none", 0): 2,
                   (2023, "HOU", "admin_closed", "none", 0): 1,
                   (2023, "HOU", "other", "none", 0): 2}


def test_breakdowns_come_from_the_case_record(tmp_path):
    r = MiniRelease()
    r.asylum_case(1, nat="MX", custody="D", claim="I", e28="")
    r.asylum_case(2, nat="MX", custody="R ", claim="E", e28="2020-02-02")
    r.asylum_case(3, nat="", custody="", claim="")
    f = facts(r.ingest(tmp_path)).sort_values("nat")
    rows = f[["nat", "custody", "claim", "represented"]].values.tolist()
    assert rows == [["", "unknown", "unknown", 1], ["MX", "detained", "affirmative", 0],
                    ["MX", "released", "defensive", 1]]


def test_a_case_without_an_asylum_application_is_not_counted(tmp_path):
    r = MiniRelease()
    r.case(1)
    p = r.proceeding(1, dec="X")
    r.application(1, p, code="ASYW", dec="D")
    assert outcome_of(r.ingest(tmp_path)) == {}


def test_the_same_proceeding_twice_counts_as_its_last_row_in_the_file(tmp_path, monkeypatch):
    import bot.eoir.reading as reading

    monkeypatch.setattr(reading, "BLOCK", 1 << 12)  # the two rows fall in different batches
    r = MiniRelease()
    r.case(1)
    p = r.proceeding(1, court="MIA", dec="X", comp="2023-02-01")  # last in the file
    r.application(1, p, dec="D")
    r.procs.insert(0, {**r.procs[-1], "BASE_CITY_CODE": "NYC"})  # first in the file
    assert _only(r.ingest(tmp_path)) == (2023, "MIA", "removal", "denied", 0)
