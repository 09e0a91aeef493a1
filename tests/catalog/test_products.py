import threading

import pytest
from django.utils import timezone

from catalog.models import Category, Product, ProductEvent
from catalog.services import products
from marketplace.core.errors import ErrorCode, ServiceError
from tests.catalog.helpers import (
    OUTSIDERS,
    outsider,
    refused,
)
from tests.concurrency import holding_the_transaction, run_in_threads
from tests.factories import (
    CertificateFactory,
    ProductFactory,
    ProductVariantFactory,
    VendorFactory,
    VendorMemberFactory,
    commune,
    product_set,
)
from vendors.models import OcopCertificate, Vendor

pytestmark = pytest.mark.django_db

Status = Product.Status
VALID_GTIN = "8934567000017"  # GS1 Vietnam prefix 893, correct check digit


def create(vendor, actor, name="Miến dong Bắc Kạn", category=None, **fields):
    return products.product_create(
        vendor=vendor, actor=actor, name=name, category=category or product_set(), **fields
    )


def product_in(status, vendor, **kwargs):
    """A product of `vendor` in `status`, with a variant so it could be listed."""
    product = ProductFactory(vendor=vendor, status=status, **kwargs)
    ProductVariantFactory(product=product)
    return product


# --- creating ---------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["owner", "manager"])
def test_owner_and_manager_create_a_draft(request, vendor, role):
    actor = request.getfixturevalue(role)

    product = create(vendor, actor, description="<p>Sợi dai, không chất tẩy.</p>")

    product.refresh_from_db()
    assert product.vendor == vendor
    assert product.status == Status.DRAFT
    assert product.category == product_set()
    assert product.origin_commune == vendor.commune  # defaults to the producer's commune
    assert product.published_at is None
    assert product.certificate is None
    assert product.season_months == []
    (event,) = product.events.all()
    assert (event.from_status, event.to_status, event.actor) == ("", Status.DRAFT, actor)


def test_platform_staff_create_for_a_producer(vendor, staff):
    product = create(vendor, staff)
    assert product.vendor == vendor
    assert product.events.get().actor == staff


@pytest.mark.parametrize("who", OUTSIDERS)
def test_anyone_else_cannot_create_and_nothing_is_written(request, vendor, who):
    actor = outsider(request, who)

    with pytest.raises(ServiceError) as excinfo:
        create(vendor, actor)

    refused(excinfo, ErrorCode.PERMISSION_DENIED, None, "producer")
    assert Product.objects.count() == 0
    assert ProductEvent.objects.count() == 0


def test_a_deactivated_owner_cannot_create(vendor, owner):
    owner.is_active = False
    owner.save()

    with pytest.raises(ServiceError) as excinfo:
        create(vendor, owner)

    refused(excinfo, ErrorCode.PERMISSION_DENIED, None)
    assert Product.objects.count() == 0


def test_origin_commune_can_be_another_commune(vendor, owner):
    na_ri = commune("02155")
    product = create(vendor, owner, origin_commune=na_ri)
    assert product.origin_commune == na_ri
    assert product.origin_commune.legacy_province.name == "Bắc Kạn"


def test_origin_commune_must_be_a_commune(vendor, owner):
    with pytest.raises(ServiceError) as excinfo:
        create(vendor, owner, origin_commune="02155")
    refused(excinfo, ErrorCode.NOT_FOUND, "origin_commune", "commune")
    assert Product.objects.count() == 0


@pytest.mark.parametrize("name", ["", "   ", None])
def test_a_product_needs_a_name(vendor, owner, name):
    with pytest.raises(ServiceError) as excinfo:
        create(vendor, owner, name=name)
    refused(excinfo, ErrorCode.REQUIRED, "name", "name")
    assert Product.objects.count() == 0


def test_a_name_longer_than_255_characters_is_refused(vendor, owner):
    with pytest.raises(ServiceError) as excinfo:
        create(vendor, owner, name="Chè " * 100)
    refused(excinfo, ErrorCode.INVALID, "name", "255")
    assert Product.objects.count() == 0


