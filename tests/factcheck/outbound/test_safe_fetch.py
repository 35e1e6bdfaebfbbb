"""The outbound policy: the address check as a pure function, then real requests over loopback.

Per the network rule, nothing here sends traffic anywhere but 127.0.0.1: the
private and public addresses are only ever checked, never contacted. The
"internal service" is a second loopback port (`Listener`) that must never see
a connection.
"""

import ipaddress
import time

import pytest

from factcheck.outbound import fetch
from factcheck.outbound_policy import (
    ARCHIVE_CONTENT_TYPES,
    ContentRefused,
    FetchFailed,
    OutboundRefused,
    ResponseTooLarge,
    TooManyRedirects,
    address_kind,
    addresses_check,
    content_type_allowed,
    parse_ipv4_loosely,
    url_check,
)
from tests.loopback import Listener, Receiver, guard_name_lookups, never_contacted


@pytest.fixture(autouse=True)
def _no_name_lookups_beyond_loopback(monkeypatch):
    return guard_name_lookups(monkeypatch)


# --- Pure: the address policy --------------------------------------------------------

REFUSED = [
    # (URL, words the reason must contain)
    ("http://127.0.0.1/", "loopback"),
    ("http://127.255.255.254/", "loopback"),
    ("http://2130706433/", "127.0.0.1 is a loopback"),  # decimal
    ("http://017700000001/", "127.0.0.1 is a loopback"),  # octal, one part
    ("http://0177.0.0.1/", "127.0.0.1 is a loopback"),  # octal
    ("http://0x7f.1/", "127.0.0.1 is a loopback"),  # hex, short form
    ("http://0x7f000001/", "127.0.0.1 is a loopback"),  # hex, one part
    ("http://127.1/", "127.0.0.1 is a loopback"),  # short form
    ("http://127.0.1/", "127.0.0.1 is a loopback"),  # short form, three parts
    ("http://127.0.0.1./", "loopback"),  # trailing dot
    ("http://１２７。０。０。１/", "127.0.0.1 is a loopback"),  # full-width digits and dots
    ("http://0/", "unspecified"),
    ("http://0.0.0.0/", "unspecified"),
    ("http://10.0.0.5/", "private"),
    ("http://012.0.0.5/", "10.0.0.5 is a private"),
    ("http://172.16.3.4/", "private"),
    ("http://172.31.255.255/", "private"),
    ("http://192.168.1.1/", "private"),
    ("http://0xc0.0xa8.1.1/", "192.168.1.1 is a private"),
    ("http://3232235777/", "192.168.1.1 is a private"),
    ("http://100.64.0.1/", "carrier-grade NAT"),
    ("http://100.127.255.254/", "carrier-grade NAT"),
    ("http://169.254.169.254/", "link-local"),  # cloud metadata
    ("http://224.0.0.1/", "multicast"),
    ("http://239.255.255.250/", "multicast"),
    ("http://240.0.0.1/", "reserved"),
    ("http://255.255.255.255/", "reserved"),
    ("http://192.0.2.10/", "documentation"),
    ("http://198.18.0.1/", "benchmarking"),
    ("http://[::1]/", "loopback"),
    ("http://[0:0:0:0:0:0:0:1]/", "loopback"),
    ("http://[::]/", "unspecified"),
    ("http://[fe80::1]/", "link-local"),
    ("http://[fc00::1]/", "private"),
    ("http://[fd12:3456:789a::1]/", "private"),
    ("http://[ff02::1]/", "multicast"),
    ("http://[::ffff:127.0.0.1]/", "loopback"),  # IPv4-mapped IPv6
    ("http://[::ffff:7f00:1]/", "loopback"),
    ("http://[::ffff:10.0.0.1]/", "private"),
    ("http://[::ffff:169.254.169.254]/", "link-local"),
    ("http://[64:ff9b::a00:1]/", "private"),  # NAT64 of 10.0.0.1
    ("http://[2002:7f00:1::1]/", "loopback"),  # 6to4 of 127.0.0.1
    ("http://[::127.0.0.1]/", "127.0.0.1) is a loopback"),  # IPv4-compatible (deprecated)
    ("http://[2001:db8::1]/", "documentation"),
    ("http://[fe80::1%25eth0]/", "zone"),
    ("http://256.0.0.1/", "not a valid IP address"),
    ("http://1.2.3.4.5/", "not a valid IP address"),
    ("http://0x100000000/", "not a valid IP address"),
    ("http://xn--/", "not a valid host name"),  # punycode that decodes to nothing
    ("http://%31%32%37.0.0.1/", "not a valid host name"),  # percent-encoding is not for hosts
    ("http://-internal.example/", "not a valid host name"),
    ("http://" + "a" * 64 + ".example/", "not a valid host name"),
]


