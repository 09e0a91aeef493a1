import pytest

from inventory.models import ShowroomOperatorMember
from tests.factories import (
    AgreementFactory,
    OperatorMemberFactory,
    ProductVariantFactory,
    ShowroomFactory,
    WarehouseFactory,
    location_token,
)


@pytest.fixture
def showroom(db):
    return ShowroomFactory()


@pytest.fixture
def clerk(showroom):
    return OperatorMemberFactory(operator=showroom.operator).user


@pytest.fixture
def manager(showroom):
    return OperatorMemberFactory(
        operator=showroom.operator, role=ShowroomOperatorMember.Role.MANAGER
    ).user


@pytest.fixture
def agreement(vendor, showroom):
    return AgreementFactory(vendor=vendor, showroom=showroom)


@pytest.fixture
def warehouse(vendor):
    return WarehouseFactory(vendor=vendor)


@pytest.fixture
def device(showroom):
    """(token, raw) for a device of the showroom."""
    return location_token(showroom)


@pytest.fixture
def make_variants(vendor):
    def make(n, *, owner=None, prefix="CHE"):
        return [
            ProductVariantFactory(product__vendor=owner or vendor, sku=f"{prefix}-{i:05d}")
            for i in range(n)
        ]

    return make