def test_unknown_fields_are_refused(vendor, owner):
    with pytest.raises(ServiceError) as excinfo:
        create(vendor, owner, status=Status.PUBLISHED)
    refused(excinfo, ErrorCode.INVALID, "status", "unknown")
    assert Product.objects.count() == 0


def test_every_bad_field_is_reported_at_once(vendor, owner):
    with pytest.raises(ServiceError) as excinfo:
        create(vendor, owner, name="", season_months=[13], gtin="123")
    assert {(e.field, e.code) for e in excinfo.value.errors} == {
        ("name", ErrorCode.REQUIRED),
        ("season_months", ErrorCode.INVALID),
        ("gtin", ErrorCode.INVALID),
    }


# --- slugs ------------------------------------------------------------------------------------


def test_slug_is_the_vietnamese_name_without_diacritics_and_unique(
    vendor, owner, other_vendor, other_owner
):
    first = create(vendor, owner, name="Miến dong Bắc Kạn")
    second = create(other_vendor, other_owner, name="Miến dong Bắc Kạn")
    third = create(vendor, owner, name="  MIẾN DONG   BẮC KẠN ")

    assert first.slug == "mien-dong-bac-kan"
    assert second.slug == "mien-dong-bac-kan-2"
    assert third.slug == "mien-dong-bac-kan-3"
    assert third.name == "MIẾN DONG   BẮC KẠN"


def test_slug_folds_d_with_stroke(vendor, owner):
    assert create(vendor, owner, name="Đường phèn Quảng Ngãi").slug == "duong-phen-quang-ngai"


def test_renaming_re_slugs_and_frees_the_old_slug(vendor, owner):
    product = create(vendor, owner, name="Miến dong Bắc Kạn")

    products.product_update(product=product, actor=owner, name="Miến dong Na Rì")

    product.refresh_from_db()
    assert (product.name, product.slug) == ("Miến dong Na Rì", "mien-dong-na-ri")
    assert create(vendor, owner, name="Miến dong Bắc Kạn").slug == "mien-dong-bac-kan"


def test_saving_the_same_name_keeps_the_slug(vendor, owner):
    product = create(vendor, owner, name="Miến dong Bắc Kạn")
    products.product_update(product=product, actor=owner, name="Miến dong Bắc Kạn")
    product.refresh_from_db()
    assert product.slug == "mien-dong-bac-kan"


# --- category and certificate -----------------------------------------------------------------


@pytest.mark.parametrize(("level", "code"), [(1, "I"), (2, "I.5"), (2, "I.6")])
def test_only_a_product_set_can_be_chosen(vendor, owner, level, code):
    category = Category.objects.get(level=level, code=code)

    with pytest.raises(ServiceError) as excinfo:
        create(vendor, owner, category=category)

    refused(excinfo, ErrorCode.INVALID, "category", "product set")
    assert Product.objects.count() == 0


def test_category_must_be_a_category(vendor, owner):
    with pytest.raises(ServiceError) as excinfo:
        create(vendor, owner, category="I.5.a")
    refused(excinfo, ErrorCode.INVALID, "category", "product set")


def test_a_certificate_of_the_same_producer_and_product_set_is_attached(vendor, owner):
    certificate = CertificateFactory(vendor=vendor)
    product = create(vendor, owner, certificate=certificate)
    assert product.certificate == certificate
    assert product.ocop_stars == 4


def test_a_pending_certificate_can_be_attached_but_shows_no_stars_yet(vendor, owner):
    certificate = CertificateFactory(
        vendor=vendor, verification_status=OcopCertificate.Verification.PENDING
    )
    product = create(vendor, owner, certificate=certificate)
    assert product.certificate == certificate
    assert product.ocop_stars is None


