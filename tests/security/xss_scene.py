"""A marketplace in which every user-writable text holds one hostile payload, written through
the services a producer, a shopper, a showroom manager or staff would use.

Each field gets the payload followed by its own marker (`xss07`), so that a page's text tells
which fields it shows. Fields the services refuse for this payload (a phone number, an email,
a SKU) are not stored: they are reported as refused at the door."""

from dataclasses import dataclass, field
from types import SimpleNamespace

from django.core.files.uploadedfile import SimpleUploadedFile

from catalog.services.media import media_create
from catalog.services.products import (
    product_approve,
    product_create,
    product_reject,
    product_submit_for_review,
)
from catalog.services.variants import variant_create
from inventory.services.tokens import location_token_create
from marketplace.accounts.services import account_register
from marketplace.core.errors import ServiceError
from orders.models import PayoutAccount
from orders.selectors import delivery_groups
from orders.services.cancellation import vendor_order_cancel
from orders.services.checkout import (
    LineInput,
    checkout_create,
    checkout_delivery_method_update,
    checkout_shipping_address_update,
)
from orders.services.complete import checkout_complete
from orders.services.fulfilment import (
    vendor_order_confirm,
    vendor_order_mark_delivered,
    vendor_order_ship,
)
from orders.services.shipping import shipping_method_create
from tests.factories import (
    AgreementFactory,
    OperatorMemberFactory,
    ShowroomFactory,
    ShowroomOperatorFactory,
    StaffFactory,
    StockFactory,
    WarehouseFactory,
    application_details,
    product_set,
)
from tests.files import pdf_bytes, png_upload
from tests.orders.helpers import hanoi
from vendors.services.certificates import certificate_create, certificate_reject, certificate_verify
from vendors.services.onboarding import (
    application_approve,
    application_create,
    application_document_upload,
    application_request_changes,
    application_submit,
)

PAYLOADS = {
    "script element": "<script>alert(1)</script>",
    "img onerror": "<img src=x onerror=alert(1)>",
    "javascript: URL": "javascript:alert(1)//",
    "double-quote attribute breaker": '" onmouseover="alert(1)',
    "single-quote attribute breaker": "'><svg onload=alert(1)>",
}

FIELDS = [
    "shopper full name",
    "application legal name",
    "application display name (producer name)",
    "application street address (producer address)",
    "application story (producer story)",
    "application document file name",
    "application submission note",
    "application decision note",
    "certificate recognised product",
    "certificate decision number",
    "certificate issuing body",
    "certificate verification note",
    "certificate rejection note",
    "product name",
    "product description",
    "variant name",
    "variant SKU",
    "image alt text",
    "listing approval note",
    "listing rejection note",
    "shipping method name",
    "showroom name",
    "showroom street address",
    "showroom opening hours",
    "showroom operator name",
    "warehouse name",
    "device token name",
    "recipient full name",
    "recipient street address",
    "recipient phone",
    "carrier",
    "tracking number",
    "cancellation reason",
    "payout bank name",
    "payout account holder",
]


@dataclass
class Scene:
    payload: str
    refused: set[str] = field(default_factory=set)

    def marker(self, name: str) -> str:
        return f"xss{FIELDS.index(name):02d}"

    def value(self, name: str) -> str:
        return self.payload + self.marker(name)

    def attempt(self, name: str, write, fallback: str):
        """write(value): with the hostile value, or with `fallback` when a service refuses it."""
        try:
            return write(self.value(name))
        except ServiceError:
            self.refused.add(name)
            return write(fallback)


def build(payload: str) -> tuple[Scene, SimpleNamespace]:
    scene = Scene(payload)
    staff = StaffFactory(is_superuser=True)
    shopper = scene.attempt(
        "shopper full name",
        lambda v: account_register(email="lan@example.vn", password="Ocop-test-2025!", full_name=v),
        "Lan",
    )
    owner = account_register(email="owner@example.vn", password="Ocop-test-2025!")
    vendor = _producer(scene, owner, staff)
    pending_applicant = account_register(email="new@example.vn", password="Ocop-test-2025!")
    pending = _application(scene, pending_applicant)
    application_request_changes(
        application=pending, actor=staff, note=scene.value("application decision note")
    )
    certificate = _certificates(scene, vendor, owner, staff)
    rejected, variant = _listing(scene, vendor, owner, staff, certificate)
    showroom, manager = _showroom(scene, vendor, variant, staff)
    orders = _orders(scene, vendor, owner, shopper, variant, showroom)
    # Staff type the bank account in the admin's form (no service: it is their own data).
    PayoutAccount.objects.create(
        vendor=vendor,
        bank_name=scene.value("payout bank name"),
        account_number="0123456789",
        account_holder=scene.value("payout account holder"),
    )
    return scene, SimpleNamespace(
        payload=payload,
        staff=staff,
        shopper=shopper,
        owner=owner,
        vendor=vendor,
        pending_applicant=pending_applicant,
        pending=pending,
        certificate=certificate,
        variant=variant,
        product=variant.product,
        rejected=rejected,
        showroom=showroom,
        manager=manager,
        orders=orders,
    )


