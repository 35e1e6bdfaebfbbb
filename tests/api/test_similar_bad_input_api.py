"""GET /api/v1/claims/similar on hostile text: empty, 100,000 characters, emoji only, scripts the
English stemmer does not know. Each gets an answer (a problem or a list, possibly empty) in bounded
time, never a 500."""

import time

import pytest

from claims import matching
from tests.api.conftest import assert_problem
from tests.factories import make_claim

pytestmark = pytest.mark.django_db

URL = "/api/v1/claims/similar"


@pytest.fixture
def reader(token_for, checker):
    matching.statistics_forget()
    make_claim(
        author=checker, text="Wombats are herding other animals into their burrows to escape the fires."
    )
    make_claim(author=checker, text="Москва объявила о бесплатном проезде для всех пенсионеров.")
    return token_for(checker, scopes=["claims:read"])


@pytest.mark.parametrize("text", ["", "   ", "\n\t"])
def test_empty_text_is_a_400_naming_the_field(reader, text):
    assert_problem(reader.get(URL, {"text": text}), 400, field="text")


def test_100000_characters_is_a_400_at_once(reader):
    began = time.perf_counter()
    assert_problem(reader.get(URL, {"text": "wombats " * 12_500}), 400, field="text")
    assert time.perf_counter() - began < 5


HOSTILE = [
    "🔥😭🙏🏽",
    "🔥" * 10_000,
    "Москва пенсионеры проезд " * 400,
    "東京都は来月から全ての美術館を無料にする。" * 450,
    "กรุงเทพมหานครประกาศให้รถไฟฟ้าฟรีทุกสาย" * 250,
    " ".join(f"w{n}" for n in range(2_400)),
    "wombats burrows fires " * 450,
    "\u200b\u200d\ufeff" * 3000,  # zero-width characters only
    "ꦲꦤꦕꦫꦏ ꦢꦠꦱꦮꦭ " * 600,  # Javanese: a script the model's vocabulary does not hold
]


@pytest.mark.parametrize("text", HOSTILE)
def test_the_longest_text_allowed_in_any_script_answers_200_in_bounded_time(reader, text):
    text = text[:10_000]
    began = time.perf_counter()
    response = reader.get(URL, {"text": text, "limit": 50})
    assert time.perf_counter() - began < 10  # generous: the text is at most 10,000 characters
    assert response.status_code == 200, response.content[:300]
    assert isinstance(response.json()["results"], list)


def test_a_known_statement_in_cyrillic_finds_itself(reader):
    results = reader.get(URL, {"text": "Москва объявила о бесплатном проезде для всех пенсионеров"}).json()[
        "results"
    ]
    assert results and results[0]["text"].startswith("Москва")


def test_a_null_character_is_a_400(reader):
    assert_problem(reader.get(URL, {"text": "wombats\x00"}), 400, field="text")


@pytest.mark.parametrize("text", HOSTILE)
def test_with_the_claims_embedded_any_text_still_answers_200_in_bounded_time(reader, text):
    from claims.matching import index

    assert index.embeddings_backfill() == 2
    text = text[:10_000]
    began = time.perf_counter()
    response = reader.get(URL, {"text": text, "limit": 50})
    assert time.perf_counter() - began < 10
    assert response.status_code == 200, response.content[:300]
    for result in response.json()["results"]:
        assert 0 <= result["score"] <= 1 and result["level"] in {"similar", "duplicate"}


def test_emoji_only_finds_no_claim_by_meaning(reader):
    from claims.matching import index

    index.embeddings_backfill()
    assert reader.get(URL, {"text": "🔥😭🙏🏽"}).json()["results"] == []


def test_with_the_claims_embedded_a_statement_in_other_words_is_found_through_the_api(reader):
    from claims.matching import index

    index.embeddings_backfill()
    results = reader.get(
        URL, {"text": "Marsupials guide other creatures underground to flee the bushfires"}
    ).json()["results"]
    assert results and results[0]["text"].startswith("Wombats")
