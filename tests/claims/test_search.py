"""Full-text search over claims, and the invariants the database itself enforces."""

import pytest
from django.db import IntegrityError, connection, transaction

from claims.models import Appearance, Claim, ClaimState, Review, ReviewDecision, Verdict
from claims.selectors import claim_list, claim_search
from claims.services import appearance_create, claim_transition, claim_update
from evidence.models import Evidence
from factcheck.history import acting_as
from tests.factories import ClaimantFactory, add_evidence, claim_in_state, make_claim, write_verdict

LUTNICK_QUOTE = "China, Japan, and Korea provide electricity almost for free and then dump steel to the U.S."


@pytest.fixture
def lutnick(db):
    return ClaimantFactory(name="Howard Lutnick", title="U.S. Secretary of Commerce")


def found(query: str) -> list[int]:
    return [claim.pk for claim in claim_search(query=query)]


def listed(query: str, **filters) -> list[int]:
    return [claim.pk for claim in claim_list(filters={"q": query, **filters})]


def test_finds_a_claim_by_its_words_in_any_form(checker, lutnick):
    claim = make_claim(author=checker, text=LUTNICK_QUOTE, claimant=lutnick)
    make_claim(author=checker, text="Wind farms kill more birds than cats do.")
    # Stemming: "dumping" finds "dump", "electric" is not "electricity" but "electricity" is.
    assert found("dumping steel") == [claim.pk]
    assert found("Electricity") == [claim.pk]
    assert listed("steel") == [claim.pk]


def test_finds_a_claim_by_its_summary(checker):
    claim = make_claim(
        author=checker, text="They pay nothing for power.", summary="Asian steelmakers get free power"
    )
    make_claim(author=checker, text="They pay nothing for water.")
    assert found("steelmakers") == [claim.pk]
    assert listed("steelmakers") == [claim.pk]


def test_finds_a_claim_by_its_claimants_name(checker, lutnick):
    claim = make_claim(author=checker, text=LUTNICK_QUOTE, claimant=lutnick)
    make_claim(author=checker, text=LUTNICK_QUOTE, claimant=ClaimantFactory(name="Someone Else"))
    assert found("Lutnick") == [claim.pk]
    assert listed("howard lutnick") == [claim.pk]


def test_renaming_the_claimant_reindexes_their_claims(checker, editor, lutnick):
    claims = [make_claim(author=checker, text=LUTNICK_QUOTE, claimant=lutnick) for _ in range(2)]
    with acting_as(editor):
        lutnick.name = "Howard W. Lutnick-Smith"
        lutnick.save()
    assert sorted(found("Lutnick-Smith")) == sorted(c.pk for c in claims)
    with acting_as(editor):
        lutnick.name = "H. Commerce"
        lutnick.save()
    assert found("Lutnick") == []
    assert sorted(found("commerce")) == sorted(c.pk for c in claims)


def test_moving_a_claim_to_another_claimant_reindexes_it(checker, lutnick):
    claim = make_claim(author=checker, text=LUTNICK_QUOTE, claimant=ClaimantFactory(name="Unknown Speaker"))
    claim_update(claim=claim, actor=checker, claimant=lutnick)
    assert found("lutnick") == [claim.pk]
    assert found("unknown speaker") == []


def test_editing_the_text_reindexes_the_claim(checker):
    claim = make_claim(author=checker, text="Exports of steel doubled.")
    claim_update(claim=claim, actor=checker, text="Exports of aluminium doubled.")
    assert found("steel") == []
    assert found("aluminium") == [claim.pk]


def test_a_claim_about_the_words_ranks_above_one_that_mentions_them_in_passing(checker):
    # Made first, so ordering by age alone would list it last.
    about = make_claim(author=checker, text="Cheap electricity lets them dump steel on our market.")
    passing = make_claim(
        author=checker,
        text="The minister spoke about schools, hospitals, roads, taxes and pensions for an hour; "
        "near the end she said electricity bills would rise, and later, asked about trade, "
        "mentioned steel once.",
    )
    in_name = make_claim(
        author=checker,
        text="Electricity prices will halve next year.",
        claimant=ClaimantFactory(name="Steel Workers Federation"),
    )

    ranked = list(claim_search(query="electricity steel"))
    assert [c.pk for c in ranked][0] == about.pk
    assert {c.pk for c in ranked} == {about.pk, passing.pk, in_name.pk}
    ranks = {claim.pk: claim.rank for claim in ranked}
    assert ranks[about.pk] > ranks[passing.pk]
    assert ranks[about.pk] > ranks[in_name.pk]
    assert listed("electricity steel")[0] == about.pk


def test_a_single_word_ranks_a_claim_about_it_above_a_long_one_mentioning_it_once(checker):
    about = make_claim(author=checker, text="Korea dumps steel on the U.S. market.")
    passing = make_claim(
        author=checker,
        text="In a long interview the secretary covered interest rates, the deficit, pensions, "
        "farm subsidies, immigration, chips for export, the dollar and, once, steel.",
    )
    ranked = list(claim_search(query="steel"))
    assert [c.pk for c in ranked] == [about.pk, passing.pk]
    assert ranked[0].rank > ranked[1].rank


def test_words_in_the_text_outrank_the_same_words_in_the_claimants_name(checker):
    in_name = make_claim(
        author=checker, text="Tariffs will pay for everything.", claimant=ClaimantFactory(name="Steel Lobby")
    )
    in_text = make_claim(author=checker, text="Steel tariffs pay for everything.")
    assert found("steel") == [in_text.pk, in_name.pk]
    # Newer first on equal rank, so creating the name match last must not change the order.
    in_name_newer = make_claim(
        author=checker, text="Tariffs pay for all.", claimant=ClaimantFactory(name="Steel Union")
    )
    assert found("steel")[0] == in_text.pk
    assert set(found("steel")) == {in_text.pk, in_name.pk, in_name_newer.pk}


