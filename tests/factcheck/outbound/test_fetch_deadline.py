"""One deadline for a whole fetch, from the DNS lookup to the last byte of the last redirect hop.

A hostile server can keep every single read short (a header line, a byte of the body or of the TLS
handshake every fraction of a second) and so never trip the read timeout: only a deadline over the
whole exchange ends it. Every server here is on 127.0.0.1 (the network rule). The time bounds are
generous (the deadline plus a few seconds) against what the servers would take to finish (15 s or more).
"""

import ipaddress
import socket
import threading
import time

import pytest

from factcheck.outbound import fetch
from factcheck.outbound_policy import FetchFailed
from tests.loopback import Receiver
from tests.site import DRIP_LINES, Page

SLACK = 3.0  # seconds allowed beyond the deadline: thread start-up, a loaded CI machine


def timed_failure(call) -> tuple[FetchFailed, float]:
    started = time.monotonic()
    with pytest.raises(FetchFailed) as failed:
        call()
    return failed.value, time.monotonic() - started


def test_a_server_dripping_header_lines_is_cut_off_at_the_deadline(site):
    # 60 header lines 0.25 s apart: each read is quick, the headers take 15 s.
    site.pages["/slow-headers"] = Page(drip_headers=0.25)
    assert DRIP_LINES * 0.25 >= 15

    failure, elapsed = timed_failure(
        lambda: fetch(site.url("/slow-headers"), read_timeout=5, total_timeout=1.5)
    )

    assert failure.reason == f"fetching {site.url('/slow-headers')} took longer than 1.5 s in all"
    assert elapsed < 1.5 + SLACK


def test_a_server_dripping_the_body_is_cut_off_at_the_deadline(site):
    # A byte every 0.25 s of a 100-byte body: 25 s.
    site.pages["/slow-body"] = Page(body=b"b" * 100, drip_body=0.25)

    failure, elapsed = timed_failure(lambda: fetch(site.url("/slow-body"), read_timeout=5, total_timeout=1.5))

    assert "took longer than 1.5 s in all" in failure.reason
    assert elapsed < 1.5 + SLACK


def test_a_read_waiting_within_its_read_timeout_is_still_cut_at_the_deadline(site):
    # One byte every 6 s: under the 10 s read timeout each time, so only the deadline ends the wait.
    site.pages["/slower-body"] = Page(body=b"b" * 10, drip_body=6)

    failure, elapsed = timed_failure(
        lambda: fetch(site.url("/slower-body"), read_timeout=10, total_timeout=1)
    )

    assert "took longer than 1 s in all" in failure.reason
    assert elapsed < 1 + SLACK


def test_the_answer_within_the_deadline_is_read_as_ever(site):
    site.pages["/prompt"] = Page(body=b"<title>Prompt</title>", drip_body=0.01)

    result = fetch(site.url("/prompt"), total_timeout=10)

    assert result.status_code == 200 and result.body == b"<title>Prompt</title>"


def test_the_dns_lookup_counts_against_the_deadline(settings):
    receiver = Receiver(statuses=[200], body=b"answered")
    settings.OUTBOUND_ALLOWLIST = frozenset({("slow-dns.test", receiver.port)})
    asked = threading.Event()

    def slow_resolver(host, port):  # a resolver that takes 6 s to answer with the loopback address
        asked.set()
        time.sleep(6)
        return [ipaddress.ip_address("127.0.0.1")]

    try:
        url = f"http://slow-dns.test:{receiver.port}/"
        failure, elapsed = timed_failure(lambda: fetch(url, total_timeout=1, resolver=slow_resolver))
        assert asked.is_set()
        assert failure.reason == f"fetching {url} took longer than 1 s in all (still resolving slow-dns.test)"
        assert elapsed < 1 + SLACK
        assert receiver.requests == []
    finally:
        receiver.close()


def test_each_redirect_hop_counts_against_the_deadline(settings):
    # Every hop answers after 0.4 s: five of them take 2 s, the deadline is 1 s.
    receiver = Receiver(statuses=[302], headers={"Location": "/next"}, delay=0.4)
    settings.OUTBOUND_ALLOWLIST = frozenset({("127.0.0.1", receiver.port)})
    try:
        failure, elapsed = timed_failure(lambda: fetch(receiver.url, max_redirects=5, total_timeout=1))
        assert "took longer than 1 s in all" in failure.reason
        assert elapsed < 1 + SLACK
        assert len(receiver.requests) < 6
    finally:
        receiver.close()


class DrippingTlsServer:
    """Takes the client's hello, then answers with a TLS record it sends one byte at a time."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(1)
        self.port = self.sock.getsockname()[1]
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        conn, _ = self.sock.accept()
        try:
            conn.recv(65536)  # the ClientHello
            conn.sendall(b"\x16\x03\x03\x40\x00")  # a handshake record of 16384 bytes ...
            gives_up_at = time.monotonic() + 15
            while not self.stop.is_set() and time.monotonic() < gives_up_at:
                time.sleep(0.2)
                conn.sendall(b"\x00")  # ... that comes a byte at a time (an hour), for 15 s
        except OSError:
            pass  # the client gave up
        finally:
            conn.close()

    def close(self):
        self.stop.set()
        self.sock.close()


def test_a_tls_handshake_that_drips_is_cut_off_at_the_deadline(settings):
    server = DrippingTlsServer()
    settings.OUTBOUND_ALLOWLIST = frozenset({("127.0.0.1", server.port)})
    url = f"https://127.0.0.1:{server.port}/"
    try:
        failure, elapsed = timed_failure(lambda: fetch(url, read_timeout=5, total_timeout=1.5))
        assert failure.reason == f"fetching {url} took longer than 1.5 s in all (still in the TLS handshake)"
        assert elapsed < 1.5 + SLACK
    finally:
        server.close()
