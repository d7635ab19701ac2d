"""Only new charts are limited: per person, and how many wait to be drawn at once."""

from __future__ import annotations

import threading

import pytest

from bot.discord_bot.render_limit import RenderLimit, TooManyCharts
from tests.support.bot import running, with_settings


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def draw(limit: RenderLimit, user: int) -> None:
    with limit.render(user):
        pass


def test_a_person_gets_rate_new_charts_a_window_then_a_time_to_retry():
    clock = Clock()
    limit = RenderLimit(3, 60, 100, clock=clock)
    for _ in range(3):
        draw(limit, 1)
        clock.now += 10
    with pytest.raises(TooManyCharts) as info:
        draw(limit, 1)
    assert info.value.retry_after == 30  # the first of the three leaves the window then
    assert "try again in 30 s" in str(info.value)
    draw(limit, 2)  # someone else is not held up
    clock.now += 30
    draw(limit, 1)


def test_too_many_charts_waiting_is_busy_for_everyone():
    limit = RenderLimit(100, 60, 2, parallel=2)
    release = threading.Event()
    entered = threading.Barrier(3)

    def slow(user: int) -> None:
        with limit.render(user):
            entered.wait()
            release.wait(5)

    threads = [threading.Thread(target=slow, args=(u,)) for u in (1, 2)]
    for t in threads:
        t.start()
    entered.wait()
    with pytest.raises(TooManyCharts, match=r"busy drawing 2 charts for others: try again in"):
        draw(limit, 3)
    release.set()
    for t in threads:
        t.join()
    draw(limit, 3)


async def test_ten_questions_in_a_row_with_repeats_are_all_answered(standin, settings):
    questions = [("outcomes", {"year": 2022}), ("compare", {"first": 2020, "second": 2023}),
                 ("trend", {}), ("totals", {"start": 2021}), ("outcomes", {"year": 2030}),
                 ("outcomes", {"year": 2022}), ("compare", {"first": 2020, "second": 2023}),
                 ("about", {}), ("changes", {}), ("outcomes", {"year": 2023})]
    async with running(settings):
        records = [await standin.ask(name, user_id=5150, **options)
                   for name, options in questions]
    assert "Years available: FY2014 to FY2024" in records[4].message["content"]
    answered = [r for i, r in enumerate(records) if i != 4]
    assert all(r.message.get("embeds") for r in answered)


async def test_thirty_new_charts_in_a_minute_are_limited_with_a_time_to_retry(standin,
                                                                             settings):
    pairs = [(a, b) for a in range(2014, 2025) for b in range(a + 1, 2025)][:30]
    async with running(with_settings(settings, render_rate=10)) as bot:
        records = [await standin.ask("compare", first=a, second=b, user_id=6060)
                   for a, b in pairs]
        repeat = await standin.ask("compare", first=2014, second=2015, user_id=6060)
        other = await standin.ask("compare", first=2023, second=2024, user_id=6061)
        drawn = len(bot.service.charts)
    charted = [r for r in records if r.message.get("embeds")]
    refused = [r for r in records if not r.message.get("embeds")]
    assert len(charted) == 10 and len(refused) == 20 and drawn == 11
    message = refused[0].message
    assert message["flags"] & 64  # privately
    assert "You've asked for 10 new charts in the last minute" in message["content"]
    assert "try again in" in message["content"]
    assert repeat.message.get("embeds")  # an answer already drawn still comes at once
    assert other.message.get("embeds")
