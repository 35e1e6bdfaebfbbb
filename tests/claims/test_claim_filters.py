"""One FilterSet (claims.filters.ClaimFilter) for the desk's claim list and the API's: same answers."""

import re

import pytest
from django.urls import reverse

from claims.models import ClaimState
from tests.factories import ClaimantFactory, claim_in_state, make_claim

pytestmark = pytest.mark.django_db


@pytest.fixture
def claims(checker, reviewer, editor):
    lutnick = ClaimantFactory(name="Howard Lutnick")
    return {
        "steel": make_claim(author=checker, claimant=lutnick, text="Korea dumps steel.", topics=["Steel"]),
        "power": make_claim(author=checker, text="Power is free in Japan.", language="ja"),
        "rated": claim_in_state(
            ClaimState.IN_REVIEW, checker=checker, reviewer=reviewer, editor=editor, text="Tariffs doubled."
        ),
        "lutnick": lutnick,
    }


def _page_ids(client, params) -> set[int]:
    response = client.get("/claims/", params)
    assert response.status_code == 200
    pattern = re.escape(reverse("claims:workspace", args=[999])).replace("999", r"(\d+)")
    return {int(pk) for pk in re.findall(pattern, response.content.decode())}


def _api_ids(client, params) -> set[int]:
    response = client.get("/api/v1/claims/", {**params, "page_size": 100})
    assert response.status_code == 200, response.content
    return {item["id"] for item in response.json()["results"]}


@pytest.mark.parametrize(
    "params",
    [
        {"q": "steel"},
        {"state": "in_review"},
        {"topic": "STEEL"},
        {"language": "ja"},
        {"rating": "false"},  # a label in another case (the page's list of labels used to need it exact)
        {"rating": "mostly-false"},  # a slug (the page used to refuse it)
        {"assignee": "checker-username"},  # a username (the page used to take ids only)
        {"claimant": "lutnick"},
    ],
)
def test_the_page_and_the_api_list_the_same_claims(client, checker, claims, params):
    params = dict(params)
    if params.get("assignee") == "checker-username":
        params["assignee"] = checker.username
    if params.get("claimant") == "lutnick":
        params["claimant"] = claims["lutnick"].pk
    client.force_login(checker)

    on_the_page = _page_ids(client, params)

    assert on_the_page == _api_ids(client, params)
    assert on_the_page < {c.pk for c in claims.values() if hasattr(c, "state")}  # it did filter


def test_a_bad_value_is_named_on_the_page_and_refused_by_the_api(client, checker, claims):
    client.force_login(checker)
    for params in ({"language": "english"}, {"rating": "Nonsense"}, {"assignee": "9" * 20}):
        page = client.get("/claims/", params).content.decode()
        name = next(iter(params))
        assert f'id="id_{name}_error"' in page, params
        assert client.get("/api/v1/claims/", params).status_code == 400, params
