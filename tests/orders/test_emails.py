"""Order emails: in Vietnamese, recorded in the outbox with the order, sent after commit, each
sent once. (The shopper's confirmation and the shipped notice are the notifications app's:
tests/orders/test_notifications.py tests each kind.)"""

import smtplib

import pytest
from django.core import mail
from django.utils import timezone

from marketplace.core.errors import ServiceError
from marketplace.outbox.delivery import deliver
from marketplace.outbox.models import OutboxMessage
from notifications.sending import send_order_notice
from orders import emails
from orders.models import Order, SentEmail
from orders.services.complete import checkout_complete
from orders.services.fulfilment import vendor_order_ship
from orders.services.notifications import HANDLER
from tests.factories import VendorMemberFactory
from tests.orders.fulfilment_support import advance, member, part, pay, place, variant
from tests.orders.helpers import ready_checkout

pytestmark = pytest.mark.django_db


def place_and_commit(capture, lines, method="COD"):
    checkout = ready_checkout(lines, email="lan@example.vn")
    with capture(execute=True):
        return checkout_complete(actor=None, checkout=checkout, payment_method=method).order


def by_recipient():
    return {tuple(message.to): message for message in mail.outbox}


def test_a_cod_order_mails_the_shopper_and_each_producer(django_capture_on_commit_callbacks):
    tea, honey = variant(100_000), variant(50_000)
    tea_owner, honey_owner = member(tea.vendor), member(honey.vendor)
    tea_manager = VendorMemberFactory(vendor=tea.vendor, role="manager").user
    order = place_and_commit(django_capture_on_commit_callbacks, [(tea, 2), (honey, 1)])
    sent = by_recipient()
    assert len(mail.outbox) == 3
    shopper = sent[("lan@example.vn",)]
    assert shopper.subject == f"Đã nhận đơn hàng {order.number} – Sàn OCOP"
    assert "Tổng cộng: 310.000\xa0₫" in shopper.body
    assert "Nguyễn Thị Lan" in shopper.body and tea.vendor.name in shopper.body
    producer = sent[tuple(sorted([tea_owner.email, tea_manager.email]))]
    assert producer.subject == f"Đơn hàng mới {order.number} – {tea.vendor.name}"
    assert tea.sku in producer.body and honey.sku not in producer.body
    assert "+84912345678" in producer.body  # whom to deliver to
    assert (honey_owner.email,) in sent


def test_sending_again_sends_nothing(django_capture_on_commit_callbacks):
    tea = variant()
    member(tea.vendor)
    order = place_and_commit(django_capture_on_commit_callbacks, [(tea, 1)])
    assert len(mail.outbox) == 2
    assert emails.send_order_placed(order.pk) == 0
    assert len(mail.outbox) == 2
    assert SentEmail.objects.count() == 2


def test_an_unpaid_order_tells_producers_only_once_paid(django_capture_on_commit_callbacks):
    tea = variant()
    owner = member(tea.vendor)
    order = place_and_commit(django_capture_on_commit_callbacks, [(tea, 1)], method="VNPAY")
    assert [m.subject for m in mail.outbox] == [
        f"Đơn hàng {order.number} đang chờ thanh toán – Sàn OCOP"
    ]
    pay(order)
    assert emails.send_order_placed(order.pk) == 1
    assert mail.outbox[-1].to == [owner.email]


def test_shipping_mails_the_tracking_number(django_capture_on_commit_callbacks):
    tea = variant()
    order = place_and_commit(django_capture_on_commit_callbacks, [(tea, 1)])
    owner = member(tea.vendor)
    vendor_order = advance(part(order, tea), "confirmed", actor=owner)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        vendor_order_ship(
            actor=owner, vendor_order=vendor_order, carrier="Viettel Post", tracking_number="VT99"
        )
    (message,) = mail.outbox
    assert message.to == ["lan@example.vn"]
    assert message.subject == f"Đơn hàng {order.number} đã được giao cho đơn vị vận chuyển"
    assert "Mã vận đơn: VT99" in message.body and "Viettel Post" in message.body
    assert "https://viettelpost.com.vn/tra-cuu-hanh-trinh-don/?bill=VT99" in message.body
    again = send_order_notice(order_id=order.pk, kind="shipped", vendor_order_id=vendor_order.pk)
    assert again is False and len(mail.outbox) == 1


