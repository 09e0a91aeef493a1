"""The counter's VietQR step, receipt and end-of-day report, and the console's settings."""

import pytest
from django.urls import reverse

from inventory.models import PosSale, ShowroomBankAccount
from tests.factories import (
    AgreementFactory,
    OperatorMemberFactory,
    ProductVariantFactory,
    VendorFactory,
)
from tests.graphql.inventory_support import opened
from tests.inventory.helpers import quantity_at

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_producers(showroom):
    variants = []
    for n, (sku, gtin) in enumerate((("CHE-1", "8935001234567"), ("MIEN-1", "8935001230002"))):
        vendor = VendorFactory(name=f"HTX số {n + 1}")
        AgreementFactory(vendor=vendor, showroom=showroom, commission_rate=10 + 5 * n)
        variant = ProductVariantFactory(product__vendor=vendor, sku=sku, gtin=gtin, price=100_000)
        opened(showroom, variant, 10)
        variants.append(variant)
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


# The basket's +/− buttons and the name search, without JavaScript --------------------------


def test_plus_and_minus_post_the_form_and_stay_between_1_and_the_stock(
    client, clerk, showroom, two_producers
):
    client.force_login(clerk)
    url = reverse("showroom:sale", args=[showroom.pk])
    data = form(paid_with="cash", **{"sku-0": "CHE-1", "quantity-0": "9"})

    more = client.post(url, {**data, "action": "more:0"})
    assert more.status_code == 200 and 'name="quantity-0" value="10"' in more.content.decode()
    capped = client.post(url, {**data, "quantity-0": "10", "action": "more:0"})
    html = capped.content.decode()
    assert 'name="quantity-0" value="10"' in html  # 10 in stock: no 11th
    assert "Chỉ còn 10 CHE-1" in html  # said in Vietnamese, next to the form
    less = client.post(url, {**data, "quantity-0": "1", "action": "less:0"})
    assert 'name="quantity-0" value="1"' in less.content.decode()  # never below 1
    typed_over = client.post(url, {**data, "quantity-0": "25", "action": "less:0"})
    assert 'name="quantity-0" value="10"' in typed_over.content.decode()
    assert 'max="10"' in more.content.decode()  # the browser refuses more as well

    assert not PosSale.objects.exists()  # a step never records the sale
    assert quantity_at(showroom, two_producers[0]) == 10


def test_a_name_search_without_diacritics_finds_and_adds_a_product(
    client, clerk, showroom, two_producers
):
    for variant, name in zip(two_producers, ("Chè Shan tuyết", "Miến dong"), strict=True):
        variant.product.name = name
        variant.product.save()
    client.force_login(clerk)
    url = reverse("showroom:sale", args=[showroom.pk])

    found = client.post(url, {**form(paid_with="cash"), "action": "find", "q": "che tuyet"})
    html = found.content.decode()
    assert found.status_code == 200 and "Chè Shan tuyết" in html
    assert 'value="add:CHE-1"' in html and "add:MIEN-1" not in html
    added = client.post(url, {**form(paid_with="cash", **{"sku-0": "MIEN-1"}),
                              "action": "add:CHE-1"})  # fmt: skip
    html = added.content.decode()
    assert 'name="sku-0" value="MIEN-1"' in html and 'name="sku-1" value="CHE-1"' in html
    again = client.post(url, {**form(paid_with="cash", **{"sku-0": "CHE-1"}),
                              "action": "add:CHE-1"})  # fmt: skip
    assert 'name="quantity-0" value="2"' in again.content.decode()  # the same line, one more
    nothing = client.post(url, {**form(paid_with="cash"), "action": "find", "q": "khong co"})
    assert "Không tìm thấy sản phẩm nào." in nothing.content.decode()
    assert not PosSale.objects.exists()


def test_a_big_showroom_is_searched_on_the_server(client, clerk, showroom, two_producers):
    from inventory.models import Stock
    from tests.factories import ProductFactory

    vendor = two_producers[0].vendor
    product = ProductFactory(vendor=vendor, name="Miến dong Bình Liêu")
    extra = [ProductVariantFactory(product=product, sku=f"MIEN-D-{n:03d}") for n in range(500)]
    Stock.objects.bulk_create(Stock(location=showroom, variant=v) for v in extra)
    client.force_login(clerk)

    page = client.get(reverse("showroom:sale", args=[showroom.pk])).content.decode()
    assert 'data-catalogue-complete="false"' in page
    search = reverse("showroom:sale-search", args=[showroom.pk])
    answer = client.get(search, {"q": "mien dong binh"}).json()["results"]
    assert len(answer) == 20 and answer[0]["name"].startswith("Miến dong Bình Liêu")
    by_barcode = client.get(search, {"q": "8935001234567"}).json()["results"]
    assert [(r["sku"], r["available"], r["price"]) for r in by_barcode] == [("CHE-1", 10, 100_000)]
    assert client.get(search, {"q": ""}).json() == {"results": []}
    client.force_login(OperatorMemberFactory().user)  # another operator's clerk
    assert client.get(search, {"q": "mien"}).status_code == 403


