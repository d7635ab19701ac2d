"""systemd's notify protocol: the messages read from a socket the test opens, and the
watchdog pinged from the event loop (a loop blocked on purpose stops the pings)."""

from __future__ import annotations

import asyncio
import itertools
import time

from bot.notify import Notifier
from tests.support.notify_socket import Listening, received


def test_outside_systemd_nothing_is_sent():
    n = Notifier({})
    assert not n.enabled and n.ready("x") is False and n.watchdog_seconds is None


def test_ready_status_and_stopping_are_datagrams(notify_socket):
    path, sock = notify_socket
    n = Notifier({"NOTIFY_SOCKET": str(path)})
    n.ready("commands registered")
    n.status("connected")
    n.stopping()
    assert [m for _, m in received(sock)] == ["READY=1\nSTATUS=commands registered",
                                             "STATUS=connected", "STOPPING=1\nSTATUS=stopping"]


def test_the_watchdog_pings_from_the_loop_and_stops_when_it_hangs(notify_socket):
    path, sock = notify_socket
    n = Notifier({"NOTIFY_SOCKET": str(path), "WATCHDOG_USEC": "200000"})

    async def main():
        watch = asyncio.create_task(n.watch())
        await asyncio.sleep(0.55)  # pings every 0.1 s
        time.sleep(0.6)  # the loop blocked on purpose: no ping can go out
        blocked_until = time.monotonic()
        await asyncio.sleep(0.25)
        watch.cancel()
        return blocked_until

    with Listening(sock) as heard:
        blocked_until = asyncio.run(main())
        time.sleep(0.05)
    pings = [t for t, m in heard.got if m == "WATCHDOG=1"]
    assert len(pings) >= 6
    gaps = [b - a for a, b in itertools.pairwise(pings)]
    assert max(gaps) >= 0.55  # the hang shows as a gap longer than the watchdog allows
    assert any(t >= blocked_until for t in pings)  # and the pings resume after it


def test_a_watchdog_meant_for_another_process_is_ignored(notify_socket):
    path, _ = notify_socket
    n = Notifier({"NOTIFY_SOCKET": str(path), "WATCHDOG_USEC": "200000", "WATCHDOG_PID": "1"})
    assert n.watchdog_seconds is None
