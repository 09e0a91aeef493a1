"""The language switch is a GET link: it sets the language cookie and returns to the page, in
the new language's URL, and never to another site."""

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_switching_sets_the_cookie_and_returns_to_the_page(client):
    response = client.get(reverse("language-switch"), {"language": "en", "next": "/san-pham/"})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert "no-store" in response["Cache-Control"]
    page = client.get(response["Location"])
    assert 'lang="en"' in page.content.decode()


def test_the_header_form_switches_without_a_csrf_token(client):
    page = client.get("/").content.decode()
    assert 'action="/ngon-ngu/" method="get"' in page
    assert "csrfmiddlewaretoken" not in page


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/x"])
def test_another_site_as_next_is_refused(client, next_url):
    response = client.get(reverse("language-switch"), {"language": "en", "next": next_url})
    assert response["Location"] == "/"


def test_an_unknown_language_changes_nothing(client):
    response = client.get(reverse("language-switch"), {"language": "xx", "next": "/san-pham/"})
    assert response["Location"] == "/san-pham/"
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


def test_posting_is_refused(client):
    assert client.post(reverse("language-switch"), {"language": "en"}).status_code == 405
