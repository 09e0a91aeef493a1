"""Changing a producer: its own details, its status (staff) and its members (owners)."""

from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.forms.models import model_to_dict

from marketplace.core.errors import ErrorCode, ServiceError
from tests.assertions import refused
from tests.concurrency import run_in_threads
from tests.factories import StaffFactory, UserFactory, VendorMemberFactory
from tests.files import pdf_bytes, png_upload, upload
from vendors.models import Vendor, VendorMember
from vendors.selectors import active_vendors
from vendors.services.vendors import member_add, member_remove, vendor_set_status, vendor_update

Role = VendorMember.Role


def state(vendor) -> dict:
    """Everything a refused call must leave as it was."""
    fresh = Vendor.objects.get(pk=vendor.pk)
    return {
        "vendor": {k: v for k, v in model_to_dict(fresh).items() if k != "logo"},
        "logo": fresh.logo.name,
        "members": sorted(
            VendorMember.objects.filter(vendor=vendor).values_list("user_id", "role")
        ),
        "media": sorted(p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file())
        if Path(settings.MEDIA_ROOT).exists()
        else [],
    }


def member(vendor, role):
    return VendorMemberFactory(vendor=vendor, role=role).user


# --- vendor_update --------------------------------------------------------------------------


def test_owner_updates_the_self_service_details(vendor, owner):
    slug = vendor.slug
    updated = vendor_update(
        vendor=vendor,
        actor=owner,
        display_name="  HTX Chè Shan tuyết Tà Xùa ",
        phone="024 3825 3536",
        email="LienHe@HTX.vn",
        commune="02155",
        street_address="Bản Tà Xùa",
        story='<p>Chè <strong>cổ thụ</strong></p><script>alert("x")</script>'
        '<img src=x onerror="alert(1)">',
    )
    vendor.refresh_from_db()
    assert updated.pk == vendor.pk
    assert vendor.name == "HTX Chè Shan tuyết Tà Xùa"
    assert vendor.phone == "+842438253536"
    assert vendor.email == "lienhe@htx.vn"
    assert vendor.commune.code == "02155"
    assert vendor.province.short_name == "Thái Nguyên"
    assert vendor.story == "<p>Chè <strong>cổ thụ</strong></p>"
    assert vendor.slug == slug  # links to the shop keep working


@pytest.mark.parametrize("role", [Role.OWNER, Role.MANAGER])
def test_owners_and_managers_update(vendor, role):
    vendor_update(vendor=vendor, actor=member(vendor, role), display_name="Tên mới")
    vendor.refresh_from_db()
    assert vendor.name == "Tên mới"


def test_platform_staff_update(vendor, staff):
    vendor_update(vendor=vendor, actor=staff, street_address="Tiểu khu 2")
    vendor.refresh_from_db()
    assert vendor.street_address == "Tiểu khu 2"


@pytest.mark.parametrize("who", ["staff member", "other producer", "shopper", "anonymous"])
def test_others_cannot_update(vendor, other_owner, shopper, who):
    actor = {
        "staff member": member(vendor, Role.STAFF),
        "other producer": other_owner,
        "shopper": shopper,
        "anonymous": AnonymousUser(),
    }[who]
    before = state(vendor)
    refused(
        lambda: vendor_update(vendor=vendor, actor=actor, display_name="Chiếm quyền"),
        ErrorCode.PERMISSION_DENIED,
        None,
    )
    assert state(vendor) == before


def test_a_deactivated_owner_cannot_update(vendor):
    owner = VendorMemberFactory(vendor=vendor, user__is_active=False).user
    before = state(vendor)
    refused(
        lambda: vendor_update(vendor=vendor, actor=owner, display_name="Tên mới"),
        ErrorCode.PERMISSION_DENIED,
        None,
    )
    assert state(vendor) == before


