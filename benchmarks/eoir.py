"""`python -m benchmarks --eoir`: the case-level ingest beside a plain DuckDB pipeline.

At each size (2 million cases, then the real release's 12.7 million) the project
generates a synthetic release with the real column sets and quirks, then runs,
each in a child process of its own (wall time, peak resident memory of the whole
process): the ingest, and a plain DuckDB pipeline computing the same counts from
the same files (benchmarks/eoir_duckdb.py). Both are checked against the
release's true counts. At the largest size it also times the ingest of the same
release again and the latency of breakdown and ranking answers from the store.
Writes docs/benchmarks-eoir.md and splices it into docs/benchmarks.md.
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "benchmarks-eoir.md"
MAIN = ROOT / "docs" / "benchmarks.md"
START, END = "<!-- eoir:start -->", "<!-- eoir:end -->"
FULL = 12_662_540
SIZES = (2_000_000, FULL)
# The targets: the whole ingest's peak memory by size, and its time against the plain
# pipeline's at full size.
PEAK_MB = {2_000_000: 600, FULL: 1536}
RATIO = 1.5
QUESTIONS = {
    "breakdown": ["/outcomes 2023 court=HOU", "/outcomes 2023 nationality=VE",
                  "/outcomes 2023 court=HOU nationality=MX represented=no",
                  "/compare 2020 2026 court=NYC", "/trend court=HOU",
                  "/totals 2021 custody=detained"],
    "ranking": ["/courts 2023", "/courts 2023 nationality=VE", "/nationalities 2023",
                "/nationalities 2023 court=HOU", "/judges HOU 2023", "/representation 2023"],
}


def run(sizes: tuple[int, ...] = SIZES, release: Path | None = None, runs: int = 100) -> str:
    rows, notes = [], []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        for cases in ([None] if release else sizes):
            path = release or tmp / f"release-{cases}"
            if release is None:
                started = time.perf_counter()
                _child(["-m", "bot", "eoir", "synth", str(path), "--cases", str(cases)])
                notes.append(f"{cases:,} cases generated in {time.perf_counter() - started:.0f} s.")
            label = f"{cases:,}" if cases else path.name
            store = tmp / f"eoir-{cases}.db"
            ingest = ["-m", "bot", "eoir", "ingest", str(path), "--allow-synthetic",
                      "--store", str(store)]
            ingest_s, ingest_mb = _child(ingest)
            plain_s, plain_mb, plain_out = _child(["-m", "benchmarks.eoir_duckdb", str(path)],
                                                  output=True)
            plain = {tuple(json.loads(k)): n for k, n in json.loads(plain_out).items()}
            # In a child too: a parent grown by reading the truth would count in the next
            # child's peak (a forked child starts with its parent's pages).
            _, _, checked = _child(["-m", "benchmarks.eoir", "--truth", str(path), str(store)],
                                   output=True)
            differ, ours = json.loads(checked)
            target = PEAK_MB.get(cases)
            met = []
            if target:
                met.append(f"peak ≤ {target:,} MB: " + _met(ingest_mb <= target))
            if cases == max(sizes) and cases in PEAK_MB:
                met.append(f"time ≤ {RATIO}× plain: " + _met(ingest_s <= RATIO * plain_s))
            rows.append([label, "the ingest", f"{ingest_s:.1f} s", f"{ingest_mb:,.0f} MB",
                         f"{ours:,}" + ("" if differ is None else
                                        " (the true count in every breakdown)" if not differ
                                        else f" (**{differ} breakdowns differ from the truth**)"),
                         "; ".join(met)])
            rows.append([label, "plain DuckDB", f"{plain_s:.1f} s", f"{plain_mb:,.0f} MB",
                         f"{sum(plain.values()):,}",
                         f"ingest / plain: {ingest_s / plain_s:.2f}× the time, "
                         f"{ingest_mb / plain_mb:.2f}× the memory"])
        again_s, again_mb = _child(ingest)  # the last, largest release
        size = sum(p.stat().st_size for p in path.rglob("*.csv"))
        timings = _answers(store, runs)
        worst = {k: max(v[1] for q, v in timings.items() if q in QUESTIONS[k])
                 for k in QUESTIONS}
        lines = [
            "## The case-level release: the ingest beside a plain DuckDB pipeline", "",
            f"Machine: {os.cpu_count()} cores, {platform.machine()}, Python "
            f"{platform.python_version()}; EOIR_INGEST_MEMORY "
            f"{os.environ.get('EOIR_INGEST_MEMORY', '1GB (default)')}. "
            + " ".join(notes) + f" The largest release: {size / 1e9:.1f} GB of tables; "
            f"its store {store.stat().st_size / 1e6:,.0f} MB; ingested again (nothing to do) "
            f"in {again_s:.1f} s, {again_mb:,.0f} MB.",
            "",
            _table(["cases", "engine", "time", "peak memory", "completed asylum cases",
                    "target"], rows),
            "",
            "The plain pipeline reads the files with DuckDB's own CSV reader and its default "
            "settings, classes the codes the same way and counts; it keeps none of the "
            "ingest's promises (rows it cannot read are dropped uncounted or read shifted, "
            "dates are not checked, nothing is written to a store), so its count can differ "
            "by the few cases those rows touch.",
            "",
            f"Answers from the store, in process, with the per-release cache of filtered "
            f"datasets emptied before each run ({runs} runs each): breakdown p95 worst "
            f"{worst['breakdown']:.2f} ms (target < 10 ms), ranking p95 worst "
            f"{worst['ranking']:.2f} ms (target < 20 ms).",
            "",
            _table(["question", "p50 ms", "p95 ms"],
                   [[f"`{q}`", f"{p50:.2f}", f"{p95:.2f}"] for q, (p50, p95) in
                    timings.items()]),
            "",
        ]
    return "\n".join(lines)


def _met(ok: bool) -> str:
    return "met" if ok else "**not met**"


def _against_truth(release: Path, store: Path) -> tuple[int | None, int]:
    """How many breakdowns of the store differ from the release's true counts (None for a
    release without truth.csv), and the store's completed cases."""
    import sqlite3

    import pandas as pd

    from bot.eoir.synth import read_truth
    from bot.eoir.writing import FACT_COLUMNS

    with sqlite3.connect(store) as conn:
        got = pd.read_sql("select * from facts", conn)
    total = int(got["cases"].sum())
    if not (release / "truth.csv").exists():
        return None, total
    truth = read_truth(release)
    a = truth.groupby(FACT_COLUMNS)["cases"].sum()
    b = got.groupby(FACT_COLUMNS)["cases"].sum()
    both = pd.concat([a.rename("truth"), b.rename("got")], axis=1).fillna(0)
    return int((both["truth"] != both["got"]).sum()), total


