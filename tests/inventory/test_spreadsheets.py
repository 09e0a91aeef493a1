import csv
import io

import openpyxl
import pytest
from django.utils import translation

from inventory.models import Stock, StockMovement, StockSyncRequest
from inventory.services import ledger
from inventory.services.spreadsheets import (
    MAX_SHEET_BYTES,
    MAX_SHEET_ROWS,
    parse_stock_sheet,
    stock_export_csv,
    stock_sheet_import,
)
from inventory.services.sync import SyncStatus
from marketplace.core.errors import ErrorCode, PermissionDeniedError, ServiceError
from tests.factories import ProductFactory, ProductVariantFactory, UserFactory
from tests.files import image_bytes
from tests.inventory.helpers import assert_ledger_balances, quantity_at

pytestmark = pytest.mark.django_db


@pytest.fixture
def variants(agreement, make_variants):
    return make_variants(3)


@pytest.fixture
def foreign_variant(other_vendor):
    """A product of a producer with no agreement at the showroom."""
    return ProductVariantFactory(product__vendor=other_vendor, sku="KHAC-1")


def csv_bytes(rows, *, delimiter=",", bom=False) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return ("\ufeff" if bom else "").encode() + buffer.getvalue().encode()


def xlsx_bytes(rows) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    workbook.create_sheet("Ghi chú").append(["sku", "quantity"])  # only the first sheet counts
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(actor, location, content, filename="ton-kho.csv", key="form-1"):
    return stock_sheet_import(
        actor=actor, location=location, filename=filename, content=content, idempotency_key=key
    )


def statuses(report):
    return [(row.row_number, row.sku, row.status) for row in report.rows]


def test_a_csv_with_english_headers_sets_the_counts(clerk, showroom, variants):
    a, b, c = variants
    content = csv_bytes([["sku", "quantity"], [a.sku, 12], [b.sku, 0], [c.sku, 7]])

    report = upload(clerk, showroom, content)

    assert statuses(report) == [
        (2, a.sku, SyncStatus.APPLIED),
        (3, b.sku, SyncStatus.APPLIED),
        (4, c.sku, SyncStatus.APPLIED),
    ]
    assert (report.applied, report.rejected, report.replayed) == (3, 0, False)
    assert [quantity_at(showroom, v) for v in variants] == [12, 0, 7]
    assert report.rows[0].stored_quantity == 12
    movements = StockMovement.objects.filter(stock__location=showroom)
    assert set(movements.values_list("kind", flat=True)) == {StockMovement.Kind.SYNC_SET}
    assert movements.count() == 2  # b stays 0: no movement
    movement = movements.get(stock__variant=a)
    assert movement.actor_user == clerk
    assert movement.reference.startswith("sync:sheet:")
    assert "ton-kho.csv" in movement.reason
    assert_ledger_balances()


def test_a_vietnamese_csv_with_bom_and_semicolons(clerk, showroom, variants):
    a, b, _c = variants
    content = csv_bytes(
        [["Tên sản phẩm", "Mã SKU", "Số lượng"], ["Chè; loại 1", a.sku, "5"], ["", b.sku, " 9 "]],
        delimiter=";",
        bom=True,
    )

    report = upload(clerk, showroom, content)

    assert report.applied == 2
    assert quantity_at(showroom, a) == 5
    assert quantity_at(showroom, b) == 9


def test_an_xlsx_with_vietnamese_headers_reads_the_first_sheet(clerk, showroom, agreement):
    numeric = ProductVariantFactory(product__vendor=agreement.vendor, sku="12345")
    named = ProductVariantFactory(product__vendor=agreement.vendor, sku="MIEN-500")
    content = xlsx_bytes(
        [["MÃ HÀNG", "Ghi chú", "Tồn kho"], [12345, "", 4], ["MIEN-500", "x", 8.0]]
    )

    report = upload(clerk, showroom, content, filename="Kiểm kê.xlsx")

    assert statuses(report) == [
        (2, "12345", SyncStatus.APPLIED),
        (3, "MIEN-500", SyncStatus.APPLIED),
    ]
    assert quantity_at(showroom, numeric) == 4
    assert quantity_at(showroom, named) == 8


