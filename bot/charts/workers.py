"""Where charts are drawn: here, in the calling thread, or in worker processes.

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
import os
import signal
import threading
from concurrent.futures import CancelledError, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from bot.answers.model import ChartSpec

log = logging.getLogger(__name__)


def draw_here(spec: ChartSpec) -> bytes:
    from bot.charts.draw import render_png  # matplotlib loads only when a chart is drawn

    return render_png(spec)


def _worker_start() -> None:
    """Load matplotlib and its fonts once per worker, then keep them out of the GC's way."""
    from bot.charts import draw as charts

    # Ctrl-C in a terminal reaches every process in its group. The bot stops its workers
    # itself, after their current chart; a KeyboardInterrupt here would only print tracebacks.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    charts.warm_up()
    gc.collect()
    gc.freeze()  # long-lived objects move to a permanent generation: shorter GC pauses


def _background_start() -> None:
    """A worker for charts drawn ahead of time: the lowest CPU priority, so the live
    workers (and the bot) always run first."""
    os.nice(19)
    _worker_start()


def _draw_in_worker(spec: ChartSpec) -> bytes:
    png = draw_here(spec)
    # A drawn figure is a web of reference cycles holding megabytes of buffers; with the
    # start-up objects frozen, full collections are rare, so collect now: measured, this
    # keeps a worker near 75 MB instead of growing past 100 MB, for about 4 ms a chart.
    gc.collect()
    return png


def _new_pool(workers: int, initializer) -> ProcessPoolExecutor:
    # forkserver: workers fork from a clean server process that has already imported
    # matplotlib, never from this process and its threads.
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(["bot.charts.draw"])
    return ProcessPoolExecutor(workers, mp_context=ctx, initializer=initializer)


class ChartWorkers:
    """Draws charts in `workers` processes; call it like draw_here."""

    def __init__(self, workers: int = 2) -> None:
        self.workers = workers
        self._lock = threading.Lock()
        self._pool: ProcessPoolExecutor | None = None
        self._background: ProcessPoolExecutor | None = None
        self._closed = False

    def _get_pool(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._closed:
                raise RuntimeError("the chart workers have been closed")
            if self._pool is None:
                self._pool = _new_pool(self.workers, _worker_start)
            return self._pool

    def warm(self) -> None:
        """Start the workers now rather than on the first chart (blocking).

        The bot may stop while this runs (a rejected token stops it at once); then
        there is nothing to warm and nothing to report.
        """
        try:
            pool = self._get_pool()
            for future in [pool.submit(gc.isenabled) for _ in range(self.workers)]:
                future.result()
        except (RuntimeError, BrokenProcessPool, CancelledError):
            if not self._closed:
                raise

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
                return draw_here(spec)

    def background(self, spec: ChartSpec) -> bytes:
        """Draw a chart ahead of time, in a worker of its own at the lowest CPU priority,
        started on first use and stopped by `rest`."""
        with self._lock:
            if self._closed:
                raise RuntimeError("the chart workers have been closed")
            if self._background is None:
                self._background = _new_pool(1, _background_start)
            pool = self._background
        return pool.submit(_draw_in_worker, spec).result()

    def rest(self) -> None:
        """Stop the ahead-of-time worker when there is nothing left to draw ahead."""
        with self._lock:
            pool, self._background = self._background, None
        if pool is not None:
            pool.shutdown(wait=True)

    def pids(self) -> list[int]:
        pool = self._pool
        return list(pool._processes) if pool is not None and pool._processes else []

    def background_pids(self) -> list[int]:
        pool = self._background
        return list(pool._processes) if pool is not None and pool._processes else []

    def _reset(self, *, closing: bool = False) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
            self._closed = self._closed or closing
        if pool is not None:
            # On close, wait for the workers to finish the chart in hand and exit.
            pool.shutdown(wait=closing, cancel_futures=True)

    def close(self) -> None:
        """Tell the workers to exit after their current chart, and wait for them."""
        self._reset(closing=True)
        with self._lock:
            pool, self._background = self._background, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
