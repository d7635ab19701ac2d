"""Faults while loading: killed mid-write, locked, read-only, disk full. The old data serves on."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys

import pytest

from bot.answers.service import Answers
from bot.store import schema
from bot.store.errors import StoreError
from bot.store.loader import load
from bot.store.reader import Reader
from tests.support.dbdump import dump
from tests.support.paths import DATASET, ROOT

KILL_HALFWAY = """
import sys, time
from pathlib import Path
from bot.store import loader
real = loader.write_dataset
def slow(db, prepared):
    real(db, prepared)
    print("HALFWAY", flush=True)  # the new rows are written, nothing is committed
    time.sleep(60)
loader.write_dataset = slow
loader.load(Path(sys.argv[1]), Path(sys.argv[2]))
"""


def change(data_dir) -> None:
    csv = data_dir / f"{DATASET}.csv"
    csv.write_text(csv.read_text().replace("149305", "1"))


def still_serving(db_path, expected_version) -> None:
    snap = Reader(db_path).snapshot()
    assert snap.version == expected_version
    assert snap.datasets[DATASET].row(2023).values["allowed_to_remain"] == 149305
    answer = Answers(Reader(db_path)).ask("/outcomes 2023")
    assert "149,305" in answer.tables[0].text()


def test_load_killed_halfway_leaves_the_previous_version(loaded, data_dir):
    version, before = Reader(loaded).snapshot().version, dump(loaded)
    change(data_dir)
    child = subprocess.Popen([sys.executable, "-c", KILL_HALFWAY, str(data_dir), str(loaded)],
                             stdout=subprocess.PIPE, text=True, cwd=ROOT)
    assert child.stdout.readline().strip() == "HALFWAY"
    child.send_signal(signal.SIGKILL)
    child.wait(10)
    assert child.returncode == -signal.SIGKILL
    still_serving(loaded, version)
    assert dump(loaded) == before
    assert load(data_dir, loaded).changed  # and the next load works


def test_locked_store_gives_a_clear_error(loaded, data_dir, monkeypatch):
    version = Reader(loaded).snapshot().version
    monkeypatch.setattr(schema, "BUSY_TIMEOUT", 0.2)
    holder = sqlite3.connect(loaded)
    holder.execute("begin exclusive")
    try:
        change(data_dir)
        with pytest.raises(StoreError, match="database is locked"):
            load(data_dir, loaded)
        still_serving(loaded, version)  # readers are not blocked by a writer in WAL mode
    finally:
        holder.rollback()
        holder.close()


def test_read_only_store_gives_a_clear_error(loaded, data_dir, monkeypatch):
    version = Reader(loaded).snapshot().version
    real = sqlite3.connect

    def read_only(path, *args, **kwargs):  # as if the file or its folder were read-only
        return real(f"file:{path}?mode=ro", *args, uri=True, **kwargs)

    monkeypatch.setattr(schema.sqlite3, "connect", read_only)
    change(data_dir)
    with pytest.raises(StoreError, match="readonly database"):
        load(data_dir, loaded)
    monkeypatch.undo()
    still_serving(loaded, version)


def test_full_disk_gives_a_clear_error_and_rolls_back(loaded, data_dir, monkeypatch):
    version, before = Reader(loaded).snapshot().version, dump(loaded)
    real = schema.connect_rw

    def full(path):  # no room for a single new page, as on a full disk
        db = real(path)
        pages = db.execute("pragma page_count").fetchone()[0]
        db.execute(f"pragma max_page_count = {pages}")
        return db

    monkeypatch.setattr("bot.store.loader.connect_rw", full)
    csv = data_dir / f"{DATASET}.csv"
    csv.write_text(csv.read_text() + "".join(f"{1950 + i},full,1,2,3\n" for i in range(60)))
    with pytest.raises(StoreError, match="full"):
        load(data_dir, loaded)
    monkeypatch.undo()
    still_serving(loaded, version)
    assert dump(loaded) == before
