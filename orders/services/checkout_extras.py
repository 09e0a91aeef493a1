"""What a shopper adds to a checkout besides lines and deliveries: a note to each producer and
a request for a VAT e-invoice. Both are copied to the order on completion."""

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from marketplace.core.errors import ErrorCode, FieldError, ServiceError
from orders.models import Checkout
from orders.selectors import delivery_groups
from orders.services.checkout import _locked
from vendors.validators import normalize_tax_code

MAX_NOTE_LENGTH = 500
INVOICE_FIELDS = ("invoice_company_name", "invoice_tax_code", "invoice_email", "invoice_address")


def checkout_note_update(*, actor, checkout: Checkout, vendor_id: int, note: str) -> Checkout:
    """Set (or, when blank, clear) the note to one producer of the checkout."""
    note = (note or "").strip()
    if len(note) > MAX_NOTE_LENGTH:
        raise ServiceError.single(
            ErrorCode.INVALID,
            _("A note is at most %(max)d characters.") % {"max": MAX_NOTE_LENGTH},
            "note",
        )
    with transaction.atomic():
        checkout = _locked(actor, checkout)
        if not any(g.vendor.pk == vendor_id for g in delivery_groups(checkout)):
            raise ServiceError.single(
                ErrorCode.NOT_FOUND, _("This checkout has nothing from that producer."), "vendor_id"
            )
        notes = dict(checkout.vendor_notes or {})
        if note:
            notes[str(vendor_id)] = note
        else:
            notes.pop(str(vendor_id), None)
        checkout.vendor_notes = notes
        checkout.save(update_fields=["vendor_notes", "updated_at"])
        return checkout


def checkout_invoice_update(
    *,
    actor,
    checkout: Checkout,
    company_name: str = "",
    tax_code: str = "",
    email: str = "",
    address: str = "",
) -> Checkout:
    """Ask for a VAT e-invoice to a company; all fields blank clears the request. Every field
    is checked before anything is written."""
    values = clean_invoice(
        company_name=company_name, tax_code=tax_code, email=email, address=address
    )
    with transaction.atomic():
        checkout = _locked(actor, checkout)
        for name, value in values.items():
            setattr(checkout, name, value)
        checkout.save(update_fields=[*INVOICE_FIELDS, "updated_at"])
        return checkout


def checkout_invoice_clear(*, actor, checkout: Checkout) -> Checkout:
    return checkout_invoice_update(actor=actor, checkout=checkout)


def clean_invoice(*, company_name: str, tax_code: str, email: str, address: str) -> dict:
    """The invoice fields, stripped and normalised; a ServiceError naming every bad field."""
    company_name, tax_code = (company_name or "").strip(), (tax_code or "").strip()
    email, address = (email or "").strip(), (address or "").strip()
    if not (company_name or tax_code or email or address):
        return dict.fromkeys(INVOICE_FIELDS, "")
    errors = []
    if not company_name:
        errors.append(FieldError(ErrorCode.REQUIRED, _("Give the company name."), "company_name"))
    elif len(company_name) > 255:
        errors.append(FieldError(ErrorCode.INVALID, _("The name is too long."), "company_name"))
    if not tax_code:
        errors.append(FieldError(ErrorCode.REQUIRED, _("Give the tax code."), "tax_code"))
    else:
        try:
            tax_code = normalize_tax_code(tax_code)
        except ValidationError as error:
            errors.append(FieldError(ErrorCode.INVALID, error.messages[0], "tax_code"))
    if not email:
        errors.append(
            FieldError(ErrorCode.REQUIRED, _("Give the e-mail for the invoice."), "email")
        )
    else:
        try:
            validate_email(email)
        except ValidationError:
            errors.append(FieldError(ErrorCode.INVALID, _("Enter a valid email address."), "email"))
    if not address:
        errors.append(FieldError(ErrorCode.REQUIRED, _("Give the company address."), "address"))
    elif len(address) > 255:
        errors.append(FieldError(ErrorCode.INVALID, _("The address is too long."), "address"))
    if errors:
        raise ServiceError(errors)
    return {
        "invoice_company_name": company_name,
        "invoice_tax_code": tax_code,
        "invoice_email": email,
        "invoice_address": address,
    }


def extras_save(
    *,
    checkout: Checkout,
    vendor_ids,
    notes: Mapping[int, str] | None,
    invoice: Mapping[str, str] | None,
    errors: list[FieldError],
) -> None:
    """The notes (producer id → text, for the producers of `vendor_ids`) and the invoice
    request (company_name, tax_code, email, address; None leaves it as it is) of a checkout
    already locked by the caller's transaction, saved in one write. Errors go to `errors`
    (on `notes.<producer id>` and `invoice.<field>`) and then nothing is written here."""
    found: list[FieldError] = []
    fields: dict = {}
    if notes is not None:
        kept = dict(checkout.vendor_notes or {})
        for vendor_id in vendor_ids:
            note = (notes.get(vendor_id) or "").strip()
            if len(note) > MAX_NOTE_LENGTH:
                message = _("A note is at most %(max)d characters.") % {"max": MAX_NOTE_LENGTH}
                found.append(FieldError(ErrorCode.INVALID, message, f"notes.{vendor_id}"))
            elif note:
                kept[str(vendor_id)] = note
            else:
                kept.pop(str(vendor_id), None)
        fields["vendor_notes"] = kept
    if invoice is not None:
        try:
            fields.update(clean_invoice(**invoice))
        except ServiceError as error:
            found.extend(FieldError(e.code, e.message, f"invoice.{e.field}") for e in error.errors)
    errors.extend(found)
    changed = [name for name, value in fields.items() if getattr(checkout, name) != value]
    if found or not changed:
        return
    for name in changed:
        setattr(checkout, name, fields[name])
    checkout.save(update_fields=[*changed, "updated_at"])
