"""/data import's engine: limits, the loader's checks, all or nothing, kept in data/."""

from __future__ import annotations

import pytest

from bot.store.errors import DataFileError
from bot.store.importer import import_csv
from bot.store.reader import Reader
from tests.support.dbdump import dump
from tests.support.paths import DATASET

LIMITS = {"max_bytes": 10_000, "max_rows": 50}


def test_good_import_loads_and_keeps_the_file(loaded, data_dir):
    csv = data_dir / f"{DATASET}.csv"
    new = csv.read_bytes().replace(b"113843", b"114000")
    result = import_csv(data_dir, loaded, DATASET, new, **LIMITS)
    assert result.changed
    assert csv.read_bytes() == new
    assert Reader(loaded).snapshot().datasets[DATASET].row(2024).values["allowed_to_remain"] \
        == 114000


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (b"x" * 10_001, "limit is 10,000"),
        (b"fiscal_year\n" + b"1\n" * 60, "60 rows; the limit is 50"),
        (b"fiscal_year,period,ordered_removed,granted_asylum,allowed_to_remain\n"
         b"2022,full,1,2,=HYPERLINK()\n", "line 2, column 'allowed_to_remain'"),
        (b"\xff\xfe", "not UTF-8"),
    ],
)
def test_bad_import_changes_nothing(loaded, data_dir, content, fragment):
    before, original = dump(loaded), (data_dir / f"{DATASET}.csv").read_bytes()
    with pytest.raises(DataFileError) as info:
        import_csv(data_dir, loaded, DATASET, content, **LIMITS)
    assert fragment in str(info.value)
    assert dump(loaded) == before
    assert (data_dir / f"{DATASET}.csv").read_bytes() == original


def test_unknown_dataset(loaded, data_dir):
    with pytest.raises(DataFileError, match="there is no dataset 'nope'"):
        import_csv(data_dir, loaded, "nope", b"a\n1\n", **LIMITS)


def test_failed_load_puts_the_old_file_back(loaded, data_dir, monkeypatch):
    from bot.store import importer

    original = (data_dir / f"{DATASET}.csv").read_bytes()

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(importer, "load", broken)
    with pytest.raises(OSError):
        import_csv(data_dir, loaded, DATASET, original.replace(b"113843", b"1"), **LIMITS)
    assert (data_dir / f"{DATASET}.csv").read_bytes() == original


def test_a_new_month_of_any_dataset_imports_and_its_changes_are_listed(loaded, data_dir):
    """A CBP file with September 2025 added: FY2025 becomes a full year, the month is logged."""
    from bot.answers.service import Answers

    name = "cbp_border_encounters"
    csv = data_dir / f"{name}.csv"
    new = csv.read_bytes() + b"2025,SEP,5000,3000,0,8000,266.7\n"
    result = import_csv(data_dir, loaded, name, new, max_bytes=100_000, max_rows=500)
    assert result.changed and result.revised == 4
    service = Answers(Reader(loaded))
    assert not service.reader.snapshot().datasets[name].row(2025).partial
    changes = service.ask(f"/changes dataset={name}")
    assert changes.tables == ()  # a month added is new, not a revision
    assert "Added, not revised (new figures, not changed ones): 1 month of Southwest land " \
           "border encounters (CBP)" in changes.caveats[0]


def test_a_new_release_file_of_the_workload_is_checked_like_any_other(loaded, data_dir):
    name = "eoir_workload"
    csv = data_dir / f"{name}.csv"
    revised = csv.read_bytes().replace(b"2024,2025-07-31,full,3884956",
                                       b"2024,2025-07-31,full,3884957")
    assert import_csv(data_dir, loaded, name, revised, max_bytes=100_000, max_rows=500).revised \
        == 1
    bad = csv.read_bytes().replace(b"2024,2025-07-31,", b"2024,2026-01-01,")
    with pytest.raises(DataFileError, match="release '2026-01-01' is not described"):
        import_csv(data_dir, loaded, name, bad, max_bytes=100_000, max_rows=500)
