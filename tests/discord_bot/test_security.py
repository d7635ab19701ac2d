"""The token never reaches the logs; a burst of interactions is acknowledged in time."""

from __future__ import annotations

import asyncio
import io
import logging

from bot.logs import setup_logging
from tests.support.bot import TEST_TOKEN, running


async def test_token_never_appears_in_logs(standin, settings, monkeypatch):
    monkeypatch.setenv("DISCORD_TOKEN", TEST_TOKEN)
    stream = io.StringIO()
    setup_logging("DEBUG", stream)
    for name in ("discord.http", "discord.gateway", "discord.client"):
        logging.getLogger(name).setLevel(logging.DEBUG)
    try:
        async with running(settings):
            await standin.ask("outcomes", year=2022)
            await standin.ask("outcomes", year=1999)
    finally:
        logging.getLogger().handlers.clear()
    text = stream.getvalue()
    assert "/callback" in text  # discord.py's debug log of the HTTP calls was captured
    assert TEST_TOKEN not in text
    for call in standin.calls:
        assert TEST_TOKEN not in str(call.json)


async def test_burst_is_acknowledged_within_three_seconds(standin, bot):
    questions = [("outcomes", {"year": 2014 + i % 11}) for i in range(20)]
    questions += [("compare", {"first": 2014 + i % 5, "second": 2020 + i % 5})
                  for i in range(10)]
    questions += [("trend", {"start": 2014 + i % 6}) for i in range(10)]
    records = await asyncio.gather(*(
        standin.interact(name, user_id=10_000 + i, **opts)
        for i, (name, opts) in enumerate(questions)
    ))
    await asyncio.wait_for(asyncio.gather(*(r.done.wait() for r in records)), 60)
    assert all(r.ack_seconds < 3 for r in records)
    assert all(r.message.get("embeds") for r in records)
