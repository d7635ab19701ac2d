"""`python -m benchmarks --sources`: fetching and loading the sources' releases.

Everything is served from 127.0.0.1 by the tests' stand-in site; nothing leaves the
machine. It measures:

- a CBP nationwide file of the real size (four fiscal years by area of
  responsibility, every sector, office, demographic and citizenship, zeros
  included) read, checked and loaded by `python -m bot update cbp --file`, in a
  process of its own: wall time and peak memory;
- a breakdown answer from it (`/encounters 2024 by=nationality` and a one-citizenship
  month), cold and warm, in process;
- an unchanged check of both sources (CBP's page and EOIR's zip): requests and time;
- the event-loop lag of a process that runs an EOIR download and ingest the way the
  bot does (a `python -m bot update` child) while it ticks every 10 ms.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.stats import Summary

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main(out: Path, cases: int, runs: int) -> int:
    from bot.answers.service import Answers
    from bot.discord_bot.updater import settings_env
    from bot.encounters.store import EncounterStore
    from bot.settings import Settings
    from bot.sources.fetch import Fetcher
    from bot.sources.update import rules, update
    from bot.store.loader import load
    from bot.store.reader import Reader
    from tests.support.cbp_files import southwest_series, write_release
    from tests.support.source_server import SourceServer

    lines = ["# Benchmarks: fetching the sources", "",
             f"Written by `python -m benchmarks --sources` on {platform_line()}.", ""]
    with tempfile.TemporaryDirectory() as tmp, SourceServer() as site:
        tmp = Path(tmp)
        shutil.copytree(ROOT / "data", tmp / "data")
        load(tmp / "data", tmp / "store.db")
        settings = dataclasses.replace(
            Settings(), data_dir=tmp / "data", db_path=tmp / "store.db",
            cbp_db_path=tmp / "cbp.db", sources_db_path=tmp / "sources.db",
            downloads_dir=tmp / "downloads", eoir_db_path=tmp / "eoir.db",
            source_urls={"cbp": site.url("/stats/page")}, update_sources=("cbp",))

        print("a CBP file of the real size ...", flush=True)
        name = "nationwide-encounters-fy22-fy25-aug-aor.csv"
        started = time.perf_counter()
        truth = write_release(tmp / name, southwest_series(tmp / "data"), full=True)
        made = time.perf_counter() - started
        size = (tmp / name).stat().st_size
        env = settings_env(settings)
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        started = time.perf_counter()
        run = subprocess.run([sys.executable, "-m", "bot", "update", "cbp", "--file",
                              str(tmp / name)], env=env, capture_output=True, text=True,
                             cwd=ROOT)
        seconds = time.perf_counter() - started
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        if run.returncode != 0:
            print(run.stdout, run.stderr, file=sys.stderr)
            return 1
        lines += ["## A CBP nationwide file of the real size", "",
                  f"{len(truth):,} rows ({size / 1e6:.1f} MB; generated in {made:.1f} s), "
                  "October 2021 to August 2025, 38 areas of responsibility, 4 demographics, "
                  "22 citizenships, zeros included.", "",
                  "| measure | result | target |", "| --- | --- | --- |",
                  f"| read, checked and loaded (`update cbp --file`, whole process) | "
                  f"{seconds:.1f} s | ≤ 15 s |",
                  f"| peak memory of that process (max RSS) | "
                  f"{max(peak, before) / 1024:.0f} MB | ≤ 500 MB |", ""]

        print("breakdown answers ...", flush=True)
        service = Answers(Reader(settings.db_path),
                          encounters=EncounterStore(settings.cbp_db_path))
        lines += ["## Breakdown answers from it (in process, tables only)", "",
                  "| question | cold | warm p50 | warm p95 | target (warm) |",
                  "| --- | --- | --- | --- | --- |"]
        for question in ("/encounters 2024 by=nationality",
                         "/encounters 2024-04 nationality=venezuela",
                         "/encounters 2024 by=sector region=nationwide"):
            started = time.perf_counter()
            service.ask(question)
            cold = time.perf_counter() - started
            times = []
            for _ in range(runs):
                started = time.perf_counter()
                service.ask(question)
                times.append(time.perf_counter() - started)
            s = Summary.of_seconds(times)
            lines.append(f"| `{question}` | {cold * 1000:.1f} ms | {s.p50:.2f} ms | "
                         f"{s.p95:.2f} ms | ≤ 10 ms |")
        lines.append("")

        print("an unchanged check ...", flush=True)
        site.serve(f"/sites/default/files/2025-10/{name}", tmp / name)
        zip_path = ROOT / "tests" / "fixtures" / "eoir-deflate64.zip"
        eoir = site.serve("/EOIR%20Case%20Data.zip", zip_path, linked=False)
        both = dataclasses.replace(settings, source_urls={"cbp": site.url("/stats/page"),
                                                          "eoir": eoir})
        with Fetcher(rules(both)) as f:
            update(both, ["cbp", "eoir"], fetcher=f, allow_synthetic=True)  # take both once
            site.requests.clear()
            started = time.perf_counter()
            outcomes = update(both, ["cbp", "eoir"], fetcher=f, allow_synthetic=True)
            seconds = time.perf_counter() - started
        statuses = ", ".join(f"{o.source} {o.status}" for o in outcomes)
        lines += ["## An unchanged check", "",
                  "| measure | result | target |", "| --- | --- | --- |",
                  f"| requests for both sources | {len(site.requests)} "
                  f"({', '.join(f'{m} {p}' for m, p, _h in site.requests)}) | one per source |",
                  f"| time for both, in process | {seconds * 1000:.0f} ms ({statuses}) | "
                  "≤ 1 s |", ""]

        print(f"an EOIR download and ingest beside a ticking event loop ({cases:,} cases) ...",
              flush=True)
        lines += _loop_lag(tmp, site, both, env, cases)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    return 0


def _loop_lag(tmp: Path, site, settings, env: dict, cases: int) -> list[str]:
    """Tick every 10 ms while a child process downloads and ingests a synthetic release of
    `cases` cases, as the bot's updater runs it; the lag is how late each tick wakes."""
    release = tmp / "release"
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "bot", "eoir", "synth", str(release), "--cases",
                    str(cases), "--zip"], env=env, cwd=ROOT, check=True, capture_output=True)
    made = time.perf_counter() - started
    zipped = release.with_suffix(".zip")
    address = site.serve("/big/EOIR%20Case%20Data.zip", zipped, linked=False)
    env = {**env, "BOT_SOURCE_URLS": f"eoir={address}", "BOT_EOIR_DB_PATH": str(tmp / "big.db"),
           "BOT_SOURCES_DB_PATH": str(tmp / "big-sources.db")}

    async def run() -> tuple[list[float], float, dict]:
        lags: list[float] = []
        done = asyncio.Event()

        async def tick():
            while not done.is_set():
                t0 = time.perf_counter()
                await asyncio.sleep(0.01)
                lags.append(time.perf_counter() - t0 - 0.01)

        ticker = asyncio.create_task(tick())
        t0 = time.perf_counter()
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "update", "eoir", "--json", "--allow-synthetic",
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE, env=env, cwd=ROOT)
        out, _err = await proc.communicate()
        seconds = time.perf_counter() - t0
        done.set()
        await ticker
        return lags, seconds, json.loads(out.decode() or "{}")

    lags, seconds, result = asyncio.run(run())
    outcome = (result.get("outcomes") or [{}])[0]
    s = Summary.of_seconds(lags)
    return ["## The event loop during a download and ingest", "",
            f"A synthetic EOIR release of {cases:,} cases ({zipped.stat().st_size / 1e6:,.0f} "
            f"MB zipped; generated in {made:.0f} s) served from 127.0.0.1, downloaded and "
            f"ingested by a `python -m bot update eoir` child, as the bot's updater runs it, "
            f"in {seconds:.1f} s ({outcome.get('status', '?')}), while the parent's event "
            f"loop ticked every 10 ms ({len(lags):,} ticks).", "",
            "| loop lag | result | target |", "| --- | --- | --- |",
            f"| p50 | {s.p50:.1f} ms | |",
            f"| p95 | {s.p95:.1f} ms | |",
            f"| max | {s.max:.1f} ms | < 100 ms |", "",
            "The full-size release (12.7 million cases, 4.5 GB) is "
            "`python -m benchmarks --sources --cases 12662540`; the download and ingest run "
            "in the child either way, so the parent's lag does not grow with the release.", ""]


def platform_line() -> str:
    import platform

    return (f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
            f"Python {platform.python_version()}, {time.strftime('%Y-%m-%d')}")
