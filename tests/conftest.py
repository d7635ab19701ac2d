"""Shared fixtures: a private copy of the frozen test data, a loaded store, the answer service.

Logic tests use the frozen copy in tests/fixtures/data, never the shipped data/,
so revising a figure in data/ breaks only tests/test_shipped_data.py.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from bot.answers.service import Answers
from bot.eoir.cases import CaseStore
from bot.eoir.ingest import ingest
from bot.eoir.synth import synthesize
from bot.store.loader import load
from bot.store.reader import Reader
from tests.support.paths import DATA, ROOT


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A copy of the frozen test data that a test may break."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "store.db"


@pytest.fixture
def loaded(data_dir: Path, db_path: Path) -> Path:
    """A store loaded from the frozen test data; returns its path."""
    load(data_dir, db_path)
    return db_path


@pytest.fixture(scope="session")
def service(tmp_path_factory) -> Answers:
    """One answer service over the frozen test data, shared by read-only tests."""
    db = tmp_path_factory.mktemp("store") / "store.db"
    load(DATA, db)
    return Answers(Reader(db))


@pytest.fixture
def loaded_env(tmp_path: Path, data_dir: Path) -> dict[str, str]:
    """Environment for running `python -m bot` in a subprocess against private paths."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "BOT_"))}
    env.update(
        BOT_DB_PATH=str(tmp_path / "store.db"),
        BOT_DATA_DIR=str(data_dir),
        BOT_CHART_DIR=str(tmp_path / "charts"),
        BOT_CBP_DB_PATH=str(tmp_path / "cbp.db"),
        BOT_SOURCES_DB_PATH=str(tmp_path / "sources.db"),
        BOT_DOWNLOADS_DIR=str(tmp_path / "downloads"),
        # A bot started by a test never fetches a source's release: that is the network.
        BOT_UPDATE="off",
        DISCORD_TOKEN="",
        PYTHONPATH=str(ROOT),
    )
    return env


@pytest.fixture(scope="session")
def release(tmp_path_factory) -> Path:
    """A small synthetic EOIR release (200,000 cases), with its true counts in truth.csv."""
    out = tmp_path_factory.mktemp("synth") / "release"
    synthesize(out, 200_000, 5)
    return out


@pytest.fixture(scope="session")
def case_store(release, tmp_path_factory) -> Path:
    """The synthetic release ingested into a case store of its own; returns its path."""
    store = tmp_path_factory.mktemp("cases") / "eoir.db"
    ingest(release, store, allow_synthetic=True, bar=False)
    return store


@pytest.fixture(scope="session")
def case_service(case_store, tmp_path_factory) -> Answers:
    """The answer service over the frozen test data and the synthetic case store."""
    db = tmp_path_factory.mktemp("store") / "store.db"
    load(DATA, db)
    return Answers(Reader(db), cases=CaseStore(case_store))


@pytest.fixture(scope="session")
def cbp_release(tmp_path_factory):
    """A CBP nationwide file in the real layout, built on the frozen southwest series, and
    its truth: every count written."""
    from tests.support.cbp_files import southwest_series, write_release

    path = tmp_path_factory.mktemp("cbp") / "nationwide-encounters-fy22-fy25-aug-aor.csv"
    truth = write_release(path, southwest_series(), seed=3)
    return path, truth


@pytest.fixture(scope="session")
def encounter_service(cbp_release, tmp_path_factory) -> Answers:
    """The answer service over the frozen test data and the CBP file's store."""
    from bot.encounters import read, store

    path, _truth = cbp_release
    folder = tmp_path_factory.mktemp("enc")
    load(DATA, folder / "store.db")
    release = read.read(path)
    store.write(release, folder / "cbp.db", {"version": "testfile00000000", "file": path.name,
                                             "as_of": "August 2025 (FY2025 through August)",
                                             "taken_at": "2025-10-01T00:00:00+00:00"})
    return Answers(Reader(folder / "store.db"),
                   encounters=store.EncounterStore(folder / "cbp.db"))


@pytest.fixture
def notify_socket(tmp_path):
    """A socket in place of systemd's: (its path, the socket to read)."""
    from tests.support.notify_socket import open_socket

    path, sock = open_socket(tmp_path)
    yield path, sock
    sock.close()