@pytest.mark.parametrize(
    ("sku_header", "quantity_header"),
    [
        ("SKU", "Quantity"),
        ("mã sku", "số lượng"),
        ("Ma hang", "SL"),
        ("Mã SP", "tồn kho"),
        ("ma_sp", "So_luong"),
        (" Mã  hàng ", "Qty"),
    ],
)
def test_header_names_in_either_language_with_or_without_diacritics(sku_header, quantity_header):
    rows = parse_stock_sheet(
        filename="a.csv", content=csv_bytes([[sku_header, quantity_header], ["CHE-1", "3"]])
    )
    assert [(r.sku, r.quantity, r.error) for r in rows] == [("CHE-1", 3, None)]


def test_every_kind_of_bad_row_is_reported_and_none_is_applied(
    clerk, showroom, variants, foreign_variant
):
    good, allocated, untouched = variants
    upload(clerk, showroom, csv_bytes([["sku", "quantity"], [allocated.sku, 10]]), key="opening")
    stock = Stock.objects.get(location=showroom, variant=allocated)
    ledger.stock_allocate(lines=[(stock, 6)], reference="order:1")
    before = StockMovement.objects.count()
    content = csv_bytes(
        [
            ["sku", "quantity"],
            [good.sku, 20],  # 2: applied
            ["KHONG-CO", 5],  # 3: unknown SKU
            [foreign_variant.sku, 5],  # 4: another producer's, not consigned here
            [allocated.sku, 4],  # 5: below the 6 allocated
            [untouched.sku, "12a"],  # 6
            [untouched.sku, "-3"],  # 7
            [untouched.sku, "1.5"],  # 8
            [untouched.sku, ""],  # 9
            ["", 4],  # 10: no SKU
            ["CHE-X", "2000000"],  # 11: too many
            [untouched.sku, "1.000"],  # 12: a thousands separator is not a whole number here
        ]
    )

    report = upload(clerk, showroom, content)

    by_row = {row.row_number: row for row in report.rows}
    assert by_row[2].status == SyncStatus.APPLIED
    assert by_row[3].status == SyncStatus.UNKNOWN_SKU
    assert by_row[4].status == SyncStatus.NOT_CONSIGNED
    assert by_row[5].status == SyncStatus.WOULD_GO_NEGATIVE
    assert by_row[5].stored_quantity == 10
    for number in range(6, 13):
        assert by_row[number].status == SyncStatus.INVALID, number
        assert by_row[number].message, number
    assert "12a" in by_row[6].message
    assert "negative" in by_row[7].message
    assert "1.5" in by_row[8].message
    assert "missing" in by_row[9].message
    assert "SKU is missing" in by_row[10].message
    assert "1,000,000" in by_row[11].message or "1.000.000" in by_row[11].message
    assert (report.applied, report.rejected) == (1, 10)
    assert quantity_at(showroom, good) == 20
    assert quantity_at(showroom, allocated) == 10
    assert quantity_at(showroom, untouched) is None
    assert quantity_at(showroom, foreign_variant) is None
    assert StockMovement.objects.count() == before + 1
    assert_ledger_balances()


def test_a_sku_on_two_rows_is_ambiguous_and_neither_is_applied(clerk, showroom, variants):
    a, b, _c = variants
    content = csv_bytes([["sku", "quantity"], [a.sku, 1], [b.sku, 2], [a.sku, 3]])

    report = upload(clerk, showroom, content)

    assert statuses(report) == [
        (2, a.sku, SyncStatus.INVALID),
        (3, b.sku, SyncStatus.APPLIED),
        (4, a.sku, SyncStatus.INVALID),
    ]
    assert "row 4" in report.rows[0].message
    assert quantity_at(showroom, a) is None


def test_a_file_with_only_bad_rows_changes_nothing(clerk, showroom, variants):
    report = upload(clerk, showroom, csv_bytes([["sku", "quantity"], [variants[0].sku, "x"]]))

    assert (report.applied, report.rejected) == (0, 1)
    assert not StockSyncRequest.objects.exists()
    assert not StockMovement.objects.exists()


