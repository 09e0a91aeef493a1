import io
import threading

import pytest
from django.core.files.storage import default_storage
from PIL import Image

from catalog.models import Product, ProductMedia
from catalog.services import media as media_services
from catalog.thumbnails import THUMBNAIL_SIZES, thumbnail_name
from marketplace.core.errors import ErrorCode, ServiceError
from tests.catalog.helpers import (
    OUTSIDERS,
    outsider,
    refused,
    stored_files,
)
from tests.concurrency import holding_the_transaction, run_in_threads
from tests.factories import ProductFactory, VendorMemberFactory
from tests.files import image_bytes, jpeg_upload, pdf_bytes, pdf_upload, png_upload, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def product(vendor):
    return ProductFactory(vendor=vendor, status=Product.Status.DRAFT, name="Miến dong Bắc Kạn")


def add(product, actor, image=None, **kwargs):
    return media_services.media_create(
        product=product, actor=actor, image=image or png_upload(), **kwargs
    )


def image_upload(fmt, size, name=None, **kwargs):
    extension = {"PNG": "png", "JPEG": "jpg", "WEBP": "webp"}[fmt]
    return upload(name or f"anh.{extension}", image_bytes(fmt, size=size, **kwargs))


def open_stored(name):
    with default_storage.open(name, "rb") as stored:
        image = Image.open(io.BytesIO(stored.read()))
        image.load()
    return image


def assert_nothing_written(product):
    assert not ProductMedia.objects.filter(product=product).exists()
    assert stored_files() == []


# --- accepted images --------------------------------------------------------------------------


@pytest.mark.parametrize(("fmt", "extension"), [("PNG", "png"), ("JPEG", "jpg"), ("WEBP", "webp")])
def test_png_jpeg_and_webp_are_accepted(product, owner, fmt, extension):
    media = add(product, owner, image_upload(fmt, (120, 90)))

    media.refresh_from_db()
    assert media.product == product
    assert media.image.name.startswith(f"products/{product.pk}/")
    assert media.image.name.endswith(f".{extension}")
    assert (media.width, media.height) == (120, 90)
    assert default_storage.exists(media.image.name)
    assert open_stored(media.image.name).format == fmt


def test_a_jpeg_named_jpeg_is_accepted(product, owner):
    media = add(product, owner, jpeg_upload("IMG_2041.JPEG"))
    assert media.image.name.endswith(".jpg")


@pytest.mark.parametrize(
    ("size", "expected"),
    [
        ((64, 48), {160: 64}),  # small: one thumbnail, not enlarged
        ((160, 90), {160: 160}),
        ((320, 100), {160: 160, 320: 320}),
        ((700, 300), {160: 160, 320: 320, 640: 640, 1280: 700}),
        ((1000, 2000), {160: 160, 320: 320, 640: 640, 1280: 1280}),
    ],
)
def test_thumbnails_are_webp_files_at_the_fixed_sizes(product, owner, size, expected):
    media = add(product, owner, image_upload("PNG", size))

    media.refresh_from_db()
    assert set(media.thumbnails) == {str(s) for s in expected}
    assert set(expected) <= set(THUMBNAIL_SIZES)
    for thumb_size, longest in expected.items():
        name = media.thumbnails[str(thumb_size)]
        assert name.startswith(f"products/{product.pk}/thumbs/")
        thumb = open_stored(name)
        assert thumb.format == "WEBP"
        assert max(thumb.size) == longest, (thumb_size, thumb.size)
        # The shape is kept.
        assert abs(thumb.size[0] / thumb.size[1] - size[0] / size[1]) < 0.05
    assert sorted(stored_files()) == sorted([media.image.name, *media.thumbnails.values()])


def test_transparent_images_keep_their_transparency(product, owner):
    picture = Image.new("RGBA", (200, 200), (0, 0, 0, 0))
    picture.paste((200, 30, 30, 255), (50, 50, 150, 150))
    buffer = io.BytesIO()
    picture.save(buffer, "PNG")

    media = add(product, owner, upload("logo.png", buffer.getvalue()))

    thumb = open_stored(media.thumbnails["160"]).convert("RGBA")
    assert thumb.getpixel((0, 0))[3] == 0  # the corner stays see-through, not black
    assert thumb.getpixel((80, 80))[3] == 255


def test_a_photo_taken_sideways_gets_upright_thumbnails(product, owner):
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate 90° clockwise to view
    buffer = io.BytesIO()
    Image.new("RGB", (400, 200), (10, 120, 40)).save(buffer, "JPEG", exif=exif)

    media = add(product, owner, upload("phone.jpg", buffer.getvalue()))

    assert open_stored(media.thumbnails["320"]).size == (160, 320)


