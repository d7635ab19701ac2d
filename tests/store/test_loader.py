"""Loading: one transaction, a content-hash version, history, and nothing lost on failure."""

from __future__ import annotations

import json
import shutil
import sqlite3

import pytest

from bot.store import loader
from bot.store.errors import DataFileError
from bot.store.loader import load
from bot.store.reader import Reader
from tests.support.paths import DATA, DATASET

# Every dataset in the frozen test data, with its number of data rows.
ROWS = {p.stem: len(p.read_text().splitlines()) - 1 for p in DATA.glob("*.csv")}


def history(db_path):
    with sqlite3.connect(db_path) as conn:
        return conn.execute("select loaded_at, version, files, rows from _loads").fetchall()


def dump(db_path):
    """Every row of every table, to prove a failed load changed nothing at all."""
    with sqlite3.connect(db_path) as conn:
        tables = [r[0] for r in conn.execute("select name from sqlite_master where type='table'")]
        return {t: conn.execute(f"select * from [{t}]").fetchall() for t in sorted(tables)}


def test_load_writes_rows_version_and_history(data_dir, db_path):
    result = load(data_dir, db_path)
    assert result.changed
    assert result.rows == ROWS
    snap = Reader(db_path).snapshot()
    assert snap.version == result.version
    assert snap.datasets[DATASET].row(2022).values == {
        "ordered_removed": 36250, "granted_asylum": 31859, "allowed_to_remain": 102550,
    }
    ((loaded_at, version, files, rows),) = history(db_path)
    assert version == result.version and loaded_at == result.loaded_at
    assert json.loads(files) == sorted(p.name for p in data_dir.iterdir())
    assert json.loads(rows) == ROWS


def test_unchanged_files_change_nothing(loaded, data_dir):
    before = dump(loaded)
    again = load(data_dir, loaded)
    assert not again.changed
    assert again.rows == ROWS
    assert dump(loaded) == before


def test_changed_file_gives_new_version_and_history_row(loaded, data_dir):
    first = Reader(loaded).snapshot().version
    csv = data_dir / f"{DATASET}.csv"
    csv.write_text(csv.read_text().replace("113843", "113900"))
    result = load(data_dir, loaded)
    assert result.changed and result.version != first
    assert len(history(loaded)) == 2
    assert Reader(loaded).snapshot().datasets[DATASET].row(2024).values["allowed_to_remain"] == \
        113900


def test_version_is_a_content_hash():
    a = loader.data_version({"a.csv": b"1", "a.metadata.json": b"{}"})
    assert a == loader.data_version({"a.metadata.json": b"{}", "a.csv": b"1"})
    assert a != loader.data_version({"a.csv": b"2", "a.metadata.json": b"{}"})


BAD_CSVS = {
    "missing column": "fiscal_year,period,ordered_removed,granted_asylum\n2022,full,1,2\n",
    "extra column": "fiscal_year,period,ordered_removed,granted_asylum,allowed_to_remain,x\n"
                    "2022,full,1,2,3,4\n",
    "non-integer": "fiscal_year,period,ordered_removed,granted_asylum,allowed_to_remain\n"
                   "2022,full,1.5,2,3\n",
    "negative": "fiscal_year,period,ordered_removed,granted_asylum,allowed_to_remain\n"
                "2022,full,-1,2,3\n",
    "duplicate year": "fiscal_year,period,ordered_removed,granted_asylum,allowed_to_remain\n"
                      "2022,full,1,2,3\n2022,full,1,2,3\n",
    "unreadable year": "fiscal_year,period,ordered_removed,granted_asylum,allowed_to_remain\n"
                       "22x,full,1,2,3\n",
    "empty": "",
    "unknown period": "fiscal_year,period,ordered_removed,granted_asylum,allowed_to_remain\n"
                      "2022,half,1,2,3\n",
}


@pytest.mark.parametrize("case", sorted(BAD_CSVS))
def test_bad_file_keeps_previous_version_in_service(loaded, data_dir, case):
    before = dump(loaded)
    (data_dir / f"{DATASET}.csv").write_text(BAD_CSVS[case])
    with pytest.raises(DataFileError) as info:
        load(data_dir, loaded)
    assert info.value.file == f"{DATASET}.csv"
    assert dump(loaded) == before


@pytest.mark.parametrize(
    "content", [b"\xef\xbb\xbffiscal_year,period\n", b"fiscal_year\n\xff\xfe2022\n"],
    ids=["bom", "not-utf8"],
)
def test_bad_encoding_keeps_previous_version(loaded, data_dir, content):
    before = dump(loaded)
    (data_dir / f"{DATASET}.csv").write_bytes(content)
    with pytest.raises(DataFileError):
        load(data_dir, loaded)
    assert dump(loaded) == before


def test_metadata_without_data_file_is_refused(loaded, data_dir):
    (data_dir / "orphan.metadata.json").write_text("{}")
    with pytest.raises(DataFileError, match="no data file beside it"):
        load(data_dir, loaded)


def test_data_file_without_metadata_is_refused(loaded, data_dir):
    (data_dir / "lonely.csv").write_text("a\n1\n")
    with pytest.raises(DataFileError, match="has no metadata file"):
        load(data_dir, loaded)


def add_copy(data_dir, name: str) -> None:
    shutil.copy(data_dir / f"{DATASET}.csv", data_dir / f"{name}.csv")
    shutil.copy(data_dir / f"{DATASET}.metadata.json", data_dir / f"{name}.metadata.json")


def test_failure_halfway_through_writing_rolls_back(loaded, data_dir, monkeypatch):
    before = dump(loaded)
    add_copy(data_dir, "zz_second")
    csv = data_dir / f"{DATASET}.csv"
    csv.write_text(csv.read_text().replace("36250", "1"))
    real = loader.write_dataset
    calls = []

    def fail_on_second(db, prepared):
        calls.append(prepared.meta.name)
        real(db, prepared)
        if len(calls) == 2:
            raise OSError("disk full")

    monkeypatch.setattr(loader, "write_dataset", fail_on_second)
    with pytest.raises(OSError, match="disk full"):
        load(data_dir, loaded)
    assert calls == sorted(ROWS)[:2]
    assert dump(loaded) == before


def test_a_new_dataset_needs_only_files(loaded, data_dir):
    add_copy(data_dir, "second_dataset")
    load(data_dir, loaded)
    snap = Reader(loaded).snapshot()
    assert set(snap.datasets) == {*ROWS, "second_dataset"}
    (data_dir / "second_dataset.csv").unlink()
    (data_dir / "second_dataset.metadata.json").unlink()
    load(data_dir, loaded)
    assert set(Reader(loaded).snapshot().datasets) == set(ROWS)
    with sqlite3.connect(loaded) as conn:
        tables = {r[0] for r in conn.execute("select name from sqlite_master")}
    assert "second_dataset" not in tables


def test_store_opens_in_datasette_with_metadata(loaded):
    datasette = pytest.importorskip("datasette.app")
    import asyncio

    # Datasette's configuration-directory mode, as `datasette var/` runs it: nothing to pass.
    ds = datasette.Datasette(config_dir=loaded.parent)

    async def fetch():
        rows = await ds.client.get(f"/store/{DATASET}.json?_shape=array&fiscal_year=2022")
        page = await ds.client.get(f"/store/{DATASET}")
        return rows, page

    rows, page = asyncio.run(fetch())
    assert rows.status_code == 200
    assert rows.json()[0]["allowed_to_remain"] == 102550
    assert page.status_code == 200
    assert "Asylum case outcomes in US immigration courts" in page.text
    assert "TRAC Immigration, Syracuse University" in page.text
