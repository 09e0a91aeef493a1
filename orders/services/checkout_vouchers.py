"""A voucher on a checkout: the shopper applies a code (checked now, every rule, so that the
error shows where they typed it) or removes it. The discount itself is computed from the
checkout's lines whenever it is shown (`orders.selectors.checkout_discount`), and the code is
checked again, on the locked voucher row, when the checkout is completed."""

from django.db import transaction
from django.utils.translation import gettext as _

from marketplace.core.errors import ErrorCode, ServiceError
from orders.models import Checkout
from orders.selectors import delivery_groups, has_ordered_before, parts_of
from orders.services.checkout import _locked
from promotions.pricing import discount_for
from promotions.selectors import normalize_code, usage_problem, voucher_by_code, voucher_problem


def checkout_voucher_apply(*, actor, checkout: Checkout, code: str) -> Checkout:
    """Check `code` against this checkout and shopper and keep it on the checkout."""
    if not normalize_code(code):
        raise ServiceError.single(ErrorCode.REQUIRED, _("Enter a voucher code."), "code")
    with transaction.atomic():
        checkout = _locked(actor, checkout)
        voucher = voucher_by_code(code)
        user = checkout.user if checkout.user_id else None
        parts = parts_of(delivery_groups(checkout))
        problem = voucher_problem(voucher, parts) or usage_problem(
            voucher,
            user=user,
            email=checkout.email,
            has_ordered_before=lambda: has_ordered_before(user=user, email=checkout.email),
        )
        if problem is not None:
            raise ServiceError(problem)
        checkout.voucher_code = voucher.code
        checkout.save(update_fields=["voucher_code", "updated_at"])
        # The response shows this discount: handed over rather than the voucher read again.
        checkout._discount, checkout._voucher_problem = discount_for(voucher, parts), None
        return checkout


def checkout_voucher_remove(*, actor, checkout: Checkout) -> Checkout:
    with transaction.atomic():
        checkout = _locked(actor, checkout)
        if checkout.voucher_code:
            checkout.voucher_code = ""
            checkout.save(update_fields=["voucher_code", "updated_at"])
        return checkout
