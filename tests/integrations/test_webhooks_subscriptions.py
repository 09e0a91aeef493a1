"""Subscribing: who may, to what, at which URL, with which document."""

import socket

import pytest
from django.core.cache import cache

from integrations.webhooks.models import WebhookDelivery, WebhookSubscription
from integrations.webhooks.services import webhook_subscription_update
from marketplace.core.errors import ServiceError
from marketplace.outbox.models import OutboxMessage
from tests.factories import StaffFactory, UserFactory, VendorFactory, VendorMemberFactory
from tests.integrations.webhooks_support import make_app, running_receiver, subscribe
from tests.orders.fulfilment_support import place, variant

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return StaffFactory()


@pytest.fixture
def production(settings):
    """The production defaults: https only, public addresses only."""
    settings.WEBHOOKS_ALLOW_HTTP = False
    settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS = False


def public_dns(monkeypatch, address="93.184.215.14"):
    """Every name resolves to `address` (a public one unless told otherwise)."""

    def getaddrinfo(host, port, *args, **kwargs):
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


def refused(call) -> ServiceError:
    with pytest.raises(ServiceError) as caught:
        call()
    assert not WebhookSubscription.objects.exists()
    return caught.value


def test_a_subscription_gets_a_secret_and_a_default_document(staff):
    subscription = subscribe(
        staff, make_app(staff), "http://127.0.0.1:9/hooks", events=["ORDER_CREATED", "STOCK_LOW"]
    )
    assert subscription.secret.startswith("whsec_") and len(subscription.secret) > 40
    assert "... on OrderCreated {" in subscription.query
    assert "... on StockLow {" in subscription.query
    other = subscribe(staff, make_app(staff), "http://127.0.0.1:9/hooks")
    assert other.secret != subscription.secret


@pytest.mark.parametrize(
    "url",
    [
        "https://127.0.0.1/hooks",
        "https://10.20.30.40/hooks",
        "https://169.254.169.254/latest/meta-data/",
        "https://[::1]/hooks",
        "https://[::ffff:127.0.0.1]/hooks",
        "https://192.168.1.5/hooks",
        "https://100.64.0.1/hooks",
        "https://224.0.0.1/hooks",
        "https://0.0.0.0/hooks",
    ],
)
def test_private_and_reserved_targets_are_refused_in_production(staff, production, url):
    error = refused(lambda: subscribe(staff, make_app(staff), url))
    assert error.codes == ["INVALID"]
    assert error.errors[0].field == "target_url"
    assert "private, loopback or reserved" in error.errors[0].message


def test_a_name_resolving_to_loopback_is_refused_in_production(staff, production, monkeypatch):
    public_dns(monkeypatch, "127.0.0.1")
    error = refused(lambda: subscribe(staff, make_app(staff), "https://hooks.partner.vn/x"))
    assert error.codes == ["INVALID"]
    assert "127.0.0.1" in error.errors[0].message


def test_http_is_refused_in_production(staff, production, monkeypatch):
    public_dns(monkeypatch)
    error = refused(lambda: subscribe(staff, make_app(staff), "http://hooks.partner.vn/x"))
    assert error.errors[0].message == "Webhooks are sent to https:// URLs only."
    assert subscribe(staff, make_app(staff), "https://hooks.partner.vn/x").pk


@pytest.mark.parametrize("url", ["", "hooks.partner.vn", "https://user:pw@hooks.partner.vn/"])
def test_malformed_urls_are_refused(staff, production, monkeypatch, url):
    public_dns(monkeypatch)
    error = refused(lambda: subscribe(staff, make_app(staff), url))
    assert error.codes[0] in ("REQUIRED", "INVALID")


def test_a_name_rebound_to_loopback_after_saving_is_not_called(
    staff, production, monkeypatch, django_capture_on_commit_callbacks
):
    """DNS rebinding: public when saved, loopback when delivered; the check at delivery
    refuses it and nothing reaches the local receiver."""
    with running_receiver() as receiver:
        public_dns(monkeypatch)
        port = receiver.server.server_port
        subscribe(staff, make_app(staff), f"https://hooks.partner.vn:{port}/x")
        public_dns(monkeypatch, "127.0.0.1")
        with django_capture_on_commit_callbacks(execute=True):
            place([(variant(), 1)])
        assert receiver.requests == []
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == "failed"
    assert "private, loopback or reserved" in delivery.last_error


