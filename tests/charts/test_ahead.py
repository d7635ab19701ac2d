"""Charts drawn ahead of time: which, in what order, and never before a live chart."""

from __future__ import annotations

import logging
import threading

import pytest

from bot.answers.questions import Question
from bot.answers.service import Answers
from bot.charts.ahead import RenderAhead, likely_questions
from bot.charts.store import ChartStore
from bot.eoir.cases import CaseStore
from bot.store.reader import Reader


class Counting:
    def __init__(self) -> None:
        self.calls = 0
        self.lock = threading.Lock()

    def __call__(self, chart) -> bytes:
        with self.lock:
            self.calls += 1
        return b"png:" + chart.title.encode()


def test_every_year_pair_and_range_of_the_default_dataset(service):
    qs = list(likely_questions(service))
    years = [r.year for r in service.reader.snapshot().datasets["trac_asylum_outcomes"].rows]
    assert qs[0] == Question("trend")
    assert qs[1] == Question("outcomes", (max(years),))
    for a in years:
        assert Question("outcomes", (a,)) in qs
        for b in years:
            if a != b:
                assert Question("compare", (a, b)) in qs
            if a < b:
                assert Question("trend", (a, b)) in qs and Question("totals", (a, b)) in qs
    assert Question("grants") in qs and Question("backlog", (2020,)) in qs
    assert Question("encounters", (2024,), month=4) in qs
    assert len(qs) == len(set(qs))
    for q in qs:
        service.ask(q)  # every one is a question the bot answers


def test_the_latest_breakdowns_of_the_largest_groups(case_service):
    qs = list(likely_questions(case_service))
    assert Question("courts", (2025,)) in qs and Question("courts", (2026,)) in qs
    assert Question("outcomes", (2025,), court="HOU") in qs
    assert Question("judges", (2026,), court="HOU") in qs
    assert Question("outcomes", (2025,), nationality="MX") in qs


def test_a_pass_draws_each_chart_once_and_says_so(loaded, tmp_path, caplog):
    renderer = Counting()
    service = Answers(Reader(loaded), store=ChartStore(tmp_path / "c", 100_000_000))
    ahead = RenderAhead(service, renderer, poll=0.05)
    with caplog.at_level(logging.INFO, logger="bot.charts.ahead"):
        ahead.start()
        assert ahead.done.wait(60)
        drawn, shared = renderer.calls, ahead.ready  # some questions share one chart
        ahead.start()  # the same data again: everything is drawn already
        assert ahead.done.wait(60)
        ahead.stop()
    assert drawn + shared == len(list(likely_questions(service))) and drawn > 250
    assert renderer.calls == drawn and ahead.ready == drawn + shared
    assert any("charts drawn ahead" in r.getMessage() for r in caplog.records)
    live = Counting()
    answer = Answers(Reader(loaded), renderer=live, store=service.store)
    answer.chart_png(answer.ask("/compare 2016 2021"))
    assert live.calls == 0  # a fresh process finds it on disk


def test_it_waits_while_a_live_chart_is_drawn(loaded, tmp_path):
    renderer = Counting()
    busy = threading.Event()
    busy.set()
    service = Answers(Reader(loaded))
    ahead = RenderAhead(service, renderer, busy=busy.is_set, poll=0.05)
    ahead.start()
    assert not ahead.done.wait(0.5)
    assert renderer.calls == 0
    busy.clear()
    assert ahead.done.wait(60)
    ahead.stop()
    assert renderer.calls > 0


@pytest.mark.parametrize("with_release", [False, True])
def test_a_new_release_starts_a_new_pass(case_service, with_release, tmp_path):
    service = Answers(case_service.reader, cases=case_service.cases if with_release
                      else CaseStore(tmp_path / "none.db"))
    renderer = Counting()
    ahead = RenderAhead(service, renderer, limit=5, poll=0.05)
    ahead.start()
    assert ahead.done.wait(30)
    ahead.stop()
    assert renderer.calls == 5


def test_it_waits_for_a_quiet_moment_after_a_live_chart(loaded):
    renderer = Counting()
    busy = threading.Event()
    busy.set()
    ahead = RenderAhead(Answers(Reader(loaded)), renderer, busy=busy.is_set, poll=0.05,
                        quiet=0.4)
    ahead.start()
    busy.clear()
    assert not ahead.done.wait(0.25)  # not yet quiet for long enough
    assert renderer.calls == 0
    assert ahead.done.wait(60)
    ahead.stop()
    assert renderer.calls > 0


def test_the_bot_process_does_without_pyarrow(tmp_path):
    import subprocess
    import sys

    code = ("import sys; from bot.lean import without_pyarrow; without_pyarrow(); "
            "import bot.answers.service, pandas; print('pyarrow' in sys.modules and "
            "sys.modules['pyarrow'] is not None)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False"
