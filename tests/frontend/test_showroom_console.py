import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from inventory.models import PosSale, ShowroomOperatorMember, Stock, StockMovement
from inventory.services import ledger
from orders.models import VendorOrder
from tests.factories import (
    AgreementFactory,
    OperatorMemberFactory,
    ProductVariantFactory,
    ShowroomFactory,
    StockFactory,
    UserFactory,
    VendorMemberFactory,
    WarehouseFactory,
)
from tests.files import image_bytes
from tests.inventory.helpers import quantity_at
from tests.orders.fulfilment_support import member, part, place
from tests.orders.fulfilment_support import variant as variant_in_stock

pytestmark = pytest.mark.django_db


@pytest.fixture
def showroom(db):
    return ShowroomFactory(name="Điểm bán OCOP Sơn La")


@pytest.fixture
def clerk(showroom):
    return OperatorMemberFactory(operator=showroom.operator).user


@pytest.fixture
def consigned(vendor, showroom):
    """Two of the producer's variants at the showroom, 9 and 2 units."""
    AgreementFactory(vendor=vendor, showroom=showroom)
    tea = ProductVariantFactory(
        product__vendor=vendor, product__name="Chè Shan tuyết Mộc Châu", sku="CHE-1"
    )
    honey = ProductVariantFactory(product__vendor=vendor, product__name="Mật ong", sku="MO-1")
    opened = []
    for variant, quantity in ((tea, 9), (honey, 2)):
        opened.append((Stock.objects.create(variant=variant, location=showroom), quantity))
    ledger.stock_open(stocks_with_quantities=opened)
    return tea, honey


def csv_upload(rows, name="kiem-ke.csv"):
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return SimpleUploadedFile(name, buffer.getvalue().encode(), content_type="text/csv")


def test_anonymous_visitors_are_sent_to_the_login_page(client, showroom):
    for name, args in (("index", []), ("stock", [showroom.pk]), ("import", [showroom.pk])):
        response = client.get(reverse(f"showroom:{name}", args=args))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login") + "?next=/showroom/")
    response = client.get(reverse("showroom:export", args=[showroom.pk]))
    assert response.status_code == 302


