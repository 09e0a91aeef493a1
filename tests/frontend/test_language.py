"""Pages speak Vietnamese whatever the browser prefers, until the visitor picks English; the
API follows Accept-Language."""

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


def test_an_english_browser_still_gets_vietnamese_pages(client):
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="vi">' in page


def test_the_language_switch_turns_pages_english(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert '<html lang="en">' in client.get("/").content.decode()


def test_the_api_follows_accept_language(client):
    query = '{"query": "mutation { tokenCreate(email: \\"a@b.vn\\", password: \\"x\\") '
    query += '{ errors { message } } }"}'

    def message(language):
        response = client.post(
            "/graphql/", query, content_type="application/json", HTTP_ACCEPT_LANGUAGE=language
        )
        return response.json()["data"]["tokenCreate"]["errors"][0]["message"]

    assert message("en") != message("vi")