def test_another_producers_certificate_is_refused(vendor, owner, other_vendor):
    certificate = CertificateFactory(vendor=other_vendor)

    with pytest.raises(ServiceError) as excinfo:
        create(vendor, owner, certificate=certificate)

    refused(excinfo, ErrorCode.NOT_FOUND, "certificate", "certificate")
    assert Product.objects.count() == 0


def test_a_certificate_for_another_product_set_is_refused(vendor, owner):
    certificate = CertificateFactory(vendor=vendor, product_set=product_set("I.6"))

    with pytest.raises(ServiceError) as excinfo:
        create(vendor, owner, certificate=certificate)

    refused(excinfo, ErrorCode.INVALID, "certificate", "Cà phê, ca cao")
    assert Product.objects.count() == 0


@pytest.mark.parametrize(
    "certificate_fields",
    [
        {"verification_status": OcopCertificate.Verification.REJECTED},
        {"revoked": True, "revoked_reason": "Không duy trì chất lượng"},
    ],
    ids=["rejected", "revoked"],
)
def test_a_rejected_or_revoked_certificate_is_refused(vendor, owner, certificate_fields):
    certificate = CertificateFactory(vendor=vendor, **certificate_fields)

    with pytest.raises(ServiceError) as excinfo:
        create(vendor, owner, certificate=certificate)

    refused(excinfo, ErrorCode.INVALID, "certificate", "rejected or revoked")
    assert Product.objects.count() == 0


def test_changing_the_category_away_from_the_certificates_set_is_refused(vendor, owner):
    product = create(vendor, owner, certificate=CertificateFactory(vendor=vendor))

    with pytest.raises(ServiceError) as excinfo:
        products.product_update(product=product, actor=owner, category=product_set("I.6"))

    refused(excinfo, ErrorCode.INVALID, "certificate", "another product set")
    product.refresh_from_db()
    assert product.category == product_set()


def test_a_product_whose_certificate_was_revoked_can_still_be_edited(vendor, owner):
    certificate = CertificateFactory(vendor=vendor)
    product = create(vendor, owner, certificate=certificate)
    OcopCertificate.objects.filter(pk=certificate.pk).update(revoked=True)

    products.product_update(product=product, actor=owner, description="<p>Mùa mới</p>")

    product.refresh_from_db()
    assert product.description == "<p>Mùa mới</p>"
    assert product.ocop_stars is None
    # Re-attaching it, though, is refused.
    with pytest.raises(ServiceError) as excinfo:
        products.product_update(product=product, actor=owner, certificate=certificate)
    refused(excinfo, ErrorCode.INVALID, "certificate", "revoked")


def test_a_certificate_can_be_detached(vendor, owner):
    product = create(vendor, owner, certificate=CertificateFactory(vendor=vendor))
    products.product_update(product=product, actor=owner, certificate=None)
    product.refresh_from_db()
    assert product.certificate is None


# --- description, seasons, GTIN ---------------------------------------------------------------


def test_description_is_sanitised_keeping_formatting(vendor, owner):
    product = create(
        vendor,
        owner,
        description=(
            "<p>Miến <strong>dong</strong> <em>Na Rì</em></p>"
            "<ul><li>Sợi dai</li></ul>"
            "<script>alert('xss')</script>"
            '<img src="x" onerror="alert(1)">'
            '<a href="javascript:alert(1)" onclick="steal()">mua</a>'
            '<a href="https://ocop.gov.vn/">OCOP</a>'
        ),
    )

    product.refresh_from_db()
    html = product.description
    assert "<p>Miến <strong>dong</strong> <em>Na Rì</em></p>" in html
    assert "<ul><li>Sợi dai</li></ul>" in html
    for bad in ("<script", "alert", "<img", "onerror", "onclick", "javascript:"):
        assert bad not in html, bad
    assert 'href="https://ocop.gov.vn/"' in html
    assert "nofollow" in html


def test_description_is_sanitised_on_update_too(vendor, owner):
    product = create(vendor, owner)
    products.product_update(
        product=product, actor=owner, description="<b>Ngon</b><style>body{}</style>"
    )
    product.refresh_from_db()
    assert product.description == "<b>Ngon</b>"


