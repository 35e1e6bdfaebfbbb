"""Archiving evidence and appearance URLs: a real worker on the real broker, a loopback site named in
OUTBOUND_ALLOWLIST, and a second loopback port (the internal service) that must never be contacted."""

import hashlib
import threading
import time

import pytest
from django.core.files.storage import default_storage
from django.db import connection
from rest_framework.test import APIClient

from claims import services as claim_services
from evidence import services
from evidence.models import Evidence, Snapshot, SnapshotKind
from factcheck.services import api_token_create
from tests.factories import add_evidence, make_claim
from tests.loopback import never_contacted
from tests.site import Page
from tests.workers import wait_until

ARTICLE = (
    b"<!doctype html><html><head><meta charset='utf-8'><title>Steel imports, 2024</title>"
    b"<script>document.write('never in the text')</script><style>p{color:red}</style></head>"
    b"<body><nav>Home | About</nav><h1>Steel imports</h1><p>Imports fell by 12% in 2024.</p>"
    b"<p>Source: customs&nbsp;office.</p><footer>Copyright</footer></body></html>"
)


def drain(site, claim, actor) -> None:
    """Wait until the worker has run every task queued so far: one queue, one slot, first in first out."""
    site.pages["/marker"] = Page(body=b"<title>Marker</title>")
    marker = add_evidence(claim, actor=actor, url=site.url("/marker"), title="Marker")
    wait_until(lambda: Snapshot.objects.filter(evidence=marker).exists(), message="the marker's snapshot")


def snapshots_of(evidence) -> list[Snapshot]:
    return list(Snapshot.objects.filter(evidence=evidence).order_by("id"))


def api_for(user) -> APIClient:
    _, secret = api_token_create(user=user, name="Newsroom CMS", scopes=["claims:read"])
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    return client


def archive_json(user, evidence) -> dict:
    response = api_for(user).get(f"/api/v1/claims/{evidence.claim_id}/evidence/{evidence.pk}/")
    assert response.status_code == 200, response.content
    return response.json()["archive"]


# --- End to end: save, the worker fetches, a snapshot is kept ---------------------------------------


@pytest.mark.django_db(transaction=True)
def test_adding_evidence_archives_its_page_through_redirects(worker, site, internal_service, checker):
    site.pages["/old"] = Page(statuses=[301], headers={"Location": "/article"}, body=b"")
    site.pages["/article"] = Page(body=ARTICLE)
    claim = make_claim(author=checker)

    evidence = add_evidence(claim, actor=checker, url=site.url("/old"))

    snapshot = wait_until(lambda: Snapshot.objects.filter(evidence=evidence).first(), message="a snapshot")
    assert snapshot.kind == SnapshotKind.ARCHIVE and snapshot.error == ""
    assert snapshot.url == site.url("/old")
    assert snapshot.final_url == site.url("/article")
    assert snapshot.status_code == 200
    assert snapshot.content_type == "text/html; charset=utf-8"
    assert snapshot.size == len(ARTICLE)
    assert snapshot.sha256 == hashlib.sha256(ARTICLE).hexdigest()
    assert snapshot.title == "Steel imports, 2024"
    assert "Imports fell by 12% in 2024." in snapshot.text and "customs office" in snapshot.text
    assert "never in the text" not in snapshot.text and "Home | About" not in snapshot.text
    with default_storage.open(snapshot.body.name, "rb") as stored:
        assert stored.read() == ARTICLE
    assert snapshot.fetched_at >= evidence.created_at
    assert site.count("/old") == 1 and site.count("/article") == 1

    archive = archive_json(checker, evidence)
    assert archive == {
        "status": "archived",
        "error": "",
        "snapshot": {
            "sha256": snapshot.sha256,
            "title": "Steel imports, 2024",
            "final_url": site.url("/article"),
            "status_code": 200,
            "fetched_at": archive["snapshot"]["fetched_at"],
        },
        "link": {"state": "ok", "checked_at": archive["link"]["checked_at"], "note": ""},
    }
    assert archive["snapshot"]["fetched_at"].startswith(snapshot.fetched_at.strftime("%Y-%m-%dT%H:%M"))
    never_contacted(internal_service)


