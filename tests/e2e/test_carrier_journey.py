"""The delivery journey with the real GHN and GHTK connectors, their HTTP answered by a stub
in the shape of the carriers' documented answers (tests/orders/carriers/fixtures): a shopper
in Cần Thơ and one in Hà Nội are quoted different fees for the same cart by both carriers;
the producer books the parcel ("Tạo vận đơn"), GHN's webhooks carry it to delivered, and the
shopper's order page shows each step with the tracking link.

GHN's master data (provinces, districts, wards) is served for the communes the test uses, from
their pre-2025 names (orders.carriers.addresses), so the ids GHN is asked about follow from the
mapping the connectors really use."""

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import responses
from django.core.cache import cache
from django.urls import reverse

from marketplace.geography.models import Commune
from orders.carriers.addresses import legacy_units
from orders.models import CarrierAccount, OrderEvent, Shipment, ShippingMethod, VendorOrder
from orders.selectors import delivery_groups
from orders.services import fulfilment
from orders.services.checkout import (
    LineInput,
    checkout_create,
    checkout_delivery_method_update,
    checkout_for,
    checkout_shipping_address_update,
)
from orders.services.complete import checkout_complete
from tests.orders.fulfilment_support import member
from tests.orders.helpers import hanoi, variant_in_stock

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parents[1] / "orders" / "carriers" / "fixtures"
GHN = "https://online-gateway.ghn.vn/shiip/public-api"
GHTK = "https://services.giaohangtietkiem.vn"
SHOP_ID = 81558


def fixture(carrier: str, name: str) -> dict:
    return json.loads((FIXTURES / carrier / name).read_text())


def can_tho() -> Commune:
    return Commune.objects.filter(province__name__icontains="Cần Thơ").order_by("code").first()


class CarrierStub:
    """GHN and GHTK over HTTP: master data for `communes`, fees by the recipient's province
    (`fees`: legacy province name → (GHN fee, GHTK fee)), shipments and labels."""

    def __init__(self, mock: responses.RequestsMock, communes, fees):
        self.fees, self.fee_requests = fees, []
        self.provinces, self.districts, self.wards = {}, {}, {}
        for commune in communes:
            unit = legacy_units(commune.code)[0]
            province = self.provinces.setdefault(unit.province_name, 201 + len(self.provinces))
            district = self.districts.setdefault(
                (province, unit.district_name), 1400 + len(self.districts)
            )
            self.wards.setdefault((district, unit.ward_name), f"{900000 + len(self.wards)}")
        self.province_names = {pid: name for name, pid in self.provinces.items()}
        self.district_province = {did: pid for (pid, _name), did in self.districts.items()}
        post = mock.add_callback
        post("POST", f"{GHN}/master-data/province", callback=self.ghn_provinces)
        post("POST", f"{GHN}/master-data/district", callback=self.ghn_districts)
        post("POST", f"{GHN}/master-data/ward", callback=self.ghn_wards)  # ?district_id=
        mock.add(
            "POST",
            f"{GHN}/v2/shipping-order/available-services",
            json=fixture("ghn", "available_services.json"),
        )
        post("POST", f"{GHN}/v2/shipping-order/fee", callback=self.ghn_fee)
        post("POST", f"{GHN}/v2/shipping-order/leadtime", callback=self.ghn_leadtime)
        mock.add("POST", f"{GHN}/v2/shipping-order/create", json=fixture("ghn", "create.json"))
        post("GET", f"{GHTK}/services/shipment/fee", callback=self.ghtk_fee)
        self.mock = mock

    def urls(self) -> list[str]:
        return [call.request.url for call in self.mock.calls]

    @staticmethod
    def answer(data):
        return (
            200,
            {"Content-Type": "application/json"},
            json.dumps({"code": 200, "message": "Success", "data": data}),
        )

    def ghn_provinces(self, request):
        rows = [{"ProvinceID": pid, "ProvinceName": name} for name, pid in self.provinces.items()]
        return self.answer(rows)

    def ghn_districts(self, request):
        province = json.loads(request.body)["province_id"]
        rows = [
            {"DistrictID": did, "ProvinceID": pid, "DistrictName": name}
            for (pid, name), did in self.districts.items()
            if pid == province
        ]
        return self.answer(rows)

    def ghn_wards(self, request):
        district = int(parse_qs(urlsplit(request.url).query)["district_id"][0])
        rows = [
            {"WardCode": code, "DistrictID": did, "WardName": name}
            for (did, name), code in self.wards.items()
            if did == district
        ]
        return self.answer(rows)

    def ghn_fee(self, request):
        body = json.loads(request.body)
        province = self.province_names[self.district_province[body["to_district_id"]]]
        self.fee_requests.append(("ghn", province, body["weight"]))
        fee = fixture("ghn", "fee_can_tho.json")["data"]
        return self.answer({**fee, "total": self.fees[province][0]})

    def ghn_leadtime(self, request):
        expected = datetime.now(UTC) + timedelta(days=2)
        return self.answer({"leadtime": int(expected.timestamp()), "order_date": 0})

    def ghtk_fee(self, request):
        query = {k: v[0] for k, v in parse_qs(urlsplit(request.url).query).items()}
        self.fee_requests.append(("ghtk", query["province"], int(query["weight"])))
        answer = fixture("ghtk", "fee_can_tho.json")
        answer["fee"]["fee"] = self.fees[query["province"]][1]
        return 200, {"Content-Type": "application/json"}, json.dumps(answer)


