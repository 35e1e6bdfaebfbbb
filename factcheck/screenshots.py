"""`make screenshots`: PNGs of the main pages, desktop and 375 px wide, into docs/screenshots/.

    python -m factcheck.screenshots

Uses the database in DATABASE_URL, else the embedded PostgreSQL (as `make run`
does), migrates it, loads the demo (seed_demo leaves what is there alone) and
the demo scenes only the pictures need (evidence.demo.DEMO_SCENES: work sent
back with changes requested, resubmitted, a published correction), serves the app on a free
loopback port and photographs it with Playwright and Debian's Chromium. Requests
that would leave 127.0.0.1 are refused, so a page that depended on one would
show it.
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
# The demo claims the desk's paths are shown on (evidence.demo): approved, in review after a round of
# changes, and sent back with changes requested.
APPROVED_CLAIM, REVIEWED_CLAIM, RETURNED_CLAIM = "demo-h20-2", "demo-scene-resubmitted", "demo-scene-returned"
CORRECTED_CLAIM = "demo-scene-corrected"  # its history: a correction, step by step


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def demo_addresses(env: dict) -> dict:
    """The demo's pages photographed, looked up in the database (after loading the demo scenes)."""
    os.environ["DATABASE_URL"] = env["DATABASE_URL"]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
    import django

    django.setup()
    from claims.models import Claim
    from evidence.demo import demo_scenes_load

    demo_scenes_load()
    ids = [SHOWCASE_CLAIM, APPROVED_CLAIM, REVIEWED_CLAIM, RETURNED_CLAIM, CORRECTED_CLAIM]
    claims = {claim.external_id: claim for claim in Claim.objects.filter(external_id__in=ids)}
    missing = [external_id for external_id in ids if external_id not in claims]
    if missing:
        fail(f"the demo claims {', '.join(missing)} are missing: run `manage.py seed_demo`")
    publication = claims[SHOWCASE_CLAIM].publications.order_by("-version").first()
    if publication is None:
        fail(f"the demo claim {SHOWCASE_CLAIM} has no publication")
    return {
        "workspace": f"/claims/{claims[SHOWCASE_CLAIM].pk}/",
        "fact-check": f"/fact-checks/{publication.slug}/",
        "preview": f"/claims/{claims[APPROVED_CLAIM].pk}/public-preview/",
        "review": f"/claims/{claims[REVIEWED_CLAIM].pk}/",
        "returned": f"/claims/{claims[RETURNED_CLAIM].pk}/",
        "corrected": f"/claims/{claims[CORRECTED_CLAIM].pk}/",
    }


def pages(addresses: dict) -> list[tuple[str, str, str | None, str]]:
    """(name, path, who, how) for each screenshot. `who` is the demo member logged in (None: a reader);
    `how` is "page" (the whole page), "top" (the first screen), "#id" (the first screen scrolled to
    that element, with what stays in view) or "only #id" (that element alone)."""
    return [
        ("home", "/", MEMBER, "page"),
        ("claims", "/claims/", MEMBER, "page"),
        ("claim-workspace", addresses["workspace"], MEMBER, "page"),
        ("fact-check", addresses["fact-check"], None, "page"),
        ("methodology", "/methodology/", None, "page"),
        ("dashboard", "/dashboard/", MEMBER, "page"),
        # The desk's paths (issue 15): a fact-checker's desk (Take it, a changes-requested badge, the
        # bell), the reviewer's comment on top, the review bar beside what changed, the history,
        # the preview, the corrections page, the notifications, a reader's form to send a claim in.
        ("desk-fact-checker", "/", "alice", "page"),
        ("claim-changes-requested", addresses["returned"], "alice", "top"),
        ("claim-review-bar", addresses["review"], "bob", "#review-changes"),
        ("claim-history", addresses["corrected"], MEMBER, "only #history"),
        ("public-preview", addresses["preview"], MEMBER, "top"),
        ("corrections", "/corrections/", None, "page"),
        ("notifications", "/account/notifications/", "alice", "page"),
        ("send-a-claim", "/send-a-claim/", None, "page"),
    ]


def _keep_to_loopback(route) -> None:
    host = urlparse(route.request.url).hostname
    if host in {None, "127.0.0.1", "localhost", "::1"}:
        route.continue_()
    else:
        route.abort()


def photograph(base_url: str, shots: list[tuple[str, str, str | None, str]]) -> list[Path]:
    from playwright.sync_api import sync_playwright

    from evidence.demo import DEMO_PASSWORD

    if not Path(CHROMIUM).exists():
        fail(f"Chromium is missing at {CHROMIUM}: install it with `apt-get install -y chromium`")
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    written = []
    members = list(dict.fromkeys(who for _, _, who, _ in shots))  # None (a reader) and each member
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for size, viewport in VIEWPORTS.items():
                for who in members:
                    context = browser.new_context(viewport=viewport, reduced_motion="reduce")
                    page = context.new_page()
                    page.route("**/*", _keep_to_loopback)
                    if who is not None:
                        page.goto(f"{base_url}/accounts/login/")
                        page.get_by_label("Username").fill(who)
                        page.get_by_label("Password").fill(DEMO_PASSWORD)
                        page.get_by_role("button", name="Log in").click()
                        page.wait_for_url(f"{base_url}/")
                    for name, path, member, how in shots:
                        if member != who:
                            continue
                        response = page.goto(f"{base_url}{path}")
                        if response is None or response.status != 200:
                            status = response.status if response is not None else "no answer"
                            fail(f"{path} answered {status}; no screenshot taken")
                        page.wait_for_load_state("networkidle")
                        target = OUT_DIR / f"{name}-{size}.png"
                        _shoot(page, how, target)
                        written.append(target)
                    context.close()
        finally:
            browser.close()
    return written


def _shoot(page, how: str, target: Path) -> None:
    if how == "page":
        page.screenshot(path=str(target), full_page=True)
    elif how == "top":
        page.screenshot(path=str(target))
    elif how.startswith("only "):
        page.locator(how.removeprefix("only ")).screenshot(path=str(target))
    else:
        element = page.locator(how)
        if element.count() != 1:
            fail(f"{page.url} shows no {how}; no screenshot taken")
        element.evaluate("element => element.scrollIntoView({block: 'start'})")
        page.screenshot(path=str(target))


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
