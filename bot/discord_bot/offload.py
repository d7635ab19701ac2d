"""Answer an interaction without blocking the event loop, deferring only when work runs long."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import discord

from bot.discord_bot.layout import Reply

log = logging.getLogger(__name__)

# Discord drops an interaction not acknowledged within 3 s; answer directly when the
# work is done well inside that, otherwise defer and follow up.
DEFER_AFTER = 1.0


class Offload:
    """Runs answer work on a small thread pool and delivers the Reply."""

    # Threads mostly wait (on SQLite, or on a chart worker process), so there can be
    # more of them than cores; quick answers then never queue behind slow charts.
    def __init__(self, workers: int = 8, defer_after: float = DEFER_AFTER) -> None:
        self.pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="answers")
        self.defer_after = defer_after

    async def run(self, func: Callable[[], object]):
        """Run blocking work off the event loop."""
        return await asyncio.get_running_loop().run_in_executor(self.pool, func)

    async def reply(self, interaction: discord.Interaction, work: Callable[[], Reply]) -> None:
        """Send work()'s Reply; defer first if it is not ready within `defer_after` seconds.

        Exceptions from `work` propagate to the tree's error handler, which knows
        whether the interaction was already acknowledged.
        """
        task = asyncio.ensure_future(self.run(work))
        if interaction.response.is_done():  # already deferred: just wait for the work
            await send(interaction, await task)
            return
        try:
            reply = await asyncio.wait_for(asyncio.shield(task), self.defer_after)
        except asyncio.TimeoutError:
            await interaction.response.defer(thinking=True)
            reply = await task
        await send(interaction, reply)

    def close(self) -> None:
        self.pool.shutdown(wait=False, cancel_futures=True)


async def send(interaction: discord.Interaction, reply: Reply) -> None:
    """Respond, or follow up if the interaction was already acknowledged."""
    if interaction.response.is_done():
        await interaction.followup.send(**reply.kwargs(), ephemeral=reply.ephemeral)
    else:
        await interaction.response.send_message(**reply.kwargs(), ephemeral=reply.ephemeral)
