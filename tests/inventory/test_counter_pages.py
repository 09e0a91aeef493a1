"""The counter's VietQR step, receipt and end-of-day report, and the console's settings."""

import pytest
from django.urls import reverse

from inventory.models import PosSale, ShowroomBankAccount
from tests.factories import AgreementFactory, ProductVariantFactory, VendorFactory
from tests.inventory.helpers import quantity_at

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_producers(showroom):
    from inventory.models import Stock
    from inventory.services import ledger

    variants = []
    for n, (sku, gtin) in enumerate((("CHE-1", "8935001234567"), ("MIEN-1", "8935001230002"))):
        vendor = VendorFactory(name=f"HTX số {n + 1}")
        AgreementFactory(vendor=vendor, showroom=showroom, commission_rate=10 + 5 * n)
        variants.append(ProductVariantFactory(product__vendor=vendor, sku=sku, gtin=gtin,
                                              price=100_000))  # fmt: skip
    ledger.stock_open(stocks_with_quantities=[
        (Stock.objects.create(variant=v, location=showroom), 10) for v in variants])  # fmt: skip
    return variants


def form(**fields):
    data = {"sale": "quay-vietqr-1", "paid_with": "vietqr"}
    for i in range(6):
        data.update({f"sku-{i}": "", f"quantity-{i}": "", f"unit_price-{i}": ""})
    data.update(fields)
    return data


def test_vietqr_shows_the_code_then_records_once(client, clerk, showroom, two_producers):
    ShowroomBankAccount.objects.create(
        location=showroom, bank_bin="970436", account_number="0011001234567", account_name="TT"
    )
    client.force_login(clerk)
    url = reverse("showroom:sale", args=[showroom.pk])
    # A scanned barcode stands for its SKU.
    data = form(**{"sku-0": "8935001234567", "quantity-0": "1", "sku-1": "MIEN-1",
                   "quantity-1": "2"})  # fmt: skip

    review = client.post(url, {**data, "action": "review"})
    html = review.content.decode()
    assert review.status_code == 200 and "<svg" in html and "OCOPQUAYVIETQR1" in html
    assert 'value="quay-vietqr-1"' in html  # the same sale id, to record it next
    assert not PosSale.objects.exists()

    for _ in range(2):  # recorded once, even submitted twice
        client.post(url, {**data, "action": "record"})
    sale = PosSale.objects.get()
    assert (sale.paid_with, sale.total) == ("vietqr", 300_000)
    assert quantity_at(showroom, two_producers[0]) == 9
    assert quantity_at(showroom, two_producers[1]) == 8

    receipt = client.get(reverse("showroom:receipt", args=[showroom.pk, sale.pk]))
    text = receipt.content.decode()
    assert "HTX số 1" in text and "HTX số 2" in text and "300.000" in text


def test_cash_records_the_change_due(client, clerk, showroom, two_producers):
    client.force_login(clerk)
    url = reverse("showroom:sale", args=[showroom.pk])
    client.post(url, form(paid_with="cash", tendered="500.000", **{"sku-0": "CHE-1"}))
    sale = PosSale.objects.get()
    assert sale.cash_tendered == 500_000 and sale.change_due == 400_000


def test_the_end_of_day_report_splits_by_producer_and_exports_csv(
    client, clerk, showroom, two_producers
):
    client.force_login(clerk)
    client.post(reverse("showroom:sale", args=[showroom.pk]),
                form(**{"sku-0": "CHE-1", "sku-1": "MIEN-1", "quantity-1": "2"}))  # fmt: skip
    page = client.get(reverse("showroom:report", args=[showroom.pk])).content.decode()
    assert "HTX số 1" in page and "90.000" in page and "170.000" in page  # owed after 10%, 15%
    csv = client.get(reverse("showroom:report-csv", args=[showroom.pk])).content.decode("utf-8")
    assert csv.startswith("\ufeff") and "HTX số 2,2,200000,15,30000,170000" in csv


def test_only_a_manager_sets_the_bank_account(client, clerk, manager, showroom):
    url = reverse("showroom:settings", args=[showroom.pk])
    data = {"action": "bank", "bank_bin": "970436", "account_number": "0011001234567",
            "account_name": "Trung tâm XTTM"}  # fmt: skip
    client.force_login(clerk)
    assert client.post(url, data).status_code == 403
    client.force_login(manager)
    assert client.post(url, data).status_code == 302
    assert ShowroomBankAccount.objects.get().account_name == "TRUNG TÂM XTTM"
    bad = client.post(url, {**data, "bank_bin": "97"})
    assert bad.status_code == 400 and "6 chữ số" in bad.content.decode()  # the page is Vietnamese
