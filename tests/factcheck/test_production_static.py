"""The production profile (DEBUG=false under gunicorn) serves its own static files: hashed, compressed
and cached for a year, with no reverse proxy in front."""

import re
import urllib.request

from tests.servers import PRODUCTION, server_environment

CONTENT_TYPES = {".css": "text/css", ".js": "text/javascript"}


def get(port: int, path: str, **headers) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=20) as response:  # noqa: S310 (loopback)
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def assets(html: str) -> list[str]:
    return re.findall(r'(?:href|src)="(/static/[^"]+\.(?:css|js))"', html)


def test_pages_load_their_css_and_js_hashed_compressed_and_cached_for_a_year(production_server):
    status, _, body = get(production_server, "/accounts/login/")
    assert status == 200
    found = assets(body.decode())
    assert any(a.endswith(".css") for a in found) and any(a.endswith(".js") for a in found), found
    for asset in found:
        # collectstatic's manifest gives each file a content hash in its name.
        assert re.search(r"\.[0-9a-f]{12}\.(css|js)$", asset), asset
        status, headers, content = get(production_server, asset, **{"Accept-Encoding": "gzip"})
        assert status == 200, asset
        suffix = asset[asset.rindex(".") :]
        assert headers["Content-Type"].startswith(CONTENT_TYPES[suffix]), (asset, headers["Content-Type"])
        assert "max-age=315360000" in headers["Cache-Control"] and "immutable" in headers["Cache-Control"]
        assert content


def test_a_missing_file_is_a_404_and_an_unhashed_name_is_not_cached_forever(production_server):
    status, _, _ = get(production_server, "/static/factcheck/no-such-file.css")
    assert status == 404
    status, headers, _ = get(production_server, "/static/factcheck/site.css")
    assert status == 200
    assert "immutable" not in headers.get("Cache-Control", "")


def test_the_api_docs_load_swagger_ui_from_the_app(production_server):
    status, _, body = get(production_server, "/api/docs/")
    assert status == 200
    html = body.decode()
    found = assets(html)
    assert any("swagger-ui" in a for a in found), found
    for asset in found:
        status, headers, _ = get(production_server, asset)
        assert status == 200, asset
        assert headers["Content-Type"].startswith(CONTENT_TYPES[asset[asset.rindex(".") :]])


def test_the_web_server_refuses_to_start_without_collected_static_files(tmp_path, django_db_setup):
    import subprocess
    import sys

    from tests.servers import BASE_DIR

    env = server_environment(tmp_path, STATIC_ROOT=str(tmp_path / "empty"), **PRODUCTION)
    result = subprocess.run(
        [sys.executable, "-c", "import factcheck.wsgi"], cwd=BASE_DIR, env=env,
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 3
    assert result.stderr.strip().splitlines() == [
        f"[factcheck] error: no static files in STATIC_ROOT ({tmp_path / 'empty'}): "
        "run `python manage.py collectstatic --noinput` before starting the web server"
    ]
