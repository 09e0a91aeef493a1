"""Stored XSS: every text a producer, a shopper, a showroom or staff can write holds a hostile
payload (a script element, an img with onerror, a javascript: URL, attribute breakers), written
through the real services; then every page that shows it — storefront, cart, checkout, order,
account, producer dashboard, showroom console, the admin for staff — and every email is read
with html.parser: no injected element, event handler or javascript: link may appear (the
text itself shows, escaped)."""

import datetime
import html
import json
from html.parser import HTMLParser
from urllib.parse import urlencode

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from catalog.models import Product
from inventory.models import Stock
from orders.services.housekeeping import send_monthly_statements
from search.services import rebuild_index
from tests.factories import ProductVariantFactory
from tests.security.xss_scene import FIELDS, PAYLOADS, build
from vendors.models import Vendor
from vendors.services.certificate_expiry import send_expiry_reminders

pytestmark = pytest.mark.django_db

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster"}
# Stored where no page shows them (kept for the records): nothing to check on a page. (The
# cancellation reason is labelled "the shopper sees it", but no page or email shows it yet.)
# (The cancellation reason is shown: in the shopper's notice of the cancelled part.)
NOT_SHOWN = {"recipient phone"}
REVIEW_QUEUES = {"catalog_product", "vendors_onboardingapplication", "vendors_ocopcertificate"}
# Totals over the whole run, printed at the end (the report's figures).
CHECKED: dict[str, int] = {"field × page": 0, "pages": 0, "emails": 0}


