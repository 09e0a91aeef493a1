"""Stock counts from a spreadsheet, and the current stock as one.

A showroom clerk uploads a CSV or XLSX with a SKU column and a quantity column (header names in
Vietnamese or English: "Mã SKU", "Số lượng", "sku", "quantity", ...). Every row is checked on its
own; the well-formed ones go through `stock_sync(mode=SET)`, the same service as the devices'
`stockSync`, and the report says, row by row, what happened. Bad rows are reported and never
applied, and never block the good ones.

The idempotency key of the sync is derived from the location, the file's bytes and the caller's
submission token (the upload form's), so a double-submitted upload applies once.
"""

import csv
import datetime
import hashlib
import io
import os
import re
import zipfile
from dataclasses import dataclass, field

import filetype
from django.conf import settings
from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from inventory import selectors
from inventory.access import require_location_access
from inventory.messages import status_message
from inventory.services.sync import SyncItem, SyncMode, SyncStatus, stock_sync
from marketplace.core.errors import ErrorCode, ServiceError
from marketplace.core.files import size_label
from marketplace.core.text import fold

MAX_SHEET_BYTES = 2 * 1024 * 1024
MAX_SHEET_ROWS = 10_000  # data rows, the header not counted
MAX_QUANTITY = 1_000_000
# An XLSX is a zip: refuse one that would expand to more than this (a "zip bomb").
MAX_XLSX_UNCOMPRESSED_BYTES = 64 * 1024 * 1024

CSV_EXTENSIONS = {"csv", "txt"}
XLSX_EXTENSIONS = {"xlsx"}

# Header names people use, folded (no diacritics, lower case, single spaces).
SKU_HEADERS = {"sku", "ma sku", "ma hang", "ma sp", "ma san pham", "ma hang hoa", "ma"}
QUANTITY_HEADERS = {"quantity", "qty", "so luong", "sl", "ton kho", "so luong ton", "ton"}

_DIGITS = re.compile(r"^\+?[0-9]+$")
_SPACES = re.compile(r"[\s\u00a0\u202f]+")


@dataclass(frozen=True)
class SheetRow:
    row_number: int  # as the spreadsheet shows it: the header is row 1
    sku: str
    quantity: int | None
    error: str | None


@dataclass(frozen=True)
class ReportRow:
    row_number: int
    sku: str
    quantity: int | None  # the quantity the row asked for (None when it was not a number)
    status: SyncStatus
    message: str
    stored_quantity: int | None = None  # what the stock row holds afterwards, when known


@dataclass
class SheetReport:
    rows: list[ReportRow] = field(default_factory=list)
    applied: int = 0
    rejected: int = 0
    replayed: bool = False  # the same upload was applied before: nothing changed this time


# Parsing ---------------------------------------------------------------------------------------


def parse_stock_sheet(*, filename: str, content: bytes) -> list[SheetRow]:
    """The data rows of a stock sheet, each with its SKU and quantity or the reason it is bad.

    Raises ServiceError for a file that cannot be read as a whole: too large (FILE_TOO_LARGE),
    not a CSV or XLSX by its content or its name (UNSUPPORTED_FILE_TYPE), not UTF-8, or without
    a SKU and a quantity column (INVALID)."""
    if not content:
        raise ServiceError.single(ErrorCode.INVALID, _("The file is empty."), "file")
    if len(content) > MAX_SHEET_BYTES:
        raise ServiceError.single(
            ErrorCode.FILE_TOO_LARGE,
            _("The file is %(size)s; the limit is %(limit)s.")
            % {
                "size": size_label(len(content), round_up=True),
                "limit": size_label(MAX_SHEET_BYTES),
            },
            "file",
        )
    if _sheet_kind(filename, content) == "xlsx":
        records = _xlsx_records(content)
    else:
        records = _csv_records(content)
    return _rows(records)


