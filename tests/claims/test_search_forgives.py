"""Search that forgives (issue 15, point 7): word forms and one typo match, and the desk's search covers
the verdict, the evidence and the outlets, ranked. Each rule through the desk's list page and the API's
claim list (one FilterSet), both typo paths on every server: pg_trgm where the server has it, and the
vocabulary's edit-distance-1 spellings, forced here by SEARCH_TYPOS, wherever the test runs."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from claims import services
from claims.models import SearchWord
from claims.search import edit_distance_one, search_typos_path
from claims.selectors import claim_search
from evidence import services as evidence_services
from tests.factories import ClaimantFactory, add_evidence, make_claim, write_verdict
from tests.workflow import publish_factcheck

pytestmark = pytest.mark.django_db

RIDERSHIP = "Bus ridership fell by a third after the fares went up."


def page_ids(client, q: str) -> list[int]:
    """The claims the desk's list page shows for `q`, in their order on the page."""
    response = client.get("/claims/", {"q": q})
    assert response.status_code == 200
    pattern = re.escape(reverse("claims:workspace", args=[999])).replace("999", r"(\d+)")
    return list(dict.fromkeys(int(pk) for pk in re.findall(pattern, response.content.decode())))


def api_ids(client, q: str) -> list[int]:
    response = client.get("/api/v1/claims/", {"q": q, "page_size": 100})
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["results"]]


def both(client, q: str) -> list[int]:
    """What the page lists for `q`, after checking that the API lists the same, in the same order."""
    on_the_page = page_ids(client, q)
    assert api_ids(client, q) == on_the_page, q
    return on_the_page


@pytest.fixture
def desk(client, checker):
    client.force_login(checker)
    return client


@pytest.fixture(params=["auto", "vocabulary"])
def typos(request, settings):
    """Each typo test runs twice: the server's own way (pg_trgm where it is installed) and the
    vocabulary fallback, which needs no extension and so is tested on every server."""
    settings.SEARCH_TYPOS = request.param
    return request.param


def has_pg_trgm() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm')")
        return cursor.fetchone()[0]


# --- Word forms -------------------------------------------------------------------------------------


def test_bus_riders_finds_ridership(desk, checker):
    ridership = make_claim(author=checker, text=RIDERSHIP)
    make_claim(author=checker, text="The business of the city council is roads.")
    make_claim(author=checker, text="Riders of the metro pay more.")  # riders, but no bus
    assert both(desk, "bus riders") == [ridership.pk]
    assert both(desk, "ridership") == [ridership.pk]


def test_rider_finds_riders_and_ridership(desk, checker):
    riders = make_claim(author=checker, text="Riders of the metro pay more.")
    ridership = make_claim(author=checker, text=RIDERSHIP)
    make_claim(author=checker, text="Cyclists ride for free.")
    assert set(both(desk, "rider")) == {riders.pk, ridership.pk}
    assert set(both(desk, "riders")) == {riders.pk, ridership.pk}


def test_a_short_word_is_not_widened_to_longer_words(desk, checker):
    bus = make_claim(author=checker, text=RIDERSHIP)
    make_claim(author=checker, text="Business rates doubled.")
    assert both(desk, "bus") == [bus.pk]


def test_phrases_and_exclusions_are_not_widened(desk, checker):
    riders = make_claim(author=checker, text="Riders of the metro pay more.")
    ridership = make_claim(author=checker, text=RIDERSHIP)
    assert both(desk, '"bus ridership"') == [ridership.pk]
    assert both(desk, "metro -ridership") == [riders.pk]
    assert both(desk, "rider -ridership") == [riders.pk]  # excluding the longer word keeps the shorter


# --- One typo ---------------------------------------------------------------------------------------


def test_one_typo_finds_the_word(desk, checker, typos):
    ridership = make_claim(author=checker, text=RIDERSHIP)
    make_claim(author=checker, text="Riders of the metro pay more.")
    make_claim(author=checker, text="Leadership of the party changed.")
    assert both(desk, "ridershp") == [ridership.pk]  # a letter dropped
    assert both(desk, "rdiership") == [ridership.pk]  # two letters swapped
    assert both(desk, "bus ridersship") == [ridership.pk]  # a letter added, beside a right word
    assert both(desk, "farez") == [ridership.pk]  # a letter changed