def test_season_months_are_stored_sorted_without_duplicates(vendor, owner):
    product = create(vendor, owner, season_months=[12, 1, 2, 1])
    product.refresh_from_db()
    assert product.season_months == [1, 2, 12]


@pytest.mark.parametrize("months", [[0], [13], ["5"], [5.0], [True], "5", 5, [-1]], ids=repr)
def test_bad_season_months_are_refused(vendor, owner, months):
    with pytest.raises(ServiceError) as excinfo:
        create(vendor, owner, season_months=months)
    refused(excinfo, ErrorCode.INVALID, "season_months", "1 to 12")
    assert Product.objects.count() == 0


def test_bad_season_months_on_update_leave_the_product_unchanged(vendor, owner):
    product = create(vendor, owner, season_months=[6, 7])
    with pytest.raises(ServiceError) as excinfo:
        products.product_update(product=product, actor=owner, season_months=[7, 13])
    refused(excinfo, ErrorCode.INVALID, "season_months")
    product.refresh_from_db()
    assert product.season_months == [6, 7]


def test_in_season_queryset_and_method_agree_for_every_month(vendor):
    summer = ProductFactory(vendor=vendor, season_mask=0)
    summer.season_months = [6, 7, 8]
    summer.save()
    winter = ProductFactory(vendor=vendor)
    winter.season_months = [12, 1]
    winter.save()
    all_year = ProductFactory(vendor=vendor)

    assert set(Product.objects.in_season(7)) == {summer, all_year}
    assert set(Product.objects.in_season(1)) == {winter, all_year}
    assert set(Product.objects.in_season(3)) == {all_year}
    for month in range(1, 13):
        expected = {p for p in (summer, winter, all_year) if p.in_season(month)}
        assert set(Product.objects.in_season(month)) == expected, month


def test_in_season_without_a_month_means_this_month(vendor):
    this_month = timezone.localdate().month
    now = ProductFactory(vendor=vendor)
    now.season_months = [this_month]
    now.save()
    later = ProductFactory(vendor=vendor)
    later.season_months = [this_month % 12 + 1]
    later.save()

    assert list(Product.objects.in_season()) == [now]
    assert now.in_season() and not later.in_season()


@pytest.mark.parametrize("month", [0, 13, "5", True])
def test_in_season_refuses_a_month_that_is_not_one(month):
    with pytest.raises(ValueError, match="1 to 12"):
        Product.objects.in_season(month)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        (VALID_GTIN, VALID_GTIN),
        (" 893-4567-00001-7 ", VALID_GTIN),
        ("96385074", "96385074"),  # GTIN-8
        ("", ""),
    ],
)
def test_a_gtin_with_a_correct_check_digit_is_stored_as_digits(vendor, owner, typed, stored):
    product = create(vendor, owner, gtin=typed)
    product.refresh_from_db()
    assert product.gtin == stored


@pytest.mark.parametrize(
    ("gtin", "words"),
    [
        ("8934567000016", ["8934567000016", "check digit"]),
        ("89345670000", ["8, 12, 13 or 14 digits"]),
        ("GTIN-ABC", ["8, 12, 13 or 14 digits"]),
    ],
)
def test_a_bad_gtin_is_refused_with_the_reason(vendor, owner, gtin, words):
    with pytest.raises(ServiceError) as excinfo:
        create(vendor, owner, gtin=gtin)
    refused(excinfo, ErrorCode.INVALID, "gtin", *words)
    assert Product.objects.count() == 0


# --- editing ----------------------------------------------------------------------------------


def test_owner_edits_their_product(vendor, owner):
    product = create(vendor, owner)
    products.product_update(
        product=product,
        actor=owner,
        category=product_set("I.3.b"),
        origin_commune=commune("02155"),
        gtin=VALID_GTIN,
    )
    product.refresh_from_db()
    assert product.category.code == "I.3.b"
    assert product.origin_commune_id == "02155"
    assert product.gtin == VALID_GTIN


