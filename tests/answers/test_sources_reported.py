"""Figures reported by others, with their qualifiers, and /sources: every source side by side."""

from __future__ import annotations

import pytest

from bot.answers.errors import UnknownYear, UsageError
from bot.store.errors import DataFileError
from bot.store.loader import load
from bot.store.reader import Reported

REPORTED = "reported_figures"


@pytest.mark.parametrize(
    ("qualifier", "value", "high", "text"),
    [("exact", 3524051, None, "3,524,051"), ("about", 1900000, None, "about 1,900,000"),
     ("more than", 3000000, None, "more than 3,000,000"),
     ("nearly", 2500000, None, "nearly 2,500,000"),
     ("range", 1800000, 2000000, "1,800,000 to 2,000,000")],
)
def test_a_qualified_figure_is_shown_with_its_qualifier(qualifier, value, high, text):
    assert Reported("backlog", 2024, "x", qualifier, value, high, "p", "d", "u").text == text


def test_granted_2022_puts_the_three_counts_side_by_side(service):
    a = service.ask("/sources granted 2022")
    assert [(e["name"], e["value"]) for e in a.details["sources"]] == [
        ("DHS yearbook", 22550), ("TRAC table", 31859), ("TRAC report 703", 23686)]
    assert a.tables[0].text().splitlines()[:4] == [
        "Source              FY2022",
        "[1] DHS yearbook    22,550",
        "[2] TRAC table      31,859",
        "[3] TRAC report 703 23,686",
    ]
    assert "from 22,550 to 31,859, the highest 1.4× the lowest" in a.headline
    assert "TRAC's outcomes table counts asylum cases" in a.headline  # why, from metadata
    assert a.chart.kind == "barh" and a.chart.series[0].values == (22550, 31859, 23686)


def test_backlog_sources_keep_every_qualifier(service):
    a = service.ask("/sources backlog 2024")
    shown = dict(a.tables[0].rows)
    assert "more than 3,000,000" in shown.values() and "about 3,600,000" in shown.values()
    assert "[1] EOIR 2025" in shown and shown["[1] EOIR 2025"] == "3,884,956"
    bases = {e.label: e.basis for e in a.values}
    assert bases["EOIR 2025"] == "counted" and bases["CRS"] == "reported"
    assert all(len(line) <= 40 for line in a.tables[0].text().splitlines())


def test_a_partial_year_is_no_rival_in_the_spread(service):
    a = service.ask("/sources completions 2024")  # TRAC's table covers FY2024 to April
    assert "from 704,514 to 911,289" in a.headline
    assert "FY2024: through April only" in " ".join(a.tables[0].notes)


@pytest.mark.parametrize(
    ("question", "error", "message"),
    [("/sources nope 2022", UsageError, "topics: granted, backlog, completions, encounters, "
                                                 "decisions, denial_rate, grant_rate"),
     ("/sources granted 2030", UnknownYear, "Years with figures: FY1990 to FY2024"),
     (f"/outcomes 2022 dataset={REPORTED}", UsageError, "holds single figures others")],
)
def test_questions_it_cannot_answer_say_why(service, question, error, message):
    with pytest.raises(error, match=message):
        service.ask(question)


def test_backlog_for_a_year_lists_what_others_reported(service):
    a = service.ask("/backlog 2023")
    also = a.tables[1].text()
    assert "[1] Dzubow    nearly 2,500,000" in also
    assert "[2] CRS       nearly 2,500,000" in also
    assert "Congressional Research Service (IN12463)" in also.replace("\n", " ")


@pytest.mark.parametrize(
    ("old", "new", "column", "message"),
    [(",about,1900000,,", ",roughly,1900000,,", "qualifier", "'roughly' is not a qualifier"),
     (",about,1900000,,", ",range,1900000,,", "high", "a range needs a high end"),
     (",about,1900000,,", ",about,\"1,900,000\",,", "value", "is not a whole number"),
     ("backlog,2022,end of FY2022", "pending,2022,end of FY2022", "topic",
      "topic 'pending' is not one of the metadata's topics")],
)
def test_a_bad_reported_figure_is_named_by_cell(data_dir, db_path, old, new, column, message):
    csv = data_dir / f"{REPORTED}.csv"
    text = csv.read_text()
    assert old in text
    csv.write_text(text.replace(old, new, 1))
    with pytest.raises(DataFileError) as info:
        load(data_dir, db_path)
    assert (info.value.file, info.value.row, info.value.column) == (f"{REPORTED}.csv", 3, column)
    assert message in info.value.message


def test_rates_are_percentages_and_keep_their_decimals(service):
    a = service.ask("/sources grant_rate 2025")
    assert dict(a.tables[0].rows) == {"[1] TRAC report 751": "35.8%", "[2] TRAC": "19.2%"}
    assert "they run from 19.2% to 35.8%" in a.headline
    assert "one month's rate is not the year's" in a.headline


def test_a_rate_over_100_percent_is_refused(data_dir, db_path):
    csv = data_dir / f"{REPORTED}.csv"
    csv.write_text(csv.read_text().replace("grant_rate,2024,August 2024,exact,38.2",
                                           "grant_rate,2024,August 2024,exact,382"))
    with pytest.raises(DataFileError) as info:
        load(data_dir, db_path)
    assert info.value.column == "value" and "a percentage from 0 to 100" in info.value.message
