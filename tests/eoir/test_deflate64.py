"""A release whose members are compressed with Deflate64, which zipfile cannot read.

tests/fixtures/eoir-deflate64.zip was made once, by 7-Zip (`7z a -tzip -mm=Deflate64`),
from a small hand-built release (tests.support.eoir.MiniRelease with 200 filler cases
and three asylum cases: removal 2023, voluntary departure 2023, asylum granted 2023).
"""

from __future__ import annotations

import shutil
import zipfile

import pytest

from bot.eoir.deflate64 import DEFLATE64, open_member
from bot.eoir.ingest import ingest
from tests.support.eoir import outcome_of
from tests.support.paths import ROOT

ZIP = ROOT / "tests" / "fixtures" / "eoir-deflate64.zip"


def test_the_fixture_is_deflate64_and_zipfile_cannot_read_it():
    with zipfile.ZipFile(ZIP) as z:
        info = z.getinfo("EOIR Case Data/Data/A_TblCase.csv")
        assert info.compress_type == DEFLATE64
        with pytest.raises(NotImplementedError):
            z.read(info.filename)


def test_a_deflate64_member_reads_in_full_with_its_crc_checked():
    with zipfile.ZipFile(ZIP) as z:
        info = z.getinfo("EOIR Case Data/Data/B_TblProceeding.csv")
    with open_member(ZIP, info.filename) as f:
        data = f.read()
    assert len(data) == info.file_size and zipfile.crc32(data) == info.CRC
    assert data.startswith(b"IDNPROCEEDING\t")


def test_a_deflate64_release_ingests(tmp_path):
    store = tmp_path / "eoir.db"
    ingest(ZIP, store, allow_synthetic=True, bar=False)
    assert outcome_of(store) == {(2023, "HOU", "removal", "denied", 0): 1,
                                 (2023, "HOU", "voluntary_departure", "denied", 0): 1,
                                 (2023, "HOU", "asylum_granted", "granted", 0): 1}


def test_a_damaged_deflate64_member_fails_its_check(tmp_path):
    bad = tmp_path / "bad.zip"
    shutil.copy(ZIP, bad)
    with zipfile.ZipFile(bad) as z:
        info = z.getinfo("EOIR Case Data/Data/A_TblCase.csv")
    raw = bytearray(bad.read_bytes())
    spot = info.header_offset + 30 + len(info.filename.encode()) + 40
    raw[spot] ^= 0xFF
    bad.write_bytes(bytes(raw))
    with pytest.raises((zipfile.BadZipFile, ValueError, OSError)), \
            open_member(bad, info.filename) as f:
        f.read()
