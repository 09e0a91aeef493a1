import pytest
import responses

from inventory.connectors import base as connector_base
from inventory.models import ShowroomOperatorMember
from tests.factories import (
    AgreementFactory,
    OperatorMemberFactory,
    PosConnectionFactory,
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


@pytest.fixture
def pauses(monkeypatch):
    """Every pause a connector takes (backoff, Retry-After, rate limits), instead of sleeping."""
    taken: list[float] = []
    monkeypatch.setattr(connector_base, "pause", taken.append)
    return taken


@pytest.fixture
def http():
    """`responses`, strict: a call to a URL no test registered fails the test."""
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock


@pytest.fixture
def pos_variants(vendor, other_vendor, agreement):
    """Two variants of the producer held at the showroom (CHE-1 with a barcode, MO-1) and one
    of another producer without an agreement there (KHAC-1)."""
    return {
        "CHE-1": ProductVariantFactory(product__vendor=vendor, sku="CHE-1", gtin="8935001234567"),
        "MO-1": ProductVariantFactory(product__vendor=vendor, sku="MO-1"),
        "KHAC-1": ProductVariantFactory(product__vendor=other_vendor, sku="KHAC-1"),
    }


@pytest.fixture
def make_connection(showroom):
    def make(provider="kiotviet", **fields):
        defaults = {"branch_id": {"kiotviet": "1", "sapo": "501", "haravan": "1007284"}[provider]}
        return PosConnectionFactory(location=showroom, provider=provider, **{**defaults, **fields})

    return make
