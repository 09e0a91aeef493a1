import pytest
from django.urls import reverse

from tests.integrations.support import app_with_token

pytestmark = pytest.mark.django_db


def test_staff_look_up_apps_and_their_tokens_without_the_secret(admin_client, vendor):
    app, token, raw = app_with_token(producer=vendor, scopes=["catalog:read"], name="Website HTX")
    listing = admin_client.get(reverse("admin:integrations_app_changelist"))
    assert listing.status_code == 200 and "Website HTX" in listing.content.decode()

    page = admin_client.get(reverse("admin:integrations_app_change", args=[app.pk]))
    content = page.content.decode()
    assert page.status_code == 200 and token.token_hint in content
    assert raw not in content and token.token_hash not in content
    assert admin_client.get(reverse("admin:integrations_app_add")).status_code == 403
