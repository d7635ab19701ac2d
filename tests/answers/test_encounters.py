"""/encounters and monthly datasets: months, their fiscal years, and the average a day."""

from __future__ import annotations

from fractions import Fraction

import pytest

from bot.answers.errors import UnknownYear, UsageError
from bot.answers.questions import Question, parse
from bot.store.errors import DataFileError
from bot.store.loader import load
from bot.store.reader import Reader

CBP = "cbp_border_encounters"


@pytest.mark.parametrize("text", ["/encounters 2024-04", "/encounters April 2024",
                                  "/encounters apr 2024", "/encounters 2024-4",
                                  "/encounters Apr. 2024"])
def test_a_month_can_be_written_as_people_write_it(text):
    assert parse(text) == Question("encounters", (2024,), month=4)


def test_october_to_december_belong_to_the_next_fiscal_year():
    assert parse("/encounters 2023-10") == Question("encounters", (2024,), month=10)
    assert parse("/encounters 2023-10").text == "/encounters 2023-10"


def test_april_2024_is_the_5990_a_day_in_the_story(service):
    a = service.ask("/encounters 2024-04")
    values = {v.measure: v.value for v in a.values}
    assert values == {"border_patrol": 128895, "ports_of_entry": 50842,
                      "total": 179737, "per_day": Fraction(179737, 30)}
    assert a.headline.startswith("179,737 southwest border encounters in April 2024 (FY2024): "
                                 "5,991 a day over its 30 days.")
    daily = a.tables[1].text().splitlines()
    assert daily[1:3] == ["Total ÷ days    5,991.2", "As published    5,991.2"]
    assert a.source.name.startswith("US Customs and Border Protection")


def test_a_year_is_its_months_added_up_with_a_monthly_chart(service):
    a = service.ask("/encounters 2024")
    assert {v.measure: v.value for v in a.values if v.months == 12}["total"] == 2135005
    months_table = a.tables[-1]
    assert len(months_table.rows) == 12
    assert months_table.rows[0][0] == "Oct 23" and months_table.rows[-1][0] == "Sep 24"
    assert a.chart.kind == "grouped" and len(a.chart.categories) == 12


def test_the_last_year_is_partial_and_compared_at_its_pace(service):
    a = service.ask("/encounters 2025")
    assert a.partial and "FY2025 (through August)" in a.title
    assert a.tables[1].header[0] == "est. vs FY2024"
    assert len(a.tables[-1].rows) == 11
    compare = service.ask(f"/compare 2024 2025 dataset={CBP}")
    total = {c.measure: c for c in compare.changes}["total"]
    assert (total.to_value, total.basis) == (Fraction(432059 * 12, 11), "estimate")


def test_a_month_with_no_figures_names_the_months_there_are(service):
    with pytest.raises(UnknownYear, match="Months available: October 2021 to August 2025"):
        service.ask("/encounters 2026-05")


def test_months_do_not_go_with_other_commands(service):
    with pytest.raises(UsageError, match="does not take a month"):
        service.ask(Question("outcomes", (2024,), month=4))


def test_monthly_figures_work_in_trend_and_totals(service):
    trend = service.ask(f"/trend dataset={CBP}")
    assert trend.tables[0].rows[0] == ("FY2022", "2,206.4", "172.5", "1,079.5", "2,378.9")
    assert "Thousands of encounters." in trend.tables[0].notes
    totals = service.ask(f"/totals 2022 2024 dataset={CBP}")
    assert {v.measure: v.value for v in totals.values}["total"] == \
        2378944 + 2475669 + 2135005


def replace_row(data_dir, old: str, new: str) -> None:
    csv = data_dir / f"{CBP}.csv"
    text = csv.read_text()
    assert old in text
    csv.write_text(text.replace(old, new))


