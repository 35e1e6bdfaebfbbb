"""Every path caps request bodies before reading them, and nobody uploads anonymously.

Through gunicorn (tests/gunicorn.py): a refusal that comes while the client still holds the body
back shows that the server answered without reading it.
"""

import json
import re
import socket
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from claims.models import ImportJob
from tests.gunicorn import gunicorn

DESK_LIMIT = 4096
IMPORT_LIMIT = 16384
FORTY_MB = 40 * 1024 * 1024


@pytest.fixture
def server(tmp_path):
    """gunicorn with small caps; its temporary files go to a folder of the test's own."""
    spool = tmp_path / "tmp"
    spool.mkdir()
    with gunicorn(
        tmp_path, MAX_BODY_BYTES=str(DESK_LIMIT), IMPORT_MAX_BYTES=str(IMPORT_LIMIT), TMPDIR=str(spool)
    ) as port:
        yield port, spool


def exchange(port, head: str, body: bytes = b"") -> tuple[int, dict, bytes]:
    """Send the request head (and what part of a body is given), then read the answer, the body held back."""
    with socket.create_connection(("127.0.0.1", port), timeout=15) as conn:
        conn.sendall(head.replace("\n", "\r\n").encode() + b"\r\n" + body)
        received = b""
        while b"\r\n\r\n" not in received:
            chunk = conn.recv(65536)
            if not chunk:
                break
            received += chunk
        head_bytes, _, rest = received.partition(b"\r\n\r\n")
        lines = head_bytes.decode("latin-1").split("\r\n")
        headers = dict(line.split(": ", 1) for line in lines[1:] if ": " in line)
        length = int(headers.get("Content-Length", "0"))
        while len(rest) < length:
            chunk = conn.recv(65536)
            if not chunk:
                break
            rest += chunk
        return int(lines[0].split()[1]), headers, rest


def multipart_head(path: str, boundary: str, *, length: int | None = None, cookie: str = "") -> str:
    framing = f"Content-Length: {length}" if length is not None else "Transfer-Encoding: chunked"
    lines = [
        f"POST {path} HTTP/1.1",
        "Host: 127.0.0.1",
        f"Content-Type: multipart/form-data; boundary={boundary}",
        framing,
        "Connection: close",
    ]
    if cookie:
        lines.append(f"Cookie: {cookie}")
    return "\n".join(lines) + "\n"


def chunked(data: bytes, size: int = 1000, *, final: bool = True) -> bytes:
    out = b"".join(
        f"{len(data[i : i + size]):x}\r\n".encode() + data[i : i + size] + b"\r\n"
        for i in range(0, len(data), size)
    )
    return out + (b"0\r\n\r\n" if final else b"")


def multipart(boundary: str, fields: dict, filename: str, content: bytes) -> bytes:
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
        "Content-Type: application/x-ndjson\r\n\r\n".encode()
        + content
        + b"\r\n"
    )
    return b"".join(parts) + f"--{boundary}--\r\n".encode()


# --- Anonymous uploads are refused before their body is read ------------------------------------


@pytest.mark.django_db(transaction=True)
def test_an_anonymous_40_mb_upload_to_the_import_page_goes_to_log_in_before_a_byte_is_read(server):
    port, spool = server
    # With a CSRF cookie, as anyone gets from the login page: the CSRF check alone would read the body.
    _, headers, _ = exchange(port, "GET /accounts/login/ HTTP/1.1\nHost: 127.0.0.1\nConnection: close\n")
    cookie = "csrftoken=" + re.search(r"csrftoken=([^;]+)", headers["Set-Cookie"]).group(1)
    head = multipart_head("/claims/import/", "b0undary", length=FORTY_MB, cookie=cookie)
    status, headers, _ = exchange(port, head)
    assert status == 302
    assert headers["Location"].startswith("/accounts/login/?next=/claims/import/")
    assert list(spool.iterdir()) == []  # nothing written to disk


@pytest.mark.django_db(transaction=True)
def test_an_anonymous_chunked_upload_to_the_api_is_401_before_its_body_is_read(server):
    port, spool = server
    head = (
        "POST /api/v1/imports/ HTTP/1.1\nHost: 127.0.0.1\nContent-Type: application/x-ndjson\n"
        "Transfer-Encoding: chunked\nConnection: close\n"
    )
    # One chunk of a body that never ends: only an answer that does not wait for it can come back.
    status, headers, content = exchange(port, head, chunked(b'{"text": "x"}\n' * 100, final=False))
    assert status == 401
    assert headers["Content-Type"].startswith("application/problem+json")
    assert "API token" in json.loads(content)["detail"]
    # A token that is not valid is no better.
    status, _, _ = exchange(
        port, head + "Authorization: Bearer fcw_nope_nope\n", chunked(b"{}\n", final=False)
    )
    assert status == 401
    assert list(spool.iterdir()) == []