def test_a_failed_send_can_be_retried(django_capture_on_commit_callbacks, monkeypatch):
    tea = variant()
    checkout = ready_checkout([(tea, 1)])
    order = checkout_complete(actor=None, checkout=checkout, payment_method="COD").order

    def broken(self, fail_silently=False):
        raise ConnectionRefusedError("SMTP down")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", broken)
    with pytest.raises(ConnectionRefusedError):
        emails.send_order_placed(order.pk)
    with pytest.raises(ConnectionRefusedError):
        send_order_notice(order_id=order.pk, kind="placed")
    assert not SentEmail.objects.exists()
    monkeypatch.undo()
    assert emails.send_order_placed(order.pk) == 1  # the producer has no members: its address
    assert send_order_notice(order_id=order.pk, kind="placed") is True  # the shopper
    assert emails.send_order_placed(order.pk) == 0
    assert send_order_notice(order_id=order.pk, kind="placed") is False
    assert len(mail.outbox) == 2


def test_a_mail_failure_never_undoes_the_order(django_capture_on_commit_callbacks, monkeypatch):
    monkeypatch.setattr(
        "django.core.mail.EmailMessage.send",
        lambda self, fail_silently=False: (_ for _ in ()).throw(OSError("down")),
    )
    order = place_and_commit(django_capture_on_commit_callbacks, [(variant(), 1)])
    assert order.pk and not mail.outbox
    messages = OutboxMessage.objects.all()  # the producers' and the shopper's, kept to retry
    assert {m.handler for m in messages} == {"orders.send_order_placed", HANDLER}
    assert all(m.status == "retrying" and "OSError: down" in m.last_error for m in messages)


def test_a_mail_server_failure_is_retried_and_mails_once(
    django_capture_on_commit_callbacks, monkeypatch
):
    """The first send fails (its claim rolls back with it); the retry mails each recipient
    exactly once."""
    tea = variant()
    member(tea.vendor)
    original, calls = mail.EmailMessage.send, []

    def flaky(self, *args, **kwargs):
        calls.append(self.to)
        if len(calls) == 1:
            raise smtplib.SMTPServerDisconnected("gone")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(mail.EmailMessage, "send", flaky)
    order = place_and_commit(django_capture_on_commit_callbacks, [(tea, 1)])
    message = OutboxMessage.objects.get(handler="orders.send_order_placed")  # ran first
    assert message.status == "retrying"
    assert list(SentEmail.objects.values_list("key", flat=True)) == [f"order_placed:{order.pk}"]
    OutboxMessage.objects.update(available_at=timezone.now())  # the backoff has passed
    assert deliver(message_id=message.pk) == "done"
    assert SentEmail.objects.filter(order=order).count() == 2 and len(mail.outbox) == 2
    assert deliver(message_id=message.pk) == "skipped"  # done: never again


def test_the_emails_are_recorded_with_the_order_and_not_without_it(monkeypatch):
    tea = variant(quantity=1)
    order = place([(tea, 1)])
    assert sorted(OutboxMessage.objects.values_list("handler", "payload")) == [
        (HANDLER, {"order_id": order.pk, "kind": "placed"}),
        ("orders.send_order_placed", {"order_id": order.pk}),
    ]
    with pytest.raises(ServiceError):
        place([(tea, 1)])  # sold out: no order, and no email recorded for it
    assert OutboxMessage.objects.count() == 2


def test_a_broker_down_at_commit_still_places_the_order(
    settings, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    from marketplace.celery import app

    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("Error 111 connecting to 127.0.0.1:6379")

    settings.CELERY_TASK_ALWAYS_EAGER = False
    monkeypatch.setattr(app, "send_task", refuse)
    checkout = ready_checkout([(variant(), 1)])
    with django_capture_on_commit_callbacks(execute=True):
        order = checkout_complete(actor=None, checkout=checkout, payment_method="COD").order
    assert Order.objects.filter(pk=order.pk).exists() and not mail.outbox
    for message in OutboxMessage.objects.all():
        assert message.status == "pending" and message.dispatched_at is None  # for the sweep
    assert "the sweep will hand them over" in caplog.text


def test_a_verified_vnpay_payment_mails_the_producers(
    client, settings, django_capture_on_commit_callbacks
):
    from orders.payments.registry import start_payment
    from tests.orders.payment_support import VNPAY_SECRET, VNPAY_TMN, vnpay_ipn_params

    settings.VNPAY_TMN_CODE, settings.VNPAY_HASH_SECRET = VNPAY_TMN, VNPAY_SECRET
    tea = variant()
    owner = member(tea.vendor)
    order = place_and_commit(django_capture_on_commit_callbacks, [(tea, 1)], method="VNPAY")
    payment = order.payments.get()
    start_payment(payment=payment, client_ip="203.113.1.7")
    payment.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.get("/payments/vnpay/ipn/", vnpay_ipn_params(payment)).json()
    assert answer["RspCode"] == "00"
    producer, shopper = mail.outbox[-2:]
    assert producer.to == [owner.email] and producer.subject.startswith("Đơn hàng mới")
    assert shopper.to == ["lan@example.vn"]
    assert shopper.subject == f"Đã nhận thanh toán đơn hàng {order.number}"
