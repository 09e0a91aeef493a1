"""A note per producer and a VAT e-invoice request over the API: set, clear, and who sees them."""

import pytest

from marketplace.graphql.core.ids import global_id
from orders.services.checkout_extras import checkout_invoice_update, checkout_note_update
from orders.services.complete import checkout_complete
from tests.factories import UserFactory, VendorMemberFactory
from tests.graphql.client import GraphQLClient, payload
from tests.orders.helpers import ready_checkout, variant_in_stock

pytestmark = pytest.mark.django_db

GROUPS = (
    "deliveryGroups { vendor { id } note } invoiceRequest { companyName taxCode email address }"
)
NOTE = f"""
mutation($token: UUID!, $vendor: ID!, $note: String!) {{
  checkoutNoteUpdate(token: $token, vendorId: $vendor, note: $note) {{
    checkout {{ {GROUPS} }} errors {{ field code }}
  }}
}}"""
INVOICE = f"""
mutation($token: UUID!, $invoice: InvoiceRequestInput!) {{
  checkoutInvoiceUpdate(token: $token, invoiceRequest: $invoice) {{
    checkout {{ {GROUPS} }} errors {{ field code }}
  }}
}}"""
CLEAR = f"""
mutation($token: UUID!) {{
  checkoutInvoiceClear(token: $token) {{ checkout {{ {GROUPS} }} errors {{ field code }} }}
}}"""
PARTS = """
{ vendorOrders(first: 10) { edges { node {
    vendor { id } note invoiceRequest { companyName taxCode }
} } } }"""
ORDER = """
query($token: UUID!) {
  order(token: $token) { invoiceRequest { taxCode } vendorOrders { vendor { id } note } }
}"""
INVOICE_INPUT = {
    "companyName": "Công ty TNHH Sen Vàng",
    "taxCode": "0100.233.488",
    "email": "ketoan@senvang.vn",
    "address": "5 Tràng Tiền, Hà Nội",
}


def test_setting_and_clearing_note_and_invoice_on_the_checkout():
    variant = variant_in_stock()
    checkout = ready_checkout([(variant, 1)])
    api = GraphQLClient()
    vendor_id = global_id("Vendor", variant.vendor.pk)
    variables = {"token": str(checkout.token), "vendor": vendor_id, "note": " Gói kỹ "}
    noted = payload(api.execute(NOTE, variables), "checkoutNoteUpdate")["checkout"]
    assert noted["deliveryGroups"] == [{"vendor": {"id": vendor_id}, "note": "Gói kỹ"}]
    invoiced = api.execute(INVOICE, {"token": str(checkout.token), "invoice": INVOICE_INPUT})
    request = payload(invoiced, "checkoutInvoiceUpdate")["checkout"]["invoiceRequest"]
    assert request["taxCode"] == "0100233488"
    cleared = payload(api.execute(CLEAR, {"token": str(checkout.token)}), "checkoutInvoiceClear")
    assert cleared["checkout"]["invoiceRequest"] is None


def test_a_bad_tax_code_and_a_long_note_come_back_as_errors_with_codes():
    variant = variant_in_stock()
    checkout = ready_checkout([(variant, 1)])
    api = GraphQLClient()
    bad = api.execute(
        INVOICE, {"token": str(checkout.token), "invoice": {**INVOICE_INPUT, "taxCode": "123"}}
    )["checkoutInvoiceUpdate"]
    assert bad["errors"] == [{"field": "taxCode", "code": "INVALID"}]
    assert bad["checkout"] is None
    long = api.execute(
        NOTE,
        {
            "token": str(checkout.token),
            "vendor": global_id("Vendor", variant.vendor.pk),
            "note": "x" * 501,
        },
    )["checkoutNoteUpdate"]
    assert long["errors"] == [{"field": "note", "code": "INVALID"}]


def test_a_producer_sees_its_own_parts_note_and_the_invoice_but_not_another_producers():
    shopper = UserFactory()
    first, second = variant_in_stock(), variant_in_stock()
    checkout = ready_checkout([(first, 1), (second, 1)], actor=shopper)
    for variant, note in ((first, "Cho nhà A"), (second, "Cho nhà B")):
        checkout_note_update(
            actor=shopper, checkout=checkout, vendor_id=variant.vendor.pk, note=note
        )
    checkout_invoice_update(
        actor=shopper,
        checkout=checkout,
        company_name="Sen Vàng",
        tax_code="0100233488",
        email="ketoan@senvang.vn",
        address="Hà Nội",
    )
    order = checkout_complete(actor=shopper, checkout=checkout, payment_method="cod").order
    member = VendorMemberFactory(vendor=first.vendor).user
    parts = GraphQLClient(member).execute(PARTS)["vendorOrders"]["edges"]
    assert [p["node"]["note"] for p in parts] == ["Cho nhà A"]
    assert parts[0]["node"]["invoiceRequest"] == {
        "companyName": "Sen Vàng",
        "taxCode": "0100233488",
    }
    shopper_view = GraphQLClient(shopper).execute(ORDER, {"token": str(order.token)})["order"]
    assert shopper_view["invoiceRequest"] == {"taxCode": "0100233488"}
    assert sorted(p["note"] for p in shopper_view["vendorOrders"]) == ["Cho nhà A", "Cho nhà B"]
    foreign = order.vendor_orders.get(vendor=second.vendor)
    peek = GraphQLClient(member).execute(
        "query($id: ID!) { node(id: $id) { ... on VendorOrder { note } } }",
        {"id": global_id("VendorOrder", foreign.pk)},
    )
    assert peek["node"] is None
