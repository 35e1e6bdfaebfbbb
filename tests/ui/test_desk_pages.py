"""The desk's pages in a real browser: hostile text, narrow screens, labels and keyboard, conflicts,
bad input, and working without JavaScript."""

import re

import pytest
from playwright.sync_api import expect

from claims import services
from claims.models import ClaimState, Verdict
from evidence import services as evidence_services
from evidence.models import Evidence
from factcheck.roles import WRITING_ROLES
from tests.factories import ClaimantFactory, add_evidence, claim_in_state, make_claim, write_verdict
from tests.ui import desk_steps as desk

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCRIPT = '<script>alert("script ran")</script>'
IMG = '<img src=x onerror="window.__pwned=1;alert(1)">'
HOSTILE = f"{SCRIPT} {IMG}"


def desk_pages(base, claim_id, member=None):
    """The desk pages `member` may open (all of them without a member)."""
    pages = {
        "home": f"{base}/",
        "claim list": f"{base}/claims/",
        "search": f"{base}/claims/?q=script+img",
        "new claim": f"{base}/claims/new/",
        "workspace": f"{base}/claims/{claim_id}/",
        "edit claim": f"{base}/claims/{claim_id}/edit/",
        "intake": f"{base}/intake/",
    }
    if member is not None and member.role not in WRITING_ROLES:
        del pages["intake"]  # refused with a 403 (tests/claims/test_intake_roles.py)
    return pages


def hostile_claim(checker, reviewer, editor):
    claimant = ClaimantFactory(name=f"Mr {HOSTILE}", title=IMG)
    claim = claim_in_state(
        ClaimState.IN_REVIEW,
        checker=checker,
        reviewer=reviewer,
        editor=editor,
        claimant=claimant,
        text=f"They said {HOSTILE} on air.",
        summary=IMG,
        topics=[SCRIPT],
    )
    evidence_services.evidence_create(
        claim=claim,
        actor=checker,
        stance="supports",
        title=f"Report {HOSTILE}",
        url="https://example.org/report",
        excerpt=HOSTILE,
        offline_reference=IMG,
    )
    evidence_services.rebuttal_create(claim=claim, actor=checker, party=HOSTILE, statement=HOSTILE)
    write_verdict(claim, actor=checker, headline=HOSTILE, analysis=f"## {SCRIPT}\n\n{IMG} **bold**")
    services.claim_transition(claim=claim, action="request_changes", actor=reviewer, comment=HOSTILE)
    return claim


def assert_no_script_ran(page):
    assert page.evaluate("window.__pwned") is None


def test_hostile_text_shows_as_text_and_runs_nothing(open_as, live_server, checker, reviewer, editor):
    claim = hostile_claim(checker, reviewer, editor)
    for member in (checker, reviewer, editor):
        page, watch = open_as(member)
        for url in desk_pages(live_server.url, claim.pk, member).values():
            page.goto(url)
            assert_no_script_ran(page)
        watch.assert_clean()

    page, watch = open_as(checker)
    desk.open_workspace(page, live_server.url, claim.pk)
    expect(page.locator("#claim-header blockquote")).to_contain_text(f"They said {SCRIPT} {IMG} on air.")
    expect(page.locator("#evidence")).to_contain_text(f"Report {SCRIPT}")
    expect(page.locator("#rebuttals")).to_contain_text(IMG)
    expect(page.locator("#reviews")).to_contain_text(SCRIPT)
    # Swapped in by htmx: the edit form carries the hostile text as field values, and Cancel puts it back.
    page.locator("#evidence").get_by_role("link", name=re.compile("^Edit")).first.click()
    form = page.locator("#evidence form.item")
    expect(form.get_by_label("Excerpt")).to_have_value(HOSTILE)
    form.get_by_role("link", name="Cancel").click()
    expect(page.locator("#evidence article.item")).to_have_count(2)
    # The analysis preview renders Markdown but drops the markup.
    page.locator("#verdict form").get_by_label("Analysis").fill(f"{HOSTILE} **strong**")
    page.get_by_role("button", name="Preview the analysis").click()
    expect(page.locator("#analysis-preview strong")).to_have_text("strong")
    expect(page.locator("#analysis-preview img")).to_have_count(0)
    assert_no_script_ran(page)
    watch.assert_clean()


