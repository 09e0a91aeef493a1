"""Staff review work in the Django admin goes through the services."""

import pytest
from django.urls import reverse

from catalog.models import Product
from tests.factories import (
    CertificateFactory,
    ProductFactory,
    ProductVariantFactory,
    UserFactory,
    VendorMemberFactory,
    submitted_application,
)
from vendors.models import OcopCertificate, OnboardingApplication, Vendor

pytestmark = pytest.mark.django_db

CHANGELISTS = [
    "vendors_vendor",
    "vendors_onboardingapplication",
    "vendors_ocopcertificate",
    "catalog_product",
    "catalog_category",
    "inventory_location",
    "inventory_stock",
    "geography_province",
    "geography_legacyprovince",
    "geography_commune",
    "accounts_user",
    "outbox_outboxmessage",
]


@pytest.mark.parametrize("name", CHANGELISTS)
def test_review_queues_open(admin_client, name):
    ProductVariantFactory()
    CertificateFactory()
    submitted_application(UserFactory())
    assert admin_client.get(reverse(f"admin:{name}_changelist")).status_code == 200


def test_staff_approve_an_application_from_the_admin(admin_client):
    application = submitted_application(UserFactory())
    page = admin_client.get(
        reverse("admin:vendors_onboardingapplication_change", args=[application.pk])
    )
    assert page.status_code == 200
    assert "giay-phep-kinh-doanh.pdf" in page.content.decode()  # the document link

    response = admin_client.post(
        reverse("admin:vendors_onboardingapplication_changelist"),
        {"action": "approve", "_selected_action": [application.pk]},
        follow=True,
    )

    assert response.status_code == 200
    application.refresh_from_db()
    assert application.status == OnboardingApplication.Status.APPROVED
    assert Vendor.objects.filter(tax_code=application.tax_code).count() == 1

    # Approving again is refused by the service and shown as an error; nothing is created.
    response = admin_client.post(
        reverse("admin:vendors_onboardingapplication_changelist"),
        {"action": "approve", "_selected_action": [application.pk]},
        follow=True,
    )
    assert "Hồ sơ này đã được duyệt rồi." in response.content.decode()  # admin speaks Vietnamese
    assert Vendor.objects.filter(tax_code=application.tax_code).count() == 1


def test_rejecting_asks_for_a_note_first(admin_client):
    application = submitted_application(UserFactory())
    url = reverse("admin:vendors_onboardingapplication_changelist")

    form = admin_client.post(url, {"action": "reject", "_selected_action": [application.pk]})
    assert form.status_code == 200
    assert 'name="note"' in form.content.decode()
    application.refresh_from_db()
    assert application.status == OnboardingApplication.Status.SUBMITTED

    admin_client.post(
        url,
        {"action": "reject", "_selected_action": [application.pk], "apply": "1",
         "note": "Thiếu giấy an toàn thực phẩm"},
    )  # fmt: skip
    application.refresh_from_db()
    assert application.status == OnboardingApplication.Status.REJECTED
    assert application.events.last().note == "Thiếu giấy an toàn thực phẩm"


def test_staff_verify_certificates_and_approve_listings(admin_client, staff):
    certificate = CertificateFactory(verification_status="pending")
    admin_client.post(
        reverse("admin:vendors_ocopcertificate_changelist"),
        {"action": "verify", "_selected_action": [certificate.pk]},
    )
    certificate.refresh_from_db()
    assert certificate.verification_status == OcopCertificate.Verification.VERIFIED
    assert certificate.reviewed_by == staff

    product = ProductFactory(status=Product.Status.PENDING_REVIEW)
    ProductVariantFactory(product=product)
    admin_client.post(
        reverse("admin:catalog_product_changelist"),
        {"action": "approve", "_selected_action": [product.pk]},
    )
    product.refresh_from_db()
    assert product.status == Product.Status.PUBLISHED
    assert product.published_at is not None


def test_shoppers_cannot_open_the_admin(client):
    client.force_login(UserFactory())
    response = client.get(reverse("admin:vendors_onboardingapplication_changelist"))
    assert response.status_code == 302


def _vendor_form_data(vendor, member, **overrides):
    data = {
        "legal_name": vendor.legal_name, "name": vendor.name, "slug": vendor.slug,
        "kind": vendor.kind, "tax_code": vendor.tax_code, "commune": vendor.commune_id,
        "street_address": vendor.street_address, "phone": vendor.phone, "email": vendor.email,
        "story": vendor.story, "status": vendor.status, "commission_rate": "10.00",
        "members-TOTAL_FORMS": "1", "members-INITIAL_FORMS": "1",
        "members-MIN_NUM_FORMS": "0", "members-MAX_NUM_FORMS": "1000",
        "members-0-id": member.pk, "members-0-vendor": vendor.pk,
        "members-0-user": member.user_id, "members-0-role": member.role,
    }  # fmt: skip
    return {**data, **overrides}


