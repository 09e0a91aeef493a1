"""The programme in the open, as a visitor sees it: the lookup page, the traceability card a
QR label opens, the statistics page and its downloads, and the producer's label sheet."""

import csv
import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from catalog.models import Product
from tests.factories import VendorMemberFactory
from tests.graphql.catalog_fixtures import MOC_CHAU, NA_RI, Status, listing, showroom

pytestmark = pytest.mark.django_db

# Data blocks (json_script, the product page's JSON-LD) are never run: not inline scripts.
INLINE_SCRIPT = re.compile(
    r'<script(?![^>]*\b(?:src=|type="application/(?:ld\+)?json"))[^>]*>|\son[a-z]+\s*=',
    re.IGNORECASE,
)


def page(client, url, status=200) -> str:
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    html = response.content.decode()
    # A Content-Security-Policy without 'unsafe-inline' is coming: no inline script anywhere.
    assert not INLINE_SCRIPT.search(html), INLINE_SCRIPT.search(html).group(0)
    return html


@pytest.fixture
def honey(vendor):
    product = listing(vendor, "Mật ong rừng Vân Hồ", stars=4, batch="Vụ xuân 2026, lô 03")
    certificate = product.certificate
    certificate.decision_number = "1201/QĐ-UBND-14"
    certificate.save()
    return product


def test_the_lookup_page_finds_a_decision_typed_without_diacritics(client, honey):
    html = page(client, "/tra-cuu/?by=decision&q=1201%2FQD-UBND-14")
    assert "1201/QĐ-UBND-14" in html
    assert "Còn hiệu lực" in html  # Vietnamese by default
    assert reverse("storefront:product", args=[honey.slug]) in html


def test_the_lookup_page_explains_a_bad_query_and_a_throttled_address(client, honey, settings):
    assert "ít nhất 3" in page(client, "/tra-cuu/?by=product&q=ch", status=400)
    settings.OCOP_LOOKUP_RATE_LIMIT = 1
    page(client, "/tra-cuu/?by=product&q=mat+ong")
    response = client.get("/tra-cuu/?by=product&q=mat+ong")
    assert response.status_code == 429
    assert int(response["Retry-After"]) >= 1
    assert "Quá nhiều lượt tra cứu" in response.content.decode()


def test_the_empty_lookup_page_is_a_form(client):
    html = page(client, "/tra-cuu/")
    assert 'name="q"' in html and "chứng nhận" in html


def test_a_scanned_label_shows_the_certificate_status_producer_origin_and_showrooms(
    client, vendor, honey
):
    room = showroom("Điểm bán OCOP Mộc Châu", MOC_CHAU)
    from inventory.models import Stock

    Stock.objects.create(variant=honey.variants.first(), location=room, quantity=4)
    html = page(client, f"/q/{honey.short_code}")
    assert "Còn hiệu lực" in html
    assert vendor.legal_name in html
    assert "Mộc Châu, Sơn La" in html
    assert "Vụ xuân 2026, lô 03" in html
    assert "Điểm bán OCOP Mộc Châu" in html
    assert client.get(f"/q/{honey.short_code}")["Cache-Control"] == "no-store"


def test_an_expired_certificate_says_het_hieu_luc_with_the_pre_2025_province(client, vendor):
    product = listing(vendor, "Rượu cần Tân Lạc", stars=3, expired=True, origin=NA_RI)
    html = page(client, f"/q/{product.short_code.upper()}")
    assert "Hết hiệu lực" in html
    assert "Bắc Kạn" in html  # Na Rì, Thái Nguyên (formerly Bắc Kạn)


def test_a_label_of_an_archived_product_still_answers_but_drafts_do_not(client, vendor):
    archived = listing(vendor, "Chè cũ", stars=3, status=Status.ARCHIVED)
    draft = listing(vendor, "Chè nháp", status=Status.DRAFT)
    assert "không còn bán" in page(client, f"/q/{archived.short_code}")
    page(client, f"/q/{draft.short_code}", status=404)
    page(client, "/q/khongco99", status=404)


