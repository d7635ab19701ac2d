"""The case store's names, shared by the ingest that writes it and the reader that answers
from it (kept apart so that answering never loads the ingest's CSV machinery)."""

from __future__ import annotations

DATASET = "eoir_asylum_cases"
# The filters a question can combine. For every combination of up to ROLLUP_MAX of them
# the store keeps a rollup (`rollup_court_nat`, ..., `rollup_none`) summed over the rest,
# so a question reads a few hundred rows on an index, never the whole release. Rarer
# questions with more filters read `facts`, on an index that always narrows to one court
# or one nationality (every four of the five filters include one of them).
DIMS = ("court", "nat", "represented", "custody", "claim")
ROLLUP_MAX = 3
COUNTED = ["fiscal_year", "outcome", "asylum_decision", "absentia"]


def rollup_name(dims) -> str:
    """The table holding these filter columns: {'nat', 'court'} -> rollup_court_nat."""
    if len(dims) > ROLLUP_MAX:
        return "facts"
    return "rollup_" + ("_".join(d for d in DIMS if d in dims) or "none")
