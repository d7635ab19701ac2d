"""Settings for a test that updates the sources: every path private to the test."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

from bot.settings import Settings
from bot.store.loader import load
from tests.support.paths import DATA


def private_settings(tmp_path: Path, **overrides) -> Settings:
    """A copy of the frozen data, loaded, with the stores and downloads under tmp_path."""
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    db = tmp_path / "store.db"
    load(data, db)
    return dataclasses.replace(
        Settings(), data_dir=data, db_path=db, cbp_db_path=tmp_path / "cbp.db",
        sources_db_path=tmp_path / "sources.db", downloads_dir=tmp_path / "downloads",
        eoir_db_path=tmp_path / "eoir.db", **overrides)
