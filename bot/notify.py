"""systemd's notify protocol: tell the service manager how the bot is doing.

One datagram a message on the socket named by `$NOTIFY_SOCKET` (no package needed):
`READY=1` once the commands are registered, `STATUS=...` lines an operator reads in
`systemctl status`, `WATCHDOG=1` from the event loop itself (so a loop that hangs stops
the pings and systemd restarts the bot, not only a process that dies) and `STOPPING=1`
on a clean stop. Outside systemd (no `$NOTIFY_SOCKET`) every call does nothing.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
from collections.abc import Mapping

log = logging.getLogger(__name__)


class Notifier:
    """Messages to the service manager; a no-op when not run by one."""

    def __init__(self, env: Mapping[str, str] | None = None) -> None:
        env = os.environ if env is None else env
        path = env.get("NOTIFY_SOCKET", "")
        # An abstract socket is written with a leading "@"; its name starts with a NUL.
        self.address = "\0" + path[1:] if path.startswith("@") else path
        usec = env.get("WATCHDOG_USEC", "")
        pid = env.get("WATCHDOG_PID", "")
        mine = not pid or pid == str(os.getpid())
        self.watchdog_seconds = int(usec) / 1e6 if usec.isdigit() and mine else None
        self._socket: socket.socket | None = None

    @property
    def enabled(self) -> bool:
        return bool(self.address)

    def send(self, **fields: str | int) -> bool:
        """One datagram of KEY=value lines; False (and a log line) if it could not go."""
        if not self.address:
            return False
        text = "\n".join(f"{k}={v}" for k, v in fields.items())
        try:
            if self._socket is None:
                self._socket = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
            self._socket.sendto(text.encode(), self.address)
            return True
        except OSError as exc:
            log.warning("could not tell systemd %s: %s", ",".join(fields), exc)
            return False

    def ready(self, status: str) -> bool:
        return self.send(READY=1, STATUS=status)

    def status(self, status: str) -> bool:
        return self.send(STATUS=status)

    def stopping(self) -> bool:
        return self.send(STOPPING=1, STATUS="stopping")

    async def watch(self) -> None:
        """Ping the watchdog at half its interval, from the event loop: a blocked loop
        stops the pings. Runs until cancelled; returns at once without a watchdog."""
        if self.watchdog_seconds is None or not self.enabled:
            return
        while True:
            self.send(WATCHDOG=1)
            await asyncio.sleep(self.watchdog_seconds / 2)

    def close(self) -> None:
        if self._socket is not None:
            self._socket.close()
            self._socket = None
