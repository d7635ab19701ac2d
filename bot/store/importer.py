"""Replace a dataset's CSV from an upload: limits, the loader's checks, all or nothing."""

from __future__ import annotations

import threading
from pathlib import Path

from bot.store.errors import DataFileError
from bot.store.loader import LoadResult, load, prepare, source_files

# One load at a time in this process: an import and a reload must not interleave.
LOAD_LOCK = threading.Lock()


def import_csv(data_dir: Path, db_path: Path, dataset: str, content: bytes, *,
               max_bytes: int, max_rows: int, metadata: bytes | None = None) -> LoadResult:
    """Check `content` as the new `<dataset>.csv` (and `metadata` as its metadata, when a
    release changes its as-of date too), then load it and keep it in data/.

    Nothing changes unless every check passes; if the load itself fails, the
    previous files are put back.
    """
    new = {f"{dataset}.csv": content}
    if metadata is not None:
        new[f"{dataset}.metadata.json"] = metadata
    return import_files(data_dir, db_path, new, max_bytes=max_bytes, max_rows=max_rows)


def import_files(data_dir: Path, db_path: Path, new: dict[str, bytes], *, max_bytes: int,
                 max_rows: int) -> LoadResult:
    """Several datasets' files at once (a release that feeds two datasets): every check
    on all of them first, then one load; nothing changes unless every check passes."""
    for name, content in new.items():
        if not name.endswith(".csv"):
            continue
        if len(content) > max_bytes:
            raise DataFileError(name, f"upload is {len(content):,} bytes; the limit is "
                                      f"{max_bytes:,}")
        lines = content.count(b"\n") + (0 if content.endswith(b"\n") else 1)
        if lines - 1 > max_rows:
            raise DataFileError(name, f"upload has {lines - 1:,} rows; the limit is "
                                      f"{max_rows:,}")
    with LOAD_LOCK:
        files = source_files(data_dir)
        for name in new:
            if name.endswith(".csv") and name not in files:
                known = ", ".join(sorted(n.removesuffix(".csv") for n in files
                                         if n.endswith(".csv")))
                raise DataFileError(name, f"there is no dataset {name.removesuffix('.csv')!r} "
                                          f"(datasets: {known})")
        files.update(new)
        checked = prepare(files)  # every check, before anything is written
        previous = {n: (data_dir / n).read_bytes() for n in new}
        for n, data in new.items():
            _write_atomically(data_dir / n, data)
        try:
            return load(data_dir, db_path, files=files, checked=checked)
        except BaseException:
            for n, data in previous.items():
                _write_atomically(data_dir / n, data)
            raise


def reload(data_dir: Path, db_path: Path) -> LoadResult:
    """Re-read data/ under the same lock as imports."""
    with LOAD_LOCK:
        return load(data_dir, db_path)


def _write_atomically(path: Path, content: bytes) -> None:
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_bytes(content)
    tmp.replace(path)