def test_websearch_syntax_phrases_and_exclusions(checker, lutnick):
    quote = make_claim(author=checker, text=LUTNICK_QUOTE, claimant=lutnick)
    apart = make_claim(author=checker, text="Steel mills dump their waste and pay for electricity.")
    korea = make_claim(author=checker, text="Korea subsidises steel exports.")

    assert found('"dump steel"') == [quote.pk]
    assert set(found("steel dump")) == {quote.pk, apart.pk}
    assert set(found("steel -korea")) == {apart.pk}
    assert set(found("steel -Korea -waste")) == set()
    assert set(found("waste or subsidises")) == {apart.pk, korea.pk}


@pytest.mark.parametrize("query", ["photosynthesis", '"korea dump"', "the", "-steel"])
def test_no_match_is_an_empty_list(query, checker, lutnick):
    make_claim(author=checker, text=LUTNICK_QUOTE, claimant=lutnick)
    assert found(query) == []
    assert listed(query) == []


def test_search_combines_with_list_filters(checker, reviewer, editor, lutnick):
    researching = claim_in_state(
        ClaimState.RESEARCHING, checker=checker, reviewer=reviewer, editor=editor, text=LUTNICK_QUOTE
    )
    fresh = make_claim(author=checker, text=LUTNICK_QUOTE, claimant=lutnick)
    assert set(listed("steel")) == {researching.pk, fresh.pk}
    assert listed("steel", state=ClaimState.NEW) == [fresh.pk]
    assert listed("steel", claimant=lutnick.pk) == [fresh.pk]
    assert listed("steel", assignee=checker.pk) == [researching.pk]
    # An empty query lists everything, newest first.
    assert [c.pk for c in claim_list(filters={"q": "  "})] == [fresh.pk, researching.pk]


# --- What the database refuses ---------------------------------------------------


def refused(callable_, match: str):
    with pytest.raises(IntegrityError, match=match), transaction.atomic():
        callable_()


def test_an_unknown_state_is_refused_by_the_database(checker):
    claim = make_claim(author=checker)
    refused(lambda: Claim.objects.filter(pk=claim.pk).update(state="pending"), "claim_state_valid")

    def raw():
        with connection.cursor() as cursor:
            cursor.execute("UPDATE claims_claim SET state = 'archived' WHERE id = %s", [claim.pk])

    refused(raw, "claim_state_valid")
    claim.refresh_from_db()
    assert claim.state == ClaimState.NEW


def test_an_unknown_stance_is_refused_by_the_database(checker):
    claim = make_claim(author=checker)
    evidence = add_evidence(claim, actor=checker)
    refused(lambda: Evidence.objects.filter(pk=evidence.pk).update(stance="neutral"), "evidence_stance_valid")
    evidence.refresh_from_db()
    assert evidence.stance == "refutes"


def test_two_first_appearances_are_refused_by_the_database(checker):
    claim = make_claim(author=checker)
    Appearance.objects.create(claim=claim, outlet="CNBC", is_first=True)
    refused(
        lambda: Appearance.objects.create(claim=claim, outlet="Fox", is_first=True),
        "appearance_one_first_per_claim",
    )
    # Other claims keep their own first appearance.
    Appearance.objects.create(claim=make_claim(author=checker), outlet="Fox", is_first=True)
    assert Appearance.objects.filter(claim=claim, is_first=True).count() == 1


def test_marking_another_appearance_first_moves_the_mark(checker):
    claim = make_claim(author=checker)
    first = appearance_create(claim=claim, actor=checker, outlet="CNBC", is_first=True)
    second = appearance_create(claim=claim, actor=checker, outlet="Fox", is_first=True)
    assert list(Appearance.objects.filter(claim=claim, is_first=True)) == [second]
    first.refresh_from_db()
    assert first.is_first is False


def test_two_verdicts_per_claim_are_refused_by_the_database(checker):
    claim = make_claim(author=checker)
    verdict = write_verdict(claim, actor=checker)
    refused(
        lambda: Verdict.objects.create(
            claim=claim, conclusion="Second opinion", author=checker, last_edited_by=checker
        ),
        "claim_id",
    )
    assert Verdict.objects.filter(claim=claim).get() == verdict


def test_a_second_review_by_the_same_reviewer_on_a_revision_is_refused_by_the_database(
    checker, reviewer, editor
):
    claim = claim_in_state(ClaimState.IN_REVIEW, checker=checker, reviewer=reviewer, editor=editor)
    claim = claim_transition(
        claim=claim, action="request_changes", actor=reviewer, comment="Cite the source."
    )
    verdict = claim.verdict
    refused(
        lambda: Review.objects.create(
            verdict=verdict, revision=verdict.revision, reviewer=reviewer, decision=ReviewDecision.APPROVE
        ),
        "review_one_per_reviewer_revision",
    )
    # The next revision is a new round.
    Review.objects.create(
        verdict=verdict, revision=verdict.revision + 1, reviewer=reviewer, decision=ReviewDecision.APPROVE
    )
    assert Review.objects.filter(verdict=verdict, reviewer=reviewer).count() == 2


def test_a_request_for_changes_without_a_comment_is_refused_by_the_database(checker, reviewer, editor):
    claim = claim_in_state(ClaimState.IN_REVIEW, checker=checker, reviewer=reviewer, editor=editor)
    refused(
        lambda: Review.objects.create(
            verdict=claim.verdict,
            revision=claim.verdict.revision,
            reviewer=reviewer,
            decision=ReviewDecision.REQUEST_CHANGES,
        ),
        "review_changes_need_comment",
    )
    assert not Review.objects.filter(verdict__claim=claim).exists()