def _sheet_kind(filename: str, content: bytes) -> str:
    """ "csv" or "xlsx", judged by the bytes; a name that claims another type is refused."""
    extension = os.path.splitext(filename or "")[1].lstrip(".").lower()
    if extension == "xls":
        raise ServiceError.single(
            ErrorCode.UNSUPPORTED_FILE_TYPE,
            _("Old Excel files (.xls) cannot be read: save the sheet as .xlsx or CSV UTF-8."),
            "file",
        )
    if extension and extension not in CSV_EXTENSIONS | XLSX_EXTENSIONS:
        raise ServiceError.single(
            ErrorCode.UNSUPPORTED_FILE_TYPE,
            _("Only CSV and XLSX files are accepted."),
            "file",
        )
    found = "xlsx" if _looks_like_xlsx(content) else "csv" if _looks_like_text(content) else None
    if found is None:
        raise ServiceError.single(
            ErrorCode.UNSUPPORTED_FILE_TYPE,
            _("Only CSV and XLSX files are accepted; this file's content is %(found)s.")
            % {"found": _described(content)},
            "file",
        )
    expected = "xlsx" if extension in XLSX_EXTENSIONS else "csv" if extension else found
    if found != expected:
        raise ServiceError.single(
            ErrorCode.UNSUPPORTED_FILE_TYPE,
            _("The file is named .%(named)s but its content is %(found)s.")
            % {"named": extension, "found": found.upper()},
            "file",
        )
    return found


def _looks_like_xlsx(content: bytes) -> bool:
    if not content.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError):
        return False
    return "[Content_Types].xml" in names and "xl/workbook.xml" in names


def _looks_like_text(content: bytes) -> bool:
    head = content[:8192]
    return b"\x00" not in head and filetype.guess(head) is None


def _described(content: bytes) -> str:
    kind = filetype.guess(content[:8192])
    return kind.mime if kind else _("not recognised")


def _csv_records(content: bytes) -> list[tuple[int, list]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ServiceError.single(
            ErrorCode.INVALID,
            _(
                "The file is not UTF-8 text. In Excel, save it as “CSV UTF-8 (Comma "
                "delimited)”, or upload the .xlsx file itself."
            ),
            "file",
        ) from None
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    try:
        return [
            (number, row)
            for number, row in enumerate(_limited(reader), start=1)
            if any(cell.strip() for cell in row)
        ]
    except csv.Error as exc:
        raise ServiceError.single(
            ErrorCode.INVALID,
            _("The CSV file cannot be read: %(error)s") % {"error": exc},
            "file",
        ) from None


def _delimiter(text: str) -> str:
    """Comma, semicolon (Excel where the decimal mark is a comma, as in Vietnam) or tab: the
    one the header line has most of."""
    header = next((line for line in text.splitlines() if line.strip()), "")
    counts = {delimiter: header.count(delimiter) for delimiter in (",", ";", "\t")}
    best = max(counts, key=lambda delimiter: counts[delimiter])
    return best if counts[best] else ","


def _xlsx_records(content: bytes) -> list[tuple[int, list]]:
    import openpyxl  # only uploads need it

    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            expanded = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError):
        expanded = MAX_XLSX_UNCOMPRESSED_BYTES + 1
    if expanded > MAX_XLSX_UNCOMPRESSED_BYTES:
        raise ServiceError.single(
            ErrorCode.FILE_TOO_LARGE, _("The workbook is too large once unpacked."), "file"
        )
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged workbook
        raise ServiceError.single(
            ErrorCode.INVALID, _("The workbook cannot be read; is it damaged?"), "file"
        ) from None
    try:
        if not workbook.worksheets:
            return []
        rows = workbook.worksheets[0].iter_rows(values_only=True)
        return [
            (number, list(row))
            for number, row in enumerate(_limited(rows), start=1)
            if any(_cell_text(cell) for cell in row)
        ]
    except ServiceError:
        raise
    except Exception:
        raise ServiceError.single(
            ErrorCode.INVALID, _("The workbook cannot be read; is it damaged?"), "file"
        ) from None
    finally:
        workbook.close()


