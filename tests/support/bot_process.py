"""`python -m tests.support.bot_process PORT`: `python -m bot run`, pointed at a local stand-in.

The bot runs exactly as in production (settings from the environment, chart
workers, signal handling); only discord.py's two base addresses are changed.
"""

from __future__ import annotations

import sys

import discord
import yarl

from bot.cli import main

if __name__ == "__main__":
    port = int(sys.argv[1])
    discord.http.Route.BASE = f"http://127.0.0.1:{port}/api/v10"
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(f"ws://127.0.0.1:{port}/gw")
    raise SystemExit(main(["run"]))