@pytest.fixture
def shop(settings):
    """A producer (in Hà Nội) with a GHN and a GHTK account, a method priced by each, and a
    tea of 500 g at 90.000 ₫."""
    cache.clear()
    settings.CARRIERS = {}  # the real connectors
    tea = variant_in_stock(price=90_000, weight_grams=500)
    vendor = tea.vendor
    vendor.commune, vendor.street_address = hanoi(), "5 Phố Hàng Bông"
    vendor.save(update_fields=["commune", "street_address"])
    ghn = CarrierAccount.objects.create(
        vendor=vendor,
        carrier="ghn",
        credentials={"token": "ghn-token-secret", "shop_id": SHOP_ID},
    )
    ghtk = CarrierAccount.objects.create(
        vendor=vendor,
        carrier="ghtk",
        credentials={"token": "ghtk-token-secret", "webhook_hash": "ghtk-hash"},
    )
    ShippingMethod.objects.create(
        vendor=vendor, name="GHN Hàng nhẹ", carrier_account=ghn, carrier_service="2"
    )
    ShippingMethod.objects.create(
        vendor=vendor, name="GHTK Đường bộ", carrier_account=ghtk, carrier_service="road"
    )
    return tea, ghn


@pytest.fixture
def stub():
    communes = [hanoi(), can_tho()]
    fees = {
        legacy_units(hanoi().code)[0].province_name: (22_000, 22_500),
        legacy_units(can_tho().code)[0].province_name: (41_000, 38_000),
    }
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield CarrierStub(mock, communes, fees)


def checkout_in(tea, commune, *, quantity=2):
    checkout = checkout_create(
        actor=None, email="lan@example.vn", lines=[LineInput(tea.pk, quantity)]
    )
    return checkout_shipping_address_update(
        actor=None,
        checkout=checkout,
        full_name="Trần Thị Lan",
        phone="0912345678",
        street_address="8 Đường 30/4",
        commune=commune,
    )


def quoted(checkout) -> dict[str, int]:
    (group,) = delivery_groups(checkout_for(actor=None, token=checkout.token), fetch_quotes=True)
    return {option.name: option.price for option in group.options}