# The producers' ledgers ---------------------------------------------------------------------


def test_a_counter_sale_is_in_each_producer_s_ledger_once_owed_by_the_showroom(
    client, clerk, showroom, two_producers
):
    from orders.earnings_selectors import vendor_balance, vendor_statements
    from orders.models import EarningsEntry

    client.force_login(clerk)
    url = reverse("showroom:sale", args=[showroom.pk])
    data = form(paid_with="cash", **{"sku-0": "CHE-1", "sku-1": "MIEN-1", "quantity-1": "2"})
    for _ in range(2):  # a double submit
        client.post(url, {**data, "action": "record"})

    tea_maker, noodle_maker = (variant.vendor for variant in two_producers)
    entries = sorted(
        EarningsEntry.objects.filter(vendor=noodle_maker).values_list("kind", "amount")
    )
    assert entries == [("showroom_collected", -170_000), ("showroom_commission", -30_000),
                       ("showroom_sale", 200_000)]  # fmt: skip
    assert EarningsEntry.objects.filter(vendor=tea_maker).count() == 3
    balance = vendor_balance(noodle_maker)
    # Earned, but the showroom holds the money: the platform owes nothing for it.
    assert (balance.earned, balance.held_by_showrooms, balance.balance) == (170_000, 170_000, 0)
    statement = vendor_statements(noodle_maker)[0]
    assert statement.sales == 200_000 and statement.closing_balance == 0


# Connecting a POS from the console ----------------------------------------------------------


SAPO = {"action": "connect", "provider": "sapo", "account": "diembanocop", "branch_id": "501",
        "mapping": "barcode", "push_sales": "1", "credential_access_token": "tok-bi-mat-123",
        "credential_webhook_secret": "ky-bi-mat-456"}  # fmt: skip


def test_a_manager_connects_a_pos_and_reads_its_webhook_address_never_its_secrets(
    client, manager, showroom, settings
):
    from inventory.models import PosConnection

    settings.SITE_URL = "https://sanocop.example"
    client.force_login(manager)
    url = reverse("showroom:settings", args=[showroom.pk])
    empty = client.get(url).content.decode()
    assert "địa chỉ webhook" in empty and "?connect=sapo" in empty
    form_page = client.get(url, {"connect": "sapo"}).content.decode()
    assert 'name="credential_access_token"' in form_page
    assert 'name="credential_client_id"' not in form_page  # KiotViet's, not Sapo's

    assert client.post(url, SAPO).status_code == 302
    connection = PosConnection.objects.get()
    saved = (connection.provider, connection.branch_id, connection.mapping)
    assert saved == ("sapo", "501", "barcode")
    assert connection.push_sales and connection.credentials["access_token"] == "tok-bi-mat-123"
    page = client.get(url).content.decode()
    assert f'value="https://sanocop.example/integrations/sapo/{connection.pk}/webhook/"' in page
    assert "(đã lưu)" in page
    assert "tok-bi-mat-123" not in page and "ky-bi-mat-456" not in page
    assert "?connect=sapo" not in page  # one connection per provider


def test_changing_a_connection_keeps_the_secrets_left_empty(client, manager, showroom):
    from tests.factories import PosConnectionFactory

    connection = PosConnectionFactory(location=showroom, provider="haravan", branch_id="7")
    client.force_login(manager)
    url = reverse("showroom:settings", args=[showroom.pk])
    change = {"action": "change", "connection": connection.pk, "account": "cuahang",
              "branch_id": "1007284", "mapping": "sku", "paused": "1",
              "credential_access_token": "", "credential_webhook_secret": "moi-moi"}  # fmt: skip

    assert client.post(url, change).status_code == 302

    connection.refresh_from_db()
    assert (connection.account, connection.branch_id, connection.status) == (
        "cuahang", "1007284", "paused")  # fmt: skip
    assert not connection.push_sales
    assert connection.credentials["access_token"] == "haravan-or-sapo-token"  # kept
    assert connection.credentials["webhook_secret"] == "moi-moi"


def test_a_refused_connection_says_why_and_creates_nothing(client, manager, clerk, showroom):
    from inventory.models import PosConnection

    url = reverse("showroom:settings", args=[showroom.pk])
    client.force_login(manager)
    refused = client.post(url, {**SAPO, "credential_webhook_secret": ""})
    html = refused.content.decode()
    assert refused.status_code == 400 and "Hãy nhập Khóa bí mật webhook" in html
    assert 'value="diembanocop"' in html  # what was typed stays, but never a secret
    assert "tok-bi-mat-123" not in html
    assert not PosConnection.objects.exists()

    client.force_login(clerk)
    assert "?connect=" not in client.get(url).content.decode()  # clerks read only
    assert client.post(url, SAPO).status_code == 403
    assert not PosConnection.objects.exists()
