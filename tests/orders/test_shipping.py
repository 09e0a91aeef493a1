import pytest

from marketplace.core.errors import ErrorCode, ServiceError
from orders.models import ShippingMethod
from orders.services.shipping import shipping_method_create
from tests.factories import UserFactory, VendorFactory, VendorMemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner():
    return VendorMemberFactory().user


def create(owner, **fields):
    vendor = owner.vendor_memberships.get().vendor
    return shipping_method_create(actor=owner, vendor=vendor, name="GHTK", **fields)


def test_a_producer_creates_a_zoned_method_priced_by_weight(owner):
    method = create(owner, provinces=["01", "14"], weight_brackets=[[1000, 20_000], [3000, 35_000]])
    assert not method.is_nationwide
    assert sorted(method.provinces.values_list("code", flat=True)) == ["01", "14"]
    assert method.price_for(subtotal=100_000, weight_grams=2500) == 35_000
    assert create(owner, flat_price=30_000).is_nationwide


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"flat_price": -1}, "flat_price"),
        ({"weight_brackets": [[1000, 20_000], [800, 30_000]]}, "weight_brackets"),
        ({"min_days": 5, "max_days": 2}, "max_days"),
        ({"free_above": 1.5}, "free_above"),
    ],
)
def test_bad_values_are_refused_and_nothing_is_created(owner, fields, field):
    with pytest.raises(ServiceError) as caught:
        create(owner, **fields)
    assert caught.value.errors[0].field == field
    assert not ShippingMethod.objects.exists()


def test_only_the_producers_people_set_its_shipping():
    with pytest.raises(ServiceError) as caught:
        shipping_method_create(actor=UserFactory(), vendor=VendorFactory(), name="GHN")
    assert caught.value.codes == [ErrorCode.PERMISSION_DENIED]
