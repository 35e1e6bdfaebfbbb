"""Schemathesis over /api/schema/: generated requests to every operation, in-process, on real PostgreSQL.

Each operation is called with values drawn from its schema (valid and invalid),
and every response must be no server error, have a documented status code and
content type, and match the documented schema (body and headers). The app runs
in this process through its WSGI handler: no server, no worker. Anything the
API enqueues goes to Celery's in-memory transport (tasks are tested elsewhere
with a real worker), and a guard fails the test if anything reaches for an
address other than loopback.
"""

import datetime
import http.server
import ipaddress
import socket
import threading

import hypothesis
import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.result import Ok
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from claims import services
from claims.intake import services as intake_services
from claims.models import ClaimState
from evidence import services as evidence_services
from factcheck import webhooks
from factcheck.models import TokenScope
from factcheck.services import api_token_create
from tests.api.conftest import assert_problem
from tests.factories import ClaimantFactory, add_evidence, claim_in_state, write_verdict
from tests.workflow import publish_factcheck

pytestmark = pytest.mark.django_db(transaction=True)

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]
PUBLIC_PATHS = r"^/api/(v1/fact-checks/|factchecktools/)"
# Enough examples per operation to reach past validation into the services, few enough that the
# whole file stays within about three minutes on two shared cores.
EXAMPLES = 100
LOOPBACK_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost"}


# --- The world the generated requests run into ---------------------------------------------------


class _Receiver(http.server.BaseHTTPRequestHandler):
    def do_POST(self):  # noqa: N802 - the http.server API
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def receiver_port():
    """A webhook receiver on a loopback port: the only target the outbound policy lets through.

    It answers the delivery the world is built with; during the run no worker delivers anything.
    """
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Receiver)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


@pytest.fixture
def contract_settings(settings, receiver_port):
    # This is a contract test, not a throttling one (tests/api/test_throttling_api.py is).
    settings.API_THROTTLE_CALLER = "1000000/min"
    settings.API_THROTTLE_ANONYMOUS = "1000000/min"
    settings.OUTBOUND_ALLOWLIST = frozenset({("127.0.0.1", receiver_port)})
    settings.ALLOWED_HOSTS = ["localhost"]
    return settings


def _is_loopback(host) -> bool:
    if host is None:
        return True  # a passive or local socket
    host = str(host).strip("[]").split("%", 1)[0].lower()
    if host in LOOPBACK_NAMES or host == "":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@pytest.fixture
def loopback_only(monkeypatch):
    """Fail the test if anything resolves or connects to a host that is not loopback.

    The refused call raises as an unreachable network would, and the attempt is
    recorded: the test asserts there were none.
    """
    attempts = []
    real_getaddrinfo = socket.getaddrinfo
    real_connect = socket.socket.connect

    def getaddrinfo(host, *args, **kwargs):
        if not _is_loopback(host):
            attempts.append(("resolve", host))
            raise socket.gaierror(socket.EAI_NONAME, "refused by the test's loopback guard")
        return real_getaddrinfo(host, *args, **kwargs)

    def connect(sock, address):
        host = address[0] if isinstance(address, tuple) else None
        if sock.family in (socket.AF_INET, socket.AF_INET6) and not _is_loopback(host):
            attempts.append(("connect", address))
            raise ConnectionRefusedError("refused by the test's loopback guard")
        return real_connect(sock, address)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    monkeypatch.setattr(socket.socket, "connect", connect)
    return attempts


