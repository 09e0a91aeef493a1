"""The login and registration pages are a centred card of the design system's fields, and keep
their field names: the forms post as before."""

import re

import pytest

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def _main(page: str) -> str:
    return page[page.index("<main") : page.index("</main>")]


def test_the_login_page_is_a_card_of_fields_with_a_primary_button(client):
    main = _main(client.get("/tai-khoan/dang-nhap/?next=/gio-hang/").content.decode())
    assert '<div class="card auth-card">' in main
    assert main.count('<div class="field">') == 2
    for name in ["username", "password", "next"]:
        assert f'name="{name}"' in main
    assert re.search(r'<button type="submit" class="btn btn-primary[^"]*">Đăng nhập</button>', main)
    assert 'href="/tai-khoan/dang-ky/?next=/gio-hang/"' in main


def test_logging_in_still_works(client):
    user = UserFactory()
    user.set_password(PASSWORD)
    user.save()
    response = client.post(
        "/tai-khoan/dang-nhap/",
        {"username": user.email, "password": PASSWORD, "next": "/gio-hang/"},
    )
    assert response.status_code == 302 and response["Location"] == "/gio-hang/"


def test_a_refused_login_shows_the_error_in_an_alert(client):
    main = _main(
        client.post(
            "/tai-khoan/dang-nhap/", {"username": "x@example.vn", "password": "no"}
        ).content.decode()
    )
    # Not about one field: the shared error list as a danger alert, announced.
    assert 'class="errors alert alert-danger" role="alert"' in main


def test_the_registration_page_is_a_card_and_shows_field_errors(client):
    main = _main(
        client.post("/tai-khoan/dang-ky/", {"email": "", "password": "a"}).content.decode()
    )
    assert '<div class="card auth-card">' in main
    assert main.count('<div class="field">') == 4
    for name in ["email", "full_name", "password", "password_again", "next"]:
        assert f'name="{name}"' in main
    assert 'aria-invalid="true"' in main and 'class="errors field-errors field-error"' in main
    assert 'class="btn btn-primary btn-block btn-lg">Tạo tài khoản</button>' in main