def _limited(rows):
    """The rows, refusing a sheet with more than MAX_SHEET_ROWS data rows as soon as it shows
    (and one padded with a hundred thousand blank rows)."""
    filled = 0
    for count, row in enumerate(rows, start=1):
        filled += any(_cell_text(cell) for cell in row)
        if filled > MAX_SHEET_ROWS + 1 or count > 10 * MAX_SHEET_ROWS:
            raise ServiceError.single(
                ErrorCode.FILE_TOO_LARGE,
                _("The file has more than %(limit)s rows; split it into several files.")
                % {"limit": number_format(MAX_SHEET_ROWS, force_grouping=True)},
                "file",
            )
        yield row


def _rows(records: list[tuple[int, list]]) -> list[SheetRow]:
    if not records:
        raise ServiceError.single(ErrorCode.INVALID, _("The file has no rows."), "file")
    _header_number, header = records[0]
    sku_column, quantity_column = _columns(header)
    rows = []
    for number, record in records[1:]:
        sku = _cell_text(_cell(record, sku_column))
        raw_quantity = _cell(record, quantity_column)
        quantity, error = _quantity(raw_quantity)
        if not sku:
            error = _("The SKU is missing.")
        rows.append(SheetRow(row_number=number, sku=sku, quantity=quantity, error=error))
    return _flag_duplicates(rows)


def _columns(header: list) -> tuple[int, int]:
    folded = [_folded_header(cell) for cell in header]
    sku_names = SKU_HEADERS | _exported_headers("sku")
    quantity_names = QUANTITY_HEADERS | _exported_headers("quantity")
    sku_column = next((i for i, name in enumerate(folded) if name in sku_names), None)
    quantity_column = next((i for i, name in enumerate(folded) if name in quantity_names), None)
    if sku_column is None or quantity_column is None:
        raise ServiceError.single(
            ErrorCode.INVALID,
            _(
                "The first row must name a SKU column (sku, mã SKU, mã hàng) and a quantity "
                "column (quantity, số lượng, SL, tồn kho)."
            ),
            "file",
        )
    return sku_column, quantity_column


def _folded_header(cell) -> str:
    text = fold(_cell_text(cell))
    return _SPACES.sub(" ", text.replace("_", " ").replace(":", "")).strip()


def _cell(record: list, column: int):
    return record[column] if column < len(record) else None


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a SKU typed as a number: 12345, not 12345.0
    return _SPACES.sub(" ", str(value)).strip()


def _quantity(value) -> tuple[int | None, str | None]:
    """(quantity, None) for a whole number from 0 to MAX_QUANTITY, else (None, why)."""
    if isinstance(value, bool | datetime.date | datetime.time):
        return None, _("“%(value)s” is not a whole number.") % {"value": _cell_text(value)}
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        number = value
    else:
        text = _cell_text(value)
        if not text:
            return None, _("The quantity is missing.")
        if not _DIGITS.match(text) or len(text) > 12:
            if text.startswith("-") and _DIGITS.match(text[1:]):
                return None, _("The quantity cannot be negative.")
            return None, _("“%(value)s” is not a whole number.") % {"value": text[:30]}
        number = int(text)
    if number < 0:
        return None, _("The quantity cannot be negative.")
    if number > MAX_QUANTITY:
        return None, _("The quantity is more than %(max)s.") % {
            "max": number_format(MAX_QUANTITY, force_grouping=True)
        }
    return number, None


def _flag_duplicates(rows: list[SheetRow]) -> list[SheetRow]:
    """A SKU on several rows is ambiguous: none of them is applied."""
    repeated: dict[str, list[int]] = {}
    for row in rows:
        if row.sku:
            # SKUs are case-sensitive, as stock_sync matches them.
            repeated.setdefault(row.sku, []).append(row.row_number)
    flagged = []
    for row in rows:
        numbers = repeated.get(row.sku, []) if row.sku else []
        if len(numbers) > 1 and row.error is None:
            others = ", ".join(str(n) for n in numbers if n != row.row_number)
            row = SheetRow(
                row_number=row.row_number,
                sku=row.sku,
                quantity=row.quantity,
                error=_("The SKU is also on row %(rows)s.") % {"rows": others},
            )
        flagged.append(row)
    return flagged


