"""The local Discord stand-in on its own thread and event loop, in the benchmark process.

The bot under test runs in a process of its own (benchmarks.botproc), as it
would in production, so its latency, loop lag and memory are its own.
"""

from __future__ import annotations

import asyncio
import threading

from tests.support.discord_standin import DiscordStandIn


class StandInThread:
    """Start with `with StandInThread() as s:`; `s.call(coro)` runs a coroutine on its loop."""

    def __init__(self) -> None:
        # Only the bot process talks to the stand-in here, so no client in this process
        # needs redirecting; the child is pointed at the port it is given.
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="standin", daemon=True)
        self.server: DiscordStandIn | None = None

    def __enter__(self) -> StandInThread:
        self.thread.start()
        self.server = self.call(self._start())
        return self

    async def _start(self) -> DiscordStandIn:
        return await DiscordStandIn().__aenter__()

    def call(self, coro, timeout: float = 120):
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    def __exit__(self, *exc) -> None:
        try:
            self.call(self.server.__aexit__(None, None, None), timeout=10)
        finally:
            self.loop.call_soon_threadsafe(self.loop.stop)
            self.thread.join(5)