@pytest.mark.parametrize(
    ("field", "value"),
    [("legal_name", "Công ty TNHH Khác"), ("tax_code", "0100233488"), ("kind", "enterprise")],
)
def test_legal_details_are_changed_by_staff_only(vendor, owner, field, value):
    before = state(vendor)
    message = refused(
        lambda: vendor_update(vendor=vendor, actor=owner, display_name="Mới", **{field: value}),
        ErrorCode.PERMISSION_DENIED,
        field,
    )
    assert "staff" in message
    assert state(vendor) == before  # the allowed display name was not saved either


@pytest.mark.parametrize("field", ["status", "commission_rate", "slug", "colour"])
def test_fields_that_are_not_details_are_refused(vendor, owner, field):
    before = state(vendor)
    refused(
        lambda: vendor_update(vendor=vendor, actor=owner, **{field: "x"}), ErrorCode.INVALID, field
    )
    assert state(vendor) == before


def test_an_invalid_phone_is_refused_on_the_phone_field(vendor, owner):
    before = state(vendor)
    message = refused(
        lambda: vendor_update(
            vendor=vendor, actor=owner, display_name="Tên mới", phone="+1 650 253 0000"
        ),
        ErrorCode.INVALID,
        "phone",
    )
    assert "Vietnamese phone number" in message
    assert state(vendor) == before


@pytest.mark.parametrize("field", ["display_name", "phone", "commune"])
def test_required_details_cannot_be_cleared(vendor, owner, field):
    before = state(vendor)
    refused(
        lambda: vendor_update(vendor=vendor, actor=owner, **{field: "  "}),
        ErrorCode.REQUIRED,
        field,
    )
    assert state(vendor) == before


def test_optional_details_can_be_cleared(vendor, owner):
    vendor_update(vendor=vendor, actor=owner, email="", street_address="", story="")
    vendor.refresh_from_db()
    assert (vendor.email, vendor.street_address, vendor.story) == ("", "", "")


def test_owner_uploads_a_logo(vendor, owner):
    vendor_update(vendor=vendor, actor=owner, logo=png_upload("logo.png"))
    vendor.refresh_from_db()
    assert vendor.logo.name == f"vendors/logos/{vendor.slug}.png"
    assert Path(vendor.logo.path).is_file()
    assert str(vendor.logo.path).startswith(str(settings.MEDIA_ROOT))


