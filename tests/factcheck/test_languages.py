"""One language tag rule (factcheck.languages) for the desk, the import, the API and its searches."""

import pytest

from factcheck.languages import is_language_tag


@pytest.mark.parametrize("tag", ["en", "de", "fil", "pt-BR", "zh-Hant", "zh-Hant-TW", "es-419", "EN-gb"])
def test_language_region_and_script_tags_are_accepted(tag):
    assert is_language_tag(tag)


@pytest.mark.parametrize(
    "tag",
    [
        "",
        "e",
        "english",  # a word, not a tag (the public API's search took it before the rule was one)
        "en-x-house",  # private use: a one-letter subtag
        "de-u-co-phonebk",  # an extension
        "en_US",
        "en-",
        "en-US; drop",
        "pt-BR\n",
    ],
)
def test_words_extensions_and_private_use_are_refused(tag):
    assert not is_language_tag(tag)


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/v1/fact-checks/", "/api/v1/claims/"])
def test_the_api_refuses_what_the_desk_refuses(client, django_user_model, path):
    from factcheck.roles import Role

    member = django_user_model.objects.create_user("lang-reader", password="x", role=Role.FACT_CHECKER)
    client.force_login(member)
    assert client.get(path, {"language": "english"}).status_code == 400
    assert client.get(path, {"language": "pt-BR"}).status_code == 200