@pytest.mark.parametrize(
    ("requested", "chosen"),
    [(1, 160), (100, 160), (160, 160), (161, 320), (640, 640), (641, 1280), (5000, 1280)],
)
def test_thumbnail_name_picks_the_smallest_size_that_is_large_enough(
    product, owner, requested, chosen
):
    media = add(product, owner, image_upload("PNG", (1400, 1000)))
    assert thumbnail_name(media, requested) == media.thumbnails[str(chosen)]


def test_thumbnail_name_falls_back_to_the_largest_then_the_original(product, owner):
    small = add(product, owner, image_upload("PNG", (100, 80)))
    assert thumbnail_name(small, 1280) == small.thumbnails["160"]
    unprocessed = ProductMedia(image="products/1/old.jpg", width=800, height=600)
    assert thumbnail_name(unprocessed, 320) == "products/1/old.jpg"


def test_alt_text_defaults_to_the_product_name(product, owner):
    assert add(product, owner).alt == "Miến dong Bắc Kạn"
    assert add(product, owner, alt="   ").alt == "Miến dong Bắc Kạn"
    assert add(product, owner, alt=" Bó miến phơi nắng ").alt == "Bó miến phơi nắng"
    assert len(add(product, owner, alt="x" * 400).alt) == 255


def test_images_are_listed_in_upload_order_even_after_a_delete(product, owner):
    first, second = add(product, owner), add(product, owner)
    media_services.media_delete(media=first, actor=owner)
    third = add(product, owner)
    assert list(product.media.all()) == [second, third]
    assert third.position > second.position


# --- refused uploads --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("image", "words"),
    [
        (pdf_upload("chung-nhan.pdf"), ["JPG, PNG, WEBP", "application/pdf"]),
        (upload("ghi-chu.txt", "Miến dong ngon".encode(), "text/plain"), ["not recognised"]),
        (upload("anh.png", pdf_bytes(), "image/png"), ["application/pdf"]),
        (upload("anh.gif", b"GIF89a" + b"\0" * 64, "image/gif"), ["image/gif"]),
    ],
    ids=["pdf", "text", "pdf named png", "gif"],
)
def test_files_that_are_not_jpeg_png_or_webp_are_refused(product, owner, image, words):
    with pytest.raises(ServiceError) as excinfo:
        add(product, owner, image)
    refused(excinfo, ErrorCode.UNSUPPORTED_FILE_TYPE, "image", *words)
    assert_nothing_written(product)


def test_a_png_named_jpg_is_refused(product, owner):
    with pytest.raises(ServiceError) as excinfo:
        add(product, owner, upload("anh.jpg", image_bytes("PNG")))
    refused(excinfo, ErrorCode.UNSUPPORTED_FILE_TYPE, "image", ".jpg", "PNG")
    assert_nothing_written(product)


def test_an_empty_file_is_refused(product, owner):
    with pytest.raises(ServiceError) as excinfo:
        add(product, owner, upload("anh.png", b""))
    refused(excinfo, ErrorCode.INVALID, "image", "empty")
    assert_nothing_written(product)


def test_no_file_is_refused(product, owner):
    with pytest.raises(ServiceError) as excinfo:
        media_services.media_create(product=product, actor=owner, image=None)
    refused(excinfo, ErrorCode.REQUIRED, "image", "file")
    assert_nothing_written(product)


def test_an_oversized_file_is_refused_with_both_sizes(product, owner, settings):
    settings.MAX_IMAGE_UPLOAD_BYTES = 1024 * 1024
    png = image_bytes("PNG")
    padded = png + b"\0" * (1536 * 1024 - len(png))  # a valid PNG of exactly 1.5 MB

    with pytest.raises(ServiceError) as excinfo:
        add(product, owner, upload("nang.png", padded))

    refused(excinfo, ErrorCode.FILE_TOO_LARGE, "image", "1.5 MB", "limit is 1 MB")
    assert_nothing_written(product)


def test_a_file_at_the_limit_is_accepted(product, owner, settings):
    data = image_bytes("PNG")
    settings.MAX_IMAGE_UPLOAD_BYTES = len(data)
    assert add(product, owner, upload("anh.png", data)).pk


