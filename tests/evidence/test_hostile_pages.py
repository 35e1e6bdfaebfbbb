"""Archiving pages that are out to hurt the worker: dripping servers, odd URLs, odd charsets.

Each is saved as evidence and archived by a real worker on the real broker from a loopback site; each
archiving ends, as a copy or as a failure that says why, and never stays "pending" behind a crash.
"""

import time

import pytest

from evidence.models import Snapshot
from tests.factories import add_evidence, make_claim
from tests.site import DRIP_LINES, Page
from tests.workers import wait_until

CAFE = "<html><head><title>Café prices</title></head><body><p>Prices rose by 4% in 2024.</p></body></html>"


def snapshot_of(evidence, timeout=20.0) -> Snapshot:
    return wait_until(
        lambda: Snapshot.objects.filter(evidence=evidence).first(), timeout=timeout, message="a snapshot"
    )


# --- A server that drips: one deadline per fetch ---------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_server_dripping_header_lines_ends_in_a_failure_within_the_deadlines(
    worker, site, checker, settings
):
    # 60 header lines 0.25 s apart: 15 s a try, 45 s for the three tries, each line well within the
    # 3 s read timeout. With a 1 s deadline a try, the three tries end within seconds.
    settings.ARCHIVE_TOTAL_TIMEOUT = 1
    site.pages["/drip"] = Page(drip_headers=0.25)
    assert DRIP_LINES * 0.25 * 3 >= 45
    claim = make_claim(author=checker)
    started = time.monotonic()

    evidence = add_evidence(claim, actor=checker, url=site.url("/drip"))

    snapshot = snapshot_of(evidence)
    assert snapshot.error == (
        f"gave up after repeated failures; last: fetching {site.url('/drip')} took longer than 1 s in all"
    )
    assert snapshot.sha256 == "" and not snapshot.body
    assert site.count("/drip") == 3  # the first try and ARCHIVE_MAX_RETRIES (2) retries
    assert time.monotonic() - started < 15


@pytest.mark.django_db(transaction=True)
def test_a_server_dripping_its_body_ends_in_a_failure_within_the_deadlines(worker, site, checker, settings):
    settings.ARCHIVE_TOTAL_TIMEOUT = 1
    site.pages["/drip-body"] = Page(body=CAFE.encode(), drip_body=0.25)  # 25 s a try
    claim = make_claim(author=checker)
    started = time.monotonic()

    evidence = add_evidence(claim, actor=checker, url=site.url("/drip-body"))

    snapshot = snapshot_of(evidence)
    assert "took longer than 1 s in all" in snapshot.error
    assert time.monotonic() - started < 15


# --- URLs with letters outside ASCII --------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_url_with_letters_outside_ascii_is_archived_percent_encoded(worker, site, checker):
    site.pages["/caf%C3%A9/cr%C3%A8me?q=%C3%A9t%C3%A9"] = Page(body=CAFE.encode())
    claim = make_claim(author=checker)

    evidence = add_evidence(claim, actor=checker, url=site.url("/café/crème?q=été"))

    snapshot = snapshot_of(evidence)
    assert snapshot.error == ""
    assert snapshot.title == "Café prices" and "Prices rose by 4%" in snapshot.text
    assert snapshot.url == site.url("/café/crème?q=été")
    assert site.requests == [("GET", "/caf%C3%A9/cr%C3%A8me?q=%C3%A9t%C3%A9")]


@pytest.mark.django_db(transaction=True)
def test_a_redirect_to_a_url_with_letters_outside_ascii_is_followed(worker, site, checker):
    # The server sends the Location header's bytes as UTF-8 ("/menü"), as servers commonly do.
    site.pages["/old"] = Page(statuses=[301], headers={"Location": "/menü".encode().decode("latin-1")})
    site.pages["/men%C3%BC"] = Page(body=CAFE.encode())
    claim = make_claim(author=checker)

    evidence = add_evidence(claim, actor=checker, url=site.url("/old"))

    snapshot = snapshot_of(evidence)
    assert snapshot.error == "" and snapshot.title == "Café prices"
    assert snapshot.final_url == site.url("/menü")
    assert site.count("/men%C3%BC") == 1


# --- Charsets that name codecs, not text encodings --------------------------------------------------------


@pytest.mark.parametrize("charset", ["zlib_codec", "idna", "undefined", "rot13", "unicode_escape"])
@pytest.mark.parametrize("where", ["header", "meta"])
@pytest.mark.django_db(transaction=True)
def test_a_charset_that_is_no_page_encoding_is_read_as_utf8(worker, site, checker, charset, where):
    if where == "header":
        page = Page(body=CAFE.encode(), content_type=f"text/html; charset={charset}")
    else:
        page = Page(body=f'<meta charset="{charset}">{CAFE}'.encode(), content_type="text/html")
    site.pages["/page"] = page
    claim = make_claim(author=checker)

    evidence = add_evidence(claim, actor=checker, url=site.url("/page"))

    snapshot = snapshot_of(evidence)
    assert snapshot.error == ""
    assert snapshot.title == "Café prices"
    assert "Prices rose by 4% in 2024." in snapshot.text


@pytest.mark.django_db(transaction=True)
def test_a_real_charset_is_still_honoured(worker, site, checker):
    site.pages["/latin"] = Page(body=CAFE.encode("cp1252"), content_type="text/html; charset=windows-1252")
    claim = make_claim(author=checker)

    evidence = add_evidence(claim, actor=checker, url=site.url("/latin"))

    assert snapshot_of(evidence).title == "Café prices"
