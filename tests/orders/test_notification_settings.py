"""The shopper switches an order's notices off from the e-mail's link (or their mail client's
one-click unsubscribe) and back on; and the log-only SMS backend keeps personal data out of
the logs."""

import logging
import re

import pytest
from django.core import mail, signing
from django.test import Client

from notifications.models import OrderNotificationSetting
from notifications.sending import send_order_notice, send_order_sms
from notifications.sms import LogBackend, mask_phone, sms_text
from notifications.tokens import mute_token
from orders.services.fulfilment import vendor_order_confirm
from tests.factories import StaffFactory
from tests.orders.fulfilment_support import part, place, variant
from tests.orders.notification_support import run_outbox

pytestmark = pytest.mark.django_db


def mute_path(message) -> str:
    link = re.search(r"Tắt thông báo cho đơn này: (\S+)", message.body).group(1)
    return link.removeprefix("http://127.0.0.1:8000").removeprefix("http://testserver")


@pytest.fixture
def csrf_client():
    return Client(enforce_csrf_checks=True)  # as a mail client: no cookie, no CSRF token


def confirm_part(order, item):
    vendor_order_confirm(actor=StaffFactory(), vendor_order=part(order, item))


def test_muting_stops_this_orders_mail_and_not_the_others(client, settings):
    settings.SITE_URL = "http://testserver"
    tea, honey = variant(), variant()
    order, other = place([(tea, 1)]), place([(honey, 1)])
    run_outbox()
    (confirmation,) = [
        m for m in mail.outbox if m.subject == f"Đã nhận đơn hàng {order.number} – Sàn OCOP"
    ]
    path = mute_path(confirmation)

    page = client.get(path)  # asks first: a link scanner's visit changes nothing
    assert page.status_code == 200
    assert "Tắt thông báo cho đơn này" in page.content.decode()
    assert not OrderNotificationSetting.objects.exists()

    answer = client.post(path, {"action": "mute"})
    assert answer.status_code == 302
    assert "Bật lại" in client.get(path).content.decode()
    mail.outbox.clear()
    confirm_part(order, tea)
    confirm_part(other, honey)
    run_outbox()
    assert [m.subject for m in mail.outbox] == [
        f"{honey.vendor.name} đã xác nhận đơn hàng {other.number}"
    ]

    client.post(path, {"action": "unmute"})
    assert not OrderNotificationSetting.objects.get(order=order).muted
    assert send_order_notice(
        order_id=order.pk, kind="confirmed", vendor_order_id=part(order, tea).pk
    )
    assert mail.outbox[-1].subject.endswith(order.number)


def test_a_mail_clients_one_click_post_mutes_without_a_csrf_token(csrf_client, settings):
    settings.SITE_URL = "http://testserver"
    order = place([(variant(), 1)])
    run_outbox()
    path = mute_path(mail.outbox[-1])
    answer = csrf_client.post(path, {"List-Unsubscribe": "One-Click"})
    assert answer.status_code == 200
    assert OrderNotificationSetting.objects.get(order=order).muted
    assert csrf_client.post(path, {"List-Unsubscribe": "One-Click"}).status_code == 200  # again


@pytest.mark.parametrize(
    "token",
    [
        "not-a-token",
        mute_token(1)[:-2] + "xx",  # altered
        signing.dumps(1, salt="other"),  # made for something else
    ],
)
def test_a_bad_link_is_not_found_and_mutes_nothing(client, token):
    place([(variant(), 1)])  # order 1 exists
    assert client.get(f"/thong-bao/don-hang/{token}/").status_code == 404
    assert client.post(f"/thong-bao/don-hang/{token}/", {"action": "mute"}).status_code == 404
    assert not OrderNotificationSetting.objects.exists()


def test_a_muted_order_gets_no_sms_either(client):
    order = place([(variant(), 1)])
    client.post(f"/thong-bao/don-hang/{mute_token(order.pk)}/", {"action": "mute"})
    assert send_order_sms(order_id=order.pk, kind="order_cancelled") is False


def test_the_log_backend_logs_the_template_and_a_masked_phone_only(caplog):
    with caplog.at_level(logging.INFO, logger="marketplace.notifications"):
        result = LogBackend().send(
            phone="+84912345678",
            template="shipped",
            params={"number": "OCOP0000001", "vendor": "HTX Chè Suối Giàng", "waybill": "S1"},
        )
    assert result.accepted
    assert "shipped" in caplog.text and "+849*****678" in caplog.text
    assert "912345678" not in caplog.text and "Suối Giàng" not in caplog.text
    assert mask_phone("0912345678") == "0912***678"


def test_sms_texts_are_plain_letters():
    text = sms_text(
        "shipped",
        {
            "number": "OCOP0000001",
            "vendor": "HTX Chè Đồng Tâm",
            "carrier": "Giao Hàng Nhanh",
            "waybill": "GA7",
            "url": "https://donhang.ghn.vn/?order_code=GA7",
        },
    )
    assert text.isascii()
    assert "HTX Che Dong Tam" in text and "Giao Hang Nhanh" in text and "GA7" in text


def test_a_provider_refusing_an_sms_is_logged_and_not_retried(settings, caplog):
    from tests.orders.notification_support import RecordingBackend

    settings.NOTIFICATION_SMS_BACKEND = "tests.orders.notification_support.RecordingBackend"
    RecordingBackend.refuse = True
    try:
        order = place([(variant(), 1)])
        assert send_order_sms(order_id=order.pk, kind="order_cancelled") is False
        assert send_order_sms(order_id=order.pk, kind="order_cancelled") is False
    finally:
        RecordingBackend.refuse = False
    assert caplog.text.count("refused: invalid phone") == 1  # asked once, not again