@pytest.mark.parametrize("who", OUTSIDERS)
def test_outsiders_cannot_edit(request, vendor, owner, who):
    product = create(vendor, owner, name="Miến dong Bắc Kạn")

    with pytest.raises(ServiceError) as excinfo:
        products.product_update(product=product, actor=outsider(request, who), name="Hàng giả")

    refused(excinfo, ErrorCode.PERMISSION_DENIED, None)
    product.refresh_from_db()
    assert (product.name, product.slug) == ("Miến dong Bắc Kạn", "mien-dong-bac-kan")


def test_an_archived_product_is_restored_before_editing(vendor, owner):
    product = product_in(Status.ARCHIVED, vendor, name="Chè cũ")
    with pytest.raises(ServiceError) as excinfo:
        products.product_update(product=product, actor=owner, name="Chè mới")
    refused(excinfo, ErrorCode.INVALID_TRANSITION, "status", "restore")
    product.refresh_from_db()
    assert product.name == "Chè cũ"


# --- the status machine -----------------------------------------------------------------------


def test_submitting_needs_a_variant(vendor, owner):
    product = create(vendor, owner)

    with pytest.raises(ServiceError) as excinfo:
        products.product_submit_for_review(product=product, actor=owner)

    refused(excinfo, ErrorCode.REQUIRED, "variants", "variant")
    product.refresh_from_db()
    assert product.status == Status.DRAFT
    assert product.events.count() == 1  # only the creation


def test_a_suspended_producer_cannot_submit(vendor, owner):
    product = product_in(Status.DRAFT, vendor)
    Vendor.objects.filter(pk=vendor.pk).update(status=Vendor.Status.SUSPENDED)

    with pytest.raises(ServiceError) as excinfo:
        products.product_submit_for_review(product=product, actor=owner)

    refused(excinfo, ErrorCode.INVALID, "vendor", "suspended")
    product.refresh_from_db()
    assert product.status == Status.DRAFT
    assert not product.events.exists()


def test_the_whole_way_from_draft_to_published_is_recorded(vendor, owner, staff):
    product = create(vendor, owner)
    ProductVariantFactory(product=product)

    products.product_submit_for_review(product=product, actor=owner)
    products.product_reject(product=product, actor=staff, note="  Ảnh mờ, chụp lại.  ")
    product.refresh_from_db()
    assert product.status == Status.REJECTED
    assert product.review_note == "Ảnh mờ, chụp lại."
    assert product.published_at is None

    products.product_submit_for_review(product=product, actor=owner)
    before = timezone.now()
    products.product_approve(product=product, actor=staff, note="Đạt")
    product.refresh_from_db()
    assert product.status == Status.PUBLISHED
    assert before <= product.published_at <= timezone.now()
    assert product in Product.objects.published()

    assert list(product.events.values_list("from_status", "to_status", "actor", "note")) == [
        ("", Status.DRAFT, owner.pk, ""),
        (Status.DRAFT, Status.PENDING_REVIEW, owner.pk, ""),
        (Status.PENDING_REVIEW, Status.REJECTED, staff.pk, "Ảnh mờ, chụp lại."),
        (Status.REJECTED, Status.PENDING_REVIEW, owner.pk, ""),
        (Status.PENDING_REVIEW, Status.PUBLISHED, staff.pk, "Đạt"),
    ]


def test_a_staff_role_member_cannot_submit(vendor, member_staff):
    product = product_in(Status.DRAFT, vendor)
    with pytest.raises(ServiceError) as excinfo:
        products.product_submit_for_review(product=product, actor=member_staff)
    refused(excinfo, ErrorCode.PERMISSION_DENIED, None)
    product.refresh_from_db()
    assert product.status == Status.DRAFT


