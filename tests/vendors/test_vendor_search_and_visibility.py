"""Folded names for search, who sees which producers, applications and certificates, and adding
a member by email: the domain code under the vendor API."""

import io

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command

from demo.generator.markers import generated_vendors
from marketplace.core.errors import ErrorCode
from marketplace.core.text import fold
from tests.assertions import refused
from tests.factories import (
    CertificateFactory,
    StaffFactory,
    UserFactory,
    VendorFactory,
    VendorMemberFactory,
    draft_application,
    submitted_application,
)
from vendors import selectors
from vendors.models import OcopCertificate, Vendor, VendorMember
from vendors.services.onboarding import application_approve
from vendors.services.vendors import member_add_by_email, vendor_update

pytestmark = pytest.mark.django_db

Verification = OcopCertificate.Verification


# --- folded names ---------------------------------------------------------------------------


def test_every_save_keeps_the_folded_names(vendor, owner):
    vendor.refresh_from_db()
    assert vendor.name_folded == fold(vendor.name)
    assert vendor.legal_name_folded == fold(vendor.legal_name)

    vendor_update(vendor=vendor, actor=owner, display_name="Đặc sản Đà Lạt")
    vendor.refresh_from_db()
    assert vendor.name_folded == "dac san da lat"

    # A save limited to some fields still writes the folded column of a name it writes.
    vendor.legal_name = "Hợp tác xã Ước Lễ"
    vendor.save(update_fields=["legal_name"])
    assert Vendor.objects.values_list("legal_name_folded", flat=True).get(pk=vendor.pk) == (
        "hop tac xa uoc le"
    )


def test_approval_creates_a_producer_with_folded_names():
    application = submitted_application(UserFactory(), display_name="HTX Chè Mộc Châu")
    vendor = application_approve(application=application, actor=StaffFactory())
    vendor.refresh_from_db()
    assert vendor.name_folded == "htx che moc chau"
    assert vendor.legal_name_folded == "hop tac xa che shan tuyet moc chau"


def test_generated_producers_have_folded_names():
    call_command("generate_catalogue", "--products", 30, "--seed", 1, stdout=io.StringIO())
    vendors = list(generated_vendors())
    assert vendors
    for vendor in vendors:
        assert vendor.name_folded == fold(vendor.name) != ""
        assert vendor.legal_name_folded == fold(vendor.legal_name) != ""


# --- visibility -----------------------------------------------------------------------------


def test_suspended_producers_are_visible_to_their_members_and_staff_only(vendor, owner):
    suspended = VendorFactory(status=Vendor.Status.SUSPENDED)
    member = VendorMemberFactory(vendor=suspended).user
    assert set(selectors.vendors_visible_to(AnonymousUser())) == {vendor}
    assert set(selectors.vendors_visible_to(owner)) == {vendor}
    assert set(selectors.vendors_visible_to(member)) == {vendor, suspended}
    assert set(selectors.vendors_visible_to(StaffFactory())) == {vendor, suspended}


def test_a_deactivated_account_sees_only_what_the_public_sees(vendor, owner):
    CertificateFactory(vendor=vendor, verification_status=Verification.PENDING)
    draft_application(owner)
    owner.is_active = False
    owner.save()
    assert selectors.member_vendor_ids(owner) == set()
    assert not selectors.applications_visible_to(owner).exists()
    assert not selectors.certificates_visible_to(owner).exists()


def test_applications_are_seen_by_their_applicant_and_staff():
    mine = draft_application(applicant := UserFactory())
    other = draft_application(UserFactory())
    assert list(selectors.applications_visible_to(applicant)) == [mine]
    assert not selectors.applications_visible_to(AnonymousUser()).exists()
    assert set(selectors.applications_visible_to(StaffFactory())) == {mine, other}


def test_each_certificate_is_listed_once_however_many_members_its_producer_has(vendor, owner):
    VendorMemberFactory.create_batch(3, vendor=vendor)
    verified = CertificateFactory(vendor=vendor)
    pending = CertificateFactory(vendor=vendor, verification_status=Verification.PENDING)
    assert list(selectors.certificates_visible_to(owner).order_by("pk")) == [verified, pending]
    assert list(selectors.certificates_visible_to(UserFactory())) == [verified]


def test_memberships_are_seen_by_the_producer_s_members(vendor, owner, other_owner):
    mine = set(VendorMember.objects.filter(vendor=vendor))
    assert set(selectors.memberships_visible_to(owner)) == mine
    assert not selectors.memberships_visible_to(other_owner).filter(vendor=vendor).exists()
    assert not selectors.memberships_visible_to(AnonymousUser()).exists()


# --- adding a member by email ---------------------------------------------------------------


def test_owner_adds_a_member_by_email_whatever_its_case(vendor, owner):
    colleague = UserFactory(email="ke.toan@example.vn")
    member = member_add_by_email(
        vendor=vendor, actor=owner, email=" KE.TOAN@example.vn ", role="manager"
    )
    assert (member.user, member.role) == (colleague, "manager")


def test_an_address_without_an_account_is_not_found(vendor, owner):
    message = refused(
        lambda: member_add_by_email(
            vendor=vendor, actor=owner, email="nobody@example.vn", role="staff"
        ),
        ErrorCode.NOT_FOUND,
        "email",
    )
    assert "nobody@example.vn" in message


def test_a_deactivated_account_cannot_be_added(vendor, owner):
    UserFactory(email="left@example.vn", is_active=False)
    refused(
        lambda: member_add_by_email(
            vendor=vendor, actor=owner, email="left@example.vn", role="staff"
        ),
        ErrorCode.NOT_FOUND,
        "email",
    )


def test_an_existing_member_is_refused_on_the_email(vendor, owner):
    refused(
        lambda: member_add_by_email(vendor=vendor, actor=owner, email=owner.email, role="staff"),
        ErrorCode.UNIQUE,
        "email",
    )


def test_an_empty_email_is_required(vendor, owner):
    refused(
        lambda: member_add_by_email(vendor=vendor, actor=owner, email="  ", role="staff"),
        ErrorCode.REQUIRED,
        "email",
    )


@pytest.mark.parametrize("email", ["exists@example.vn", "nobody@example.vn"])
def test_non_owners_are_refused_before_the_look_up(vendor, other_owner, email):
    """The same refusal whether or not the address has an account: no account probing."""
    UserFactory(email="exists@example.vn")
    manager = VendorMemberFactory(vendor=vendor, role="manager").user
    for actor in (AnonymousUser(), UserFactory(), other_owner, manager):
        refused(
            lambda actor=actor: member_add_by_email(
                vendor=vendor, actor=actor, email=email, role="owner"
            ),
            ErrorCode.PERMISSION_DENIED,
            None,
        )
    assert list(VendorMember.objects.filter(vendor=vendor).values_list("user", flat=True)) == [
        manager.pk
    ]
