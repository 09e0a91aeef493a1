"""Hostile uploads through every way in (GraphQL multipart and the dashboard's forms): a
decompression bomb, an SVG with script, a JPEG that is also a PDF, 30 MB, a truncated JPEG and
files whose name or declared type lies. Each gets a clear error with its code; nothing is
written (no row, no file in MEDIA_ROOT or PRIVATE_MEDIA_ROOT, no temporary file left), and
checking a bomb never decodes it."""

import datetime
import os
import tempfile
import tracemalloc
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.urls import reverse
from PIL import Image

from catalog.models import ProductMedia
from marketplace.core.errors import ErrorCode, ServiceError
from marketplace.core.files import check_document, check_image
from tests.factories import ProductVariantFactory, UserFactory, draft_application, product_set
from tests.files import pdf_bytes, upload
from tests.graphql.catalog_fixtures import gid
from tests.graphql.client import GraphQLClient
from tests.security.upload_payloads import CASES, bomb_png, hostile_upload
from vendors.models import ApplicationDocument, OcopCertificate

pytestmark = pytest.mark.django_db

ERRORS = "errors { field code message }"
MEDIA_CREATE = f"""
mutation($productId: ID!, $image: Upload!) {{
  productMediaCreate(productId: $productId, image: $image) {{ media {{ id }} {ERRORS} }}
}}"""
DOCUMENT_UPLOAD = f"""
mutation($applicationId: ID!, $file: Upload!) {{
  vendorDocumentUpload(applicationId: $applicationId, kind: BUSINESS_REGISTRATION, file: $file) {{
    document {{ id }} {ERRORS}
  }}
}}"""


@pytest.fixture
def scene(vendor, owner, settings, tmp_path, monkeypatch):
    """A producer's draft product and an applicant's draft application; uploads spill to a
    temporary folder of the test's own, watched for leftovers."""
    spill = tmp_path / "upload-temp"
    spill.mkdir()
    settings.FILE_UPLOAD_TEMP_DIR = str(spill)
    monkeypatch.setattr(tempfile, "tempdir", str(spill))  # anything else using the temp dir
    product = ProductVariantFactory(product__vendor=vendor, product__status="draft").product
    applicant = UserFactory()
    return SimpleNamespace(
        product=product,
        owner=owner,
        applicant=applicant,
        application=draft_application(applicant),
        spill=spill,
    )


def _graphql_media(scene, client, file):
    response = GraphQLClient(scene.owner).upload(
        MEDIA_CREATE, {"productId": gid(scene.product), "image": None}, {"image": file}
    )
    return response.json()["data"]["productMediaCreate"]["errors"], "image"


def _graphql_document(scene, client, file):
    response = GraphQLClient(scene.applicant).upload(
        DOCUMENT_UPLOAD,
        {"applicationId": gid(scene.application), "file": None},
        {"file": file},
    )
    return response.json()["data"]["vendorDocumentUpload"]["errors"], "file"


def _form(client, user, url, data):
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(url, data)
    assert response.status_code == 400
    return response.content.decode()


def _image_form(scene, client, file):
    url = reverse("dashboard:product-image", args=[scene.product.pk])
    return _form(client, scene.owner, url, {"image": file, "alt": "Ảnh"}), None


def _document_form(scene, client, file):
    data = {"kind": "business_registration", "file": file}
    return _form(client, scene.applicant, reverse("dashboard:apply-document"), data), None


def _certificate_form(scene, client, file):
    data = {
        "product_name": "Chè Shan tuyết",
        "product_set": product_set().pk,
        "decision_number": "1234/QĐ-UBND",
        "decision_date": (datetime.date.today() - datetime.timedelta(days=30)).isoformat(),
        "issuing_body": "UBND tỉnh Sơn La",
        "level": "province",
        "stars": "4",
        "score": "75",
        "document": file,
    }
    return _form(client, scene.owner, reverse("dashboard:certificate-new"), data), None


WAYS_IN = {
    "graphql productMediaCreate": _graphql_media,
    "graphql vendorDocumentUpload": _graphql_document,
    "dashboard image form": _image_form,
    "application document form": _document_form,
    "certificate form": _certificate_form,
}


def stored_anywhere() -> list[str]:
    roots = (settings.MEDIA_ROOT, settings.PRIVATE_MEDIA_ROOT)
    return [
        os.path.join(folder, name)
        for root in roots
        for folder, _dirs, names in os.walk(root)
        for name in names
    ]


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("way_in", WAYS_IN)
def test_a_hostile_upload_is_refused_clearly_and_leaves_nothing(scene, client, way_in, case):
    _name, _type, _content, code, words = CASES[case]
    answer, field = WAYS_IN[way_in](scene, client, hostile_upload(case))
    if field is None:  # a web form: the message next to the file field, in the page
        assert words in answer, answer
    else:
        assert [(error["field"], error["code"]) for error in answer] == [(field, code)]
    assert ProductMedia.objects.count() == 0
    assert ApplicationDocument.objects.count() == 0
    assert OcopCertificate.objects.count() == 0
    assert stored_anywhere() == []
    assert os.listdir(scene.spill) == []


@pytest.mark.parametrize("check", [check_image, check_document])
def test_a_bomb_is_refused_from_its_header_without_decoding(check):
    assert Image.MAX_IMAGE_PIXELS == settings.MAX_IMAGE_PIXELS  # set at startup, deliberately
    bomb = hostile_upload("decompression bomb")
    tracemalloc.start()
    try:
        with pytest.raises(ServiceError) as excinfo:
            check(bomb)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert excinfo.value.codes == [ErrorCode.INVALID]
    assert "too large" in excinfo.value.errors[0].message
    assert peak < 5 * 1024 * 1024  # decoding it would take 400 MB
    assert len(bomb_png()) < 100 * 1024


def test_pillow_turns_its_bomb_warning_into_an_error(settings):
    """Between MAX_IMAGE_PIXELS and twice that Pillow only warns: the warning is an error."""
    side = int((settings.MAX_IMAGE_PIXELS * 1.5) ** 0.5)
    with pytest.raises(ServiceError) as excinfo:
        check_image(upload("bomb.png", bomb_png(side), "image/png"))
    assert excinfo.value.codes == [ErrorCode.INVALID]
    assert "more than 40,000,000 pixels" in excinfo.value.errors[0].message


@pytest.mark.parametrize("way_in", ["graphql vendorDocumentUpload", "application document form"])
def test_a_pdf_cut_short_is_refused_and_leaves_nothing(scene, client, way_in):
    cut = upload("registration.pdf", pdf_bytes()[:-40], "application/pdf")
    answer, field = WAYS_IN[way_in](scene, client, cut)
    if field is None:
        assert "incomplete or damaged" in answer
    else:
        assert [(error["field"], error["code"]) for error in answer] == [(field, "INVALID")]
    assert ApplicationDocument.objects.count() == 0
    assert stored_anywhere() == []
    assert os.listdir(scene.spill) == []
