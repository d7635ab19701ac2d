"""A bot in its own process, as in production, driven by the benchmark over stdin.

`python -m benchmarks.botproc PORT DB DATA [--naive]` starts this bot (or the
naive one) against the stand-in on PORT, prints `READY <rss_mb> <synced>` once
connected with commands synced, then answers one line per command on stdin:

- `lag`: the largest event-loop delay since the last `lag`, in ms (and resets it);
- `stats`: RSS in MB now, peak RSS in MB, chart cache hits and renders, the workers'
  RSS and the PSS of the bot with its workers;
- `ahead`: wait until the charts drawn ahead are done; seconds waited, charts drawn;
- `disk`: MB of charts kept on disk;
- `quit`: stop.
"""

from __future__ import annotations

import asyncio
import os
import resource
import sys
import time
from pathlib import Path


def rss_mb(pid: int | str = "self") -> float:
    """Resident set size now, from /proc (Linux)."""
    with open(f"/proc/{pid}/statm") as f:
        pages = int(f.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 1024 / 1024


def pss_mb(pids: list[int]) -> float:
    """Proportional set size of several processes together: shared pages counted once."""
    total_kb = 0
    for pid in pids:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            total_kb += next(int(line.split()[1]) for line in f if line.startswith("Pss:"))
    return total_kb / 1024


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class LagProbe:
    """Largest delay of a 10 ms timer on this loop: how long the loop could not run."""

    def __init__(self, interval: float = 0.01) -> None:
        self.interval = interval
        self.max_lag = 0.0

    async def run(self) -> None:
        while True:
            start = time.perf_counter()
            await asyncio.sleep(self.interval)
            self.max_lag = max(self.max_lag, time.perf_counter() - start - self.interval)


async def main(port: int, db: Path, data: Path, naive: bool, cold: bool = False) -> None:
    from bot.lean import without_pyarrow

    without_pyarrow()  # as `python -m bot run` does
    import discord
    import yarl

    from bot import startup
    from bot.settings import Secret, Settings

    discord.http.Route.BASE = f"http://127.0.0.1:{port}/api/v10"
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(f"ws://127.0.0.1:{port}/gw")
    settings = Settings(token=Secret("benchmark.token.value"), guild_id=800000000000000001,
                        db_path=db, data_dir=data, render_rate=10_000, render_queue_max=10_000,
                        scheduler_poll_seconds=3600, update=False,
                        # --cold: as before charts were kept or drawn ahead, for comparison
                        render_ahead=not cold, chart_store_mb=0 if cold else 200)
    startup.refresh(settings)
    renderer = None
    if naive:
        from benchmarks.baseline import NaiveBot

        service = startup.answers(settings)
        bot = NaiveBot(service, guild_ready_timeout=0.05)
    else:
        from bot.discord_bot.runner import build

        bot, renderer = build(settings, guild_ready_timeout=0.05)
        service = bot.service
    task = asyncio.create_task(bot.start(settings.token.reveal()))
    await asyncio.sleep(0)  # let start() begin logging in, which wait_until_ready needs
    await bot.wait_until_ready()
    print(f"READY {rss_mb():.1f} {getattr(bot, 'synced', None)}", flush=True)

    probe = LagProbe()
    probe_task = asyncio.create_task(probe.run())
    loop = asyncio.get_running_loop()
    while True:
        line = (await loop.run_in_executor(None, sys.stdin.readline)).strip()
        if line == "lag":
            print(f"{probe.max_lag * 1000:.1f}", flush=True)
            probe.max_lag = 0.0
        elif line == "ahead":
            started = time.perf_counter()
            ahead = getattr(bot, "ahead", None)
            if ahead is not None:
                await loop.run_in_executor(None, ahead.done.wait, 600)
            drawn = ahead.drawn if ahead is not None else 0
            print(f"{time.perf_counter() - started:.1f} {drawn}", flush=True)
        elif line == "disk":
            store = service.store
            print(f"{(store.size() if store else 0) / 1024 / 1024:.1f}", flush=True)
        elif line == "stats":
            charts = service.charts
            workers = renderer.pids() + renderer.background_pids() \
                if renderer is not None else []
            worker_rss = sum(rss_mb(pid) for pid in workers)
            pss = pss_mb([os.getpid(), *workers])
            print(f"{rss_mb():.1f} {peak_rss_mb():.1f} {charts.hits} {charts.misses} "
                  f"{worker_rss:.1f} {pss:.1f}", flush=True)
        else:  # quit, or the benchmark went away
            break
    probe_task.cancel()
    await bot.close()
    await task
    if renderer is not None:
        renderer.close()


if __name__ == "__main__":
    args = sys.argv[1:]
    asyncio.run(main(int(args[0]), Path(args[1]), Path(args[2]), "--naive" in args,
                     "--cold" in args))