class InjectionFinder(HTMLParser):
    """What a browser would run: script elements other than our own files (/static/, the
    admin's /admin/jsi18n/), event handler attributes, javascript: URLs, an img src=x."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        self._check(tag, dict(attrs))

    handle_startendtag = handle_starttag

    def _check(self, tag, attrs):
        for name, value in attrs.items():
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}={value!r}>")
            if name in URL_ATTRIBUTES and (value or "").strip().lower().startswith("javascript:"):
                self.found.append(f"<{tag} {name}={value!r}>")
        source = attrs.get("src") or ""
        own_file = source.startswith("/") and not source.startswith("//")
        # Data blocks (json_script, JSON-LD) are never run; a name that broke out of one would
        # open a script element of its own, which this still finds.
        data_block = attrs.get("type") in ("application/json", "application/ld+json")
        if tag == "script" and not own_file and not data_block:
            self.found.append(f"<script {attrs}>")
        if tag == "img" and attrs.get("src") == "x":
            self.found.append(f"<img {attrs}>")


def injections(markup: str) -> list[str]:
    finder = InjectionFinder()
    finder.feed(markup)
    finder.close()
    return finder.found


def shown_fields(scene, markup: str) -> set[str]:
    text = html.unescape(markup)
    return {name for name in FIELDS if scene.marker(name) in text}


def pages(objects) -> list[tuple[str, object, str]]:
    """(who, user, url): every page that shows what the scene wrote."""
    product, vendor, showroom = objects.product, objects.vendor, objects.showroom
    order = objects.orders[0]
    by_shopper = [
        reverse("storefront:home"),
        reverse("storefront:products"),
        reverse("storefront:products") + "?q=xss",
        # The search box shows what was typed: the payload itself, reflected.
        reverse("storefront:products") + "?" + urlencode({"q": objects.payload}),
        reverse("storefront:products") + f"?vendor={vendor.slug}",
        reverse("storefront:product", args=[product.slug]),
        reverse("storefront:cart"),
        reverse("storefront:checkout"),
        *(reverse("storefront:order", args=[placed.token]) for placed in objects.orders),
        reverse("storefront:my-orders"),
    ]
    by_owner = [
        reverse("dashboard:home"),
        reverse("dashboard:products"),
        reverse("dashboard:product-edit", args=[product.pk]),
        reverse("dashboard:product-edit", args=[objects.rejected.pk]),
        reverse("dashboard:certificates"),
        reverse("dashboard:stock"),
        reverse("dashboard:orders"),
        reverse("dashboard:orders") + "?show=done",
        reverse("dashboard:earnings"),
        reverse("dashboard:apply"),
    ]
    by_applicant = [reverse("dashboard:apply") + f"?step={step}" for step in
                    ("details", "documents", "submit")]  # fmt: skip
    by_manager = [
        reverse("showroom:index"),
        reverse("showroom:stock", args=[showroom.pk]),
        reverse("showroom:sale", args=[showroom.pk]),
        reverse("showroom:pickups", args=[showroom.pk]),
        reverse("showroom:import", args=[showroom.pk]),
    ]
    admin = [reverse("admin:index")]
    for model, pk in [
        ("catalog_product", product.pk),
        ("catalog_product", objects.rejected.pk),
        ("vendors_vendor", vendor.pk),
        ("vendors_onboardingapplication", objects.pending.pk),
        ("vendors_onboardingapplication", vendor.application.pk),
        ("vendors_ocopcertificate", objects.certificate.pk),
        ("inventory_location", showroom.pk),
        ("inventory_showroomoperator", showroom.operator_id),
        ("inventory_locationtoken", showroom.tokens.get().pk),
        ("inventory_stock", Stock.objects.get(location=showroom).pk),
        ("orders_shippingmethod", order.vendor_orders.get().shipping_method_id),
        ("orders_checkout", objects.shopper.checkouts.latest("pk").pk),
        ("accounts_user", objects.shopper.pk),
        ("orders_payoutaccount", objects.vendor.payout_account.pk),
    ]:
        queue = "?queue=all" if model in REVIEW_QUEUES else ""
        admin.append(reverse(f"admin:{model}_changelist") + queue)
        admin.append(reverse(f"admin:{model}_change", args=[pk]))
    return (
        [("shopper", objects.shopper, url) for url in by_shopper]
        + [("anonymous", None, url) for url in by_shopper[:5]]
        + [("owner", objects.owner, url) for url in by_owner]
        + [("applicant", objects.pending_applicant, url) for url in by_applicant]
        + [("showroom manager", objects.manager, url) for url in by_manager]
        + [("staff", objects.staff, url) for url in admin]
    )


@pytest.fixture
def scene(django_capture_on_commit_callbacks):
    def make(payload):
        with django_capture_on_commit_callbacks(execute=True):
            scene, objects = build(payload)
            # The month's statement, and the reminder ten days before the certificate expires.
            next_month = timezone.localdate().replace(day=28) + datetime.timedelta(days=7)
            assert send_monthly_statements(today=next_month) == 1
            reminder_day = objects.certificate.valid_until - datetime.timedelta(days=10)
            assert send_expiry_reminders(today=reminder_day) == 1
        rebuild_index()
        return scene, objects

    return make


@pytest.mark.parametrize("payload", PAYLOADS.values(), ids=PAYLOADS.keys())
def test_no_page_or_email_runs_a_stored_payload(client, scene, payload):
    scene, objects = scene(payload)
    seen: dict[str, set[str]] = {}
    problems = []
    for who, user, url in pages(objects):
        client.logout()
        if user is not None:
            client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200, (who, url, response.status_code)
        markup = response.content.decode()
        problems += [f"{who} {url}: {found}" for found in injections(markup)]
        for name in shown_fields(scene, markup):
            seen.setdefault(name, set()).add(url)
    assert problems == []

    emails = list(mail.outbox)
    assert len(emails) >= 6  # placed, new order, shipped, cancelled; statement, reminder
    for message in emails:
        for content, mimetype in getattr(message, "alternatives", []):
            assert mimetype != "text/html" or injections(content) == [], message.subject
        # Plain text carries the text as written: no HTML escaping in a text/plain body.
        assert "&lt;" not in message.body and "&quot;" not in message.body, message.body
        for name in shown_fields(scene, message.body):
            seen.setdefault(name, set()).add(f"email: {message.subject}")

    suggestions = client.get(reverse("storefront:suggestions") + "?q=xss").json()["suggestions"]
    assert suggestions and all(s["url"].startswith("/") for s in suggestions)
    assert json.dumps(suggestions)  # labels are data for textContent, never markup

    expected = set(FIELDS) - NOT_SHOWN - scene.refused
    assert sorted(expected - set(seen)) == [], "fields no page showed"
    assert sorted(set(seen) & NOT_SHOWN) == [], "shown after all: check them on their pages"
    CHECKED["field × page"] += sum(len(urls) for urls in seen.values())
    CHECKED["pages"] += len(pages(objects))
    CHECKED["emails"] += len(emails)
    print(f"\n{payload!r}: {len(seen)} fields shown, refused at input: {sorted(scene.refused)}")
    print(f"running totals: {CHECKED}")


@pytest.mark.parametrize("payload", PAYLOADS.values(), ids=PAYLOADS.keys())
def test_the_finder_sees_each_payload_when_it_is_not_escaped(payload):
    """The check above would catch a template that forgot escaping: the same payloads, put
    raw into the contexts a template has (text, a double- or single-quoted attribute, a link)."""
    raw = (
        f"<p>{payload}</p><input value=\"{payload}\"><input value='{payload}'>"
        f'<a href="{payload}">x</a>'
    )
    assert injections(raw) != []
    escaped = html.escape(payload)
    safe = (
        f"<p>{escaped}</p><input value=\"{escaped}\"><input value='{escaped}'>"
        f'<a href="/san-pham/?q={escaped}">x</a>'
    )
    assert injections(safe) == []


@pytest.mark.parametrize("payload", PAYLOADS.values(), ids=PAYLOADS.keys())
def test_html_that_skipped_the_services_is_cleaned_when_shown(client, payload):
    """A description or story put in the database without the services (an import, a restore,
    a hand edit) is cleaned again on the product page."""
    product = ProductVariantFactory().product
    hostile = f"<p>Chè ngon {payload}</p><a href='{payload}'>x</a><b onclick=alert(1)>b</b>"
    Product.objects.filter(pk=product.pk).update(description=hostile)
    Vendor.objects.filter(pk=product.vendor_id).update(story=hostile)
    page = client.get(reverse("storefront:product", args=[product.slug])).content.decode()
    assert "Chè ngon" in page
    assert injections(page) == []
