"""What a member does at the desk, step by step in the browser (shared by the browser tests)."""

import re

from playwright.sync_api import Page, expect


def claim_id_from(page: Page) -> int:
    return int(re.search(r"/claims/(\d+)/", page.url).group(1))


def open_workspace(page: Page, base_url: str, claim_id: int) -> None:
    page.goto(f"{base_url}/claims/{claim_id}/")
    expect(page.get_by_role("heading", name="What you can do now")).to_be_visible()


def state_shown(page: Page) -> str:
    return page.locator("#claim-header .facts .badge").first.inner_text().replace("State:", "").strip()


def log_claim(
    page: Page,
    base_url: str,
    *,
    text: str,
    summary: str,
    claimant: str,
    title: str = "",
    assign_to_me: bool = False,
) -> int:
    page.goto(f"{base_url}/claims/new/")
    page.get_by_label("Statement, verbatim").fill(text)
    page.get_by_label("Short neutral summary").fill(summary)
    expect(page.locator("[data-count-for=id_summary]")).to_have_text(
        re.compile(rf"^{len(summary)} of 75 characters")
    )
    page.get_by_label("New claimant's name").fill(claimant)
    page.get_by_label("Their role or title at the time").fill(title)
    page.get_by_label("Said on").fill("2025-07-15")
    page.get_by_label("Topics").fill("trade, steel")
    page.get_by_label("First appearance: URL").fill("https://example.org/interview")
    page.get_by_label("Outlet").fill("CNBC")
    page.get_by_label("Medium").select_option("tv")
    page.get_by_label("Appeared on").fill("2025-07-15")
    page.get_by_label("Assign to me").set_checked(assign_to_me)  # on by default for fact-checkers
    page.get_by_role("button", name="Log the claim").click()
    logged = "Claim logged and assigned to you." if assign_to_me else "Claim logged."
    expect(page.get_by_role("status").filter(has_text=logged)).to_be_visible()
    return claim_id_from(page)


def add_evidence(page: Page, *, stance: str, title: str, url: str, source: str, excerpt: str) -> None:
    section = page.locator("#evidence")
    section.locator("summary", has_text="Add evidence").click()
    form = section.get_by_role("form", name="Add evidence")
    form.get_by_label(stance, exact=True).check()
    form.get_by_label("Title").fill(title)
    form.get_by_label("Link").fill(url)
    form.get_by_label("Source", exact=True).fill(source)
    form.get_by_label("Excerpt").fill(excerpt)
    form.get_by_role("button", name="Add this evidence").click()
    expect(page.locator("#evidence .notice")).to_have_text("Evidence added.")
    expect(page.locator("#evidence .notice")).to_be_focused()  # keyboard users land on what happened
    expect(page.locator("#evidence").get_by_role("heading", name=title)).to_be_visible()


def add_rebuttal(page: Page, *, party: str, statement: str) -> None:
    section = page.locator("#rebuttals")
    section.locator("summary", has_text="Add a rebuttal").click()
    form = section.get_by_role("form", name="Add a rebuttal")
    form.get_by_label("Who answered").fill(party)
    form.get_by_label("What they said").fill(statement)
    form.get_by_role("button", name="Add this rebuttal").click()
    expect(page.locator("#rebuttals .notice")).to_have_text("Rebuttal added.")


def write_verdict(
    page: Page, *, rating: str | None = None, headline=None, conclusion=None, analysis=None
) -> None:
    form = page.locator("#verdict form")
    if rating is not None:
        form.get_by_label(rating, exact=True).check()
    if headline is not None:
        form.get_by_label("Headline").fill(headline)
    if conclusion is not None:
        form.get_by_label("Conclusion").fill(conclusion)
    if analysis is not None:
        form.get_by_label("Analysis").fill(analysis)
    form.get_by_role("button", name="Save the verdict").click()
    expect(page.get_by_role("status").filter(has_text="Verdict saved")).to_be_visible()


def take_action(page: Page, label: str, *, comment: str | None = None, fields: dict | None = None) -> None:
    """Press a workflow action's button, filling its form first (a comment, or fields by their label)."""
    form = page.get_by_role("form", name=label, exact=True)
    if comment is not None:
        folded = form.locator("details:not([open]) > summary")  # the review bar's optional comment
        if folded.count():
            folded.click()
        form.get_by_role("textbox").first.fill(comment)
    for field_label, value in (fields or {}).items():
        control = form.get_by_label(field_label)
        if control.evaluate("e => e.tagName") == "SELECT":
            control.select_option(label=value)
        else:
            control.fill(value)
    form.get_by_role("button", name=label, exact=True).click()
    expect(page.get_by_role("status").filter(has_text=f"{label}: done")).to_be_visible()


def action_buttons(page: Page) -> list[str]:
    """The workflow actions offered: in the header, then a reviewer's in the review bar."""
    return page.locator("#actions form, #review-bar form").get_by_role("button").all_inner_texts()


_COUNT_CLICKS = """
document.addEventListener("click", (event) => {
  // A form sent with Enter fires a click on its default button (detail 0): a key, not a click.
  if (!event.isTrusted || event.detail === 0) return;
  const what = event.target.closest("button,a,label,input,textarea,select,summary") || event.target;
  const log = JSON.parse(sessionStorage.getItem("pathClicks") || "[]");
  log.push((what.innerText || what.name || what.tagName).trim().slice(0, 60));
  sessionStorage.setItem("pathClicks", JSON.stringify(log));
}, true);
"""


class PathCounter:
    """Counts what a member does in one tab: clicks, as the page itself sees them (trusted pointer
    clicks on anything, links and radio buttons included; Enter in a form is typing, not a click),
    kept in the tab's sessionStorage so a click that navigates is not lost, and page loads
    (main-frame navigations). `start(url)` opens the first page."""

    def __init__(self, page: Page):
        self.page = page
        self.page_loads: list[str] = []
        page.context.add_init_script(_COUNT_CLICKS)

    def start(self, url: str) -> None:
        self.page.on(
            "framenavigated",
            lambda frame: frame == self.page.main_frame and self.page_loads.append(frame.url),
        )
        self.page.goto(url)

    @property
    def clicks(self) -> list[str]:
        return self.page.evaluate("() => JSON.parse(sessionStorage.getItem('pathClicks') || '[]')")
