"""`python -m benchmarks --buttons`: a button pressed on a warm answer, through the
Discord stand-in: acknowledged and answered (the message replaced), p50/p95/max."""

from __future__ import annotations

import asyncio
import dataclasses
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path

import discord
import yarl

from benchmarks.stats import Summary

ROOT = Path(__file__).resolve().parent.parent


def main(out: Path, presses: int) -> int:
    sys.path.insert(0, str(ROOT))
    return asyncio.run(_run(out, presses))


async def _run(out: Path, presses: int) -> int:
    from bot.settings import Secret, Settings
    from bot.store.loader import load
    from tests.support.bot import TEST_TOKEN, running
    from tests.support.discord_standin import GUILD_ID, DiscordStandIn

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        shutil.copytree(ROOT / "data", tmp / "data")
        load(tmp / "data", tmp / "store.db")
        settings = dataclasses.replace(
            Settings(), token=Secret(TEST_TOKEN), guild_id=GUILD_ID, db_path=tmp / "store.db",
            data_dir=tmp / "data", chart_dir=tmp / "out", eoir_db_path=tmp / "none.db",
            cbp_db_path=tmp / "cbp.db", sources_db_path=tmp / "sources.db",
            downloads_dir=tmp / "dl", render_ahead=False, update=False)
        async with DiscordStandIn() as standin:
            base = discord.http.Route.BASE
            gateway = discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
            discord.http.Route.BASE = f"http://127.0.0.1:{standin.port}/api/v10"
            discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = \
                yarl.URL(f"ws://127.0.0.1:{standin.port}/gw")
            try:
                async with running(settings):
                    record = await standin.ask("outcomes", year=2023)
                    message = standin.message_of(record)
                    for cid in ("ask:/outcomes 2022", "ask:/outcomes 2023"):  # draw both
                        await standin.press(message, cid)
                    acks, dones = [], []
                    for i in range(presses):
                        cid = "ask:/outcomes 2022" if i % 2 else "ask:/outcomes 2023"
                        pressed = await standin.press(message, cid)
                        acks.append(pressed.ack_seconds)
                        dones.append(pressed.done_seconds)
            finally:
                discord.http.Route.BASE = base
                discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = gateway
    ack, done = Summary.of_seconds(acks), Summary.of_seconds(dones)
    text = "\n".join([
        "# Benchmarks: a button pressed", "",
        f"Written by `python -m benchmarks --buttons` on {platform.machine()}, Python "
        f"{platform.python_version()}, {time.strftime('%Y-%m-%d')}: the real bot on the "
        f"Discord stand-in, {presses} presses of ◀/▶ on a warm answer (its charts drawn), "
        "each replacing the presser's own answer.", "",
        "| measure | p50 | p95 | max | target (p95) |", "| --- | --- | --- | --- | --- |",
        f"| acknowledged and answered (UPDATE_MESSAGE) | {done.p50:.1f} ms | {done.p95:.1f} ms "
        f"| {done.max:.1f} ms | ≤ 50 ms |",
        f"| first response | {ack.p50:.1f} ms | {ack.p95:.1f} ms | {ack.max:.1f} ms | |", ""])
    out.write_text(text + "\n")
    print(text)
    return 0