@pytest.mark.django_db(transaction=True)
def test_appearances_are_archived_too(worker, site, checker):
    site.pages["/interview"] = Page(body=b"<title>The interview</title><p>He said it.</p>")
    claim = make_claim(author=checker)

    appearance = claim_services.appearance_create(
        claim=claim, actor=checker, url=site.url("/interview"), outlet="CNBC", medium="tv"
    )

    snapshot = wait_until(
        lambda: Snapshot.objects.filter(appearance=appearance).first(), message="a snapshot"
    )
    assert snapshot.title == "The interview" and snapshot.text == "He said it."
    assert snapshot.evidence_id is None


@pytest.mark.django_db(transaction=True)
def test_the_internal_service_is_refused_directly_and_through_a_redirect_and_never_contacted(
    worker, site, internal_service, checker
):
    site.pages["/jump"] = Page(
        statuses=[302], headers={"Location": f"http://127.0.0.1:{internal_service.port}/"}
    )
    claim = make_claim(author=checker)

    direct = add_evidence(claim, actor=checker, url=f"http://127.0.0.1:{internal_service.port}/admin")
    redirected = add_evidence(claim, actor=checker, url=site.url("/jump"), title="Jump")

    for evidence in (direct, redirected):
        snapshot = wait_until(
            lambda e=evidence: Snapshot.objects.filter(evidence=e).first(), message="a refusal"
        )
        assert snapshot.error.startswith("refused: ")
        assert snapshot.sha256 == "" and not snapshot.body
    assert "127.0.0.1 is a loopback address" in Snapshot.objects.get(evidence=direct).error
    assert "loopback" in Snapshot.objects.get(evidence=redirected).error
    assert archive_json(checker, direct)["status"] == "failed"
    assert archive_json(checker, direct)["error"].startswith("refused: ")
    assert site.count("/jump") == 1  # a refusal is not retried
    never_contacted(internal_service)


# --- Idempotency -------------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_same_task_twice_writes_one_snapshot(worker, site, checker):
    from evidence.tasks import snapshot_archive

    site.pages["/once"] = Page(body=b"<title>Once</title>")
    claim = make_claim(author=checker)
    evidence = add_evidence(claim, actor=checker, url=site.url("/once"))
    wait_until(lambda: Snapshot.objects.filter(evidence=evidence).exists(), message="a snapshot")

    snapshot_archive.delay("evidence", evidence.pk)
    snapshot_archive.delay("evidence", evidence.pk)
    direct = services.snapshot_archive(target="evidence", target_id=evidence.pk)

    drain(site, claim, checker)
    assert len(snapshots_of(evidence)) == 1
    assert direct == snapshots_of(evidence)[0]
    assert site.count("/once") == 1


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_write_one_snapshot(archiving, site, checker):
    """Two deliveries of one message running together: both fetch, the database keeps one snapshot."""
    both_asked = threading.Barrier(2, timeout=20)
    site.pages["/slow"] = Page(body=b"<title>Slow</title>", on_request=lambda n: both_asked.wait())
    claim = make_claim(author=checker)
    evidence = add_evidence(claim, actor=checker, url=site.url("/slow"))
    results = []

    def run():
        try:
            results.append(services.snapshot_archive(target="evidence", target_id=evidence.pk))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert site.count("/slow") == 2
    assert len(snapshots_of(evidence)) == 1
    assert {r.pk for r in results} == {snapshots_of(evidence)[0].pk}


def test_evidence_already_archived_or_from_the_demo_is_not_fetched_again(
    db, archiving, site, checker, django_capture_on_commit_callbacks
):
    site.pages["/kept"] = Page(body=b"<title>Kept</title>")
    claim = make_claim(author=checker)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        evidence = add_evidence(claim, actor=checker, url=site.url("/kept"))
    assert len(queued) == 1
    services.snapshot_archive(target="evidence", target_id=evidence.pk)
    assert site.count("/kept") == 1

    with django_capture_on_commit_callbacks(execute=False) as queued:
        services.evidence_update(evidence=evidence, actor=checker, title="A better title")
        demo = add_evidence(claim, actor=checker, url=site.url("/kept"), title="Demo", is_demo=True)
        offline = add_evidence(claim, actor=checker, url="", offline_reference="Archive box 12", title="Box")
    assert queued == []
    assert services.snapshot_archive(target="evidence", target_id=demo.pk) is None
    assert services.snapshot_archive(target="evidence", target_id=offline.pk) is None
    assert site.count("/kept") == 1

    with django_capture_on_commit_callbacks(execute=False) as queued:
        services.evidence_update(evidence=evidence, actor=checker, url=site.url("/moved"))
    assert len(queued) == 1  # a new URL is archived anew


