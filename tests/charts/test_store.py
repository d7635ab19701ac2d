"""Charts kept on disk: a restart on the same data starts warm; other data leaves them be."""

from __future__ import annotations

from pathlib import Path

from bot.answers.model import ChartSpec, Series
from bot.answers.service import Answers
from bot.charts.store import ChartStore
from bot.store.loader import load
from bot.store.reader import Reader
from tests.support.paths import DATASET


def spec(n: int) -> ChartSpec:
    return ChartSpec(kind="barh", title=f"chart {n}", subtitle="", categories=("a",),
                     series=(Series("a", (n,)),), unit="cases", source="s")


class Counting:
    """A renderer that counts its calls."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, chart: ChartSpec) -> bytes:
        self.calls += 1
        return b"\x89PNG" + chart.title.encode() + b"\0" * 1000


def test_put_get_and_has(tmp_path):
    store = ChartStore(tmp_path, 10_000_000)
    assert store.get("v1", spec(1)) is None and not store.has("v1", spec(1))
    store.put("v1", spec(1), b"png-1")
    assert store.get("v1", spec(1)) == b"png-1"
    assert store.has("v1", spec(1)) and not store.has("v2", spec(1))
    assert not store.has("v1", spec(2))


def test_the_size_bound_drops_the_least_recently_used(tmp_path):
    store = ChartStore(tmp_path, 10_000)
    for n in range(30):
        store.put("v1", spec(n), bytes(1000))
        if n == 0:
            first = store.path("v1", spec(0))
    store.get("v1", spec(29))
    assert store.size() <= 10_000
    assert not first.exists()
    assert store.has("v1", spec(29))


def test_prune_keeps_only_live_versions(tmp_path):
    store = ChartStore(tmp_path, 10_000_000)
    store.put("old", spec(1), b"x")
    store.put("live", spec(2), b"y")
    assert store.prune({"live"}) == 1
    assert not store.has("old", spec(1)) and store.has("live", spec(2))


def test_an_unwritable_store_only_costs_the_cache(tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    store = ChartStore(blocked, 10_000_000)
    store.put("v1", spec(1), b"png")  # logs, does not raise
    assert store.get("v1", spec(1)) is None


def test_a_restart_on_the_same_data_draws_nothing(loaded: Path, tmp_path):
    first, again = Counting(), Counting()
    store = ChartStore(tmp_path / "charts", 10_000_000)
    a = Answers(Reader(loaded), renderer=first, store=store)
    png = a.chart_png(a.ask("/compare 2020 2023"))
    b = Answers(Reader(loaded), renderer=again, store=store)  # a new process, same disk
    answer = b.ask("/compare 2020 2023")
    assert b.has_chart(answer)
    assert b.chart_png(answer) == png
    assert (first.calls, again.calls) == (1, 0)


def test_new_figures_in_one_dataset_keep_the_others_charts(loaded: Path, data_dir: Path,
                                                            tmp_path):
    renderer = Counting()
    store = ChartStore(tmp_path / "charts", 10_000_000)
    a = Answers(Reader(loaded), renderer=renderer, store=store)
    for q in ("/grants 2020", "/outcomes 2023"):
        a.chart_png(a.ask(q))
    csv = data_dir / f"{DATASET}.csv"
    csv.write_text(csv.read_text().replace("52440", "52441"))
    load(data_dir, loaded)
    b = Answers(Reader(loaded), renderer=renderer, store=store)
    assert store.prune(b.live_versions()) == 1  # the old /outcomes chart only
    assert b.has_chart(b.ask("/grants 2020"))
    assert not b.has_chart(b.ask("/outcomes 2023"))
