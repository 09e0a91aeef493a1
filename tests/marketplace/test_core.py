"""The shared core: text folding and slugs, money, HTML, uploads, errors, environment."""

import io
import unicodedata

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.utils import translation
from PIL import Image

from marketplace.core.env import env_bool, env_int, env_list, env_str
from marketplace.core.errors import ErrorCode, FieldError, PermissionDeniedError, ServiceError
from marketplace.core.files import check_document, check_image, size_label
from marketplace.core.html import sanitize_html
from marketplace.core.money import format_vnd
from marketplace.core.permissions import is_staff, require_authenticated, require_staff
from marketplace.core.slugs import unique_slug
from marketplace.core.text import fold, slugify_vi
from marketplace.core.validators import format_vn_phone
from tests.factories import StaffFactory, UserFactory, VendorFactory, commune
from tests.files import image_bytes, jpeg_upload, pdf_bytes, pdf_upload, png_upload, upload
from vendors.models import Vendor

NFC = unicodedata.normalize("NFC", "Miến dong Bắc Kạn")
NFD = unicodedata.normalize("NFD", "Miến dong Bắc Kạn")


# --- fold and slugs ---------------------------------------------------------------------------


def test_nfc_and_nfd_spellings_are_different_strings_but_fold_alike():
    assert NFC != NFD  # what a Mac keyboard and a Windows one send differ byte for byte
    assert fold(NFC) == fold(NFD) == "mien dong bac kan"


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Đặc sản", "dac san"),
        ("ĐẶC SẢN ĐÀ LẠT", "dac san da lat"),
        ("đường", "duong"),
        ("\u00d0à Lạt", "da lat"),  # Ð (eth) typed for Đ by legacy encodings
        ("Hoà Bình", "hoa binh"),  # old-style accent placement
        ("Hòa Bình", "hoa binh"),
        ("  Nước   mắm\tPhú Quốc \n", "nuoc mam phu quoc"),
        ("Chè Shan tuyết", "che shan tuyet"),
        ("", ""),
        (None, ""),
    ],
)
def test_fold_lowercases_strips_diacritics_and_collapses_spaces(text, folded):
    assert fold(text) == folded


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        (NFC, "mien-dong-bac-kan"),
        (NFD, "mien-dong-bac-kan"),
        ("Đặc sản", "dac-san"),
        ("\u00d0à Lạt", "da-lat"),
        ("Nước mắm Lê Gia", "nuoc-mam-le-gia"),
        ("HTX Chè & Cà phê (Sơn La)!", "htx-che-ca-phe-son-la"),
        ("—", ""),
    ],
)
def test_slugify_vi_makes_ascii_slugs_from_vietnamese(text, slug):
    assert slugify_vi(text) == slug


def test_slugify_vi_cuts_to_length_without_a_trailing_dash():
    slug = slugify_vi("Mật ong bạc hà Hà Giang", max_length=9)
    assert slug == "mat-ong-b"
    assert slugify_vi("Mật ong bạc hà", max_length=8) == "mat-ong"  # not "mat-ong-"


@pytest.mark.django_db
def test_unique_slug_adds_the_first_free_number():
    assert unique_slug(Vendor, NFC) == "mien-dong-bac-kan"
    first = VendorFactory(slug="mien-dong-bac-kan")
    assert unique_slug(Vendor, NFD) == "mien-dong-bac-kan-2"
    VendorFactory(slug="mien-dong-bac-kan-2")
    VendorFactory(slug="mien-dong-bac-kan-4")
    assert unique_slug(Vendor, NFC) == "mien-dong-bac-kan-3"
    # A producer renaming itself keeps its own slug.
    assert unique_slug(Vendor, NFC, exclude_pk=first.pk) == "mien-dong-bac-kan"


@pytest.mark.django_db
def test_unique_slug_of_text_without_letters_is_item():
    assert unique_slug(Vendor, "???") == "item"
    VendorFactory(slug="item")
    assert unique_slug(Vendor, "!!!") == "item-2"


@pytest.mark.django_db
def test_unique_slug_leaves_room_for_the_suffix():
    slug = unique_slug(Vendor, "Hợp tác xã " * 40, max_length=50)
    assert len(slug) <= 44
    VendorFactory(slug=slug)
    assert len(unique_slug(Vendor, "Hợp tác xã " * 40, max_length=50)) <= 50


# --- money ----------------------------------------------------------------------------------


def test_format_vnd_in_vietnamese_uses_dots_and_a_no_break_space_before_the_symbol():
    assert format_vnd(150_000, language="vi") == "150.000\xa0₫"
    assert format_vnd(1_250_000, language="vi") == "1.250.000\xa0₫"
    assert format_vnd(0, language="vi") == "0\xa0₫"


def test_format_vnd_in_english():
    assert format_vnd(150_000, language="en") == "₫150,000"


