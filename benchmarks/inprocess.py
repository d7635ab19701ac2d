"""Answer latency inside the process: table only, chart rendered cold, chart from the cache."""

from __future__ import annotations

import time

from benchmarks.stats import Summary
from bot.answers.service import Answers, ChartCache

QUESTIONS = {
    "outcomes": "/outcomes 2022",
    "compare": "/compare 2014 2022",
    "trend": "/trend",
    "totals": "/totals 2021 2024",
    "digest": "/digest",
    "encounters": "/encounters 2024-04",
    "encounters year": "/encounters 2025",
    "backlog": "/backlog",
    "sources": "/sources granted 2022",
    "grants": "/grants",
    "about": "/about",
}


def _timed(func, runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        out.append(time.perf_counter() - start)
    return out


def measure(service: Answers, runs: int) -> dict[str, dict[str, Summary]]:
    """For each command: {'table': ..., 'chart cold': ..., 'chart cached': ...}."""
    results: dict[str, dict[str, Summary]] = {}
    for name, question in QUESTIONS.items():
        service.ask(question)  # warm the snapshot; the first read of a version is a load
        row = {"table": Summary.of_seconds(_timed(
            lambda q=question: [t.text() for t in service.ask(q).tables], runs))}
        answer = service.ask(question)
        if answer.chart is not None:
            def cold(a=answer):
                service.charts = ChartCache(service.charts.max_items)  # an empty cache each time
                service.chart_png(a)

            row["chart cold"] = Summary.of_seconds(_timed(cold, runs))
            service.chart_png(answer)
            row["chart cached"] = Summary.of_seconds(_timed(
                lambda q=question: service.chart_png(service.ask(q)), runs))
        results[name] = row
    return results
