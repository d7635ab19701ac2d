"""Read-only SQLite connections to a store file replaced whole by each release."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path


class ThreadConnections:
    """One read-only connection per thread to the release in service, opened again when a
    new release (a new version) replaces the file; the old one is closed then."""

    def __init__(self) -> None:
        self._local = threading.local()

    def get(self, version: str, path: Path) -> sqlite3.Connection:
        held = getattr(self._local, "held", None)
        if held is None or held[0] != version:
            if held is not None:
                held[1].close()
            conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
            held = (version, conn)
            self._local.held = held
        return held[1]


def file_stamp(path: Path) -> tuple[int, int, int] | None:
    """What tells a replaced file apart: inode, modification time and size; None if absent."""
    try:
        st = Path(path).stat()
    except FileNotFoundError:
        return None
    return (st.st_ino, st.st_mtime_ns, st.st_size)
