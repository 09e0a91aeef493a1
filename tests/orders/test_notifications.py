"""The shopper hears of every change of their order: one notice recorded in the outbox with the
change, mailed once in Vietnamese (text and HTML), texted for the changes worth it, and never
again once they switch the order's notices off."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from marketplace.outbox.delivery import deliver
from marketplace.outbox.models import OutboxMessage
from notifications.sending import send_order_notice
from orders.lock_objects import lock_payment
from orders.models import Order, Payment, SentEmail, VendorOrder
from orders.payments.outcomes import record_failure
from orders.services import cancellation
from orders.services.expiry import expire_unpaid_orders
from orders.services.fulfilment import vendor_order_confirm, vendor_order_ship
from orders.services.notifications import HANDLER, notify_order_changed
from orders.services.pickup import pickup_hand_over
from orders.services.refunds import order_refund
from tests.factories import StaffFactory
from tests.orders.fulfilment_support import (
    advance,
    consigned,
    member,
    part,
    pay,
    place,
    variant,
)
from tests.orders.notification_support import RecordingBackend, notices, run_outbox

pytestmark = pytest.mark.django_db
SHOPPER = "lan@example.vn"


@pytest.fixture
def sms(settings):
    settings.NOTIFICATION_SMS_BACKEND = "tests.orders.notification_support.RecordingBackend"
    RecordingBackend.sent, RecordingBackend.refuse = [], False
    yield RecordingBackend
    RecordingBackend.sent, RecordingBackend.refuse = [], False


def shopper_mail():
    return [m for m in mail.outbox if m.to == [SHOPPER]]


def html_of(message) -> str:
    ((html, mimetype),) = message.alternatives
    assert mimetype == "text/html"
    return html


def test_every_change_of_a_shipping_part_records_one_notice_and_mails_it(sms):
    tea, honey = variant(100_000), variant(50_000)
    order = place([(tea, 2), (honey, 1)])
    staff = StaffFactory()
    tea_part, honey_part = part(order, tea), part(order, honey)
    advance(tea_part, "delivered", actor=staff)  # confirmed, shipped by GHTK (S1), delivered
    cancellation.vendor_order_cancel(actor=staff, vendor_order=honey_part, reason="Hết hàng")
    tea_part = part(order, tea)
    cancellation.vendor_order_return(actor=staff, vendor_order=tea_part, reason="Vỡ hũ")

    assert notices(order) == [
        ("placed", None),
        ("confirmed", tea_part.pk),
        ("shipped", tea_part.pk),
        ("delivered", tea_part.pk),
        ("cancelled", honey_part.pk),
        ("returned", tea_part.pk),
        ("refunded", tea_part.pk),  # cash collected at the door, paid back on the return
    ]
    run_outbox()
    sent = shopper_mail()
    assert [m.subject for m in sent] == [
        f"Đã nhận đơn hàng {order.number} – Sàn OCOP",
        f"{tea.vendor.name} đã xác nhận đơn hàng {order.number}",
        f"Đơn hàng {order.number} đã được giao cho đơn vị vận chuyển",
        f"Đơn hàng {order.number} đã được giao thành công",
        f"Phần hàng của {honey.vendor.name} trong đơn {order.number} đã bị huỷ",
        f"Đã nhận trả hàng của đơn {order.number}",
        f"Đã hoàn tiền 230.000\xa0₫ cho đơn hàng {order.number}",
    ]
    for message in sent:
        assert "Xin chào Nguyễn Thị Lan" in message.body
        assert "Cash on delivery" not in message.body
        assert f"/don-hang/{order.token}/" in message.body  # the order page, by its token
        assert "Tắt thông báo cho đơn này" in message.body and "Tắt thông báo" in html_of(message)
        assert html_of(message).startswith("<!DOCTYPE html>")
    shipped, cancelled, refunded = sent[2], sent[4], sent[6]
    assert "thanh toán: Thanh toán khi nhận hàng (COD)" in sent[0].body  # the method, in Vietnamese
    assert "Mã vận đơn: S1" in shipped.body
    assert "Theo dõi đơn hàng: https://i.ghtk.vn/S1" in shipped.body
    assert 'href="https://i.ghtk.vn/S1"' in html_of(shipped)
    assert "chuẩn bị 230.000\xa0₫ để thanh toán khi nhận" in shipped.body  # cash on delivery
    assert "Lý do: Hết hàng." in cancelled.body
    assert "Chúng tôi đã hoàn 230.000\xa0₫" in refunded.body and "Vỡ hũ" in refunded.body
    # Texted: shipped, delivered, the cancelled part (not the confirmation nor the money).
    assert [s["template"] for s in sms.sent] == ["shipped", "delivered", "cancelled"]
    assert {s["phone"] for s in sms.sent} == {"+84912345678"}
    assert sms.sent[0]["params"]["url"] == "https://i.ghtk.vn/S1"


def test_the_confirmation_shows_each_producers_note_and_the_invoice_request():
    tea, honey = variant(150_000), variant(50_000)
    order = place([(tea, 1), (honey, 1)])
    VendorOrder.objects.filter(pk=part(order, tea).pk).update(note="Gói quà giúp tôi")
    Order.objects.filter(pk=order.pk).update(
        invoice_company_name="Công ty TNHH Sen Vàng",
        invoice_tax_code="0101234567",
        invoice_email="ketoan@senvang.vn",
        invoice_address="5 Tràng Tiền, Hoàn Kiếm, Hà Nội",
    )
    assert send_order_notice(order_id=order.pk, kind="placed") is True
    (message,) = mail.outbox
    html = html_of(message)
    for shown in (message.body, html):
        assert "Gói quà giúp tôi" in shown
        assert "Công ty TNHH Sen Vàng" in shown and "0101234567" in shown
        assert "ketoan@senvang.vn" in shown and "5 Tràng Tiền, Hoàn Kiếm, Hà Nội" in shown
        assert "260.000\xa0₫" in shown  # 150.000 + 50.000 + two deliveries of 30.000
    assert f"Ghi chú cho {tea.vendor.name}: Gói quà giúp tôi" in message.body
    assert "Yêu cầu xuất hoá đơn điện tử (VAT)" in message.body
    assert f"Ghi chú cho {honey.vendor.name}" not in message.body


def test_a_confirmation_without_notes_or_invoice_says_nothing_of_them():
    order = place([(variant(), 1)])
    send_order_notice(order_id=order.pk, kind="placed")
    (message,) = mail.outbox
    assert "Ghi chú" not in message.body and "hoá đơn" not in message.body


def test_an_online_order_tells_of_payment_failed_then_paid(sms):
    tea = variant(100_000)
    order = place([(tea, 1)], method="VNPAY")
    run_outbox()  # as the workers do, each change's notice right after its commit
    payment = Payment.objects.get(order=order)
    record_failure(*lock_payment(payment.pk))
    run_outbox()
    pay(order)
    run_outbox()
    assert notices(order) == [("placed", None), ("payment_failed", None), ("paid", None)]
    subjects = [m.subject for m in shopper_mail()]
    assert subjects == [
        f"Đơn hàng {order.number} đang chờ thanh toán – Sàn OCOP",
        f"Thanh toán đơn hàng {order.number} chưa thành công",
        f"Đã nhận thanh toán đơn hàng {order.number}",
    ]
    assert "Chúng tôi đã nhận được thanh toán 130.000\xa0₫ (VNPay)" in shopper_mail()[2].body
    assert not sms.sent  # none of these is texted


def test_an_order_left_unpaid_is_told_it_expired():
    order = place([(variant(), 1)], method="VNPAY")
    assert expire_unpaid_orders(now=timezone.now() + timedelta(days=1)) == 1
    assert notices(order) == [("placed", None), ("expired", None)]
    run_outbox()
    assert shopper_mail()[-1].subject == f"Đơn hàng {order.number} đã bị huỷ vì quá hạn thanh toán"


def test_the_last_part_cancelled_tells_of_the_order_cancelled_once(sms):
    tea = variant()
    order = place([(tea, 1)])
    cancellation.vendor_order_cancel(
        actor=None, vendor_order=part(order, tea), order_token=order.token
    )
    assert notices(order) == [("placed", None), ("order_cancelled", part(order, tea).pk)]
    run_outbox()
    assert shopper_mail()[-1].subject == f"Đơn hàng {order.number} đã bị huỷ"
    assert [s["template"] for s in sms.sent] == ["order_cancelled"]


def test_a_pickup_part_is_ready_then_picked_up(sms):
    tea = variant()
    showroom = consigned(tea)
    order = place([(tea, 1)], pickup={tea.vendor.pk: showroom})
    vendor_order = vendor_order_confirm(actor=StaffFactory(), vendor_order=part(order, tea))
    pickup_hand_over(
        actor=StaffFactory(), vendor_order=vendor_order, pickup_code=vendor_order.pickup_code
    )
    assert notices(order) == [
        ("placed", None),
        ("ready_for_pickup", vendor_order.pk),
        ("picked_up", vendor_order.pk),
    ]
    run_outbox()
    ready = shopper_mail()[1]
    assert ready.subject == f"Đơn hàng {order.number} đã sẵn sàng để nhận tại điểm bán"
    assert showroom.name in ready.body and vendor_order.pickup_code in ready.body
    assert [s["template"] for s in sms.sent] == ["ready_for_pickup", "picked_up"]
    assert sms.sent[0]["params"]["code"] == vendor_order.pickup_code


def test_a_carrier_we_integrate_links_its_own_tracking_page(fake_carrier):
    tea = variant()
    order = place([(tea, 1)])
    owner = member(tea.vendor)
    vendor_order = vendor_order_confirm(actor=owner, vendor_order=part(order, tea))
    vendor_order_ship(actor=owner, vendor_order=vendor_order, carrier="ghn", tracking_number="GA7")
    send_order_notice(order_id=order.pk, kind="shipped", vendor_order_id=vendor_order.pk)
    assert "https://carrier.example/track?code=GA7" in mail.outbox[-1].body


def test_a_part_refunded_twice_is_told_twice():
    tea = variant(100_000)
    order = place([(tea, 3)])
    vendor_order = advance(part(order, tea), "delivered")
    staff = StaffFactory()
    line = vendor_order.lines.get()
    order_refund(actor=staff, vendor_order=vendor_order, lines={line.pk: 1}, reason="Thiếu 1")
    order_refund(actor=staff, vendor_order=vendor_order, lines={line.pk: 1}, reason="Móp")
    run_outbox()
    refunds = [m for m in shopper_mail() if m.subject.startswith("Đã hoàn tiền")]
    assert [m.subject for m in refunds] == [
        f"Đã hoàn tiền 100.000\xa0₫ cho đơn hàng {order.number}"
    ] * 2


def test_the_handler_run_twice_mails_once_and_a_failure_is_retried_once(monkeypatch):
    order = place([(variant(), 1)])
    message = OutboxMessage.objects.get(handler=HANDLER)
    original, calls = mail.EmailMessage.send, []

    def flaky(self, *args, **kwargs):
        calls.append(self.to)
        if len(calls) == 1:
            raise ConnectionRefusedError("SMTP down")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(mail.EmailMessage, "send", flaky)
    assert deliver(message_id=message.pk) == "retry"
    assert not SentEmail.objects.exists() and not mail.outbox  # no claim left by the failure
    OutboxMessage.objects.update(available_at=timezone.now())
    assert deliver(message_id=message.pk) == "done"
    assert send_order_notice(order_id=order.pk, kind="placed") is False  # a second run
    assert len(shopper_mail()) == 1
    assert SentEmail.objects.filter(key=f"order_placed:{order.pk}").count() == 1


def test_the_handlers_query_budget(django_assert_max_num_queries, sms):
    items = [variant() for _ in range(4)]
    order = place([(item, 2) for item in items])
    assert send_order_notice(order_id=order.pk, kind="placed")  # templates warmed
    vendor_order = advance(part(order, items[0]), "shipped")
    # The order, its parts, their lines; the mute; the claim (savepoints, lookup, insert); the
    # SMS recorded. As many for one part as for four.
    with django_assert_max_num_queries(11):
        send_order_notice(order_id=order.pk, kind="shipped", vendor_order_id=vendor_order.pk)
    (sms_message,) = OutboxMessage.objects.filter(handler="notifications.order_sms")
    with django_assert_max_num_queries(15):  # the outbox's claim and mark included
        deliver(message_id=sms_message.pk)
    assert len(sms.sent) == 1


def test_an_unknown_kind_is_refused_where_it_is_recorded():
    order = place([(variant(), 1)])
    with pytest.raises(ValueError), transaction.atomic():
        notify_order_changed(order_id=order.pk, kind="teleported")
    assert notices(order) == [("placed", None)]


def test_every_mail_offers_one_click_unsubscribe():
    order = place([(variant(), 1)])
    send_order_notice(order_id=order.pk, kind="placed")
    (message,) = mail.outbox
    link = re.search(r"Tắt thông báo cho đơn này: (\S+)", message.body).group(1)
    assert message.extra_headers["List-Unsubscribe"] == f"<{link}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/thong-bao/don-hang/" in link and f'href="{link}"' in html_of(message)
