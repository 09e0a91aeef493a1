"""Consignment agreements: which producers' goods a showroom may hold, and its commission."""

import datetime
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from inventory.lock_objects import lock_active_agreement, lock_agreement
from inventory.models import ConsignmentAgreement, Location
from marketplace.core.errors import ErrorCode, ServiceError
from marketplace.core.permissions import require_staff


def _invalid(message, field) -> ServiceError:
    return ServiceError.single(ErrorCode.INVALID, message, field)


def _clean_rate(value) -> Decimal:
    try:
        rate = Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        rate = None
    if rate is None or not rate.is_finite() or not Decimal(0) <= rate <= Decimal(100):
        raise _invalid(_("The commission is a percentage from 0 to 100."), "commission_rate")
    if rate != rate.quantize(Decimal("0.01")):
        raise _invalid(_("The commission has at most two decimals."), "commission_rate")
    return rate.quantize(Decimal("0.01"))


def consignment_agreement_create(
    *, actor, vendor, showroom, commission_rate, starts_on, ends_on=None
) -> ConsignmentAgreement:
    require_staff(actor)
    rate = _clean_rate(commission_rate)
    if showroom.kind != Location.Kind.SHOWROOM:
        raise _invalid(_("Consignment is only at showrooms."), "showroom_id")
    if not isinstance(starts_on, datetime.date):
        raise ServiceError.single(ErrorCode.REQUIRED, _("Give a start date."), "starts_on")
    if ends_on is not None and ends_on < starts_on:
        raise _invalid(_("An agreement cannot end before it starts."), "ends_on")
    try:
        with transaction.atomic():
            current = lock_active_agreement(vendor, showroom)
            if current is not None:
                # One that has already run out stops blocking a new one.
                if current.ends_on is not None and current.ends_on < starts_on:
                    current.is_active = False
                    current.save(update_fields=["is_active"])
                else:
                    raise _already_active()
            return ConsignmentAgreement.objects.create(
                vendor=vendor,
                showroom=showroom,
                commission_rate=rate,
                starts_on=starts_on,
                ends_on=ends_on,
                created_by=actor,
            )
    except IntegrityError:  # a concurrent create for the same pair
        raise _already_active() from None


def _already_active() -> ServiceError:
    return ServiceError.single(
        ErrorCode.UNIQUE,
        _("This producer already has an active agreement with this showroom."),
        "showroom_id",
    )


def consignment_agreement_end(*, actor, agreement, ends_on=None) -> ConsignmentAgreement:
    """End an agreement on `ends_on` (today by default). Ended today or earlier, it is no
    longer in force from now on; a later date leaves it in force until then."""
    require_staff(actor)
    today = timezone.localdate()
    ends_on = ends_on or today
    with transaction.atomic():
        agreement = lock_agreement(agreement)
        if ends_on < agreement.starts_on:
            raise _invalid(_("An agreement cannot end before it starts."), "ends_on")
        agreement.ends_on = (
            ends_on if agreement.ends_on is None else min(ends_on, agreement.ends_on)
        )
        if agreement.ends_on <= today:
            agreement.is_active = False
        agreement.save(update_fields=["ends_on", "is_active"])
        return agreement
