#!/usr/bin/env python3
"""Static server for the innoscore demo (Python standard library only).

Serves the repository's ``www/`` directory at ``/`` and its ``pkg/``
directory (the wasm-pack output) at ``/pkg/``, on 127.0.0.1 only, with a
strict Content-Security-Policy on every response. A file with a precompressed
copy beside it (``x.wasm.br``, ``x.wasm.gz``: ``make build`` writes them) is
sent as that copy, with ``Content-Encoding``, to a browser that accepts it.

    python3 scripts/serve.py [PORT]      # PORT from argv, else $PORT, else 8080

For tests: ``make_server(port)`` returns a ready (not yet serving) server;
port 0 picks a free port, read it back from ``server.server_address[1]``.
"""

from __future__ import annotations

import os
import posixpath
import shutil
import signal
import sys
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

REPO_ROOT = Path(__file__).resolve().parent.parent
WWW_DIR = REPO_ROOT / "www"
PKG_DIR = REPO_ROOT / "pkg"
HOST = "127.0.0.1"
DEFAULT_PORT = 8080

CSP = (
    "default-src 'self'; "
    "script-src 'self' 'wasm-unsafe-eval'; "
    "style-src 'self'; "
    "img-src 'self' data:; "
    "object-src 'none'; "
    "base-uri 'none'; "
    "frame-ancestors 'self'"
)

SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-store",
}

_UTF8 = "; charset=utf-8"
MIME_TYPES = {
    ".html": "text/html" + _UTF8,
    ".htm": "text/html" + _UTF8,
    ".js": "text/javascript" + _UTF8,
    ".mjs": "text/javascript" + _UTF8,
    ".css": "text/css" + _UTF8,
    ".json": "application/json" + _UTF8,
    ".map": "application/json" + _UTF8,
    ".csv": "text/csv" + _UTF8,
    ".txt": "text/plain" + _UTF8,
    ".md": "text/markdown" + _UTF8,
    ".ts": "text/plain" + _UTF8,  # wasm-pack's .d.ts files
    ".svg": "image/svg+xml" + _UTF8,
    ".wasm": "application/wasm",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".ico": "image/x-icon",
    ".webp": "image/webp",
    ".woff2": "font/woff2",
}
DEFAULT_MIME = "application/octet-stream"


def content_type(path: Path) -> str:
    return MIME_TYPES.get(path.suffix.lower(), DEFAULT_MIME)


# Precompressed copies, in order of preference: (Content-Encoding, suffix of the copy).
ENCODINGS = (("br", ".br"), ("gzip", ".gz"))


def accepted_encodings(header: str | None) -> set[str]:
    """The content codings an Accept-Encoding header accepts (those with q > 0)."""
    accepted = set()
    for item in (header or "").split(","):
        coding, _, params = item.strip().partition(";")
        q = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if coding and q > 0:
            accepted.add(coding.strip().lower())
    return accepted


def precompressed(path: Path, accept_encoding: str | None) -> tuple[Path, str | None]:
    """The file to send for ``path``: its best precompressed copy the client accepts, if any,
    with that copy's Content-Encoding; else the file itself and None."""
    accepted = accepted_encodings(accept_encoding)
    for coding, suffix in ENCODINGS:
        copy = path.with_name(path.name + suffix)
        if coding in accepted and copy.is_file():
            return copy, coding
    return path, None