@pytest.fixture
def contract_world(contract_settings, checker, reviewer, editor, admin_member, receiver_port):
    """Rows for the generated requests to find: claims in several states with their parts, published
    fact-checks, claimants, sources, a webhook with finished deliveries, an intake job; and an admin's
    token with every scope (admins may do everything, webhooks included)."""
    researching = claim_in_state(ClaimState.RESEARCHING, checker=checker, reviewer=reviewer, editor=editor)
    write_verdict(researching, actor=checker)
    evidence = [add_evidence(researching, actor=checker, stance=s) for s in ("supports", "refutes")]
    rebuttal = evidence_services.rebuttal_create(
        claim=researching, actor=checker, party="Ministry of Energy", statement="Not true."
    )
    appearance = services.appearance_create(claim=researching, actor=checker, outlet="CNBC", medium="tv")
    new = claim_in_state(ClaimState.NEW, checker=checker, reviewer=reviewer, editor=editor)
    in_review = claim_in_state(ClaimState.IN_REVIEW, checker=checker, reviewer=reviewer, editor=editor)
    published = [
        publish_factcheck(
            checker=checker,
            reviewer=reviewer,
            editor=editor,
            text=text,
            rating=rating,
            language=language,
            claimed_on=datetime.date(2025, 6, 2),
            appearances=[{"url": "https://example.org/interview", "medium": "tv", "is_first": True}],
            rebuttals=[{"party": "Steel association", "statement": "Not factual."}],
        )
        for text, rating, language in (
            ("Electricity is almost free in Korea and steel is dumped on us.", "False", "en"),
            ("Die Stahlimporte haben sich verdoppelt.", "Mostly false", "de"),
        )
    ]
    published_appearance = published[0].appearances.get()
    source = evidence_services.source_create(name="Statistics office", actor=checker)
    webhook, _ = webhooks.webhook_create(
        url=f"http://127.0.0.1:{receiver_port}/hooks",
        events=["claim.submitted", "factcheck.published"],
        actor=admin_member,
    )
    ping = webhooks.webhook_ping(webhook=webhook, actor=admin_member)
    # Delivered as the worker's task would (a finished delivery can be sent again: redeliver).
    webhooks.webhook_delivery_attempt(delivery_id=ping.pk)
    job = intake_services.intake_job_create(url="http://127.0.0.1:9/article", actor=checker)
    _, secret = api_token_create(user=admin_member, name="Contract test", scopes=list(TokenScope.values))
    claims = [researching.pk, new.pk, in_review.pk, *(c.pk for c in published)]
    return {
        "token": secret,
        "webhook_urls": [f"http://127.0.0.1:{receiver_port}/hooks", "http://127.0.0.1:9/refused"],
        "ids": {
            "claims": claims,
            "fact-checks": [c.pk for c in published],
            "claimants": [ClaimantFactory().pk, researching.claimant_id],
            "sources": [source.pk],
            "webhooks": [webhook.pk],
            "jobs": [job.pk],
            "appearances": [appearance.pk, published_appearance.pk],
            "evidence": [e.pk for e in evidence],
            "rebuttals": [rebuttal.pk],
            "deliveries": [ping.pk],
            "members": [checker.pk, editor.pk],
        },
        "claim_of_item": {
            "appearances": {appearance.pk: researching.pk, published_appearance.pk: published[0].pk},
            "evidence": {e.pk: researching.pk for e in evidence},
            "rebuttals": {rebuttal.pk: researching.pk},
        },
    }


# Body fields that name another row by id, and where the world keeps such ids.
BODY_REFERENCES = {
    "claimant": "claimants",
    "source": "sources",
    "duplicate_of": "claims",
    "assignee": "members",
}


def _known_ids(world, path: str) -> st.SearchStrategy | None:
    """Path parameters that name existing rows, so requests reach past the 404 into the services."""
    ids = world["ids"]
    segments = [segment for segment in path.split("/") if segment]
    if "{item_pk}" in segments:  # /api/v1/claims/{id}/<kind>/{item_pk}/
        owners = world["claim_of_item"].get(segments[segments.index("{item_pk}") - 1])
        if not owners:
            return None
        return st.sampled_from([{"id": claim, "item_pk": item} for item, claim in owners.items()])
    collection = segments[segments.index("{id}") - 1] if "{id}" in segments else None
    if collection not in ids:
        return None  # an operation added since this test was written: its generated ids are used as they are
    known = {"id": st.sampled_from(ids[collection])}
    if "{delivery_pk}" in segments:
        known["delivery_pk"] = st.sampled_from(ids["deliveries"])
    return st.fixed_dictionaries(known)


def _takes_if_match(operation) -> bool:
    return any(p.get("name") == "If-Match" for p in operation.definition.raw.get("parameters", []))


@pytest.fixture
def api_schema(contract_world):
    """The schema as /api/schema/ serves it, bound to the app in this process, with hooks that steer
    generated values towards existing rows and keep webhook targets on loopback."""
    schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())
    world = contract_world

    @schema.hook
    def flatmap_path_parameters(context, path_parameters):
        # One request in four keeps the generated ids (mostly unknown ones: the 404 path).
        known = _known_ids(world, context.operation.path) if path_parameters else None
        if known is None:
            return st.just(path_parameters)
        return st.one_of(known, known, known, st.just(path_parameters))

    @schema.hook
    def flatmap_headers(context, headers):
        # A generated If-Match is a stale ETag (412); "*" lets half of the writes through to the services.
        if not _takes_if_match(context.operation):
            return st.just(headers)
        return st.sampled_from([{**(headers or {}), "If-Match": "*"}, headers])

    @schema.hook
    def flatmap_body(context, body):
        # References to other rows (a claimant's id, ...) name existing rows half of the time, and
        # webhook targets are loopback only: the allowlisted port, or a port the outbound policy refuses.
        if not isinstance(body, dict):
            return st.just(body)
        replacements = {}
        for field, kind in BODY_REFERENCES.items():
            if isinstance(body.get(field), int) and not isinstance(body[field], bool):
                replacements[field] = st.one_of(st.sampled_from(world["ids"][kind]), st.just(body[field]))
        if context.operation.path.startswith("/api/v1/webhooks/") and "url" in body:
            replacements["url"] = st.sampled_from(world["webhook_urls"])
        return st.fixed_dictionaries(replacements).map(lambda new: {**body, **new})

    return schema


