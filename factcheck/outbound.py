"""Safe outbound HTTP: the one way the workbench reaches a URL someone else typed.

Used by archiving, intake and webhooks. The rules:

- http and https only, ports 80 and 443, no user name or password in the URL;
- the host is resolved once and *every* address it resolves to is checked;
  the connection then goes to a checked address (the name is sent as the Host
  header and as TLS SNI), so a DNS answer that changes between the check and
  the connect (rebinding) cannot slip through;
- refused: loopback, private, link-local, shared (CGNAT), multicast, reserved
  and unspecified addresses, IPv4 and IPv6; an IPv6 address that carries an
  IPv4 address (mapped, SIIT, compatible, NAT64, 6to4, Teredo) is judged as
  that IPv4 address; odd spellings of IPv4 (2130706433, 0177.0.0.1, 0x7f.1,
  127.1) are read as inet_aton reads them;
- a `host:port` named in settings.OUTBOUND_ALLOWLIST skips the address and
  port rules (tests use a loopback port; a deployment may name an internal
  service it trusts);
- connect and read timeouts, and one deadline for the whole fetch: DNS
  resolution, connect, TLS handshake, status line, headers, body and every
  redirect hop all count against it, so a server dripping header lines or
  body bytes is cut off when it passes (a watchdog shuts the socket down);
- a cap on the bytes read, counted while the body streams in (a server that
  sends no length, or lies about it, is cut off at the cap);
- the path and query are sent percent-encoded (UTF-8), the host as IDNA, so a
  URL with "/café" in it is fetched rather than crashing the request;
- a caller may name the content types it accepts (archiving: HTML, text, PDF,
  JSON, images); any other answer is refused before its body is read;
- redirects are not followed unless the caller asks, and then each hop is
  checked again, at most MAX_REDIRECTS.

A refusal raises OutboundRefused with a reason a person understands
("refused: resolves to a private address (10.0.0.5)"); a network failure
raises FetchFailed. Only the standard library is used: http.client over a
socket we connect ourselves.
"""

import http.client
import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from urllib.parse import urljoin

from factcheck.numbers import is_whole_number
from factcheck.outbound_policy import (
    DEFAULT_CONNECT_TIMEOUT,
    DEFAULT_MAX_BYTES,
    DEFAULT_READ_TIMEOUT,
    MAX_REDIRECTS,
    USER_AGENT,
    DeadlinePassed,
    FetchError,
    FetchFailed,
    IPAddress,
    OutboundRefused,
    ResponseTooLarge,
    Target,
    TooManyRedirects,
    addresses_check,
    content_type_check,
    resolve,
    url_check,
)

# --- One deadline for the whole fetch ---------------------------------------------


