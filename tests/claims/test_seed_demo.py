import datetime
import hashlib
import io

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from claims.models import (
    Appearance,
    Claim,
    ClaimState,
    Publication,
    Rating,
    Review,
    ReviewDecision,
    Transition,
    Verdict,
)
from evidence.demo import DEMO_CLAIMS, DEMO_MEMBERS, DEMO_PASSWORD
from evidence.models import Evidence, Rebuttal, Snapshot, Stance
from factcheck.models import User
from factcheck.roles import Role
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

DEMO_IDS = [spec["external_id"] for spec in DEMO_CLAIMS]


def seed_demo() -> str:
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def demo_claims():
    return Claim.objects.filter(external_id__in=DEMO_IDS)


def database_contents() -> dict:
    """Every row of every model of the project, history events included."""
    contents = {}
    for model in apps.get_models():
        if model._meta.app_label in {"factcheck", "claims", "evidence", "pghistory"}:
            contents[model._meta.label] = list(model.objects.order_by("pk").values())
    return contents


def test_the_demo_covers_every_state_with_the_six_claims():
    output = seed_demo()

    claims = demo_claims()
    assert claims.count() == 6
    assert set(claims.values_list("state", flat=True)) == set(ClaimState.values)
    assert all(claims.values_list("is_demo", flat=True))
    for external_id in DEMO_IDS:
        assert f"Loaded demo claim {external_id}" in output
    for username, role in DEMO_MEMBERS:
        assert f"{username:<8} {role}" in output
    assert DEMO_PASSWORD in output


def test_every_demo_claim_has_a_claimant_and_a_first_appearance_in_july_2025():
    seed_demo()

    for claim in demo_claims().select_related("claimant"):
        assert claim.claimant.name and claim.claimant.title
        first = Appearance.objects.get(claim=claim, is_first=True)
        assert first.outlet
        assert first.medium in {"tv", "article"}
        assert datetime.date(2025, 7, 1) <= first.appeared_on <= datetime.date(2025, 7, 31)
    lutnick = demo_claims().get(external_id="demo-h20-1")
    assert lutnick.claimant.name == "Howard Lutnick"
    assert lutnick.claimant.title == "U.S. Secretary of Commerce"
    assert lutnick.text.startswith("China, Japan, and Korea provide electricity almost for free")
    assert lutnick.appearances.get(is_first=True).outlet == "CNBC"


def test_the_demo_has_every_stance_a_rebuttal_and_a_publication():
    seed_demo()

    evidence = Evidence.objects.filter(claim__in=demo_claims())
    assert set(evidence.values_list("stance", flat=True)) == set(Stance.values)
    steel = demo_claims().get(external_id="demo-h20-1")
    rebuttal = Rebuttal.objects.get(claim=steel)
    assert "Korean" in rebuttal.party and "not factual" in rebuttal.statement
    assert steel.state == ClaimState.PUBLISHED
    publication = Publication.objects.get(claim=steel)
    assert publication.version == 1
    assert publication.content["rebuttals"][0]["party"] == rebuttal.party
    assert publication.claimreview["reviewRating"]["alternateName"] == steel.verdict.rating.label


def test_demo_content_is_marked_as_demo():
    seed_demo()

    claims = demo_claims()
    verdicts = Verdict.objects.filter(claim__in=claims)
    assert verdicts.exists() and all(verdicts.values_list("is_demo", flat=True))
    assert all("Demo content" in analysis for analysis in verdicts.values_list("analysis", flat=True))
    assert all(Evidence.objects.filter(claim__in=claims).values_list("is_demo", flat=True))
    assert all(Rebuttal.objects.filter(claim__in=claims).values_list("is_demo", flat=True))


def test_demo_evidence_has_made_up_snapshots_instead_of_fetches():
    seed_demo()

    evidence = Evidence.objects.filter(claim__in=demo_claims())
    assert evidence.exists()
    for item in evidence:
        snapshot = Snapshot.objects.get(evidence=item)
        assert snapshot.is_demo
        assert snapshot.url == item.url
        assert snapshot.status_code == 200
        assert snapshot.title and snapshot.text
        assert snapshot.sha256 == hashlib.sha256(snapshot.text.encode()).hexdigest()
        assert snapshot.size == len(snapshot.text.encode())


def test_the_demo_goes_through_the_real_workflow():
    seed_demo()
    alice, bob, erin = (User.objects.get(username=name) for name in ("alice", "bob", "erin"))

    by_action = {}
    for entry in Transition.objects.filter(claim__in=demo_claims()):
        by_action.setdefault(entry.action, set()).add(entry.actor_id)
    assert by_action["assign"] == {erin.pk}
    assert by_action["submit"] == {alice.pk}
    assert by_action["approve"] == {bob.pk}
    assert by_action["publish"] == {erin.pk}
    assert by_action["dismiss"] == {erin.pk}
    assert Transition.objects.get(action="dismiss", claim__in=demo_claims()).comment
    # The published one went back once: a review asking for changes, then an approval.
    steel = demo_claims().get(external_id="demo-h20-1")
    decisions = list(Review.objects.filter(verdict__claim=steel).values_list("decision", "revision"))
    # Each submission opens a revision of its own (the verdict was written at revision 1).
    assert decisions == [(ReviewDecision.REQUEST_CHANGES, 2), (ReviewDecision.APPROVE, 3)]
    for claim in demo_claims().exclude(state__in=[ClaimState.NEW, ClaimState.DISMISSED]):
        assert claim.assignee == alice


def test_demo_members_have_their_roles_and_the_demo_password():
    seed_demo()

    for username, role in DEMO_MEMBERS:
        member = User.objects.get(username=username)
        assert member.role == role
        assert member.check_password(DEMO_PASSWORD)
        assert member.is_superuser == member.is_staff == (role == Role.ADMIN)


def test_running_it_twice_changes_nothing():
    seed_demo()
    before = database_contents()
    counts = {label: len(rows) for label, rows in before.items()}
    assert counts["claims.Claim"] == 6
    assert counts["claims.ClaimEvent"] > 0

    output = seed_demo()

    after = database_contents()
    assert {label: len(rows) for label, rows in after.items()} == counts
    assert after == before
    assert "nothing changed" in output


def test_an_existing_member_keeps_their_password():
    UserFactory(username="alice", role=Role.FACT_CHECKER)

    output = seed_demo()

    alice = User.objects.get(username="alice")
    assert alice.check_password(PASSWORD)
    assert "left unchanged: alice" in output
    assert demo_claims().count() == 6


def test_a_member_with_another_role_stops_the_demo_before_it_writes():
    UserFactory(username="bob", role=Role.EDITOR)

    with pytest.raises(CommandError, match="needs bob as an active reviewer"):
        seed_demo()

    assert not demo_claims().exists()
    assert not User.objects.filter(username__in=["alice", "erin", "admin"]).exists()
    assert User.objects.get(username="bob").role == Role.EDITOR


def test_a_missing_rating_is_one_clear_refusal():
    Rating.objects.filter(label="Mostly false").delete()

    with pytest.raises(CommandError, match="no “Mostly false” rating"):
        seed_demo()

    assert not demo_claims().exists()