@pytest.mark.parametrize(
    ("logo", "code"),
    [
        (lambda: upload("logo.png", pdf_bytes()), ErrorCode.UNSUPPORTED_FILE_TYPE),
        (lambda: upload("logo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100), ErrorCode.INVALID),
        (lambda: upload("logo.png", b""), ErrorCode.INVALID),
    ],
    ids=["pdf-named-png", "damaged", "empty"],
)
def test_a_bad_logo_is_refused_and_nothing_is_stored(vendor, owner, logo, code):
    before = state(vendor)
    refused(
        lambda: vendor_update(vendor=vendor, actor=owner, display_name="Mới", logo=logo()),
        code,
        "logo",
    )
    assert state(vendor) == before


# --- vendor_set_status ----------------------------------------------------------------------


def test_staff_suspend_and_reactivate_a_producer(vendor, staff):
    vendor_set_status(vendor=vendor, actor=staff, status=Vendor.Status.SUSPENDED)
    vendor.refresh_from_db()
    assert vendor.status == Vendor.Status.SUSPENDED
    assert not vendor.is_active
    assert vendor not in active_vendors()
    vendor_set_status(vendor=vendor, actor=staff, status=Vendor.Status.ACTIVE)
    vendor.refresh_from_db()
    assert vendor.is_active
    assert vendor in active_vendors()


@pytest.mark.parametrize("who", ["owner", "other producer", "anonymous", "former staff"])
def test_only_staff_change_a_producers_status(vendor, owner, other_owner, who):
    actor = {
        "owner": owner,
        "other producer": other_owner,
        "anonymous": AnonymousUser(),
        "former staff": StaffFactory(is_active=False),
    }[who]
    before = state(vendor)
    message = refused(
        lambda: vendor_set_status(vendor=vendor, actor=actor, status=Vendor.Status.SUSPENDED),
        ErrorCode.PERMISSION_DENIED,
        None,
    )
    assert "staff" in message
    assert state(vendor) == before


def test_unknown_status_is_refused(vendor, staff):
    before = state(vendor)
    refused(
        lambda: vendor_set_status(vendor=vendor, actor=staff, status="closed"),
        ErrorCode.INVALID,
        "status",
    )
    assert state(vendor) == before


# --- members --------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.OWNER, Role.MANAGER, Role.STAFF])
def test_owner_adds_members(vendor, owner, role):
    user = UserFactory()
    added = member_add(vendor=vendor, actor=owner, user=user, role=role)
    assert (added.vendor, added.user, added.role) == (vendor, user, role)


def test_staff_add_members(vendor, staff):
    user = UserFactory()
    member_add(vendor=vendor, actor=staff, user=user, role=Role.OWNER)
    assert VendorMember.objects.get(vendor=vendor, user=user).role == Role.OWNER


@pytest.mark.parametrize("who", ["manager", "staff member", "other producer", "anonymous"])
def test_only_owners_add_members(vendor, other_owner, who):
    actor = {
        "manager": member(vendor, Role.MANAGER),
        "staff member": member(vendor, Role.STAFF),
        "other producer": other_owner,
        "anonymous": AnonymousUser(),
    }[who]
    before = state(vendor)
    refused(
        lambda: member_add(vendor=vendor, actor=actor, user=UserFactory(), role=Role.OWNER),
        ErrorCode.PERMISSION_DENIED,
        None,
    )
    assert state(vendor) == before


def test_adding_a_member_twice_is_refused(vendor, owner):
    user = member(vendor, Role.STAFF)
    before = state(vendor)
    message = refused(
        lambda: member_add(vendor=vendor, actor=owner, user=user, role=Role.MANAGER),
        ErrorCode.UNIQUE,
        "user",
    )
    assert "already a member" in message
    assert state(vendor) == before  # still staff, not promoted


def test_unknown_role_is_refused(vendor, owner):
    before = state(vendor)
    refused(
        lambda: member_add(vendor=vendor, actor=owner, user=UserFactory(), role="admin"),
        ErrorCode.INVALID,
        "role",
    )
    assert state(vendor) == before


def test_a_user_may_belong_to_several_producers(vendor, owner, other_vendor, other_owner):
    user = UserFactory()
    member_add(vendor=vendor, actor=owner, user=user, role=Role.STAFF)
    member_add(vendor=other_vendor, actor=other_owner, user=user, role=Role.MANAGER)
    assert VendorMember.objects.filter(user=user).count() == 2


def test_owner_removes_a_member(vendor, owner):
    staff_member = VendorMemberFactory(vendor=vendor, role=Role.STAFF)
    member_remove(member=staff_member, actor=owner)
    assert not VendorMember.objects.filter(pk=staff_member.pk).exists()


def test_the_last_owner_cannot_be_removed(vendor, owner, staff):
    last = VendorMember.objects.get(vendor=vendor, user=owner)
    before = state(vendor)
    for actor in (owner, staff):
        message = refused(
            lambda actor=actor: member_remove(member=last, actor=actor), ErrorCode.INVALID, "member"
        )
        assert "at least one owner" in message
    assert state(vendor) == before


def test_an_owner_may_leave_when_another_owner_stays(vendor, owner):
    second = member(vendor, Role.OWNER)
    member_remove(member=VendorMember.objects.get(vendor=vendor, user=owner), actor=owner)
    assert list(VendorMember.objects.filter(vendor=vendor).values_list("user", "role")) == [
        (second.pk, Role.OWNER)
    ]


def test_removing_someone_already_removed_says_so(vendor, owner):
    target = VendorMemberFactory(vendor=vendor, role=Role.STAFF)
    stale = VendorMember.objects.get(pk=target.pk)
    member_remove(member=target, actor=owner)
    message = refused(
        lambda: member_remove(member=stale, actor=owner), ErrorCode.NOT_FOUND, "member"
    )
    assert "no longer a member" in message


def test_a_member_promoted_meanwhile_is_judged_by_their_role_now(vendor, owner):
    """The caller loaded a staff member who has since become the only owner."""
    promoted = VendorMemberFactory(vendor=vendor, role=Role.STAFF)
    stale = VendorMember.objects.get(pk=promoted.pk)
    VendorMember.objects.filter(pk=promoted.pk).update(role=Role.OWNER)
    VendorMember.objects.filter(vendor=vendor, user=owner).update(role=Role.MANAGER)
    refused(lambda: member_remove(member=stale, actor=StaffFactory()), ErrorCode.INVALID, "member")
    assert VendorMember.objects.filter(vendor=vendor, role=Role.OWNER).count() == 1


@pytest.mark.parametrize("who", ["manager", "staff member", "anonymous"])
def test_only_owners_remove_members(vendor, who):
    actor = {
        "manager": member(vendor, Role.MANAGER),
        "staff member": member(vendor, Role.STAFF),
        "anonymous": AnonymousUser(),
    }[who]
    target = VendorMemberFactory(vendor=vendor, role=Role.STAFF)
    before = state(vendor)
    refused(lambda: member_remove(member=target, actor=actor), ErrorCode.PERMISSION_DENIED, None)
    assert state(vendor) == before


# --- one producer never changes another -----------------------------------------------------


@pytest.mark.parametrize(
    "call",
    [
        lambda vendor, actor: vendor_update(vendor=vendor, actor=actor, display_name="Của tôi"),
        lambda vendor, actor: vendor_update(vendor=vendor, actor=actor, logo=png_upload()),
        lambda vendor, actor: vendor_set_status(vendor=vendor, actor=actor, status="suspended"),
        lambda vendor, actor: member_add(vendor=vendor, actor=actor, user=actor, role="owner"),
        lambda vendor, actor: member_remove(
            member=VendorMemberFactory(vendor=vendor, role="staff"), actor=actor
        ),
        lambda vendor, actor: member_remove(member=vendor.members.get(), actor=actor),
    ],
    ids=["update", "logo", "status", "add-self", "remove-member", "remove-owner"],
)
@pytest.mark.parametrize("role", [Role.OWNER, Role.MANAGER, Role.STAFF])
def test_a_producers_member_never_changes_another_producer(vendor, owner, other_vendor, role, call):
    intruder = member(other_vendor, role)
    before = state(vendor)
    with pytest.raises(ServiceError) as exc:
        call(vendor, intruder)
    assert exc.value.codes == [ErrorCode.PERMISSION_DENIED]
    after = state(vendor)
    # The remove-member case created its target before the call; only it may differ.
    after["members"] = [m for m in after["members"] if m in before["members"]]
    assert after == before
    assert not VendorMember.objects.filter(vendor=vendor, user=intruder).exists()


# --- concurrency (PostgreSQL) ---------------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_owners_removing_each_other_at_once_leave_one_owner():
    first = VendorMemberFactory(role=Role.OWNER)
    vendor = first.vendor
    second = VendorMemberFactory(vendor=vendor, role=Role.OWNER)
    results = run_in_threads(
        lambda: member_remove(member=second, actor=first.user),
        lambda: member_remove(member=first, actor=second.user),
    )
    errors = [r for r in results if isinstance(r, ServiceError)]
    assert results.count(None) == 1 and len(errors) == 1, results
    assert errors[0].codes in ([ErrorCode.PERMISSION_DENIED], [ErrorCode.INVALID])
    assert VendorMember.objects.filter(vendor=vendor, role=Role.OWNER).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_adding_one_member_twice_at_once_adds_them_once():
    owner = VendorMemberFactory(role=Role.OWNER)
    user = UserFactory()
    results = run_in_threads(
        *[
            lambda: member_add(vendor=owner.vendor, actor=owner.user, user=user, role=Role.STAFF)
            for _ in range(2)
        ]
    )
    errors = [r for r in results if isinstance(r, ServiceError)]
    assert len(errors) == 1 and errors[0].codes == [ErrorCode.UNIQUE], results
    assert VendorMember.objects.filter(vendor=owner.vendor, user=user).count() == 1
