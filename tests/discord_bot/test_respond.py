"""Answer work runs off the event loop; long work is deferred and followed up."""

from __future__ import annotations

import asyncio
import threading
import time

from bot.discord_bot.replies import private
from bot.discord_bot.respond import Responder
from tests.discord_bot.helpers import interaction


async def test_quick_work_is_a_direct_reply_from_another_thread():
    responder = Responder(defer_after=1.0)
    inter = interaction()
    seen = {}

    def work():
        seen["thread"] = threading.current_thread().name
        return private("done")

    await responder.reply(inter, work)
    assert seen["thread"].startswith("answers")
    inter.response.defer.assert_not_awaited()
    assert inter.response.send_message.await_args.kwargs["content"] == "done"
    responder.close()


async def test_slow_work_defers_then_follows_up():
    responder = Responder(defer_after=0.05)
    inter = interaction()

    def work():
        time.sleep(0.2)
        return private("late")

    await responder.reply(inter, work)
    inter.response.defer.assert_awaited_once_with(thinking=True)
    assert inter.followup.send.await_args.kwargs["content"] == "late"
    responder.close()


async def test_event_loop_keeps_running_during_work():
    responder = Responder(defer_after=5)
    ticks = 0

    async def ticker():
        nonlocal ticks
        while True:
            ticks += 1
            await asyncio.sleep(0.01)

    task = asyncio.create_task(ticker())
    await responder.run(lambda: time.sleep(0.3))
    task.cancel()
    assert ticks >= 10
    responder.close()
