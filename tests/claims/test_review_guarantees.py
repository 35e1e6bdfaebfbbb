"""Nothing reaches a public page without a second person's review (issue "Review guarantees").

A review vouches for exactly what the reviewer read: every content change moves the revision a
review is checked against, a change to a row shared by claims (claimant, source) is a content change
of each claim built from it, and the public page lists only duplicates reviewed and published with
the fact-check.
"""

import pytest
from django.contrib.admin.utils import quote
from django.urls import reverse
from django.utils.html import escape

from claims import services
from claims.intake import services as intake_services
from claims.models import ClaimState, Publication
from evidence import services as evidence_services
from factcheck.errors import Conflict
from tests.factories import ClaimantFactory, add_evidence, claim_in_state, write_verdict
from tests.public_content import publish_sourced_factcheck
from tests.workflow import duplicate_claim, publish_revision

pytestmark = pytest.mark.django_db

S = ClaimState


@pytest.fixture
def people(checker, reviewer, editor):
    return {"checker": checker, "reviewer": reviewer, "editor": editor}


def refresh(claim):
    claim.refresh_from_db()
    claim.verdict.refresh_from_db()
    return claim


def assert_sent_back_for_review(claim, *, approved_revision):
    claim = refresh(claim)
    assert claim.state == S.IN_REVIEW
    assert claim.verdict.revision == approved_revision + 1
    assert claim.transitions.last().action == "content_changed"
    with pytest.raises(Conflict) as refused:
        services.claim_transition(claim=claim, action="publish", actor=editor_of(claim))
    assert refused.value.code == "wrong_state"


def editor_of(claim):
    return claim.transitions.get(action="assign").actor


# --- 2. Shared rows: claimants and sources ------------------------------------------------------


def test_renaming_the_claimant_of_an_approved_claim_needs_a_fresh_review_before_publishing(
    people, checker, reviewer, editor
):
    claimant = ClaimantFactory(name="Howard Lutnick", title="Secretary of Commerce")
    claim = claim_in_state(S.APPROVED, **people, claimant=claimant)
    approved = claim.verdict.revision

    services.claimant_update(claimant=claimant, actor=checker, name="Someone Else", kind="organisation")

    assert_sent_back_for_review(claim, approved_revision=approved)
    assert "The claimant Someone Else changed after approval" in claim.transitions.last().comment
    # Reviewed again, it publishes what the reviewer saw.
    services.claim_transition(claim=claim, action="approve", actor=reviewer)
    services.claim_transition(claim=claim, action="publish", actor=editor)
    publication = Publication.objects.get(claim=claim)
    assert publication.content["claimant"]["name"] == "Someone Else"
    assert publication.claimreview["itemReviewed"]["author"] == {
        "@type": "Organization",
        "name": "Someone Else",
        "jobTitle": "Secretary of Commerce",
    }


def test_renaming_a_source_of_an_approved_claim_needs_a_fresh_review(people, checker):
    source = evidence_services.source_get_or_create(name="Customs Office", kind="government", actor=checker)
    claim = claim_in_state(S.RESEARCHING, **people)
    add_evidence(claim, actor=checker, source=source)
    write_verdict(claim, actor=checker)
    services.claim_transition(claim=claim, action="submit", actor=checker)
    services.claim_transition(claim=claim, action="approve", actor=people["reviewer"])
    approved = refresh(claim).verdict.revision
    untouched = claim_in_state(S.APPROVED, **people)  # no evidence from this source

    evidence_services.source_update(source=source, actor=checker, name="Unreviewed Source", kind="ngo")

    assert_sent_back_for_review(claim, approved_revision=approved)
    assert refresh(untouched).state == S.APPROVED


def test_a_claim_in_review_gets_a_new_revision_when_its_claimant_changes(people, checker, reviewer):
    claimant = ClaimantFactory(name="Howard Lutnick")
    claim = claim_in_state(S.IN_REVIEW, **people, claimant=claimant)
    read = claim.verdict.revision

    services.claimant_update(claimant=claimant, actor=checker, title="Former Secretary")

    with pytest.raises(Conflict) as refused:
        services.claim_transition(claim=claim, action="approve", actor=reviewer, expected_revision=read)
    assert refused.value.code == "stale_revision"


