"""Progress of a long read: a tqdm bar on a terminal, a log line every 10 % otherwise."""

from __future__ import annotations

import logging
import sys
import time

from tqdm import tqdm

log = logging.getLogger("bot.eoir")


class Progress:
    """Bytes read of the whole release; `bar` forces a terminal bar on or off."""

    def __init__(self, total: int, bar: bool | None = None) -> None:
        self.total = max(total, 1)
        self.done = 0
        self.started = time.monotonic()
        self._next_log = 0.1
        use_bar = sys.stderr.isatty() if bar is None else bar
        self._bar = tqdm(total=total, unit="B", unit_scale=True, unit_divisor=1024,
                         desc="reading release", dynamic_ncols=True) if use_bar else None
        self.table = ""

    def start(self, table: str) -> None:
        self.table = table
        if self._bar is not None:
            self._bar.set_description(f"reading {table}")
        else:
            log.info("reading %s", table)

    def __call__(self, n: int) -> None:
        self.done += n
        if self._bar is not None:
            self._bar.update(n)
        elif self.done / self.total >= self._next_log:
            elapsed = time.monotonic() - self.started
            rate = self.done / elapsed if elapsed else 0
            left = (self.total - self.done) / rate if rate else 0
            log.info("%3.0f%% of the release read (%s), %.0f MB/s, about %.0f s left",
                     100 * self.done / self.total, self.table, rate / 1e6, left)
            while self._next_log <= self.done / self.total:
                self._next_log += 0.1

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