def test_an_appearance_is_archived_again_only_when_its_url_changes(
    db, archiving, site, checker, django_capture_on_commit_callbacks
):
    site.pages["/first"] = Page(body=b"<title>First</title>")
    claim = make_claim(author=checker)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        appearance = claim_services.appearance_create(
            claim=claim, actor=checker, url=site.url("/first"), outlet="CNBC", medium="tv"
        )
    assert len(queued) == 1
    services.snapshot_archive(target="appearance", target_id=appearance.pk)

    with django_capture_on_commit_callbacks(execute=False) as queued:
        appearance = claim_services.appearance_update(appearance=appearance, actor=checker, outlet="CNBC TV")
    assert queued == []  # the same URL: its copy stands

    with django_capture_on_commit_callbacks(execute=False) as queued:
        claim_services.appearance_update(appearance=appearance, actor=checker, url=site.url("/moved"))
    assert len(queued) == 1  # a new URL is archived anew
    site.pages["/moved"] = Page(body=b"<title>Moved</title>")
    services.snapshot_archive(target="appearance", target_id=appearance.pk)
    assert site.count("/moved") == 1
    assert [s.title for s in Snapshot.objects.filter(appearance=appearance).order_by("id")][-1] == "Moved"


def test_the_demo_queues_no_archiving(db, archiving, django_capture_on_commit_callbacks):
    from django.core.management import call_command

    with django_capture_on_commit_callbacks(execute=False) as queued:
        call_command("seed_demo", stdout=open("/dev/null", "w"))

    archiving_callbacks = [c for c in queued if "snapshot_archive" in repr(getattr(c, "args", ()))]
    assert archiving_callbacks == []
    assert Evidence.objects.filter(is_demo=True).exists()
    assert not Snapshot.objects.filter(is_demo=False).exists()


def test_archiving_off_queues_nothing(db, settings, checker, django_capture_on_commit_callbacks):
    settings.EVIDENCE_ARCHIVING = False
    claim = make_claim(author=checker)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        add_evidence(claim, actor=checker, url="https://example.org/not-fetched")
    assert queued == []


# --- Transient and permanent failures ----------------------------------------------------------------


def test_retry_waits_double_from_the_backoff_up_to_a_cap_with_jitter(settings):
    settings.ARCHIVE_RETRY_BACKOFF = 60
    for retries_done, expected in [(0, 60), (1, 120), (2, 240), (3, 480)]:
        waits = [services.archive_retry_delay(retries_done) for _ in range(200)]
        assert expected * 0.75 <= min(waits) and max(waits) <= expected * 1.25
        assert max(waits) - min(waits) > expected * 0.1  # jittered: retries of many items spread out
    capped = [services.archive_retry_delay(30) for _ in range(50)]
    assert max(capped) <= services.RETRY_BACKOFF_CAP * 1.25


@pytest.mark.django_db(transaction=True)
def test_transient_errors_are_retried_with_backoff_until_the_page_answers(worker, site, checker):
    site.pages["/flaky"] = Page(statuses=[503, 429, 200], body=b"<title>At last</title>")
    claim = make_claim(author=checker)

    evidence = add_evidence(claim, actor=checker, url=site.url("/flaky"))

    snapshot = wait_until(lambda: Snapshot.objects.filter(evidence=evidence).first(), message="a snapshot")
    assert snapshot.error == "" and snapshot.title == "At last"
    assert site.count("/flaky") == 3
    assert len(snapshots_of(evidence)) == 1


@pytest.mark.django_db(transaction=True)
def test_transient_errors_that_last_are_recorded_after_the_last_retry(worker, site, checker):
    site.pages["/down"] = Page(statuses=[503])
    claim = make_claim(author=checker)

    evidence = add_evidence(claim, actor=checker, url=site.url("/down"))

    snapshot = wait_until(lambda: Snapshot.objects.filter(evidence=evidence).first(), message="a failure")
    assert site.count("/down") == 3  # the first try and ARCHIVE_MAX_RETRIES (2) retries
    assert snapshot.status_code == 503
    assert (
        snapshot.error
        == "gave up after repeated failures; last: the page answered HTTP 503 Service Unavailable"
    )
    assert archive_json(checker, evidence)["status"] == "failed"