@pytest.mark.parametrize(
    ("old", "new", "line", "column", "message"),
    [("2024,APR,128895,50842,0,179737,5991.2", "2024,APR,128895,50842,0,179737,5990.0",
      32, "per_day", "a day does not match the month's total"),
     ("2024,APR,", "2024,APRIL?,", 32, "month", "is not a month"),
     ("2024,APR,", "2024,MAR,", 32, "fiscal_year", "FY2024 March appears twice (first on "
                                                    "line 31)")],
)
def test_a_bad_month_row_is_named(data_dir, db_path, old, new, line, column, message):
    replace_row(data_dir, old, new)
    with pytest.raises(DataFileError) as info:
        load(data_dir, db_path)
    assert (info.value.file, info.value.row, info.value.column) == (f"{CBP}.csv", line, column)
    assert message in info.value.message


def test_a_revised_month_is_logged_by_month(loaded, data_dir):
    first = Reader(loaded).snapshot().version
    replace_row(data_dir, "2024,APR,128895,50842,0,179737,5991.2",
                "2024,APR,128896,50842,0,179738,5991.3")
    load(data_dir, loaded)
    revised = {(r.year, r.month, r.measure): (r.old, r.new)
               for r in Reader(loaded).snapshot().revisions_since(first)}
    assert revised == {(2024, 4, "border_patrol"): (128895, 128896),
                       (2024, 4, "total"): (179737, 179738)}
    from bot.answers.service import Answers

    table = Answers(Reader(loaded)).ask(f"/changes dataset={CBP}").tables[0].text()
    assert "Apr 2024 USBP   128,895 128,896" in table


def test_a_region_gives_border_patrols_annual_series_there(service):
    a = service.ask("/encounters region=southwest")
    assert a.dataset == "usbp_encounters_by_region"
    assert a.title.startswith("Border Patrol encounters, southwest border (DHS), FY2000")
    assert a.tables[0].rows[0] == ("FY2000", "1,566,420")
    assert a.tables[0].rows[-1] == ("FY2025*", "103,140")
    assert "FY2025: through November only (2 of 12" in a.tables[0].text()
    to_2010 = service.ask("/encounters 2010 region=north")
    assert to_2010.tables[0].rows[-1] == ("FY2010", "7,430")


def test_an_unknown_region_names_the_regions(service):
    with pytest.raises(UsageError, match="regions: southwest, northern, coastal"):
        service.ask("/encounters region=mars")


def test_a_monthly_series_is_charted_month_by_month(service):
    a = service.ask(f"/trend 2024 dataset={CBP}")
    assert a.chart.categories[0] == "Oct 23" and a.chart.categories[-1] == "Aug 25"
    assert len(a.chart.categories) == 23
    assert len(a.tables[0].rows) == 2  # the table stays by fiscal year


def test_a_part_that_did_not_exist_then_is_left_out_with_a_note(service):
    a = service.ask("/encounters 2024-04")  # Title 42 ended in May 2023
    shown = [r[0] for t in a.tables for r in t.rows]
    assert not any("Title 42" in label for label in shown)
    assert "Title 42" not in " ".join(a.chart.categories) + a.chart.alt_text
    assert "title42" not in {v.measure for v in a.values}
    assert a.caveats[0].startswith("Title 42 expulsions ran from March 2020 to 11 May 2023")
    year = service.ask("/encounters 2024")  # none of FY2024 was under Title 42
    assert not any("Title 42" in r[0] for t in year.tables for r in t.rows)
    assert all("T42" not in t.header for t in year.tables)


def test_a_part_in_force_in_any_period_shown_stays(service):
    before = service.ask("/encounters 2023-04")
    assert "of which Title 42" in [r[0] for r in before.tables[0].rows]
    ended = service.ask("/encounters 2023")  # Title 42 ran until May: FY2023 keeps it
    assert any(r[0] == "of which Title 42" for r in ended.tables[0].rows)
    both = service.ask(f"/compare 2023 2024 dataset={CBP}")  # a fall to none is the story
    assert any(r[0] == "of which Title 42" for r in both.tables[0].rows)
    assert not any("Title 42 expulsions ran" in c for c in both.caveats)
    after = service.ask("/outcomes 2025 dataset=cbp_encounters_annual")
    assert not any("Title 42" in r[0] for r in after.tables[0].rows)
