"""Loopback HTTP servers for tests of outbound requests (the network rule: loopback only).

`Receiver` answers scripted statuses and keeps every request; `Listener` is the
"internal service" that must never be reached: it only counts connections.
"""

import socket
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class ReceivedRequest:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes
    verified: object = None  # what the receiver's check said (e.g. the parsed payload)
    verify_error: str = ""


@dataclass
class Receiver:
    """An HTTP server on 127.0.0.1 that answers from a script and records each request.

    `statuses` are answered in turn (the last one repeats); `respond` may
    override everything; `verify(body, headers)` runs on each request and a
    failure answers 400.
    """

    statuses: list[int] = field(default_factory=lambda: [204])
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    verify: object = None
    requests: list[ReceivedRequest] = field(default_factory=list)

    def __post_init__(self):
        receiver = self
        self._lock = threading.Lock()

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _handle(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                request = ReceivedRequest(
                    method=self.command,
                    path=self.path,
                    headers={name.lower(): value for name, value in self.headers.items()},
                    body=body,
                )
                status = receiver._next_status()
                if receiver.verify is not None:
                    try:
                        request.verified = receiver.verify(body, dict(self.headers.items()))
                    except Exception as exc:  # the receiver says no, as a real one would
                        request.verify_error = f"{type(exc).__name__}: {exc}"
                        status = 400
                with receiver._lock:
                    receiver.requests.append(request)
                if receiver.delay:
                    time.sleep(receiver.delay)
                self.send_response(status)
                for name, value in receiver.headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(receiver.body)))
                self.end_headers()
                if receiver.body:
                    self.wfile.write(receiver.body)

            do_GET = do_POST = _handle

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self._thread.start()

    def _next_status(self) -> int:
        with self._lock:
            if len(self.statuses) > 1:
                return self.statuses.pop(0)
            return self.statuses[0]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def wait_for(self, count: int, timeout: float = 20.0) -> list[ReceivedRequest]:
        """Wait until `count` requests arrived; returns them (fails the test on timeout)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                if len(self.requests) >= count:
                    return list(self.requests)
            time.sleep(0.02)
        raise AssertionError(f"expected {count} requests within {timeout} s, got {len(self.requests)}")

    def close(self):
        self.server.shutdown()
        self.server.server_close()


class Listener:
    """A TCP listener on 127.0.0.1 that counts connections and answers nothing: the forbidden service."""

    def __init__(self):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.1)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self._running = True
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self):
        while self._running:
            try:
                conn, _ = self.sock.accept()
            except (TimeoutError, OSError):
                continue
            self.connections += 1
            conn.close()

    def close(self):
        self._running = False
        self._thread.join(timeout=2)
        self.sock.close()


LOCAL_NAMES = frozenset({"localhost", "localhost.", "127.0.0.1", "::1"})


def guard_name_lookups(monkeypatch) -> list[str]:
    """Fail any name lookup a test makes beyond loopback (the network rule covers DNS queries too).

    Address literals resolve without a query and pass; the names tried are returned for asserts.
    """
    real = socket.getaddrinfo
    tried = []

    def getaddrinfo(host, *args, **kwargs):
        name = host.decode() if isinstance(host, bytes) else str(host)
        tried.append(name)
        try:
            socket.inet_pton(socket.AF_INET6 if ":" in name else socket.AF_INET, name.split("%")[0])
        except OSError:
            if name.lower() not in LOCAL_NAMES:
                raise AssertionError(f"a test tried to resolve {name!r}: only loopback is allowed") from None
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return tried


def never_contacted(listener: Listener) -> None:
    """Fails if anything connected to the listener (one that got through would have been accepted by now)."""
    time.sleep(0.3)
    assert listener.connections == 0
