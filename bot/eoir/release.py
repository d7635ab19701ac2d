"""The release as downloaded: a zip, or the folder it extracts to.

EOIR's files are tab-delimited despite their `.csv` names, Latin-1, and carry
NUL bytes; some lookups may be UTF-16. `clean_stream` turns any of them into
plain UTF-8 without NULs, block by block, so the CSV reader never sees them.
"""

from __future__ import annotations

import codecs
import hashlib
import io
import re
import zipfile
import zlib
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import BinaryIO

from bot.eoir.deflate64 import open_member
from bot.eoir.errors import IngestError

# The tables the method reads, by the file name EOIR gives them (without `.csv`).
DATA_TABLES = {"cases": "A_TblCase", "proceedings": "B_TblProceeding",
               "applications": "tbl_Court_Appln"}
LOOKUP_TABLES = {"decisions": "tblLookupCourtDecision",
                 "application_decisions": "tblLookupCourtAppDecisions",
                 "courts": "tblLookupBaseCity", "nationalities": "tblLookupNationality",
                 "judges": "tblLookupJudge"}
COUNTS_FILE = "count.txt"
# A release built by `python -m bot eoir synth` carries this file; see ingest.
SYNTHETIC_MARKER = "SYNTHETIC-NOT-REAL.txt"
BLOCK = 2 << 20  # bytes read and parsed at a time: smaller blocks, lower peak


@dataclass(frozen=True)
class Member:
    """One file of the release: its name inside, size, modification date and how to open it."""

    name: str
    size: int
    modified: date
    fingerprint: str  # zip: the CRC-32 the zip records; folder: filled by content_hash
    open: Callable[[], BinaryIO]


class Release:
    """The files of one release, found by name wherever they sit (`Data/`, `Lookup/`, or a
    folder above them such as `EOIR Case Data/`)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        if not self.path.exists():
            raise IngestError(f"{self.path}: no such file or folder")
        if self.path.is_dir():
            self.members = _folder_members(self.path)
        elif zipfile.is_zipfile(self.path):
            self.members = _zip_members(self.path)
        else:
            raise IngestError(f"{self.path}: neither a folder nor a zip file")

    @property
    def synthetic(self) -> bool:
        return SYNTHETIC_MARKER.lower() in self.members

    def member(self, stem: str) -> Member:
        """A table by its EOIR name; a missing one fails the ingest, naming it."""
        found = self.members.get(f"{stem.lower()}.csv")
        if found is None:
            raise IngestError(f"{self.path}: the release has no table {stem}.csv "
                              "(looked in every folder of it)")
        return found

    def release_date(self) -> date:
        """The newest modification date among the tables the method reads."""
        stems = [*DATA_TABLES.values(), *LOOKUP_TABLES.values()]
        return max(self.member(s).modified for s in stems)

    def content_hash(self, stems: list[str]) -> str:
        """A hash of the content of the given tables: the same release gives the same hash.

        A zip records each file's CRC-32, so its hash costs nothing; a folder's files are read
        for theirs (the same CRC-32, so a folder hashes as the zip it came from).
        """
        members = [self.member(stem) for stem in sorted(stems)]
        # zlib lets go of the GIL, so the folder's big tables are read side by side.
        with ThreadPoolExecutor(3) as pool:
            crcs = list(pool.map(lambda m: m.fingerprint or _crc32(m), members))
        h = hashlib.sha256()
        for stem, m, crc in zip(sorted(stems), members, crcs, strict=True):
            h.update(f"{stem.lower()}\0{m.size}\0{crc}".encode())
        return h.hexdigest()[:16]

    def expected_rows(self) -> dict[str, int]:
        """Row counts from the release's Count.txt, by lower-case table name ({} if absent)."""
        m = self.members.get(COUNTS_FILE)
        if m is None:
            return {}
        with m.open() as f:
            text = _decode(f.read())
        out = {}
        for line in text.splitlines():
            found = re.match(r"\s*([A-Za-z_][\w]*?)(?:\.csv)?\W+([\d,]+)\s*$", line)
            if found:
                out[found.group(1).lower()] = int(found.group(2).replace(",", ""))
        return out


def _crc32(member: Member) -> str:
    crc = 0
    with member.open() as f:
        while block := f.read(BLOCK):
            crc = zlib.crc32(block, crc)
    return f"{crc:08x}"


def _folder_members(root: Path) -> dict[str, Member]:
    out = {}
    for p in sorted(root.rglob("*")):
        if p.is_file():
            st = p.stat()
            out.setdefault(p.name.lower(), Member(
                str(p.relative_to(root)), st.st_size,
                datetime.fromtimestamp(st.st_mtime).date(), "",
                lambda p=p: open(p, "rb")))  # noqa: SIM115 - the caller closes it
    return out


def _zip_members(path: Path) -> dict[str, Member]:
    out = {}
    with zipfile.ZipFile(path) as z:
        for info in z.infolist():
            if info.is_dir():
                continue
            name = info.filename.rsplit("/", 1)[-1]
            out.setdefault(name.lower(), Member(
                info.filename, info.file_size, date(*info.date_time[:3]),
                f"{info.CRC:08x}", lambda n=info.filename: _open_in_zip(path, n)))
    return out


def _open_in_zip(path: Path, name: str) -> BinaryIO:
    return open_member(path, name)  # Deflate64 members too, which zipfile cannot read


def _decode(raw: bytes) -> str:
    """A whole small file as text: UTF-16 when it starts with a byte-order mark, else Latin-1."""
    if raw[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        return raw.decode("utf-16").replace("\0", "")
    return raw.replace(b"\0", b"").decode("latin-1")


def read_text(member: Member) -> str:
    with member.open() as f:
        return _decode(f.read())


class CleanStream(io.RawIOBase):
    """A table's bytes as UTF-8 without NUL bytes, read block by block.

    `on_read` is told how many raw bytes were consumed, for the progress bar.
    """

    def __init__(self, raw: BinaryIO, on_read: Callable[[int], None] | None = None) -> None:
        self.raw = raw
        self.on_read = on_read
        self._pending = b""
        head = raw.read(2)
        if head in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
            self._decoder = codecs.getincrementaldecoder("utf-16")()
        else:
            self._decoder = None
        self._first = head
        self._done = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while not self._pending and not self._done:
            block = self._first + self.raw.read(BLOCK)
            if self.on_read:
                self.on_read(len(block))
            self._first = b""
            if not block:
                self._done = True
                if self._decoder:
                    self._pending = self._decoder.decode(b"", final=True).encode()
                break
            self._pending = self._convert(block)
        n = min(len(buffer), len(self._pending))
        buffer[:n] = self._pending[:n]
        self._pending = self._pending[n:]
        return n

    def _convert(self, block: bytes) -> bytes:
        if self._decoder is not None:
            return self._decoder.decode(block).replace("\0", "").encode()
        block = block.replace(b"\0", b"")
        # Nearly every block is plain ASCII, which is already UTF-8.
        return block if block.isascii() else block.decode("latin-1").encode()

    def close(self) -> None:
        self.raw.close()
        super().close()


def open_clean(member: Member, on_read: Callable[[int], None] | None = None) -> BinaryIO:
    return io.BufferedReader(CleanStream(member.open(), on_read), buffer_size=BLOCK)
