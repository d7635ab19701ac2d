"""Percentiles and the figures a benchmark row reports."""

from __future__ import annotations

import math
from dataclasses import dataclass


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile: the smallest value with at least p% of values at or below it."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


@dataclass(frozen=True)
class Summary:
    """p50, p95 and max of a set of durations, in milliseconds."""

    n: int
    p50: float
    p95: float
    max: float

    @classmethod
    def of_seconds(cls, values: list[float]) -> Summary:
        ms = [v * 1000 for v in values]
        return cls(len(ms), percentile(ms, 50), percentile(ms, 95), max(ms) if ms else math.nan)

    def cells(self) -> list[str]:
        return [str(self.n), f"{self.p50:,.2f}", f"{self.p95:,.2f}", f"{self.max:,.2f}"]
