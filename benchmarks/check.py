"""`python -m benchmarks --check`: the claim checker's accuracy and speed.

Accuracy on tests/fixtures/claims.csv (claims written from the shipped data in
newsroom style, half of them altered): the share of true claims judged "matches",
and the number of altered claims judged "matches" (which must be 0). Speed: a
6,000-character paragraph of those claims checked in process, warm, p50/p95/max.
"""

from __future__ import annotations

import csv
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.stats import Summary

ROOT = Path(__file__).resolve().parent.parent
CLAIMS = ROOT / "tests" / "fixtures" / "claims.csv"


def main(out: Path, runs: int) -> int:
    sys.path.insert(0, str(ROOT))
    from bot.answers.claims.check import check_text
    from bot.store.loader import load
    from bot.store.reader import Reader

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        shutil.copytree(ROOT / "data", tmp / "data")
        load(tmp / "data", tmp / "store.db")
        snap = Reader(tmp / "store.db").snapshot()
    with CLAIMS.open() as f:
        rows = list(csv.DictReader(f))
    true = [r for r in rows if r["truth"] == "true"]
    altered = [r for r in rows if r["truth"] == "altered"]
    verdicts = {r["id"]: [x.verdict for x in check_text(snap, r["claim"])] for r in rows}
    matched = [r for r in true if set(verdicts[r["id"]]) == {"matches"}]
    confirmed = [r for r in altered if "matches" in verdicts[r["id"]]]
    caught = {v: sum(1 for r in altered if v in verdicts[r["id"]]) for v in
              ("differs", "close", "not checked")}

    paragraph = ""
    while len(paragraph) < 6000:
        for r in true:
            if len(paragraph) + len(r["claim"]) + 1 > 6000:
                break
            paragraph += r["claim"] + " "
        else:
            continue
        break
    check_text(snap, paragraph)  # warm
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        lines = check_text(snap, paragraph)
        times.append(time.perf_counter() - started)
    s = Summary.of_seconds(times)
    text = "\n".join([
        "# Benchmarks: checking a paragraph", "",
        f"Written by `python -m benchmarks --check` on {platform.machine()}, Python "
        f"{platform.python_version()}, {time.strftime('%Y-%m-%d')}, against the shipped data.",
        "",
        "## Accuracy on the claim set", "",
        f"{len(rows)} claims in `tests/fixtures/claims.csv`, written from the shipped data in "
        f"newsroom style: {len(true)} true, {len(altered)} altered (a wrong figure, a wrong "
        "year, a rise for a fall, a share of the wrong total, a partial year as a whole one, "
        "a wrong measure).", "",
        "| measure | result | target |", "| --- | --- | --- |",
        f"| true claims judged \"matches\" | {len(matched)} of {len(true)} "
        f"({len(matched) / len(true):.0%}) | as many as can be |",
        f"| altered claims judged \"matches\" | {len(confirmed)} | 0 |",
        f"| altered claims judged differs / close / not checked | {caught['differs']} / "
        f"{caught['close']} / {caught['not checked']} | |", "",
        "## Speed", "",
        f"A paragraph of {len(paragraph):,} characters ({len(lines)} figures), checked "
        f"{runs} times in process, warm.", "",
        "| p50 | p95 | max | target (p95) |", "| --- | --- | --- | --- |",
        f"| {s.p50:.1f} ms | {s.p95:.1f} ms | {s.max:.1f} ms | ≤ 100 ms |", ""])
    out.write_text(text + "\n")
    print(text)
    return 1 if confirmed else 0
