"""The ingest's working database: its folder, its memory limit, and nothing left behind."""

from __future__ import annotations

import pyarrow as pa
import pytest

from bot.eoir.work import Work


def test_rows_appended_in_batches_read_back_as_one_table(tmp_path):
    with Work(tmp_path / "w", 64) as work:
        work.create("t", {"case": "BIGINT", "code": "VARCHAR"})
        work.append("t", pa.table({"case": [1, 2], "code": ["A", "B"]}))
        work.append("t", pa.table({"case": [3], "code": ["C"]}))
        work.close_table("t")
        assert work.rows("select sum(\"case\"), string_agg(code, '' order by code) from t") \
            == [(6, "ABC")]
        assert work.rows("select current_setting('memory_limit')")[0][0].startswith("61")
        assert work.disk_mb() > 0
    assert not (tmp_path / "w").exists()


def test_the_folder_goes_even_when_the_work_fails(tmp_path):
    with pytest.raises(RuntimeError), Work(tmp_path / "w", 64) as work:
        work.create("t", {"case": "BIGINT"})
        raise RuntimeError("a failed ingest")
    assert not (tmp_path / "w").exists()


def test_what_a_killed_ingest_left_is_cleared_first(tmp_path):
    left = tmp_path / "w" / "spill"
    left.mkdir(parents=True)
    (left / "old.tmp").write_bytes(b"x" * 1000)
    with Work(tmp_path / "w", 64) as work:
        assert not (tmp_path / "w" / "spill" / "old.tmp").exists()
        assert work.folder.exists()