# Import ----------------------------------------------------------------------------------------


def sheet_idempotency_key(*, location, filename: str, content: bytes, submission: str = "") -> str:
    digest = hashlib.sha256()
    for part in (str(location.pk), submission or "", filename or ""):
        digest.update(part.encode())
        digest.update(b"\x00")
    digest.update(content)
    return f"sheet:{digest.hexdigest()}"


def stock_sheet_import(
    *, actor, location, filename: str, content: bytes, idempotency_key: str | None = None
) -> SheetReport:
    """Set the counts a sheet gives, through stock_sync(mode=SET), and report on every row.

    `idempotency_key` is the submission's own token (the upload form's): the sync's key is
    derived from it, the location and the file, so submitting the same upload twice applies it
    once. Without it the key depends on the location and the file only."""
    require_location_access(actor, location)
    rows = parse_stock_sheet(filename=filename, content=content)
    good = [row for row in rows if row.error is None]
    results = {}
    report = SheetReport()
    if good:
        outcome = stock_sync(
            actor=actor,
            location=location,
            mode=SyncMode.SET,
            idempotency_key=sheet_idempotency_key(
                location=location,
                filename=filename,
                content=content,
                submission=idempotency_key or "",
            ),
            items=[SyncItem(sku=row.sku, quantity=row.quantity) for row in good],
            reason=(_("Spreadsheet %(name)s") % {"name": filename or "-"})[:255],
        )
        # One result per item, in order.
        results = {
            row.row_number: result for row, result in zip(good, outcome.results, strict=True)
        }
        report.replayed = outcome.replayed
    for row in rows:
        if row.error is not None:
            status, message, stored = SyncStatus.INVALID, row.error, None
        else:
            result = results.get(row.row_number)
            status = SyncStatus(result.status) if result else SyncStatus.INVALID
            stored = result.quantity if result else None
            message = status_message(status)
        report.rows.append(
            ReportRow(
                row_number=row.row_number,
                sku=row.sku,
                quantity=row.quantity,
                status=status,
                message=message,
                stored_quantity=stored,
            )
        )
        if status == SyncStatus.APPLIED:
            report.applied += 1
        else:
            report.rejected += 1
    return report


# Export ----------------------------------------------------------------------------------------


def _export_header_labels() -> dict[str, str]:
    return {
        "sku": _("SKU"),
        "product": _("Product"),
        "variant": _("Variant"),
        "quantity": _("Quantity"),
        "allocated": _("Allocated"),
        "available": _("Available"),
    }


def _exported_headers(column: str) -> set[str]:
    """The folded header an export writes for `column` in each language, so that an exported
    file always imports again whatever the language of either."""
    names = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            names.add(_folded_header(_export_header_labels()[column]))
    return names


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _safe_text(value: str) -> str:
    """Producers type product names: one starting like a formula must not run in Excel."""
    return f"'{value}" if value.startswith(_FORMULA_START) else value


def stock_export_csv(*, actor, location) -> str:
    """The location's current stock as CSV, with a UTF-8 byte-order mark so that Excel shows
    Vietnamese correctly; its SKU and quantity columns import again as they are."""
    require_location_access(actor, location)
    labels = _export_header_labels()
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(labels.values())
    for stock in selectors.stock_levels(location).iterator(chunk_size=2000):
        variant = stock.variant
        writer.writerow(
            [
                variant.sku,
                _safe_text(variant.product.name),
                _safe_text(variant.name),
                stock.quantity,
                stock.quantity_allocated,
                stock.quantity - stock.quantity_allocated,
            ]
        )
    return buffer.getvalue()