def test_a_typo_in_the_outlet_or_the_evidence_is_forgiven_too(desk, checker, typos):
    claim = make_claim(author=checker, text="Fares went up.")
    services.appearance_create(claim=claim, actor=checker, outlet="Bloomberg", medium="tv")
    add_evidence(claim, actor=checker, title="Transit authority timetable")
    assert both(desk, "bloombreg") == [claim.pk]
    assert both(desk, "timetabel") == [claim.pk]


def test_a_known_word_is_not_corrected(desk, checker, typos):
    cats = make_claim(author=checker, text="Cats are fewer than dogs.")
    make_claim(author=checker, text="Cars are fewer than bikes.")
    # "cats" is a word of the corpus: it finds cats only, not the "cars" one edit away.
    assert both(desk, "cats") == [cats.pk]


def test_a_word_far_from_every_word_finds_nothing(desk, checker, typos):
    make_claim(author=checker, text=RIDERSHIP)
    assert both(desk, "photosynthesis") == []
    assert both(desk, "xqzvw") == []


def test_the_vocabulary_path_forgives_one_edit_and_not_two(checker):
    ridership = make_claim(author=checker, text=RIDERSHIP)
    transport = make_claim(author=checker, text="Public transportation is free on Sundays.")
    assert [c.pk for c in claim_search(query="ridershp", typos="vocabulary")] == [ridership.pk]
    assert [c.pk for c in claim_search(query="transportaton", typos="vocabulary")] == [transport.pk]
    assert list(claim_search(query="transprtaion", typos="vocabulary")) == []  # two edits away
    assert list(claim_search(query="ridershp", typos="none")) == []


def test_auto_uses_trigrams_where_the_server_has_them_and_the_vocabulary_elsewhere(checker):
    ridership = make_claim(author=checker, text=RIDERSHIP)
    transport = make_claim(author=checker, text="Public transportation is free on Sundays.")
    if has_pg_trgm():
        assert search_typos_path() == "trigram"
        # Trigram similarity also forgives two typos in a long word, which the vocabulary path does not.
        assert [c.pk for c in claim_search(query="transprtaion", typos="trigram")] == [transport.pk]
        assert [c.pk for c in claim_search(query="transprtaion", typos="auto")] == [transport.pk]
    else:
        assert search_typos_path() == "vocabulary"
        assert list(claim_search(query="transprtaion", typos="auto")) == []
    assert [c.pk for c in claim_search(query="ridershp", typos="auto")] == [ridership.pk]


def test_edit_distance_one_spellings():
    spellings = edit_distance_one("ridershp")
    assert {"ridership", "ridershp"[1:], "irdershp", "rixershp"} <= set(spellings)
    assert "ridershp" not in spellings
    assert "ridershipp" not in spellings  # two edits
    assert "naïve" in edit_distance_one("naïv")


def test_the_vocabulary_holds_the_words_of_every_searched_field(checker):
    claim = make_claim(author=checker, text="Ridership fell.", claimant=ClaimantFactory(name="Transit Union"))
    services.appearance_create(claim=claim, actor=checker, outlet="Bloomberg", medium="tv")
    write_verdict(claim, actor=checker, analysis="Timetables changed.")
    add_evidence(
        claim,
        actor=checker,
        title="Annual report",
        excerpt="Passengers counted",
        source={"name": "Metrolinx"},
    )
    words = set(SearchWord.objects.values_list("word", flat=True))
    assert {"ridership", "transit", "union", "bloomberg", "timetables", "annual", "passengers"} <= words
    assert "metrolinx" in words


# --- What the desk's search covers, and its order -----------------------------------------------------