def test_a_double_submitted_upload_applies_once(clerk, showroom, variants):
    a = variants[0]
    content = csv_bytes([["sku", "quantity"], [a.sku, 10]])
    first = upload(clerk, showroom, content, key="form-7")
    # Two units sold meanwhile; the browser then sends the same form again.
    ledger.stock_adjust(actor=clerk, location=showroom, variant=a, delta=-2, reason="bán lẻ")

    again = upload(clerk, showroom, content, key="form-7")

    assert first.applied == again.applied == 1
    assert again.replayed and not first.replayed
    assert quantity_at(showroom, a) == 8
    assert StockSyncRequest.objects.count() == 1
    # A new upload of the same file (a new form) is a new count, and applies.
    upload(clerk, showroom, content, key="form-8")
    assert quantity_at(showroom, a) == 10
    assert_ledger_balances()


def test_without_a_submission_token_the_key_is_the_file_and_location(clerk, showroom, variants):
    content = csv_bytes([["sku", "quantity"], [variants[0].sku, 10]])
    stock_sheet_import(actor=clerk, location=showroom, filename="a.csv", content=content)
    again = stock_sheet_import(actor=clerk, location=showroom, filename="a.csv", content=content)
    assert again.replayed
    assert StockMovement.objects.count() == 1


def test_a_device_token_may_upload_for_its_own_showroom(device, showroom, variants):
    token, _raw = device
    report = upload(token, showroom, csv_bytes([["sku", "quantity"], [variants[0].sku, 3]]))
    assert report.applied == 1
    assert StockMovement.objects.get().actor_token == token


def test_outsiders_can_neither_upload_nor_export(showroom, variants, owner, other_owner):
    content = csv_bytes([["sku", "quantity"], [variants[0].sku, 3]])
    for outsider in (UserFactory(), other_owner, owner):  # owner: the producer, not the showroom
        with pytest.raises(PermissionDeniedError):
            upload(outsider, showroom, content)
        with pytest.raises(PermissionDeniedError):
            stock_export_csv(actor=outsider, location=showroom)
    assert not StockMovement.objects.exists()


def refused(filename, content) -> ServiceError:
    with pytest.raises(ServiceError) as caught:
        parse_stock_sheet(filename=filename, content=content)
    return caught.value


def test_oversized_files_are_refused():
    big = b"sku,quantity\r\n" + b"CHE-1,1\r\n" * (MAX_SHEET_BYTES // 9 + 1)
    assert refused("big.csv", big).codes == [ErrorCode.FILE_TOO_LARGE]
    many = csv_bytes([["sku", "quantity"]] + [[f"S-{i}", 1] for i in range(MAX_SHEET_ROWS + 1)])
    assert len(many) < MAX_SHEET_BYTES
    error = refused("many.csv", many)
    assert error.codes == [ErrorCode.FILE_TOO_LARGE]
    assert "10,000" in error.errors[0].message
    exactly = csv_bytes([["sku", "quantity"]] + [[f"S-{i}", 1] for i in range(MAX_SHEET_ROWS)])
    assert len(parse_stock_sheet(filename="ok.csv", content=exactly)) == MAX_SHEET_ROWS


@pytest.mark.parametrize(
    ("filename", "content"),
    [
        ("ton-kho.csv", image_bytes()),  # a picture renamed
        ("ton-kho.xlsx", image_bytes()),
        ("ton-kho", image_bytes()),
        ("ton-kho.csv", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"),
        ("ton-kho.csv", xlsx_bytes([["sku", "quantity"]])),  # a workbook named .csv
        ("ton-kho.xlsx", csv_bytes([["sku", "quantity"], ["CHE-1", 1]])),  # text named .xlsx
        ("ton-kho.xls", csv_bytes([["sku", "quantity"], ["CHE-1", 1]])),
        ("ton-kho.pdf", csv_bytes([["sku", "quantity"], ["CHE-1", 1]])),
        ("ton-kho.csv", b"sku,quantity\nCHE-1,1\n\x00\x01\x02"),
    ],
)
def test_files_that_are_not_csv_or_xlsx_by_content_are_refused(filename, content):
    assert refused(filename, content).codes == [ErrorCode.UNSUPPORTED_FILE_TYPE]


def test_a_plain_zip_named_xlsx_is_refused():
    buffer = io.BytesIO()
    import zipfile

    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("sku.csv", "sku,quantity\nCHE-1,1\n")
    assert refused("kho.xlsx", buffer.getvalue()).codes == [ErrorCode.UNSUPPORTED_FILE_TYPE]


def test_text_that_is_not_utf8_is_refused_with_advice():
    content = "sku,quantity,ghi chú\nCHE-1,1,Đơn ưu tiên\n".encode("cp1258")
    error = refused("kho.csv", content)
    assert error.codes == [ErrorCode.INVALID]
    assert "UTF-8" in error.errors[0].message


def test_a_sheet_without_sku_and_quantity_columns_is_refused():
    assert refused("kho.csv", csv_bytes([["name", "price"], ["Chè", 1]])).codes == [
        ErrorCode.INVALID
    ]
    assert refused("kho.csv", b"").codes == [ErrorCode.INVALID]
    assert refused("kho.csv", b"\r\n\r\n").codes == [ErrorCode.INVALID]


def test_export_has_a_bom_and_every_row_and_imports_again_unchanged(clerk, showroom, variants):
    a, b, c = variants
    product = a.product
    product.name = 'Chè Shan tuyết Mộc Châu, hộp "đặc biệt"'
    product.save()
    upload(clerk, showroom, csv_bytes([["sku", "quantity"], [a.sku, 9], [b.sku, 4]]), key="k1")
    ledger.stock_allocate(
        lines=[(Stock.objects.get(location=showroom, variant=a), 2)], reference="order:1"
    )

    exported = stock_export_csv(actor=clerk, location=showroom)

    assert exported.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(exported.lstrip("\ufeff"))))
    assert rows[0] == ["SKU", "Product", "Variant", "Quantity", "Allocated", "Available"]
    assert rows[1] == [a.sku, product.name, a.name, "9", "2", "7"]
    assert rows[2][0] == b.sku and rows[2][3:] == ["4", "0", "4"]
    assert len(rows) == 3  # c has no stock row here
    before = StockMovement.objects.count()

    report = upload(clerk, showroom, exported.encode("utf-8"), filename="export.csv", key="k2")

    assert (report.applied, report.rejected) == (2, 0)
    assert StockMovement.objects.count() == before  # the same counts: nothing to change
    assert quantity_at(showroom, a) == 9
    _ = c