@pytest.mark.parametrize(("url", "reason"), REFUSED)
def test_non_public_addresses_in_any_spelling_are_refused(url, reason):
    with pytest.raises(OutboundRefused) as refused:
        url_check(url)
    assert refused.value.reason.startswith("refused: ")
    assert reason in refused.value.reason


@pytest.mark.parametrize(
    "url",
    [
        "http://8.8.8.8/",
        "https://1.1.1.1/dns-query?name=x",
        "http://134744072/",  # 8.8.8.8 spelt in decimal is still public
        "http://[2606:4700:4700::1111]/",
        "https://news.example.org/feed",
        "http://example.org:80/",
        "https://example.org:443/",
    ],
)
def test_public_targets_pass_the_check_without_any_traffic(url):
    target = url_check(url)
    assert target.port in (80, 443)
    assert not target.is_allowlisted


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("ftp://example.org/file", "only http and https"),
        ("file:///etc/passwd", "only http and https"),
        ("gopher://example.org/", "only http and https"),
        ("javascript:alert(1)", "only http and https"),
        ("//example.org/", "only http and https"),
        ("http://example.org:8080/", "port 8080 is not allowed"),
        ("https://example.org:22/", "port 22 is not allowed"),
        ("http://user:secret@example.org/", "user name or password"),
        ("http://example.org@127.0.0.1/", "user name or password"),
        ("http:///path-only", "no host"),
        ("http://exa mple.org/", "spaces"),
        ("http://example.org:99999/", "not valid"),
        ("", "empty"),
    ],
)
def test_urls_outside_the_policy_are_refused_with_a_reason(url, reason):
    with pytest.raises(OutboundRefused) as refused:
        url_check(url)
    assert reason in refused.value.reason


@pytest.mark.parametrize(
    ("spelling", "address"),
    [
        ("2130706433", "127.0.0.1"),
        ("0177.0.0.1", "127.0.0.1"),
        ("0x7f.1", "127.0.0.1"),
        ("127.1", "127.0.0.1"),
        ("10.1", "10.0.0.1"),
        ("192.168.257", "192.168.1.1"),
        ("0", "0.0.0.0"),
        ("1.2.3.4", "1.2.3.4"),
    ],
)
def test_ipv4_is_read_as_inet_aton_reads_it(spelling, address):
    assert parse_ipv4_loosely(spelling) == ipaddress.IPv4Address(address)


@pytest.mark.parametrize("name", ["example.org", "1e100.net", "0xdeadbeef.com", "08.0.0.1", "1.2.3.4.5"])
def test_names_are_not_taken_for_addresses(name):
    assert parse_ipv4_loosely(name) is None


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("93.184.216.34", None),
        ("2606:4700::1111", None),
        ("127.0.0.1", "loopback"),
        ("10.255.0.1", "private"),
        ("100.64.1.1", "shared (carrier-grade NAT)"),
        ("::ffff:192.168.0.1", "private"),
        ("fe80::1", "link-local"),
        ("ff05::2", "multicast"),
    ],
)
def test_address_kind(address, kind):
    assert address_kind(ipaddress.ip_address(address)) == kind


