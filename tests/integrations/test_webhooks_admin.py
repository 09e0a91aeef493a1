"""Staff look up subscriptions and deliveries in the admin without seeing a secret, change
nothing there, and send a delivery again through the redeliver service."""

import pytest
from django.urls import reverse

from integrations.webhooks.models import WebhookDelivery, WebhookSubscription
from tests.integrations.webhooks_support import make_app, running_receiver, subscribe
from tests.orders.fulfilment_support import place, variant

pytestmark = pytest.mark.django_db


@pytest.fixture
def receiver():
    with running_receiver() as receiver:
        yield receiver


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_staff_see_a_subscription_but_never_its_secret(admin_client, staff):
    subscription = subscribe(
        staff, make_app(staff, name="Bưu điện Hà Giang"), "http://127.0.0.1:9/in"
    )
    listing = admin_client.get(reverse("admin:integrations_webhooksubscription_changelist"))
    assert listing.status_code == 200 and "http://127.0.0.1:9/in" in listing.content.decode()

    page = admin_client.get(
        reverse("admin:integrations_webhooksubscription_change", args=[subscription.pk])
    )
    content = page.content.decode()
    assert page.status_code == 200 and "Bưu điện Hà Giang" in content
    assert subscription.secret not in content and "whsec_" not in content
    assert (
        admin_client.get(reverse("admin:integrations_webhooksubscription_add")).status_code == 403
    )


def test_nothing_is_changed_or_deleted_from_the_admin(admin_client, staff):
    subscription = subscribe(staff, make_app(staff), "http://127.0.0.1:9/in")
    change = reverse("admin:integrations_webhooksubscription_change", args=[subscription.pk])
    answer = admin_client.post(change, {"target_url": "http://127.0.0.1:9/elsewhere"})
    assert answer.status_code == 403
    delete = reverse("admin:integrations_webhooksubscription_delete", args=[subscription.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    subscription.refresh_from_db()
    assert subscription.target_url == "http://127.0.0.1:9/in"


def test_a_failed_delivery_is_redelivered_from_the_admin(
    admin_client, staff, receiver, committed, django_assert_max_num_queries
):
    subscribe(staff, make_app(staff), receiver.url)
    receiver.answers.append(400)  # refused: not retried by itself
    with committed():
        order = place([(variant(), 1)])
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts) == ("failed", 1)

    listing = reverse("admin:integrations_webhookdelivery_changelist")
    with django_assert_max_num_queries(12):
        page = admin_client.get(listing)
    assert page.status_code == 200 and str(delivery.delivery_id) in page.content.decode()

    with committed():
        answer = admin_client.post(
            listing, {"action": "redeliver", "_selected_action": [delivery.pk]}, follow=True
        )
    assert "Gửi lại: đã xong 1." in answer.content.decode()  # the admin speaks Vietnamese
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.response_code) == ("succeeded", 2, 200)
    ids = [r["headers"]["X-Ocop-Delivery"] for r in receiver.requests]
    assert ids == [str(delivery.delivery_id)] * 2  # the same delivery, for the receiver to dedupe
    assert receiver.bodies()[1]["data"]["order"]["number"] == order.number


def test_the_delivery_page_shows_the_log_not_the_secret(admin_client, staff, receiver, committed):
    subscription = subscribe(staff, make_app(staff), receiver.url)
    with committed():
        place([(variant(), 1)])
    delivery = WebhookDelivery.objects.get()
    change = reverse("admin:integrations_webhookdelivery_change", args=[delivery.pk])
    page = admin_client.get(change)
    content = page.content.decode()
    assert page.status_code == 200 and str(delivery.delivery_id) in content
    assert WebhookSubscription.objects.get().secret == subscription.secret
    assert subscription.secret not in content
    assert admin_client.get(reverse("admin:integrations_webhookdelivery_add")).status_code == 403
