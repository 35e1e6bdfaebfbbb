"""Link-rot checks: archived URLs fetched again; gone or changed pages become snapshots with the change
noted, and the dashboard and the API list the evidence of published fact-checks a desk must look at."""

import datetime
import io
import socket

import pytest
from django.core.management import call_command
from django.utils import timezone
from rest_framework.test import APIClient

from claims import services as claim_services
from claims.models import ClaimState
from evidence import services
from evidence.models import LinkChange, Snapshot, SnapshotKind
from factcheck.services import api_token_create
from tests.factories import add_evidence, claim_in_state, make_claim, write_verdict
from tests.site import Page
from tests.workers import wait_until

ORIGINAL = b"<title>Tariff schedule</title><p>Steel: 25%.</p>"
CHANGED = b"<title>Tariff schedule</title><p>Steel: 50%.</p>"


def recheck(evidence):
    return services.snapshot_recheck(target="evidence", target_id=evidence.pk)


def archived(site, claim, actor, path="/tariffs", body=ORIGINAL, **fields):
    site.pages[path] = Page(body=body)
    evidence = add_evidence(claim, actor=actor, url=site.url(path), **fields)
    snapshot = services.snapshot_archive(target="evidence", target_id=evidence.pk)
    assert snapshot.error == "", snapshot.error
    return evidence


def published_with(site, members, *, paths=("/tariffs",)):
    """A published fact-check whose evidence points at the loopback site, archived."""
    checker, reviewer, editor = members["checker"], members["reviewer"], members["editor"]
    claim = claim_in_state(ClaimState.RESEARCHING, checker=checker, reviewer=reviewer, editor=editor)
    items = [archived(site, claim, checker, path=path, title=f"Evidence at {path}") for path in paths]
    write_verdict(claim, actor=checker)
    claim_services.claim_transition(claim=claim, action="submit", actor=checker)
    claim_services.claim_transition(claim=claim, action="approve", actor=reviewer)
    claim_services.claim_transition(claim=claim, action="publish", actor=editor)
    return claim, items


def age(evidence, days: int) -> None:
    """Pretend the evidence's snapshots were taken (and last checked) `days` ago."""
    when = timezone.now() - datetime.timedelta(days=days)
    Snapshot.objects.filter(evidence=evidence).update(fetched_at=when, checked_at=None)


@pytest.fixture
def api(editor):
    _, secret = api_token_create(user=editor, name="Corrections desk", scopes=["claims:read"])
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    return client


# --- What a check records -------------------------------------------------------------------------------


def test_the_same_content_writes_nothing_and_stamps_the_check(db, archiving, site, checker):
    evidence = archived(site, make_claim(author=checker), checker)
    (snapshot,) = Snapshot.objects.filter(evidence=evidence)

    assert recheck(evidence) is None

    snapshot.refresh_from_db()
    assert Snapshot.objects.filter(evidence=evidence).count() == 1
    assert snapshot.checked_at is not None and snapshot.checked_at >= snapshot.fetched_at
    assert site.count("/tariffs") == 2


def test_changed_content_is_a_new_snapshot_with_the_change_noted(db, archiving, site, checker):
    evidence = archived(site, make_claim(author=checker), checker)
    original = Snapshot.objects.get(evidence=evidence)
    site.pages["/tariffs"].body = CHANGED

    changed = recheck(evidence)

    assert changed.kind == SnapshotKind.RECHECK and changed.change == LinkChange.CHANGED
    assert changed.sha256 != original.sha256 and "50%" in changed.text
    assert changed.note.startswith("The content changed since the copy of ")
    assert original.sha256[:12] in changed.note and changed.sha256[:12] in changed.note
    assert recheck(evidence) is None  # changed once; the same again is no news
    assert Snapshot.objects.filter(evidence=evidence).count() == 2


@pytest.mark.parametrize("status", [404, 410, 500, 503])
def test_an_error_status_is_gone_once_and_back_again_when_it_answers(db, archiving, site, checker, status):
    evidence = archived(site, make_claim(author=checker), checker)
    site.pages["/tariffs"].statuses = [status]

    gone = recheck(evidence)

    assert gone.change == LinkChange.GONE and gone.status_code == status
    assert f"HTTP {status}" in gone.error and gone.note.startswith("The link is gone: ")
    assert recheck(evidence) is None  # still gone: no second "gone"
    assert Snapshot.objects.filter(evidence=evidence, change=LinkChange.GONE).count() == 1

    site.pages["/tariffs"].statuses = [200]
    back = recheck(evidence)
    assert back.change == LinkChange.RESTORED and back.note.startswith("The page answers again")


