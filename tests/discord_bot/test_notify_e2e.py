"""The real bot under a stand-in for systemd: ready once its commands are registered, a
status line once connected, watchdog pings from its loop, stopping on a clean stop."""

from __future__ import annotations

import asyncio

from tests.support.bot import running
from tests.support.notify_socket import received


async def test_the_bot_says_ready_connected_and_stopping(standin, settings, notify_socket,
                                                        monkeypatch):
    path, sock = notify_socket
    monkeypatch.setenv("NOTIFY_SOCKET", str(path))
    monkeypatch.setenv("WATCHDOG_USEC", "400000")
    seen: list[str] = []
    async with running(settings):
        for _ in range(100):
            seen += [m for _, m in received(sock)]
            if any(m.startswith("STATUS=connected") for m in seen):
                break
            await asyncio.sleep(0.05)
        await asyncio.sleep(0.3)
    seen += [m for _, m in received(sock)]
    assert seen[0] == "READY=1\nSTATUS=commands registered; connecting to Discord"
    status = next(m for m in seen if m.startswith("STATUS=connected"))
    assert "server(s); data " in status and "next post none scheduled" in status
    assert "WATCHDOG=1" in seen
    assert seen[-1] == "STOPPING=1\nSTATUS=stopping"