@pytest.mark.parametrize(
    ("page", "error"),
    [
        (Page(statuses=[404]), "the page answered HTTP 404 Not Found"),
        (Page(statuses=[410]), "the page answered HTTP 410 Gone"),
        (
            Page(content_type="application/zip", body=b"PK\x03\x04"),
            "refused: the content type “application/zip” is not kept "
            "(only HTML, text, PDF, JSON and images are)",
        ),
        (Page(content_type=None, body=b"?"), "refused: the response has no content type"),
        (Page(body=b"x" * 5000), "refused: the page is larger than 4,096 bytes"),
    ],
    ids=["404", "410", "zip", "no-type", "too-large"],
)
@pytest.mark.django_db(transaction=True)
def test_permanent_failures_are_recorded_at_once_without_retry(worker, site, checker, settings, page, error):
    settings.ARCHIVE_MAX_BYTES = 4096
    site.pages["/page"] = page
    claim = make_claim(author=checker)

    evidence = add_evidence(claim, actor=checker, url=site.url("/page"))

    snapshot = wait_until(lambda: Snapshot.objects.filter(evidence=evidence).first(), message="a failure")
    assert error in snapshot.error
    assert snapshot.sha256 == "" and snapshot.size is None and not snapshot.body
    drain(site, claim, checker)
    time.sleep(0.5)  # a retry (there must be none) would have been due 0.05 s after the failure
    assert site.count("/page") == 1
    assert len(snapshots_of(evidence)) == 1


@pytest.mark.parametrize(
    ("content_type", "body", "title", "text"),
    [
        ("text/plain; charset=latin-1", "Caf\xe9 prices rose.".encode("latin-1"), "", "Café prices rose."),
        ("application/json", b'{"imports": [1, 2]}', "", '{\n  "imports": [\n    1,\n    2\n  ]\n}'),
        ("application/pdf", b"%PDF-1.4\n1 0 obj << /Title (Annual report) >>\n%%EOF", "Annual report", ""),
        ("image/png", b"\x89PNG\r\n\x1a\n\x00\x00", "", ""),
    ],
)
def test_text_html_json_pdf_and_images_are_kept(
    db, archiving, site, checker, content_type, body, title, text
):
    site.pages["/file"] = Page(content_type=content_type, body=body)
    claim = make_claim(author=checker)
    evidence = add_evidence(claim, actor=checker, url=site.url("/file"))

    snapshot = services.snapshot_archive(target="evidence", target_id=evidence.pk)

    assert snapshot.error == "" and snapshot.sha256 == hashlib.sha256(body).hexdigest()
    assert (snapshot.title, snapshot.text) == (title, text)
    with default_storage.open(snapshot.body.name, "rb") as stored:
        assert stored.read() == body


def test_a_failed_archive_is_tried_again_when_the_evidence_is_saved(
    db, archiving, site, checker, django_capture_on_commit_callbacks
):
    site.pages["/later"] = Page(statuses=[404, 200], body=b"<title>Now here</title>")
    claim = make_claim(author=checker)
    evidence = add_evidence(claim, actor=checker, url=site.url("/later"))
    assert services.snapshot_archive(target="evidence", target_id=evidence.pk).error

    with django_capture_on_commit_callbacks(execute=False) as queued:
        evidence = services.evidence_update(evidence=evidence, actor=checker, excerpt="Found it again.")
    assert len(queued) == 1
    snapshot = services.snapshot_archive(target="evidence", target_id=evidence.pk)

    assert snapshot.error == "" and snapshot.title == "Now here"
    assert [s.error == "" for s in snapshots_of(evidence)] == [False, True]
    assert archive_json(checker, evidence)["status"] == "archived"


