"""Every page carries a Content-Security-Policy that allows scripts and styles only from our
own static files (no 'unsafe-inline', no 'unsafe-eval'), and no template holds an inline
script, event handler, style attribute or javascript: URL that the policy would block."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import (
    OperatorMemberFactory,
    ProductVariantFactory,
    StaffFactory,
    VendorMemberFactory,
)

pytestmark = pytest.mark.django_db


def directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in header.split(";") if part.strip())
    }


def assert_strict(response):
    policy = directives(response)
    for name in ("script-src", "style-src"):
        assert "'self'" in policy[name]
        assert not {"'unsafe-inline'", "'unsafe-eval'", "*", "data:"} & set(policy[name])
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]


def test_storefront_dashboard_showroom_admin_and_graphiql_carry_the_policy(client):
    variant = ProductVariantFactory()
    owner = VendorMemberFactory(vendor=variant.vendor).user
    clerk = OperatorMemberFactory().user
    anonymous = [
        reverse("storefront:home"),
        reverse("storefront:products") + "?q=che",
        reverse("storefront:product", args=[variant.product.slug]),
        reverse("storefront:cart"),
        reverse("login"),
    ]
    for url in anonymous:
        assert_strict(client.get(url))
    graphiql = client.get("/graphql/", HTTP_ACCEPT="text/html")
    assert b"graphiql" in graphiql.content
    assert_strict(graphiql)
    for user, url in [
        (owner, reverse("dashboard:products")),
        (clerk, reverse("showroom:index")),
        (StaffFactory(is_superuser=True), reverse("admin:catalog_product_changelist")),
    ]:
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200, url
        assert_strict(response)


def test_checkout_may_send_the_shopper_on_to_vnpay_only(client):
    policy = directives(client.get(reverse("storefront:cart")))
    vnpay = "/".join(settings.VNPAY_PAYMENT_URL.split("/")[:3])
    assert policy["form-action"] == ["'self'", vnpay]


TEMPLATE_DIRS = [
    path
    for app in ("frontend_templates", "marketplace", "orders", "vendors", "catalog", "inventory")
    for path in (Path(settings.BASE_DIR) / app).rglob("templates")
]
BLOCKED = {
    "inline script": re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I),
    "event handler": re.compile(r"<[^>]+\son[a-z]+\s*=", re.I),
    "style attribute": re.compile(r"<[^>]+\sstyle\s*=", re.I),
    "style element": re.compile(r"<style[\s>]", re.I),
    "javascript: URL": re.compile(r"javascript:", re.I),
}


@pytest.mark.parametrize("what", BLOCKED)
def test_no_template_holds_what_the_policy_blocks(what):
    found = [
        f"{path.relative_to(settings.BASE_DIR)}: {match.group(0)}"
        for folder in TEMPLATE_DIRS
        for path in folder.rglob("*.html")
        for match in BLOCKED[what].finditer(path.read_text())
    ]
    assert TEMPLATE_DIRS and found == []
