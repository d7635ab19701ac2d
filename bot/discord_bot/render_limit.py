"""A bound on new charts: per person, and on how many wait to be drawn at once.

Only drawing a chart costs anything; an answer whose chart is already drawn,
an error, /about, /export and autocomplete are never counted. A reporter can
ask question after question; a flood from many people gets a clear "busy"
with a time to try again instead of a pile-up.
"""

from __future__ import annotations

import contextlib
import math
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator

from bot.answers.errors import UserError

# A first guess at how long one chart takes, until the bot has measured its own.
FIRST_GUESS_SECONDS = 0.15


class TooManyCharts(UserError):
    """A new chart refused for now; the message says when to try again."""

    def __init__(self, message: str, retry_after: float) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class RenderLimit:
    """`per_user` new charts per person in `window` seconds; at most `max_queued` in progress.

    Thread-safe: answers are composed on worker threads.
    """

    def __init__(self, per_user: int, window: float, max_queued: int, parallel: int = 1,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.per_user = per_user
        self.window = window
        self.max_queued = max_queued
        self.parallel = max(parallel, 1)
        self.clock = clock
        self._lock = threading.Lock()
        self._recent: dict[int, deque[float]] = {}
        self._queued = 0
        self._seconds_per_chart = FIRST_GUESS_SECONDS

    @contextlib.contextmanager
    def render(self, user_id: int) -> Iterator[None]:
        """Hold a place for one new chart for `user_id`, or raise TooManyCharts."""
        self._admit(user_id)
        started = self.clock()
        try:
            yield
        finally:
            with self._lock:
                self._queued -= 1
                # A running average, so the "try again" time follows the machine.
                took = self.clock() - started
                self._seconds_per_chart = 0.8 * self._seconds_per_chart + 0.2 * took

    def busy(self) -> bool:
        """Whether a live chart is being drawn (charts drawn ahead of time wait for it)."""
        return self._queued > 0

    def expected_wait(self) -> float:
        """Seconds a new chart would wait for those ahead of it, at the recent pace."""
        with self._lock:
            return self._queued * self._seconds_per_chart / self.parallel

    def _admit(self, user_id: int) -> None:
        with self._lock:
            now = self.clock()
            recent = self._recent.setdefault(user_id, deque())
            while recent and recent[0] <= now - self.window:
                recent.popleft()
            if len(recent) >= self.per_user:
                wait = math.ceil(recent[0] + self.window - now)
                raise TooManyCharts(
                    f"You've asked for {len(recent)} new charts in the last "
                    f"{_span(self.window)}, the most one person can ask for at once: try again "
                    f"in {wait} s. Charts already drawn still come at once.", wait)
            if self._queued >= self.max_queued:
                wait = max(1, math.ceil(self._queued * self._seconds_per_chart / self.parallel))
                raise TooManyCharts(
                    f"The bot is busy drawing {self._queued} charts for others: try again in "
                    f"{wait} s.", wait)
            recent.append(now)
            self._queued += 1
            self._forget_idle(now)

    def _forget_idle(self, now: float) -> None:
        """Drop people with nothing in the window, so the table does not grow forever."""
        if len(self._recent) > 1000:
            for uid in [u for u, d in self._recent.items() if not d or d[-1] <= now - self.window]:
                del self._recent[uid]


def _span(seconds: float) -> str:
    return "minute" if seconds == 60 else f"{seconds:g} seconds"
