"""A total as the source published it: shown as published, never replaced by a sum."""

from __future__ import annotations

import json

import pytest

from bot.store.errors import DataFileError
from bot.store.loader import load
from bot.store.metadata import parse_metadata

DHS = "dhs_asylum_grants"


def values(answer):
    return {v.measure: v.value for v in answer.values if v.basis in ("counted", "sum")}


def test_the_published_total_is_shown_where_the_parts_add_to_less(service):
    a = service.ask(f"/outcomes 1992 dataset={DHS}")  # 4,120 + 2,180 = 6,300; published 6,310
    assert values(a) == {"affirmative": 4120, "defensive": 2180, "total": 6310}
    assert "Total                6,310 100.0%" in a.tables[0].text()
    assert a.headline == ("Affirmative (USCIS) was the most common route in FY1992: 4,120 of "
                          "6,310 people granted asylum (65.3%).")
    said = [c for c in a.caveats if "Totals are as DHS published them" in c]
    assert len(said) == 1  # said once


def test_sums_over_years_add_the_published_totals(service):
    a = service.ask(f"/totals 2003 2005 dataset={DHS}")
    # Published: 28,740 + 27,380 + 25,300; the parts add to 28,750 + 27,370 + 25,310.
    assert values(a)["total"] == 28740 + 27380 + 25300


def test_trend_and_compare_use_the_published_totals(service):
    trend = service.ask(f"/trend 2013 2014 dataset={DHS}")
    assert trend.tables[0].text().splitlines()[1:3] == [
        "FY2013  14,890   9,750 24,630",
        "FY2014  14,420   8,610 23,040",
    ]
    total = {c.measure: c for c in service.ask(f"/compare 2013 2014 dataset={DHS}").changes}
    assert (total["total"].from_value, total["total"].to_value) == (24630, 23040)


def test_a_bad_total_is_named_by_file_line_and_column(data_dir, db_path):
    csv = data_dir / f"{DHS}.csv"
    csv.write_text(csv.read_text().replace("1992,4120,2180,6310", "1992,4120,2180,6,310"))
    with pytest.raises(DataFileError) as info:
        load(data_dir, db_path)
    # A thousands separator splits the row into one cell too many.
    assert str(info.value).startswith(f"{DHS}.csv, line 4: cannot be read as CSV")


def test_a_total_that_is_not_a_number_names_its_cell(data_dir, db_path):
    csv = data_dir / f"{DHS}.csv"
    csv.write_text(csv.read_text().replace("1992,4120,2180,6310", "1992,4120,2180,about 6300"))
    with pytest.raises(DataFileError) as info:
        load(data_dir, db_path)
    assert (info.value.row, info.value.column) == (4, "total")


@pytest.mark.parametrize(
    ("change", "message"),
    [({"total_column": "defensive"}, "must name a column that is not a measure"),
     ({"additive": False}, "needs 'additive': true")],
)
def test_metadata_for_a_published_total_is_checked(data_dir, change, message):
    raw = json.loads((data_dir / f"{DHS}.metadata.json").read_text())
    raw.update(change)
    with pytest.raises(DataFileError, match=message):
        parse_metadata(f"{DHS}.metadata.json", json.dumps(raw).encode())
