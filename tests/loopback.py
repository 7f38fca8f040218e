"""The tests' HTTP server on loopback (IPv4, or IPv6 ::1): each route is a function of the
request, so a test can send pages, feeds, redirects, slow bodies, gzip bombs, 304s and retries,
or play a model server's API (POST), and ``hits`` counts the requests per path. The
``server`` fixture (conftest.py) serves one per test."""

from __future__ import annotations

import http.server
import socket
import threading
from collections.abc import Callable

Route = Callable[["http.server.BaseHTTPRequestHandler"], tuple[int, dict[str, str], bytes]]


class LoopbackServer:
    def __init__(self, host: str = "127.0.0.1") -> None:
        self.routes: dict[str, Route] = {}
        self.hits: dict[str, int] = {}
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:  # noqa: N802
                path = self.path
                server.hits[path] = server.hits.get(path, 0) + 1
                route = server.routes.get(path) or server.routes.get(path.split("?")[0])
                if route is None:
                    status, headers, body = 404, {"Content-Type": "text/plain"}, b"not found"
                else:
                    status, headers, body = route(self)
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                if "Content-Length" not in headers:
                    self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                try:
                    self.wfile.write(body)
                except OSError:
                    pass

            # A POST route reads its own body (``body(handler)``).
            do_POST = do_GET  # noqa: N815

            def log_message(self, *args) -> None:
                pass

        class Server(http.server.ThreadingHTTPServer):
            address_family = socket.AF_INET6 if ":" in host else socket.AF_INET
            daemon_threads = True

        self.httpd = Server((host, 0), Handler)
        self.port = self.httpd.server_address[1]
        shown = f"[{host}]" if ":" in host else host
        self.base = f"http://{shown}:{self.port}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def route(self, path: str, func: Route) -> str:
        self.routes[path] = func
        return self.base + path

    def add(self, path: str, body: str | bytes, content_type: str = "text/html; charset=utf-8",
            status: int = 200, headers: dict[str, str] | None = None) -> str:
        data = body.encode("utf-8") if isinstance(body, str) else body
        return self.route(path, lambda h: (status, {"Content-Type": content_type,
                                                    **(headers or {})}, data))

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def body(handler: http.server.BaseHTTPRequestHandler) -> bytes:
    """The request's body (POST routes)."""
    return handler.rfile.read(int(handler.headers.get("Content-Length") or 0))
