"""End to end through the local Discord stand-in: idle latency, a burst, and event-loop lag."""

from __future__ import annotations

import asyncio
import contextlib
import random
from dataclasses import dataclass

from benchmarks.stats import Summary
from tests.support.discord_standin import DiscordStandIn

ACK_LIMIT = 3.0  # seconds Discord waits for an interaction to be acknowledged


def workload(n: int, seed: int = 7, commands=("outcomes", "compare", "trend", "totals",
                                               "about")) -> list[tuple[str, tuple[int, ...]]]:
    """n questions mixed across the commands, as a desk asks them: mostly recent years."""
    rng = random.Random(seed)
    recent = list(range(2019, 2025))
    every = list(range(2014, 2025))
    out = []
    for i in range(n):
        name = commands[i % len(commands)]
        if name == "outcomes":
            out.append((name, (rng.choice(recent),)))
        elif name == "compare":
            a, b = sorted(rng.sample(every, 2))
            out.append((name, (a, b)))
        elif name in ("trend", "totals"):
            out.append((name, (rng.choice(every[:6]), rng.choice(recent))))
        else:
            out.append((name, ()))
    return out


def ours(name: str, years: tuple[int, ...]) -> dict:
    """Slash-command options for this bot."""
    keys = {"outcomes": ("year",), "compare": ("first", "second"),
            "trend": ("start", "end"), "totals": ("start", "end")}.get(name, ())
    return dict(zip(keys, years, strict=False))


def naive(name: str, years: tuple[int, ...]) -> dict:
    return dict(zip(("first", "second"), years, strict=False))


@dataclass
class BurstResult:
    sent: int
    acked_in_time: float
    completed: float
    ack: Summary
    done: Summary


async def idle(server: DiscordStandIn, questions, options=ours) -> tuple[Summary, Summary]:
    """One question at a time: dispatched → acknowledged, dispatched → final reply.

    Runs on the stand-in's event loop.
    """
    acks, dones = [], []
    for i, (name, years) in enumerate(questions):
        record = await server.interact(name, user_id=50_000 + i, **options(name, years))
        await asyncio.wait_for(record.done.wait(), 60)
        acks.append(record.ack_seconds)
        dones.append(record.done_seconds)
    return Summary.of_seconds(acks), Summary.of_seconds(dones)


async def burst(server: DiscordStandIn, questions, options=ours,
                timeout: float = 120) -> BurstResult:
    """Every question at once, from different users, as a desk on deadline.

    Runs on the stand-in's event loop.
    """
    records = await asyncio.gather(*(
        server.interact(name, user_id=100_000 + i, **options(name, years))
        for i, (name, years) in enumerate(questions)))
    return await _results(records, timeout)


async def sustained(server: DiscordStandIn, questions, per_minute: float,
                    options=ours, timeout: float = 60) -> BurstResult:
    """Questions sent evenly at `per_minute`, each from another user, as many desks asking
    at once; the result over all of them.

    Runs on the stand-in's event loop.
    """
    gap = 60 / per_minute
    start = asyncio.get_running_loop().time()
    records = []
    for i, (name, years) in enumerate(questions):
        delay = start + i * gap - asyncio.get_running_loop().time()
        if delay > 0:
            await asyncio.sleep(delay)
        records.append(await server.interact(name, user_id=200_000 + i,
                                             **options(name, years)))
    return await _results(records, timeout)


async def _results(records, timeout: float) -> BurstResult:
    """Wait for the replies (up to `timeout`), then what share came in time, and how fast."""
    with contextlib.suppress(asyncio.TimeoutError):
        await asyncio.wait_for(asyncio.gather(*(r.done.wait() for r in records)), timeout)
    acked = [r for r in records if r.callbacks]
    done = [r for r in records if r.done.is_set()]
    return BurstResult(
        sent=len(records),
        acked_in_time=sum(r.ack_seconds <= ACK_LIMIT for r in acked) / len(records),
        completed=len(done) / len(records),
        ack=Summary.of_seconds([r.ack_seconds for r in acked]),
        done=Summary.of_seconds([r.done_seconds for r in done]),
    )
