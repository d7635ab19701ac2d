"""Reading the store: snapshots, hot reload, and the last good data when the file goes bad."""

from __future__ import annotations

import pytest

from bot.store.errors import StoreError
from bot.store.loader import load
from bot.store.reader import Reader
from tests.support.paths import DATASET


def test_missing_store_says_how_to_load(tmp_path):
    with pytest.raises(StoreError, match="python -m bot load"):
        Reader(tmp_path / "none.db").snapshot()
    assert not Reader(tmp_path / "none.db").has_data()


def test_snapshot_is_reused_until_the_version_changes(loaded, data_dir):
    store = Reader(loaded)
    first = store.snapshot()
    assert store.snapshot() is first
    csv = data_dir / f"{DATASET}.csv"
    csv.write_text(csv.read_text().replace("52440", "52441"))
    load(data_dir, loaded)
    second = store.snapshot()
    assert second.version != first.version
    assert second.datasets[DATASET].row(2023).values["ordered_removed"] == 52441


def test_each_dataset_has_a_version_of_its_own(loaded, data_dir):
    from bot.answers.service import Answers

    before = Reader(loaded).snapshot()
    grants = Answers(Reader(loaded)).ask("/grants 2020").source.data_version
    csv = data_dir / f"{DATASET}.csv"
    csv.write_text(csv.read_text().replace("52440", "52441"))
    load(data_dir, loaded)
    after = Reader(loaded).snapshot()
    assert after.datasets[DATASET].version != before.datasets[DATASET].version
    unchanged = [n for n in before.datasets if n != DATASET]
    assert all(after.datasets[n].version == before.datasets[n].version for n in unchanged)
    service = Answers(Reader(loaded))
    assert service.ask("/grants 2020").source.data_version == grants  # its charts still hold
    assert service.ask("/outcomes 2023").source.data_version == after.datasets[DATASET].version


def test_partial_year_is_flagged(loaded):
    ds = Reader(loaded).snapshot().datasets[DATASET]
    assert [r.year for r in ds.rows if r.partial] == [2024]
    assert ds.row(2024).period.label == "through April"


def test_corrupted_file_keeps_answering_from_last_good_data(loaded):
    store = Reader(loaded)
    good = store.snapshot()
    for suffix in ("-wal", "-shm"):
        loaded.with_name(loaded.name + suffix).unlink(missing_ok=True)
    loaded.write_bytes(b"this is not a database" * 100)
    assert store.snapshot() is good
