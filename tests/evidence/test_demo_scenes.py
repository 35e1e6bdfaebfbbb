"""The screenshots' extra demo claims (evidence.demo.demo_scenes_load): work sent back with changes
requested, a verdict resubmitted after changes, and a correction published through the quick path."""

import io

import pytest
from django.core.management import call_command

from claims.models import Claim, ClaimState, Transition
from evidence.demo import DEMO_SCENES, demo_scenes_load

pytestmark = pytest.mark.django_db


def test_the_scenes_reach_changes_requested_and_a_correction_and_load_once():
    call_command("seed_demo", stdout=io.StringIO())

    assert demo_scenes_load() == [spec["external_id"] for spec in DEMO_SCENES]

    returned = Claim.objects.select_related("assignee").get(external_id="demo-scene-returned")
    assert (returned.state, returned.assignee.username) == (ClaimState.RESEARCHING, "alice")
    sent_back = Transition.objects.filter(claim=returned).latest("id")
    assert (sent_back.action, sent_back.actor.username) == ("request_changes", "bob")
    assert sent_back.comment.startswith("Name the year of the price table")

    resubmitted = Claim.objects.get(external_id="demo-scene-resubmitted")
    assert resubmitted.state == ClaimState.IN_REVIEW
    assert list(resubmitted.verdict.reviews.values_list("decision", flat=True)) == ["request_changes"]
    assert resubmitted.verdict.conclusion.startswith("Imports from Korea rose by about 4 per cent")

    corrected = Claim.objects.get(external_id="demo-scene-corrected")
    assert corrected.state == ClaimState.PUBLISHED
    first, second = corrected.publications.order_by("version")
    assert second.note_kind == "correction"
    assert second.note == "The charge for stock was 4.5 billion dollars, not 4.6 billion."
    assert second.published_by.username == "erin"
    assert "4.5 billion" in corrected.verdict.analysis and first.verdict_revision < second.verdict_revision
    assert Claim.objects.count() == 9

    assert demo_scenes_load() == []  # a second run finds them
    assert Claim.objects.count() == 9