def test_format_vnd_follows_the_active_language():
    with translation.override("en"):
        assert format_vnd(150_000) == "₫150,000"
    with translation.override("vi"):
        assert format_vnd(150_000) == "150.000\xa0₫"


def test_format_vnd_shows_no_decimals_and_nothing_for_none():
    assert format_vnd(None) == ""
    assert "," not in format_vnd(99, language="vi")


# --- HTML -----------------------------------------------------------------------------------


def test_sanitize_html_keeps_simple_formatting():
    html = "<p>Chè <strong>Shan tuyết</strong> <em>cổ thụ</em></p><ul><li>100g</li></ul>"
    assert sanitize_html(html) == html


@pytest.mark.parametrize(
    ("dirty", "forbidden"),
    [
        ("<p>Chè</p><script>alert('x')</script>", "<script"),
        ("<p>Chè</p><script>alert('x')</script>", "alert"),
        ('<img src="x" onerror="alert(1)">', "onerror"),
        ('<p onclick="steal()">Chè</p>', "onclick"),
        ('<a href="javascript:alert(1)">mua</a>', "javascript:"),
        ('<a href="JaVaScRiPt:alert(1)">mua</a>', "alert"),
        ("<style>body{display:none}</style><p>Chè</p>", "display:none"),
        ('<iframe src="https://evil.example"></iframe>', "iframe"),
    ],
)
def test_sanitize_html_removes_scripts_handlers_and_dangerous_links(dirty, forbidden):
    assert forbidden.lower() not in sanitize_html(dirty).lower()


def test_sanitize_html_keeps_safe_links_and_marks_them_nofollow():
    clean = sanitize_html('<a href="https://ocop.gov.vn" target="_blank">OCOP</a>')
    assert 'href="https://ocop.gov.vn"' in clean
    assert 'rel="noopener noreferrer nofollow"' in clean
    assert "target" not in clean


def test_sanitize_html_of_nothing_is_empty():
    assert sanitize_html(None) == ""
    assert sanitize_html("") == ""


# --- uploads --------------------------------------------------------------------------------


def test_check_document_accepts_pdf_jpeg_and_png_by_content():
    assert check_document(pdf_upload()).content_type == "application/pdf"
    jpeg = check_document(jpeg_upload("scan.JPEG"))
    assert (jpeg.content_type, jpeg.extension, jpeg.width, jpeg.height) == (
        "image/jpeg",
        "jpg",
        64,
        48,
    )
    assert check_document(png_upload("scan.png")).extension == "png"


def test_check_document_accepts_a_file_without_extension():
    assert check_document(upload("scan", pdf_bytes())).extension == "pdf"


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        ("decision.png", pdf_bytes(), ".png"),  # a PDF named .png
        ("decision.pdf", image_bytes("PNG"), ".pdf"),  # a PNG named .pdf
        ("decision.pdf", b"%PDX not really\n" * 20, "not recognised"),
        ("notes.txt", "Giấy phép kinh doanh".encode() * 20, "not recognised"),
        ("photo.webp", image_bytes("WEBP"), "image/webp"),  # an image, but not a document type
        ("archive.zip", b"PK\x03\x04" + b"\x00" * 100, "application/zip"),
    ],
)
def test_check_document_refuses_files_by_content(name, content, says):
    with pytest.raises(ServiceError) as exc:
        check_document(upload(name, content), field="document")
    (error,) = exc.value.errors
    assert (error.code, error.field) == (ErrorCode.UNSUPPORTED_FILE_TYPE, "document")
    assert says in error.message
    assert "PDF" in error.message or "content is" in error.message


def test_check_document_refuses_nothing_and_empty_files():
    with pytest.raises(ServiceError) as exc:
        check_document(None)
    assert (exc.value.codes, exc.value.errors[0].field) == ([ErrorCode.REQUIRED], "file")
    with pytest.raises(ServiceError) as exc:
        check_document(upload("empty.pdf", b""))
    assert exc.value.codes == [ErrorCode.INVALID]
    assert "empty" in exc.value.errors[0].message


def test_check_document_size_limit_is_inclusive(settings):
    content = pdf_bytes()
    settings.MAX_DOCUMENT_UPLOAD_BYTES = len(content)
    assert check_document(upload("a.pdf", content)).size == len(content)
    settings.MAX_DOCUMENT_UPLOAD_BYTES = 1000
    with pytest.raises(ServiceError) as exc:
        check_document(upload("a.pdf", content[:1001]))
    assert exc.value.codes == [ErrorCode.FILE_TOO_LARGE]
    assert exc.value.errors[0].message == "The file is 1001 bytes; the limit is 1000 bytes."


