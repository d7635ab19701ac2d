"""Charts: real PNGs of the right size, alt text with the figures, rendered once per question."""

from __future__ import annotations

import io
import subprocess
import sys

import pytest
from PIL import Image

from bot.charts.draw import HEIGHT_PX, WIDTH_PX


@pytest.mark.parametrize(
    "question", ["/outcomes 2022", "/outcomes 2024", "/compare 2014 2022",
                 "/compare 2023 2024", "/compare 2023 2024 raw", "/trend", "/totals 2021",
                 "/grants", "/grants 1992", "/encounters 2024-04", "/encounters 2025",
                 "/trend dataset=cbp_border_encounters", "/compare 2022 2025 "
                 "dataset=cbp_border_encounters", "/totals 2022 dataset=cbp_border_encounters",
                 "/digest dataset=dhs_asylum_grants"],
)
def test_png_decodes_at_discord_size(service, question):
    png = service.chart_png(service.ask(question))
    image = Image.open(io.BytesIO(png))
    image.load()
    assert image.format == "PNG"
    assert image.size == (WIDTH_PX, HEIGHT_PX) == (1200, 675)


def test_alt_text_names_the_figures(service):
    a = service.ask("/outcomes 2022")
    for figure in ("36,250", "31,859", "102,550", "170,659", "60.1%"):
        assert figure in a.chart.alt_text
    assert "Source: TRAC Immigration" in a.chart.alt_text


def test_alt_text_of_trend_marks_partial_year(service):
    alt = service.ask("/trend").chart.alt_text
    assert "FY2024* 113,843" in alt and "7 of 12 months" in alt


def test_chart_is_cached_per_version_and_question(service):
    a = service.ask("/outcomes 2017")
    first = service.chart_png(a)
    hits = service.charts.hits
    assert service.chart_png(service.ask("/outcomes 2017")) is first
    assert service.charts.hits == hits + 1


def test_cache_is_bounded():
    from bot.answers.questions import Question
    from bot.answers.service import ChartCache

    cache = ChartCache(2)
    for y in (1, 2, 3):
        cache.put(("v", Question("outcomes", (y,))), b"png")
    assert len(cache) == 2
    assert cache.get(("v", Question("outcomes", (1,)))) is None


def test_no_chart_for_about(service):
    assert service.chart_png(service.ask("/about")) is None


def test_charts_never_touch_pyplot():
    code = ("import sys; import bot.charts.draw; "
            "print('matplotlib.pyplot' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False"


def test_the_same_chart_asked_at_once_is_drawn_once(service, monkeypatch):
    import threading
    import time

    from bot.charts import draw as charts

    calls = []
    real = charts.render_png

    def slow(spec):
        calls.append(spec.title)
        time.sleep(0.2)
        return real(spec)

    monkeypatch.setattr(charts, "render_png", slow)
    answer = service.ask("/trend 2015 2019")
    results = []
    threads = [threading.Thread(target=lambda: results.append(service.chart_png(answer)))
               for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(calls) == 1
    assert len(set(results)) == 1 and results[0][:4] == b"\x89PNG"


@pytest.mark.parametrize("question", ["/encounters 2024 by=nationality",
                                      "/encounters 2024-04 by=sector", "/outcomes 2023"])
def test_every_label_lies_inside_the_image_and_one_series_is_one_colour(encounter_service,
                                                                        question):
    from matplotlib.patches import Rectangle
    from matplotlib.text import Text

    from bot.charts.draw import figure

    fig = figure(encounter_service.ask(question).chart)
    renderer = fig.canvas.get_renderer()
    texts = [t for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]
    outside = [t.get_text() for t in texts
               if t.get_window_extent(renderer).x0 < 0
               or t.get_window_extent(renderer).x1 > fig.bbox.width]
    assert outside == []
    (ax,) = fig.axes
    bars = [p for p in ax.patches if isinstance(p, Rectangle)]
    assert len({p.get_facecolor() for p in bars}) == 1