# Every form of IPv6 that carries an IPv4 address, each spelt several ways, for a loopback, a private
# and a link-local (cloud metadata) IPv4 address: each is judged as the IPv4 address it carries.
IPV4_INSIDE_IPV6 = [
    # IPv4-mapped, ::ffff:0:0/96
    ("::ffff:127.0.0.1", "127.0.0.1"),
    ("::ffff:7f00:1", "127.0.0.1"),
    ("0:0:0:0:0:FFFF:7F00:0001", "127.0.0.1"),
    ("0000:0000:0000:0000:0000:ffff:10.0.0.1", "10.0.0.1"),
    ("::ffff:a9fe:a9fe", "169.254.169.254"),
    # SIIT, ::ffff:0:0:0/96
    ("::ffff:0:127.0.0.1", "127.0.0.1"),
    ("::ffff:0:7f00:1", "127.0.0.1"),
    ("0:0:0:0:ffff:0:7f00:1", "127.0.0.1"),
    ("::FFFF:0000:0A00:0001", "10.0.0.1"),
    ("::ffff:0:169.254.169.254", "169.254.169.254"),
    ("::ffff:0:c0a8:101", "192.168.1.1"),
    # IPv4-compatible, ::/96 (not :: and ::1, which are themselves)
    ("::127.0.0.1", "127.0.0.1"),
    ("::7f00:1", "127.0.0.1"),
    ("0:0:0:0:0:0:a00:1", "10.0.0.1"),
    ("::a9fe:a9fe", "169.254.169.254"),
    ("::0.0.0.2", "0.0.0.2"),
    # NAT64 well-known prefix, 64:ff9b::/96
    ("64:ff9b::127.0.0.1", "127.0.0.1"),
    ("64:ff9b::7f00:1", "127.0.0.1"),
    ("0064:ff9b:0000:0000:0000:0000:0a00:0001", "10.0.0.1"),
    ("64:FF9B::A9FE:A9FE", "169.254.169.254"),
    # 6to4, 2002::/16 (the IPv4 address is bits 16 to 47, whatever follows)
    ("2002:7f00:1::", "127.0.0.1"),
    ("2002:7f00:0001:ffff::1", "127.0.0.1"),
    ("2002:a00:1::1", "10.0.0.1"),
    ("2002:a9fe:a9fe:0:0:0:0:1", "169.254.169.254"),
    ("2002:c0a8:0101::c0a8:0101", "192.168.1.1"),
    # Teredo, 2001::/32: the server (bits 32 to 63) and the client (the last 32 bits, inverted)
    ("2001:0:4136:e378:8000:63bf:80ff:fffe", "127.0.0.1"),  # public server, loopback client
    ("2001:0:4136:e378:8000:63bf:5601:5601", "169.254.169.254"),
    ("2001:0000:0a00:0001:8000:63bf:f7f7:f7f7", "10.0.0.1"),  # private server, public client (8.8.8.8)
]


@pytest.mark.parametrize(("spelling", "ipv4"), IPV4_INSIDE_IPV6)
def test_ipv6_carrying_ipv4_is_judged_as_that_ipv4_address(spelling, ipv4):
    kind = address_kind(ipaddress.IPv4Address(ipv4))
    assert kind is not None
    assert address_kind(ipaddress.IPv6Address(spelling)) == kind
    # Typed in a URL ...
    with pytest.raises(OutboundRefused) as refused:
        url_check(f"http://[{spelling}]/")
    assert f"{ipv4}) is {'an' if kind[0] in 'aeiou' else 'a'} {kind} address" in refused.value.reason
    # ... or answered by DNS (a DNS64 resolver, say) for a name.
    with pytest.raises(OutboundRefused) as refused:
        addresses_check(url_check("https://news.example.org/"), [ipaddress.IPv6Address(spelling)])
    assert f"{ipv4})" in refused.value.reason and kind in refused.value.reason


@pytest.mark.parametrize(
    ("spelling", "kind"),
    [
        ("::ffff:0:808:808", None),  # SIIT, NAT64, mapped and 6to4 of a public address are public
        ("64:ff9b::808:808", None),
        ("::ffff:8.8.8.8", None),
        ("2002:808:808::1", None),
        ("::808:808", "reserved (IPv4-compatible)"),  # deprecated tunnels stay refused
        ("2001:0:4136:e378:8000:63bf:f7f7:f7f7", "reserved"),  # Teredo of 8.8.8.8
        ("64:ff9b:1::808:808", "private"),  # local-use NAT64: a translator of someone's own network
        ("::", "unspecified"),
        ("::1", "loopback"),
    ],
)
def test_ipv6_carrying_a_public_ipv4_address(spelling, kind):
    assert address_kind(ipaddress.IPv6Address(spelling)) == kind