def test_a_file_just_over_ten_megabytes_never_reads_as_the_limit():
    big = upload("big.pdf", b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024))
    with translation.override("en"), pytest.raises(ServiceError) as exc:
        check_document(big)
    (error,) = exc.value.errors
    assert error.code == ErrorCode.FILE_TOO_LARGE
    assert error.message == "The file is 10.1 MB; the limit is 10 MB."
    with translation.override("vi"), pytest.raises(ServiceError) as exc:
        check_document(big)
    assert "10,1 MB" in exc.value.errors[0].message  # Vietnamese decimal comma


@pytest.mark.parametrize(
    ("size", "round_up", "label"),
    [
        (900, False, "900 bytes"),
        (1024, False, "1 KB"),
        (1536, False, "1.5 KB"),
        (10 * 1024 * 1024, False, "10 MB"),
        (10 * 1024 * 1024 + 1, True, "10.1 MB"),
        (10 * 1024 * 1024 + 1, False, "10 MB"),
    ],
)
def test_size_label(size, round_up, label):
    with translation.override("en"):
        assert size_label(size, round_up=round_up) == label


def test_check_image_accepts_jpeg_png_and_webp_and_reports_dimensions():
    assert check_image(png_upload(size=(30, 20))).width == 30
    assert check_image(jpeg_upload()).height == 48
    webp = check_image(upload("photo.webp", image_bytes("WEBP")))
    assert (webp.content_type, webp.extension) == ("image/webp", "webp")


def test_check_image_refuses_a_pdf():
    with pytest.raises(ServiceError) as exc:
        check_image(pdf_upload("photo.pdf"))
    assert exc.value.codes == [ErrorCode.UNSUPPORTED_FILE_TYPE]
    assert exc.value.errors[0].field == "image"


def test_check_image_refuses_a_jpeg_named_png():
    with pytest.raises(ServiceError) as exc:
        check_image(jpeg_upload("photo.png"))
    assert exc.value.codes == [ErrorCode.UNSUPPORTED_FILE_TYPE]
    assert ".png" in exc.value.errors[0].message


def _noisy(fmt: str) -> bytes:
    """A real image with enough detail that its pixel data spans many kilobytes."""
    buffer = io.BytesIO()
    Image.effect_noise((128, 128), 60).convert("RGB").save(buffer, fmt)
    return buffer.getvalue()


def _truncated(fmt: str) -> bytes:
    content = _noisy(fmt)
    return content[: len(content) * 4 // 5]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("photo.png", b"\x89PNG\r\n\x1a\n" + b"not a real image" * 20),
        ("photo.png", _truncated("PNG")),
        ("photo.jpg", _truncated("JPEG")),
        ("photo.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 300),
    ],
)
def test_check_image_refuses_damaged_images(name, content):
    with pytest.raises(ServiceError) as exc:
        check_image(upload(name, content))
    (error,) = exc.value.errors
    assert (error.code, error.field) == (ErrorCode.INVALID, "image")
    assert "damaged" in error.message


def test_check_document_refuses_a_damaged_jpeg_scan():
    with pytest.raises(ServiceError) as exc:
        check_document(upload("scan.jpg", _noisy("JPEG")[:2000]), field="document")
    assert exc.value.codes == [ErrorCode.INVALID]


def test_check_image_refuses_too_many_pixels(settings):
    settings.MAX_IMAGE_PIXELS = 100
    with pytest.raises(ServiceError) as exc:
        check_image(png_upload(size=(20, 10)))
    assert exc.value.codes == [ErrorCode.INVALID]
    assert "20×10" in exc.value.errors[0].message


def test_checking_leaves_the_file_ready_to_be_read_again():
    file = png_upload()
    check_image(file)
    assert file.read(8) == b"\x89PNG\r\n\x1a\n"


# --- errors ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_from_validation_error_keeps_fields_and_maps_django_codes():
    VendorFactory(slug="taken", tax_code="0100233488")
    vendor = Vendor(
        legal_name="",
        name="HTX",
        slug="taken",
        kind="spaceship",
        tax_code="0100233488",
        commune=commune(),
        phone="",
    )
    try:
        vendor.full_clean()
    except ValidationError as exc:
        error = ServiceError.from_validation_error(exc)
    by_field = {e.field: e.code for e in error.errors}
    assert by_field["legal_name"] == ErrorCode.REQUIRED  # blank
    assert by_field["phone"] == ErrorCode.REQUIRED
    assert by_field["slug"] == ErrorCode.UNIQUE
    assert by_field["tax_code"] == ErrorCode.UNIQUE
    assert by_field["kind"] == ErrorCode.INVALID  # invalid_choice
    assert all(e.message and "%(" not in e.message for e in error.errors)


