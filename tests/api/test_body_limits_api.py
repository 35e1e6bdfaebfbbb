"""Body size limits through a real WSGI server (gunicorn on loopback), chunked bodies included.

Django's test client always declares a Content-Length; a chunked upload has
none, so only a real server shows that such a body is read up to the limit and
no further, and that an acceptable one still reaches the parser.
"""

import http.client
import json
import time

import pytest

from claims.models import Claim
from tests.gunicorn import gunicorn

LIMIT = 2048


@pytest.fixture
def server(tmp_path):
    """gunicorn serving the app against the test database, with a 2 KiB body limit."""
    with gunicorn(tmp_path, API_MAX_BODY_BYTES=str(LIMIT)) as port:
        yield port


def chunks(data: bytes, size: int = 500):
    for start in range(0, len(data), size):
        yield data[start : start + size]


def send_chunked(port, body: bytes, headers: dict) -> tuple[int, dict, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    try:
        conn.request(
            "POST",
            "/api/v1/claims/",
            body=chunks(body),
            headers={"Content-Type": "application/json", **headers},
            encode_chunked=True,
        )
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()


@pytest.mark.django_db(transaction=True)
def test_a_chunked_body_over_the_limit_is_413_and_one_under_it_is_read(server, checker):
    from factcheck.services import api_token_create

    _, secret = api_token_create(user=checker, name="Chunked uploader", scopes=["claims:submit"])
    auth = {"Authorization": f"Bearer {secret}"}

    too_big = json.dumps({"text": "x" * 3000, "claimant": {"name": "A Minister"}}).encode()
    status, headers, content = send_chunked(server, too_big, auth)
    assert status == 413
    assert headers["Content-Type"].startswith("application/problem+json")
    assert f"the limit is {LIMIT} bytes" in json.loads(content)["detail"]

    fits = json.dumps({"text": "Steel imports doubled.", "claimant": {"name": "A Minister"}}).encode()
    status, headers, content = send_chunked(server, fits, auth)
    assert status == 201, content
    assert json.loads(content)["text"] == "Steel imports doubled."
    assert Claim.objects.filter(text="Steel imports doubled.").exists()
    assert not Claim.objects.filter(text__startswith="xxx").exists()


@pytest.mark.django_db(transaction=True)
def test_a_declared_length_over_the_limit_is_refused_without_waiting_for_the_body(server):
    conn = http.client.HTTPConnection("127.0.0.1", server, timeout=10)
    try:
        conn.putrequest("POST", "/api/v1/claims/")
        conn.putheader("Content-Type", "application/json")
        conn.putheader("Content-Length", str(50 * 1024 * 1024))
        conn.endheaders()  # not one byte of the 50 MiB follows
        started = time.monotonic()
        response = conn.getresponse()
        assert response.status == 413
        assert json.loads(response.read())["status"] == 413
        assert time.monotonic() - started < 5
    finally:
        conn.close()
