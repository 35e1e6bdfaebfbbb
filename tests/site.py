"""A loopback web site for archiving tests: pages by path, scripted answers, a stall on demand.

Like tests/loopback.py (the network rule: 127.0.0.1 only), with what archiving
needs: several pages, each with its own content type and body (changeable
between fetches), redirects, a series of statuses, and a page that stalls
its first request until the test lets it go.
"""

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Page:
    body: bytes = b"<html><head><title>A page</title></head><body><p>Text.</p></body></html>"
    content_type: str | None = "text/html; charset=utf-8"
    statuses: list[int] = field(default_factory=lambda: [200])  # answered in turn; the last repeats
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before every answer
    stall_first: bool = False  # the first request waits for Site.release()
    on_request: object = None  # called with the request number before answering
    drip_headers: float = 0.0  # seconds between header lines (DRIP_LINES of them): a hostile server
    drip_body: float = 0.0  # seconds between body bytes


DRIP_LINES = 60


class Site:
    """An HTTP server on 127.0.0.1 serving `pages` by path; 404 for any other path."""

    def __init__(self, pages: dict[str, Page] | None = None):
        self.pages = dict(pages or {})
        self.requests: list[tuple[str, str]] = []  # (method, path)
        self.lock = threading.Lock()
        self.released = threading.Event()
        self.stalled = threading.Event()
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):
                with site.lock:
                    site.requests.append((self.command, self.path))
                    number = sum(1 for _, path in site.requests if path == self.path)
                page = site.pages.get(self.path)
                if page is None:
                    self._answer(404, b"not here", "text/plain", {})
                    return
                if page.on_request is not None:
                    page.on_request(number)
                if page.stall_first and number == 1:
                    site.stalled.set()
                    site.released.wait(timeout=120)
                    return  # the stalled request never gets an answer
                if page.delay:
                    time.sleep(page.delay)
                status = page.statuses[min(number, len(page.statuses)) - 1]
                self._answer(status, page.body, page.content_type, page.headers, page)

            def _answer(self, status, body, content_type, headers, page=None):
                if page is not None and (page.drip_headers or page.drip_body):
                    self._drip(status, body, content_type, page)
                    return
                try:
                    self.send_response(status)
                    if content_type is not None:
                        self.send_header("Content-Type", content_type)
                    for name, value in headers.items():
                        self.send_header(name, value)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a timeout under test)

            def _drip(self, status, body, content_type, page):
                """Header lines, then body bytes, one at a time with pauses, until the client gives up."""
                try:
                    self.wfile.write(f"HTTP/1.1 {status} OK\r\n".encode())
                    self.wfile.write(f"Content-Type: {content_type}\r\n".encode())
                    self.wfile.write(f"Content-Length: {len(body)}\r\n".encode())
                    for number in range(DRIP_LINES if page.drip_headers else 0):
                        time.sleep(page.drip_headers)
                        self.wfile.write(f"X-Drip-{number}: .\r\n".encode())
                    self.wfile.write(b"\r\n")
                    for byte in body:
                        time.sleep(page.drip_body)
                        self.wfile.write(bytes([byte]))
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up: what the deadline is for
                self.close_connection = True

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def count(self, path: str) -> int:
        with self.lock:
            return sum(1 for _, p in self.requests if p == path)

    def release(self) -> None:
        self.released.set()

    def close(self) -> None:
        self.release()
        self.server.shutdown()
        self.server.server_close()