def test_narrow_screens_never_scroll_sideways(open_as, live_server, checker, reviewer, editor):
    long_word = "Supercalifragilisticexpialidocious" * 4
    claim = make_claim(author=checker, text=f"A claim with a very long word {long_word} in it.")
    services.claim_transition(claim=claim, action="assign", actor=editor, assignee=checker)
    add_evidence(claim, actor=checker, url="https://example.org/" + "a-very-long-path-segment/" * 12)
    write_verdict(
        claim,
        actor=checker,
        analysis="| Year | Exports | Imports | Balance | Note |\n|---|---|---|---|---|\n"
        "| 2023 | 1,234,567,890 | 987,654,321 | 246,913,569 | " + long_word + " |",
    )
    for member in (checker, editor, reviewer):
        page, watch = open_as(member, width=375, height=800)
        for name, url in desk_pages(live_server.url, claim.pk, member).items():
            page.goto(url)
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 375, f"{name} is {width}px wide for {member.username}"
        watch.assert_clean()

    page, watch = open_as(checker, width=375, height=800)
    desk.open_workspace(page, live_server.url, claim.pk)
    for summary in ("Add evidence", "Add a rebuttal", "Add an appearance", "Link as a duplicate"):
        page.locator("summary", has_text=summary).click()
    page.locator("#evidence").get_by_role("link", name=re.compile("^Edit")).first.click()
    expect(page.locator("#evidence form.item")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    watch.assert_clean()


# Every visible control, marked with its position, for the keyboard walk below.
MARK_CONTROLS = """() => {
  const controls = [...document.querySelectorAll(
    'a[href], button, input:not([type=hidden]), select, textarea, summary')]
    .filter(el => el.checkVisibility() && !el.closest('[inert]'));
  const groups = new Set();
  controls.forEach((el, i) => {
    // Arrow keys move within a group of radio buttons; Tab reaches the group once.
    const key = el.type === 'radio' ? 'radio:' + el.name : 'control:' + i;
    el.dataset.kb = key;
    groups.add(key);
  });
  return [...groups];
}"""

FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || !el.dataset.kb) return null;
  const style = getComputedStyle(el);
  return {key: el.dataset.kb, outline: style.outlineStyle, width: parseFloat(style.outlineWidth),
          html: el.outerHTML.slice(0, 160)};
}"""

UNLABELLED = """() => [...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
  .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label')
                && !el.getAttribute('aria-labelledby'))
  .map(el => el.outerHTML.slice(0, 120))"""


def assert_keyboard_reaches_everything(page):
    expected = set(page.evaluate(MARK_CONTROLS))
    reached = set()
    page.locator("body").focus()
    for _ in range(len(expected) + 20):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused is None:
            continue
        assert focused["outline"] != "none" and focused["width"] >= 2, f"no visible focus on {focused}"
        reached.add(focused["key"])
    assert expected <= reached, f"not reachable by keyboard: {sorted(expected - reached)}"


def test_every_control_is_labelled_and_reachable_by_keyboard(open_as, live_server, checker, reviewer, editor):
    claim = claim_in_state(ClaimState.RESEARCHING, checker=checker, reviewer=reviewer, editor=editor)
    services.appearance_create(claim=claim, actor=checker, outlet="KBS", medium="tv", is_first=True)
    evidence_services.rebuttal_create(claim=claim, actor=checker, party="Ministry", statement="Not so.")
    page, watch = open_as(checker)

    for name, url in desk_pages(live_server.url, claim.pk).items():
        page.goto(url)
        for role in ("banner", "navigation", "main", "contentinfo"):
            expect(page.get_by_role(role).first).to_be_attached()
        if name == "workspace":
            for summary in ("Add evidence", "Add a rebuttal", "Add an appearance", "Link as a duplicate"):
                page.locator("summary", has_text=summary).click()
        assert page.evaluate(UNLABELLED) == [], f"unlabelled controls on {name}"
        for control in page.locator("input:not([type=hidden]), select, textarea, button").all():
            expect(control).to_have_accessible_name(re.compile(r"\w"))
        assert_keyboard_reaches_everything(page)

    # The skip link comes first and lands on the main content.
    page.goto(f"{live_server.url}/claims/")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to content")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    watch.assert_clean()


def test_a_verdict_conflict_keeps_what_was_typed(open_as, live_server, checker, other_checker):
    claim = make_claim(author=checker)
    write_verdict(claim, actor=checker, conclusion="First draft.")
    page, watch = open_as(checker)
    desk.open_workspace(page, live_server.url, claim.pk)
    form = page.locator("#verdict form")
    form.get_by_label("Conclusion").fill("My careful rewrite, typed over ten minutes.")
    form.get_by_label("Analysis").fill("My analysis, also typed.")

    write_verdict(claim, actor=other_checker, conclusion="Carol's conclusion, saved meanwhile.")
    form.get_by_role("button", name="Save the verdict").click()

    conflict = page.locator("#verdict .conflict")
    expect(
        conflict.get_by_role("heading", name=re.compile("Someone else changed this verdict"))
    ).to_be_visible()
    expect(conflict).to_contain_text("Carol's conclusion, saved meanwhile.")
    form = page.locator("#verdict form")
    expect(form.get_by_label("Conclusion")).to_have_value("My careful rewrite, typed over ten minutes.")
    expect(form.get_by_label("Analysis")).to_have_value("My analysis, also typed.")
    assert Verdict.objects.get().conclusion == "Carol's conclusion, saved meanwhile."

    form.get_by_role("button", name="Save the verdict").click()
    expect(page.get_by_role("status").filter(has_text="Verdict saved")).to_be_visible()
    assert Verdict.objects.get().conclusion == "My careful rewrite, typed over ten minutes."
    watch.assert_clean()


def test_a_claim_edit_conflict_keeps_what_was_typed(open_as, live_server, checker, other_checker):
    claim = make_claim(author=checker, text="The original statement.")
    page, watch = open_as(checker)
    page.goto(f"{live_server.url}/claims/{claim.pk}/edit/")
    page.get_by_label("Statement, verbatim").fill("My corrected statement.")
    services.claim_update(claim=claim, actor=other_checker, text="Carol's corrected statement.")
    page.get_by_role("button", name="Save the claim").click()

    expect(page.get_by_role("heading", name=re.compile("Someone else changed this claim"))).to_be_visible()
    expect(page.locator(".conflict")).to_contain_text("Carol's corrected statement.")
    expect(page.get_by_label("Statement, verbatim")).to_have_value("My corrected statement.")
    watch.assert_clean()


def test_bad_input_is_explained_beside_the_field_and_kept(open_as, live_server, checker):
    claim = make_claim(author=checker)
    page, watch = open_as(checker)

    page.goto(f"{live_server.url}/claims/new/")
    page.get_by_label("Short neutral summary").fill("Typed summary stays")
    page.get_by_label("First appearance: URL").fill("not a link")
    page.get_by_role("button", name="Log the claim").click()

    statement = page.get_by_label("Statement, verbatim")
    expect(statement).to_have_attribute("aria-invalid", "true")
    expect(statement).to_have_accessible_description(re.compile("This field is required"))
    # The message sits right before its field.
    assert page.locator("#id_text_error + textarea#id_text").count() == 1
    expect(page.locator("#id_claimant_error")).to_contain_text("Pick a claimant")
    expect(page.locator("#id_appearance_url_error")).to_contain_text("Enter a valid URL")
    expect(page.get_by_label("Short neutral summary")).to_have_value("Typed summary stays")
    expect(page.get_by_label("First appearance: URL")).to_have_value("not a link")

    # In place (htmx): evidence without a link or reference.
    desk.open_workspace(page, live_server.url, claim.pk)
    page.locator("summary", has_text="Add evidence").click()
    form = page.locator("#evidence").get_by_role("form", name="Add evidence")
    form.get_by_label("Refutes", exact=True).check()
    form.get_by_label("Title").fill("Typed title stays")
    form.get_by_role("button", name="Add this evidence").click()
    link = page.locator("#evidence").get_by_role("form", name="Add evidence").get_by_label("Link")
    expect(link).to_have_accessible_description(re.compile("Give a URL, or an offline reference"))
    expect(page.locator("#evidence .notice--refusal")).to_be_focused()
    expect(page.locator("#evidence").get_by_label("Title")).to_have_value("Typed title stays")
    assert not Evidence.objects.exists()
    watch.assert_clean()


def test_reading_and_forms_work_without_javascript(browser, live_server, checker):
    claim = make_claim(author=checker)
    write_verdict(claim, actor=checker, analysis="Plain **Markdown**.")
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.set_default_timeout(10_000)
        from tests.ui.conftest import log_in

        log_in(page, live_server.url, checker)
        desk.open_workspace(page, live_server.url, claim.pk)
        # <details> opens natively; the form posts normally and comes back to the workspace.
        page.locator("summary", has_text="Add evidence").click()
        form = page.locator("#evidence").get_by_role("form", name="Add evidence")
        form.get_by_label("Context", exact=True).check()
        form.get_by_label("Title").fill("Added without JavaScript")
        form.get_by_label("Link").fill("https://example.org/plain")
        form.get_by_role("button", name="Add this evidence").click()
        expect(page.get_by_role("status").filter(has_text="Evidence added.")).to_be_visible()
        expect(page.locator("#evidence")).to_contain_text("Added without JavaScript")

        # Preview posts the whole form and shows the analysis rendered, with the text kept.
        page.locator("#verdict form").get_by_label("Analysis").fill("Now *emphasised*.")
        page.get_by_role("button", name="Preview the analysis").click()
        expect(page.locator("#analysis-preview em")).to_have_text("emphasised")
        expect(page.locator("#verdict form").get_by_label("Analysis")).to_have_value("Now *emphasised*.")
        assert Verdict.objects.get().analysis == "Plain **Markdown**."
    finally:
        context.close()
