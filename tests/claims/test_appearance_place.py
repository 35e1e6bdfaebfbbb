"""An appearance has a URL or an outlet: one rule (claims.services), said by every interface."""

import pytest
from django.core.exceptions import ValidationError

from claims import services
from claims.models import Claim, Claimant, ClaimState
from tests.api.conftest import assert_problem
from tests.factories import claim_in_state

pytestmark = pytest.mark.django_db


@pytest.fixture
def claim(checker, reviewer, editor):
    return claim_in_state(ClaimState.RESEARCHING, checker=checker, reviewer=reviewer, editor=editor)


def test_the_service_refuses_an_appearance_without_a_place(claim, checker):
    with pytest.raises(ValidationError) as refused:
        services.appearance_create(claim=claim, actor=checker, medium="tv", excerpt="Said on air.")
    assert "URL or the outlet" in str(refused.value.message_dict["url"])
    appearance = services.appearance_create(claim=claim, actor=checker, outlet="KBS", medium="tv")
    with pytest.raises(ValidationError):  # clearing the one it has (the API's PATCH used to skip the check)
        services.appearance_update(appearance=appearance, actor=checker, outlet="")


def test_logging_a_claim_with_a_placeless_appearance_creates_nothing(client, checker):
    client.force_login(checker)
    body = {
        "text": "Steel imports doubled.",
        "claimant": {"name": "A New Claimant"},
        "appearances": [{"medium": "tv", "appeared_on": "2025-07-14"}],
    }

    response = client.post("/api/v1/claims/", body, content_type="application/json")
    assert_problem(response, 400, field="appearances")
    # The claimant the service found or created goes with the claim it was for.
    assert not Claimant.objects.filter(name="A New Claimant").exists() and not Claim.objects.exists()


def test_the_desk_forms_name_the_missing_place_beside_the_url(client, checker, claim):
    client.force_login(checker)
    new = client.post(
        "/claims/new/",
        {"text": "Steel imports doubled.", "claimant_name": "Someone", "claimant_kind": "person",
         "language": "en", "appearance_medium": "tv", "appearance_on": "2025-07-14"},
    )  # fmt: skip
    assert new.status_code == 200 and 'id="id_appearance_url_error"' in new.content.decode()
    assert not Claimant.objects.filter(name="Someone").exists()
