"""Where the tests find the project, the frozen data they use, and the shipped data."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# A frozen copy of data/ as it was when these tests were written: logic tests use it, so a
# revision of the shipped figures breaks only tests/test_shipped_data.py.
DATA = ROOT / "tests" / "fixtures" / "data"
SHIPPED_DATA = ROOT / "data"
DATASET = "trac_asylum_outcomes"