def test_every_resolved_address_is_checked_not_just_the_first():
    target = url_check("https://news.example.org/")
    answer = [ipaddress.ip_address("93.184.216.34"), ipaddress.ip_address("10.0.0.7")]
    with pytest.raises(OutboundRefused) as refused:
        addresses_check(target, answer)
    assert refused.value.reason == ("refused: news.example.org resolves to a private address (10.0.0.7)")
    assert addresses_check(target, answer[:1]) == answer[:1]


def test_the_allowlist_names_a_host_and_port_and_nothing_else(settings):
    settings.OUTBOUND_ALLOWLIST = frozenset({("127.0.0.1", 8001), ("internal.example", 8443)})
    assert url_check("http://127.0.0.1:8001/hook").is_allowlisted
    assert url_check("http://2130706433:8001/hook").is_allowlisted  # the same address, spelt otherwise
    assert url_check("https://internal.example:8443/").is_allowlisted
    for url in ("http://127.0.0.1:8002/", "http://127.0.0.2:8001/", "http://internal.example:8001/"):
        with pytest.raises(OutboundRefused):
            url_check(url)
    internal = [ipaddress.ip_address("10.1.2.3")]
    assert addresses_check(url_check("https://internal.example:8443/"), internal) == internal
    with pytest.raises(OutboundRefused) as refused:
        addresses_check(url_check("https://internal.example/"), internal)  # port 443 is not named
    assert "resolves to a private address" in refused.value.reason


# --- End to end, over loopback only --------------------------------------------------------


@pytest.fixture
def receiver():
    server = Receiver(statuses=[200], body=b"hello from the allowed service")
    yield server
    server.close()


@pytest.fixture
def allowed(settings, receiver):
    settings.OUTBOUND_ALLOWLIST = frozenset({("127.0.0.1", receiver.port)})
    return receiver


def test_the_listener_counts_connections(internal_service):
    # The proof below is only as good as the counter: a direct connection is seen.
    import socket

    socket.create_connection(("127.0.0.1", internal_service.port), timeout=2).close()
    time.sleep(0.3)
    assert internal_service.connections == 1


def test_an_allowlisted_loopback_service_is_fetched(allowed):
    result = fetch(f"http://127.0.0.1:{allowed.port}/page?x=1")
    assert result.status_code == 200
    assert result.body == b"hello from the allowed service"
    (request,) = allowed.requests
    assert request.path == "/page?x=1"
    assert request.headers["host"] == f"127.0.0.1:{allowed.port}"


@pytest.mark.parametrize(
    "host",
    ["127.0.0.1", "2130706433", "0177.0.0.1", "0x7f.1", "127.1", "[::ffff:127.0.0.1]", "localhost"],
)
def test_a_loopback_port_not_in_the_allowlist_isnever_contacted(allowed, internal_service, host):
    with pytest.raises(OutboundRefused) as refused:
        fetch(f"http://{host}:{internal_service.port}/admin")
    assert "refused" in refused.value.reason
    never_contacted(internal_service)


def test_a_name_resolving_to_loopback_is_refused_when_resolved(settings, internal_service):
    settings.OUTBOUND_ALLOWLIST = frozenset({("localhost", 443)})  # another port: no help
    with pytest.raises(OutboundRefused) as refused:
        fetch("http://localhost/")
    assert "resolves to a loopback address" in refused.value.reason
    never_contacted(internal_service)


def test_the_connection_goes_to_the_address_that_was_checked(settings, internal_service):
    """DNS is asked once; the socket connects to that checked answer, not to a second lookup."""
    receiver = Receiver(statuses=[200], body=b"pinned")
    try:
        settings.OUTBOUND_ALLOWLIST = frozenset({("rebind.test", receiver.port)})
        lookups = []

        def resolver(host, port):
            lookups.append(host)
            return [ipaddress.ip_address("127.0.0.1")]

        result = fetch(f"http://rebind.test:{receiver.port}/", resolver=resolver)
        assert result.body == b"pinned"
        assert lookups == ["rebind.test"]
        assert receiver.requests[0].headers["host"] == f"rebind.test:{receiver.port}"

        # A name that is not allowlisted and answers with loopback is refused before any connect.
        def rebinding(host, port):
            lookups.append(host)
            return [ipaddress.ip_address("127.0.0.1")]

        with pytest.raises(OutboundRefused) as refused:
            fetch(f"http://evil.test:{internal_service.port}/", resolver=rebinding)
        assert "port" in refused.value.reason  # not 80 or 443, and not allowlisted
        settings.OUTBOUND_ALLOWLIST = frozenset()
        with pytest.raises(OutboundRefused) as refused:
            fetch("http://evil.test/", resolver=rebinding)
        assert refused.value.reason == "refused: evil.test resolves to a loopback address (127.0.0.1)"
        never_contacted(internal_service)
    finally:
        receiver.close()


