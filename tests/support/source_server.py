"""A stand-in for the sources' web sites, on 127.0.0.1, for the update tests.

An aiohttp server in a thread of its own (the fetcher is blocking and runs in the
test's thread): a page linking to files, the files themselves (aiohttp's FileResponse
answers ETag, Last-Modified, If-None-Match, If-Modified-Since and Range as a real
server does), and the faults a real site shows, one at a time: a refusal, a web page
in place of the file, a connection that breaks halfway, a server that ignores Range,
a redirect to another host.
"""

from __future__ import annotations

import asyncio
import hashlib
import threading
from pathlib import Path
from urllib.parse import unquote

from aiohttp import web


class SourceServer:
    def __init__(self) -> None:
        self.files: dict[str, Path] = {}  # URL path -> file served there
        self.links: list[str] = []  # the page's links, as written in it
        self.faults: dict[str, str] = {}  # URL path -> fault
        self.requests: list[tuple[str, str, dict]] = []
        self._loop = asyncio.new_event_loop()
        self._runner: web.AppRunner | None = None
        self.port = 0

    # -- setting the scene ---------------------------------------------------------

    def serve(self, path: str, file: Path, *, linked: bool = True) -> str:
        self.files[unquote(path)] = Path(file)  # requests arrive with the path decoded
        if linked and path not in self.links:
            self.links.append(path)
        return self.url(path)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def page_text(self) -> str:
        items = "".join(f'<li><a href="{p}">{Path(p).name}</a></li>' for p in self.links)
        return f"<html><body><h1>Nationwide Encounters</h1><ul>{items}</ul></body></html>"

    def seen(self, method: str | None = None, path: str | None = None) -> list:
        return [r for r in self.requests if (method is None or r[0] == method)
                and (path is None or r[1] == path)]

    # -- the server ----------------------------------------------------------------

    def __enter__(self) -> SourceServer:
        ready = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(ready,), daemon=True)
        self._thread.start()
        ready.wait(10)
        return self

    def __exit__(self, *exc) -> None:
        asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)

    def _run(self, ready: threading.Event) -> None:
        asyncio.set_event_loop(self._loop)
        app = web.Application()
        app.router.add_get("/stats/page", self._page)
        app.router.add_get("/{tail:.*}", self._file)
        self._runner = web.AppRunner(app)
        self._loop.run_until_complete(self._runner.setup())
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        self._loop.run_until_complete(site.start())
        self.port = site._server.sockets[0].getsockname()[1]
        ready.set()
        self._loop.run_forever()

    async def _page(self, request: web.Request) -> web.StreamResponse:
        self.requests.append((request.method, request.path, dict(request.headers)))
        if self.faults.get("/stats/page") == "403":
            return web.Response(status=403, text="<html>Access denied</html>",
                                content_type="text/html")
        body = self.page_text()
        etag = '"' + hashlib.sha256(body.encode()).hexdigest()[:16] + '"'
        if request.headers.get("If-None-Match", "").removeprefix("W/") == etag:
            return web.Response(status=304, headers={"ETag": etag})
        return web.Response(text=body, content_type="text/html", headers={"ETag": etag})

    async def _file(self, request: web.Request) -> web.StreamResponse:
        path = request.path
        self.requests.append((request.method, path, dict(request.headers)))
        fault = self.faults.get(path)
        if fault == "403":
            return web.Response(status=403, text="<html><body>Access Denied: bot protection"
                                "</body></html>", content_type="text/html")
        if fault == "html":
            return web.Response(text="<!DOCTYPE html><html><body>Please enable JavaScript"
                                "</body></html>", content_type="text/html")
        if fault == "redirect-away":
            raise web.HTTPFound(f"http://localhost:{self.port}{path}")
        if fault == "503-once":
            self.faults.pop(path)
            return web.Response(status=503, headers={"Retry-After": "0"})
        if path not in self.files:
            return web.Response(status=404, text="not found")
        file = self.files[path]
        if fault in ("break-once", "break-once-no-range") and request.method == "GET":
            self.faults[path] = "no-range" if fault.endswith("no-range") else "served"
            return await self._break(request, file)
        if fault == "no-range" and request.method == "GET":
            return web.Response(body=file.read_bytes(),
                                headers={"Content-Type": "text/csv"})
        return web.FileResponse(file)

    async def _break(self, request: web.Request, file: Path) -> web.StreamResponse:
        """Send half the file, then drop the connection."""
        data = file.read_bytes()
        response = web.StreamResponse(headers={"Content-Length": str(len(data)),
                                               "Accept-Ranges": "bytes"})
        await response.prepare(request)
        await response.write(data[: len(data) // 2])
        await asyncio.sleep(0.05)
        request.transport.close()
        return response