def test_a_name_that_no_longer_resolves_is_gone(db, archiving, settings, site, checker, monkeypatch):
    """The DNS failure is made here, without a query: the resolver answers "no such name" for it."""
    evidence = archived(site, make_claim(author=checker), checker)
    settings.OUTBOUND_ALLOWLIST = frozenset({("127.0.0.1", site.port), ("vanished.test", site.port)})
    real = socket.getaddrinfo

    def getaddrinfo(host, *args, **kwargs):
        if host == "vanished.test":
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    new_url = f"http://vanished.test:{site.port}/tariffs"
    Snapshot.objects.filter(evidence=evidence).update(url=new_url)
    evidence.__class__.objects.filter(pk=evidence.pk).update(url=new_url)

    gone = recheck(evidence)

    assert gone.change == LinkChange.GONE
    assert "could not resolve vanished.test" in gone.error


def test_demo_and_never_archived_urls_are_not_checked(db, archiving, site, checker):
    claim = make_claim(author=checker)
    site.pages["/pending"] = Page()
    pending = add_evidence(claim, actor=checker, url=site.url("/pending"))
    demo = archived(site, claim, checker, path="/demo", title="Demo")
    demo.__class__.objects.filter(pk=demo.pk).update(is_demo=True)

    assert recheck(pending) is None and recheck(demo) is None
    assert site.count("/pending") == 0 and site.count("/demo") == 1  # only its archiving
    assert services.snapshot_recheck_due(older_than=datetime.timedelta(0)) == []


def test_due_checks_are_the_oldest_beyond_the_age(db, archiving, site, checker):
    claim = make_claim(author=checker)
    old = archived(site, claim, checker, path="/old", title="Old")
    older = archived(site, claim, checker, path="/older", title="Older")
    fresh = archived(site, claim, checker, path="/fresh", title="Fresh")
    age(old, 10)
    age(older, 20)
    age(fresh, 2)

    due = services.snapshot_recheck_due(older_than=datetime.timedelta(days=7))

    assert due == [("evidence", older.pk), ("evidence", old.pk)]
    recheck(old)  # same content: checked now, so no longer due
    assert services.snapshot_recheck_due(older_than=datetime.timedelta(days=7)) == [("evidence", older.pk)]


# --- The command and the periodic task -------------------------------------------------------------------


def test_recheck_links_command_checks_what_is_due_and_says_what_it_found(db, archiving, site, checker):
    claim = make_claim(author=checker)
    gone = archived(site, claim, checker, path="/gone", title="Gone")
    changed = archived(site, claim, checker, path="/changed", title="Changed")
    same = archived(site, claim, checker, path="/same", title="Same")
    recent = archived(site, claim, checker, path="/recent", title="Recent")
    for item in (gone, changed, same):
        age(item, 30)
    site.pages["/gone"].statuses = [404]
    site.pages["/changed"].body = CHANGED
    out = io.StringIO()

    call_command("recheck_links", "--older-than", "7", stdout=out)

    output = out.getvalue()
    assert (
        f"evidence {gone.pk} {site.url('/gone')}: gone: The link is gone: the page answered HTTP 404"
        in output
    )
    assert f"evidence {changed.pk} {site.url('/changed')}: changed: The content changed" in output
    assert "Checked 3 links last checked over 7 days ago: 1 same, 1 gone, 1 changed, 0 back again." in output
    assert site.count("/recent") == 1  # archived, not checked: it is not due
    assert Snapshot.objects.filter(evidence=recent).count() == 1

    out = io.StringIO()
    call_command("recheck_links", stdout=out)  # LINK_RECHECK_DAYS: everything was just checked
    assert "Checked 0 links" in out.getvalue()


def test_recheck_links_refuses_a_bad_age(db):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="older-than"):
        call_command("recheck_links", "--older-than", "soon")


