"""Answer work runs off the event loop; long work is deferred and followed up."""

from __future__ import annotations

import asyncio
import threading
import time

from bot.discord_bot.layout import private
from bot.discord_bot.offload import Offload
from tests.support.mocks import interaction


async def test_quick_work_is_a_direct_reply_from_another_thread():
    offload = Offload(defer_after=1.0)
    inter = interaction()
    seen = {}

    def work():
        seen["thread"] = threading.current_thread().name
        return private("done")

    await offload.reply(inter, work)
    assert seen["thread"].startswith("answers")
    inter.response.defer.assert_not_awaited()
    assert inter.response.send_message.await_args.kwargs["content"] == "done"
    offload.close()


async def test_slow_work_defers_then_follows_up():
    offload = Offload(defer_after=0.05)
    inter = interaction()

    def work():
        time.sleep(0.2)
        return private("late")

    await offload.reply(inter, work)
    inter.response.defer.assert_awaited_once_with(thinking=True)
    assert inter.followup.send.await_args.kwargs["content"] == "late"
    offload.close()


async def test_event_loop_keeps_running_during_work():
    offload = Offload(defer_after=5)
    ticks = 0

    async def ticker():
        nonlocal ticks
        while True:
            ticks += 1
            await asyncio.sleep(0.01)

    task = asyncio.create_task(ticker())
    await offload.run(lambda: time.sleep(0.3))
    task.cancel()
    assert ticks >= 10
    offload.close()
