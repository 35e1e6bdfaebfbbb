"""The Django admin: every page loads, and every write goes through the services."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.admin.utils import quote
from django.contrib.auth.models import Group
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse
from django.utils import timezone
from pghistory.models import Event, Events

from claims import services
from claims.models import (
    Appearance,
    Claim,
    ClaimState,
    Publication,
    Review,
    Transition,
    Verdict,
)
from evidence import services as evidence_services
from evidence.models import Evidence, Rebuttal, Snapshot, Source
from factcheck.models import ApiToken, TokenScope, User
from factcheck.roles import Role
from factcheck.services import api_token_authenticate, api_token_create
from factcheck.webhooks import webhook_create
from tests.factories import ClaimantFactory, add_evidence, claim_in_state, make_claim


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Six members per test: the production hasher would dominate the run time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def change_url(obj):
    return admin_url(type(obj), "change", quote(obj.pk))


def in_state(state, members, **kwargs):
    return claim_in_state(
        state, checker=members["checker"], reviewer=members["reviewer"], editor=members["editor"], **kwargs
    )


@pytest.fixture
def admin_client(client, admin_member):
    client.force_login(admin_member)
    return client


@pytest.fixture
def world(members):
    """At least one row of every model the admin shows, made through the workflow."""
    claims = {state: in_state(state, members) for state in ClaimState.values}
    researching = claims[ClaimState.RESEARCHING]
    checker = members["checker"]
    source = evidence_services.source_get_or_create(
        name="Korea Customs Service", kind="government", actor=checker
    )
    evidence = add_evidence(researching, actor=checker, source=source)
    evidence_services.rebuttal_create(
        claim=researching, actor=checker, party="Korean government", statement="This is not factual."
    )
    appearance = services.appearance_create(
        claim=researching, actor=checker, outlet="CNBC", medium="tv", is_first=True
    )
    # Snapshots are written by the archiving task; there is no service to call yet.
    Snapshot.objects.create(evidence=evidence, url=evidence.url, status_code=200, fetched_at=timezone.now())
    Snapshot.objects.create(appearance=appearance, url="https://example.org/tv", fetched_at=timezone.now())
    Group.objects.create(name="Desk")
    api_token_create(user=members["editor"], name="CMS", scopes=[TokenScope.FACTCHECKS_READ])
    # A webhook (its history shows in the admin); the loopback target is allowlisted and never called.
    with override_settings(OUTBOUND_ALLOWLIST=frozenset({("127.0.0.1", 9)})):
        webhook_create(url="http://127.0.0.1:9/hook", events=["claim.submitted"], actor=members["admin"])
    # A failed login (the admin's "Access attempts" lists it).
    Client().post("/accounts/login/", {"username": checker.username, "password": "a wrong guess"})
    return claims


def row_of(model):
    # pghistory's Events reads through `objects`; its default manager is deliberately empty.
    manager = Events.objects if model is Events else model._default_manager
    return manager.order_by("pk").first()


# --- Every page ------------------------------------------------------------------


def test_every_registered_model_has_a_changelist_and_a_change_page(admin_client, world):
    assert len(admin.site._registry) >= 30, "domain models and their history should all be registered"
    for model in admin.site._registry:
        response = admin_client.get(admin_url(model, "changelist"))
        assert response.status_code == 200, (model, response.status_code)
        obj = row_of(model)
        assert obj is not None, f"the test world has no {model._meta.label}"
        response = admin_client.get(change_url(obj))
        assert response.status_code == 200, (model, response.status_code)


def test_the_claim_page_links_to_its_workflow_view_and_its_events(admin_client, world):
    claim = world[ClaimState.NEW]
    page = admin_client.get(change_url(claim)).content.decode()
    assert 'name="state"' not in page  # shown, never a field
    assert admin_url(Claim, "transition", claim.pk) in page
    assert "Open to you now:" in page and "Assign" in page and "Dismiss" in page
    events = admin_client.get(
        reverse("admin:pghistory_events_changelist"), {"method": "tracks", "obj": f"claims.Claim:{claim.pk}"}
    )
    assert events.status_code == 200
    assert events.context["cl"].result_count >= 1


# --- History is read-only ----------------------------------------------------------


def history_admins():
    return [
        (model, model_admin)
        for model, model_admin in admin.site._registry.items()
        if model is Events or issubclass(model, Event)
    ]


def test_history_cannot_be_added_changed_or_deleted_in_the_admin(admin_client, admin_member, world):
    registered = {model for model, _ in history_admins()}
    assert apps.get_model("claims", "ClaimEvent") in registered
    assert apps.get_model("evidence", "EvidenceEvent") in registered
    assert Events in registered
    request = RequestFactory().get("/admin/")
    request.user = admin_member
    for model, model_admin in history_admins():
        assert not model_admin.has_add_permission(request), model
        assert not model_admin.has_change_permission(request), model
        assert not model_admin.has_delete_permission(request), model
        assert "delete_selected" not in model_admin.get_actions(request), model
    claim_event = apps.get_model("claims", "ClaimEvent")
    event = claim_event.objects.order_by("pgh_id").first()
    count = claim_event.objects.count()
    assert admin_client.post(change_url(event), {"text": "rewritten"}).status_code == 403
    assert admin_client.post(admin_url(claim_event, "delete", event.pk), {"post": "yes"}).status_code == 403
    assert admin_client.get(admin_url(claim_event, "add")).status_code == 403
    assert claim_event.objects.count() == count
    event.refresh_from_db()
    assert event.text != "rewritten"


# --- Claims --------------------------------------------------------------------------


def claim_form_data(claim, **overrides):
    data = {
        "text": claim.text,
        "summary": claim.summary,
        "claimant": claim.claimant_id,
        "claimed_on": "",
        "language": claim.language,
        "topics": ",".join(claim.topics),
        "due_on": "",
        "selection_reason": claim.selection_reason,
    }
    return data | overrides


def test_posting_the_claim_form_cannot_change_its_state(admin_client, checker):
    claim = make_claim(author=checker)
    data = claim_form_data(claim, text="Steel imports tripled last year.", state=ClaimState.PUBLISHED)
    response = admin_client.post(change_url(claim), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    claim.refresh_from_db()
    assert claim.text == "Steel imports tripled last year."
    assert claim.state == ClaimState.NEW
    assert not claim.transitions.exists()


def test_a_claim_added_in_the_admin_goes_through_the_service(admin_client, admin_member):
    claimant = ClaimantFactory(name="Howard Lutnick")
    data = {
        "text": "China, Japan, and Korea provide electricity almost for free.",
        "summary": "Asian countries give steelmakers free electricity",
        "claimant": claimant.pk,
        "language": "en",
        "topics": " Trade, trade ,Energy",
        "selection_reason": "Widely shared",
        "external_id": "TV-1",
    }
    response = admin_client.post(admin_url(Claim, "add"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    claim = Claim.objects.get(external_id="TV-1")
    assert claim.created_by == admin_member
    assert claim.state == ClaimState.NEW
    assert claim.topics == ["trade", "energy"]  # cleaned by claim_create


def test_a_refused_claim_save_shows_on_the_form(admin_client, checker):
    make_claim(author=checker, external_id="AFP-1")
    claimant = ClaimantFactory()
    data = {"text": "Another statement.", "claimant": claimant.pk, "language": "en", "external_id": "AFP-1"}
    response = admin_client.post(admin_url(Claim, "add"), data)
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.errors
    assert "Another statement." in response.content.decode()  # what was typed is kept
    assert Claim.objects.filter(external_id="AFP-1").count() == 1


def test_a_published_claim_is_view_only_and_cannot_be_deleted(admin_client, members):
    claim = in_state(ClaimState.PUBLISHED, members)
    page = admin_client.get(change_url(claim))
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    response = admin_client.post(change_url(claim), claim_form_data(claim, text="Quietly changed."))
    assert response.status_code == 403
    assert admin_client.post(admin_url(Claim, "delete", claim.pk), {"post": "yes"}).status_code == 403
    claim.refresh_from_db()
    assert claim.text != "Quietly changed."


def test_the_claim_list_offers_no_bulk_delete(admin_client, admin_member, world):
    request = RequestFactory().get("/admin/")
    request.user = admin_member
    for model in (Claim, Publication, Review, Transition, Verdict, Snapshot):
        assert "delete_selected" not in admin.site._registry[model].get_actions(request), model
    page = admin_client.get(admin_url(Claim, "changelist")).content.decode()
    assert "delete_selected" not in page


# --- The workflow view -------------------------------------------------------------


def transition(client, claim, **data):
    return client.post(admin_url(Claim, "transition", claim.pk), data)


def test_the_workflow_view_offers_the_actions_the_workflow_allows(admin_client, checker):
    claim = make_claim(author=checker)
    response = admin_client.get(admin_url(Claim, "transition", claim.pk))
    assert response.status_code == 200
    offered = [name for name, _ in response.context["form"].fields["action"].widget.choices]
    assert offered == ["assign", "take", "dismiss"]


def test_the_workflow_view_assigns_a_claim(admin_client, admin_member, checker):
    claim = make_claim(author=checker)
    response = transition(admin_client, claim, action="assign", assignee=checker.pk, note_kind="update")
    assert response.status_code == 302
    assert response["Location"] == change_url(claim)
    claim.refresh_from_db()
    assert claim.state == ClaimState.RESEARCHING
    assert claim.assignee == checker
    entry = claim.transitions.get()
    assert (entry.action, entry.actor) == ("assign", admin_member)
    page = admin_client.get(response["Location"]).content.decode()
    assert "Assign: the claim is now researching." in page


def test_the_workflow_view_publishes_and_revises(admin_client, members):
    claim = in_state(ClaimState.APPROVED, members)
    response = transition(admin_client, claim, action="publish", note_kind="update")
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.state == ClaimState.PUBLISHED
    assert Publication.objects.filter(claim=claim, published_by=members["admin"]).count() == 1
    response = transition(admin_client, claim, action="revise", note_kind="update")
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.state == ClaimState.RESEARCHING


def test_a_refused_action_shows_the_workflow_message_and_keeps_what_was_typed(admin_client, checker):
    claim = make_claim(author=checker)
    response = transition(admin_client, claim, action="publish", comment="Ready to go", note_kind="update")
    assert response.status_code == 200
    page = response.content.decode()
    assert "This claim is new; “Publish” needs it to be approved." in page
    assert "Ready to go" in page
    claim.refresh_from_db()
    assert claim.state == ClaimState.NEW
    assert not Publication.objects.filter(claim=claim).exists()


def test_a_refused_review_by_an_admin_shows_not_permitted(admin_client, members):
    claim = in_state(ClaimState.IN_REVIEW, members)
    response = transition(admin_client, claim, action="approve", note_kind="update")
    assert response.status_code == 200
    assert "Only a reviewer can review a verdict." in response.content.decode()
    claim.refresh_from_db()
    assert claim.state == ClaimState.IN_REVIEW
    assert not Review.objects.filter(verdict__claim=claim).exists()


def test_an_action_missing_its_input_is_refused(admin_client, checker):
    claim = make_claim(author=checker)
    response = transition(admin_client, claim, action="dismiss", comment="  ", note_kind="update")
    assert response.status_code == 200
    assert "“Dismiss” needs a reason." in response.content.decode()
    claim.refresh_from_db()
    assert claim.state == ClaimState.NEW


def test_members_without_staff_status_cannot_reach_the_workflow_view(client, editor, checker):
    claim = make_claim(author=checker)
    client.force_login(editor)
    response = transition(client, claim, action="dismiss", comment="Not checkable", note_kind="update")
    assert response.status_code == 302
    assert "/login/" in response["Location"]
    claim.refresh_from_db()
    assert claim.state == ClaimState.NEW


# --- Verdicts ------------------------------------------------------------------------


def verdict_form_data(verdict, **overrides):
    data = {
        "rating": verdict.rating_id,
        "headline": verdict.headline,
        "conclusion": verdict.conclusion,
        "analysis": verdict.analysis,
        "expected_revision": verdict.revision,
    }
    return data | overrides


def test_editing_a_verdict_in_the_admin_bumps_its_revision(admin_client, admin_member, members):
    claim = in_state(ClaimState.IN_REVIEW, members)
    verdict = claim.verdict
    before = verdict.revision
    response = admin_client.post(
        change_url(verdict), verdict_form_data(verdict, headline="Not what data show")
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    verdict.refresh_from_db()
    assert verdict.revision == before + 1
    assert verdict.headline == "Not what data show"
    assert verdict.last_edited_by == admin_member


def test_editing_an_approved_verdict_sends_the_claim_back_to_review(admin_client, members):
    claim = in_state(ClaimState.APPROVED, members)
    verdict = claim.verdict
    response = admin_client.post(change_url(verdict), verdict_form_data(verdict, conclusion="On reflection."))
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.state == ClaimState.IN_REVIEW


def test_a_stale_verdict_form_is_refused(admin_client, members):
    claim = in_state(ClaimState.IN_REVIEW, members)
    verdict = claim.verdict
    stale = verdict_form_data(verdict, headline="My older edit")
    services.verdict_update(
        claim=claim,
        actor=members["checker"],
        rating=verdict.rating,
        headline="Their newer edit",
        conclusion=verdict.conclusion,
    )
    response = admin_client.post(change_url(verdict), stale)
    assert response.status_code == 200
    assert "Someone else changed this verdict meanwhile" in response.content.decode()
    verdict.refresh_from_db()
    assert verdict.headline == "Their newer edit"


def test_a_published_verdict_is_view_only(admin_client, members):
    verdict = in_state(ClaimState.PUBLISHED, members).verdict
    response = admin_client.post(change_url(verdict), verdict_form_data(verdict, headline="Quiet edit"))
    assert response.status_code == 403
    verdict.refresh_from_db()
    assert verdict.headline != "Quiet edit"


# --- Publications ----------------------------------------------------------------------


def test_a_publication_cannot_be_changed_or_deleted(admin_client, members):
    claim = in_state(ClaimState.PUBLISHED, members)
    publication = Publication.objects.get(claim=claim)
    page = admin_client.get(change_url(publication))
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    response = admin_client.post(change_url(publication), {"note": "Rewritten", "rating_label": "True"})
    assert response.status_code == 403
    assert admin_client.get(admin_url(Publication, "delete", publication.pk)).status_code == 403
    assert (
        admin_client.post(admin_url(Publication, "delete", publication.pk), {"post": "yes"}).status_code
        == 403
    )
    assert admin_client.get(admin_url(Publication, "add")).status_code == 403
    publication.refresh_from_db()
    assert publication.rating_label == "False"
    assert Publication.objects.filter(claim=claim).count() == 1


def test_reviews_and_transitions_are_read_only(admin_client, members):
    claim = in_state(ClaimState.APPROVED, members)
    review = Review.objects.get(verdict__claim=claim)
    entry = claim.transitions.first()
    for obj in (review, entry):
        assert admin_client.post(change_url(obj), {"comment": "edited"}).status_code == 403
        assert admin_client.post(admin_url(type(obj), "delete", obj.pk), {"post": "yes"}).status_code == 403
        assert admin_client.get(admin_url(type(obj), "add")).status_code == 403
    assert Review.objects.filter(pk=review.pk).exists()
    assert Transition.objects.filter(pk=entry.pk).exists()


# --- Evidence, rebuttals, appearances ----------------------------------------------------


def test_evidence_on_a_published_claim_cannot_be_changed_or_deleted(admin_client, members):
    claim = in_state(ClaimState.PUBLISHED, members)
    evidence = claim.evidence.get()
    assert admin_client.post(admin_url(Evidence, "delete", evidence.pk), {"post": "yes"}).status_code == 403
    bulk = {"action": "delete_selected", "_selected_action": [evidence.pk], "post": "yes"}
    assert admin_client.post(admin_url(Evidence, "changelist"), bulk).status_code == 403
    data = {"stance": "supports", "kind": "document", "title": "Changed", "url": evidence.url}
    assert admin_client.post(change_url(evidence), data).status_code == 403
    evidence.refresh_from_db()
    assert evidence.title == "Customs statistics"


def test_evidence_is_deleted_through_the_service_with_its_snapshots(admin_client, admin_member, members):
    claim = in_state(ClaimState.RESEARCHING, members)
    evidence = add_evidence(claim, actor=members["checker"])
    Snapshot.objects.create(evidence=evidence, url=evidence.url, fetched_at=timezone.now())
    bulk = {"action": "delete_selected", "_selected_action": [evidence.pk], "post": "yes"}
    response = admin_client.post(admin_url(Evidence, "changelist"), bulk)
    assert response.status_code == 302
    assert not Evidence.objects.filter(pk=evidence.pk).exists()
    assert not Snapshot.objects.filter(url=evidence.url, evidence_id=evidence.pk).exists()
    event = apps.get_model("evidence", "EvidenceEvent").objects.get(
        pgh_obj_id=evidence.pk, pgh_label="delete"
    )
    assert event.pgh_context["user"] == admin_member.pk


def test_adding_material_to_a_published_claim_is_refused_on_the_form(admin_client, members):
    claim = in_state(ClaimState.PUBLISHED, members)
    data = {"claim": claim.pk, "party": "Ministry", "kind": "denial", "statement": "We deny it."}
    response = admin_client.post(admin_url(Rebuttal, "add"), data)
    assert response.status_code == 200
    assert "This fact-check is published" in response.content.decode()
    assert not Rebuttal.objects.filter(claim=claim).exists()
    data = {"claim": claim.pk, "outlet": "Radio", "medium": "radio"}
    response = admin_client.post(admin_url(Appearance, "add"), data)
    assert response.status_code == 200
    assert "This fact-check is published" in response.content.decode()
    assert not Appearance.objects.filter(claim=claim).exists()


def test_marking_another_appearance_first_moves_the_mark(admin_client, members):
    claim = in_state(ClaimState.RESEARCHING, members)
    first = services.appearance_create(claim=claim, actor=members["checker"], outlet="CNBC", is_first=True)
    data = {"claim": claim.pk, "outlet": "Yonhap", "medium": "article", "is_first": "on"}
    response = admin_client.post(admin_url(Appearance, "add"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    first.refresh_from_db()
    assert not first.is_first
    assert claim.appearances.get(is_first=True).outlet == "Yonhap"


def test_evidence_added_in_the_admin_is_added_by_the_admin(admin_client, admin_member, members):
    claim = in_state(ClaimState.RESEARCHING, members)
    data = {
        "claim": claim.pk,
        "stance": "context",
        "kind": "dataset",
        "title": "Tariff data",
        "url": "https://example.org/t",
    }
    response = admin_client.post(admin_url(Evidence, "add"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    evidence = claim.evidence.get(title="Tariff data")
    assert evidence.added_by == admin_member


# --- Members -------------------------------------------------------------------------


def test_members_are_listed_and_created_with_their_role(admin_client, members):
    page = admin_client.get(admin_url(User, "changelist")).content.decode()
    assert "Reviewer" in page and "Editor" in page
    data = {
        "username": "grace-test",
        "email": "grace@example.org",
        "role": Role.REVIEWER,
        "usable_password": "true",
        "password1": "a-long-enough-passphrase-42",
        "password2": "a-long-enough-passphrase-42",
    }
    response = admin_client.post(admin_url(User, "add"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    member = User.objects.get(username="grace-test")
    assert member.role == Role.REVIEWER
    assert not member.is_staff and not member.is_superuser
    assert member.check_password("a-long-enough-passphrase-42")


def test_the_role_decides_who_gets_the_admin(admin_client, members):
    editor = members["editor"]
    page = admin_client.get(change_url(editor)).content.decode()
    assert "Role and permissions" in page
    assert 'name="is_staff"' not in page  # follows the role
    data = {
        "username": editor.username,
        "email": editor.email,
        "first_name": "Erin",
        "last_name": "",
        "role": Role.ADMIN,
        "is_active": "on",
        "is_staff": "",  # ignored: read-only
        "date_joined_0": "2025-01-01",
        "date_joined_1": "00:00:00",
    }
    response = admin_client.post(change_url(editor), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    editor.refresh_from_db()
    assert (editor.role, editor.first_name) == (Role.ADMIN, "Erin")
    assert editor.is_staff and editor.is_superuser
    data["role"] = Role.FACT_CHECKER
    assert admin_client.post(change_url(editor), data).status_code == 302
    editor.refresh_from_db()
    assert not editor.is_staff and not editor.is_superuser


# --- Claimants and sources ------------------------------------------------------------


def test_a_second_source_of_the_same_name_is_refused_on_the_form(admin_client, admin_member):
    evidence_services.source_get_or_create(name="Statistics Korea", actor=admin_member)
    data = {"name": "statistics  korea", "kind": "official_statistics", "url": ""}
    response = admin_client.post(admin_url(Source, "add"), data)
    assert response.status_code == 200
    assert "The source Statistics Korea already exists" in response.content.decode()
    assert Source.objects.filter(name__iexact="statistics korea").count() == 1


# --- API tokens ------------------------------------------------------------------------


def test_an_api_token_is_listed_without_its_secret_never_edited_and_revoked(admin_client, editor):
    # Members create their own tokens (tests/factcheck/test_token_actors.py): the admin lists and revokes.
    token, secret = api_token_create(user=editor, name="Newsroom CMS", scopes=[TokenScope.FACTCHECKS_READ])
    assert secret not in admin_client.get(admin_url(ApiToken, "changelist")).content.decode()
    assert admin_client.post(change_url(token), {"name": "Renamed"}).status_code == 403
    bulk = {"action": "revoke_selected", "_selected_action": [token.pk]}
    assert admin_client.post(admin_url(ApiToken, "changelist"), bulk).status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert api_token_authenticate(secret) is None


# --- Webhooks --------------------------------------------------------------------


def test_a_webhook_added_in_the_admin_shows_its_secret_once(admin_client, admin_member, settings):
    from factcheck.models import Webhook

    settings.OUTBOUND_ALLOWLIST = frozenset({("127.0.0.1", 8765)})
    response = admin_client.post(
        admin_url(Webhook, "add"),
        {
            "url": "http://127.0.0.1:8765/hooks",
            "events": ["factcheck.published", "factcheck.corrected"],
            "description": "CMS",
            "is_active": "on",
        },
    )
    assert response.status_code == 200
    webhook = Webhook.objects.get()
    assert webhook.secret.startswith("whsec_")
    assert webhook.secret in response.content.decode()
    assert webhook.events == ["factcheck.published", "factcheck.corrected"]
    change_page = admin_client.get(change_url(webhook)).content.decode()
    assert webhook.secret not in change_page
    assert "recent deliveries" in change_page.lower()


def test_a_private_webhook_target_is_refused_beside_the_field(admin_client):
    from factcheck.models import Webhook

    response = admin_client.post(
        admin_url(Webhook, "add"),
        {"url": "http://10.0.0.5/hooks", "events": ["claim.submitted"], "is_active": "on"},
    )
    assert response.status_code == 200
    assert not Webhook.objects.exists()
    assert "private" in response.content.decode().lower()
