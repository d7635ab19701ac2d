"""`python -m benchmarks --eoir`: the case-level release at full size.

Generates a synthetic release of the real size (12.7 million cases, about 16.5
million proceedings and 16 million applications, the real column sets), then
measures the ingest in a child process (wall time, peak memory), the ingest
again on the same release, and the latency of breakdown and ranking answers.
Writes docs/benchmarks-eoir.md and splices it into docs/benchmarks.md.
"""

from __future__ import annotations

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
QUESTIONS = {
    "breakdown": ["/outcomes 2023 court=HOU", "/outcomes 2023 nationality=VE",
                  "/outcomes 2023 court=HOU nationality=MX represented=no",
                  "/compare 2020 2026 court=NYC", "/trend court=HOU",
                  "/totals 2021 custody=detained"],
    "ranking": ["/courts 2023", "/courts 2023 nationality=VE", "/nationalities 2023",
                "/nationalities 2023 court=HOU", "/judges HOU 2023", "/representation 2023"],
}


def run(cases: int = FULL, release: Path | None = None, runs: int = 100) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        lines = [f"## The case-level release ({cases:,} cases)", ""]
        if release is None:
            release = tmp / "release"
            started = time.perf_counter()
            _child(["-m", "bot", "eoir", "synth", str(release), "--cases", str(cases)])
            made = time.perf_counter() - started
            lines.append(f"Synthetic release generated in {made:.0f} s.")
        size = sum(p.stat().st_size for p in release.rglob("*.csv"))
        store = tmp / "eoir.db"
        ingest = ["-m", "bot", "eoir", "ingest", str(release), "--allow-synthetic",
                  "--store", str(store)]
        first_s, first_mb = _child(ingest)
        again_s, again_mb = _child(ingest)
        zipped = release.with_suffix(".zip")
        zip_row = []
        if zipped.exists():
            zip_store = ["-m", "bot", "eoir", "ingest", str(zipped), "--allow-synthetic",
                         "--store", str(tmp / "zip.db")]
            zip_s, zip_mb = _child(zip_store)
            zip_row = [["ingest from the zip", f"{zip_s:.0f} s", f"{zip_mb:,.0f} MB", ""]]
        timings = _answers(store, runs)
        worst = {k: max(v[1] for q, v in timings.items() if q in QUESTIONS[k])
                 for k in QUESTIONS}
        lines += [
            f"Release: {size / 1e9:.1f} GB of tables read; store "
            f"{store.stat().st_size / 1e6:,.0f} MB. Machine: {os.cpu_count()} cores, "
            f"{platform.machine()}, Python {platform.python_version()}.",
            "",
            _table(["what", "time", "peak memory", "target"], [
                ["ingest from the folder", f"{first_s:.0f} s", f"{first_mb:,.0f} MB",
                 "≤ 5 min, < 3 GB: " + ("met" if first_s <= 300 and first_mb < 3072
                                         else "**not met**")],
                ["the same release again", f"{again_s:.1f} s", f"{again_mb:,.0f} MB",
                 "seconds"],
                *zip_row,
            ]),
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


def _child(args: list[str]) -> tuple[float, float]:
    """Run `python ARGS`; its wall time in seconds and peak resident memory in MB."""
    started = time.perf_counter()
    child = subprocess.Popen([sys.executable, *args], cwd=ROOT, stdout=subprocess.DEVNULL,
                             env=dict(os.environ, PYTHONPATH=str(ROOT)))
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        raise RuntimeError(f"{' '.join(args)} failed with {child.returncode}")
    return time.perf_counter() - started, usage.ru_maxrss / 1024


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


def main(cases: int, release: Path | None, runs: int) -> int:
    text = run(cases, release, runs)
    notes = OUT.with_name("benchmark-notes-eoir.md")
    if notes.exists():
        text += "\n" + notes.read_text().strip() + "\n"
    print(text)
    OUT.write_text(text)
    splice(text)
    print(f"written to {OUT} and {MAIN}")
    return 0