# --- Every path has a cap, declared or chunked ---------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_desk_page_refuses_a_declared_body_over_its_cap_with_a_page_that_says_the_limit(server):
    port, _ = server
    head = (
        "POST /accounts/login/ HTTP/1.1\nHost: 127.0.0.1\n"
        f"Content-Type: application/x-www-form-urlencoded\nContent-Length: {FORTY_MB}\nConnection: close\n"
    )
    status, headers, content = exchange(port, head)
    assert status == 413
    assert headers["Content-Type"].startswith("text/html")
    assert f"The request body is {FORTY_MB} bytes; the limit is {DESK_LIMIT} bytes." in content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_chunked_body_to_a_desk_page_is_counted_and_refused_past_the_cap(server):
    port, _ = server
    head = (
        "POST /accounts/login/ HTTP/1.1\nHost: 127.0.0.1\n"
        "Content-Type: application/x-www-form-urlencoded\nTransfer-Encoding: chunked\nConnection: close\n"
    )
    status, _, content = exchange(port, head, chunked(b"username=" + b"x" * (DESK_LIMIT + 10)))
    assert status == 413
    assert f"the limit is {DESK_LIMIT} bytes" in content.decode()


@pytest.mark.django_db(transaction=True)
def test_an_editor_uploads_a_chunked_file_up_to_the_import_cap_and_not_past_it(server, editor):
    port, _ = server
    member = Client()
    member.force_login(editor)
    session = f"sessionid={member.cookies['sessionid'].value}"
    # The form's CSRF token, as a browser gets it.
    _, headers, page = exchange(port, f"GET /claims/import/ HTTP/1.1\nHost: 127.0.0.1\nCookie: {session}\n")
    csrf_cookie = re.search(r"csrftoken=([^;]+)", headers["Set-Cookie"]).group(1)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
    cookie = f"{session}; csrftoken={csrf_cookie}"
    boundary = uuid.uuid4().hex

    row = json.dumps({"text": "Steel imports doubled last year.", "claimant": "A Minister"}).encode() + b"\n"
    fits = multipart(boundary, {"csrfmiddlewaretoken": token, "format": ""}, "claims.jsonl", row * 80)
    assert DESK_LIMIT < len(fits) < IMPORT_LIMIT  # larger than any other page takes
    status, headers, content = exchange(
        port, multipart_head("/claims/import/", boundary, cookie=cookie), chunked(fits)
    )
    assert status == 302, content
    job = ImportJob.objects.get()
    assert headers["Location"] == f"/claims/import/{job.pk}/"
    assert job.created_by == editor

    too_big = multipart(boundary, {"csrfmiddlewaretoken": token, "format": ""}, "claims.jsonl", row * 300)
    status, _, content = exchange(
        port, multipart_head("/claims/import/", boundary, cookie=cookie), chunked(too_big)
    )
    assert status == 413
    assert f"the limit is {IMPORT_LIMIT} bytes" in content.decode()
    assert ImportJob.objects.count() == 1


# --- In process: the caps follow settings ---------------------------------------------------------


@pytest.mark.django_db
def test_a_member_posting_over_the_desk_cap_gets_413_and_nothing_is_saved(client, settings, checker):
    from claims.models import Claim

    settings.MAX_BODY_BYTES = 2048
    client.force_login(checker)
    response = client.post("/claims/new/", {"text": "x" * 5000, "claimant_name": "A Minister"})
    assert response.status_code == 413
    assert "the limit is 2048 bytes" in response.content.decode()
    assert not Claim.objects.exists()


@pytest.mark.django_db
def test_the_import_page_takes_files_over_the_desk_cap_from_editors(client, settings, editor):
    settings.MAX_BODY_BYTES = 2048
    client.force_login(editor)
    row = json.dumps({"text": "Steel imports doubled last year.", "claimant": "A Minister"}).encode() + b"\n"
    upload = SimpleUploadedFile("claims.jsonl", row * 100, content_type="application/x-ndjson")
    response = client.post("/claims/import/", {"file": upload, "format": ""})
    assert response.status_code == 302
    assert ImportJob.objects.filter(created_by=editor).exists()