def test_shared_row_changes_that_publish_nothing_new_disturb_no_approval(people, checker):
    claimant = ClaimantFactory(name="Howard Lutnick", title="Secretary")
    claim = claim_in_state(S.RESEARCHING, **people, claimant=claimant)
    source = evidence_services.source_get_or_create(name="Customs Office", kind="government", actor=checker)
    add_evidence(claim, actor=checker, source=source)
    write_verdict(claim, actor=checker)
    services.claim_transition(claim=claim, action="submit", actor=checker)
    services.claim_transition(claim=claim, action="approve", actor=people["reviewer"])

    services.claimant_update(claimant=claimant, actor=checker, name=" Howard  Lutnick ", title="Secretary")
    evidence_services.source_update(source=source, actor=checker, url="https://customs.example.org/")

    assert refresh(claim).state == S.APPROVED


def test_a_published_fact_check_keeps_the_claimant_as_published(client, people, checker):
    claimant = ClaimantFactory(name="Howard Lutnick", title="Secretary of Commerce")
    claim = publish_sourced_factcheck(**people, claimant=claimant)

    services.claimant_update(claimant=claimant, actor=checker, name="Someone Else")

    slug = Publication.objects.get(claim=claim).slug
    page = client.get(f"/fact-checks/{slug}/").content.decode()
    assert "Howard Lutnick" in page and "Someone Else" not in page
    assert refresh(claim).state == S.PUBLISHED


def test_the_admin_edits_claimants_and_sources_through_the_same_rule(client, people, checker, admin_member):
    claimant = ClaimantFactory(name="Howard Lutnick", title="Secretary")
    by_claimant = claim_in_state(S.APPROVED, **people, claimant=claimant)
    source = evidence_services.source_get_or_create(name="Customs Office", kind="government", actor=checker)
    by_source = claim_in_state(S.RESEARCHING, **people)
    add_evidence(by_source, actor=checker, source=source)
    write_verdict(by_source, actor=checker)
    services.claim_transition(claim=by_source, action="submit", actor=checker)
    services.claim_transition(claim=by_source, action="approve", actor=people["reviewer"])
    revisions = {c.pk: refresh(c).verdict.revision for c in (by_claimant, by_source)}
    client.force_login(admin_member)

    changed = client.post(
        reverse("admin:claims_claimant_change", args=[quote(claimant.pk)]),
        {"name": "Someone Else", "title": "Secretary", "kind": "person"},
    )
    assert changed.status_code == 302, changed.content.decode()[:2000]
    changed = client.post(
        reverse("admin:evidence_source_change", args=[quote(source.pk)]),
        {"name": "Unreviewed Source", "kind": "government", "url": ""},
    )
    assert changed.status_code == 302, changed.content.decode()[:2000]

    for claim in (by_claimant, by_source):
        assert_sent_back_for_review(claim, approved_revision=revisions[claim.pk])


def test_renaming_a_rating_in_the_admin_sends_claims_rated_with_it_back_to_review(
    client, people, admin_member
):
    approved = claim_in_state(S.APPROVED, **people)
    rating = refresh(approved).verdict.rating
    revision = refresh(approved).verdict.revision
    client.force_login(admin_member)

    changed = client.post(
        reverse("admin:claims_rating_change", args=[quote(rating.pk)]),
        {
            "scale": rating.scale_id,
            "position": rating.position,
            "label": "Totally made up",
            "slug": rating.slug,
            "value": "" if rating.value is None else rating.value,
            "description": rating.description,
        },
    )
    assert changed.status_code == 302, changed.content.decode()[:2000]
    assert_sent_back_for_review(approved, approved_revision=revision)


def test_saving_a_rating_unchanged_in_the_admin_disturbs_no_approval(client, people, admin_member):
    approved = claim_in_state(S.APPROVED, **people)
    rating = refresh(approved).verdict.rating
    client.force_login(admin_member)

    saved = client.post(
        reverse("admin:claims_rating_change", args=[quote(rating.pk)]),
        {
            "scale": rating.scale_id,
            "position": rating.position,
            "label": rating.label,
            "slug": rating.slug,
            "value": "" if rating.value is None else rating.value,
            "description": rating.description,
        },
    )
    assert saved.status_code == 302, saved.content.decode()[:2000]
    assert refresh(approved).state == S.APPROVED


# --- 3. Every content change moves the revision a review is checked against ---------------------