@pytest.mark.parametrize("who", ["owner", "manager", "other_owner", "shopper", "anonymous"])
@pytest.mark.parametrize("action", ["approve", "reject"])
def test_only_platform_staff_moderate(request, vendor, who, action):
    product = product_in(Status.PENDING_REVIEW, vendor)
    actor = outsider(request, who)
    call = getattr(products, f"product_{action}")

    with pytest.raises(ServiceError) as excinfo:
        call(product=product, actor=actor, note="Tự duyệt")

    refused(excinfo, ErrorCode.PERMISSION_DENIED, None, "staff")
    product.refresh_from_db()
    assert product.status == Status.PENDING_REVIEW
    assert product.published_at is None
    assert not product.events.exists()


@pytest.mark.parametrize("note", ["", "   ", None])
def test_rejecting_needs_a_note(vendor, staff, note):
    product = product_in(Status.PENDING_REVIEW, vendor)

    with pytest.raises(ServiceError) as excinfo:
        products.product_reject(product=product, actor=staff, note=note)

    refused(excinfo, ErrorCode.REQUIRED, "note", "note")
    product.refresh_from_db()
    assert product.status == Status.PENDING_REVIEW
    assert not product.events.exists()


def test_approving_without_a_variant_is_refused(vendor, staff):
    product = ProductFactory(vendor=vendor, status=Status.PENDING_REVIEW)

    with pytest.raises(ServiceError) as excinfo:
        products.product_approve(product=product, actor=staff)

    refused(excinfo, ErrorCode.REQUIRED, "variants")
    product.refresh_from_db()
    assert product.status == Status.PENDING_REVIEW
    assert not product.events.exists()


@pytest.mark.parametrize(
    "status", [Status.DRAFT, Status.PENDING_REVIEW, Status.PUBLISHED, Status.REJECTED]
)
def test_anything_but_an_archived_product_can_be_archived(vendor, owner, status):
    product = product_in(status, vendor)

    products.product_archive(product=product, actor=owner, note="Ngừng sản xuất")

    product.refresh_from_db()
    assert product.status == Status.ARCHIVED
    event = product.events.get()
    assert (event.from_status, event.to_status) == (status, Status.ARCHIVED)
    assert (event.actor, event.note) == (owner, "Ngừng sản xuất")
    assert product not in Product.objects.published()


def test_staff_can_archive_a_listing(vendor, staff):
    product = product_in(Status.PUBLISHED, vendor)
    products.product_archive(product=product, actor=staff, note="Vi phạm")
    product.refresh_from_db()
    assert product.status == Status.ARCHIVED


def test_restoring_an_archived_product_makes_it_a_draft_to_review_again(vendor, owner):
    product = product_in(Status.ARCHIVED, vendor)

    products.product_restore(product=product, actor=owner)

    product.refresh_from_db()
    assert product.status == Status.DRAFT
    assert product.events.get().to_status == Status.DRAFT
    products.product_submit_for_review(product=product, actor=owner)
    product.refresh_from_db()
    assert product.status == Status.PENDING_REVIEW


@pytest.mark.parametrize("who", OUTSIDERS)
@pytest.mark.parametrize(
    ("action", "status"),
    [("submit_for_review", Status.DRAFT), ("archive", Status.PUBLISHED), ("restore", "archived")],
)
def test_outsiders_cannot_move_a_product(request, vendor, who, action, status):
    product = product_in(status, vendor)
    call = getattr(products, f"product_{action}")

    with pytest.raises(ServiceError) as excinfo:
        call(product=product, actor=outsider(request, who))

    refused(excinfo, ErrorCode.PERMISSION_DENIED, None)
    product.refresh_from_db()
    assert product.status == status
    assert not product.events.exists()


