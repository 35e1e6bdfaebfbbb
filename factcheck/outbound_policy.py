"""Safe outbound HTTP's policy (factcheck.outbound fetches under it; its docstring lists the rules):
which URLs, addresses, ports and content types may be reached, and how a refusal or a failure is said
(OutboundRefused, FetchFailed). Pure functions, no traffic, except `resolve` (DNS).
"""

import ipaddress
import re
import socket
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from django.conf import settings

ALLOWED_SCHEMES = frozenset({"http", "https"})
DEFAULT_PORTS = {"http": 80, "https": 443}
ALLOWED_PORTS = frozenset({80, 443})
MAX_REDIRECTS = 5
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
DEFAULT_CONNECT_TIMEOUT = 5.0
DEFAULT_READ_TIMEOUT = 15.0
USER_AGENT = "FactcheckWorkbench/1.0 (+safe-fetch)"

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class FetchError(Exception):
    """Any failure to fetch a URL; `reason` is written for a person."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class OutboundRefused(FetchError):
    """The policy refuses this URL or address: permanent, not worth retrying."""


class FetchFailed(FetchError):
    """The network failed (DNS, connect, TLS, timeout): worth retrying later."""


class ResponseTooLarge(FetchFailed):
    """The response was bigger than the caller's cap."""


class TooManyRedirects(FetchFailed):
    """More redirects than the caller allows: asking again will not help."""


class DeadlinePassed(FetchFailed):
    """The whole fetch (DNS to last byte, redirects included) took longer than its deadline."""


class ContentRefused(OutboundRefused):
    """The response is of a content type the caller does not accept: permanent."""


# What archiving keeps: HTML, text, PDF, JSON and images. `type/*` matches any subtype,
# `type/*+suffix` any structured-syntax subtype (application/ld+json).
ARCHIVE_CONTENT_TYPES = (
    "text/*",
    "application/xhtml+xml",
    "application/pdf",
    "application/json",
    "application/*+json",
    "image/*",
)
ARCHIVE_CONTENT_TYPES_IN_WORDS = "HTML, text, PDF, JSON and images"


def media_type_of(content_type: str | None) -> str:
    """The media type of a Content-Type header, lowercased, without parameters ("" when absent)."""
    return (content_type or "").split(";", 1)[0].strip().lower()


def content_type_allowed(content_type: str | None, allowed: Iterable[str]) -> bool:
    """Whether a Content-Type header names a media type matched by one of the `allowed` patterns."""
    media = media_type_of(content_type)
    kind, slash, subtype = media.partition("/")
    if not slash or not kind or not subtype:
        return False
    for pattern in allowed:
        want_kind, _, want_subtype = pattern.lower().partition("/")
        if want_kind != kind:
            continue
        if want_subtype == "*" or want_subtype == subtype:
            return True
        if want_subtype.startswith("*+") and subtype.endswith(want_subtype[1:]):
            return True
    return False


def content_type_check(content_type: str | None, allowed: Iterable[str], *, in_words: str = "") -> None:
    """Raise ContentRefused, with the reason in words, unless the content type is allowed."""
    if content_type_allowed(content_type, allowed):
        return
    media = media_type_of(content_type)
    accepted = in_words or ", ".join(allowed)
    if not media:
        raise ContentRefused(f"refused: the response has no content type (only {accepted} are kept)")
    raise ContentRefused(f"refused: the content type “{media}” is not kept (only {accepted} are)")


# --- The address policy (pure functions, no traffic) ---------------------------

_V4 = ipaddress.IPv4Network
_V6 = ipaddress.IPv6Network

