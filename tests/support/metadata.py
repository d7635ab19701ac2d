"""Read a dataset's metadata file from disk, as the loader reads it from data/."""

from __future__ import annotations

from pathlib import Path

from bot.store.metadata import DatasetMeta, parse_metadata


def read_metadata(path: Path) -> DatasetMeta:
    return parse_metadata(path.name, path.read_bytes())
