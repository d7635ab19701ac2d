"""Fetching a source's release over HTTP, done the way a careful person would.

- Conditional requests (If-None-Match, If-Modified-Since): an unchanged release costs
  one small request. ETags are compared without `W/` and quotes (CDNs flip the two).
- Downloads go to a temporary file beside the target, with a progress bar on a
  terminal and a log line per 10 % otherwise; a broken connection is resumed with
  `Range` when the server allows it, and started over when it does not; a size limit
  stops a runaway download. The length is checked against Content-Length and the
  content hashed as it arrives; the caller checks the content itself.
- A User-Agent naming the bot and a contact address; timeouts; a few retries with
  backoff on 429 and 5xx (honouring Retry-After); redirects followed only to the same
  host or to hosts listed in settings.
- Every failure is a FetchError whose message says in one line what failed and how to
  do it by hand.

httpx does the HTTP; this module adds the rules above.
"""

from __future__ import annotations

import hashlib
import logging
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import httpx

from bot import __version__

log = logging.getLogger(__name__)

RETRY_STATUSES = {429, 500, 502, 503, 504}


class FetchError(Exception):
    """A fetch that failed: the message is one line, with the way to do it by hand."""


@dataclass(frozen=True)
class Rules:
    """How to fetch: who we are, how long to wait, how often to retry, where to go."""

    contact: str = ""
    timeout: float = 30.0
    retries: int = 3
    backoff: float = 2.0  # seconds before the first retry; doubled each time
    max_bytes: int = 6 * 1024 ** 3
    hosts: tuple[str, ...] = ()  # hosts a redirect may lead to, beside the one asked

    @property
    def user_agent(self) -> str:
        contact = f"; {self.contact}" if self.contact else ""
        return f"asylum-desk-bot/{__version__} (newsroom figures bot{contact})"


@dataclass(frozen=True)
class Known:
    """What we know of the release in service: to ask only for something newer."""

    etag: str | None = None
    last_modified: str | None = None
    length: int | None = None


@dataclass(frozen=True)
class Remote:
    """What the server says about a file now."""

    url: str
    status: int
    etag: str | None
    last_modified: str | None
    length: int | None

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    def same_as(self, known: Known | None) -> bool:
        """Whether the server's file is the one in service, by ETag, then Last-Modified and
        length together (a content hash decides when neither says)."""
        if known is None or self.not_modified:
            return self.not_modified
        if self.etag and known.etag:
            return etag_key(self.etag) == etag_key(known.etag)
        if self.last_modified and known.last_modified and self.length is not None:
            return (_date(self.last_modified) == _date(known.last_modified)
                    and self.length == known.length)
        return False


@dataclass(frozen=True)
class Downloaded:
    path: Path
    bytes: int
    sha256: str
    remote: Remote


def etag_key(etag: str) -> str:
    """An ETag as compared: without the weak marker and the quotes."""
    return etag.strip().removeprefix("W/").strip('"')


def _date(value: str):
    try:
        return parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return value


