"""Taking a claim: a member with a checking role assigns a new claim to herself, through the workflow."""

import datetime

import pytest
from django.utils import timezone

from claims import services, workflow
from claims.models import Claim, ClaimState, Transition
from factcheck.errors import Conflict, NotPermitted
from factcheck.roles import Role
from tests.claims.test_concurrency import one_success_one_conflict, race
from tests.factories import UserFactory, claim_in_state, make_claim

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(checker, reviewer, editor):
    return {"checker": checker, "reviewer": reviewer, "editor": editor}


# --- The service ------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.FACT_CHECKER, Role.EDITOR, Role.ADMIN])
def test_a_member_with_a_checking_role_takes_a_new_claim_with_a_due_date(role, checker):
    member = UserFactory(role=role)
    claim = make_claim(author=checker)
    due = timezone.localdate() + datetime.timedelta(days=3)

    taken = services.claim_transition(claim=claim, action="take", actor=member, due_on=due)

    claim.refresh_from_db()
    assert (taken.state, claim.state, claim.assignee, claim.due_on) == (
        ClaimState.RESEARCHING,
        ClaimState.RESEARCHING,
        member,
        due,
    )
    entry = Transition.objects.get(claim=claim, action="take")
    assert (entry.actor, entry.from_state, entry.to_state) == (member, ClaimState.NEW, ClaimState.RESEARCHING)


def test_taking_without_a_due_date_keeps_the_one_the_claim_has(checker):
    due = timezone.localdate() + datetime.timedelta(days=9)
    claim = make_claim(author=checker, due_on=due)
    services.claim_transition(claim=claim, action="take", actor=checker)
    claim.refresh_from_db()
    assert (claim.assignee, claim.due_on) == (checker, due)


def test_a_reviewer_may_not_take_a_claim_and_is_told_who_can(checker, reviewer):
    claim = make_claim(author=checker)
    with pytest.raises(NotPermitted) as refused:
        services.claim_transition(claim=claim, action="take", actor=reviewer)
    assert refused.value.message == "Only fact-checkers and editors can take a claim to research."
    assert "take" not in workflow.available_actions(claim, reviewer)
    assert workflow.ACTIONS["take"] in workflow.actions_for_others(claim, reviewer)
    assert Claim.objects.get(pk=claim.pk).state == ClaimState.NEW


@pytest.mark.parametrize(
    "state", [ClaimState.IN_REVIEW, ClaimState.APPROVED, ClaimState.PUBLISHED, ClaimState.DISMISSED]
)
def test_only_a_new_claim_can_be_taken(state, people, other_checker):
    claim = claim_in_state(state, **people)
    assert "take" not in workflow.available_actions(claim, other_checker)
    with pytest.raises(Conflict) as refused:
        services.claim_transition(claim=claim, action="take", actor=other_checker)
    assert refused.value.code == "wrong_state"
    assert "“Take it” needs it to be new" in refused.value.message


def test_a_claim_someone_is_researching_says_who_has_it(people, other_checker):
    claim = claim_in_state(ClaimState.RESEARCHING, **people)
    with pytest.raises(Conflict) as refused:
        services.claim_transition(claim=claim, action="take", actor=other_checker)
    assert refused.value.code == "wrong_state"
    assert "alice-test took or was assigned this one first" in refused.value.message


def test_a_reopened_claim_still_assigned_to_someone_else_is_not_taken_from_them(people, other_checker):
    editor = people["editor"]
    claim = claim_in_state(ClaimState.RESEARCHING, **people)
    services.claim_transition(claim=claim, action="dismiss", actor=editor, comment="Not checkable")
    services.claim_transition(claim=claim, action="reopen", actor=editor)
    assert "take" not in workflow.available_actions(Claim.objects.get(pk=claim.pk), other_checker)
    with pytest.raises(Conflict) as refused:
        services.claim_transition(claim=claim, action="take", actor=other_checker)
    assert refused.value.code == "already_taken"
    assert "alice-test has this claim already" in refused.value.message
    # Her own claim, back to new, she can take again.
    services.claim_transition(claim=claim, action="take", actor=people["checker"])


def test_a_due_date_in_the_past_is_refused_and_nothing_changes(checker):
    claim = make_claim(author=checker)
    with pytest.raises(Conflict) as refused:
        services.claim_transition(
            claim=claim,
            action="take",
            actor=checker,
            due_on=timezone.localdate() - datetime.timedelta(days=1),
        )
    assert refused.value.code == "due_on_past"
    claim.refresh_from_db()
    assert (claim.state, claim.assignee, claim.due_on) == (ClaimState.NEW, None, None)


