"""The order page: a timeline per producer's part (with the carrier's tracking page when we
know the carrier), cancelling where the shopper may, and the confirmation e-mail shown."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from frontend_templates.storefront.order_timeline import tracking_url
from notifications.sending import send_order_notice
from orders.models import OrderEvent, VendorOrder
from orders.services import fulfilment
from orders.services.cancellation import vendor_order_cancel, vendor_order_return
from tests.factories import StaffFactory, UserFactory
from tests.orders.fulfilment_support import advance, part, place, variant

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english_pages(client):
    client.cookies["django_language"] = "en"


def page(client, order):
    response = client.get(reverse("storefront:order", args=[order.token]))
    assert response.status_code == 200
    return response.content.decode()


def part_html(html, vendor_order):
    return re.search(rf'aria-labelledby="part-{vendor_order.pk}".*?</section>', html, re.S).group(0)


def steps(html):
    return re.findall(r'<li class="timeline-step step-(\w+)([^"]*)"', html)


@pytest.mark.parametrize(
    ("carrier", "code", "expected"),
    [
        ("GHN", "GHN123", "https://donhang.ghn.vn/?order_code=GHN123"),
        ("Giao Hàng Nhanh", "A B", "https://donhang.ghn.vn/?order_code=A%20B"),
        ("GHTK", "S1.2", "https://i.ghtk.vn/S1.2"),
        ("Giao hàng tiết kiệm", "S9", "https://i.ghtk.vn/S9"),
        ("Viettel Post", "V1", "https://viettelpost.com.vn/tra-cuu-hanh-trinh-don/?bill=V1"),
        ("Bưu điện Việt Nam", "EE1VN", "https://www.vnpost.vn/vi-vn/dinh-vi/buu-pham?key=EE1VN"),
        ("VNPost", "EE2VN", "https://www.vnpost.vn/vi-vn/dinh-vi/buu-pham?key=EE2VN"),
        ("J&T Express", "J1", "https://jtexpress.vn/vi/tracking?type=track&billcode=J1"),
        ("Xe khách Hùng Jet", "X1", None),
        ("Nhà xe Phương Trang", "P1", None),
        ("GHN", "", None),
    ],
)
def test_tracking_pages_of_known_carriers(carrier, code, expected):
    assert tracking_url(carrier, code) == expected


def test_a_shipped_part_shows_its_steps_times_and_tracking_link(client):
    tea, honey = variant(), variant()
    order = place([(tea, 1), (honey, 1)])
    staff = StaffFactory()
    shipped = fulfilment.vendor_order_ship(
        actor=staff,
        vendor_order=advance(part(order, tea), "confirmed"),
        carrier="GHN",
        tracking_number="GHN8X",
    )

    html = page(client, order)

    tea_part = part_html(html, shipped)
    assert steps(tea_part) == [
        ("placed", " is-done"),
        ("confirmed", " is-done"),
        ("shipped", " is-done is-current"),
        ("delivered", ""),
    ]
    assert 'aria-current="step"' in tea_part
    confirmed_at = OrderEvent.objects.get(vendor_order=shipped, kind="confirmed").created_at
    confirmed_step = re.search(r"step-confirmed.*?</li>", tea_part, re.S).group(0)
    assert f"{timezone.localtime(confirmed_at):%d/%m/%Y %H:%M}</time>" in confirmed_step
    assert 'href="https://donhang.ghn.vn/?order_code=GHN8X"' in tea_part
    honey_part = part_html(html, part(order, honey))
    assert steps(honey_part)[0] == ("placed", " is-done is-current")
    assert "GHN8X" not in honey_part


def test_an_unknown_carriers_waybill_is_plain_text(client):
    tea = variant()
    order = place([(tea, 1)])
    fulfilment.vendor_order_ship(
        actor=StaffFactory(),
        vendor_order=advance(part(order, tea), "confirmed"),
        carrier="Nhà xe Phương Trang",
        tracking_number="PT-77",
    )
    tea_part = part_html(page(client, order), part(order, tea))
    assert '<span class="tracking-number">PT-77</span>' in tea_part
    assert "tracking-link" not in tea_part


def test_a_delivered_then_returned_part_and_a_cancelled_part(client):
    tea, honey = variant(), variant()
    order = place([(tea, 1), (honey, 1)])
    staff = StaffFactory()
    vendor_order_return(
        actor=staff, vendor_order=advance(part(order, tea), "delivered"), reason="Vỡ hộp"
    )
    vendor_order_cancel(actor=staff, vendor_order=advance(part(order, honey), "confirmed"))

    html = page(client, order)
    assert [key for key, _ in steps(part_html(html, part(order, tea)))] == [
        "placed",
        "confirmed",
        "shipped",
        "delivered",
        "returned",
    ]
    assert steps(part_html(html, part(order, honey))) == [
        ("placed", " is-done"),
        ("confirmed", " is-done"),
        ("cancelled", " is-done is-current"),
    ]


def test_a_guest_token_holder_cancels_an_unshipped_part_after_confirming(client):
    tea, honey = variant(), variant()
    order = place([(tea, 1), (honey, 1)])
    tea_part = part(order, tea)
    html = page(client, order)
    cancel_url = reverse("storefront:order-cancel", args=[order.token, tea_part.pk])
    assert f'action="{cancel_url}"' in html

    unconfirmed = client.post(cancel_url, {})
    assert unconfirmed.status_code == 302
    tea_part.refresh_from_db()
    assert tea_part.status == "unconfirmed"
    assert "Tick the box" in page(client, order)

    client.post(cancel_url, {"confirm": "1", "reason": "Đặt nhầm"})
    tea_part.refresh_from_db()
    assert tea_part.status == "cancelled"
    after = page(client, order)
    assert "was cancelled" in after
    assert f'action="{cancel_url}"' not in after  # nothing left to cancel on that part
    assert part(order, honey).status == "unconfirmed"


def test_a_shipped_part_cannot_be_cancelled(client):
    tea = variant()
    order = place([(tea, 1)])
    shipped = advance(part(order, tea), "shipped")
    cancel_url = reverse("storefront:order-cancel", args=[order.token, shipped.pk])
    assert f'action="{cancel_url}"' not in page(client, order)

    client.post(cancel_url, {"confirm": "1"})

    shipped.refresh_from_db()
    assert shipped.status == "shipped"
    assert 'class="message message-error"' in page(client, order)


def test_an_accounts_order_is_cancelled_by_its_account_only(client):
    owner = UserFactory()
    tea = variant()
    order = place([(tea, 1)], actor=owner)
    tea_part = part(order, tea)
    cancel_url = reverse("storefront:order-cancel", args=[order.token, tea_part.pk])

    assert f'action="{cancel_url}"' not in page(client, order)  # the token is not enough
    client.post(cancel_url, {"confirm": "1"})
    tea_part.refresh_from_db()
    assert tea_part.status == "unconfirmed"

    client.force_login(owner)
    assert f'action="{cancel_url}"' in page(client, order)
    client.post(cancel_url, {"confirm": "1"})
    tea_part.refresh_from_db()
    assert tea_part.status == VendorOrder.Status.CANCELLED


def test_the_confirmation_email_is_shown_as_sent(client):
    tea = variant()
    order = place([(tea, 2)])
    client.cookies["django_language"] = "vi"
    assert f"Đang gửi tới {order.email}" in page(client, order)
    send_order_notice(order_id=order.pk, kind="placed")  # what the outbox does after commit

    html = page(client, order)

    sent = [m for m in mail.outbox if m.to == [order.email] and order.number in m.subject]
    details = re.search(r'<details class="card order-email">.*?</details>', html, re.S).group(0)
    assert "Xem email xác nhận" in details
    assert sent and sent[0].subject in details
    first_line = sent[0].body.strip().splitlines()[0]
    assert first_line in details and f"{tea.product.name} – {tea.name} × 2" in details
    assert f"Đã gửi tới {order.email}" in details


def test_order_page_query_budget(client, django_assert_max_num_queries):
    items = [variant() for _ in range(4)]
    order = place([(item, 1) for item in items])
    for item in items[:2]:
        advance(part(order, item), "shipped")
    with django_assert_max_num_queries(10):
        page(client, order)


def test_my_orders_shows_each_parts_timeline_and_tracking(client, django_assert_max_num_queries):
    shopper = UserFactory()
    tea, honey = variant(), variant()
    order = place([(tea, 1), (honey, 1)], actor=shopper)
    advance(part(order, tea), "shipped")  # by GHTK, waybill S1
    client.force_login(shopper)

    with django_assert_max_num_queries(11):
        html = client.get(reverse("storefront:my-orders")).content.decode()

    assert html.count('class="timeline timeline-compact"') == 2
    assert 'href="https://i.ghtk.vn/S1"' in html
    assert 'class="timeline-step step-shipped is-done is-current"' in html