def test_login_page_logs_a_clerk_in_and_goes_to_the_console(client, clerk):
    clerk.set_password("mat-khau-dai-2025")
    clerk.save()
    page = client.get(reverse("login"))
    assert page.status_code == 200
    assert 'lang="vi"' in page.content.decode()

    response = client.post(
        reverse("login") + "?next=/showroom/",
        {"username": clerk.email, "password": "mat-khau-dai-2025"},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("showroom:index")


def test_login_failures_are_throttled(client, clerk, settings):
    settings.LOGIN_FAILURE_LIMIT = 2
    for _ in range(2):
        client.post(reverse("login"), {"username": clerk.email, "password": "sai"})
    clerk.set_password("mat-khau-dai-2025")
    clerk.save()
    response = client.post(
        reverse("login"), {"username": clerk.email, "password": "mat-khau-dai-2025"}
    )
    assert response.status_code == 200  # the form again, with the error
    assert "_auth_user_id" not in client.session


def test_the_console_lists_the_clerks_showrooms_only(client, clerk, showroom):
    elsewhere = ShowroomFactory(name="Điểm bán OCOP Thanh Hóa")
    client.force_login(clerk)

    html = client.get(reverse("showroom:index")).content.decode()

    assert "Điểm bán OCOP Sơn La" in html
    assert reverse("showroom:stock", args=[showroom.pk]) in html
    assert elsewhere.name not in html
    assert 'lang="vi"' in html  # Vietnamese by default


def test_a_person_with_no_location_sees_an_empty_console(client):
    client.force_login(UserFactory())
    response = client.get(reverse("showroom:index"))
    assert response.status_code == 200


def test_the_stock_page_shows_quantities_searches_and_marks_low_stock(
    client, clerk, showroom, consigned
):
    client.force_login(clerk)
    url = reverse("showroom:stock", args=[showroom.pk])

    html = client.get(url).content.decode()
    assert "Chè Shan tuyết Mộc Châu" in html and "Mật ong" in html
    assert html.count('class="low"') == 1  # honey: 2 units, threshold 5

    searched = client.get(url, {"q": "che"}).content.decode()
    assert "CHE-1" in searched and "MO-1" not in searched

    low = client.get(url, {"low": "1"}).content.decode()
    assert "MO-1" in low and "CHE-1" not in low


def test_others_get_403_for_a_showroom_they_do_not_work_at(client, showroom, consigned, owner):
    other_clerk = OperatorMemberFactory().user
    for user in (other_clerk, owner, UserFactory()):  # owner: the producer, not the showroom
        client.force_login(user)
        for name in ("stock", "import", "export"):
            response = client.get(reverse(f"showroom:{name}", args=[showroom.pk]))
            assert response.status_code == 403, (user, name)
        response = client.post(
            reverse("showroom:import", args=[showroom.pk]),
            {"file": csv_upload([["sku", "quantity"], ["CHE-1", 100]])},
        )
        assert response.status_code == 403
    assert quantity_at(showroom, consigned[0]) == 9


def test_a_missing_location_is_404(client, clerk):
    client.force_login(clerk)
    assert client.get(reverse("showroom:stock", args=[999_999])).status_code == 404


def test_a_producer_sees_its_own_warehouse_and_not_anothers(client, vendor, other_vendor):
    own = WarehouseFactory(vendor=vendor)
    theirs = WarehouseFactory(vendor=other_vendor)
    member = VendorMemberFactory(vendor=vendor, role="staff").user
    client.force_login(member)

    index = client.get(reverse("showroom:index")).content.decode()
    assert own.name in index and theirs.name not in index
    assert client.get(reverse("showroom:stock", args=[own.pk])).status_code == 200
    assert client.get(reverse("showroom:stock", args=[theirs.pk])).status_code == 403
    assert client.get(reverse("showroom:export", args=[theirs.pk])).status_code == 403


def test_upload_applies_the_good_rows_and_shows_the_report(client, clerk, showroom, consigned):
    tea, honey = consigned
    client.force_login(clerk)
    url = reverse("showroom:import", args=[showroom.pk])
    form = client.get(url).content.decode()
    assert 'enctype="multipart/form-data"' in form and "csrfmiddlewaretoken" in form

    response = client.post(
        url,
        {
            "file": csv_upload(
                [["Mã SKU", "Số lượng"], ["CHE-1", 15], ["KHONG-CO", 3], ["MO-1", "12a"]]
            ),
            "submission": "form-1",
        },
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert quantity_at(showroom, tea) == 15
    assert quantity_at(showroom, honey) == 2  # the bad row is not applied
    assert "KHONG-CO" in html and "12a" in html
    assert 'class="status-applied"' in html
    assert 'class="status-unknown_sku"' in html
    assert 'class="status-invalid"' in html


def test_a_double_submitted_upload_applies_once(client, clerk, showroom, consigned):
    tea = consigned[0]
    client.force_login(clerk)
    url = reverse("showroom:import", args=[showroom.pk])
    rows = [["sku", "quantity"], ["CHE-1", 20]]
    client.post(url, {"file": csv_upload(rows), "submission": "form-9"})
    ledger.stock_adjust(actor=clerk, location=showroom, variant=tea, delta=-1, reason="vỡ")

    again = client.post(url, {"file": csv_upload(rows), "submission": "form-9"})

    assert again.status_code == 200
    assert quantity_at(showroom, tea) == 19
    assert StockMovement.objects.filter(kind="sync_set").count() == 1


def test_a_refused_file_shows_why(client, clerk, showroom, consigned):
    client.force_login(clerk)
    url = reverse("showroom:import", args=[showroom.pk])
    picture = SimpleUploadedFile("kiem-ke.csv", image_bytes(), content_type="text/csv")

    response = client.post(url, {"file": picture})

    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()
    assert client.post(url, {}).status_code == 400


def test_export_downloads_csv_with_a_bom(client, clerk, showroom, consigned):
    client.force_login(clerk)

    response = client.get(reverse("showroom:export", args=[showroom.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    assert ".csv" in response["Content-Disposition"]
    content = response.content.decode("utf-8")
    assert content.startswith("\ufeff")
    assert "Chè Shan tuyết Mộc Châu" in content
    rows = list(csv.reader(io.StringIO(content[1:])))
    assert [row[0] for row in rows[1:]] == ["CHE-1", "MO-1"]


def test_a_manager_uses_the_console_too(client, showroom, consigned):
    manager = OperatorMemberFactory(
        operator=showroom.operator, role=ShowroomOperatorMember.Role.MANAGER
    ).user
    client.force_login(manager)
    assert client.get(reverse("showroom:stock", args=[showroom.pk])).status_code == 200


# --- the counter: sales and pickups ---------------------------------------------------------


def sale_form(sale_id="sale-1", paid_with="cash", **lines):
    """`sale_form(sku_0="CHE-1", quantity_0="2")` – the sale form as the browser posts it."""
    data = {"sale": sale_id, "paid_with": paid_with}
    data.update({"-".join(key.rsplit("_", 1)): value for key, value in lines.items()})
    return data


def test_a_sale_is_recorded_at_the_listed_price_once(client, clerk, showroom, consigned):
    tea, honey = consigned
    tea.price, honey.price = 150_000, 80_000
    tea.save(), honey.save()
    client.force_login(clerk)
    url = reverse("showroom:sale", args=[showroom.pk])
    form = client.get(url).content.decode()
    assert 'name="sale"' in form and "csrfmiddlewaretoken" in form
    assert '"price": 150000' in form  # the script fills the price in from its catalogue
    data = sale_form(sku_0="CHE-1", quantity_0="2", sku_1="MO-1", quantity_1="1",
                     unit_price_1="75.000")  # fmt: skip

    response = client.post(url, data)

    html = response.content.decode()
    assert response.status_code == 200
    sale = PosSale.objects.get()
    assert sale.total == 2 * 150_000 + 75_000
    assert (sale.paid_with, sale.recorded_by_user) == ("cash", clerk)
    assert "375.000" in html  # the receipt
    assert quantity_at(showroom, tea) == 7
    assert quantity_at(showroom, honey) == 1

    again = client.post(url, data)  # a double submit, or the back button and resubmit
    assert again.status_code == 200
    assert PosSale.objects.count() == 1
    assert quantity_at(showroom, tea) == 7
    assert 'role="status"' in again.content.decode()


def test_a_refused_sale_shows_the_error_on_its_line_and_keeps_the_input(
    client, clerk, showroom, consigned
):
    tea = consigned[0]
    client.force_login(clerk)
    url = reverse("showroom:sale", args=[showroom.pk])

    response = client.post(url, sale_form(sku_0="CHE-1", quantity_0="1", sku_1="MO-1",
                                          quantity_1="50"))  # fmt: skip

    html = response.content.decode()
    assert response.status_code == 400
    assert 'id="quantity-1-error"' in html and "MO-1" in html
    assert 'value="50"' in html  # kept as typed
    assert PosSale.objects.count() == 0
    assert quantity_at(showroom, tea) == 9

    typo = client.post(url, sale_form(sku_0="CHE-1", quantity_0="hai"))
    assert typo.status_code == 400 and 'id="quantity-0-error"' in typo.content.decode()
    unknown = client.post(url, sale_form(sku_0="KHONG-CO", quantity_0="1", unit_price_0="1000"))
    assert unknown.status_code == 400 and 'id="sku-0-error"' in unknown.content.decode()
    assert client.post(url, sale_form()).status_code == 400  # no line at all


def test_only_the_showrooms_people_record_sales(client, showroom, consigned, owner):
    url = reverse("showroom:sale", args=[showroom.pk])
    for user in (OperatorMemberFactory().user, owner, UserFactory()):
        client.force_login(user)
        assert client.get(url).status_code == 403
        assert client.post(url, sale_form(sku_0="CHE-1", quantity_0="1")).status_code == 403
    assert PosSale.objects.count() == 0


@pytest.fixture
def pickup_order(showroom):
    """A COD order of two units of a consigned tea to be picked up at the showroom."""
    tea = variant_in_stock(quantity=0)
    AgreementFactory(vendor=tea.vendor, showroom=showroom)
    StockFactory(variant=tea, location=showroom, quantity=4)
    order = place([(tea, 2)], pickup={tea.vendor.pk: showroom})
    return tea, order, part(order, tea)


def test_the_clerk_hands_a_pickup_over_with_its_code(client, clerk, showroom, pickup_order):
    tea, order, vendor_order = pickup_order
    client.force_login(clerk)
    url = reverse("showroom:pickups", args=[showroom.pk])
    html = client.get(url).content.decode()
    assert order.number in html and "Nguyễn Thị Lan" in html
    assert f'for="code-{vendor_order.pk}"' in html

    wrong = f"{(int(vendor_order.pickup_code) + 1) % 10**6:06d}"
    refused = client.post(url, {"part": vendor_order.pk, "pickup_code": wrong})
    assert refused.status_code == 400
    assert f'id="code-{vendor_order.pk}-error"' in refused.content.decode()
    vendor_order.refresh_from_db()
    assert vendor_order.status != VendorOrder.Status.DELIVERED

    done = client.post(url, {"part": vendor_order.pk, "pickup_code": vendor_order.pickup_code})
    assert done.status_code == 200
    vendor_order.refresh_from_db()
    assert vendor_order.status == VendorOrder.Status.DELIVERED
    assert quantity_at(showroom, tea) == 2
    assert 'role="status"' in done.content.decode()
    assert client.get(url).content.decode().count(f'id="code-{vendor_order.pk}"') == 0


def test_others_cannot_list_or_hand_over_pickups(client, showroom, pickup_order):
    _tea, _order, vendor_order = pickup_order
    url = reverse("showroom:pickups", args=[showroom.pk])
    for user in (OperatorMemberFactory().user, member(vendor_order.vendor), UserFactory()):
        client.force_login(user)
        assert client.get(url).status_code == 403
        data = {"part": vendor_order.pk, "pickup_code": vendor_order.pickup_code}
        assert client.post(url, data).status_code == 403
    vendor_order.refresh_from_db()
    assert vendor_order.status != VendorOrder.Status.DELIVERED


def test_a_pickup_of_another_showroom_is_404_here(client, clerk, showroom, pickup_order):
    client.force_login(clerk)
    elsewhere = ShowroomFactory(operator=showroom.operator)
    _tea, _order, vendor_order = pickup_order
    url = reverse("showroom:pickups", args=[elsewhere.pk])
    response = client.post(url, {"part": vendor_order.pk, "pickup_code": "000000"})
    assert response.status_code == 404