def test_a_due_date_belongs_to_take_only(people, other_checker):
    claim = make_claim(author=people["checker"])
    with pytest.raises(Conflict) as refused:
        services.claim_transition(
            claim=claim,
            action="assign",
            actor=people["editor"],
            assignee=other_checker,
            due_on=timezone.localdate(),
        )
    assert refused.value.code == "due_on_unused"


def test_an_editor_still_assigns_others_and_a_fact_checker_does_not(people, other_checker):
    claim = make_claim(author=people["checker"])
    assert workflow.available_actions(claim, people["checker"]) == ["take"]
    assert workflow.available_actions(claim, people["editor"]) == ["assign", "take", "dismiss"]
    with pytest.raises(NotPermitted):
        services.claim_transition(
            claim=claim, action="assign", actor=people["checker"], assignee=other_checker
        )


@pytest.mark.django_db(transaction=True)
def test_two_takes_at_once_one_wins_the_other_gets_a_clear_conflict(checker, other_checker):
    claim = make_claim(author=checker)

    results = race(
        claim.pk,
        lambda: services.claim_transition(claim=claim, action="take", actor=checker),
        lambda: services.claim_transition(claim=claim, action="take", actor=other_checker),
    )

    error = one_success_one_conflict(results)
    claim.refresh_from_db()
    winner = claim.assignee
    assert winner in (checker, other_checker)
    assert error.code == "wrong_state"
    assert f"{winner.get_username()} took or was assigned this one first" in error.message
    assert Transition.objects.filter(claim=claim, action="take").count() == 1


# --- The pages: the claim page, the desk's lists, intake -------------------------------------

ARTICLE = (
    "Howard Lutnick, the U.S. Secretary of Commerce, spoke on Tuesday.\n\n"
    '"Steel imports from Korea rose 40 percent last year," Lutnick said in an interview.'
)


def take_section(html: str) -> str:
    return html.split('id="new-title"')[1].split("</section>")[0]


def test_the_claim_page_offers_a_fact_checker_take_it_with_a_due_date(client, checker):
    claim = make_claim(author=checker)
    client.force_login(checker)
    page = client.get(f"/claims/{claim.pk}/").content.decode()
    assert f'action="/claims/{claim.pk}/actions/take/"' in page
    assert 'name="action-take-due_on"' in page
    due = timezone.localdate() + datetime.timedelta(days=2)

    response = client.post(f"/claims/{claim.pk}/actions/take/", {"action-take-due_on": due.isoformat()})

    assert response.status_code == 302
    claim.refresh_from_db()
    assert (claim.state, claim.assignee, claim.due_on) == (ClaimState.RESEARCHING, checker, due)
    page = client.get(response["Location"]).content.decode()
    assert "Take it: done. The claim is now researching." in page


def test_a_past_due_date_on_the_claim_page_is_said_beside_the_field(client, checker):
    claim = make_claim(author=checker)
    client.force_login(checker)
    past = timezone.localdate() - datetime.timedelta(days=1)
    response = client.post(f"/claims/{claim.pk}/actions/take/", {"action-take-due_on": past.isoformat()})
    assert response.status_code == 200
    form = response.content.decode().split('id="action-take"')[1].split("</form>")[0]
    assert "The due date is in the past" in form and past.isoformat() in form
    assert Claim.objects.get(pk=claim.pk).state == ClaimState.NEW


def test_a_reviewer_sees_who_can_take_a_new_claim_and_has_no_list_to_take_from(client, checker, reviewer):
    claim = make_claim(author=checker)
    client.force_login(reviewer)
    page = client.get(f"/claims/{claim.pk}/").content.decode()
    assert "<strong>Take it</strong>: a fact-checker (or an editor) can do this." in page
    assert 'id="new-title"' not in client.get("/").content.decode()
    response = client.post(f"/claims/{claim.pk}/take/", HTTP_HX_REQUEST="true")
    assert "Only fact-checkers and editors can take a claim to research." in response.content.decode()
    assert Claim.objects.get(pk=claim.pk).assignee is None


