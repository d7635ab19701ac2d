"""The ingest against a synthetic release: every true count, exactly, and all or nothing."""

from __future__ import annotations

import json
import re
import shutil
import sqlite3

import pandas as pd
import pytest

from bot.eoir.errors import IngestError
from bot.eoir.ingest import ingest, read_info
from bot.eoir.synth import read_truth, synthesize
from bot.eoir.writing import FACT_COLUMNS, JUDGE_COLUMNS
from tests.support.eoir import facts


def _compare(truth: pd.DataFrame, got: pd.DataFrame, dims: list[str]) -> pd.DataFrame:
    a = truth.groupby(dims)["cases"].sum().rename("truth")
    b = got.groupby(dims)["cases"].sum().rename("got")
    both = pd.concat([a, b], axis=1).fillna(0)
    return both[both["truth"] != both["got"]]


def test_every_true_count_is_recovered_exactly(release, case_store):
    truth = read_truth(release)
    assert truth["cases"].sum() > 5000
    assert _compare(truth, facts(case_store), FACT_COLUMNS).empty
    assert _compare(truth, facts(case_store, "judge_facts"), JUDGE_COLUMNS).empty


def test_the_truth_covers_every_outcome_and_breakdown(release):
    truth = read_truth(release)
    assert set(truth["outcome"]) == {"asylum_granted", "other_protection", "other_relief",
                                     "removal", "voluntary_departure", "terminated",
                                     "admin_closed", "other"}
    assert set(truth["custody"]) == {"detained", "released", "never_detained"}
    assert set(truth["claim"]) == {"affirmative", "defensive", "unknown"}
    assert truth.loc[truth["absentia"] == 1, "cases"].sum() > 0


def test_bad_rows_are_counted_per_table_and_reason(release, tmp_path):
    result = ingest(release, tmp_path / "e.db", allow_synthetic=True, bar=False)
    expected = json.loads((release / "truth.json").read_text())["bad_rows"]
    for stem, n in expected.items():
        assert result.bad[stem].total == n, stem
    reasons = {r for b in result.bad.values() for r in b.reasons}
    assert "COMP_DATE is not a possible date" in reasons
    assert "IDNCASE is not a number" in reasons
    assert any("fields where the header has" in r for r in reasons)


def test_rows_read_match_count_txt(release, case_store):
    rows = json.loads(read_info(case_store)["rows_read"])
    expected = json.loads((release / "truth.json").read_text())["rows"]
    for stem, n in expected.items():
        assert rows[stem] == n


def test_a_zip_gives_the_same_figures_as_its_folder(tmp_path):
    out = tmp_path / "r"
    synthesize(out, 6000, 9, as_zip=True)
    ingest(out, tmp_path / "folder.db", allow_synthetic=True, bar=False)
    ingest(out.with_suffix(".zip"), tmp_path / "zip.db", allow_synthetic=True, bar=False)
    a, b = facts(tmp_path / "folder.db"), facts(tmp_path / "zip.db")
    pd.testing.assert_frame_equal(a.sort_values(FACT_COLUMNS).reset_index(drop=True),
                                  b.sort_values(FACT_COLUMNS).reset_index(drop=True))
    assert read_info(tmp_path / "zip.db")["release_date"] == "2026-07-01"


def test_the_same_release_again_changes_nothing(release, tmp_path):
    store = tmp_path / "e.db"
    first = ingest(release, store, allow_synthetic=True, bar=False)
    stamp = store.stat().st_mtime_ns
    again = ingest(release, store, allow_synthetic=True, bar=False)
    assert first.changed and not again.changed
    assert again.version == first.version
    assert store.stat().st_mtime_ns == stamp


def test_a_synthetic_release_is_refused_as_real_figures(release, tmp_path):
    with pytest.raises(IngestError, match="synthetic release"):
        ingest(release, tmp_path / "e.db", bar=False)
    assert not (tmp_path / "e.db").exists()


