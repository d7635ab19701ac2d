"""/check's reading rules, one published way of saying a figure at a time.

Each example restates a sentence the desk found in print (TRAC reports, CBP and DHS
releases, news stories), with the verdict it must get.
"""

from __future__ import annotations

from datetime import date

import pytest

from bot.answers.claims.check import check_text


@pytest.fixture(scope="module")
def snap(service):
    return service.reader.snapshot()


def one(snap, text: str, published: str | None = None):
    lines = check_text(snap, text, date.fromisoformat(published) if published else None)
    return {x.phrase: x for x in lines}


def test_a_trac_report_is_judged_against_that_report_never_dhs(snap):
    text = ("According to TRAC, the number of individuals granted asylum by Immigration "
            "Judges increased from 8,945 in FY 2021 to 23,686 in FY 2022.")
    for published in ("2022-11-29", None):
        by = one(snap, text, published)
        for figure in ("8,945", "23,686"):
            assert by[figure].verdict == "matches", by[figure].text()
            assert by[figure].dataset == "reported_figures"
            assert "DHS" not in by[figure].read_as


def test_a_sentence_without_periods_takes_from_a_to_b_from_the_one_before(snap):
    by = one(snap, "TRAC counted 24,810 asylum decisions by immigration judges in FY 2021 and "
                   "51,607 in FY 2022. Grants by immigration judges went from 8,945 to 23,686.",
             "2022-12-01")
    assert by["8,945"].verdict == by["23,686"].verdict == "matches"
    assert "FY2021" in by["8,945"].read_as and "FY2022" in by["23,686"].read_as


@pytest.mark.parametrize(("text", "words"), [
    ("At the end of FY 2023, there were 937,611 pending asylum applications in immigration "
     "court.", "applications"),
    ("In FY 2023, asylum seekers filed 465,874 defensive applications in immigration court.",
     "defensive"),
    ("Nationwide, Border Patrol made 8,039 apprehensions in June 2025.", "nationwide"),
    ("In FY2019, Border Patrol apprehended 473,682 families at the southwest border.",
     "families"),
])
def test_a_defining_word_the_bot_does_not_count_makes_it_not_checked(snap, text, words):
    (line,) = check_text(snap, text)
    assert line.verdict == "not checked" and words in line.reason, line.text()


def test_decided_is_merits_decisions_and_the_fiscal_year_ending(snap):
    (line,) = check_text(snap, "More than 42,000 asylum cases were decided in the fiscal year "
                               "ending Sept. 30, 2018, according to TRAC.")
    assert line.verdict == "matches" and "FY2018" in line.read_as
    assert "merits" in line.read_as


def test_measure_words_around_the_figure(snap):
    (line,) = check_text(snap, "Immigration judges ordered 52,440 asylum seekers removed in "
                               "fiscal year 2023.")
    assert line.verdict == "matches" and line.exact == 52440


def test_border_patrol_is_not_the_southwest_total_and_a_day_is_not_a_month(snap):
    by = one(snap, "In April 2024, Border Patrol apprehended 128,895 migrants at the southwest "
                   "border. On April 28, 2024, agents recorded 4,100 apprehensions there.")
    assert by["128,895"].verdict == "matches" and "border patrol" in by["128,895"].read_as.lower()
    assert by["4,100"].verdict == "not checked" and "day" in by["4,100"].reason


def test_a_decline_is_worked_out_on_the_figure_it_qualifies(snap):
    by = one(snap, "Along the Southwest border, Border Patrol apprehensions fell to 6,070, a "
                   "15% decline from March 2025.", "2025-07-02")
    assert by["6,070"].verdict == "not checked"  # no month named for it
    by = one(snap, "In June, Border Patrol apprehensions along the Southwest border fell to "
                   "6,070, a 15% decline from March 2025.", "2025-07-02")
    assert by["6,070"].verdict == by["15%"].verdict == "matches"
    assert "June 2025" in by["6,070"].read_as and "March 2025" in by["15%"].read_as


def test_rounded_data_is_compared_at_its_own_rounding(snap):
    (line,) = check_text(snap, "Border Patrol agents at the southwest border took about "
                               "851,000 people into custody in fiscal 2019.")
    assert line.verdict == "matches" and line.exact == 851510


@pytest.mark.parametrize(("text", "published", "period"), [
    ("In June, Border Patrol recorded 6,068 apprehensions at the southwest border.",
     "2025-07-15", "June 2025"),
    ("Last month Border Patrol recorded 6,068 apprehensions at the southwest border.",
     "2025-07-15", "June 2025"),
    ("So far this fiscal year, Border Patrol agents have apprehended 218,266 migrants at the "
     "southwest border.", "2025-07-24", "FY2025 (through June 2025)"),
])
def test_relative_periods_count_from_the_text_date(snap, text, published, period):
    (line,) = check_text(snap, text, date.fromisoformat(published))
    assert line.verdict == "matches" and period in line.read_as, line.text()


def test_now_without_a_date_is_not_checked(snap):
    (line,) = check_text(snap, "The immigration court backlog now stands at 3.9 million cases.")
    assert line.verdict == "not checked"


def test_a_partial_year_is_not_the_year_unless_the_text_says_so_far(snap):
    (line,) = check_text(snap, "In fiscal year 2025, CBP recorded 443,203 encounters at the "
                               "southwest border.")
    assert line.verdict == "not checked" and "not the year" in line.reason


