"""Charts drawn in worker processes: the same PNG, and a dead worker does not lose the answer."""

from __future__ import annotations

import io
import os
import signal

import pytest
from PIL import Image

from bot.charts.workers import ChartWorkers, draw_here


def pixels(png: bytes) -> bytes:
    with Image.open(io.BytesIO(png)) as image:
        return image.convert("RGB").tobytes()


@pytest.fixture(scope="module")
def renderer():
    r = ChartWorkers(workers=1)
    r.warm()
    yield r
    r.close()


def test_process_renderer_draws_the_same_chart(service, renderer):
    spec = service.ask("/outcomes 2022").chart
    png = renderer(spec)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    # The same picture, pixel for pixel, as drawing it in this process.
    assert pixels(png) == pixels(draw_here(spec))
    assert renderer.pids() and os.getpid() not in renderer.pids()


def test_a_killed_worker_is_replaced(service, renderer, caplog):
    spec = service.ask("/trend").chart
    (pid,) = renderer.pids()
    os.kill(pid, signal.SIGKILL)
    png = renderer(spec)
    assert png[:4] == b"\x89PNG"
    assert renderer.pids() and renderer.pids() != [pid]
    assert "chart worker process died" in caplog.text

