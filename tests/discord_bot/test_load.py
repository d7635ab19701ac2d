"""Load: 1,000 interactions over a minute, every one answered, memory flat.

The bot runs in a process of its own, as in production (benchmarks.botproc),
against the stand-in in this process. This is the longest test in the suite.
"""

from __future__ import annotations

import asyncio
import shutil

import pytest

from benchmarks import e2e
from benchmarks.__main__ import BotProcess
from benchmarks.standin_thread import StandInThread
from bot.store.loader import load
from tests.support.paths import DATA

TOTAL, SECONDS = 1000, 60

pytestmark = pytest.mark.slow


def distinct_questions(n: int):
    """More different questions than the chart cache holds, so it must evict."""
    qs = [("outcomes", (y,)) for y in range(2014, 2025)]
    qs += [("compare", (a, b)) for a in range(2014, 2025) for b in range(a + 1, 2025)]
    qs += [("trend", (a, b)) for a in range(2014, 2025) for b in range(a + 1, 2025)]
    qs += [("totals", (a, b)) for a in range(2014, 2025) for b in range(a, 2025)]
    qs += [("about", ())]
    popular = [("outcomes", (2023,)), ("compare", (2020, 2023)), ("totals", (2021, 2024))]
    # Every third question is one the whole desk asks; the rest cycle through everything.
    return [popular[i % 3] if i % 3 == 0 else qs[i % len(qs)] for i in range(n)]


async def paced(server, questions, start_user: int):
    """Dispatch at an even pace over SECONDS, then wait for every reply."""
    gap = SECONDS / TOTAL
    records = []
    for i, (name, years) in enumerate(questions):
        records.append(await server.interact(name, user_id=start_user + i,
                                             **e2e.ours(name, years)))
        await asyncio.sleep(gap)
    await asyncio.wait_for(asyncio.gather(*(r.done.wait() for r in records)), 120)
    return records


def test_a_thousand_interactions_in_a_minute(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    db = tmp_path / "load.db"
    load(data, db)
    questions = distinct_questions(TOTAL)
    warm, rest = questions[:300], questions[300:]
    with StandInThread() as stand, BotProcess(stand.server.port, db, data) as bot:
        records = stand.call(paced(stand.server, warm, 1_000_000), timeout=300)
        rss_warm, *_, pss_warm = (float(x) for x in bot.ask("stats"))
        records += stand.call(paced(stand.server, rest, 2_000_000), timeout=300)
        rss_end, _, hits, renders, _, pss_end = (float(x) for x in bot.ask("stats"))
    print(f"\nload: {TOTAL} interactions; bot RSS {rss_warm:.0f} -> {rss_end:.0f} MB, with "
          f"workers (PSS) {pss_warm:.0f} -> {pss_end:.0f} MB; chart cache {hits:.0f} hits, "
          f"{renders:.0f} renders; slowest acknowledgement "
          f"{max(r.ack_seconds for r in records):.2f} s")
    assert len(records) == TOTAL
    assert all(r.done.is_set() for r in records)
    assert all(r.message.get("embeds") for r in records)  # answered, not apologised for
    assert all(r.ack_seconds < 3 for r in records)
    assert hits > 0 and renders > 128  # the cache filled and evicted
    # Flat: after warming up, at most a few MB more in the bot and its chart workers.
    assert rss_end - rss_warm < 25, (rss_warm, rss_end)
    assert pss_end - pss_warm < 40, (pss_warm, pss_end)