def run_operation(operation, *, headers: dict, statuses: list[int]) -> None:
    """Generated requests to one operation, valid and invalid ones, each response checked by CHECKS."""
    strategy = st.one_of(
        operation.as_strategy(generation_mode=GenerationMode.POSITIVE),
        operation.as_strategy(generation_mode=GenerationMode.NEGATIVE),
    )

    @hypothesis.settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,  # the same requests on every run: what fails in CI fails here too
        database=None,
        suppress_health_check=list(hypothesis.HealthCheck),
        phases=[hypothesis.Phase.generate, hypothesis.Phase.shrink],
    )
    @hypothesis.given(case=strategy)
    def check(case):
        response = case.call_and_validate(headers=headers, checks=CHECKS)
        statuses.append(response.status_code)

    check()


def run_all(schema, *, headers: dict) -> tuple[dict[str, list[int]], list[str]]:
    """Every operation of the schema: the status codes each answered, and the failures (one report each)."""
    statuses, failures, operations = {}, [], []
    for result in schema.get_all_operations():
        if isinstance(result, Ok):
            operations.append(result.ok())
        else:
            failures.append(f"The schema is not valid: {result.err()}")
    # Removals last, so that every other operation finds the rows they remove.
    for operation in sorted(operations, key=lambda o: o.method.lower() == "delete"):
        answered = statuses.setdefault(operation.label, [])
        try:
            run_operation(operation, headers=headers, statuses=answered)
        except (Exception, BaseExceptionGroup) as failure:  # noqa: BLE001 - report each, then run the next
            failures.append(f"{operation.label}:\n{failure}")
    return statuses, failures


def test_every_operation_keeps_its_contract_for_an_admin_token(api_schema, contract_world, loopback_only):
    statuses, failures = run_all(api_schema, headers={"Authorization": f"Bearer {contract_world['token']}"})

    assert failures == [], "\n\n".join(failures)
    assert loopback_only == []
    # The run was not vacuous: the token was accepted everywhere, and the requests reached past
    # validation into the services (a success) for nearly every operation.
    assert len(statuses) >= 50, sorted(statuses)
    # An admin is refused the reviewers' actions (approve, request changes) and submitting a claim
    # assigned to someone else: a 403 from the workflow is the contract there, and nowhere else.
    refused = [op for op, codes in statuses.items() if {401, 403} & set(codes)]
    assert set(refused) <= {"POST /api/v1/claims/{id}/transitions/"}, refused
    unreached = [op for op, codes in statuses.items() if not any(200 <= code < 300 for code in codes)]
    assert len(unreached) <= len(statuses) // 10, unreached


def test_the_public_operations_keep_their_contract_for_anonymous_callers(
    api_schema, contract_world, loopback_only
):
    public = api_schema.include(path_regex=PUBLIC_PATHS)
    statuses, failures = run_all(public, headers={})

    assert failures == [], "\n\n".join(failures)
    assert loopback_only == []
    assert sorted(statuses) == [
        "GET /api/factchecktools/v1alpha1/claims:search",
        "GET /api/v1/fact-checks/",
        "GET /api/v1/fact-checks/claimreview-feed",
        "GET /api/v1/fact-checks/{id}/",
        "GET /api/v1/fact-checks/{id}/claimreview",
    ]
    for operation, codes in statuses.items():
        assert not {401, 403} & set(codes), (operation, codes)
        assert any(code == 200 for code in codes), (operation, codes)


def test_a_date_time_with_an_offset_postgresql_cannot_store_is_no_server_error(token_for, editor):
    # Found by the run above: ISO 8601 allows offsets up to ±23:59, PostgreSQL only ±15:59.
    client = token_for(editor)
    moved = client.get("/api/v1/claims/", {"created_before": "0595-02-18T21:54:57+16:52"})
    assert moved.status_code == 200, moved.content
    assert moved.json()["results"] == []

    out_of_range = client.get("/api/v1/claims/", {"created_after": "0001-01-01T00:00:00+16:00"})
    assert_problem(out_of_range, 400, field="created_after", says="out of range")
