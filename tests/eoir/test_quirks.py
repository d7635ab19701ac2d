"""Each quirk of the real release, and each bad input, on a release written by hand."""

from __future__ import annotations

import codecs
import re

import pytest

from bot.eoir.errors import IngestError
from bot.eoir.ingest import ingest, read_info
from bot.eoir.release import Release
from tests.support.eoir import MiniRelease, facts, outcome_of


def test_nul_bytes_and_trailing_spaces_in_codes_are_cleaned(tmp_path):
    r = MiniRelease()
    r.asylum_case(1, dec="X\x00", ruling="D ")
    r.case(2)
    p = r.proceeding(2, court="HOU ", dec=" V", comp="2023-01-05\x00 00:00:00")
    r.application(2, p, code="ASYL ", dec="G\x00")
    got = outcome_of(r.ingest(tmp_path))
    assert got[(2023, "HOU", "removal", "denied", 0)] == 1
    assert got[(2023, "HOU", "asylum_granted", "granted", 0)] == 1


def test_latin1_names_are_read(tmp_path):
    r = MiniRelease()
    r.asylum_case(1, nat="IV")
    store = r.ingest(tmp_path)
    import sqlite3
    with sqlite3.connect(store) as conn:
        (name,) = conn.execute("select name from nationalities where code = 'IV'").fetchone()
        (judge,) = conn.execute("select name from judges where code = 'HO00'").fetchone()
    assert name == "CÔTE D'IVOIRE"
    assert "," in judge  # the judge lookup is UTF-16 in the synthetic layout


def test_a_utf16_lookup_is_read(tmp_path):
    r = MiniRelease()
    r.asylum_case(1)
    folder = r.write(tmp_path / "release")
    lookup = next(folder.rglob("tblLookupJudge.csv"))
    assert lookup.read_bytes().startswith(codecs.BOM_UTF16_LE)
    store = tmp_path / "e.db"
    ingest(folder, store, allow_synthetic=True, bar=False)
    assert len(facts(store, "judges")) > 10


def test_duplicate_lookup_rows_prefer_the_active_one(tmp_path):
    # The generator's lookups carry an inactive "Removal (old code)" row for RMV X and an
    # inactive "HOUSTON (OLD)" court: neither may win.
    r = MiniRelease()
    r.asylum_case(1, dec="X")
    store = r.ingest(tmp_path)
    assert outcome_of(store) == {(2023, "HOU", "removal", "denied", 0): 1}
    courts = facts(store, "courts")
    assert courts.loc[courts["code"] == "HOU", "city"].tolist() == ["HOUSTON"]


def test_a_row_with_shifted_fields_is_skipped_and_counted(tmp_path):
    r = MiniRelease()
    r.asylum_case(1)
    r.raw["B_TblProceeding"].append("\t".join(["77", "1", "x\ty"] + [""] * 35))
    store = tmp_path / "e.db"
    result = ingest(r.write(tmp_path / "release"), store, allow_synthetic=True, bar=False)
    assert result.bad["B_TblProceeding"].reasons == {"39 fields where the header has 38": 1}
    assert outcome_of(store) == {(2023, "HOU", "removal", "denied", 0): 1}


def test_an_impossible_date_is_a_bad_row_not_a_year(tmp_path):
    r = MiniRelease()
    r.asylum_case(1)
    r.proceeding(1, dec="X", comp="2925-01-01 00:00:00")
    r.asylum_case(2, comp="1900-01-01")
    store = tmp_path / "e.db"
    result = ingest(r.write(tmp_path / "release"), store, allow_synthetic=True, bar=False)
    assert result.bad["B_TblProceeding"].reasons["COMP_DATE is not a possible date"] == 2
    assert outcome_of(store) == {(2023, "HOU", "removal", "denied", 0): 1}


def test_an_id_that_is_not_a_number_is_a_bad_row(tmp_path):
    r = MiniRelease()
    r.asylum_case(1)
    r.application(0, code="ASYL", dec="G")
    r.apps[-1]["IDNCASE"] = "A.2.a"
    result = ingest(r.write(tmp_path / "release"), tmp_path / "e.db", allow_synthetic=True,
                    bar=False)
    assert result.bad["tbl_Court_Appln"].reasons == {"IDNCASE is not a number": 1}


def test_too_many_bad_rows_fail_the_ingest_and_keep_the_old_release(tmp_path):
    good = MiniRelease()
    good.asylum_case(1)
    store = good.ingest(tmp_path / "first")
    before = facts(store)
    bad = MiniRelease()
    bad.asylum_case(1, dec="V")
    for i in range(5):  # 5 of about 2,000 rows: 0.25 %
        bad.raw["A_TblCase"].append(f"{i}\tshifted\trow")
    with pytest.raises(IngestError, match=r"A_TblCase.csv: 5 of 2,006 rows cannot be read"):
        ingest(bad.write(tmp_path / "second"), store, allow_synthetic=True, bar=False)
    assert facts(store).equals(before)


def test_a_missing_table_is_named(tmp_path):
    r = MiniRelease()
    folder = r.write(tmp_path / "release", skip=("B_TblProceeding",))
    with pytest.raises(IngestError, match=re.escape("no table B_TblProceeding.csv")):
        ingest(folder, tmp_path / "e.db", allow_synthetic=True, bar=False)


