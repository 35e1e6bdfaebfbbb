"""`make screenshots`: PNGs of the main pages, desktop and 375 px wide, into docs/screenshots/.

    python -m factcheck.screenshots

Uses the database in DATABASE_URL, else the embedded PostgreSQL (as `make run`
does), migrates it, loads the demo (seed_demo leaves what is there alone),
serves the app on a free loopback port and photographs it with Playwright
and Debian's Chromium. Requests that would leave 127.0.0.1 are refused, so a
page that depended on one would show it.
"""

import os
import socket
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

from factcheck.launcher import BASE_DIR, child_environment, fail, manage, say, stop_all, wait_for_http

OUT_DIR = BASE_DIR / "docs" / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "mobile": {"width": 375, "height": 812}}
SHOWCASE_CLAIM = "demo-h20-1"  # the demo's published fact-check
MEMBER = "erin"  # the demo editor sees the most


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def demo_addresses(env: dict) -> dict:
    """The workspace and public page of the demo's published claim, looked up in the database."""
    os.environ["DATABASE_URL"] = env["DATABASE_URL"]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
    import django

    django.setup()
    from claims.models import Claim

    claim = Claim.objects.filter(external_id=SHOWCASE_CLAIM).first()
    if claim is None:
        fail(f"the demo claim {SHOWCASE_CLAIM} is missing: run `manage.py seed_demo`")
    publication = claim.publications.order_by("-version").first()
    if publication is None:
        fail(f"the demo claim {SHOWCASE_CLAIM} has no publication")
    return {"workspace": f"/claims/{claim.pk}/", "fact-check": f"/fact-checks/{publication.slug}/"}


def pages(addresses: dict) -> list[tuple[str, str, bool]]:
    """(name, path, as a member) for each screenshot."""
    return [
        ("home", "/", True),
        ("claims", "/claims/", True),
        ("claim-workspace", addresses["workspace"], True),
        ("fact-check", addresses["fact-check"], False),
        ("methodology", "/methodology/", False),
        ("dashboard", "/dashboard/", True),
    ]


def _keep_to_loopback(route) -> None:
    host = urlparse(route.request.url).hostname
    if host in {None, "127.0.0.1", "localhost", "::1"}:
        route.continue_()
    else:
        route.abort()


def photograph(base_url: str, shots: list[tuple[str, str, bool]]) -> list[Path]:
    from playwright.sync_api import sync_playwright

    from evidence.demo import DEMO_PASSWORD

    if not Path(CHROMIUM).exists():
        fail(f"Chromium is missing at {CHROMIUM}: install it with `apt-get install -y chromium`")
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    written = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for size, viewport in VIEWPORTS.items():
                for as_member in (False, True):
                    context = browser.new_context(viewport=viewport, reduced_motion="reduce")
                    page = context.new_page()
                    page.route("**/*", _keep_to_loopback)
                    if as_member:
                        page.goto(f"{base_url}/accounts/login/")
                        page.get_by_label("Username").fill(MEMBER)
                        page.get_by_label("Password").fill(DEMO_PASSWORD)
                        page.get_by_role("button", name="Log in").click()
                        page.wait_for_url(f"{base_url}/")
                    for name, path, member_page in shots:
                        if member_page != as_member:
                            continue
                        response = page.goto(f"{base_url}{path}")
                        if response is None or response.status != 200:
                            status = response.status if response is not None else "no answer"
                            fail(f"{path} answered {status}; no screenshot taken")
                        page.wait_for_load_state("networkidle")
                        target = OUT_DIR / f"{name}-{size}.png"
                        page.screenshot(path=str(target), full_page=True)
                        written.append(target)
                    context.close()
        finally:
            browser.close()
    return written


def main() -> None:
    env = child_environment()
    manage(env, "migrate", "--noinput")
    manage(env, "seed_demo")
    addresses = demo_addresses(env)
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        env=env,
        cwd=BASE_DIR,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        wait_for_http(f"{base_url}/accounts/login/", [server])
        written = photograph(base_url, pages(addresses))
    finally:
        stop_all([server])
    for path in written:
        say(f"wrote {path.relative_to(BASE_DIR)}")


if __name__ == "__main__":
    main()
