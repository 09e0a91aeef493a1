import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from inventory.models import ConsignmentAgreement
from inventory.selectors import agreement_in_force, consigned_vendor_ids
from inventory.services.consignment import consignment_agreement_create, consignment_agreement_end
from marketplace.core.errors import ErrorCode, ServiceError
from tests.factories import AgreementFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate
DAY = datetime.timedelta(days=1)


def create(actor, vendor, showroom, **overrides):
    fields = {"commission_rate": Decimal("12.5"), "starts_on": TODAY(), "ends_on": None}
    fields.update(overrides)
    return consignment_agreement_create(actor=actor, vendor=vendor, showroom=showroom, **fields)


def error_of(call):
    with pytest.raises(ServiceError) as error:
        call()
    return error.value.codes[0], error.value.errors[0].field


def test_staff_create_an_agreement(staff, vendor, showroom):
    agreement = create(staff, vendor, showroom, commission_rate="10")
    assert (agreement.commission_rate, agreement.created_by, agreement.is_active) == (
        Decimal("10.00"),
        staff,
        True,
    )
    assert agreement_in_force(vendor_id=vendor.pk, showroom_id=showroom.pk) == agreement
    assert consigned_vendor_ids(location=showroom) == {vendor.pk}


@pytest.mark.parametrize("who", ["owner", "manager", "clerk"])
def test_only_staff_create(request, vendor, showroom, who):
    actor = request.getfixturevalue(who)
    assert error_of(lambda: create(actor, vendor, showroom))[0] == ErrorCode.PERMISSION_DENIED


@pytest.mark.parametrize("rate", ["-0.01", "100.01", "abc", None, "12.345", "NaN"])
def test_the_commission_is_0_to_100(staff, vendor, showroom, rate):
    assert error_of(lambda: create(staff, vendor, showroom, commission_rate=rate)) == (
        ErrorCode.INVALID,
        "commission_rate",
    )


@pytest.mark.parametrize("rate", ["0", "100", Decimal("33.33"), 7])
def test_the_bounds_are_allowed(staff, vendor, showroom, rate):
    assert create(staff, vendor, showroom, commission_rate=rate).commission_rate == Decimal(rate)


def test_it_cannot_end_before_it_starts(staff, vendor, showroom):
    assert error_of(lambda: create(staff, vendor, showroom, ends_on=TODAY() - DAY)) == (
        ErrorCode.INVALID,
        "ends_on",
    )


def test_at_showrooms_only(staff, vendor, warehouse):
    assert error_of(lambda: create(staff, vendor, warehouse))[1] == "showroom_id"


def test_one_active_agreement_per_pair(staff, vendor, showroom):
    create(staff, vendor, showroom)
    assert error_of(lambda: create(staff, vendor, showroom)) == (ErrorCode.UNIQUE, "showroom_id")


def test_a_run_out_agreement_makes_way_for_a_new_one(staff, vendor, showroom):
    old = AgreementFactory(
        vendor=vendor, showroom=showroom, starts_on=TODAY() - 30 * DAY, ends_on=TODAY() - DAY
    )
    new = create(staff, vendor, showroom)
    old.refresh_from_db()
    assert not old.is_active and new.is_active


def test_a_future_agreement_is_not_yet_in_force(staff, vendor, showroom):
    create(staff, vendor, showroom, starts_on=TODAY() + DAY)
    assert agreement_in_force(vendor_id=vendor.pk, showroom_id=showroom.pk) is None
    assert agreement_in_force(vendor_id=vendor.pk, showroom_id=showroom.pk, on=TODAY() + DAY)


def test_ending_an_agreement(staff, owner, agreement, showroom):
    with pytest.raises(ServiceError):
        consignment_agreement_end(actor=owner, agreement=agreement)
    ended = consignment_agreement_end(actor=staff, agreement=agreement)
    assert (ended.ends_on, ended.is_active) == (TODAY(), False)
    assert consigned_vendor_ids(location=showroom) == set()


def test_ending_later_keeps_it_in_force_until_then(staff, agreement, vendor, showroom):
    ended = consignment_agreement_end(actor=staff, agreement=agreement, ends_on=TODAY() + 7 * DAY)
    assert ended.is_active and ended.is_in_force()
    assert not ended.is_in_force(TODAY() + 8 * DAY)
    assert error_of(
        lambda: consignment_agreement_end(actor=staff, agreement=agreement, ends_on=TODAY() - DAY)
    ) == (ErrorCode.INVALID, "ends_on")


def test_a_warehouse_holds_its_producers_goods(warehouse, vendor):
    assert consigned_vendor_ids(location=warehouse) == {vendor.pk}
    assert ConsignmentAgreement.objects.count() == 0