def test_a_failed_ingest_leaves_the_release_in_service(release, case_store, tmp_path):
    store = tmp_path / "e.db"
    shutil.copy(case_store, store)
    before = facts(store)
    broken = tmp_path / "broken"
    shutil.copytree(release, broken)
    (next(broken.rglob("tbl_Court_Appln.csv"))).unlink()
    with pytest.raises(IngestError, match=re.escape("tbl_Court_Appln.csv")):
        ingest(broken, store, allow_synthetic=True, bar=False)
    pd.testing.assert_frame_equal(facts(store), before)
    assert not list(tmp_path.glob("*.building"))


def test_the_store_records_what_it_was_built_from(case_store):
    info = read_info(case_store)
    assert info["synthetic"] == "1"
    assert info["method_version"] and info["codes_version"]
    assert info["data_through"] <= "2026-06-30"
    meta = json.loads(info["metadata"])
    assert meta["title"].startswith("SYNTHETIC")
    assert "through-june" in meta["periods"]
    with sqlite3.connect(case_store) as conn:
        names = {r[0] for r in conn.execute("select name from sqlite_master where type='index'")}
    assert {"rollup_court_nat_0", "rollup_none_0"} <= names


def _tables(store) -> dict[str, list[tuple]]:
    with sqlite3.connect(store) as conn:
        names = [r[0] for r in conn.execute("select name from sqlite_master where type='table'")]
        return {n: conn.execute(f"select * from {n}").fetchall() for n in names
                if n != "release"}


def test_the_figures_do_not_depend_on_the_memory_the_ingest_is_given(release, case_store,
                                                                     tmp_path):
    small = tmp_path / "small.db"
    ingest(release, small, allow_synthetic=True, bar=False, memory_mb=64)
    assert _tables(small) == _tables(case_store)
    for key in ("cases", "pending", "outside_asylum", "bad_rows", "data_through"):
        assert read_info(small)[key] == read_info(case_store)[key]


def test_the_working_files_go_when_the_ingest_ends_whichever_way(release, tmp_path):
    store = tmp_path / "e.db"
    ingest(release, store, allow_synthetic=True, bar=False)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["e.db"]
    short = tmp_path / "short"
    shutil.copytree(release, short)
    counts = next(short.rglob("Count.txt"))
    counts.write_text("A_TblCase.csv\t99,999,999\n")
    with pytest.raises(IngestError, match="cut short"):
        ingest(short, tmp_path / "f.db", allow_synthetic=True, bar=False)
    assert not (tmp_path / "f.db").exists()
    assert not list(tmp_path.glob("*.work")) and not list(tmp_path.glob("*.building"))


def test_a_working_database_that_runs_out_says_what_to_do(release, tmp_path, monkeypatch):
    import duckdb

    from bot.eoir.work import Work

    def full(self, query, params=None):
        raise duckdb.OutOfMemoryException("could not allocate block of size 256 KiB")

    monkeypatch.setattr(Work, "sql", full)
    with pytest.raises(IngestError, match=r"memory limit 200 MB, EOIR_INGEST_MEMORY.*free disk"):
        ingest(release, tmp_path / "e.db", allow_synthetic=True, bar=False, memory_mb=200)
    assert list(tmp_path.iterdir()) == []


def test_the_figures_do_not_depend_on_how_the_tables_are_cut_into_batches(
        release, case_store, tmp_path, monkeypatch):
    # Small blocks: hundreds of batches, checked on worker threads, each table's rows
    # spread over many, so ties and bad rows meet across batch boundaries.
    import bot.eoir.reading as reading

    monkeypatch.setattr(reading, "BLOCK", 1 << 16)
    small = tmp_path / "small.db"
    ingest(release, small, allow_synthetic=True, bar=False)
    assert _tables(small) == _tables(case_store)
    for key in ("cases", "pending", "bad_rows", "rows_read"):
        assert read_info(small)[key] == read_info(case_store)[key]
