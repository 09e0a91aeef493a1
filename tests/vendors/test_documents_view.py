"""Private files (business registrations, certificate scans) are streamed only to people allowed
to see them, never cached, and a refusal does not reveal that the file exists (404)."""

import pytest
from django.urls import reverse

from tests.factories import CertificateFactory, StaffFactory, UserFactory, VendorMemberFactory
from tests.files import image_bytes, pdf_upload, png_upload
from vendors.models import ApplicationDocument
from vendors.services.onboarding import application_create, application_document_upload

pytestmark = pytest.mark.django_db


def fetch(client, url, user=None):
    if user is not None:
        client.force_login(user)
    response = client.get(url)
    body = b"".join(response.streaming_content) if response.status_code == 200 else b""
    response.close()
    return response, body


def assert_private_file(response, body, content_type: str, field_file):
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("inline")
    with field_file.open("rb") as stored:
        assert body == stored.read()


@pytest.fixture
def applicant():
    return UserFactory()


@pytest.fixture
def document(applicant):
    application = application_create(applicant=applicant, display_name="HTX Chè")
    return application_document_upload(
        application=application,
        actor=applicant,
        kind=ApplicationDocument.Kind.BUSINESS_REGISTRATION,
        file=pdf_upload("dang-ky-kinh-doanh.pdf"),
    )


def document_url(document):
    return reverse("vendors:application-document", args=[document.pk])


def test_applicant_fetches_their_document(client, applicant, document):
    response, body = fetch(client, document_url(document), applicant)
    assert_private_file(response, body, "application/pdf", document.file)
    assert body.startswith(b"%PDF-")
    assert "dang-ky-kinh-doanh.pdf" in response["Content-Disposition"]


def test_staff_fetch_any_applicants_document(client, document):
    response, body = fetch(client, document_url(document), StaffFactory())
    assert_private_file(response, body, "application/pdf", document.file)


def test_an_image_document_keeps_its_content_type(client, applicant):
    application = application_create(applicant=applicant)
    image = application_document_upload(
        application=application,
        actor=applicant,
        kind=ApplicationDocument.Kind.FOOD_SAFETY,
        file=png_upload("attp.png"),
    )
    response, body = fetch(client, document_url(image), applicant)
    assert_private_file(response, body, "image/png", image.file)
    assert body == image_bytes("PNG")


@pytest.mark.parametrize("who", ["another user", "a producer", "former staff", "anonymous"])
def test_others_get_not_found(client, document, vendor, who):
    user = {
        "another user": UserFactory(),
        "a producer": VendorMemberFactory(vendor=vendor).user,
        "former staff": StaffFactory(is_active=False),
        "anonymous": None,
    }[who]
    response, _ = fetch(client, document_url(document), user)
    assert response.status_code == 404


def test_a_missing_document_is_not_found(client, staff):
    response, _ = fetch(client, reverse("vendors:application-document", args=[999999]), staff)
    assert response.status_code == 404


# --- certificate scans ----------------------------------------------------------------------


@pytest.fixture
def certificate(vendor):
    return CertificateFactory(vendor=vendor)


def certificate_url(certificate):
    return reverse("vendors:certificate-document", args=[certificate.pk])


@pytest.mark.parametrize("role", ["owner", "manager", "staff"])
def test_every_member_of_the_producer_fetches_its_certificate_scan(
    client, vendor, certificate, role
):
    user = VendorMemberFactory(vendor=vendor, role=role).user
    response, body = fetch(client, certificate_url(certificate), user)
    assert_private_file(response, body, "application/pdf", certificate.document)


def test_platform_staff_fetch_certificate_scans(client, certificate, staff):
    response, body = fetch(client, certificate_url(certificate), staff)
    assert_private_file(response, body, "application/pdf", certificate.document)


@pytest.mark.parametrize("who", ["other producer", "shopper", "deactivated owner", "anonymous"])
def test_others_do_not_see_certificate_scans(client, vendor, certificate, other_owner, who):
    user = {
        "other producer": other_owner,
        "shopper": UserFactory(),
        "deactivated owner": VendorMemberFactory(vendor=vendor, user__is_active=False).user,
        "anonymous": None,
    }[who]
    response, _ = fetch(client, certificate_url(certificate), user)
    assert response.status_code == 404


def test_a_certificate_without_a_scan_is_not_found(client, vendor, staff):
    certificate = CertificateFactory(vendor=vendor, document="")
    response, _ = fetch(client, certificate_url(certificate), staff)
    assert response.status_code == 404