class DemoHandler(BaseHTTPRequestHandler):
    """GET/HEAD only; www/ at /, pkg/ at /pkg/; no directory listings."""

    server_version = "innoscore-demo"
    www_dir: Path = WWW_DIR
    pkg_dir: Path = PKG_DIR

    def version_string(self) -> str:
        return self.server_version

    # -- headers -----------------------------------------------------------
    def end_headers(self) -> None:  # every response, errors included
        for name, value in SECURITY_HEADERS.items():
            self.send_header(name, value)
        super().end_headers()

    # -- logging: one short line per request ------------------------------
    def log_request(self, code="-", size="-") -> None:
        if isinstance(code, HTTPStatus):
            code = code.value
        sys.stderr.write(f"{self.command} {self.path} {code}\n")

    def log_error(self, format, *args) -> None:  # noqa: A002 (stdlib signature)
        pass  # the status line from log_request is enough

    def log_message(self, format, *args) -> None:  # noqa: A002
        sys.stderr.write((format % args) + "\n")

    # -- routing ------------------------------------------------------------
    def resolve(self) -> Path | None:
        """Map the request path to a file inside www/ or pkg/, or None."""
        raw = unquote(urlsplit(self.path).path, errors="strict")
        if "\x00" in raw or "\\" in raw:
            return None
        if raw == "/pkg" or raw.startswith("/pkg/"):
            root, rel = self.pkg_dir, raw[len("/pkg"):]
        else:
            root, rel = self.www_dir, raw
        rel = posixpath.normpath("/" + rel).lstrip("/")
        if rel in ("", "."):
            rel = "index.html"
        try:
            root_real = root.resolve(strict=True)
            target = (root_real / rel).resolve(strict=True)
        except (OSError, RuntimeError):
            return None
        # The resolved path (symlinks followed) must stay inside the root.
        if target != root_real and root_real not in target.parents:
            return None
        if target.is_dir():
            target = target / "index.html"
        return target if target.is_file() else None

    def _refuses_traversal(self) -> bool:
        raw = unquote(urlsplit(self.path).path, errors="replace")
        return any(part == ".." for part in raw.replace("\\", "/").split("/"))

    def _serve(self, send_body: bool) -> None:
        if self._refuses_traversal():
            self.send_error(HTTPStatus.FORBIDDEN, "Path traversal refused")
            return
        try:
            path = self.resolve()
        except UnicodeDecodeError:
            path = None
        if path is None:
            self.send_error(HTTPStatus.NOT_FOUND, "Not found")
            return
        body, coding = precompressed(path, self.headers.get("Accept-Encoding"))
        try:
            f = body.open("rb")
        except OSError:
            self.send_error(HTTPStatus.NOT_FOUND, "Not found")
            return
        with f:
            size = os.fstat(f.fileno()).st_size
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", content_type(path))
            self.send_header("Content-Length", str(size))
            if coding:
                self.send_header("Content-Encoding", coding)
            if any(path.with_name(path.name + suffix).is_file() for _, suffix in ENCODINGS):
                self.send_header("Vary", "Accept-Encoding")
            self.end_headers()
            if send_body:
                try:
                    shutil.copyfileobj(f, self.wfile)
                except (BrokenPipeError, ConnectionResetError):
                    pass

    def do_GET(self) -> None:  # noqa: N802 (stdlib naming)
        self._serve(send_body=True)

    def do_HEAD(self) -> None:  # noqa: N802
        self._serve(send_body=False)


class DemoServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True


def make_server(port: int = DEFAULT_PORT, host: str = HOST,
                www_dir: Path | str | None = None,
                pkg_dir: Path | str | None = None) -> DemoServer:
    """Build the demo server bound to host:port (port 0 = any free port)."""
    handler = type("BoundDemoHandler", (DemoHandler,), {
        "www_dir": Path(www_dir) if www_dir is not None else WWW_DIR,
        "pkg_dir": Path(pkg_dir) if pkg_dir is not None else PKG_DIR,
    })
    return DemoServer((host, int(port)), handler)


def _port_from(argv: list[str]) -> int:
    value = argv[1] if len(argv) > 1 else os.environ.get("PORT", str(DEFAULT_PORT))
    try:
        port = int(value)
    except ValueError:
        raise SystemExit(f"serve.py: invalid port {value!r}") from None
    if not 0 <= port <= 65535:
        raise SystemExit(f"serve.py: port out of range: {port}")
    return port


def _stop_on_sigterm(signum, frame) -> None:
    raise KeyboardInterrupt


def main(argv: list[str]) -> int:
    server = make_server(_port_from(argv))
    host, port = server.server_address[:2]
    if not (PKG_DIR / "widget" / "innoscore_widget.js").is_file():
        print("serve.py: note: pkg/widget/innoscore_widget.js not found; run `make build` first",
              file=sys.stderr)
    print(f"Serving innoscore demo at http://{host}:{port}/  (Ctrl-C to stop)", flush=True)
    # Ctrl-C (also when started in the background, where SIGINT may be
    # inherited as ignored) and SIGTERM both stop the server cleanly.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print("\nserve.py: stopped", file=sys.stderr)
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