@pytest.mark.parametrize(("text", "verdict"), [
    ("Asylum cases allowed to remain more than tripled between 2021 and 2023, TRAC's data "
     "show.", "matches"),
    ("In June 2024, Border Patrol apprehended 83,532 migrants at the southwest border, 29% "
     "fewer than in May.", "matches"),
    ("In January 2024, southwest border encounters numbered 176,195, 42% fewer than in "
     "December 2023.", "matches"),
    ("In January 2024, southwest border encounters numbered 176,195, 42% more than in "
     "December 2023.", "differs"),
])
def test_changes_and_multiples(snap, text, verdict):
    lines = check_text(snap, text)
    assert lines[-1].verdict == verdict, lines[-1].text()


def test_records_are_judged_over_what_the_bot_holds_and_say_so(snap):
    lines = check_text(snap, "In July 2024, Border Patrol agents at the southwest border "
                             "apprehended 56,400 migrants, the lowest monthly total since "
                             "September 2020.")
    record = lines[-1]
    assert record.verdict == "matches" and "October 2021" in record.reason
    wrong = check_text(snap, "In January 2024, Border Patrol agents at the southwest border "
                             "apprehended 124,215 migrants, the lowest monthly total on record.")
    assert wrong[-1].verdict == "differs"


def test_a_text_is_judged_against_the_release_it_could_see(snap):
    (line,) = check_text(snap, "At the end of FY 2019, 1,087,201 cases were pending in "
                               "immigration court, EOIR reported.", date(2022, 1, 10))
    assert line.verdict == "matches" and "Revised to 1,331,286" in line.reason
    (line,) = check_text(snap, "At the end of FY 2019, 1,087,201 cases were pending in "
                               "immigration court, EOIR reported.")
    assert line.verdict != "differs"  # no date: either release may be the one quoted


def test_a_revised_month_is_judged_as_it_stood_when_the_text_was_written(tmp_path):
    import shutil

    from bot.store.loader import load
    from bot.store.reader import Reader
    from tests.support.paths import DATA

    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    db = tmp_path / "store.db"
    load(data, db)
    csv = data / "cbp_border_encounters.csv"
    csv.write_text(csv.read_text().replace("2024,APR,128895,50842,0,179737,5991.2",
                                           "2024,APR,128908,50842,0,179750,5991.7"))
    load(data, db)
    snap = Reader(db).snapshot()
    text = "In April 2024, CBP recorded 179,737 encounters at the southwest border."
    (line,) = check_text(snap, text, date(2024, 5, 15))
    assert line.verdict == "matches" and "revised to 179,750" in line.reason
    (line,) = check_text(snap, text)  # no date: the figure as it stands now
    assert line.verdict == "close" and line.exact == 179750


def test_a_record_of_one_calendar_month_within_an_administration(snap):
    lines = check_text(snap, "In March 2024, Border Patrol apprehended 137,473 migrants at the "
                             "southwest border, the lowest March for Border Patrol during the "
                             "Biden administration.")
    assert lines[-1].verdict == "matches", lines[-1].text()
    assert "the Biden administration" in lines[-1].reason and "March 2022" in lines[-1].reason
    lines = check_text(snap, "In March 2024, Border Patrol apprehended 137,473 migrants at the "
                             "southwest border, the highest March for Border Patrol during the "
                             "Biden administration.")
    assert lines[-1].verdict == "differs"


@pytest.mark.parametrize(("text", "published", "period"), [
    ("Last year, CBP recorded 2,475,669 encounters at the southwest border.", "2024-02-01",
     "FY2023"),
    ("In the fiscal year to date, Border Patrol agents have apprehended 218,266 migrants at "
     "the southwest border.", "2025-07-24", "FY2025 (through June 2025)"),
])
def test_last_year_and_the_year_to_date(snap, text, published, period):
    (line,) = check_text(snap, text, date.fromisoformat(published))
    assert line.verdict == "matches" and period in line.read_as, line.text()


def test_the_release_post_names_a_record_by_the_same_rule():
    from bot.answers.claims.records import record_words

    series = [(f"m{i}", v) for i, v in enumerate([50, 40, 60, 61, 62, 63, 64, 65, 66, 67, 68,
                                                  69, 70, 71, 72, 45])]
    assert record_words(series, low=True) == "the lowest since m1"
    assert record_words(series[:-1], low=False) == "the highest of the 15 months held, from m0"
    assert record_words(series[:6], low=True) is None  # beats too few months to tell


def test_when_clauses_keep_their_own_period_and_leave_the_subject_alone(snap):
    # CBP's statement of 14 April 2025, restated; checked without a date too.
    text = ("In March 2025, Border Patrol apprehended 7,181 illegal aliens crossing the "
            "southwest border between ports of entry. This is a 14 percent decrease from "
            "February 2025, when Border Patrol apprehended 8,346 aliens, and a 95 percent "
            "decrease from March 2024, when Border Patrol apprehended 137,473 aliens.")
    for published in ("2025-04-15", None):
        by = one(snap, text, published)
        assert "February 2025" in by["8,346"].read_as and by["8,346"].verdict == "close"
        assert by["137,473"].verdict == "matches"
        assert "March 2025 (7,180) change from February 2025" in by["14 percent"].read_as
        assert "March 2025 (7,180) change from March 2024" in by["95 percent"].read_as
        assert by["14 percent"].verdict == by["95 percent"].verdict == "matches"
