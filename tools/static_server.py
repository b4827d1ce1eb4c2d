"""The built site on a local HTTP server, behaving like GitHub Pages where it matters.

Used by the browser tests and by the benchmark, so both see the same thing:

- the site is served under its published path prefix ('/baclofen-ms/');
- text files are sent gzip-compressed (level 6, a common server default) when the
  browser asks for it, so byte counts match what a reader's phone downloads;
- every response may be cached for 10 minutes (Cache-Control: max-age=600, as
  GitHub Pages sends), so a second page reuses the CSS and JavaScript;
- a folder without its trailing slash is redirected, and a missing file gets
  404.html with status 404;
- optionally, every response is written into a ledger with the bytes sent,
  which is how the benchmark counts what a browser downloads (workers included).

    with serve_site(Path("site"), "/baclofen-ms/") as origin:
        ...  # origin is "http://127.0.0.1:PORT"
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import mimetypes
import threading
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote, urlsplit

GZIP_LEVEL = 6
CACHE_CONTROL = "max-age=600"
COMPRESSIBLE = ("text/", "application/javascript", "application/json", "application/xml", "image/svg+xml")


class _CountingWriter:
    """The response stream, counting the bytes written (status line, headers and body)."""

    def __init__(self, raw):
        self.raw, self.count = raw, 0

    def write(self, data: bytes) -> int:
        self.count += len(data)
        return self.raw.write(data)

    def __getattr__(self, name):
        return getattr(self.raw, name)


class _Handler(http.server.BaseHTTPRequestHandler):
    root: Path
    prefix = "/"
    compress = True
    ledger: list | None = None
    protocol_version = "HTTP/1.1"

    def setup(self) -> None:
        super().setup()
        self.wfile = _CountingWriter(self.wfile)

    def do_GET(self) -> None:
        self._respond(send_body=True)

    def do_HEAD(self) -> None:
        self._respond(send_body=False)

    def _respond(self, send_body: bool) -> None:
        sent_before = self.wfile.count
        try:
            self._send(send_body)
        finally:
            if self.ledger is not None:
                self.ledger.append((self.path, self.wfile.count - sent_before))

    def _send(self, send_body: bool) -> None:
        path = unquote(urlsplit(self.path).path)
        file = self._resolve(path)
        if file is None and not path.endswith("/") and self._resolve(path + "/") is not None:
            self.send_response(301)
            self.send_header("Location", path + "/")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        status = 200
        if file is None:
            status, file = 404, self.root / "404.html"
        body, encoded = self._body(file, self._accepts_gzip())
        self.send_response(status)
        self.send_header("Content-Type", _content_type(file))
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", CACHE_CONTROL)
        if encoded:
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def _resolve(self, path: str) -> Path | None:
        if not path.startswith(self.prefix):
            return None
        file = (self.root / path[len(self.prefix):]).resolve()
        if file.is_dir() and path.endswith("/"):
            file = file / "index.html"
        if not file.is_file() or self.root.resolve() not in file.parents:
            return None
        return file

    def _accepts_gzip(self) -> bool:
        return self.compress and "gzip" in self.headers.get("Accept-Encoding", "")

    def _body(self, file: Path, want_gzip: bool) -> tuple[bytes, bool]:
        compress = want_gzip and _content_type(file).startswith(COMPRESSIBLE)
        return _read(str(file), file.stat().st_mtime_ns, compress), compress

    def log_message(self, *args) -> None:  # quiet: tests and benchmark print their own figures
        pass


@functools.lru_cache(maxsize=4096)
def _read(path: str, mtime_ns: int, compress: bool) -> bytes:
    raw = Path(path).read_bytes()
    # mtime 0 keeps the compressed bytes the same from run to run.
    return gzip.compress(raw, GZIP_LEVEL, mtime=0) if compress else raw


def _content_type(file: Path) -> str:
    kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
    return f"{kind}; charset=utf-8" if kind.startswith("text/") or kind.endswith(("json", "javascript")) else kind


@contextlib.contextmanager
def serve_site(root: Path, prefix: str = "/", compress: bool = True, ledger: list | None = None):
    """Serve `root` at http://127.0.0.1:PORT{prefix} until the block ends; yields the origin.

    With a `ledger` list, every response appends (request path, bytes sent).
    """
    handler = type("SiteHandler", (_Handler,),
                   {"root": Path(root), "prefix": prefix, "compress": compress, "ledger": ledger})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    host, port = server.server_address[:2]
    try:
        yield f"http://{host}:{port}"
    finally:
        server.shutdown()
        server.server_close()


def site_prefix(site_dir: Path) -> str:
    """The path the site is published under ('/baclofen-ms/'), from the home page's sitemap entry."""
    tree = ET.parse(site_dir / "sitemap.xml")
    locs = [el.text or "" for el in tree.iter() if el.tag.endswith("loc")]
    path = urlsplit(min(locs, key=len)).path if locs else "/"
    return path if path.endswith("/") else path + "/"


def built_pages(site_dir: Path) -> list[str]:
    """Every built HTML page as a path relative to the site root: 'safety/', '' (home), '404.html'."""
    pages = []
    for html in sorted(site_dir.rglob("*.html")):
        rel = html.relative_to(site_dir).as_posix()
        pages.append(rel[: -len("index.html")] if rel.endswith("index.html") else rel)
    return pages