def test_redirects_are_not_followed_unless_asked_and_each_hop_is_checked(settings, internal_service):
    receiver = Receiver(statuses=[302], headers={"Location": f"http://127.0.0.1:{internal_service.port}/"})
    try:
        settings.OUTBOUND_ALLOWLIST = frozenset({("127.0.0.1", receiver.port)})
        result = fetch(receiver.url)
        assert result.status_code == 302  # returned as it is: webhooks do not follow redirects
        with pytest.raises(OutboundRefused) as refused:
            fetch(receiver.url, max_redirects=3)
        assert "loopback" in refused.value.reason
        never_contacted(internal_service)
    finally:
        receiver.close()


def test_redirects_within_the_policy_are_followed_up_to_the_limit(settings):
    receiver = Receiver(statuses=[302], headers={"Location": "/again"})
    try:
        settings.OUTBOUND_ALLOWLIST = frozenset({("127.0.0.1", receiver.port)})
        with pytest.raises(FetchFailed) as failed:
            fetch(receiver.url, max_redirects=2)
        assert "too many redirects" in failed.value.reason
        assert len(receiver.requests) == 3
    finally:
        receiver.close()


def test_the_size_cap_holds_while_reading(settings):
    receiver = Receiver(statuses=[200], body=b"x" * 200_000)
    try:
        settings.OUTBOUND_ALLOWLIST = frozenset({("127.0.0.1", receiver.port)})
        with pytest.raises(ResponseTooLarge):
            fetch(receiver.url, max_bytes=10_000)
        result = fetch(receiver.url, max_bytes=10_000, truncate=True)
        assert len(result.body) == 10_000
        assert result.is_truncated
    finally:
        receiver.close()


def test_a_receiver_that_hangs_times_out(settings):
    receiver = Receiver(statuses=[200], delay=3.0)
    try:
        settings.OUTBOUND_ALLOWLIST = frozenset({("127.0.0.1", receiver.port)})
        started = time.monotonic()
        with pytest.raises(FetchFailed) as failed:
            fetch(receiver.url, read_timeout=0.5)
        assert time.monotonic() - started < 2.5
        assert "did not answer within 0.5 s" in failed.value.reason
    finally:
        receiver.close()


def test_a_closed_port_is_a_network_failure_not_a_refusal(settings):
    listener = Listener()
    port = listener.port
    listener.close()  # nothing listens there now
    settings.OUTBOUND_ALLOWLIST = frozenset({("127.0.0.1", port)})
    with pytest.raises(FetchFailed) as failed:
        fetch(f"http://127.0.0.1:{port}/", connect_timeout=1)
    assert not isinstance(failed.value, OutboundRefused)
    assert "could not connect" in failed.value.reason


# --- What archiving accepts: content types, and the size cap while streaming ---------------------------


@pytest.mark.parametrize(
    ("content_type", "allowed"),
    [
        ("text/html; charset=utf-8", True),
        ("TEXT/HTML", True),
        ("text/plain", True),
        ("text/csv; header=present", True),
        ("application/xhtml+xml", True),
        ("application/pdf", True),
        ("application/json", True),
        ("application/ld+json", True),
        ("image/png", True),
        ("image/svg+xml", True),
        ("application/zip", False),
        ("application/octet-stream", False),
        ("application/javascript", False),
        ("video/mp4", False),
        ("application/x-msdownload", False),
        ("", False),
        (None, False),
        ("text", False),
        ("/html", False),
    ],
)
def test_archiving_keeps_html_text_pdf_json_and_images_only(content_type, allowed):
    assert content_type_allowed(content_type, ARCHIVE_CONTENT_TYPES) is allowed


