"""`python -m benchmarks [--quick] [--out FILE]`: run every benchmark, print and record them."""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

from benchmarks import e2e, inprocess
from benchmarks.report import Report
from benchmarks.standin_thread import StandInThread

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    p.add_argument("--quick", action="store_true", help="tiny run counts (a smoke test)")
    p.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks.md")
    p.add_argument("--eoir", action="store_true",
                   help="the case-level release at full size instead (minutes, 5 GB of disk)")
    p.add_argument("--cases", type=int, default=None,
                   help="--eoir: one release size instead of 2 million and 12.7 million "
                        "(--sources: 2,000,000 unless given)")
    p.add_argument("--release", type=Path, help="--eoir: an existing release to ingest")
    p.add_argument("--sources", action="store_true",
                   help="fetching and loading the sources' releases instead "
                        "(docs/benchmarks-sources.md)")
    p.add_argument("--check", action="store_true",
                   help="the claim checker's accuracy and speed instead "
                        "(docs/benchmarks-check.md)")
    p.add_argument("--buttons", action="store_true",
                   help="a button pressed on a warm answer instead (docs/benchmarks-buttons.md)")
    args = p.parse_args(argv)
    if args.buttons:
        from benchmarks import buttons

        out = args.out if args.out != ROOT / "docs" / "benchmarks.md" else \
            ROOT / "docs" / "benchmarks-buttons.md"
        return buttons.main(out, 20 if args.quick else 200)
    if args.check:
        from benchmarks import check

        out = args.out if args.out != ROOT / "docs" / "benchmarks.md" else \
            ROOT / "docs" / "benchmarks-check.md"
        return check.main(out, 20 if args.quick else 200)
    if args.sources:
        from benchmarks import sources

        out = args.out if args.out != ROOT / "docs" / "benchmarks.md" else \
            ROOT / "docs" / "benchmarks-sources.md"
        cases = 50_000 if args.quick else (args.cases or 2_000_000)
        return sources.main(out, cases, 20 if args.quick else 200)
    if args.eoir:
        from benchmarks import eoir

        out = args.out if args.out != ROOT / "docs" / "benchmarks.md" else eoir.OUT
        sizes = (20_000,) if args.quick else (args.cases,) if args.cases else eoir.SIZES
        return eoir.main(sizes, args.release, 10 if args.quick else 100, out)
    sizes = dict(runs=5, idle=3, burst=12, starts=1, ceiling_seconds=2) if args.quick else \
        dict(runs=200, idle=60, burst=200, starts=3, ceiling_seconds=15)

    from bot.answers.service import Answers
    from bot.store.loader import load
    from bot.store.reader import Reader

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        data = tmp / "data"
        shutil.copytree(ROOT / "data", data)
        db = tmp / "bench.db"
        load(data, db)
        report = Report(machine=machine(), quick=args.quick, sizes=sizes)

        print("in-process answers ...", flush=True)
        from bot.startup import settle_memory

        service = Answers(Reader(db))
        settle_memory()  # as the bot's process does before serving
        report.inprocess = inprocess.measure(service, sizes["runs"])

        print("end to end, this bot as before (no charts kept, none drawn ahead) ...",
              flush=True)
        report.before = run_e2e(db, data, sizes, naive=False, cold=True)
        charts = db.parent / "charts"
        shutil.rmtree(charts, ignore_errors=True)
        print("end to end, first start on new data ...", flush=True)
        report.first = first_start(db, data, sizes)
        print("end to end, restarted on data it has seen ...", flush=True)
        report.ours = run_e2e(db, data, sizes, naive=False)
        report.disk_mb = sum(p.stat().st_size for p in charts.rglob("*.png")) / 1024 / 1024
        print("end to end, naive baseline ...", flush=True)
        report.naive = run_e2e(db, data, sizes, naive=True)
        print("the ceiling of one process ...", flush=True)
        report.ceiling = {"warm": ceiling(db, data, sizes, cold=False),
                          "cold": ceiling(db, data, sizes, cold=True)}

        print("start-up ...", flush=True)
        report.startup = [start_once(tmp, i) for i in range(sizes["starts"])]

    text = report.markdown()
    print(text)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text)
    print(f"written to {args.out}")
    return 0


class BotProcess:
    """The bot under test in a child process, pointed at the stand-in."""

    def __init__(self, port: int, db: Path, data: Path, naive: bool = False,
                 cold: bool = False) -> None:
        args = [sys.executable, "-m", "benchmarks.botproc", str(port), str(db), str(data)]
        args += (["--naive"] if naive else []) + (["--cold"] if cold else [])
        self.started = time.perf_counter()
        self.child = subprocess.Popen(args, cwd=ROOT,
                                      stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                                      env=dict(os.environ, PYTHONPATH=str(ROOT)))
        line = self.child.stdout.readline()
        self.ready_seconds = time.perf_counter() - self.started
        if not line.startswith("READY"):
            self.child.kill()
            raise RuntimeError(f"the bot process did not start: {line!r}")
        self.ready_rss = float(line.split()[1])

    def ask(self, command: str) -> list[str]:
        self.child.stdin.write(command + "\n")
        self.child.stdin.flush()
        return self.child.stdout.readline().split()

    def __enter__(self) -> BotProcess:
        return self

    def __exit__(self, *exc) -> None:
        with contextlib.suppress(OSError):
            self.child.stdin.write("quit\n")
            self.child.stdin.flush()
        try:
            self.child.wait(20)
        except subprocess.TimeoutExpired:
            self.child.kill()


