"""Writes of vouchers: producers and staff create and change them; the orders app takes a use
at completion (and gives it back when the order is cancelled before anything shipped).

Decisions:
- Staff create platform vouchers (also in the Django admin); a producer's owners and managers
  create that producer's own, which apply to its goods only.
- A use is taken inside the completion transaction, on the voucher row locked FOR UPDATE:
  completions with the same code queue there, and each reads the count the one before it
  committed, so `usage_limit` and `per_shopper_limit` hold however many complete at once.
- A cancelled or expired order gives its use back (`voucher_release`), as no goods left.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from marketplace.core.errors import ErrorCode, FieldError, PermissionDeniedError, ServiceError
from marketplace.core.permissions import is_person, is_staff
from promotions.lock_objects import lock_voucher, lock_voucher_by_code, lock_vouchers
from promotions.models import Voucher, VoucherRedemption
from promotions.pricing import Discount, Part, discount_for
from promotions.selectors import normalize_code, usage_problem, voucher_problem
from vendors.access import require_vendor_role

MAX_CODE_LENGTH = 32


@dataclass(frozen=True)
class VoucherInput:
    code: str
    kind: str
    value: int
    description: str = ""
    max_discount: int | None = None
    min_order: int = 0
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    usage_limit: int | None = None
    per_shopper_limit: int | None = None
    first_order_only: bool = False
    is_active: bool = True


def _require_may_manage(actor, vendor) -> None:
    if vendor is None:
        if not is_staff(actor):
            raise PermissionDeniedError(_("Only marketplace staff create platform vouchers."))
        return
    require_vendor_role(actor, vendor)


def _clean(data: VoucherInput, *, instance: Voucher | None) -> dict:
    errors = []
    code = normalize_code(data.code)
    if not code:
        errors.append(FieldError(ErrorCode.REQUIRED, _("Give the voucher code."), "code"))
    elif len(code) > MAX_CODE_LENGTH or not code.replace("-", "").replace("_", "").isalnum():
        errors.append(
            FieldError(
                ErrorCode.INVALID,
                _("A code is up to 32 letters, digits, - or _."),
                "code",
            )
        )
    elif Voucher.objects.filter(code=code).exclude(pk=getattr(instance, "pk", None)).exists():
        errors.append(FieldError(ErrorCode.INVALID, _("This code is taken."), "code"))
    if data.kind not in Voucher.Kind.values:
        errors.append(FieldError(ErrorCode.INVALID, _("Choose percentage or fixed."), "kind"))
    elif data.kind == Voucher.Kind.PERCENTAGE and not 1 <= (data.value or 0) <= 100:
        errors.append(FieldError(ErrorCode.INVALID, _("A percentage is 1 to 100."), "value"))
    elif data.kind == Voucher.Kind.FIXED and (data.value or 0) < 1:
        errors.append(FieldError(ErrorCode.INVALID, _("Give the amount off in đồng."), "value"))
    for name in ("max_discount", "min_order", "usage_limit", "per_shopper_limit"):
        value = getattr(data, name)
        if value is not None and value < 0:
            errors.append(FieldError(ErrorCode.INVALID, _("Give a positive number."), name))
    if (
        data.usage_limit is not None
        and instance is not None
        and data.usage_limit < instance.times_used
    ):
        errors.append(
            FieldError(
                ErrorCode.INVALID,
                _("It was used %(n)d times already.") % {"n": instance.times_used},
                "usage_limit",
            )
        )
    if data.starts_at and data.ends_at and data.ends_at <= data.starts_at:
        errors.append(FieldError(ErrorCode.INVALID, _("The end is before the start."), "ends_at"))
    if errors:
        raise ServiceError(errors)
    return {
        "code": code,
        "kind": data.kind,
        "value": data.value,
        "description": (data.description or "").strip()[:255],
        "max_discount": data.max_discount if data.kind == Voucher.Kind.PERCENTAGE else None,
        "min_order": data.min_order or 0,
        "starts_at": data.starts_at,
        "ends_at": data.ends_at,
        "usage_limit": data.usage_limit,
        "per_shopper_limit": data.per_shopper_limit,
        "first_order_only": data.first_order_only,
        "is_active": data.is_active,
    }


def voucher_create(*, actor, vendor=None, data: VoucherInput) -> Voucher:
    """A platform voucher (`vendor` None, staff only) or one of `vendor`'s."""
    _require_may_manage(actor, vendor)
    fields = _clean(data, instance=None)
    with transaction.atomic():
        return Voucher.objects.create(
            vendor=vendor, created_by=actor if is_person(actor) else None, **fields
        )


def voucher_update(*, actor, voucher: Voucher, data: VoucherInput) -> Voucher:
    _require_may_manage(actor, voucher.vendor)
    with transaction.atomic():
        voucher = lock_voucher(voucher.pk)
        for name, value in _clean(data, instance=voucher).items():
            setattr(voucher, name, value)
        voucher.save()
        return voucher


def voucher_take(*, code: str, parts: list[Part], user, email: str, has_ordered_before) -> Discount:
    """Inside the caller's (completion) transaction: lock the voucher, check every rule on
    the row as it is now, and return its discount on `parts`; a ServiceError with
    VOUCHER_INVALID or VOUCHER_USED_UP when it may not be used. Record the use with
    `voucher_redemption_record` once the order exists."""
    voucher = lock_voucher_by_code(normalize_code(code))
    problem = voucher_problem(voucher, parts) or usage_problem(
        voucher, user=user, email=email, has_ordered_before=has_ordered_before
    )
    if problem is not None:
        raise ServiceError(problem)
    return discount_for(voucher, parts)


def voucher_redemption_record(*, discount: Discount, order, user, email: str) -> VoucherRedemption:
    """The use of a voucher taken by `voucher_take` in this same transaction."""
    Voucher.objects.filter(pk=discount.voucher.pk).update(times_used=F("times_used") + 1)
    return VoucherRedemption.objects.create(
        voucher=discount.voucher, order=order, user=user, email=email, amount=discount.amount
    )


def voucher_release(*, order) -> int:
    """Give back the uses `order` took (it was cancelled or expired unpaid): the number given
    back. Idempotent: a use given back is gone."""
    with transaction.atomic():
        redemptions = list(VoucherRedemption.objects.filter(order=order).order_by("voucher_id"))
        if not redemptions:
            return 0
        vouchers = [r.voucher_id for r in redemptions]
        lock_vouchers(vouchers)
        Voucher.objects.filter(pk__in=vouchers, times_used__gt=0).update(
            times_used=F("times_used") - 1
        )
        VoucherRedemption.objects.filter(pk__in=[r.pk for r in redemptions]).delete()
        return len(redemptions)
