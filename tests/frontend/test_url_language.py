"""One language rule for URLs, and the old paths that still lead to the moved pages."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

from marketplace.moved_urls import MOVED
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# Endpoints that programs call keep English paths; everything else is a page or a download.
TECHNICAL_PREFIXES = ("admin/", "i18n/", "graphql/", "payments/", "integrations/", "healthz")
ENGLISH_WORDS = ("login", "logout", "import", "export", "documents", "certificates", "scan")


def _paths(resolver=None, prefix=""):
    for entry in (resolver or get_resolver()).url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            module = getattr(entry.urlconf_name, "__name__", entry.urlconf_name)
            if module == "marketplace.moved_urls" or route.startswith("admin/"):
                continue
            yield from _paths(entry, route)
        elif isinstance(entry, URLPattern):
            yield route


def test_pages_and_downloads_have_vietnamese_paths():
    pages = [p for p in _paths() if not p.startswith(TECHNICAL_PREFIXES)]
    assert "tai-khoan/dang-nhap/" in pages
    english = [p for p in pages if any(word in p for word in ENGLISH_WORDS)]
    assert english == []


def test_new_paths():
    assert reverse("login") == "/tai-khoan/dang-nhap/"
    assert reverse("logout") == "/tai-khoan/dang-xuat/"
    assert reverse("showroom:import", args=[7]) == "/showroom/7/nhap-tu-tep/"
    assert reverse("showroom:export", args=[7]) == "/showroom/7/ton-kho.csv"
    assert reverse("vendors:application-document", args=[7]) == "/tai-lieu/ho-so/7/"
    assert reverse("vendors:certificate-document", args=[7]) == "/tai-lieu/chung-nhan/7/"


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/accounts/login/?next=/gio-hang/", "/tai-khoan/dang-nhap/?next=/gio-hang/"),
        ("/showroom/7/import/", "/showroom/7/nhap-tu-tep/"),
        ("/showroom/7/export.csv", "/showroom/7/ton-kho.csv"),
        ("/vendors/documents/7/", "/tai-lieu/ho-so/7/"),
        ("/vendors/certificates/7/scan/", "/tai-lieu/chung-nhan/7/"),
    ],
)
def test_old_paths_redirect_permanently_with_their_query(client, old, new):
    response = client.get(old)
    assert response.status_code == 301
    assert response["Location"] == new


def test_every_moved_path_is_listed_once():
    assert len({old for old, _ in MOVED}) == len(MOVED)
    for old, _ in MOVED:
        match = resolve("/" + old.replace("<int:pk>", "7"))
        assert match.func.__qualname__.startswith("moved_to"), old


def test_a_post_to_an_old_path_keeps_its_method(client):
    """A script posting a stock file to the old address is sent on with 308, body and all."""
    response = client.post("/showroom/7/import/", {"file": "x"})
    assert response.status_code == 308
    assert response["Location"] == "/showroom/7/nhap-tu-tep/"


def test_logging_in_at_the_old_address_still_works(client):
    user = UserFactory(email="clerk@example.vn")
    user.set_password("mat-khau-dai-2025")
    user.save()
    response = client.post(
        "/accounts/login/",
        {"username": "clerk@example.vn", "password": "mat-khau-dai-2025"},
        follow=True,
    )
    assert response.redirect_chain[0] == ("/tai-khoan/dang-nhap/", 308)
    assert response.wsgi_request.user.is_authenticated
