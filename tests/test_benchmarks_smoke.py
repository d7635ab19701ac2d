"""A tiny run of the benchmark suite, so it never rots. It checks behaviour, not speed."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.support.paths import ROOT

pytestmark = pytest.mark.slow


def test_benchmark_quick_run_writes_a_report(tmp_path):
    out = tmp_path / "bench.md"
    run = subprocess.run([sys.executable, "-m", "benchmarks", "--quick", "--out", str(out)],
                         cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-3000:]
    text = out.read_text()
    for heading in ("## Targets", "## Answers in process", "## End to end", "## Start-up"):
        assert heading in text
    assert "| burst: acknowledged within 3 s | 100 % |" in text
    assert "naive bot" in text and "ratio" in text
    assert "--quick" in text  # a smoke report says its figures are not meaningful


def test_eoir_benchmark_quick_run_sets_the_ingest_beside_plain_duckdb(tmp_path):
    out = tmp_path / "eoir.md"
    run = subprocess.run([sys.executable, "-m", "benchmarks", "--eoir", "--quick", "--out",
                          str(out)], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-3000:]
    rows = [line for line in out.read_text().splitlines() if line.startswith("| 20,000 |")]
    assert [r.split(" | ")[1] for r in rows] == ["the ingest", "plain DuckDB"]
    ours, plain = (r.split(" | ")[4] for r in rows)
    assert "the true count in every breakdown" in ours
    assert ours.split(" ")[0] == plain  # the yardstick counts the same cases
    assert "ranking p95" in out.read_text()
