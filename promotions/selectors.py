"""Reads of vouchers: find one by the code a shopper typed, and check that it may be used.

The checks come in two sets. `voucher_problem` needs nothing but the voucher and the parts
(active, in its period, for a producer in the cart, the minimum order): the checkout shows its
discount only while they pass. `usage_problem` counts uses (overall, this shopper's, whether
they ordered before) and runs when the code is applied and again, on the locked voucher row,
inside the completion transaction."""

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.core.errors import ErrorCode, FieldError
from marketplace.core.money import format_vnd
from promotions.models import Voucher, VoucherRedemption
from promotions.pricing import Part, applicable_parts

FIELD = "code"


def normalize_code(code: str) -> str:
    return "".join((code or "").split()).upper()


def voucher_by_code(code: str) -> Voucher | None:
    code = normalize_code(code)
    if not code:
        return None
    return Voucher.objects.select_related("vendor").filter(code=code).first()


def _invalid(message) -> FieldError:
    return FieldError(ErrorCode.VOUCHER_INVALID, str(message), FIELD)


def voucher_problem(voucher: Voucher | None, parts: list[Part], *, now=None) -> FieldError | None:
    """Why `voucher` does not apply to these parts now (VOUCHER_INVALID), or None."""
    now = now or timezone.now()
    if voucher is None:
        return _invalid(_("This voucher code does not exist."))
    if not voucher.is_active:
        return _invalid(_("The voucher %(code)s is no longer offered.") % {"code": voucher.code})
    if voucher.starts_at is not None and now < voucher.starts_at:
        return _invalid(
            _("The voucher %(code)s can be used from %(date)s.")
            % {
                "code": voucher.code,
                "date": timezone.localtime(voucher.starts_at).strftime("%d/%m/%Y %H:%M"),
            }
        )
    if voucher.ends_at is not None and now >= voucher.ends_at:
        return _invalid(_("The voucher %(code)s has expired.") % {"code": voucher.code})
    applicable = applicable_parts(voucher, parts)
    if not applicable:
        return _invalid(
            _("The voucher %(code)s is only for products of %(vendor)s.")
            % {"code": voucher.code, "vendor": voucher.vendor.name}
        )
    base = sum(part.subtotal for part in applicable)
    if base < voucher.min_order:
        if voucher.vendor_id is None:
            message = _("The voucher %(code)s needs an order of at least %(min)s in goods.")
        else:
            message = _("The voucher %(code)s needs at least %(min)s of %(vendor)s's products.")
        return _invalid(
            message
            % {
                "code": voucher.code,
                "min": format_vnd(voucher.min_order),
                "vendor": voucher.vendor.name if voucher.vendor_id else "",
            }
        )
    return None


def shopper_uses(voucher: Voucher, *, user, email: str) -> int:
    """This shopper's uses of `voucher`: by their account, or by e-mail for a guest."""
    if user is not None:
        who = Q(user=user)
    elif email:
        who = Q(user__isnull=True, email__iexact=email)
    else:
        return 0
    return VoucherRedemption.objects.filter(who, voucher=voucher).count()


def usage_problem(voucher: Voucher, *, user, email: str, has_ordered_before) -> FieldError | None:
    """Why this shopper may not use `voucher` (any more), or None. `has_ordered_before` is a
    callable, asked only for a first-order voucher (the orders app answers it)."""
    if voucher.usage_limit is not None and voucher.times_used >= voucher.usage_limit:
        return FieldError(
            ErrorCode.VOUCHER_USED_UP,
            _("The voucher %(code)s has been used up.") % {"code": voucher.code},
            FIELD,
        )
    if voucher.per_shopper_limit is not None and (
        shopper_uses(voucher, user=user, email=email) >= voucher.per_shopper_limit
    ):
        return FieldError(
            ErrorCode.VOUCHER_USED_UP,
            _("You have already used the voucher %(code)s as many times as it allows.")
            % {"code": voucher.code},
            FIELD,
        )
    if voucher.first_order_only and has_ordered_before():
        return _invalid(
            _("The voucher %(code)s is for a first order only.") % {"code": voucher.code}
        )
    return None


def vouchers_of_producer(vendor) -> list[Voucher]:
    return list(Voucher.objects.filter(vendor=vendor).order_by("-created_at", "-pk"))
