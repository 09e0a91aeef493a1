"""Variants: the sellable units of a product ("Hộp 500g"), each with its SKU and price."""

import re

from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from catalog.lock_objects import lock_product, lock_variant
from catalog.models import Product, ProductVariant
from catalog.validators import normalize_gtin
from marketplace.core.cleaning import clean_fields
from marketplace.core.errors import ErrorCode, ServiceError
from marketplace.outbox.events import Event, emit
from vendors.access import require_vendor_role

SKU_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$")
MAX_PRICE = 1_000_000_000  # one billion đồng: far above any OCOP product, below any overflow
MAX_WEIGHT_GRAMS = 1_000_000
FIELDS = ("sku", "name", "price", "compare_at_price", "weight_grams", "gtin")


def variant_create(*, product, actor, sku: str, name: str, price: int, **fields) -> ProductVariant:
    require_vendor_role(actor, product.vendor)
    cleaned = _clean({"sku": sku, "name": name, "price": price, **fields})
    _check_compare_at(cleaned.get("price"), cleaned.get("compare_at_price"))
    try:
        with transaction.atomic():
            _require_free_sku(product.vendor_id, cleaned["sku"])
            variant = ProductVariant.objects.create(
                product=product,
                vendor_id=product.vendor_id,
                position=product.variants.count(),
                **cleaned,
            )
            Product.mark_for_reindex([product])  # prices are searched and sorted on
            _tell_updated(product)
            return variant
    except IntegrityError:  # a concurrent create took the SKU between check and insert
        raise _sku_taken(cleaned["sku"]) from None


def variant_update(*, variant, actor, **fields) -> ProductVariant:
    product = variant.product
    require_vendor_role(actor, product.vendor)
    cleaned = _clean(fields)
    try:
        with transaction.atomic():
            variant = lock_variant(variant)
            if "sku" in cleaned and cleaned["sku"] != variant.sku:
                _require_free_sku(variant.vendor_id, cleaned["sku"])
            for field, value in cleaned.items():
                setattr(variant, field, value)
            _check_compare_at(variant.price, variant.compare_at_price)
            variant.save()
            Product.mark_for_reindex([variant.product_id])
            _tell_updated(product)
            return variant
    except IntegrityError:  # a concurrent write took the SKU between check and save
        raise _sku_taken(cleaned.get("sku", variant.sku)) from None


def variant_delete(*, variant, actor) -> None:
    product = variant.product
    require_vendor_role(actor, product.vendor)
    with transaction.atomic():
        product = lock_product(product)
        if product.status == Product.Status.PUBLISHED and product.variants.count() <= 1:
            raise ServiceError.single(
                ErrorCode.INVALID,
                _("A published product keeps at least one variant; archive it instead."),
                "variant",
            )
        try:
            variant.delete()
        except ProtectedError:  # stock movements, sales or transfers name it: keep the history
            raise ServiceError.single(
                ErrorCode.INVALID,
                _("This variant has stock or sales on record; archive the product instead."),
                "variant",
            ) from None
        Product.mark_for_reindex([product])
        _tell_updated(product)


def _tell_updated(product) -> None:
    """Partners hear of a published product's variants and prices changing as of any edit
    (product_update); a draft is nobody's business yet."""
    if product.status == Product.Status.PUBLISHED:
        emit(Event.PRODUCT_UPDATED, product_id=product.pk)


def _require_free_sku(vendor_id, sku: str) -> None:
    if ProductVariant.objects.filter(vendor_id=vendor_id, sku=sku).exists():
        raise _sku_taken(sku)


def _sku_taken(sku: str) -> ServiceError:
    return ServiceError.single(
        ErrorCode.UNIQUE,
        _("SKU %(sku)s is already used by another of your products.") % {"sku": sku},
        "sku",
    )


def _check_compare_at(price, compare_at_price) -> None:
    if compare_at_price is not None and price is not None and compare_at_price <= price:
        raise ServiceError.single(
            ErrorCode.INVALID,
            _("The compare-at price must be higher than the price."),
            "compare_at_price",
        )


def _clean(fields: dict) -> dict:
    return clean_fields(fields, allowed=FIELDS, clean=_clean_field)


def _whole_number(field, value, *, minimum: int, maximum: int, message) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not minimum <= value <= maximum:
        raise ServiceError.single(ErrorCode.INVALID, message, field)
    return value


def _clean_field(field: str, value):
    if field == "sku":
        value = (value or "").strip()
        if not value:
            raise ServiceError.single(ErrorCode.REQUIRED, _("A variant needs a SKU."), field)
        if not SKU_PATTERN.match(value):
            raise ServiceError.single(
                ErrorCode.INVALID,
                _("A SKU is up to 64 letters, digits, dots, dashes, underscores or slashes."),
                field,
            )
        return value
    if field == "name":
        value = (value or "").strip()
        if not value:
            raise ServiceError.single(ErrorCode.REQUIRED, _("A variant needs a name."), field)
        return value[:255]
    if field == "compare_at_price" and value is None:
        return None
    if field in ("price", "compare_at_price"):
        return _whole_number(
            field,
            value,
            minimum=1,
            maximum=MAX_PRICE,
            message=_("A price is a whole number of đồng above 0."),
        )
    if field == "weight_grams":
        return _whole_number(
            field,
            value,
            minimum=0,
            maximum=MAX_WEIGHT_GRAMS,
            message=_("The weight is a whole number of grams, 0 or more."),
        )
    if field == "gtin":
        return normalize_gtin(value) if (value or "").strip() else ""
    return value
