import io

import pytest
from django.core.management import call_command
from django.db.models import Count

from catalog.models import Product
from demo import seed_data
from demo.seed import SHOWROOM_PASSWORD, STAFF_EMAIL, demo_counts
from inventory.models import (
    ConsignmentAgreement,
    Location,
    ShowroomOperatorMember,
    Stock,
    StockMovement,
)
from inventory.selectors import agreement_in_force
from marketplace.accounts.models import User
from tests.inventory.helpers import assert_ledger_balances
from vendors.models import OcopCertificate, OnboardingApplication, Vendor, VendorMember

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def test_seed_demo_twice_gives_the_same_counts(seeded):
    first = demo_counts()
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert demo_counts() == first
    assert "nothing new" in out.getvalue()


def test_demo_catalogue_has_what_the_storefront_needs(seeded):
    vendors = Vendor.objects.select_related("commune__province")
    assert vendors.count() >= 10
    assert set(vendors.values_list("kind", flat=True)) == {
        "cooperative",
        "enterprise",
        "household",
        "cooperative_group",
    }
    assert len({v.commune.province_id for v in vendors}) >= 5

    published = Product.objects.published().with_current_stars()
    assert published.count() >= 45
    assert not published.annotate(n=Count("variants")).filter(n=0).exists()
    assert not published.annotate(n=Count("media")).filter(n=0).exists()
    names = set(published.values_list("name", flat=True))
    for expected in [
        "Miến dong Bắc Kạn",
        "Tinh bột nghệ Bắc Kạn",
        "Mắm tôm Lê Gia",
        "Chè Shan tuyết Mộc Châu",
        "Mận hậu Mộc Châu",
        "Gạo ST25 Sóc Trăng",
    ]:
        assert expected in names
    for fragment in ["Nước mắm Lê Gia", "Chiếu cói Nga Sơn", "Cà phê Arabica Sơn La",
                     "Bánh pía Sóc Trăng", "Thổ cẩm Bản Lác", "Cá Sông Đà", "Mật ong"]:  # fmt: skip
        assert any(fragment in name for name in names), fragment

    assert published.get(name="Nước mắm Lê Gia 40 độ đạm").current_stars == 5
    assert set(published.values_list("current_stars", flat=True)) >= {3, 4, 5}
    plum = published.get(name="Mận hậu Mộc Châu")
    assert plum.season_months == [5, 6, 7]


def test_demo_has_an_expired_certificate_whose_product_shows_no_stars(seeded):
    verified = OcopCertificate.objects.filter(verification_status="verified")
    assert {3, 4, 5} <= set(verified.values_list("stars", flat=True))
    expired = [c for c in verified if not c.is_current()]
    assert len(expired) == 1
    product = expired[0].products.get()
    assert product.status == Product.Status.PUBLISHED
    assert product.ocop_stars is None


def test_demo_has_review_queues_showrooms_and_accounts(seeded):
    assert OnboardingApplication.objects.filter(status="submitted").count() == 1
    assert Product.objects.filter(status="pending_review").count() == 1
    assert OcopCertificate.objects.filter(verification_status="pending").exists()

    showrooms = Location.objects.filter(kind="showroom").select_related("commune__province")
    assert {s.commune.province.short_name for s in showrooms} == {"Sơn La", "Thanh Hóa", "Hà Nội"}
    for showroom in showrooms:
        assert Stock.objects.filter(location=showroom, quantity__gt=0).exists(), showroom

    assert User.objects.get(email=STAFF_EMAIL).is_staff
    assert VendorMember.objects.filter(role="owner").values("vendor").distinct().count() == (
        Vendor.objects.count()
    )
    assert len(seed_data.PRODUCERS) == Vendor.objects.count()
    assert "ocop-admin-2025" in seeded  # demo passwords are printed for the newcomer


def test_the_demo_catalogue_is_searchable_right_after_seeding(django_capture_on_commit_callbacks):
    from search.backends import get_backend
    from search.backends.base import SearchRequest

    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", stdout=io.StringIO())
    backend = get_backend()

    def names(query):
        ids = backend.search(SearchRequest(query=query, limit=50)).product_ids
        return list(Product.objects.filter(pk__in=ids).values_list("name", flat=True))

    assert "Miến dong Bắc Kạn" in names("mien dong")
    assert "Tinh bột nghệ Bắc Kạn" in names("bac kan")  # the province's pre-2025 name
    assert "Nước mắm Lê Gia 40 độ đạm" in names("nuoc mam le gia")
    assert "Chè Shan tuyết Mộc Châu" in names("che shan tuyet moc chau")
    assert names("mien dong tuoi") == []  # pending review: not public


def test_demo_showrooms_are_run_by_operators_with_a_manager_and_a_clerk(seeded):
    showrooms = Location.objects.filter(kind="showroom")
    assert not showrooms.filter(operator__isnull=True).exists()
    for showroom in showrooms:
        roles = set(
            ShowroomOperatorMember.objects.filter(operator=showroom.operator).values_list(
                "role", flat=True
            )
        )
        assert roles == {"manager", "clerk"}, showroom
    for member in ShowroomOperatorMember.objects.select_related("user"):
        assert member.user.check_password(SHOWROOM_PASSWORD)
        assert member.user.email in seeded  # printed for the newcomer
    assert SHOWROOM_PASSWORD in seeded