# (network, what it is). Checked in order; the first match names the reason.
REFUSED_NETWORKS: tuple[tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, str], ...] = (
    (_V4("0.0.0.0/8"), "unspecified"),
    (_V4("10.0.0.0/8"), "private"),
    (_V4("100.64.0.0/10"), "shared (carrier-grade NAT)"),
    (_V4("127.0.0.0/8"), "loopback"),
    (_V4("169.254.0.0/16"), "link-local"),
    (_V4("172.16.0.0/12"), "private"),
    (_V4("192.0.0.0/24"), "reserved"),
    (_V4("192.0.2.0/24"), "reserved (documentation)"),
    (_V4("192.88.99.0/24"), "reserved"),
    (_V4("192.168.0.0/16"), "private"),
    (_V4("198.18.0.0/15"), "reserved (benchmarking)"),
    (_V4("198.51.100.0/24"), "reserved (documentation)"),
    (_V4("203.0.113.0/24"), "reserved (documentation)"),
    (_V4("224.0.0.0/4"), "multicast"),
    (_V4("240.0.0.0/4"), "reserved"),
    (_V6("::/128"), "unspecified"),
    (_V6("::1/128"), "loopback"),
    (_V6("::/96"), "reserved (IPv4-compatible)"),
    (_V6("64:ff9b:1::/48"), "private"),
    (_V6("100::/64"), "reserved (discard)"),
    (_V6("2001::/23"), "reserved"),
    (_V6("2001:db8::/32"), "reserved (documentation)"),
    (_V6("fc00::/7"), "private"),
    (_V6("fe80::/10"), "link-local"),
    (_V6("fec0::/10"), "private (site-local)"),
    (_V6("ff00::/8"), "multicast"),
)

_NAT64 = _V6("64:ff9b::/96")
_LOW_32_BITS = 0xFFFFFFFF
_SIIT_HIGH_96 = 0xFFFF0000  # ::ffff:0:a.b.c.d, bits 32-63 of the address
_DEPRECATED_TUNNELS = ("IPv4-compatible", "Teredo")


def embedded_ipv4(address: ipaddress.IPv6Address) -> list[tuple[ipaddress.IPv4Address, str]]:
    """The IPv4 addresses an IPv6 address carries, each with the form that carries it.

    IPv4-mapped (::ffff:0:0/96), SIIT (::ffff:0:0:0/96), IPv4-compatible
    (::/96, but not :: or ::1), NAT64 (64:ff9b::/96), 6to4 (2002::/16) and
    Teredo (2001::/32: its server and its client, whose bits are inverted).
    An empty list for any other address. (64:ff9b:1::/48, local-use NAT64,
    is refused as a whole: where the IPv4 address sits depends on the local
    prefix length.)
    """
    value = int(address)
    high = value >> 32
    if address.ipv4_mapped is not None:
        return [(address.ipv4_mapped, "IPv4-mapped")]
    if high == _SIIT_HIGH_96:
        return [(ipaddress.IPv4Address(value & _LOW_32_BITS), "SIIT")]
    if high == 0 and value > 1:
        return [(ipaddress.IPv4Address(value & _LOW_32_BITS), "IPv4-compatible")]
    if address in _NAT64:
        return [(ipaddress.IPv4Address(value & _LOW_32_BITS), "NAT64")]
    if address.sixtofour is not None:
        return [(address.sixtofour, "6to4")]
    if address.teredo is not None:
        server, client = address.teredo
        return [(client, "Teredo"), (server, "Teredo")]
    return []


def address_kind(address: IPAddress) -> str | None:
    """What kind of non-public address this is ("loopback", "private", ...), or None when public.

    An IPv6 address carrying an IPv4 address is judged as that IPv4 address
    (every one it carries, for Teredo); the deprecated tunnels (IPv4-compatible,
    Teredo) stay refused even when what they carry is public.
    """
    if isinstance(address, ipaddress.IPv6Address):
        if address.scope_id:
            return "link-local"
        inner = embedded_ipv4(address)
        for ipv4, _form in inner:
            kind = address_kind(ipv4)
            if kind is not None:
                return kind
        if inner and inner[0][1] not in _DEPRECATED_TUNNELS:
            return None
    for network, kind in REFUSED_NETWORKS:
        if address.version == network.version and address in network:
            return kind
    if not address.is_global:
        # Anything else IANA does not call globally reachable.
        return "non-public"
    return None


def address_in_words(address: IPAddress) -> str:
    """The address as a person reads it: an IPv6 address carrying IPv4 names that IPv4 address too."""
    if isinstance(address, ipaddress.IPv6Address):
        inner = embedded_ipv4(address)
        if inner:
            # The one that is refused, when one is (a Teredo address carries two).
            ipv4, form = next((pair for pair in inner if address_kind(pair[0]) is not None), inner[0])
            return f"{address} ({form}, {ipv4})"
    return str(address)


