"""Releases of one series side by side (EOIR's workload), levels at a moment, and /backlog."""

from __future__ import annotations

import pytest

from bot.answers.errors import UnknownDataset, UnknownYear
from bot.store.errors import DataFileError
from bot.store.loader import load
from bot.store.reader import Reader

EOIR = "eoir_workload"


def test_the_newest_release_is_the_default_and_others_stay_queryable(service):
    newest = service.ask(f"/outcomes 2020 dataset={EOIR}")
    older = service.ask(f"/outcomes 2020 dataset={EOIR} release=2021")
    assert {v.measure: v.value for v in newest.values}["pending"] == 1504246
    assert {v.measure: v.value for v in older.values}["pending"] == 1258882
    assert "2025 release" in newest.source.line and "2021 release" in older.source.line
    assert older.question.text.endswith("release=2021")


def test_an_unknown_release_names_the_releases_there_are(service):
    with pytest.raises(UnknownDataset, match="Releases: 2021-04-19, 2025-07-31"):
        service.ask(f"/trend dataset={EOIR} release=2030")


def test_separate_series_are_never_shares_of_each_other(service):
    a = service.ask(f"/outcomes 2024 dataset={EOIR}")
    assert "Share" not in a.tables[0].header
    assert all(v.share is None for v in a.values)
    assert a.headline == ("FY2024: pending at year end 3,884,956; new cases 1,783,915; "
                          "completions 704,514.")


def test_a_level_at_a_moment_is_not_scaled_or_added_up(service):
    a = service.ask(f"/outcomes 2021 dataset={EOIR} release=2021")  # through March
    change = {c.measure: c for c in a.changes}
    assert change["pending"].to_value == 1293896  # as it stands, not × 12/6
    assert change["new_cases"].to_value == 66158 * 2
    totals = service.ask(f"/totals 2022 2024 dataset={EOIR}")
    assert {v.measure for v in totals.values} == {"new_cases", "completions"}
    assert "not added up over years" in totals.tables[0].text().replace("\n", " ")


def test_backlog_for_a_year_shows_each_release_and_the_difference(service):
    a = service.ask("/backlog 2020")
    assert a.tables[0].text().splitlines()[:4] == [
        "Release       FY2020",
        "2021 rel.  1,258,882",
        "2025 rel.  1,504,246",
        "Difference  +245,364",
    ]
    assert "The newer release counts 245,364 more (+19.5%)" in a.headline
    assert a.source.line.endswith("as of its 2021 and 2025 releases")


def test_backlog_does_not_difference_a_level_counted_earlier_in_the_year(service):
    a = service.ask("/backlog 2021")
    assert "Difference" not in a.tables[0].text()
    assert "They are not comparable" in a.headline
    assert "counted at the end of March" in a.headline


def test_backlog_series_has_every_release_with_gaps(service):
    a = service.ask("/backlog")
    rows = dict((r[0], r[1:]) for r in a.tables[0].rows)
    assert rows["FY2008"] == ("186,101", "–") and rows["FY2024"] == ("–", "3,884,956")
    assert rows["FY2021"] == ("1,293,896*", "1,655,551")
    assert "FY2020, 1,504,246 against 1,258,882" in a.headline
    older = a.chart.series[0].values
    assert older[-4] != older[-4]  # FY2021 through March: not drawn (NaN)


def test_backlog_names_the_years_there_are(service):
    with pytest.raises(UnknownYear, match="Years available: FY2008 to FY2024"):
        service.ask("/backlog 2030")


def test_a_release_not_in_the_metadata_is_named(data_dir, db_path):
    csv = data_dir / f"{EOIR}.csv"
    csv.write_text(csv.read_text().replace("2008,2021-04-19,", "2008,2021-05-01,"))
    with pytest.raises(DataFileError) as info:
        load(data_dir, db_path)
    assert (info.value.row, info.value.column) == (2, "release")
    assert "release '2021-05-01' is not described in the metadata" in info.value.message


def test_the_same_year_twice_in_one_release_is_named(data_dir, db_path):
    csv = data_dir / f"{EOIR}.csv"
    csv.write_text(csv.read_text().replace("2009,2021-04-19,", "2008,2021-04-19,"))
    with pytest.raises(DataFileError, match="FY2008 in release 2021-04-19 appears twice"):
        load(data_dir, db_path)


def test_a_revision_in_one_release_is_logged_with_its_release(loaded, data_dir):
    first = Reader(loaded).snapshot().version
    csv = data_dir / f"{EOIR}.csv"
    csv.write_text(csv.read_text().replace("2020,2025-07-31,full,1504246",
                                           "2020,2025-07-31,full,1504247"))
    load(data_dir, loaded)
    (revision,) = Reader(loaded).snapshot().revisions_since(first)
    assert (revision.year, revision.release, revision.measure, revision.old, revision.new) == \
        (2020, "2025-07-31", "pending", 1504246, 1504247)
    from bot.answers.service import Answers

    table = Answers(Reader(loaded)).ask(f"/changes dataset={EOIR}").tables[0].text()
    assert "FY2020 r25 Pending 1,504,246 1,504,247" in table
    assert "r25 = EOIR's 2025 release" in table