def test_staff_edits_legal_details_with_the_same_normalising(admin_client, vendor):
    member = VendorMemberFactory(vendor=vendor)
    url = reverse("admin:vendors_vendor_change", args=[vendor.pk])
    response = admin_client.post(
        url,
        _vendor_form_data(
            vendor, member, phone="0988 123 456", story="<p>Chè</p><script>x()</script>"
        ),
    )
    assert response.status_code == 302
    vendor.refresh_from_db()
    assert vendor.phone == "+84988123456"
    assert vendor.story == "<p>Chè</p>"

    bad = admin_client.post(url, _vendor_form_data(vendor, member, tax_code="0100233480"))
    assert bad.status_code == 200  # the form comes back with the error
    vendor.refresh_from_db()
    assert vendor.tax_code != "0100233480"


def test_admin_keeps_at_least_one_owner(admin_client, vendor):
    member = VendorMemberFactory(vendor=vendor)
    url = reverse("admin:vendors_vendor_change", args=[vendor.pk])
    response = admin_client.post(
        url, _vendor_form_data(vendor, member, **{"members-0-DELETE": "on"})
    )
    assert response.status_code == 200
    assert member.__class__.objects.filter(pk=member.pk).exists()


# --- review queues ---------------------------------------------------------------------------


def test_the_admin_home_lists_the_queues_with_their_sizes(admin_client):
    submitted_application(UserFactory())
    CertificateFactory(verification_status="pending")
    CertificateFactory(verification_status="verified")
    ProductFactory(status=Product.Status.PENDING_REVIEW)
    ProductFactory(status=Product.Status.PUBLISHED)

    html = admin_client.get(reverse("admin:index")).content.decode()

    assert 'id="review-queues"' in html
    for name in ("vendors_onboardingapplication", "vendors_ocopcertificate", "catalog_product"):
        assert reverse(f"admin:{name}_changelist") + "?queue=pending" in html
    assert html.count("<td><strong>1</strong></td>") == 3


def test_a_queue_opens_on_the_pending_rows_and_can_show_all(admin_client):
    pending = ProductFactory(status=Product.Status.PENDING_REVIEW, name="Chè chờ duyệt")
    ProductFactory(status=Product.Status.PUBLISHED, name="Mật ong đã duyệt")
    url = reverse("admin:catalog_product_changelist")

    queue = admin_client.get(url).content.decode()
    assert "Chè chờ duyệt" in queue and "Mật ong đã duyệt" not in queue
    decide = reverse("admin:catalog_product_decide", args=[pending.pk, "approve"])
    assert f'formaction="{decide}"' in queue  # the one-click button

    everything = admin_client.get(url, {"queue": "all"}).content.decode()
    assert "Chè chờ duyệt" in everything and "Mật ong đã duyệt" in everything
    searched = admin_client.get(url, {"q": "Mật ong"}).content.decode()
    assert "Mật ong đã duyệt" in searched  # a search looks at everything


def test_one_click_approves_a_listing_and_verifies_a_certificate(admin_client, staff):
    product = ProductFactory(status=Product.Status.PENDING_REVIEW)
    ProductVariantFactory(product=product)
    certificate = CertificateFactory(verification_status="pending")

    response = admin_client.post(
        reverse("admin:catalog_product_decide", args=[product.pk, "approve"])
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:catalog_product_changelist")
    admin_client.post(
        reverse("admin:vendors_ocopcertificate_decide", args=[certificate.pk, "verify"])
    )

    product.refresh_from_db()
    certificate.refresh_from_db()
    assert product.status == Product.Status.PUBLISHED
    assert (certificate.verification_status, certificate.reviewed_by) == ("verified", staff)


def test_one_click_reject_asks_for_the_note_then_rejects(admin_client):
    application = submitted_application(UserFactory())
    url = reverse("admin:vendors_onboardingapplication_decide", args=[application.pk, "reject"])

    form = admin_client.post(url)
    assert form.status_code == 200 and 'name="note"' in form.content.decode()
    application.refresh_from_db()
    assert application.status == OnboardingApplication.Status.SUBMITTED

    admin_client.post(url, {"apply": "1", "note": "Thiếu giấy chứng nhận"})
    application.refresh_from_db()
    assert application.status == OnboardingApplication.Status.REJECTED
    assert application.events.last().note == "Thiếu giấy chứng nhận"


def test_one_click_decisions_are_posts_of_known_actions_by_staff(admin_client, client):
    product = ProductFactory(status=Product.Status.PENDING_REVIEW)
    approve = reverse("admin:catalog_product_decide", args=[product.pk, "approve"])
    assert admin_client.get(approve).status_code == 405
    archive = reverse("admin:catalog_product_decide", args=[product.pk, "archive"])
    assert admin_client.post(archive).status_code == 404  # not a one-click decision
    missing = reverse("admin:catalog_product_decide", args=[999_999, "approve"])
    assert admin_client.post(missing).status_code == 404

    client.logout()
    client.force_login(UserFactory())
    assert client.post(approve).status_code == 302  # to the admin's login
    product.refresh_from_db()
    assert product.status == Product.Status.PENDING_REVIEW
