import pytest

from inventory.access import (
    actor_fields,
    can_access_location,
    can_manage_location,
    is_device,
    require_location_access,
    require_location_manager,
)
from inventory.models import ShowroomOperatorMember
from inventory.selectors import locations_of
from marketplace.core.errors import PermissionDeniedError
from tests.factories import (
    OperatorMemberFactory,
    ShowroomFactory,
    UserFactory,
    VendorMemberFactory,
    WarehouseFactory,
    location_token,
)
from vendors.models import VendorMember
from vendors.selectors import member_role, vendors_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(showroom, warehouse, vendor, staff):
    other_showroom = ShowroomFactory()
    member = lambda role: VendorMemberFactory(vendor=vendor, role=role).user  # noqa: E731
    return {
        "clerk": OperatorMemberFactory(operator=showroom.operator).user,
        "manager": OperatorMemberFactory(
            operator=showroom.operator, role=ShowroomOperatorMember.Role.MANAGER
        ).user,
        "other operator": OperatorMemberFactory(
            operator=other_showroom.operator, role=ShowroomOperatorMember.Role.MANAGER
        ).user,
        "producer owner": member(VendorMember.Role.OWNER),
        "producer manager": member(VendorMember.Role.MANAGER),
        "producer staff": member(VendorMember.Role.STAFF),
        "staff": staff,
        "stranger": UserFactory(),
        "anonymous": None,
        "showroom device": location_token(showroom)[0],
        "warehouse device": location_token(warehouse)[0],
    }


# who: (access showroom, manage showroom, access warehouse, manage warehouse)
MATRIX = {
    "clerk": (True, False, False, False),
    "manager": (True, True, False, False),
    "other operator": (False, False, False, False),
    "producer owner": (False, False, True, True),
    "producer manager": (False, False, True, True),
    "producer staff": (False, False, True, False),
    "staff": (True, True, True, True),
    "stranger": (False, False, False, False),
    "anonymous": (False, False, False, False),
    "showroom device": (True, False, False, False),
    "warehouse device": (False, False, True, False),
}


@pytest.mark.parametrize("who", MATRIX)
def test_access_matrix(people, showroom, warehouse, who):
    actor = people[who]
    got = (
        can_access_location(actor, showroom),
        can_manage_location(actor, showroom),
        can_access_location(actor, warehouse),
        can_manage_location(actor, warehouse),
    )
    assert got == MATRIX[who]
    for allowed, check, location in (
        (got[0], require_location_access, showroom),
        (got[1], require_location_manager, showroom),
        (got[2], require_location_access, warehouse),
        (got[3], require_location_manager, warehouse),
    ):
        if allowed:
            check(actor, location)
        else:
            with pytest.raises(PermissionDeniedError):
                check(actor, location)


def test_a_producer_member_reaches_its_own_warehouses_only(people, vendor):
    foreign = WarehouseFactory()
    assert not can_access_location(people["producer owner"], foreign)


def test_a_deactivated_person_reaches_nothing(people, showroom):
    clerk = people["clerk"]
    clerk.is_active = False
    clerk.save()
    assert not can_access_location(clerk, showroom)


def test_a_revoked_token_or_an_inactive_location_shuts_the_device_out(people, showroom):
    device = people["showroom device"]
    showroom.is_active = False
    assert not can_access_location(device, showroom)
    showroom.is_active = True
    device.revoked_at = device.created_at
    assert not can_access_location(device, showroom)


def test_a_device_never_acts_as_a_person(people, vendor):
    device = people["warehouse device"]
    assert is_device(device) and not is_device(people["clerk"])
    assert member_role(device, vendor) is None
    assert not vendors_of(device).exists()
    assert actor_fields(device) == {"actor_user": None, "actor_token": device}
    assert actor_fields(people["clerk"]) == {"actor_user": people["clerk"], "actor_token": None}
    assert actor_fields(None) == {"actor_user": None, "actor_token": None}


def test_locations_of(people, showroom, warehouse):
    assert set(locations_of(people["clerk"])) == {showroom}
    assert set(locations_of(people["producer staff"])) == {warehouse}
    assert set(locations_of(people["showroom device"])) == {showroom}
    assert set(locations_of(people["stranger"])) == set()
    assert set(locations_of(None)) == set()
    assert showroom in locations_of(people["staff"]) and warehouse in locations_of(people["staff"])
    both = people["producer owner"]
    OperatorMemberFactory(operator=showroom.operator, user=both)
    assert set(locations_of(both)) == {showroom, warehouse}