def test_every_showroom_holding_is_under_an_agreement_in_force(seeded):
    held = (
        Stock.objects.filter(location__kind="showroom")
        .values_list("variant__vendor_id", "location_id")
        .distinct()
    )
    assert held
    for vendor_id, showroom_id in held:
        assert agreement_in_force(vendor_id=vendor_id, showroom_id=showroom_id), (
            vendor_id,
            showroom_id,
        )
    assert ConsignmentAgreement.objects.count() == len(set(held))
    for agreement in ConsignmentAgreement.objects.all():
        assert 0 < agreement.commission_rate <= 30


def test_every_demo_stock_row_opens_with_a_movement_and_the_ledger_balances(seeded):
    assert_ledger_balances()
    stocked = Stock.objects.filter(quantity__gt=0)
    opening = StockMovement.objects.filter(kind=StockMovement.Kind.OPENING)
    assert opening.count() == stocked.count() == Stock.objects.count()
    assert opening.values("stock").distinct().count() == opening.count()
    assert not opening.exclude(quantity_before=0).exists()


def test_every_demo_producer_ships_nationwide_and_fast_at_home(seeded):
    from orders.models import ShippingMethod
    from vendors.models import Vendor

    for vendor in Vendor.objects.filter(status="active"):
        methods = ShippingMethod.objects.filter(vendor=vendor)
        assert methods.filter(is_nationwide=True).count() == 1
        home = methods.get(is_nationwide=False)
        assert list(home.provinces.values_list("code", flat=True)) == [vendor.commune.province_id]


def _demo_files():
    from catalog.models import ProductMedia
    from vendors.models import ApplicationDocument

    files = [d.file for d in ApplicationDocument.objects.all()]
    files += [c.document for c in OcopCertificate.objects.exclude(document="")]
    for media in ProductMedia.objects.all():
        files.append(media.image)
        files += [type(media.image)(media, media.image.field, n) for n in media.thumbnails.values()]
    from reviews.models import ReviewPhoto

    for photo in ReviewPhoto.objects.all():
        files.append(photo.image)
        files += [type(photo.image)(photo, photo.image.field, n) for n in photo.thumbnails.values()]
    return files


def test_every_file_the_demo_rows_point_at_exists_and_a_rerun_draws_missing_ones(seeded, client):
    from django.urls import reverse

    from vendors.models import ApplicationDocument

    files = _demo_files()
    assert len(files) > 100
    assert all(f.storage.exists(f.name) for f in files)
    lost = files[::7]  # a restore that missed some of the media volume
    for field_file in lost:
        field_file.storage.delete(field_file.name)
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert f"{len(lost)} files drawn again" in out.getvalue()
    assert all(f.storage.exists(f.name) for f in _demo_files())
    again = io.StringIO()
    call_command("seed_demo", stdout=again)
    assert "nothing new" in again.getvalue()

    client.force_login(User.objects.get(email=STAFF_EMAIL))  # the demo serves what it drew
    for url in [
        reverse("vendors:certificate-document", args=[OcopCertificate.objects.first().pk]),
        reverse("vendors:application-document", args=[ApplicationDocument.objects.first().pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_demo_reviews_come_from_delivered_orders_and_the_aggregates_match_a_rebuild(seeded):
    from demo.seed import SHOPPER_EMAIL
    from orders.models import OrderLine, VendorOrder
    from reviews.models import ProductRating, ProductReview, ReviewPhoto, ReviewReply, ReviewVote
    from reviews.selectors import reviewable_lines
    from reviews.services.ratings import product_ratings_rebuild

    reviews = ProductReview.objects.select_related("order_line__vendor_order")
    assert reviews.filter(status="published").count() >= 15
    assert reviews.filter(status="pending").count() >= 2  # the admin's moderation queue
    for review in reviews:
        assert review.order_line.vendor_order.status == VendorOrder.Status.DELIVERED
        assert review.order_line.vendor_order.order.user_id == review.author_id
    assert len(set(reviews.values_list("rating", flat=True))) >= 3
    assert ReviewReply.objects.exists() and ReviewVote.objects.exists()
    photos = ReviewPhoto.objects.all()
    assert photos and all(p.image.storage.exists(p.image.name) and p.thumbnails for p in photos)
    shopper = User.objects.get(email=SHOPPER_EMAIL)
    assert reviewable_lines(shopper).exists()  # the demo shopper has a "Viết đánh giá" to try
    assert OrderLine.objects.filter(
        vendor_order__order__user=shopper, vendor_order__status="shipped"
    ).exists()

    fields = ["product_id", "count", "average", *[f"stars_{s}" for s in range(1, 6)]]
    kept = list(ProductRating.objects.order_by("product_id").values(*fields, "sold_count"))
    assert sum(row["count"] for row in kept) == reviews.filter(status="published").count()
    assert sum(row["sold_count"] > 0 for row in kept) >= 10
    product_ratings_rebuild()
    rebuilt = list(ProductRating.objects.order_by("product_id").values(*fields, "sold_count"))
    assert rebuilt == kept


def test_the_demo_has_a_platform_voucher_and_a_producers_own(seeded):
    from promotions.models import Voucher

    platform = Voucher.objects.get(code="OCOP10")
    assert platform.vendor is None and (platform.value, platform.max_discount) == (10, 50_000)
    assert platform.min_order == 200_000
    own = Voucher.objects.exclude(vendor=None).get()
    assert own.kind == "fixed" and own.value == 30_000 and own.code.endswith("30K")
