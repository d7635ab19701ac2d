"""The naive way: a stats bot that draws with pyplot inside the event loop, no defer, no cache.

This is how many small bots are written; it is here only to be measured beside ours.
"""

from __future__ import annotations

import io

import discord
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from discord import app_commands
from discord.ext import commands

from bot.answers.service import Answers


class NaiveBot(commands.Bot):
    """Answers /outcomes, /compare, /trend and /totals by drawing in the callback."""

    def __init__(self, service: Answers, **options) -> None:
        super().__init__(command_prefix="!", intents=discord.Intents(guilds=True), **options)
        self.service = service

    async def setup_hook(self) -> None:
        for name in ("outcomes", "compare", "trend", "totals", "digest"):
            self.tree.add_command(self._command(name))

    def _command(self, name: str) -> app_commands.Command:
        async def callback(interaction: discord.Interaction, first: int | None = None,
                           second: int | None = None) -> None:
            years = " ".join(str(y) for y in (first, second) if y is not None)
            answer = self.service.ask(f"/{name} {years}")  # blocking, on the loop
            fig, ax = plt.subplots(figsize=(12, 6.75), dpi=100)  # pyplot's global state
            for series in answer.chart.series:
                ax.plot(range(len(series.values)), series.values, label=series.name)
            ax.set_title(answer.chart.title)
            buf = io.BytesIO()
            fig.savefig(buf, format="png")
            plt.close(fig)
            await interaction.response.send_message(
                content=answer.headline,
                file=discord.File(io.BytesIO(buf.getvalue()), filename="chart.png"))

        return app_commands.Command(name=name, description=f"naive {name}", callback=callback)
