"""A row whose file is gone from disk (a restore without the media volume, a fresh clone next
to an old database) answers 404 with a warning naming the object and its path, never a 500:
certificate scans, application documents, product images and thumbnails, and the pages and
admin screens that link to them."""

import logging
import os

import pytest
from django.urls import reverse

from catalog.services.media import media_create
from tests.factories import CertificateFactory, ProductVariantFactory, StaffFactory, UserFactory
from tests.files import pdf_upload, png_upload
from vendors.services.onboarding import application_create, application_document_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(client):
    staff = StaffFactory(is_superuser=True)
    client.force_login(staff)
    return staff


def delete_file(field_file) -> str:
    name = field_file.name
    field_file.storage.delete(name)
    assert not field_file.storage.exists(name)
    return name


def fetch(client, url):
    """GET, reading a streamed file to its end (which closes it; closing the response by hand
    would also close the test's database connection)."""
    response = client.get(url)
    if response.streaming:
        b"".join(response.streaming_content)
    return response


def assert_logged_missing(caplog, object_id, path):
    warnings = [r for r in caplog.records if r.name == "marketplace.files"]
    assert len(warnings) == 1, caplog.records
    record = warnings[0]
    assert record.levelno == logging.WARNING
    assert (record.object_id, record.path) == (object_id, path)
    assert str(object_id) in record.getMessage() and path in record.getMessage()


@pytest.fixture
def certificate(vendor):
    return CertificateFactory(vendor=vendor)


@pytest.fixture
def document():
    applicant = UserFactory()
    application = application_create(applicant=applicant, display_name="HTX Chè")
    return application_document_upload(
        application=application,
        actor=applicant,
        kind="business_registration",
        file=pdf_upload("dang-ky.pdf"),
    )


@pytest.fixture
def media(vendor, owner):
    variant = ProductVariantFactory(product__vendor=vendor)
    return media_create(product=variant.product, actor=owner, image=png_upload(size=(800, 600)))


@pytest.mark.parametrize(
    ("fixture", "view", "attribute"),
    [
        ("certificate", "vendors:certificate-document", "document"),
        ("document", "vendors:application-document", "file"),
    ],
    ids=["certificate scan", "application document"],
)
def test_a_private_file_missing_on_disk_is_a_logged_404(
    client, superuser, request, caplog, fixture, view, attribute
):
    row = request.getfixturevalue(fixture)
    url = reverse(view, args=[row.pk])
    assert fetch(client, url).status_code == 200
    path = delete_file(getattr(row, attribute))
    caplog.clear()
    assert fetch(client, url).status_code == 404
    assert_logged_missing(caplog, row.pk, path)


def test_a_path_that_is_a_folder_is_a_logged_404_too(client, superuser, certificate, caplog):
    path = delete_file(certificate.document)
    os.makedirs(certificate.document.storage.path(path))  # a botched restore
    caplog.clear()
    url = reverse("vendors:certificate-document", args=[certificate.pk])
    assert fetch(client, url).status_code == 404
    assert_logged_missing(caplog, certificate.pk, path)


@pytest.mark.parametrize("which", ["image", "thumbnail"])
def test_a_product_image_missing_on_disk_is_a_logged_404(client, media, which, caplog):
    name = media.image.name if which == "image" else media.thumbnails["320"]
    url = media.image.storage.url(name)
    assert fetch(client, url).status_code == 200
    media.image.storage.delete(name)
    caplog.clear()
    assert fetch(client, url).status_code == 404
    object_id = media.product_id if which == "image" else media.pk
    assert_logged_missing(caplog, object_id, name)


def test_pages_showing_missing_files_still_open(client, superuser, media, certificate):
    product = media.product
    product.certificate = certificate
    product.save()
    for name in [media.image.name, *media.thumbnails.values()]:
        media.image.storage.delete(name)
    delete_file(certificate.document)
    pages = [
        reverse("storefront:home"),
        reverse("storefront:products"),
        reverse("storefront:product", args=[product.slug]),
        reverse("dashboard:product-edit", args=[product.pk]) + f"?vendor={product.vendor.slug}",
        reverse("admin:catalog_product_change", args=[product.pk]),
        reverse("admin:catalog_product_changelist") + "?queue=all",
        reverse("admin:vendors_ocopcertificate_change", args=[certificate.pk]),
    ]
    product.vendor.members.create(user=superuser, role="owner")
    for url in pages:
        assert client.get(url).status_code == 200, url
    # The admin's link to the scan leads to the logged 404, not to an error page.
    scan = reverse("vendors:certificate-document", args=[certificate.pk])
    assert scan in client.get(pages[-1]).content.decode()
    assert fetch(client, scan).status_code == 404