def _cut(fmt):
    data = image_bytes(fmt, size=(400, 300))
    return data[: len(data) // 2]


@pytest.mark.parametrize(
    "image",
    [
        upload("anh.png", _cut("PNG")),
        upload("anh.jpg", _cut("JPEG")),
        upload("anh.webp", _cut("WEBP")),
        upload("anh.png", b"\x89PNG\r\n\x1a\n" + b"\x00garbage" * 200),
    ],
    ids=["cut png", "cut jpeg", "cut webp", "png header only"],
)
def test_a_damaged_image_is_refused_and_leaves_no_files(product, owner, image):
    with pytest.raises(ServiceError) as excinfo:
        add(product, owner, image)
    refused(excinfo, ErrorCode.INVALID, "image", "damaged")
    assert_nothing_written(product)


def test_an_image_with_too_many_pixels_is_refused(product, owner, settings):
    settings.MAX_IMAGE_PIXELS = 1000

    with pytest.raises(ServiceError) as excinfo:
        add(product, owner, image_upload("PNG", (64, 48)))

    refused(excinfo, ErrorCode.INVALID, "image", "64×48", "too large")
    assert_nothing_written(product)


def test_a_product_has_a_limited_number_of_images(product, owner, monkeypatch):
    monkeypatch.setattr(media_services, "MAX_IMAGES_PER_PRODUCT", 2)
    kept = [add(product, owner), add(product, owner)]
    files_before = stored_files()

    with pytest.raises(ServiceError) as excinfo:
        add(product, owner)

    refused(excinfo, ErrorCode.INVALID, "image", "at most 2 images")
    assert list(product.media.all()) == kept
    assert stored_files() == files_before


def test_the_limit_counts_images_of_this_product_only(product, owner, vendor, monkeypatch):
    monkeypatch.setattr(media_services, "MAX_IMAGES_PER_PRODUCT", 1)
    add(product, owner)
    sibling = ProductFactory(vendor=vendor)
    assert add(sibling, owner).product == sibling


# --- deleting ---------------------------------------------------------------------------------


def test_deleting_removes_the_image_and_its_thumbnails_after_commit(
    product, owner, django_capture_on_commit_callbacks
):
    media = add(product, owner, image_upload("PNG", (700, 300)))
    other = add(product, owner)
    names = [media.image.name, *media.thumbnails.values()]
    assert len(names) == 5

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        media_services.media_delete(media=media, actor=owner)
    # Until the transaction commits the files stay: a rollback must not lose them.
    assert all(default_storage.exists(name) for name in names)
    assert not ProductMedia.objects.filter(pk=media.pk).exists()
    for callback in callbacks:
        callback()

    assert not any(default_storage.exists(name) for name in names)
    assert stored_files() == sorted([other.image.name, *other.thumbnails.values()])


def test_delete_with_commit(product, owner, django_capture_on_commit_callbacks):
    media = add(product, owner)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        media_services.media_delete(media=media, actor=owner)
    assert len(callbacks) == 1
    assert stored_files() == []
    assert not ProductMedia.objects.exists()


# --- permissions ------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["owner", "manager", "staff"])
def test_owner_manager_and_platform_staff_add_images(request, product, role):
    assert add(product, request.getfixturevalue(role)).product == product


@pytest.mark.parametrize("who", OUTSIDERS)
def test_outsiders_cannot_add_images(request, product, who):
    with pytest.raises(ServiceError) as excinfo:
        add(product, outsider(request, who))
    refused(excinfo, ErrorCode.PERMISSION_DENIED, None)
    assert_nothing_written(product)


@pytest.mark.parametrize("who", OUTSIDERS)
def test_outsiders_cannot_delete_images(
    request, product, owner, who, django_capture_on_commit_callbacks
):
    media = add(product, owner)
    files = stored_files()

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ServiceError) as excinfo:
        media_services.media_delete(media=media, actor=outsider(request, who))

    refused(excinfo, ErrorCode.PERMISSION_DENIED, None)
    assert ProductMedia.objects.filter(pk=media.pk).exists()
    assert stored_files() == files


# --- concurrency (PostgreSQL) -----------------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_uploads_racing_for_the_last_place_keep_the_limit(monkeypatch):
    monkeypatch.setattr(media_services, "MAX_IMAGES_PER_PRODUCT", 1)
    owner = VendorMemberFactory().user
    product = ProductFactory(vendor=owner.vendor_memberships.get().vendor)
    ready = threading.Event()

    results = run_in_threads(
        holding_the_transaction(lambda: add(product, owner, png_upload("mot.png")), ready),
        lambda: ready.wait(10) and add(product, owner, png_upload("hai.png")),
    )

    assert isinstance(results[0], ProductMedia), results
    assert isinstance(results[1], ServiceError), results
    assert results[1].codes == [ErrorCode.INVALID]
    assert "at most 1 image." in results[1].errors[0].message
    assert list(product.media.all()) == [results[0]]
    assert stored_files() == sorted([results[0].image.name, *results[0].thumbnails.values()])