def test_a_vietnamese_export_imports_in_english_and_the_reverse(clerk, showroom, variants):
    upload(clerk, showroom, csv_bytes([["sku", "quantity"], [variants[0].sku, 9]]), key="k1")
    with translation.override("vi"):
        exported_vi = stock_export_csv(actor=clerk, location=showroom)
    exported_en = stock_export_csv(actor=clerk, location=showroom)
    for exported in (exported_vi, exported_en):
        for language in ("vi", "en"):
            with translation.override(language):
                rows = parse_stock_sheet(filename="x.csv", content=exported.encode())
            assert [(r.sku, r.quantity, r.error) for r in rows] == [(variants[0].sku, 9, None)]


def test_export_defuses_formulas_in_names(clerk, showroom, agreement):
    product = ProductFactory(vendor=agreement.vendor, name='=HYPERLINK("http://x")')
    variant = ProductVariantFactory(product=product, sku="F-1", name="@SUM(1)")
    upload(clerk, showroom, csv_bytes([["sku", "quantity"], [variant.sku, 1]]))

    rows = list(csv.reader(io.StringIO(stock_export_csv(actor=clerk, location=showroom)[1:])))

    assert rows[1][:3] == ["F-1", '\'=HYPERLINK("http://x")', "'@SUM(1)"]


def test_a_full_sheet_of_ten_thousand_rows_goes_through(clerk, showroom, agreement):
    from catalog.models import ProductVariant

    product = ProductFactory(vendor=agreement.vendor)
    ProductVariant.objects.bulk_create(
        [
            ProductVariant(
                product=product, vendor=agreement.vendor, sku=f"B-{i:05d}", name="Gói",
                price=10_000, weight_grams=100, position=i,
            )
            for i in range(MAX_SHEET_ROWS)
        ]
    )  # fmt: skip
    content = csv_bytes([["sku", "quantity"]] + [[f"B-{i:05d}", i % 50] for i in range(10_000)])

    report = upload(clerk, showroom, content)

    assert (report.applied, report.rejected) == (MAX_SHEET_ROWS, 0)
    assert Stock.objects.filter(location=showroom).count() == MAX_SHEET_ROWS
    assert_ledger_balances()