@pytest.fixture
def covered(checker):
    """One claim per searched field, each word found only there."""
    in_analysis = make_claim(author=checker, text="Fares went up in March.")
    write_verdict(in_analysis, actor=checker, analysis="The **timetable** changed as well.")
    in_conclusion = make_claim(author=checker, text="Fares went up in April.")
    write_verdict(in_conclusion, actor=checker, conclusion="Subsidies were withdrawn.")
    in_title = make_claim(author=checker, text="Fares went up in May.")
    add_evidence(in_title, actor=checker, title="Municipal audit of the network")
    in_excerpt = make_claim(author=checker, text="Fares went up in June.")
    add_evidence(in_excerpt, actor=checker, title="Board minutes", excerpt="The depot closed on Sundays.")
    in_source = make_claim(author=checker, text="Fares went up in July.")
    add_evidence(in_source, actor=checker, title="Annual figures", source={"name": "Metrolinx"})
    in_outlet = make_claim(author=checker, text="Fares went up in August.")
    services.appearance_create(claim=in_outlet, actor=checker, outlet="Bloomberg", medium="tv")
    return {
        "timetable": in_analysis,
        "subsidies": in_conclusion,
        "municipal audit": in_title,
        "depot": in_excerpt,
        "metrolinx": in_source,
        "bloomberg": in_outlet,
    }


@pytest.mark.parametrize(
    "query", ["timetable", "subsidies", "municipal audit", "depot", "metrolinx", "bloomberg"]
)
def test_the_desk_searches_each_field(desk, covered, query):
    assert both(desk, query) == [covered[query].pk]


def test_the_search_follows_edits_and_removals(desk, checker, editor):
    claim = make_claim(author=checker, text="Fares went up.")
    evidence = add_evidence(claim, actor=checker, title="Municipal audit", source={"name": "Metrolinx"})
    appearance = services.appearance_create(claim=claim, actor=checker, outlet="Bloomberg", medium="tv")
    write_verdict(claim, actor=checker, analysis="The timetable changed.")
    assert both(desk, "audit") == both(desk, "metrolinx") == both(desk, "timetable") == [claim.pk]

    evidence_services.evidence_update(evidence=evidence, actor=checker, title="Council report")
    assert both(desk, "audit") == []
    assert both(desk, "council") == [claim.pk]

    evidence_services.source_update(source=evidence.source, actor=editor, name="Transit Watch")
    assert both(desk, "metrolinx") == []
    assert both(desk, "transit watch") == [claim.pk]

    write_verdict(claim, actor=checker, analysis="Buses ran late.")
    assert both(desk, "timetable") == []
    assert both(desk, "late buses") == [claim.pk]

    services.appearance_delete(appearance=appearance, actor=checker)
    assert both(desk, "bloomberg") == []
    evidence_services.evidence_delete(evidence=evidence, actor=checker)
    assert both(desk, "council") == []
    assert both(desk, "fares") == [claim.pk]  # the claim's own words stay


def test_the_claim_text_outranks_the_claimant_then_verdict_outlet_and_titles_then_excerpts(desk, checker):
    # Made in the reverse order, so newest-first alone would give the reverse of the expected order.
    in_excerpt = make_claim(author=checker, text="Fares went up in June.")
    add_evidence(in_excerpt, actor=checker, title="Board minutes", excerpt="Ridership fell.")
    in_title = make_claim(author=checker, text="Fares went up in May.")
    add_evidence(in_title, actor=checker, title="Ridership figures")
    in_analysis = make_claim(author=checker, text="Fares went up in April.")
    write_verdict(in_analysis, actor=checker, analysis="Ridership fell.")
    in_outlet = make_claim(author=checker, text="Fares went up in March.")
    services.appearance_create(claim=in_outlet, actor=checker, outlet="Ridership Weekly", medium="article")
    in_claimant = make_claim(
        author=checker, text="Fares went up.", claimant=ClaimantFactory(name="Ridership Now")
    )
    in_text = make_claim(author=checker, text="Ridership fell after fares went up.")

    ranked = both(desk, "ridership")
    assert ranked[:2] == [in_text.pk, in_claimant.pk]
    # The verdict, the outlets and the evidence's titles weigh alike (C); an excerpt weighs least (D).
    assert set(ranked[2:5]) == {in_analysis.pk, in_outlet.pk, in_title.pk}
    assert ranked[5:] == [in_excerpt.pk]
    # The typo keeps the order.
    assert both(desk, "ridrship") == ranked