class Fetcher:
    """Fetches pages and files by the rules; one per update run."""

    def __init__(self, rules: Rules, *, sleep: Callable[[float], None] = time.sleep,
                 transport: httpx.BaseTransport | None = None) -> None:
        self.rules = rules
        self.sleep = sleep
        self.client = httpx.Client(
            headers={"User-Agent": rules.user_agent},
            timeout=httpx.Timeout(rules.timeout, connect=min(rules.timeout, 15.0)),
            follow_redirects=False, transport=transport)

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- requests ---------------------------------------------------------------------

    def _send(self, method: str, url: str, headers: dict | None = None,
              stream: bool = False) -> httpx.Response:
        """One request with retries and the redirect rule; the final response, open if
        `stream` (the caller closes it)."""
        origin = urlsplit(url).hostname
        for _hop in range(6):
            response = self._with_retries(method, url, headers or {}, stream)
            if response.status_code not in (301, 302, 303, 307, 308):
                return response
            response.close()
            target = urljoin(url, response.headers.get("location", ""))
            host = urlsplit(target).hostname
            if host != origin and host not in self.rules.hosts:
                raise FetchError(f"{url} redirects to another host ({host}), which is not in "
                                 "BOT_FETCH_HOSTS; download it in a browser and use --file")
            url = target
        raise FetchError(f"{url}: too many redirects")

    def _with_retries(self, method: str, url: str, headers: dict,
                      stream: bool) -> httpx.Response:
        wait = self.rules.backoff
        for attempt in range(self.rules.retries + 1):
            try:
                request = self.client.build_request(method, url, headers=headers)
                response = self.client.send(request, stream=stream)
            except httpx.TransportError as exc:
                if attempt == self.rules.retries:
                    raise FetchError(f"{url}: {type(exc).__name__}: {exc}".rstrip(": ")
                                     + "; try again later, or download it in a browser and "
                                       "use --file") from exc
            else:
                if response.status_code not in RETRY_STATUSES or attempt == self.rules.retries:
                    return response
                retry_after = response.headers.get("retry-after", "")
                response.close()
                if retry_after.isdigit():
                    wait = max(wait, min(float(retry_after), 300.0))
            log.info("%s %s: retrying in %.0f s", method, url, wait)
            self.sleep(wait)
            wait *= 2
        raise AssertionError("unreachable")

    def page(self, url: str, known: Known | None = None) -> tuple[Remote, str | None]:
        """A web page's text, or None when it has not changed since `known`."""
        response = self._send("GET", url, _conditional(known))
        remote = _remote(url, response)
        if response.status_code == 304:
            return remote, None
        _refused(url, response)
        return remote, response.text

    def probe(self, url: str, known: Known | None = None) -> Remote:
        """What the server says of a file, by a HEAD request (conditional on `known`)."""
        response = self._send("HEAD", url, _conditional(known))
        response.close()
        if response.status_code == 405:  # HEAD not allowed: ask for the first byte
            response = self._send("GET", url, {**_conditional(known), "Range": "bytes=0-0"},
                                  stream=True)
            response.close()
        if response.status_code != 304:
            _refused(url, response)
        return _remote(url, response)

    def download(self, url: str, dest: Path, *, bar: bool | None = None) -> Downloaded:
        """The file at `url` into `dest` (a temporary file the caller moves or removes),
        resumed after a broken connection where the server allows it."""
        dest = Path(dest)
        dest.parent.mkdir(parents=True, exist_ok=True)
        digest, size, expected, remote = hashlib.sha256(), 0, None, None
        progress = _Progress(url, bar)
        with dest.open("wb") as out:
            for attempt in range(self.rules.retries + 2):
                headers = {"Range": f"bytes={size}-"} if size else {}
                response = self._send("GET", url, headers, stream=True)
                try:
                    if size and response.status_code == 200:  # no ranges here: start over
                        log.info("%s: the server does not resume; starting over", url)
                        out.seek(0)
                        out.truncate()
                        digest, size = hashlib.sha256(), 0
                    elif not size or response.status_code != 206:
                        _refused(url, response)
                    if remote is None or response.status_code == 200:
                        remote = _remote(url, response)
                        expected = remote.length
                        progress.total(expected)
                    if expected is not None and expected > self.rules.max_bytes:
                        raise FetchError(f"{url} is {expected:,} bytes, over the limit of "
                                         f"{self.rules.max_bytes:,} (BOT_FETCH_MAX_MB)")
                    for chunk in response.iter_raw():  # as it arrives: a break keeps it
                        out.write(chunk)
                        digest.update(chunk)
                        size += len(chunk)
                        progress.update(size)
                        if size > self.rules.max_bytes:
                            raise FetchError(f"{url}: more than {self.rules.max_bytes:,} "
                                             "bytes (BOT_FETCH_MAX_MB); stopped")
                    break
                except (httpx.TransportError, httpx.StreamError) as exc:
                    if attempt >= self.rules.retries + 1:
                        raise FetchError(f"{url}: the connection broke at {size:,} bytes "
                                         f"({exc}); download it in a browser and use --file"
                                         ) from exc
                    log.info("%s: the connection broke at %d bytes; resuming", url, size)
                    self.sleep(self.rules.backoff)
                finally:
                    response.close()
        progress.close()
        if expected is not None and size != expected:
            raise FetchError(f"{url}: got {size:,} bytes of {expected:,} (cut short); try "
                             "again, or download it in a browser and use --file")
        return Downloaded(dest, size, digest.hexdigest(), remote)


def _conditional(known: Known | None) -> dict[str, str]:
    headers = {}
    if known is not None and known.etag:
        headers["If-None-Match"] = known.etag
    if known is not None and known.last_modified:
        headers["If-Modified-Since"] = known.last_modified
    return headers


def _remote(url: str, response: httpx.Response) -> Remote:
    h = response.headers
    length = h.get("content-length")
    if response.status_code == 206:  # the whole file's length is after the slash
        total = h.get("content-range", "").rpartition("/")[2]
        length = total if total.isdigit() else None
    return Remote(str(response.url) if response.url else url, response.status_code,
                  h.get("etag"), h.get("last-modified"),
                  int(length) if length and str(length).isdigit() else None)


def _refused(url: str, response: httpx.Response) -> None:
    """Raise a one-line FetchError for any answer but the file or page asked for."""
    status = response.status_code
    if status in (200, 206):
        return
    if status in (401, 403):
        why = "refused (403: the site blocks scripts)" if status == 403 else "refused (401)"
    elif status == 404:
        why = "not found (404: the file was moved or renamed)"
    elif status == 429:
        why = "refused for too many requests (429), even after waiting"
    else:
        why = f"answered {status}"
    raise FetchError(f"{url}: {why}; download it in a browser and use --file")


class _Progress:
    """A tqdm bar on a terminal; a log line per 10 % otherwise."""

    def __init__(self, url: str, bar: bool | None) -> None:
        self.url = url
        self.bar = sys.stderr.isatty() if bar is None else bar
        self._tqdm = None
        self._size: int | None = None
        self._next = 10

    def total(self, size: int | None) -> None:
        self._size = size
        if self.bar and self._tqdm is None:
            from tqdm import tqdm
            self._tqdm = tqdm(total=size, unit="B", unit_scale=True,
                              desc=os.path.basename(urlsplit(self.url).path)[:30])

    def update(self, done: int) -> None:
        if self._tqdm is not None:
            self._tqdm.update(done - self._tqdm.n)
        elif self._size:
            while done * 100 >= self._next * self._size and self._next <= 100:
                log.info("%s: %d%% (%s of %s bytes)", self.url, self._next, f"{done:,}",
                         f"{self._size:,}")
                self._next += 10

    def close(self) -> None:
        if self._tqdm is not None:
            self._tqdm.close()


def file_sha256(path: Path) -> str:
    """A file's SHA-256, read a megabyte at a time."""
    h = hashlib.sha256()
    with Path(path).open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()
