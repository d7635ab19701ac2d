"""Reading a zip member compressed with Deflate64 (method 9), which `zipfile` cannot.

Some of EOIR's releases are reported to compress members this way (the tool that
made the zip chose it for members over 2 GB). `zipfile` still reads the archive's
directory; this reads the member's compressed bytes from its local header on and
inflates them with inflate64, block by block, checking the CRC at the end as
`zipfile` does for the methods it knows.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from pathlib import Path
from typing import BinaryIO

import inflate64

DEFLATE64 = 9
BLOCK = 1 << 20
_LOCAL_HEADER = struct.Struct("<4s5H3L2H")  # signature ... name length, extra length


class Deflate64Member(io.RawIOBase):
    """A Deflate64 member as a readable binary stream of its uncompressed bytes."""

    def __init__(self, path: Path, info: zipfile.ZipInfo) -> None:
        self._file = open(path, "rb")  # noqa: SIM115 - closed with the stream
        self._file.seek(info.header_offset)
        header = _LOCAL_HEADER.unpack(self._file.read(_LOCAL_HEADER.size))
        if header[0] != b"PK\x03\x04":
            raise zipfile.BadZipFile(f"{info.filename}: no local header where the directory "
                                     "says")
        self._file.seek(header[9] + header[10], io.SEEK_CUR)  # past the name and extra field
        self._left = info.compress_size
        self._size, self._crc, self._name = info.file_size, info.CRC, info.filename
        self._inflater = inflate64.Inflater()
        self._pending = b""
        self._seen = 0
        self._running = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while not self._pending and (self._left or self._seen < self._size):
            raw = self._file.read(min(BLOCK, self._left)) if self._left else b""
            self._left -= len(raw)
            if not raw and self._left:
                raise zipfile.BadZipFile(f"{self._name}: the archive ends inside the member")
            self._pending = self._inflater.inflate(raw)
            self._seen += len(self._pending)
            self._running = zlib.crc32(self._pending, self._running)
            if not raw and not self._pending:
                break
        if not self._pending:
            self._finish()
            return 0
        n = min(len(buffer), len(self._pending))
        buffer[:n] = self._pending[:n]
        self._pending = self._pending[n:]
        return n

    def _finish(self) -> None:
        if self._seen != self._size or self._running != self._crc:
            raise zipfile.BadZipFile(f"Bad CRC-32 or size for {self._name} (Deflate64)")

    def close(self) -> None:
        self._file.close()
        super().close()


def open_member(path: Path, name: str) -> BinaryIO:
    """A member of the zip, whatever its compression: zipfile's own reader, or Deflate64."""
    z = zipfile.ZipFile(path)
    info = z.getinfo(name)
    if info.compress_type == DEFLATE64:
        z.close()
        return io.BufferedReader(Deflate64Member(Path(path), info), BLOCK)
    f = z.open(name)
    f._owner = z  # keep the archive open as long as the member is read
    return f