def test_the_api_says_pending_until_there_is_a_snapshot(db, archiving, site, checker):
    claim = make_claim(author=checker)
    evidence = add_evidence(claim, actor=checker, url=site.url("/nothing-yet"))
    offline = add_evidence(claim, actor=checker, url="", offline_reference="Library shelf 4", title="Book")

    assert archive_json(checker, evidence) == {
        "status": "pending",
        "error": "",
        "snapshot": None,
        "link": None,
    }
    assert archive_json(checker, offline) is None
    listed = api_for(checker).get(f"/api/v1/claims/{claim.pk}/").json()["evidence"]
    assert [item["archive"] and item["archive"]["status"] for item in listed] == ["pending", None]


# --- The archived copy in the desk: a page, and the file served so that it never runs ----------------------


def test_the_desk_links_the_archived_copy_and_serves_its_file_safely(db, archiving, site, checker, client):
    hostile = (
        b"<html><head><title>Hostile</title></head><body><script>alert(document.cookie)</script><p>Hi</p>"
    )
    site.pages["/hostile"] = Page(body=hostile)
    site.pages["/chart.png"] = Page(content_type="image/png", body=b"\x89PNG\r\n\x1a\nfake")
    claim = make_claim(author=checker)
    page_evidence = add_evidence(claim, actor=checker, url=site.url("/hostile"))
    image_evidence = add_evidence(claim, actor=checker, url=site.url("/chart.png"), title="Chart")
    appearance = claim_services.appearance_create(
        claim=claim, actor=checker, url=site.url("/hostile"), outlet="X"
    )
    page_copy = services.snapshot_archive(target="evidence", target_id=page_evidence.pk)
    image_copy = services.snapshot_archive(target="evidence", target_id=image_evidence.pk)
    url = f"/claims/{claim.pk}/snapshots/{page_copy.pk}/"

    assert client.get(url).status_code == 302  # members only
    client.force_login(checker)
    workspace = client.get(f"/claims/{claim.pk}/").content.decode()
    assert f'<a href="{url}">Archived copy</a>' in workspace
    assert workspace.count('data-archive-status="archived"') == 2
    assert workspace.count('data-archive-status="pending"') == 1  # the appearance, not archived yet
    assert appearance.pk

    page = client.get(url).content.decode()
    assert "Hostile" in page and page_copy.sha256 in page
    assert "<script>alert" not in page  # the text is shown escaped, the markup never
    assert f'href="{url}file/"' in page

    served = client.get(f"{url}file/")
    assert served.status_code == 200
    assert served["Content-Type"] == "text/plain; charset=utf-8"
    assert served["Content-Disposition"] == f'attachment; filename="snapshot-{page_copy.pk}.html"'
    assert served["X-Content-Type-Options"] == "nosniff"
    assert served["Content-Security-Policy"] == "sandbox; default-src 'none'"
    assert b"".join(served.streaming_content) == hostile

    image = client.get(f"/claims/{claim.pk}/snapshots/{image_copy.pk}/file/")
    assert image["Content-Type"] == "application/octet-stream"
    assert image["Content-Disposition"].startswith("attachment;")

    other = make_claim(author=checker, text="Another claim.")
    assert client.get(f"/claims/{other.pk}/snapshots/{page_copy.pk}/").status_code == 404
    assert client.get(f"/claims/{other.pk}/snapshots/{page_copy.pk}/file/").status_code == 404


def test_the_desk_shows_a_failed_archive_and_why(db, archiving, site, checker, client):
    site.pages["/gone"] = Page(statuses=[404])
    claim = make_claim(author=checker)
    evidence = add_evidence(claim, actor=checker, url=site.url("/gone"), title="Gone report")
    failed = services.snapshot_archive(target="evidence", target_id=evidence.pk)
    assert failed.error

    client.force_login(checker)
    workspace = client.get(f"/claims/{claim.pk}/").content.decode()

    assert workspace.count('data-archive-status="failed"') == 1
    assert failed.error in workspace
    assert archive_json(checker, evidence)["status"] == "failed"


def test_a_demo_copy_has_a_page_but_no_file(db, checker, client):
    from django.core.management import call_command

    call_command("seed_demo", stdout=open("/dev/null", "w"))
    demo = Snapshot.objects.filter(is_demo=True).select_related("evidence").first()
    client.force_login(checker)
    base = f"/claims/{demo.evidence.claim_id}/snapshots/{demo.pk}/"

    page = client.get(base).content.decode()
    assert "Demo content: this copy was made up for the demo" in page and "file/" not in page
    assert client.get(base + "file/").status_code == 404