def test_from_validation_error_of_a_single_validator_takes_the_field_given():
    error = ServiceError.from_validation_error(
        ValidationError("%(value)s is too long.", code="max_length", params={"value": "abc"}),
        field="name",
    )
    assert error.errors == [FieldError(ErrorCode.INVALID, "abc is too long.", "name")]


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("required", ErrorCode.REQUIRED),
        ("blank", ErrorCode.REQUIRED),
        ("null", ErrorCode.REQUIRED),
        ("unique", ErrorCode.UNIQUE),
        ("unique_together", ErrorCode.UNIQUE),
        ("invalid", ErrorCode.INVALID),
        ("max_value", ErrorCode.INVALID),
        ("invalid_choice", ErrorCode.INVALID),
        (None, ErrorCode.INVALID),
        ("file_too_large", ErrorCode.FILE_TOO_LARGE),  # our own codes pass through
    ],
)
def test_from_validation_error_code_mapping(code, expected):
    error = ServiceError.from_validation_error(ValidationError("Nope.", code=code), field="x")
    assert error.codes == [expected]


def test_from_validation_error_puts_non_field_errors_on_no_field():
    error = ServiceError.from_validation_error(
        ValidationError({"__all__": ValidationError("Dates overlap.", code="invalid")})
    )
    assert error.errors == [FieldError(ErrorCode.INVALID, "Dates overlap.", None)]


def test_service_error_message_lists_every_field():
    error = ServiceError(
        [FieldError(ErrorCode.REQUIRED, "Required.", "name"), FieldError(ErrorCode.INVALID, "Bad.")]
    )
    assert str(error) == "name: Required.; -: Bad."
    assert error.codes == [ErrorCode.REQUIRED, ErrorCode.INVALID]


# --- permissions ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_only_active_staff_count_as_staff():
    assert is_staff(StaffFactory())
    assert not is_staff(StaffFactory(is_active=False))
    assert not is_staff(UserFactory())
    assert not is_staff(AnonymousUser())
    assert not is_staff(None)
    with pytest.raises(PermissionDeniedError) as exc:
        require_staff(UserFactory())
    assert exc.value.codes == [ErrorCode.PERMISSION_DENIED]
    assert "staff" in exc.value.errors[0].message


@pytest.mark.django_db
def test_require_authenticated_refuses_anonymous_and_deactivated_users():
    require_authenticated(UserFactory())
    for actor in (AnonymousUser(), None, UserFactory(is_active=False)):
        with pytest.raises(PermissionDeniedError) as exc:
            require_authenticated(actor)
        assert "Log in" in exc.value.errors[0].message


# --- phones ---------------------------------------------------------------------------------


def test_format_vn_phone_for_display():
    assert format_vn_phone("+84912345678") == "0912 345 678"
    assert format_vn_phone("") == ""
    assert format_vn_phone("garbage") == "garbage"


# --- environment ----------------------------------------------------------------------------


@pytest.mark.parametrize("raw", ["1", "true", "TRUE", " yes ", "on"])
def test_env_bool_true(monkeypatch, raw):
    monkeypatch.setenv("OCOP_FLAG", raw)
    assert env_bool("OCOP_FLAG", False) is True


@pytest.mark.parametrize("raw", ["0", "false", "No", "off", ""])
def test_env_bool_false(monkeypatch, raw):
    monkeypatch.setenv("OCOP_FLAG", raw)
    assert env_bool("OCOP_FLAG", True) is False


@pytest.mark.parametrize("raw", ["maybe", "2", "tru"])
def test_env_bool_refuses_garbage(monkeypatch, raw):
    monkeypatch.setenv("OCOP_FLAG", raw)
    with pytest.raises(ImproperlyConfigured, match="OCOP_FLAG must be a boolean"):
        env_bool("OCOP_FLAG", False)


def test_env_defaults_when_unset(monkeypatch):
    monkeypatch.delenv("OCOP_UNSET", raising=False)
    assert env_bool("OCOP_UNSET", True) is True
    assert env_int("OCOP_UNSET", 7) == 7
    assert env_str("OCOP_UNSET", "x") == "x"
    assert env_list("OCOP_UNSET", ["a"]) == ["a"]


def test_env_int(monkeypatch):
    monkeypatch.setenv("OCOP_N", " 42 ")
    assert env_int("OCOP_N", 0) == 42
    monkeypatch.setenv("OCOP_N", "")
    assert env_int("OCOP_N", 5) == 5
    monkeypatch.setenv("OCOP_N", "ten")
    with pytest.raises(ImproperlyConfigured, match="OCOP_N must be an integer, got 'ten'"):
        env_int("OCOP_N", 0)


def test_env_list_splits_on_commas_and_drops_blanks(monkeypatch):
    monkeypatch.setenv("OCOP_HOSTS", " a.vn, b.vn ,,")
    assert env_list("OCOP_HOSTS", []) == ["a.vn", "b.vn"]
    monkeypatch.setenv("OCOP_HOSTS", "")
    assert env_list("OCOP_HOSTS", ["default"]) == []
