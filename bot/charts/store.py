"""Drawn charts kept on disk, so a restart on the same data starts warm.

A chart is a file `<root>/<data version>/<hash of its spec>.png`: the spec says
everything the picture shows (figures, labels, notes, source line), and the
version is the answer's own dataset's, so loading another dataset leaves it in
place. Files are read only when asked for. Past the size bound the charts used
least recently go first; versions no longer in service are removed by `prune`.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import shutil
import threading
from pathlib import Path

from bot.answers.model import ChartSpec

log = logging.getLogger(__name__)


def spec_key(spec: ChartSpec) -> str:
    """A stable name for what a chart shows."""
    return hashlib.sha256(repr(spec).encode()).hexdigest()[:32]


class ChartStore:
    """PNG files by (data version, chart spec), at most `max_bytes` in all; thread-safe."""

    def __init__(self, root: Path, max_bytes: int) -> None:
        self.root = Path(root)
        self.max_bytes = max_bytes
        self._lock = threading.Lock()
        self._size: int | None = None  # measured on the first write

    def path(self, version: str, spec: ChartSpec) -> Path:
        return self.root / version[:16] / f"{spec_key(spec)}.png"

    def has(self, version: str, spec: ChartSpec) -> bool:
        return self.path(version, spec).exists()

    def get(self, version: str, spec: ChartSpec) -> bytes | None:
        path = self.path(version, spec)
        try:
            png = path.read_bytes()
        except OSError:
            return None
        with contextlib.suppress(OSError):
            os.utime(path)  # recently used: evicted last
        return png

    def put(self, version: str, spec: ChartSpec, png: bytes) -> None:
        """Keep a chart; a full disk or a read-only folder only costs the cache."""
        path = self.path(version, spec)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f".{path.name}.{threading.get_ident()}")
            tmp.write_bytes(png)
            tmp.replace(path)
        except OSError as exc:
            log.warning("could not keep a chart on disk: %s", exc)
            return
        with self._lock:
            if self._size is None:
                self._size = self._measure()
            else:
                self._size += len(png)
            if self._size > self.max_bytes:
                self._evict()

    def size(self) -> int:
        with self._lock:
            self._size = self._measure()
            return self._size

    def prune(self, live: set[str]) -> int:
        """Remove the charts of every data version not in `live`; returns how many went."""
        live = {v[:16] for v in live}
        gone = 0
        for folder in self._folders():
            if folder.name not in live:
                gone += sum(1 for _ in folder.glob("*.png"))
                shutil.rmtree(folder, ignore_errors=True)
        with self._lock:
            self._size = None
        return gone

    def _folders(self) -> list[Path]:
        return [p for p in self.root.iterdir() if p.is_dir()] if self.root.exists() else []

    def _files(self) -> list[tuple[float, int, Path]]:
        out = []
        for folder in self._folders():
            for p in folder.glob("*.png"):
                try:
                    st = p.stat()
                except OSError:
                    continue
                out.append((st.st_mtime, st.st_size, p))
        return out

    def _measure(self) -> int:
        return sum(size for _, size, _ in self._files())

    def _evict(self) -> None:
        """Drop the least recently used charts until a tenth of the bound is free."""
        files = sorted(self._files())
        total = sum(size for _, size, _ in files)
        for _, size, path in files:
            if total <= self.max_bytes * 0.9:
                break
            path.unlink(missing_ok=True)
            total -= size
        self._size = total
