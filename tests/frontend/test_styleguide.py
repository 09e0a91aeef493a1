"""/_styleguide/ shows every component of the design system, to staff (or anyone under DEBUG)."""

import pytest

from frontend_templates.styleguide import COMPONENTS, sprite_icons
from tests.factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = "/_styleguide/"


def test_nobody_but_staff_finds_it_when_debug_is_off(client, settings):
    settings.DEBUG = False
    assert client.get(URL).status_code == 404
    client.force_login(UserFactory())
    assert client.get(URL).status_code == 404


def test_staff_see_every_component_and_every_icon(client):
    client.force_login(StaffFactory())
    response = client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    for anchor, name in COMPONENTS:
        assert f'id="{anchor}" data-component="{name}"' in page
    # Realistic copy, in the classes pages use
    assert 'class="btn btn-primary">Thêm vào giỏ</button>' in page
    assert 'aria-invalid="true"' in page and 'class="field-error"' in page
    assert 'class="timeline"' in page and 'class="is-current"' in page
    assert 'data-step="-1"' in page and 'data-step="1"' in page
    assert len(sprite_icons()) > 30
    for name in sprite_icons():
        assert f"icons.svg#{name}" in page
    assert 'name="robots" content="noindex"' in page


def test_anyone_sees_it_while_debug_is_on(client, settings):
    settings.DEBUG = True
    assert client.get(URL).status_code == 200