def test_can_tho_and_hanoi_are_quoted_different_fees_by_ghn_and_ghtk(shop, stub):
    tea, _ghn = shop
    in_can_tho = quoted(checkout_in(tea, can_tho()))
    in_hanoi = quoted(checkout_in(tea, hanoi()))
    assert (in_can_tho["GHN Hàng nhẹ"], in_hanoi["GHN Hàng nhẹ"]) == (41_000, 22_000)
    assert (in_can_tho["GHTK Đường bộ"], in_hanoi["GHTK Đường bộ"]) == (38_000, 22_500)
    # Each carrier was asked once per address, for the cart's 2 × 500 g.
    can_tho_old = legacy_units(can_tho().code)[0].province_name
    hanoi_old = legacy_units(hanoi().code)[0].province_name
    assert sorted(stub.fee_requests) == sorted(
        [
            ("ghn", can_tho_old, 1_000),
            ("ghtk", can_tho_old, 1_000),
            ("ghn", hanoi_old, 1_000),
            ("ghtk", hanoi_old, 1_000),
        ]
    )
    quoted(checkout_in(tea, can_tho()))  # the same address and weight: from the cache
    assert len(stub.fee_requests) == 4


def ghn_webhook(client, account, waybill, status, at):
    body = {**fixture("ghn", "webhook_delivered.json"), "OrderCode": waybill}
    body.update({"Status": status, "Time": at, "ShopID": SHOP_ID, "Type": "switch_status"})
    url = reverse("carrier-webhook", args=[account.carrier, account.webhook_key])
    return client.post(url, json.dumps(body), content_type="application/json")


def test_the_producer_books_ghn_and_its_webhooks_deliver_the_parcel_to_the_timeline(
    shop, stub, client
):
    tea, ghn = shop
    checkout = checkout_in(tea, can_tho())
    method = ShippingMethod.objects.get(carrier_account=ghn)
    assert quoted(checkout)["GHN Hàng nhẹ"] == 41_000
    checkout = checkout_delivery_method_update(
        actor=None,
        checkout=checkout_for(actor=None, token=checkout.token),
        vendor_id=tea.vendor.pk,
        method=method,
    )
    order = checkout_complete(actor=None, checkout=checkout, payment_method="COD").order
    assert order.shipping_total == 41_000 and order.total == 180_000 + 41_000
    part = VendorOrder.objects.get(order=order)
    owner = member(tea.vendor)
    fulfilment.vendor_order_confirm(actor=owner, vendor_order=part)

    # "Tạo vận đơn" on the producer's orders page.
    client.force_login(owner)
    booked = client.post(reverse("dashboard:order-shipment", args=[part.pk]))
    assert booked.status_code == 302
    shipment = Shipment.objects.get(vendor_order=part)
    assert (shipment.carrier, shipment.waybill, shipment.fee) == ("ghn", "GA99W4RREB", 36_300)
    assert sum(url.endswith("/v2/shipping-order/create") for url in stub.urls()) == 1
    client.logout()

    # GHN's callbacks, one replayed: picked up, on the way, delivered.
    for status, at in [
        ("picked", "2026-12-07T02:00:00Z"),
        ("delivering", "2026-12-08T01:30:00Z"),
        ("delivering", "2026-12-08T01:30:00Z"),
        ("delivered", "2026-12-08T06:45:00Z"),
    ]:
        assert ghn_webhook(client, ghn, shipment.waybill, status, at).status_code == 200
    part.refresh_from_db()
    shipment.refresh_from_db()
    assert part.status == VendorOrder.Status.DELIVERED
    assert shipment.status == Shipment.Status.DELIVERED
    assert shipment.events.count() == 3  # the replay was recorded once
    assert OrderEvent.objects.filter(vendor_order=part, kind="cod_collected").exists()

    page = client.get(reverse("storefront:order", args=[order.token])).content.decode()
    assert "https://donhang.ghn.vn/?order_code=GA99W4RREB" in page
    for step in ("Đã giao", "GA99W4RREB"):
        assert step in page