def run_e2e(db: Path, data: Path, sizes: dict, naive: bool, cold: bool = False) -> dict:
    """Idle run, then the burst, against one bot process; loop lag and memory from inside it."""
    charts = ("outcomes", "compare", "trend", "totals")
    commands = charts if naive else (*charts, "about")
    options = e2e.naive if naive else e2e.ours
    with StandInThread() as stand, BotProcess(stand.server.port, db, data, naive, cold) as bot:
        idle = stand.call(e2e.idle(stand.server, e2e.workload(sizes["idle"], 1, commands),
                                   options), timeout=600)
        idle_lag = float(bot.ask("lag")[0])
        rss_idle = float(bot.ask("stats")[0])
        result = stand.call(e2e.burst(stand.server, e2e.workload(sizes["burst"], 2, commands),
                                      options, timeout=240), timeout=600)
        burst_lag = float(bot.ask("lag")[0])
        rss_after, peak, hits, misses, workers_rss, pss = (float(x) for x in bot.ask("stats"))
    return {"idle": idle, "burst": result, "idle_lag_ms": idle_lag, "burst_lag_ms": burst_lag,
            "rss_idle": rss_idle, "rss_after": rss_after, "rss_peak": peak,
            "workers_rss": workers_rss, "pss_total": pss, "cache": (int(hits), int(misses))}


def first_start(db: Path, data: Path, sizes: dict) -> dict:
    """A bot on data it has never drawn: the burst right after start, while it draws
    ahead; then how long drawing ahead took, and the disk it used."""
    commands = ("outcomes", "compare", "trend", "totals", "about")
    with StandInThread() as stand, BotProcess(stand.server.port, db, data) as bot:
        result = stand.call(e2e.burst(stand.server, e2e.workload(sizes["burst"], 2, commands),
                                      e2e.ours, timeout=240), timeout=600)
        lag = float(bot.ask("lag")[0])
        waited, drawn = bot.ask("ahead")
        disk = float(bot.ask("disk")[0])
        pss = float(bot.ask("stats")[5])
    return {"burst": result, "lag_ms": lag, "ahead_s": float(waited), "ahead_drawn": int(drawn),
            "disk_mb": disk, "pss": pss}


# Interactions a minute tried for the ceiling, and for how long each.
RATES = (600, 1200, 2400, 4800, 9600, 19200, 38400)


def ceiling(db: Path, data: Path, sizes: dict, cold: bool) -> list[tuple[int, object, float]]:
    """Steady streams of mixed questions at rising rates: (rate, result, PSS MB) for each,
    up to the first rate past the ceiling.

    Warm: one bot restarted on data it has seen. Cold: a fresh bot for each rate, with
    no charts kept or drawn ahead, so every first question of a chart draws it.
    """
    commands = ("outcomes", "compare", "trend", "totals", "about")
    out = []
    with contextlib.ExitStack() as warm:
        if not cold:
            stand = warm.enter_context(StandInThread())
            bot = warm.enter_context(BotProcess(stand.server.port, db, data))
        for rate in RATES:
            with contextlib.ExitStack() as each:
                if cold:
                    stand = each.enter_context(StandInThread())
                    bot = each.enter_context(BotProcess(stand.server.port, db, data, cold=True))
                n = max(5, int(rate * sizes["ceiling_seconds"] / 60))
                questions = e2e.workload(n, 3 + rate, commands)
                result = stand.call(e2e.sustained(stand.server, questions, rate), timeout=600)
                out.append((rate, result, float(bot.ask("stats")[5])))
            if result.acked_in_time < 1 or result.done.p95 > 1000:
                break  # past the ceiling
    return out


def start_once(tmp: Path, i: int) -> tuple[float, float]:
    """Seconds from launching a fresh process to connected and synced, and its RSS then."""
    with StandInThread() as stand, BotProcess(stand.server.port, tmp / f"startup-{i}.db",
                                              tmp / "data") as bot:
        return bot.ready_seconds, bot.ready_rss


def machine() -> dict[str, str]:
    cpu = platform.processor() or "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with contextlib.suppress(OSError):
        mem_kb = next(int(ln.split()[1]) for ln in Path("/proc/meminfo").read_text().splitlines()
                      if ln.startswith("MemTotal"))
    import discord
    import matplotlib

    return {
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": f"{cpu}, {os.cpu_count()} cores",
        "memory": f"{mem_kb / 1024 / 1024:.0f} GiB" if "mem_kb" in locals() else "unknown",
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "libraries": f"discord.py {discord.__version__}, matplotlib {matplotlib.__version__}",
    }


if __name__ == "__main__":
    raise SystemExit(main())
