"""A note per producer and a VAT e-invoice request on the checkout, copied to the order."""

import pytest

from marketplace.core.errors import ErrorCode, ServiceError
from orders.models import Checkout
from orders.services.checkout_extras import (
    checkout_invoice_clear,
    checkout_invoice_update,
    checkout_note_update,
)
from orders.services.complete import checkout_complete
from tests.factories import VendorFactory
from tests.orders.helpers import ready_checkout, variant_in_stock

pytestmark = pytest.mark.django_db

INVOICE = {
    "company_name": "  Công ty TNHH Sen Vàng ",
    "tax_code": "0100 233 488",
    "email": "ketoan@senvang.vn",
    "address": "5 Tràng Tiền, Hoàn Kiếm, Hà Nội",
}


def codes(call) -> dict[str, ErrorCode]:
    with pytest.raises(ServiceError) as caught:
        call()
    return {e.field: e.code for e in caught.value.errors}


def two_producer_checkout():
    first, second = variant_in_stock(), variant_in_stock()
    return ready_checkout([(first, 1), (second, 2)]), first.vendor, second.vendor


def test_note_is_stripped_and_kept_per_producer_and_blank_clears_it():
    checkout, first, second = two_producer_checkout()
    checkout_note_update(
        actor=None, checkout=checkout, vendor_id=first.pk, note="  Gói kỹ giúp em "
    )
    checkout_note_update(
        actor=None, checkout=checkout, vendor_id=second.pk, note="Giao giờ hành chính"
    )
    stored = Checkout.objects.get(pk=checkout.pk)
    assert stored.note_for(first.pk) == "Gói kỹ giúp em"
    assert stored.note_for(second.pk) == "Giao giờ hành chính"
    checkout_note_update(actor=None, checkout=checkout, vendor_id=first.pk, note="   ")
    assert Checkout.objects.get(pk=checkout.pk).note_for(first.pk) == ""


def test_a_note_over_500_characters_or_to_a_producer_not_in_the_checkout_is_refused():
    checkout, first, _second = two_producer_checkout()
    too_long = codes(
        lambda: checkout_note_update(
            actor=None, checkout=checkout, vendor_id=first.pk, note="a" * 501
        )
    )
    assert too_long == {"note": ErrorCode.INVALID}
    other = VendorFactory()
    foreign = codes(
        lambda: checkout_note_update(actor=None, checkout=checkout, vendor_id=other.pk, note="hi")
    )
    assert foreign == {"vendor_id": ErrorCode.NOT_FOUND}
    checkout_note_update(actor=None, checkout=checkout, vendor_id=first.pk, note="a" * 500)
    assert len(Checkout.objects.get(pk=checkout.pk).note_for(first.pk)) == 500


def test_invoice_request_is_normalised_like_a_producers_tax_code():
    checkout, _first, _second = two_producer_checkout()
    checkout_invoice_update(actor=None, checkout=checkout, **INVOICE)
    stored = Checkout.objects.get(pk=checkout.pk)
    assert stored.invoice_company_name == "Công ty TNHH Sen Vàng"
    assert stored.invoice_tax_code == "0100233488"
    assert stored.wants_invoice


def test_a_bad_tax_code_writes_nothing_and_every_missing_field_is_named():
    checkout, _first, _second = two_producer_checkout()
    bad = codes(
        lambda: checkout_invoice_update(
            actor=None, checkout=checkout, **{**INVOICE, "tax_code": "0100233489"}
        )
    )
    assert bad == {"tax_code": ErrorCode.INVALID}
    stored = Checkout.objects.get(pk=checkout.pk)
    assert stored.invoice_company_name == "" and stored.invoice_email == ""
    missing = codes(
        lambda: checkout_invoice_update(actor=None, checkout=checkout, company_name="Sen Vàng")
    )
    assert missing == {
        "tax_code": ErrorCode.REQUIRED,
        "email": ErrorCode.REQUIRED,
        "address": ErrorCode.REQUIRED,
    }
    bad_email = codes(
        lambda: checkout_invoice_update(
            actor=None, checkout=checkout, **{**INVOICE, "email": "not-an-email"}
        )
    )
    assert bad_email == {"email": ErrorCode.INVALID}


def test_clearing_the_invoice_request():
    checkout, _first, _second = two_producer_checkout()
    checkout_invoice_update(actor=None, checkout=checkout, **INVOICE)
    checkout_invoice_clear(actor=None, checkout=checkout)
    assert not Checkout.objects.get(pk=checkout.pk).wants_invoice


def test_completion_copies_the_notes_to_each_part_and_the_invoice_to_the_order():
    checkout, first, second = two_producer_checkout()
    checkout_note_update(actor=None, checkout=checkout, vendor_id=first.pk, note="Gói kỹ")
    checkout_invoice_update(actor=None, checkout=checkout, **INVOICE)
    order = checkout_complete(actor=None, checkout=checkout, payment_method="cod").order
    order.refresh_from_db()
    assert order.invoice_company_name == "Công ty TNHH Sen Vàng"
    assert order.invoice_tax_code == "0100233488"
    assert order.invoice_email == "ketoan@senvang.vn"
    assert order.invoice_address == "5 Tràng Tiền, Hoàn Kiếm, Hà Nội"
    notes = {part.vendor_id: part.note for part in order.vendor_orders.all()}
    assert notes == {first.pk: "Gói kỹ", second.pk: ""}