@pytest.mark.django_db(transaction=True)
def test_the_periodic_task_queues_the_due_checks_for_the_worker(worker, site, checker):
    from evidence.tasks import links_recheck_due

    claim = make_claim(author=checker)
    evidence = archived(site, claim, checker)
    age(evidence, 30)
    site.pages["/tariffs"].body = CHANGED

    links_recheck_due.delay()

    changed = wait_until(
        lambda: Snapshot.objects.filter(evidence=evidence, change=LinkChange.CHANGED).first(),
        message="the check",
    )
    assert "50%" in changed.text


def test_the_beat_schedule_runs_the_link_check(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["links-recheck"]
    assert entry["task"] == "evidence.tasks.links_recheck_due"
    from factcheck.celery import app

    app.loader.import_default_modules()
    assert "evidence.tasks.links_recheck_due" in app.tasks


# --- Where the desk sees it ------------------------------------------------------------------------------


def test_the_api_and_the_dashboard_list_broken_or_changed_evidence_of_published_fact_checks(
    db, archiving, site, members, api, client
):
    claim, (gone, changed, fine) = published_with(site, members, paths=("/gone", "/changed", "/fine"))
    draft = make_claim(author=members["checker"], text="A claim still in research.")
    unpublished = archived(site, draft, members["checker"], path="/draft-gone", title="Draft evidence")
    site.pages["/gone"].statuses = [404]
    site.pages["/draft-gone"].statuses = [404]
    site.pages["/changed"].body = CHANGED
    for item in (gone, changed, fine, unpublished):
        recheck(item)

    body = api.get("/api/v1/evidence/link-problems/").json()

    listed = {row["evidence_id"]: row for row in body["results"]}
    assert set(listed) == {gone.pk, changed.pk}
    assert listed[gone.pk]["problem"] == "gone" and listed[gone.pk]["status_code"] == 404
    assert listed[changed.pk]["problem"] == "changed" and listed[changed.pk]["claim_id"] == claim.pk
    assert listed[gone.pk]["fact_check_url"].endswith(f"-{claim.pk}/")
    assert listed[gone.pk]["note"].startswith("The link is gone")
    evidence_json = api.get(f"/api/v1/claims/{claim.pk}/evidence/{gone.pk}/").json()
    assert evidence_json["archive"]["status"] == "archived"  # the copy is kept
    assert evidence_json["archive"]["link"]["state"] == "gone"

    client.force_login(members["editor"])
    page = client.get("/dashboard/").content.decode()
    assert "Links to look at" in page
    assert page.count('data-link-problem="gone"') == 1 and page.count('data-link-problem="changed"') == 1
    assert "Evidence at /gone" in page and "Draft evidence" not in page

    workspace = client.get(f"/claims/{claim.pk}/").content.decode()
    assert "The link is gone" in workspace and "The page has changed" in workspace


def test_the_link_problems_endpoint_needs_a_reader(db, api):
    assert APIClient().get("/api/v1/evidence/link-problems/").status_code == 401
    response = api.get("/api/v1/evidence/link-problems/?state=gone")
    assert response.status_code == 400 and "state" in response.json()["detail"]
    assert api.get("/api/v1/evidence/link-problems/").json() == {"next": None, "results": []}


def test_archivings_whose_message_was_lost_are_found_for_the_periodic_task(db, archiving, site, checker):
    from evidence.models import Evidence

    claim = make_claim(author=checker)
    site.pages["/lost"] = Page()
    lost = add_evidence(claim, actor=checker, url=site.url("/lost"), title="Lost")
    recent = add_evidence(claim, actor=checker, url=site.url("/recent"), title="Recent")
    done = archived(site, claim, checker, path="/done", title="Done")
    demo = add_evidence(claim, actor=checker, url=site.url("/demo"), title="Demo", is_demo=True)
    three_hours_ago = timezone.now() - datetime.timedelta(hours=3)
    Evidence.objects.filter(pk__in=[lost.pk, done.pk, demo.pk]).update(updated_at=three_hours_ago)

    assert services.snapshot_archive_lost() == [("evidence", lost.pk)]
    # Two hours is what makes "recent" not lost yet: with no wait at all, it would be.
    assert ("evidence", recent.pk) in services.snapshot_archive_lost(older_than=datetime.timedelta(0))
