"""Charts drawn before anyone asks: the questions a desk is most likely to ask, drawn at
low priority after each new data version, so that most answers go out already drawn.

Live questions always come first: ahead-of-time charts are drawn by a renderer of
their own (in the bot, a worker process at the lowest CPU priority), one at a
time, and only while no live chart is being drawn.
"""

from __future__ import annotations

import itertools
import logging
import threading
import time
from collections.abc import Callable, Iterator

from bot.answers.errors import UserError
from bot.answers.model import ChartSpec
from bot.answers.questions import COMMAND_DATASETS, Question

log = logging.getLogger(__name__)
TOP_GROUPS = 10  # courts and nationalities drawn ahead, the largest first


def likely_questions(service) -> Iterator[Question]:
    """Every year, pair and range of the default datasets, then the latest years of the
    breakdowns; the most asked first, each once."""
    seen: set[Question] = set()
    for q in _candidates(service):
        if q not in seen:
            seen.add(q)
            yield q


def _candidates(service) -> Iterator[Question]:
    snap = service.reader.snapshot()
    default = service.default_dataset
    if default in snap.datasets and not snap.datasets[default].reported:
        years = [r.year for r in snap.datasets[default].rows]
        newest = sorted(years, reverse=True)
        yield Question("trend")
        yield from (Question("outcomes", (y,)) for y in newest)
        yield from (Question("compare", pair) for pair in itertools.pairwise(years))
        yield from (Question("compare", (a, newest[0])) for a in years if a != newest[0])
        yield from (Question("totals", (a,)) for a in years)
        yield from (Question("trend", (a, b)) for a in years for b in years if a < b)
        yield from (Question("totals", (a, b)) for a in years for b in years if a < b)
        yield from (Question("compare", (a, b)) for a in years for b in years
                    if a != b and b != newest[0] and b != a + 1)
    for command, name in COMMAND_DATASETS.items():
        ds = snap.datasets.get(name)
        if ds is None:
            continue
        if command != "encounters":
            yield Question(command)
        yield from (Question(command, (y,)) for y in sorted(ds.years, reverse=True))
        for m in reversed(ds.months):
            yield Question(command, (m.year,), month=m.month)
    yield from _breakdowns(service)


def _breakdowns(service) -> Iterator[Question]:
    """The latest full year and the latest partial year, for the largest courts and
    nationalities, and the rankings of those years."""
    release = service.release()
    if release is None:
        return
    from bot.eoir.cases import Filters

    ds = service.cases.dataset(release, Filters())
    full = [r.year for r in ds.rows if not r.partial][-1:]
    partial = [r.year for r in ds.rows if r.partial][-1:]
    for year in (*full, *partial):
        for command in ("courts", "nationalities", "representation"):
            yield Question(command, (year,))
        for by, field in (("court", "court"), ("nat", "nationality")):
            groups = service.cases.ranking(release, by, year, Filters())
            for g in sorted(groups, key=lambda g: -g.completed)[:TOP_GROUPS]:
                yield Question("outcomes", (year,), **{field: g.key})
                if by == "court":
                    yield Question("judges", (year,), court=g.key)


class RenderAhead:
    """Draws the likely charts of the data in service, in a thread of its own.

    `start()` after a data version is loaded (a second call while one runs makes it
    start over with the new data); `busy()` tells it a live chart is being drawn.
    """

    def __init__(self, service, renderer: Callable[[ChartSpec], bytes],
                 busy: Callable[[], bool] = lambda: False, limit: int = 2000,
                 poll: float = 20.0, rest: Callable[[], None] = lambda: None,
                 quiet: float = 0.0) -> None:
        self.service = service
        self.renderer = renderer
        self.busy = busy
        self.limit = limit
        self.poll = poll  # how often to look for data loaded elsewhere (the command line)
        self.rest = rest  # called when a pass is over: the background worker may stop
        self.quiet = quiet  # seconds without a live chart before drawing one ahead
        self._last_busy = 0.0
        self._lock = threading.Lock()
        self._again = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.drawn = self.ready = 0
        self.done = threading.Event()

    def start(self) -> None:
        with self._lock:
            self.done.clear()
            self._again.set()
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="render-ahead",
                                                daemon=True)
                self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._again.set()

    def _run(self) -> None:
        seen = None
        while not self._stop.is_set():
            now = self._data_in_service()
            if now != seen or self._again.is_set():
                self._again.clear()
                seen = now
                self._prune()
                self._one_pass()
                self.rest()
            self._again.wait(self.poll)

    def _data_in_service(self) -> tuple:
        release = self.service.release()
        return (self.service.reader.snapshot().version, release and release.version)

    def _prune(self) -> None:
        """Charts of data no longer in service will never be asked for again."""
        if self.service.store is not None:
            gone = self.service.store.prune(self.service.live_versions())
            if gone:
                log.info("removed %d charts of data no longer in service", gone)

    def _one_pass(self) -> None:
        started = self._last_busy = time.monotonic()
        self.drawn = self.ready = 0
        try:
            for n, q in enumerate(likely_questions(self.service)):
                if n >= self.limit or self._stop.is_set() or self._again.is_set():
                    return  # stopping, or new data: the next pass starts over
                self._draw(q)
        except Exception:  # the bot answers without it; say why it stopped
            if not self._stop.is_set():  # (stopping closes the workers under it)
                log.exception("drawing charts ahead stopped")
            return
        finally:
            if not self._again.is_set():
                self.done.set()
        log.info("charts drawn ahead: %d new, %d already drawn, in %.0f s", self.drawn,
                 self.ready, time.monotonic() - started)

    def _wait_for_quiet(self) -> None:
        """Wait until no live chart has been drawn for `quiet` seconds (and a pass starts
        with that wait): live questions go first, and a burst that has just begun is not
        met by a chart drawn ahead."""
        while not self._stop.is_set():
            if self.busy():
                self._last_busy = time.monotonic()
            elif time.monotonic() - self._last_busy >= self.quiet:
                return
            time.sleep(0.05)

    def _draw(self, q: Question) -> None:
        try:
            answer = self.service.ask(q)
        except UserError:
            return
        if answer.chart is None or self.service.has_chart(answer):
            self.ready += 1
            return
        self._wait_for_quiet()
        self.service.chart_png(answer, renderer=self.renderer)
        self.drawn += 1