def test_a_content_type_not_asked_for_is_refused_before_the_body_is_read(settings):
    receiver = Receiver(
        statuses=[200], body=b"PK\x03\x04" + b"z" * 1000, headers={"Content-Type": "application/zip"}
    )
    try:
        settings.OUTBOUND_ALLOWLIST = frozenset({("127.0.0.1", receiver.port)})
        with pytest.raises(ContentRefused) as refused:
            fetch(receiver.url, content_types=ARCHIVE_CONTENT_TYPES, content_types_in_words="HTML and text")
        assert refused.value.reason == (
            "refused: the content type “application/zip” is not kept (only HTML and text are)"
        )
        assert isinstance(refused.value, OutboundRefused)  # permanent: not worth retrying
        assert fetch(receiver.url).body.startswith(b"PK")  # without a list, anything is read
    finally:
        receiver.close()


def test_error_answers_are_read_whatever_their_type(settings):
    receiver = Receiver(statuses=[404], body=b"gone", headers={"Content-Type": "application/x-anything"})
    try:
        settings.OUTBOUND_ALLOWLIST = frozenset({("127.0.0.1", receiver.port)})
        result = fetch(receiver.url, content_types=ARCHIVE_CONTENT_TYPES)
        assert result.status_code == 404 and result.body == b"gone"
    finally:
        receiver.close()


def test_too_many_redirects_is_its_own_failure(settings):
    receiver = Receiver(statuses=[301], headers={"Location": "/loop"})
    try:
        settings.OUTBOUND_ALLOWLIST = frozenset({("127.0.0.1", receiver.port)})
        with pytest.raises(TooManyRedirects):
            fetch(receiver.url, max_redirects=5)
        assert len(receiver.requests) == 6  # the first and five redirects
    finally:
        receiver.close()


def test_no_more_than_five_redirects_are_followed_whatever_a_caller_asks(settings):
    receiver = Receiver(statuses=[302], headers={"Location": "/again"})
    try:
        settings.OUTBOUND_ALLOWLIST = frozenset({("127.0.0.1", receiver.port)})
        with pytest.raises(TooManyRedirects, match=r"more than 5"):
            fetch(receiver.url, max_redirects=50)
        assert len(receiver.requests) == 6
    finally:
        receiver.close()


def test_the_size_cap_is_10_mb_unless_a_caller_sets_another(settings):
    assert settings.ARCHIVE_MAX_BYTES == 10 * 1024 * 1024  # what archiving passes (ARCHIVE_MAX_BYTES)
    receiver = Receiver(statuses=[200], body=b"z" * (10 * 1024 * 1024 + 1))
    try:
        settings.OUTBOUND_ALLOWLIST = frozenset({("127.0.0.1", receiver.port)})
        with pytest.raises(ResponseTooLarge):
            fetch(receiver.url)
        result = fetch(receiver.url, truncate=True)
        assert len(result.body) == 10 * 1024 * 1024 and result.is_truncated
    finally:
        receiver.close()


def test_the_size_cap_holds_for_a_body_without_a_length(settings):
    """A server that sends no Content-Length and never stops: cut off at the cap, not read to the end."""
    import socket
    import threading

    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    port = server.getsockname()[1]
    sent = []

    def endless():
        conn, _ = server.accept()
        conn.recv(65536)
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n")
        total = 0
        try:
            while total < 50_000_000:
                conn.sendall(b"y" * 65536)
                total += 65536
        except OSError:
            pass  # the client hung up at its cap
        sent.append(total)
        conn.close()

    thread = threading.Thread(target=endless, daemon=True)
    thread.start()
    try:
        settings.OUTBOUND_ALLOWLIST = frozenset({("127.0.0.1", port)})
        started = time.monotonic()
        with pytest.raises(ResponseTooLarge):
            fetch(f"http://127.0.0.1:{port}/", max_bytes=200_000, content_types=ARCHIVE_CONTENT_TYPES)
        assert time.monotonic() - started < 5
        thread.join(timeout=10)
        assert sent and sent[0] < 50_000_000  # it stopped long before the end
    finally:
        server.close()
