"""A socket standing in for systemd's notify socket, and what arrived on it."""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path


def open_socket(folder: Path) -> tuple[Path, socket.socket]:
    path = folder / "notify.sock"
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(str(path))
    sock.setblocking(False)
    return path, sock


class Listening:
    """Reads the socket in a thread of its own, so each datagram is timed as it arrives."""

    def __init__(self, sock: socket.socket) -> None:
        self.sock, self.got = sock, []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._read, daemon=True)

    def __enter__(self) -> Listening:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join(2)

    def _read(self) -> None:
        while not self._stop.is_set():
            self.got += received(self.sock)
            time.sleep(0.005)


def received(sock: socket.socket) -> list[tuple[float, str]]:
    """Every datagram waiting, with when it was read."""
    out = []
    while True:
        try:
            out.append((time.monotonic(), sock.recv(4096).decode()))
        except BlockingIOError:
            return out