def test_an_invalid_document_is_refused_with_the_graphql_error(staff):
    error = refused(
        lambda: subscribe(
            staff,
            make_app(staff),
            "http://127.0.0.1:9/",
            query="subscription { event { ... on OrderCreated { order { nonsense } } } }",
        )
    )
    assert error.codes == ["INVALID"]
    assert error.errors[0].field == "query"
    assert error.errors[0].message == "Cannot query field 'nonsense' on type 'Order'."


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("subscription { event { ", "Syntax Error"),
        ("query { categories { name } }", "one operation: subscription"),
        ("subscription { event { ... on ProductUpdated { product { name } } } }", "ProductUpdated"),
        ("subscription($id: ID) { event { eventType } }", "no variables"),
    ],
)
def test_documents_that_do_not_fit_the_events_are_refused(staff, query, message):
    error = refused(lambda: subscribe(staff, make_app(staff), "http://127.0.0.1:9/", query=query))
    assert error.errors[0].field == "query"
    assert message in error.errors[0].message


def test_a_document_of_its_own_chooses_the_payload(staff, django_capture_on_commit_callbacks):
    query = "subscription { event { ... on OrderCreated { order { number email } } } }"
    with running_receiver() as receiver:
        subscribe(staff, make_app(staff), receiver.url, query=query)
        with django_capture_on_commit_callbacks(execute=True):
            order = place([(variant(), 1)])
    assert receiver.bodies()[0]["data"] == {"order": {"number": order.number, "email": order.email}}


def test_an_app_without_the_scope_cannot_subscribe(staff):
    app = make_app(staff, scopes=["catalog:read"])
    error = refused(lambda: subscribe(staff, app, "http://127.0.0.1:9/", events=["ORDER_PAID"]))
    assert error.codes == ["PERMISSION_DENIED"]
    assert subscribe(staff, app, "http://127.0.0.1:9/", events=["PRODUCT_UPDATED"]).pk


def test_only_staff_and_the_producers_owners_manage_its_webhooks(staff):
    vendor = VendorFactory()
    owner = VendorMemberFactory(vendor=vendor, role="owner").user
    manager = VendorMemberFactory(vendor=vendor, role="manager").user
    app = make_app(staff, producer=vendor)
    for outsider in (UserFactory(), manager, VendorMemberFactory(role="owner").user):
        error = refused(lambda who=outsider: subscribe(who, app, "http://127.0.0.1:9/"))
        assert error.codes == ["PERMISSION_DENIED"]
    assert subscribe(owner, app, "http://127.0.0.1:9/").app == app
    with pytest.raises(ServiceError) as caught:  # an app of the whole marketplace: staff's
        subscribe(owner, make_app(staff), "http://127.0.0.1:9/")
    assert caught.value.codes == ["PERMISSION_DENIED"]


def test_an_unknown_or_missing_event_is_refused(staff):
    app = make_app(staff)
    assert refused(lambda: subscribe(staff, app, "http://127.0.0.1:9/", events=[])).codes == [
        "REQUIRED"
    ]
    assert refused(
        lambda: subscribe(staff, app, "http://127.0.0.1:9/", events=["ORDER_EXPLODED"])
    ).codes == ["INVALID"]


def test_a_switched_off_subscription_or_app_gets_nothing(staff, django_capture_on_commit_callbacks):
    off = make_app(staff)
    subscribe(staff, off, "http://127.0.0.1:9/")
    paused = subscribe(staff, make_app(staff), "http://127.0.0.1:9/")
    webhook_subscription_update(actor=staff, subscription=paused, is_active=False)
    off.is_active = False
    off.save()
    cache.clear()  # what an app switched off elsewhere does within a minute
    with django_capture_on_commit_callbacks(execute=True):
        place([(variant(), 1)])
    assert not WebhookDelivery.objects.exists()
    assert not OutboxMessage.objects.filter(handler="webhooks.fan_out").exists()


def test_new_events_keep_a_default_document_in_step(staff):
    subscription = subscribe(staff, make_app(staff), "http://127.0.0.1:9/")
    webhook_subscription_update(
        actor=staff, subscription=subscription, events=["ORDER_CREATED", "ORDER_PAID"]
    )
    subscription.refresh_from_db()
    assert "... on OrderPaid {" in subscription.query
    with pytest.raises(ServiceError) as caught:  # a document of its own must still fit
        webhook_subscription_update(
            actor=staff,
            subscription=subscription,
            events=["ORDER_PAID"],
            query="subscription { event { ... on OrderCreated { order { number } } } }",
        )
    assert caught.value.errors[0].field == "query"
    subscription.refresh_from_db()
    assert subscription.events == ["ORDER_CREATED", "ORDER_PAID"]
