"""Matching real posts: a tweet with links, tags and a signature finds the fact-check that answers it,
and any text, however long, wordless or foreign, gets an answer (possibly empty) in bounded time."""

import time

import pytest

from claims import matching
from tests.factories import ClaimantFactory, make_claim

pytestmark = pytest.mark.django_db

CHECKED = [
    "Wombats are herding other animals into their burrows to save them from the Australian bushfires.",
    "The U.S. Army is sending text messages to inform people they have been selected for a military draft.",
    "A photograph shows a shark swimming on a flooded highway in Houston after Hurricane Harvey.",
    "Москва объявила о бесплатном проезде для всех пенсионеров.",
    "東京都は来月から全ての美術館を無料にする。",
    "กรุงเทพมหานครประกาศให้รถไฟฟ้าฟรีทุกสาย",
]
# Posts written for this test in the shape of real ones (link, hashtag, handle, closing signature).
POSTS = [
    (
        "Heroic wombats are sheltering other animals in their burrows during the #AustralianFires 🔥🐨 "
        "pic.twitter.com/aB3dE5fG7h — Koala Friend (@koalafriend77) January 14, 2020",
        CHECKED[0],
    ),
    (
        "PSA: fraudulent texts saying you were selected for the military draft are going around. The @USArmy "
        "is NOT sending them. https://t.co/x1Y2z3W4v5 — Pat Doe (@patdoe) January 8, 2020",
        CHECKED[1],
    ),
    (
        "Believe it or not, this is a shark swimming on a highway in Houston. #HurricaneHarvey "
        "pic.twitter.com/Zz9Yy8Xx7W — Storm Watcher (@stormwatch_tx) August 28, 2017",
        CHECKED[2],
    ),
]


@pytest.fixture
def checked(checker):
    matching.statistics_forget()
    claimant = ClaimantFactory(name="Unattributed")
    return {text: make_claim(author=checker, text=text, claimant=claimant) for text in CHECKED}


@pytest.mark.parametrize(("post", "answer"), POSTS)
def test_a_post_finds_the_fact_check_that_answers_it_at_the_default_threshold(checked, post, answer):
    found = matching.claims_similar_to_text(text=post)
    assert found, post
    assert found[0].claim_id == checked[answer].pk
    assert found[0].level == matching.SIMILAR  # worth a look, not the same statement word for word


def test_a_post_is_read_without_its_links_handles_and_signature():
    post = POSTS[0][0]
    assert matching.post_text(post) == (
        "Heroic wombats are sheltering other animals in their burrows during the Australian Fires 🔥🐨 "
        "— Koala Friend"
    )
    assert (
        matching.post_text("Ask @BarackObama about it https://example.org/a?b=c")
        == "Ask Barack Obama about it"
    )


@pytest.mark.parametrize(
    "text",
    [
        "🔥🔥🔥😭😭🙏🏽",
        "👍",
        "!!! ??? ...",
        "Москва объявила о бесплатном проезде для всех пенсионеров.",
        "東京都は来月から全ての美術館を無料にする。",
        "กรุงเทพมหานครประกาศให้รถไฟฟ้าฟรีทุกสาย",
        "\u200b\u200d\ufeff",
    ],
)
def test_wordless_or_foreign_text_gets_an_answer_and_never_a_duplicate_of_something_else(checked, text):
    found = matching.claims_similar_to_text(text=text)
    assert isinstance(found, list)
    for match in found:
        # The only thing such a text may find is the very same statement.
        assert match.text == text, (text, match)


def test_the_same_statement_in_another_script_finds_itself(checked):
    text = CHECKED[3]
    assert matching.claims_similar_to_text(text=text)[0].claim_id == checked[text].pk


@pytest.mark.parametrize(
    "text",
    [
        "wombats burrows fires draft shark highway " * 2_500,  # 100,000+ characters of words it knows
        "Москва пенсионеры проезд " * 4_000,
        "東京都美術館無料" * 12_500,
        "🔥" * 100_000,
        " ".join(f"word{n}" for n in range(12_000)),  # every word a new one
    ],
)
def test_100000_characters_answer_in_bounded_time(checked, text):
    assert len(text) >= 100_000
    began = time.perf_counter()
    found = matching.claims_similar_to_text(text=text)
    assert isinstance(found, list)
    # Generous: the matcher reads at most matching.MAX_TEXT_CHARS of a text.
    assert time.perf_counter() - began < 10