def test_a_missing_lookup_is_named(tmp_path):
    r = MiniRelease()
    folder = r.write(tmp_path / "release")
    next(folder.rglob("tblLookupCourtDecision.csv")).unlink()
    with pytest.raises(IngestError, match=re.escape("no table tblLookupCourtDecision.csv")):
        ingest(folder, tmp_path / "e.db", allow_synthetic=True, bar=False)


def test_a_missing_column_is_named(tmp_path):
    r = MiniRelease()
    folder = r.write(tmp_path / "release")
    path = next(folder.rglob("tbl_Court_Appln.csv"))
    path.write_bytes(path.read_bytes().replace(b"APPL_DEC", b"APPL_DECISION", 1))
    with pytest.raises(IngestError,
                       match=re.escape("tbl_Court_Appln.csv has no column APPL_DEC")):
        ingest(folder, tmp_path / "e.db", allow_synthetic=True, bar=False)


def test_a_table_cut_short_against_count_txt_fails(tmp_path):
    r = MiniRelease()
    r.asylum_case(1)
    folder = r.write(tmp_path / "release")
    (folder / "EOIR Case Data" / "Count.txt").write_text(
        "Table Name\tRow Count\nA_TblCase\t9,000\n")
    with pytest.raises(IngestError,
                       match=re.escape("A_TblCase.csv has 2,001 rows but Count.txt lists 9,000")):
        ingest(folder, tmp_path / "e.db", allow_synthetic=True, bar=False)


def test_a_description_nobody_mapped_fails_with_each_listed(tmp_path):
    r = MiniRelease()
    r.asylum_case(1, dec="X")
    r.asylum_case(2, dec="Q")
    r.asylum_case(3, dec="Q")
    folder = r.write(tmp_path / "release")
    lookup = next(folder.rglob("tblLookupCourtDecision.csv"))
    lookup.write_bytes(lookup.read_bytes() + b"500\tRMV\tQ\tQuashed By Magic\tC\t\t1\t\t\r\n")
    with pytest.raises(IngestError) as err:
        ingest(folder, tmp_path / "e.db", allow_synthetic=True, bar=False)
    assert "case type RMV, 'Quashed By Magic': 2 cases" in str(err.value)
    assert not (tmp_path / "e.db").exists()


def test_an_application_ruling_nobody_mapped_fails_too(tmp_path):
    r = MiniRelease()
    r.asylum_case(1, ruling="Q")
    folder = r.write(tmp_path / "release")
    lookup = next(folder.rglob("tblLookupCourtAppDecisions.csv"))
    lookup.write_bytes(lookup.read_bytes() + b"99\tQ\tQUASHED\t1\t\t\t\r\n")
    with pytest.raises(IngestError, match="application ruling, 'QUASHED': 1 applications"):
        ingest(folder, tmp_path / "e.db", allow_synthetic=True, bar=False)


def test_a_code_missing_from_the_lookup_counts_as_other(tmp_path):
    r = MiniRelease()
    r.asylum_case(1, dec="K")
    assert outcome_of(r.ingest(tmp_path)) == {(2023, "HOU", "other", "denied", 0): 1}


def test_the_release_is_found_in_nested_folders_and_dated_from_its_files(tmp_path):
    r = MiniRelease()
    r.asylum_case(1)
    folder = r.write(tmp_path / "release")
    release = Release(folder)
    assert release.member("a_tblcase").name.endswith("Data/A_TblCase.csv")
    assert release.synthetic
    store = tmp_path / "e.db"
    ingest(folder, store, allow_synthetic=True, bar=False)
    assert read_info(store)["release_date"] == release.release_date().isoformat()


def test_not_a_release(tmp_path):
    (tmp_path / "x.txt").write_text("hello")
    with pytest.raises(IngestError, match="neither a folder nor a zip"):
        Release(tmp_path / "x.txt")
    with pytest.raises(IngestError, match="no such file"):
        Release(tmp_path / "nope")


def test_an_unclassed_description_on_a_case_without_asylum_does_not_stop(tmp_path):
    r = MiniRelease()
    r.asylum_case(1, dec="X")
    r.proceeding(9_000_000, dec="Q", comp="2023-05-05")  # a filler case: no asylum claim
    folder = r.write(tmp_path / "release")
    lookup = next(folder.rglob("tblLookupCourtDecision.csv"))
    lookup.write_bytes(lookup.read_bytes() + b"500\tRMV\tQ\tQuashed By Magic\tC\t\t1\t\t\r\n")
    ingest(folder, tmp_path / "e.db", allow_synthetic=True, bar=False)
    assert outcome_of(tmp_path / "e.db") == {(2023, "HOU", "removal", "denied", 0): 1}


def test_a_letter_means_what_its_case_type_says(tmp_path):
    # X is Remove in a removal case (RMV) and Zero Bond in the bond-like types: the bond
    # ruling is not the end of the asylum case, which counts by its own completion.
    r = MiniRelease()
    r.asylum_case(1, dec="X")
    r.case(2)
    p = r.proceeding(2, dec="V", comp="2023-02-01")
    r.application(2, p, dec="D")
    r.proceeding(2, dec="X", case_type="AOC", comp="2023-06-01")  # Zero Bond, later
    result = ingest(r.write(tmp_path / "release"), tmp_path / "e.db", allow_synthetic=True,
                    bar=False)
    assert outcome_of(tmp_path / "e.db") == {(2023, "HOU", "removal", "denied", 0): 1,
                                             (2023, "HOU", "voluntary_departure", "denied", 0): 1}
    assert result.outside == 1
