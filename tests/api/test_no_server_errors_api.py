"""A sweep of hostile values through every field and filter of the claims API: 4xx problems, never a 500."""

import pytest

from tests.api.conftest import PROBLEM
from tests.api.endpoints import ENDPOINTS

pytestmark = pytest.mark.django_db

VALUES = [None, 10**30, 1.5, True, "x" * 3000, "nul\x00inside", "50%", [1], {"unknown": 1}, "2025-13-45"]
# The fields each write takes (an unknown one is refused before anything else happens).
FIELDS = {
    "claims create": ["text", "summary", "claimant", "claimed_on", "language", "topics", "due_on",
                      "appearances", "external_id"],
    "claim edit": ["text", "summary", "claimant", "claimed_on", "language", "topics", "due_on",
                   "selection_reason"],
    "verdict write": ["rating", "headline", "conclusion", "analysis"],
    "appearance": ["url", "outlet", "medium", "appeared_on", "excerpt", "is_first"],
    "evidence": ["stance", "kind", "title", "url", "offline_reference", "source", "excerpt", "published_on",
                 "is_withheld"],
    "rebuttal": ["party", "kind", "statement", "url", "stated_on"],
    "claimant": ["name", "title", "kind"],
    "source": ["name", "kind", "url"],
}  # fmt: skip
QUERY = ["state", "claimant", "assignee", "topic", "rating", "language", "created_after", "q", "cursor",
         "page_size", "name"]  # fmt: skip
QUERY_VALUES = ["\x00", "x" * 600, "99999999999999999999999", "1.5", "50%", "2025-13-45"]


def fields_of(endpoint_name: str) -> list[str]:
    if endpoint_name in FIELDS:
        return FIELDS[endpoint_name]
    return FIELDS[endpoint_name.split()[0]]


def check(response, what, failures):
    if response.status_code >= 500:
        failures.append((what, response.status_code))
    elif response.status_code >= 400 and not response["Content-Type"].startswith(PROBLEM):
        failures.append((what, response["Content-Type"]))


def test_hostile_values_never_cause_a_server_error(world, token_for, editor):
    client = token_for(editor)
    failures = []
    for name, method, template, body, _, needs_if_match, _ in ENDPOINTS:
        url = template.format(**world)
        if method == "get":
            if "{" not in template:  # the lists take query parameters
                for param in QUERY:
                    for value in QUERY_VALUES:
                        check(client.get(url, {param: value}), (name, param, value), failures)
            continue
        headers = {"HTTP_IF_MATCH": "*"} if needs_if_match else {}
        if method == "delete":
            check(getattr(client, method)(url, {"x": "\x00"}, format="json", **headers), name, failures)
            continue
        for field in fields_of(name):
            for value in VALUES:
                data = (body() if body else {}) | {field: value}
                response = getattr(client, method)(url, data, format="json", **headers)
                check(response, (name, field, repr(value)[:30]), failures)
    transitions = f"/api/v1/claims/{world['claim']}/transitions/"
    for field in ["action", "comment", "assignee", "note", "note_kind"]:
        for value in VALUES:
            data = {"action": "assign", "assignee": "alice-test"} | {field: value}
            check(
                client.post(transitions, data, format="json"),
                ("transition", field, repr(value)[:30]),
                failures,
            )
    assert failures == []