# --- Cost -------------------------------------------------------------------------------------------


def _count(client, url, params) -> int:
    client.get(url, params)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, params).status_code == 200
    return len(queries)


@pytest.mark.parametrize("url", ["/claims/", "/api/v1/claims/"])
def test_a_forgiving_search_costs_no_query_more_than_the_list(desk, checker, url, typos):
    for n in range(6):
        claim = make_claim(author=checker, text=f"Ridership fell {n} percent.")
        add_evidence(claim, actor=checker, title=f"Count {n}")
    plain = _count(desk, url, {})
    for q in ("ridership", "ridershp", "riders fell -metro", '"ridership fell" or timetable'):
        assert _count(desk, url, {"q": q}) == plain, q


# --- The public search is as forgiving ------------------------------------------------------------


def test_the_public_search_forgives_word_forms_and_a_typo(checker, reviewer, editor, typos):
    published = publish_factcheck(checker=checker, reviewer=reviewer, editor=editor, text=RIDERSHIP)
    make_claim(author=checker, text="Bus ridership is at a record.")  # not published: never listed
    anon = APIClient()
    for q in ("bus riders", "ridershp", "rider"):
        response = anon.get("/api/v1/fact-checks/", {"q": q})
        assert response.status_code == 200, response.content
        assert [item["id"] for item in response.json()["results"]] == [published.pk], q
        page = APIClient().get("/fact-checks/", {"q": q}).content.decode()
        assert "Bus ridership fell by a third" in page, q
        assert "record" not in page, q


def test_housekeeping_forgets_the_words_no_claim_uses_any_more(checker):
    """A reworded claim's old words leave the vocabulary at the daily housekeeping, so a typo is not
    corrected to a word that finds nothing; words still used (in any field, or another form of the
    word: "cloves" finds "Clove harvest") and stop words stay."""
    from factcheck.housekeeping import expired_records_delete

    kept = make_claim(author=checker, text="Ridership fell on the buses.")
    reworded = make_claim(author=checker, text="Zanzibar exports cloves to Europe.")
    add_evidence(kept, actor=checker, title="Clove harvest", excerpt="Pemba island")
    assert {"zanzibar", "cloves", "pemba"} <= set(SearchWord.objects.values_list("word", flat=True))
    services.claim_update(claim=reworded, actor=checker, text="Tanzania exports spices to Europe.")
    assert list(claim_search(query="zanzibr", typos="vocabulary")) == []  # corrected, finds nothing

    assert expired_records_delete()["search_words"] == 1

    words = set(SearchWord.objects.values_list("word", flat=True))
    assert "zanzibar" not in words
    assert {"cloves", "ridership", "buses", "clove", "pemba", "tanzania", "spices", "europe", "the"} <= words
    assert expired_records_delete()["search_words"] == 0
    services.claim_update(claim=reworded, actor=checker, text="Zanzibar exports spices to Europe.")
    assert [c.pk for c in claim_search(query="zanzibr", typos="vocabulary")] == [reworded.pk]


def test_housekeeping_keeps_the_words_the_public_still_reads_in_a_publication(checker, reviewer, editor):
    """A published claim reworded in a revision keeps its published words on the public pages: they
    stay in the vocabulary, and a reader's typo for one still finds the fact-check."""
    from factcheck.housekeeping import expired_records_delete

    published = publish_factcheck(
        checker=checker, reviewer=reviewer, editor=editor, text="Zanzibar exports cloves to Europe."
    )
    services.claim_transition(claim=published, action="revise", actor=editor)
    services.claim_update(claim=published, actor=checker, text="Tanzania exports spices to Europe.")

    expired_records_delete()

    assert SearchWord.objects.filter(word="zanzibar").exists()
    response = APIClient().get("/api/v1/fact-checks/", {"q": "zanzibr"})
    assert [item["id"] for item in response.json()["results"]] == [published.pk]