class Deadline:
    """The moment a whole fetch must be over: DNS, connect, TLS, status line, headers, body, redirects."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.at = time.monotonic() + seconds

    def remaining(self) -> float:
        return self.at - time.monotonic()

    @property
    def has_passed(self) -> bool:
        return self.remaining() <= 0

    def exceeded(self, url: str, *, stage: str = "") -> DeadlinePassed:
        during = f" (still {stage})" if stage else ""
        return DeadlinePassed(f"fetching {url} took longer than {self.seconds:g} s in all{during}")

    def bound(self, timeout: float, url: str, *, stage: str = "") -> float:
        """`timeout`, or less when the deadline is nearer; raises FetchFailed once it has passed."""
        remaining = self.remaining()
        if remaining <= 0:
            raise self.exceeded(url, stage=stage)
        return min(timeout, remaining)


def _resolve_within(deadline: Deadline, resolver, target: Target) -> list[IPAddress]:
    """Ask the resolver, waiting no longer than the deadline (getaddrinfo has no timeout of its own).

    The lookup runs in a daemon thread; one that outlives the deadline is left
    to end by the resolver's own timeouts and its answer is thrown away.
    """
    answer: dict = {}

    def lookup():
        try:
            answer["addresses"] = resolver(target.host, target.port)
        except BaseException as exc:  # handed back to the fetching thread
            answer["error"] = exc

    thread = threading.Thread(target=lookup, name=f"safe-fetch resolve {target.host}", daemon=True)
    thread.start()
    thread.join(max(deadline.remaining(), 0))
    if thread.is_alive():
        raise deadline.exceeded(target.url, stage=f"resolving {target.host}")
    if "error" in answer:
        raise answer["error"]
    return answer["addresses"]


# --- Connections pinned to a checked address -----------------------------------


def _connect(addresses: list[IPAddress], port: int, timeout: float, host: str) -> socket.socket:
    errors = []
    for address in addresses:
        try:
            return socket.create_connection((str(address), port), timeout=timeout)
        except TimeoutError:
            errors.append(f"{address}: timed out after {timeout:g} s")
        except OSError as exc:
            errors.append(f"{address}: {exc.strerror or exc}")
    raise FetchFailed(f"could not connect to {host}:{port} ({'; '.join(errors)})")


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """http.client with the socket connected by us, to an address we checked, under one deadline.

    `cut()` (called by the watchdog when the deadline passes, from another
    thread) shuts the socket down, so whatever read is waiting on it (TLS
    handshake, status line, a header line, the body) returns at once.
    """

    def __init__(self, target: Target, addresses, connect_timeout: float, read_timeout: float, deadline):
        super().__init__(target.host, target.port, timeout=connect_timeout)
        self._addresses = addresses
        self._connect_timeout = connect_timeout
        self._read_timeout = read_timeout
        self._deadline = deadline
        self._url = target.url
        self._guard = threading.Lock()
        self._live: socket.socket | None = None
        self.is_cut = False

    def cut(self) -> None:
        with self._guard:
            self.is_cut = True
            if self._live is not None:
                try:
                    self._live.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass  # closed already

    def _adopt(self, sock: socket.socket) -> None:
        """Make `sock` the one a cut shuts down; close it instead when the cut came first."""
        with self._guard:
            if self.is_cut:
                sock.close()
                raise self._deadline.exceeded(self._url, stage="connecting")
            self._live = sock
        self.sock = sock

    def connect(self):
        timeout = self._deadline.bound(self._connect_timeout, self._url, stage="connecting")
        sock = _connect(self._addresses, self.port, timeout, self.host)
        self._adopt(sock)
        # Each read waits at most read_timeout; the watchdog ends the whole exchange at the deadline
        # (the socket's own timeout stays a little beyond it, so the two do not race).
        sock.settimeout(min(self._read_timeout, max(self._deadline.remaining(), 0) + 1.0))


class _PinnedHTTPSConnection(_PinnedHTTPConnection):
    default_port = http.client.HTTPS_PORT

    def __init__(self, *args, context: ssl.SSLContext, **kwargs):
        super().__init__(*args, **kwargs)
        self._context = context

    def connect(self):
        super().connect()
        # SNI and certificate check for the name, over the socket to the checked address. The
        # handshake runs after the TLS socket is adopted, so a cut can end a handshake that drips.
        tls = self._context.wrap_socket(self.sock, server_hostname=self.host, do_handshake_on_connect=False)
        self._adopt(tls)
        try:
            tls.do_handshake()
        except (OSError, ValueError) as exc:
            tls.close()
            if self.is_cut or self._deadline.has_passed:
                raise self._deadline.exceeded(self._url, stage="in the TLS handshake") from None
            if isinstance(exc, ssl.SSLError | ssl.CertificateError):
                raise FetchFailed(f"TLS with {self.host} failed: {exc}") from None
            raise


@dataclass
class FetchResult:
    """A response: the URL that answered, its status, headers (lowercased names) and body."""

    url: str
    status_code: int
    reason: str
    headers: dict[str, str]
    body: bytes
    is_truncated: bool = False
    redirects: list[str] = field(default_factory=list)
    elapsed: float = 0.0

    @property
    def is_success(self) -> bool:
        return 200 <= self.status_code < 300


def _read_body(
    response, *, max_bytes: int, truncate: bool, deadline: Deadline, url: str
) -> tuple[bytes, bool]:
    declared = response.getheader("Content-Length")
    if declared and is_whole_number(declared) and int(declared) > max_bytes and not truncate:
        raise ResponseTooLarge(f"the response from {url} is larger than {max_bytes} bytes")
    chunks, size = [], 0
    while True:
        if deadline.has_passed:
            raise deadline.exceeded(url)
        chunk = response.read1(min(65536, max_bytes + 1 - size))
        if not chunk:
            return b"".join(chunks), False
        chunks.append(chunk)
        size += len(chunk)
        if size > max_bytes:
            if truncate:
                return b"".join(chunks)[:max_bytes], True
            raise ResponseTooLarge(f"the response from {url} is larger than {max_bytes} bytes")


def _location_text(value: str) -> str:
    """A Location header as text: http.client reads header bytes as Latin-1, servers mostly send UTF-8."""
    try:
        return value.encode("iso-8859-1").decode("utf-8")
    except UnicodeError:
        return value


def fetch(
    url: str,
    *,
    method: str = "GET",
    headers: dict[str, str] | None = None,
    body: bytes | None = None,
    max_redirects: int = 0,
    max_bytes: int = DEFAULT_MAX_BYTES,
    truncate: bool = False,
    connect_timeout: float = DEFAULT_CONNECT_TIMEOUT,
    read_timeout: float = DEFAULT_READ_TIMEOUT,
    total_timeout: float | None = None,
    content_types: Iterable[str] | None = None,
    content_types_in_words: str = "",
    resolver: Callable[[str, int], list[IPAddress]] = resolve,
) -> FetchResult:
    """Send one request under the outbound policy and return the response.

    Raises OutboundRefused (the policy says no: do not retry), FetchFailed
    (DNS, connect, TLS, timeout: may be retried) or ResponseTooLarge (more
    than `max_bytes`; with `truncate` the body is cut instead). One deadline,
    `total_timeout` (else connect_timeout + 2 x read_timeout), holds from the
    DNS lookup to the last byte of the last hop. Redirects are
    returned as they are unless `max_redirects` > 0 (at most MAX_REDIRECTS);
    each hop is checked again and a redirected POST becomes a GET without a
    body (as browsers do for 301, 302 and 303). With `content_types`
    (patterns such as "text/*"), a successful answer of another type raises
    ContentRefused before its body is read; error answers are read as they are.
    """
    max_redirects = min(max_redirects, MAX_REDIRECTS)
    started = time.monotonic()
    deadline = Deadline(total_timeout or connect_timeout + 2 * read_timeout)
    hops: list[str] = []
    current = url
    while True:
        if deadline.has_passed:
            raise deadline.exceeded(current, stage="following redirects")
        result = _fetch_once(
            current,
            method=method,
            headers=headers or {},
            body=body,
            max_bytes=max_bytes,
            truncate=truncate,
            connect_timeout=connect_timeout,
            read_timeout=read_timeout,
            deadline=deadline,
            resolver=resolver,
            content_types=tuple(content_types) if content_types is not None else None,
            content_types_in_words=content_types_in_words,
        )
        location = result.headers.get("location")
        if result.status_code not in (301, 302, 303, 307, 308) or not location or max_redirects == 0:
            result.redirects = hops
            result.elapsed = time.monotonic() - started
            return result
        if len(hops) >= max_redirects:
            raise TooManyRedirects(f"too many redirects (more than {max_redirects})")
        hops.append(current)
        current = urljoin(current, _location_text(location))
        if result.status_code in (301, 302, 303) and method not in ("GET", "HEAD"):
            method, body = "GET", None


def _fetch_once(
    url,
    *,
    method,
    headers,
    body,
    max_bytes,
    truncate,
    connect_timeout,
    read_timeout,
    deadline: Deadline,
    resolver,
    content_types=None,
    content_types_in_words="",
) -> FetchResult:
    target = url_check(url)
    if target.address is not None:
        addresses = [target.address]
    else:
        addresses = addresses_check(target, _resolve_within(deadline, resolver, target))
    if target.scheme == "https":
        connection = _PinnedHTTPSConnection(
            target, addresses, connect_timeout, read_timeout, deadline, context=ssl.create_default_context()
        )
    else:
        connection = _PinnedHTTPConnection(target, addresses, connect_timeout, read_timeout, deadline)
    sent = {"User-Agent": USER_AGENT, "Connection": "close"} | dict(headers)
    watchdog = threading.Timer(max(deadline.remaining(), 0), connection.cut)
    watchdog.daemon = True
    watchdog.start()
    try:
        connection.request(method, target.path, body=body, headers=sent)
        response = connection.getresponse()
        if content_types is not None and 200 <= response.status < 300:
            content_type_check(
                response.getheader("Content-Type"), content_types, in_words=content_types_in_words
            )
        data, truncated = _read_body(
            response, max_bytes=max_bytes, truncate=truncate, deadline=deadline, url=target.url
        )
        if connection.is_cut:
            # A cut ends headers, or a body without a length, as if they were complete: they are not.
            raise deadline.exceeded(target.url)
        return FetchResult(
            url=target.url,
            status_code=response.status,
            reason=response.reason,
            headers={name.lower(): value for name, value in response.getheaders()},
            body=data,
            is_truncated=truncated,
        )
    except (OutboundRefused, DeadlinePassed):
        raise
    except Exception as exc:
        if connection.is_cut or deadline.has_passed:
            raise deadline.exceeded(target.url) from None
        if isinstance(exc, FetchError):
            raise
        if isinstance(exc, TimeoutError):
            silent = f"{target.host}:{target.port} did not answer within {read_timeout:g} s"
            raise FetchFailed(silent) from None
        if isinstance(exc, http.client.HTTPException | OSError):
            detail = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
            raise FetchFailed(f"the request to {target.host}:{target.port} failed: {detail}") from None
        raise
    finally:
        # The watchdog is stopped (and waited for) before the socket closes, so it never shuts
        # down a descriptor the system has given to someone else.
        watchdog.cancel()
        watchdog.join()
        connection.close()
