"""Charts drawn ahead of time, through the real client: warm answers go out in one
response; a chart with a long queue ahead of it is deferred at once."""

from __future__ import annotations

import asyncio
import dataclasses

import pytest

from tests.support.bot import running


@pytest.mark.slow
async def test_a_chart_drawn_ahead_goes_out_in_one_response(standin, settings, tmp_path):
    warm = dataclasses.replace(settings, render_ahead=True, chart_store_dir=tmp_path / "c")
    async with running(warm) as bot:
        assert await asyncio.to_thread(bot.ahead.done.wait, 120)
        record = await standin.ask("compare", first=2016, second=2021)
    assert not record.deferred
    assert len(record.callbacks) == 1 and record.final.files
    assert any(p.suffix == ".png" for p in (tmp_path / "c").rglob("*"))


async def test_a_chart_behind_a_long_queue_is_deferred_at_once(standin, bot, monkeypatch):
    monkeypatch.setattr(bot.render_limit, "expected_wait", lambda: 30.0)
    record = await standin.ask("compare", first=2015, second=2019)
    assert record.deferred
    assert record.ack_seconds < 0.5
    assert record.final.files  # the chart still comes, as a follow-up
    drawn = await standin.ask("compare", first=2015, second=2019)
    assert not drawn.deferred  # drawn now: no queue to wait behind


async def test_deferred_at_once_and_still_slow_is_followed_up_once(standin, bot, monkeypatch):
    import time

    monkeypatch.setattr(bot.render_limit, "expected_wait", lambda: 30.0)
    slow = bot.service.chart_png

    def slower(answer, **kw):
        time.sleep(bot.offload.defer_after + 0.3)  # longer than the usual wait to defer
        return slow(answer, **kw)

    monkeypatch.setattr(bot.service, "chart_png", slower)
    record = await standin.ask("compare", first=2016, second=2020)
    assert record.deferred and len(record.callbacks) == 1
    assert len(record.followups) == 1 and record.final.files