def test_the_desk_lists_new_claims_to_take_and_taking_one_answers_in_its_row(client, checker, other_checker):
    claim = make_claim(author=checker, text="Steel imports doubled.")
    client.force_login(other_checker)
    section = take_section(client.get("/").content.decode())
    assert "Steel imports doubled." in section
    assert f'hx-post="/claims/{claim.pk}/take/"' in section and 'hx-target="closest tr"' in section
    due = timezone.localdate() + datetime.timedelta(days=5)

    row = client.post(f"/claims/{claim.pk}/take/", {"due_on": due.isoformat()}, HTTP_HX_REQUEST="true")

    assert row.status_code == 200
    html = row.content.decode()
    assert html.strip().startswith('<tr role="row">') and "Taken: it is yours now" in html
    assert "carol-test" in html and due.strftime("%-d %b %Y") in html
    claim.refresh_from_db()
    assert (claim.state, claim.assignee, claim.due_on) == (ClaimState.RESEARCHING, other_checker, due)
    # The claim left the list of new claims and is in her queue.
    desk = client.get("/").content.decode()
    assert "Steel imports doubled." in desk.split('id="queue-title"')[1].split("</section>")[0]
    assert 'id="new-title"' in desk and "Steel imports doubled." not in take_section(desk)


def test_the_one_who_comes_second_is_told_in_the_row_who_was_quicker(client, checker, other_checker):
    claim = make_claim(author=checker)
    services.claim_transition(claim=claim, action="take", actor=checker)
    client.force_login(other_checker)

    row = client.post(f"/claims/{claim.pk}/take/", HTTP_HX_REQUEST="true")

    html = row.content.decode()
    assert row.status_code == 200 and 'role="alert"' in html
    assert "alice-test took or was assigned this one first" in html
    assert Claim.objects.get(pk=claim.pk).assignee == checker
    # Without htmx: back to the desk, with the same words.
    response = client.post(f"/claims/{claim.pk}/take/", follow=True)
    assert response.redirect_chain[-1][0] == "/"
    assert "alice-test took or was assigned this one first" in response.content.decode()


def test_taking_without_htmx_opens_the_claim_and_a_bad_date_is_refused(client, checker):
    claim = make_claim(author=checker)
    client.force_login(checker)
    refused = client.post(f"/claims/{claim.pk}/take/", {"due_on": "someday"}, follow=True)
    assert "Enter a valid date." in refused.content.decode()
    assert Claim.objects.get(pk=claim.pk).state == ClaimState.NEW

    response = client.post(f"/claims/{claim.pk}/take/")

    assert response.status_code == 302 and response["Location"] == f"/claims/{claim.pk}/"
    assert Claim.objects.get(pk=claim.pk).assignee == checker
    assert client.get(f"/claims/{claim.pk}/take/").status_code == 302  # opened by its address: the desk
    assert client.post("/claims/999999/take/").status_code == 404


def test_the_list_of_new_claims_costs_the_same_queries_for_one_claim_or_ten(client, checker, other_checker):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    make_claim(author=checker, text="Claim 0.")
    client.force_login(other_checker)
    with CaptureQueriesContext(connection) as few:
        client.get("/")
    for n in range(1, 10):
        make_claim(author=checker, text=f"Claim {n}.")
    with CaptureQueriesContext(connection) as many:
        html = client.get("/").content.decode()
    assert take_section(html).count("Take it<") == 10
    assert len(many) == len(few)


@pytest.mark.parametrize("role, ticked", [(Role.FACT_CHECKER, True), (Role.EDITOR, False)])
def test_intake_ticks_assign_to_me_for_a_fact_checker(client, role, ticked):
    client.force_login(UserFactory(role=role))
    page = client.post("/intake/", {"text": ARTICLE}).content.decode()
    box = next(tag for tag in page.split("<input")[1:] if 'name="assign_to_me"' in tag)
    assert ("checked" in box.split(">")[0]) == ticked


@pytest.mark.parametrize("assign_to_me", [True, False])
def test_a_claim_logged_from_intake_is_assigned_to_its_logger_in_the_same_step(client, checker, assign_to_me):
    from tests.html_forms import form_fields

    client.force_login(checker)
    page = client.post("/intake/", {"text": ARTICLE}).content.decode()
    data = form_fields(page) | {"candidates-0-pick": "on", "outlet": "Business Channel"}
    if assign_to_me:
        data["assign_to_me"] = "on"

    assert client.post("/intake/log/", data).status_code == 302

    claim = Claim.objects.get()
    if assign_to_me:
        assert (claim.state, claim.assignee) == (ClaimState.RESEARCHING, checker)
        assert list(Transition.objects.filter(claim=claim).values_list("action", "actor")) == [
            ("take", checker.pk)
        ]
    else:
        assert (claim.state, claim.assignee) == (ClaimState.NEW, None)
