"""Shared fixtures: a private copy of data/, a loaded store, and the answer service."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.answers.service import Answers
from bot.store.loader import load
from bot.store.reader import Store

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
DATASET = "trac_asylum_outcomes"


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A copy of the shipped data folder that a test may break."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "store.db"


@pytest.fixture
def loaded(data_dir: Path, db_path: Path) -> Path:
    """A store loaded from the shipped data; returns its path."""
    load(data_dir, db_path)
    return db_path


@pytest.fixture(scope="session")
def service(tmp_path_factory) -> Answers:
    """One answer service over the shipped data, shared by read-only tests."""
    db = tmp_path_factory.mktemp("store") / "store.db"
    load(DATA, db)
    return Answers(Store(db))


@pytest.fixture
def loaded_env(tmp_path: Path, data_dir: Path) -> dict[str, str]:
    """Environment for running `python -m bot` in a subprocess against private paths."""
    import os

    env = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "BOT_"))}
    env.update(
        BOT_DB_PATH=str(tmp_path / "store.db"),
        BOT_DATA_DIR=str(data_dir),
        BOT_CHART_DIR=str(tmp_path / "charts"),
        DISCORD_TOKEN="",
        PYTHONPATH=str(ROOT),
    )
    return env