def _child(args: list[str], output: bool = False):
    """Run `python ARGS`; its wall time in seconds and peak resident memory in MB (and what
    it printed, if `output`)."""
    started = time.perf_counter()
    child = subprocess.Popen([sys.executable, *args], cwd=ROOT,
                             stdout=subprocess.PIPE if output else subprocess.DEVNULL,
                             env=dict(os.environ, PYTHONPATH=str(ROOT)), text=True)
    printed = child.stdout.read() if output else ""
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        raise RuntimeError(f"{' '.join(args)} failed with {child.returncode}")
    measured = (time.perf_counter() - started, usage.ru_maxrss / 1024)
    return (*measured, printed) if output else measured


def _answers(store: Path, runs: int) -> dict[str, tuple[float, float]]:
    from bot.answers.service import Answers
    from bot.eoir.cases import CaseStore
    from bot.store.loader import load
    from bot.store.reader import Reader

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "main.db"
        load(ROOT / "data", db)
        cases = CaseStore(store)
        service = Answers(Reader(db), cases=cases)
        out = {}
        for q in (q for qs in QUESTIONS.values() for q in qs):
            service.ask(q)
            times = []
            for _ in range(runs):
                cases._datasets.clear()
                t = time.perf_counter()
                service.ask(q)
                times.append((time.perf_counter() - t) * 1000)
            times.sort()
            out[q] = (times[len(times) // 2], times[int(len(times) * 0.95) - 1])
        return out


def _table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return "\n".join(lines + ["| " + " | ".join(r) + " |" for r in rows])


def splice(text: str, path: Path = MAIN) -> None:
    """Put the section into docs/benchmarks.md, replacing the one there."""
    block = f"{START}\n{text.strip()}\n{END}"
    current = path.read_text() if path.exists() else "# Benchmarks\n"
    if START in current and END in current:
        head, rest = current.split(START, 1)
        current = head + block + rest.split(END, 1)[1]
    else:
        current = current.rstrip() + "\n\n" + block + "\n"
    path.write_text(current)


def main(sizes: tuple[int, ...], release: Path | None, runs: int, out: Path = OUT) -> int:
    text = run(sizes, release, runs)
    notes = OUT.with_name("benchmark-notes-eoir.md")
    if notes.exists() and out == OUT:
        text += "\n" + notes.read_text().strip() + "\n"
    print(text)
    out.write_text(text)
    if out == OUT:
        splice(text)
    print(f"written to {out}" + (f" and {MAIN}" if out == OUT else ""))
    return 0


if __name__ == "__main__":  # --truth RELEASE STORE: prints [breakdowns that differ, cases]
    if sys.argv[1:2] == ["--truth"]:
        print(json.dumps(_against_truth(Path(sys.argv[2]), Path(sys.argv[3]))))