ILLEGAL_MOVES = [
    ("submit_for_review", Status.PENDING_REVIEW, "owner"),
    ("submit_for_review", Status.PUBLISHED, "owner"),
    ("submit_for_review", Status.ARCHIVED, "owner"),
    ("approve", Status.DRAFT, "staff"),
    ("approve", Status.PUBLISHED, "staff"),
    ("approve", Status.REJECTED, "staff"),
    ("approve", Status.ARCHIVED, "staff"),
    ("reject", Status.DRAFT, "staff"),
    ("reject", Status.PUBLISHED, "staff"),
    ("reject", Status.REJECTED, "staff"),
    ("reject", Status.ARCHIVED, "staff"),
    ("archive", Status.ARCHIVED, "owner"),
    ("restore", Status.DRAFT, "owner"),
    ("restore", Status.PENDING_REVIEW, "owner"),
    ("restore", Status.PUBLISHED, "owner"),
    ("restore", Status.REJECTED, "owner"),
]


@pytest.mark.parametrize(("action", "status", "who"), ILLEGAL_MOVES)
def test_illegal_moves_are_refused_without_an_event(request, vendor, action, status, who):
    product = product_in(status, vendor)
    published_at = product.published_at
    kwargs = {"note": "Ghi chú"} if action in {"approve", "reject"} else {}

    with pytest.raises(ServiceError) as excinfo:
        getattr(products, f"product_{action}")(
            product=product, actor=request.getfixturevalue(who), **kwargs
        )

    refused(excinfo, ErrorCode.INVALID_TRANSITION, "status", "cannot become")
    product.refresh_from_db()
    assert product.status == status
    assert product.published_at == published_at
    assert not ProductEvent.objects.exists()


def test_the_refusal_names_both_states(vendor, staff):
    product = product_in(Status.DRAFT, vendor)
    with pytest.raises(ServiceError) as excinfo:
        products.product_approve(product=product, actor=staff)
    assert excinfo.value.errors[0].message == "Something that is draft cannot become published."


def test_a_stale_object_cannot_sneak_past_the_machine(vendor, owner, staff):
    """The service reads the status under a lock, not from the caller's copy."""
    product = product_in(Status.PENDING_REVIEW, vendor)
    stale = Product.objects.get(pk=product.pk)
    products.product_archive(product=product, actor=owner)

    with pytest.raises(ServiceError) as excinfo:
        products.product_approve(product=stale, actor=staff)

    refused(excinfo, ErrorCode.INVALID_TRANSITION, "status")
    product.refresh_from_db()
    assert product.status == Status.ARCHIVED


# --- what shoppers see ------------------------------------------------------------------------


def test_published_hides_everything_but_published_products_of_active_producers(vendor):
    visible = product_in(Status.PUBLISHED, vendor)
    for status in (Status.DRAFT, Status.PENDING_REVIEW, Status.REJECTED, Status.ARCHIVED):
        product_in(status, vendor)
    suspended = VendorFactory(status=Vendor.Status.SUSPENDED)
    product_in(Status.PUBLISHED, suspended)

    assert list(Product.objects.published()) == [visible]


def test_suspending_a_producer_hides_its_listings_and_reactivating_shows_them(vendor):
    product = product_in(Status.PUBLISHED, vendor)
    Vendor.objects.filter(pk=vendor.pk).update(status=Vendor.Status.SUSPENDED)
    assert not Product.objects.published().exists()
    Vendor.objects.filter(pk=vendor.pk).update(status=Vendor.Status.ACTIVE)
    assert list(Product.objects.published()) == [product]


# --- concurrency (PostgreSQL) -----------------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_products_with_one_name_created_at_once_get_different_slugs():
    vendor = VendorFactory()
    owner = VendorMemberFactory(vendor=vendor).user
    ready = threading.Event()

    results = run_in_threads(
        holding_the_transaction(lambda: create(vendor, owner), ready),
        lambda: ready.wait(10) and create(vendor, owner),
    )

    assert all(isinstance(result, Product) for result in results), results
    assert sorted(Product.objects.values_list("slug", flat=True)) == [
        "mien-dong-bac-kan",
        "mien-dong-bac-kan-2",
    ]
    assert ProductEvent.objects.count() == 2