def _application(scene, applicant):
    details = application_details(
        legal_name=scene.value("application legal name"),
        display_name=scene.value("application display name (producer name)"),
        street_address=scene.value("application street address (producer address)"),
        story=scene.value("application story (producer story)"),
    )
    application = application_create(applicant=applicant, **details)
    name = scene.value("application document file name").replace("/", "") + ".pdf"
    scene.attempt(
        "application document file name",
        lambda _v: application_document_upload(
            application=application,
            actor=applicant,
            kind="business_registration",
            file=SimpleUploadedFile(name, pdf_bytes(), content_type="application/pdf"),
        ),
        "",
    )
    return application_submit(
        application=application, actor=applicant, note=scene.value("application submission note")
    )


def _producer(scene, owner, staff):
    application = _application(scene, owner)
    return application_approve(
        application=application, actor=staff, note=scene.value("application decision note")
    )


def _certificates(scene, vendor, owner, staff):
    from django.utils import timezone

    def record(number):
        return certificate_create(
            vendor=vendor,
            actor=owner,
            product_name=scene.value("certificate recognised product"),
            product_set=product_set(),
            decision_number=number,
            decision_date=timezone.localdate().replace(day=1),
            issuing_body=scene.value("certificate issuing body"),
            level="province",
            stars=4,
            score=75,
            document=SimpleUploadedFile("qd.pdf", pdf_bytes(), content_type="application/pdf"),
        )

    certificate = scene.attempt("certificate decision number", record, "1234/QĐ-UBND")
    rejected = record("9999/QĐ-UBND")
    certificate_reject(
        certificate=rejected, actor=staff, note=scene.value("certificate rejection note")
    )
    return certificate_verify(
        certificate=certificate, actor=staff, note=scene.value("certificate verification note")
    )


def _listing(scene, vendor, owner, staff, certificate):
    def listed(name, note, approve):
        product = product_create(
            vendor=vendor,
            actor=owner,
            name=name,
            category=product_set(),
            description=f"<p>{scene.value('product description')}</p>",
            certificate=certificate if approve else None,
        )
        variant = scene.attempt(
            "variant SKU",
            lambda sku: variant_create(
                product=product,
                actor=owner,
                sku=sku if approve else f"B-{sku}",
                name=scene.value("variant name"),
                price=150_000,
            ),
            "CHE-200" if approve else "CHE-B",
        )
        media_create(
            product=product, actor=owner, image=png_upload(), alt=scene.value("image alt text")
        )
        product_submit_for_review(product=product, actor=owner)
        if approve:
            product_approve(product=product, actor=staff, note=note)
        else:
            product_reject(product=product, actor=staff, note=note)
        return variant

    rejected = listed(
        "Second " + scene.value("product name"), scene.value("listing rejection note"), False
    )
    return rejected.product, listed(
        scene.value("product name"), scene.value("listing approval note"), True
    )


def _showroom(scene, vendor, variant, staff):
    operator = ShowroomOperatorFactory(name=scene.value("showroom operator name"))
    showroom = ShowroomFactory(
        operator=operator,
        name=scene.value("showroom name"),
        street_address=scene.value("showroom street address"),
        opening_hours=scene.value("showroom opening hours"),
    )
    AgreementFactory(vendor=vendor, showroom=showroom)
    StockFactory(variant=variant, location=showroom, quantity=10)
    warehouse = WarehouseFactory(vendor=vendor, name=scene.value("warehouse name"))
    StockFactory(variant=variant, location=warehouse, quantity=50)
    manager = OperatorMemberFactory(operator=operator, role="manager").user
    location_token_create(actor=manager, location=showroom, name=scene.value("device token name"))
    return showroom, manager


def _checkout(scene, shopper, variant, delivery):
    checkout = checkout_create(actor=shopper, email=shopper.email, lines=[LineInput(variant.pk, 1)])
    checkout = scene.attempt(
        "recipient phone",
        lambda phone: checkout_shipping_address_update(
            actor=shopper,
            checkout=checkout,
            full_name=scene.value("recipient full name"),
            phone=phone,
            street_address=scene.value("recipient street address"),
            commune=hanoi(),
        ),
        "0912345678",
    )
    (group,) = delivery_groups(checkout)
    checkout_delivery_method_update(
        actor=shopper, checkout=checkout, vendor_id=group.vendor.pk, method=delivery
    )
    return checkout


def _orders(scene, vendor, owner, shopper, variant, showroom):
    method = shipping_method_create(
        actor=owner, vendor=vendor, name=scene.value("shipping method name"), flat_price=30_000
    )
    placed = []
    for delivery in (method, showroom, method):
        checkout = _checkout(scene, shopper, variant, delivery)
        placed.append(checkout_complete(actor=shopper, checkout=checkout, payment_method="COD"))
    shipped, _pickup, cancelled = (outcome.order.vendor_orders.get() for outcome in placed)
    vendor_order_confirm(actor=owner, vendor_order=shipped)
    vendor_order_ship(
        actor=owner,
        vendor_order=shipped,
        carrier=scene.value("carrier"),
        tracking_number=scene.value("tracking number"),
    )
    vendor_order_mark_delivered(actor=owner, vendor_order=shipped)  # cash taken: the ledger
    vendor_order_cancel(
        actor=owner, vendor_order=cancelled, reason=scene.value("cancellation reason")
    )
    _checkout(scene, shopper, variant, method)  # the cart still open, with its address
    return [outcome.order for outcome in placed]