def _a(kind: str) -> str:
    return f"an {kind}" if kind[0] in "aeiou" else f"a {kind}"


_NUMERIC_PART = re.compile(r"^(0x[0-9a-f]*|[0-9]+)$")


def parse_ipv4_loosely(host: str) -> ipaddress.IPv4Address | None:
    """Read an IPv4 address the way inet_aton does: 1 to 4 parts, each decimal, 0-octal or 0x-hex.

    So "2130706433", "0177.0.0.1", "0x7f.1" and "127.1" are all 127.0.0.1.
    Returns None when the host is not such a spelling.
    """
    parts = host.split(".")
    if not 1 <= len(parts) <= 4:
        return None
    numbers = []
    for part in parts:
        if not _NUMERIC_PART.match(part):
            return None
        if part.startswith("0x"):
            value = int(part[2:] or "0", 16)
        elif len(part) > 1 and part.startswith("0"):
            if any(ch in "89" for ch in part):
                return None
            value = int(part, 8)
        else:
            value = int(part, 10)
        numbers.append(value)
    *leading, last = numbers
    if any(n > 255 for n in leading) or last >= 1 << (8 * (4 - len(leading))):
        return None
    value = 0
    for n in leading:
        value = value << 8 | n
    value = value << (8 * (4 - len(leading))) | last
    return ipaddress.IPv4Address(value)


# Printable ASCII the request line carries as it is (escapes such as %20 included); anything else in
# a path or query (non-ASCII letters, quotes, angle brackets, backticks, braces) is sent as %XX of its
# UTF-8 bytes, as browsers do.
_SENT_AS_IS = "".join(chr(c) for c in range(0x21, 0x7F) if chr(c) not in '"<>`{}')

_LABEL = re.compile(r"^(?!-)[a-z0-9_-]{1,63}(?<!-)$")


def _is_host_name(host: str) -> bool:
    """Letters, digits, hyphens (and underscores) in dot-separated labels; punycode that decodes.

    Anything else never reaches the resolver, which might read it in its own way.
    """
    labels = host[:-1].split(".") if host.endswith(".") else host.split(".")
    if not host or len(host) > 253 or not all(_LABEL.match(label) for label in labels):
        return False
    for label in labels:
        if label.startswith("xn--"):
            try:
                label.encode("ascii").decode("idna")
            except UnicodeError:
                return False
    return True


def host_as_address(host: str) -> IPAddress | None:
    """The IP address a URL host spells, in any spelling; None for a name.

    Raises OutboundRefused for a host that looks numeric but is no valid address
    (resolvers disagree about those, so none of them gets a say).
    """
    if ":" in host:
        if "%" in host:
            raise OutboundRefused("refused: IPv6 addresses with a zone are not allowed")
        try:
            return ipaddress.IPv6Address(host)
        except ValueError:
            raise OutboundRefused(f"refused: “{host}” is not a valid IPv6 address") from None
    bare = host[:-1] if host.endswith(".") else host
    address = parse_ipv4_loosely(bare)
    if address is None and all(_NUMERIC_PART.match(part) for part in bare.split(".")):
        raise OutboundRefused(f"refused: “{host}” is not a valid IP address")
    return address


def _allowlist() -> frozenset[tuple[str, int]]:
    entries = set()
    for host, port in getattr(settings, "OUTBOUND_ALLOWLIST", frozenset()):
        try:
            address = host_as_address(host.lower())
        except OutboundRefused:
            address = None
        entries.add((str(address) if address is not None else host.lower().rstrip("."), int(port)))
    return frozenset(entries)


def is_allowlisted(host: str, port: int) -> bool:
    """Whether settings.OUTBOUND_ALLOWLIST names this host (any spelling of an address) and port."""
    try:
        address = host_as_address(host)
    except OutboundRefused:
        return False
    key = str(address) if address is not None else host.lower().rstrip(".")
    return (key, port) in _allowlist()


