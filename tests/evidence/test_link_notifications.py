"""A link on a published fact-check broke: the link check tells the members who answer for it, in the
transaction that records the check, once per finding; links of unpublished claims tell nobody."""

import pytest
from django.db import transaction

from claims import services as claim_services
from claims.models import ClaimState
from evidence import services
from evidence.models import LinkChange, Snapshot
from factcheck.models import Notification
from tests.factories import add_evidence, claim_in_state, make_claim, write_verdict
from tests.site import Page

BODY = b"<title>Tariff schedule</title><p>Steel: 25%.</p>"


def archived(site, claim, actor, path="/tariffs"):
    site.pages[path] = Page(body=BODY)
    evidence = add_evidence(claim, actor=actor, url=site.url(path))
    assert services.snapshot_archive(target="evidence", target_id=evidence.pk).error == ""
    return evidence


def published(site, members):
    checker, reviewer, editor = members["checker"], members["reviewer"], members["editor"]
    claim = claim_in_state(ClaimState.RESEARCHING, checker=checker, reviewer=reviewer, editor=editor)
    evidence = archived(site, claim, checker)
    write_verdict(claim, actor=checker)
    for action, actor in (("submit", checker), ("approve", reviewer), ("publish", editor)):
        claim_services.claim_transition(claim=claim, action=action, actor=actor)
    Notification.objects.all().delete()
    return claim, evidence


def recheck(evidence):
    return services.snapshot_recheck(target="evidence", target_id=evidence.pk)


def test_a_link_gone_on_a_published_fact_check_tells_its_team_once(db, archiving, site, members):
    claim, evidence = published(site, members)
    site.pages["/tariffs"].statuses = [404]

    gone = recheck(evidence)
    assert gone.change == LinkChange.GONE
    assert recheck(evidence) is None  # still gone: no new finding, nobody told again

    rows = Notification.objects.filter(kind="link_broken")
    # The assignee and author (Alice) and the editor who published (Erin); the reviewer is not told.
    assert sorted(rows.values_list("member__username", flat=True)) == ["alice-test", "erin-test"]
    first = rows.first()
    assert evidence.url in first.body and "HTTP 404" in first.body
    assert first.url == f"/claims/{claim.pk}/"


def test_a_link_gone_on_an_unpublished_claim_tells_nobody(db, archiving, site, checker):
    evidence = archived(site, make_claim(author=checker), checker)
    site.pages["/tariffs"].statuses = [404]

    assert recheck(evidence).change == LinkChange.GONE
    assert not Notification.objects.exists()


def test_a_link_check_that_rolls_back_tells_nobody(db, archiving, site, members):
    _, evidence = published(site, members)
    site.pages["/tariffs"].statuses = [404]

    with pytest.raises(RuntimeError), transaction.atomic():
        recheck(evidence)
        assert Notification.objects.filter(kind="link_broken").count() == 2
        raise RuntimeError("the worker dies before commit")

    assert not Notification.objects.exists()
    assert not Snapshot.objects.filter(change=LinkChange.GONE).exists()
