"""Where charts are drawn: in the calling thread, or in worker processes.

matplotlib holds the GIL while it draws, so charts drawn on threads compete
with the bot's event loop and use one core at most. The Discord bot draws in
a small pool of worker processes instead: every core helps under a burst and
the event loop stays responsive. One-shot tools (ask, the console) draw in
the calling thread, which starts faster.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from bot.answers.model import ChartSpec

log = logging.getLogger(__name__)


def render_in_thread(spec: ChartSpec) -> bytes:
    from bot.answers.charts import render_png  # matplotlib loads only when a chart is drawn

    return render_png(spec)


def _worker_start() -> None:
    """Load matplotlib and its fonts once per worker, then keep them out of the GC's way."""
    from bot.answers import charts

    charts.warm_up()
    gc.collect()
    gc.freeze()  # long-lived objects move to a permanent generation: shorter GC pauses


def _draw_in_worker(spec: ChartSpec) -> bytes:
    png = render_in_thread(spec)
    # A drawn figure is a web of reference cycles holding megabytes of buffers; with the
    # start-up objects frozen, full collections are rare, so collect now: measured, this
    # keeps a worker near 75 MB instead of growing past 100 MB, for about 4 ms a chart.
    gc.collect()
    return png


class ProcessRenderer:
    """Draws charts in `workers` processes; call it like render_in_thread."""

    def __init__(self, workers: int = 2) -> None:
        self.workers = workers
        self._lock = threading.Lock()
        self._pool: ProcessPoolExecutor | None = None

    def _get_pool(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._pool is None:
                # forkserver: workers fork from a clean server process that has already
                # imported matplotlib, never from this process and its threads.
                ctx = multiprocessing.get_context("forkserver")
                ctx.set_forkserver_preload(["bot.answers.charts"])
                self._pool = ProcessPoolExecutor(self.workers, mp_context=ctx,
                                                 initializer=_worker_start)
            return self._pool

    def warm(self) -> None:
        """Start the workers now rather than on the first chart (blocking)."""
        pool = self._get_pool()
        for future in [pool.submit(gc.isenabled) for _ in range(self.workers)]:
            future.result()

    def __call__(self, spec: ChartSpec) -> bytes:
        try:
            return self._get_pool().submit(_draw_in_worker, spec).result()
        except BrokenProcessPool:
            # A worker died (killed, out of memory). Start a fresh pool and try once more;
            # if that fails too, draw here so the answer still goes out.
            log.error("a chart worker process died; restarting the pool")
            self._reset()
            try:
                return self._get_pool().submit(_draw_in_worker, spec).result()
            except BrokenProcessPool:
                log.error("chart workers keep dying; drawing in the bot's process")
                return render_in_thread(spec)

    def pids(self) -> list[int]:
        pool = self._pool
        return list(pool._processes) if pool is not None and pool._processes else []

    def _reset(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)

    def close(self) -> None:
        self._reset()