CHANGES = {
    "statement": lambda claim, actor: services.claim_update(claim=claim, actor=actor, text="New words."),
    "new evidence": lambda claim, actor: add_evidence(claim, actor=actor, title="Unread evidence"),
    "changed evidence": lambda claim, actor: evidence_services.evidence_update(
        evidence=claim.evidence.first(), actor=actor, excerpt="An excerpt nobody read"
    ),
    "rebuttal": lambda claim, actor: evidence_services.rebuttal_create(
        claim=claim, actor=actor, party="The Ministry", statement="An unread denial."
    ),
    "appearance": lambda claim, actor: services.appearance_create(
        claim=claim, actor=actor, outlet="Unread Outlet", medium="tv"
    ),
}


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_an_approval_of_the_revision_read_is_refused_after_a_change_before_any_review(
    people, checker, reviewer, change
):
    claim = claim_in_state(S.IN_REVIEW, **people)
    assert not claim.verdict.reviews.exists()
    read = claim.verdict.revision

    CHANGES[change](claim, checker)

    with pytest.raises(Conflict) as refused:
        services.claim_transition(claim=claim, action="approve", actor=reviewer, expected_revision=read)
    assert refused.value.code == "stale_revision"
    assert refresh(claim).state == S.IN_REVIEW and not claim.verdict.reviews.exists()
    services.claim_transition(claim=claim, action="approve", actor=reviewer, expected_revision=read + 1)
    assert refresh(claim).state == S.APPROVED


def test_a_revision_read_before_submission_is_not_the_one_reviewed(people, checker, reviewer):
    claim = claim_in_state(S.RESEARCHING, **people)
    add_evidence(claim, actor=checker)
    write_verdict(claim, actor=checker)
    read = refresh(claim).verdict.revision  # what an API client fetched while the claim was researched
    add_evidence(claim, actor=checker, title="Added after it was read")
    services.claim_transition(claim=claim, action="submit", actor=checker)

    with pytest.raises(Conflict) as refused:
        services.claim_transition(claim=claim, action="approve", actor=reviewer, expected_revision=read)
    assert refused.value.code == "stale_revision"


# --- 4. The public page shows only reviewed and published duplicates ----------------------------


def test_linking_a_duplicate_to_an_approved_claim_needs_a_fresh_review(people, checker):
    claim = claim_in_state(S.APPROVED, **people)
    approved = claim.verdict.revision

    intake_services.claim_duplicate_link(claim=duplicate_claim(checker), duplicate_of=claim, actor=checker)

    assert_sent_back_for_review(claim, approved_revision=approved)


def test_rewording_a_listed_duplicate_of_an_approved_claim_needs_a_fresh_review(people, checker, reviewer):
    claim = claim_in_state(S.IN_REVIEW, **people)
    repeat = duplicate_claim(checker)
    intake_services.claim_duplicate_link(claim=repeat, duplicate_of=claim, actor=checker)
    services.claim_transition(claim=claim, action="approve", actor=reviewer)
    approved = refresh(claim).verdict.revision

    services.claim_update(claim=repeat, actor=checker, text="Words the reviewer never read.")

    assert_sent_back_for_review(claim, approved_revision=approved)


def test_the_public_page_lists_a_duplicate_only_once_reviewed_and_published(client, people, checker):
    claim = publish_sourced_factcheck(**people, text="Steel imports doubled last year.")
    slug = Publication.objects.get(claim=claim).slug
    url = f"/fact-checks/{slug}/"
    repeat = duplicate_claim(checker)

    intake_services.claim_duplicate_link(claim=repeat, duplicate_of=claim, actor=checker)

    page = client.get(url).content.decode()
    assert "Also checked as" not in page and "Imports of steel have doubled" not in page
    assert refresh(claim).state == S.PUBLISHED  # the publication stands as it was reviewed

    services.claim_transition(claim=claim, action="revise", actor=people["editor"])
    publish_revision(claim, **people, note="Lists where the claim was made again.", note_kind="update")
    page = client.get(url).content.decode()
    section = page.split('id="also-checked-title"')[1].split("</section>")[0]
    assert (
        "Jane Roe, Senator — “Imports of steel have doubled, she said.” "
        '(<a href="https://example.org/town-hall" rel="nofollow noopener noreferrer">Town Hall Radio</a>, '
        '<time datetime="2025-08-02">2 August 2025</time>)'
    ) in section

    # The desk's claim changes later: the page keeps the words reviewed and published.
    services.claim_update(claim=repeat, actor=checker, text="Words nobody reviewed.")
    services.appearance_update(appearance=repeat.appearances.get(), actor=checker, outlet="Unreviewed FM")
    page = client.get(url).content.decode()
    assert "Imports of steel have doubled, she said." in page
    assert escape("Words nobody reviewed.") not in page and "Unreviewed FM" not in page
