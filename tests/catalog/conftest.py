import pytest

from tests.factories import VendorMemberFactory
from vendors.models import VendorMember


@pytest.fixture
def manager(vendor):
    return VendorMemberFactory(vendor=vendor, role=VendorMember.Role.MANAGER).user


@pytest.fixture
def member_staff(vendor):
    """A member with the "staff" role: handles stock and orders, not listings."""
    return VendorMemberFactory(vendor=vendor, role=VendorMember.Role.STAFF).user
