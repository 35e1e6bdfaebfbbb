"""Intake by URL of pages out to hurt the worker: odd charsets, odd URLs, broken markup, NUL bytes.

Each job is made by the service a member's request calls and read by a real worker on the real broker
from a loopback server (the network rule); each ends "done" or "failed" with a reason, never stays
"fetching" behind a crash.
"""

import time

import pytest

from claims.intake.services import intake_job_create
from claims.models import IntakeJob, IntakeJobStatus
from tests.loopback import guard_name_lookups
from tests.site import Page
from tests.workers import running_worker

BROKER_URL = "redis://127.0.0.1:6379/7"

ARTICLE = (
    "<html><head><title>Seoul rejects steel claim</title></head><body><article>"
    "<p>Howard Lutnick, the U.S. Secretary of Commerce, spoke on Tuesday.</p>"
    '<p>"Steel imports from Korea rose 40 percent last year," Lutnick said in an interview.</p>'
    "</article></body></html>"
)


@pytest.fixture(autouse=True)
def _no_name_lookups_beyond_loopback(monkeypatch):
    return guard_name_lookups(monkeypatch)


@pytest.fixture
def worker(transactional_db, broker):
    """A real Celery worker (a thread of this process) on the real Redis broker, database 7."""
    with running_worker(BROKER_URL) as running:
        yield running


def read_in(url: str, actor, timeout: float = 20.0) -> IntakeJob:
    job = intake_job_create(url=url, actor=actor)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.status in (IntakeJobStatus.DONE, IntakeJobStatus.FAILED):
            return job
        time.sleep(0.1)
    raise AssertionError(f"the intake job did not finish: {job.status} {job.error!r}")


def assert_read(job: IntakeJob) -> None:
    assert job.status == IntakeJobStatus.DONE, job.error
    assert job.title == "Seoul rejects steel claim"
    assert any("Steel imports from Korea" in c["text"] for c in job.candidates)


@pytest.mark.parametrize("charset", ["idna", "undefined", "zlib_codec", "rot13", "unicode_escape"])
@pytest.mark.django_db(transaction=True)
def test_a_charset_that_is_no_page_encoding_is_read_as_utf8(worker, site, checker, charset):
    site.pages["/news"] = Page(body=ARTICLE.encode(), content_type=f"text/html; charset={charset}")

    assert_read(read_in(site.url("/news"), checker))


@pytest.mark.django_db(transaction=True)
def test_a_meta_charset_is_read_as_archiving_reads_it(worker, site, checker):
    # One reading of charsets for archiving and intake: <meta charset> counts, a codec named there does not.
    latin = ARTICLE.replace("Seoul rejects", "Séoul rejects")
    site.pages["/latin"] = Page(
        body=f'<meta charset="windows-1252">{latin}'.encode("cp1252"), content_type="text/html"
    )
    site.pages["/codec"] = Page(body=f'<meta charset="idna">{ARTICLE}'.encode(), content_type="text/html")

    assert read_in(site.url("/latin"), checker).title == "Séoul rejects steel claim"
    assert_read(read_in(site.url("/codec"), checker))


@pytest.mark.django_db(transaction=True)
def test_a_url_with_letters_outside_ascii_is_read(worker, site, checker):
    site.pages["/actualit%C3%A9s/acier?p=d%C3%A9bat"] = Page(body=ARTICLE.encode())

    assert_read(read_in(site.url("/actualités/acier?p=débat"), checker))
    assert site.requests == [("GET", "/actualit%C3%A9s/acier?p=d%C3%A9bat")]


@pytest.mark.django_db(transaction=True)
def test_markup_the_html_parser_gives_up_on_still_gives_the_text_before_it(worker, site, checker):
    site.pages["/broken"] = Page(body=ARTICLE.replace("</article>", "</article><![foo]>").encode())

    assert_read(read_in(site.url("/broken"), checker))


@pytest.mark.django_db(transaction=True)
def test_nul_bytes_in_a_page_are_dropped(worker, site, checker):
    site.pages["/nul"] = Page(body=ARTICLE.replace("Tuesday", "Tues\x00day").encode())

    job = read_in(site.url("/nul"), checker)

    assert_read(job)
    assert "Tuesday" in job.text


@pytest.mark.django_db(transaction=True)
def test_a_server_dripping_header_lines_fails_the_job_with_the_reason(worker, site, checker, settings):
    # The intake fetch has its own deadline (connect 5 s + 2 x read 15 s): lower here for the test.
    settings.INTAKE_FETCH_TIMEOUT = 1
    site.pages["/drip"] = Page(drip_headers=0.25)  # 15 s of header lines

    job = read_in(site.url("/drip"), checker, timeout=12)

    assert job.status == IntakeJobStatus.FAILED
    assert (
        job.error == f"Could not read the article: fetching {site.url('/drip')} took longer than 1 s in all."
    )