def test_the_short_code_is_made_once_and_never_changes(vendor):
    product = listing(vendor, "Chè Shan tuyết")
    code = product.short_code
    assert re.fullmatch(r"[2-9a-hjkmnp-z]{8}", code)
    product.name = "Chè Shan tuyết cổ thụ"
    product.save()
    product.refresh_from_db()
    assert product.short_code == code
    assert Product.objects.filter(short_code=code).count() == 1


def test_the_product_page_links_its_qr_code_to_the_card(client, honey):
    html = page(client, reverse("storefront:product", args=[honey.slug]))
    assert f"/q/{honey.short_code}" in html


@pytest.fixture
def statistics_data(vendor, other_vendor):
    listing(vendor, "Chè Mộc Châu", stars=5)
    listing(vendor, "Trà Mộc Châu", stars=4)
    listing(other_vendor, "Miến dong Na Rì", stars=3, origin=NA_RI, category="I.3.c")
    showroom("Điểm bán Sơn La", MOC_CHAU)


def test_the_statistics_page_draws_a_titled_map_bars_and_the_table(
    client, statistics_data, django_assert_max_num_queries
):
    with django_assert_max_num_queries(5):
        html = page(client, "/thong-ke/")
    assert html.count('class="province shade-') == 34
    assert "<title>Sơn La: 2 sản phẩm OCOP</title>" in html
    assert "<title>Sơn La, 5 sao: 1 sản phẩm</title>" in html
    row = re.search(r'<tr data-code="14">(.*?)</tr>', html).group(1)
    assert re.findall(r'class="number">([\d.]+)<', row) == ["2", "0", "1", "1", "1", "2", "0", "1"]


def test_the_statistics_page_counts_by_pre_2025_province_and_filters(client, statistics_data):
    html = page(client, "/thong-ke/?by=tinh-cu")
    assert re.search(r'<tr data-code="06"><th scope="row">Bắc Kạn</th><td class="number">1<', html)
    assert 'class="province-map"' not in html
    filtered = page(client, "/thong-ke/?province=B%E1%BA%AFc+K%E1%BA%A1n&stars=3")
    assert re.findall(r'<tr data-code="(\d+)"', filtered) == ["19"]


def test_the_downloads_hold_the_same_table(client, statistics_data):
    response = client.get("/thong-ke/thong-ke-ocop.csv")
    assert response["Content-Disposition"].startswith('attachment; filename="thong-ke-ocop-')
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 1 + 34 + 1
    son_la = next(row for row in rows if row[0] == "14")
    assert son_la[1:4] == ["Sơn La", "2", "0"]
    workbook = load_workbook(io.BytesIO(client.get("/thong-ke/thong-ke-ocop.xlsx").content))
    sheet = workbook.active
    assert [cell.value for cell in sheet[1]][:3] == ["Mã", "Tỉnh/thành phố", "Sản phẩm OCOP"]
    assert sheet.max_row == 36


def test_a_producer_prints_24_labels_a_page_of_its_own_products(client, vendor, other_vendor):
    owner = VendorMemberFactory(vendor=vendor).user
    mine = listing(vendor, "Mật ong rừng Vân Hồ", stars=4)
    theirs = listing(other_vendor, "Chè của người khác", stars=3)
    client.force_login(owner)
    html = page(client, reverse("dashboard:labels"))
    assert f"/q/{mine.short_code}" in html and theirs.name not in html
    response = client.get(
        reverse("dashboard:labels-sheet"), {f"copies-{mine.pk}": 30, f"copies-{theirs.pk}": 5}
    )
    assert response["Content-Type"] == "application/pdf"
    pdf = response.content
    assert pdf.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) == 2  # 30 labels: 24 + 6
    assert b"DejaVu" in pdf  # the embedded font with the Vietnamese letters