@dataclass(frozen=True)
class Target:
    """A URL that passed the checks that need no DNS."""

    url: str
    scheme: str
    host: str  # ASCII (IDNA) host, lowercase, without brackets
    port: int
    path: str  # path and query, as sent in the request line
    address: IPAddress | None  # when the host is an address literal
    is_allowlisted: bool

    @property
    def host_header(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return host if self.port == DEFAULT_PORTS[self.scheme] else f"{host}:{self.port}"


def url_check(url: str) -> Target:
    """Check a URL without any network traffic; raise OutboundRefused with the reason.

    Checks the scheme, credentials, port, and the host when it is an address
    (in any spelling). A host name passes here; its addresses are checked by
    `addresses_check` when it is resolved, at connect time.
    """
    if not isinstance(url, str) or not url.strip():
        raise OutboundRefused("refused: the URL is empty")
    url = url.strip()
    if any(ch in url for ch in "\r\n\t\x00 "):
        raise OutboundRefused("refused: the URL contains spaces or control characters")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise OutboundRefused("refused: the URL or its port is not valid") from None
    scheme = parts.scheme.lower()
    if scheme not in ALLOWED_SCHEMES:
        raise OutboundRefused("refused: only http and https URLs are allowed")
    if parts.username is not None or parts.password is not None:
        raise OutboundRefused("refused: URLs with a user name or password are not allowed")
    raw_host = parts.hostname or ""
    if not raw_host:
        raise OutboundRefused("refused: the URL has no host")
    if ":" in raw_host:
        host = raw_host
    else:
        try:
            # IDNA also folds look-alike digits and dots ("１２７。0。0。1") to ASCII.
            host = raw_host.encode("idna").decode("ascii").lower()
        except UnicodeError:
            raise OutboundRefused(f"refused: “{raw_host}” is not a valid host name") from None
        if not _is_host_name(host):
            raise OutboundRefused(f"refused: “{raw_host}” is not a valid host name")
    port = port if port is not None else DEFAULT_PORTS[scheme]
    address = host_as_address(host)
    canonical = str(address) if address is not None else host
    allowlisted = is_allowlisted(canonical, port)
    if not allowlisted:
        if address is not None:
            kind = address_kind(address)
            if kind is not None:
                raise OutboundRefused(f"refused: {address_in_words(address)} is {_a(kind)} address")
        if port not in ALLOWED_PORTS:
            raise OutboundRefused(f"refused: port {port} is not allowed (only 80 and 443)")
    try:
        path = quote(parts.path or "/", safe=_SENT_AS_IS)
        if parts.query:
            path = f"{path}?{quote(parts.query, safe=_SENT_AS_IS)}"
    except UnicodeEncodeError:
        raise OutboundRefused("refused: the URL's path is not valid text") from None
    return Target(
        url=url,
        scheme=scheme,
        host=canonical,
        port=port,
        path=path,
        address=address,
        is_allowlisted=allowlisted,
    )


def addresses_check(target: Target, addresses: Iterable[IPAddress]) -> list[IPAddress]:
    """Check every address a host resolved to; refuse them all if any one is refused.

    Refusing the whole answer (rather than picking a public address from it)
    leaves no way to smuggle an internal address into a mixed DNS answer.
    """
    checked = []
    for address in addresses:
        if not target.is_allowlisted:
            kind = address_kind(address)
            if kind is not None:
                raise OutboundRefused(
                    f"refused: {target.host} resolves to {_a(kind)} address ({address_in_words(address)})"
                )
        if address not in checked:
            checked.append(address)
    if not checked:
        raise FetchFailed(f"could not resolve {target.host}")
    return checked


def resolve(host: str, port: int) -> list[IPAddress]:
    """The host's addresses from the system resolver, in its order."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchFailed(f"could not resolve {host}: {exc.strerror or exc}") from None
    addresses = []
    for _family, _type, _proto, _name, sockaddr in infos:
        address = ipaddress.ip_address(sockaddr[0].split("%", 1)[0])
        if isinstance(address, ipaddress.IPv6Address) and len(sockaddr) >= 4 and sockaddr[3]:
            address = ipaddress.IPv6Address(f"{address}%{sockaddr[3]}")
        addresses.append(address)
    return addresses
