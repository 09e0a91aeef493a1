"""Loading the demo catalogue through the same services producers and staff use.

Idempotent: producers are found by tax code, products by producer and name, users by email, so
running it again changes nothing. Producers join through the onboarding flow (application,
business registration, submission, staff approval); certificates are recorded and verified;
products are listed, illustrated, submitted and approved.
"""

import datetime
import functools
import random
import zlib
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from stdnum.vn import mst

from catalog.models import Category, Product, ProductMedia, ProductVariant
from catalog.services import media, products, variants
from demo import review_data, seed_data
from demo.files import repair_files
from demo.images import product_image, scanned_document
from demo.purchases import seed_purchases
from demo.vouchers import seed_vouchers
from inventory.models import (
    ConsignmentAgreement,
    Location,
    ShowroomOperator,
    ShowroomOperatorMember,
    Stock,
    StockMovement,
)
from inventory.selectors import agreement_in_force
from inventory.services import consignment, ledger
from marketplace.accounts.models import User
from marketplace.geography.models import Commune
from orders.models import Order, VendorOrder
from orders.services import shipping
from promotions.models import Voucher
from reviews.models import ProductReview, ReviewPhoto, ReviewReply, ReviewVote
from search.services import rebuild_index
from vendors.models import OcopCertificate, OnboardingApplication, Vendor, VendorMember
from vendors.services import certificates, onboarding

STAFF_EMAIL = "admin@ocop.demo"
STAFF_PASSWORD = "ocop-admin-2025"
PRODUCER_PASSWORD = "ocop-producer-2025"
SHOPPER_EMAIL = "khach@ocop.demo"
SHOPPER_PASSWORD = "ocop-khach-2025"
SHOWROOM_PASSWORD = "ocop-showroom-2025"
COMMISSION_RATES = (Decimal("12.00"), Decimal("15.00"), Decimal("18.00"), Decimal("20.00"))
AGREEMENTS_START_DAYS_AGO = 180


@dataclass
class SeedReport:
    created: Counter = field(default_factory=Counter)
    credentials: list[tuple[str, str, str]] = field(default_factory=list)  # role, email, password


def tax_code(body: str) -> str:
    """A valid tax code from a nine-digit body: the body with its check digit."""
    return body + mst.calc_check_digit(body)


@transaction.atomic
def seed_demo() -> SeedReport:
    report = SeedReport()
    staff = _user(report, STAFF_EMAIL, "Ban quản lý sàn OCOP (demo)", STAFF_PASSWORD, staff=True)
    report.credentials.append(("staff", STAFF_EMAIL, STAFF_PASSWORD))
    shopper = _user(report, SHOPPER_EMAIL, "Nguyễn Văn Khách (demo)", SHOPPER_PASSWORD)
    report.credentials.append(("shopper", SHOPPER_EMAIL, SHOPPER_PASSWORD))

    applicants = []
    operators = {seed.key: _operator(report, seed) for seed in seed_data.OPERATORS}
    showrooms = [_showroom(report, seed, operators) for seed in seed_data.SHOWROOMS]
    first_producer = None
    for producer_seed in seed_data.PRODUCERS:
        owner_email = f"{producer_seed.slug}@ocop.demo"
        owner = _user(report, owner_email, producer_seed.owner_name, PRODUCER_PASSWORD)
        applicants.append(owner)
        report.credentials.append((producer_seed.name, owner_email, PRODUCER_PASSWORD))
        vendor = _producer(report, producer_seed, owner, staff)
        first_producer = first_producer or (vendor, owner)
        warehouse = _warehouse(report, vendor)
        _shipping_methods(report, vendor, owner)
        for index, product_seed in enumerate(producer_seed.products, start=1):
            product = _product(report, vendor, owner, staff, product_seed, index)
            _stock(report, product, warehouse, showrooms, staff)
    seed_vouchers(report, staff=staff, vendor=first_producer[0], owner=first_producer[1])
    applicants.append(_pending_application(report))
    reviewers = []
    for seed in review_data.REVIEWERS:
        reviewers.append(_user(report, seed.email, seed.full_name, SHOPPER_PASSWORD))
        report.credentials.append(("shopper who reviewed", seed.email, SHOPPER_PASSWORD))
    seed_purchases(report, shopper=shopper, reviewers=reviewers)
    # Rows kept from an earlier run (or a restored database) whose files are gone get them back.
    report.created["files drawn again"] += repair_files(
        applicant_ids=[user.pk for user in applicants],
        vendor_ids=Vendor.objects.filter(
            tax_code__in=[tax_code(seed.tax_body) for seed in seed_data.PRODUCERS]
        ).values("pk"),
        reviewer_ids=[user.pk for user in reviewers],
    )
    transaction.on_commit(rebuild_index)  # the public catalogue, searchable at once
    return report


def _user(report, email, full_name, password, *, staff=False) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            email=email, password=None, full_name=full_name, is_staff=staff, is_superuser=staff
        )
        user.password = _password_hash(password)
        user.save(update_fields=["password"])
        report.created["users"] += 1
    return user


@functools.cache
def _password_hash(password: str) -> str:
    """One hash per demo password: the accounts sharing it share its salt, and the seed does
    not spend most of its time in PBKDF2 (about 0.7 s a hash)."""
    return make_password(password)


def _producer(report, seed, owner, staff) -> Vendor:
    code = tax_code(seed.tax_body)
    vendor = Vendor.objects.filter(tax_code=code).first()
    if vendor is not None:
        return vendor
    application = _submitted_application(owner, seed, display_name=seed.name, code=code)
    vendor = onboarding.application_approve(
        application=application, actor=staff, note="Hồ sơ đầy đủ (dữ liệu demo)."
    )
    report.created["producers"] += 1
    return vendor


def _warehouse(report, vendor) -> Location:
    warehouse, created = Location.objects.get_or_create(
        kind=Location.Kind.WAREHOUSE,
        vendor=vendor,
        defaults={
            "name": f"Kho {vendor.name}",
            "commune": vendor.commune,
            "street_address": vendor.street_address,
        },
    )
    report.created["locations"] += created
    return warehouse


def _shipping_methods(report, vendor, owner) -> None:
    """A nationwide economy service, free from 500.000 ₫, and a fast one in the home province
    priced by weight: the fallbacks every producer has without a carrier. The demo connects no
    GHN/GHTK account: a carrier-priced method needs the carrier's API (and real credentials)
    to quote, so offline it would only ever be unavailable."""
    if vendor.shipping_methods.exists():
        return
    shipping.shipping_method_create(
        actor=owner,
        vendor=vendor,
        name="Giao hàng tiết kiệm toàn quốc",
        flat_price=35_000,
        free_above=500_000,
        min_days=3,
        max_days=5,
    )
    shipping.shipping_method_create(
        actor=owner,
        vendor=vendor,
        name="Giao nhanh trong tỉnh",
        provinces=[vendor.commune.province_id],
        weight_brackets=[[1_000, 20_000], [5_000, 30_000], [20_000, 50_000]],
        min_days=1,
        max_days=2,
    )
    report.created["shipping methods"] += 2


def _operator(report, seed) -> ShowroomOperator:
    """A showroom operator with a manager and a clerk who log in to the showroom console."""
    operator, created = ShowroomOperator.objects.get_or_create(
        name=seed.name, defaults={"phone": seed.phone, "email": seed.email}
    )
    report.created["showroom operators"] += created
    for role, email, full_name in (
        (ShowroomOperatorMember.Role.MANAGER, seed.manager_email, seed.manager_name),
        (ShowroomOperatorMember.Role.CLERK, seed.clerk_email, seed.clerk_name),
    ):
        user = _user(report, email, full_name, SHOWROOM_PASSWORD)
        _member, created = ShowroomOperatorMember.objects.get_or_create(
            operator=operator, user=user, defaults={"role": role}
        )
        report.created["showroom staff"] += created
        report.credentials.append((f"showroom {role} ({seed.key})", email, SHOWROOM_PASSWORD))
    return operator


def _showroom(report, seed, operators) -> Location:
    operator = operators.get(seed.operator)
    showroom, created = Location.objects.get_or_create(
        kind=Location.Kind.SHOWROOM,
        name=seed.name,
        defaults={
            "commune": Commune.objects.get(code=seed.commune),
            "street_address": seed.street_address,
            "operator": operator,
            "opening_hours": seed.opening_hours,
            "phone": seed.phone,
            "pickup_enabled": True,
        },
    )
    report.created["locations"] += created
    if showroom.operator_id is None and operator is not None:  # seeded before operators
        showroom.operator = operator
        showroom.save(update_fields=["operator"])
    return showroom


def _product(report, vendor, owner, staff, seed, index: int) -> Product:
    product = Product.objects.filter(vendor=vendor, name=seed.name).first()
    if product is not None:
        return product
    category = Category.objects.get(level=Category.Level.PRODUCT_SET, code=seed.product_set)
    certificate = _certificate(report, vendor, owner, staff, seed, category, index)
    product = products.product_create(
        vendor=vendor,
        actor=owner,
        name=seed.name,
        category=category,
        description=seed.description,
        certificate=certificate,
        season_months=list(seed.season_months),
    )
    prefix = "".join(word[0] for word in vendor.slug.split("-") if word).upper()[:6]
    for v_index, variant in enumerate(seed.variants, start=1):
        variants.variant_create(
            product=product,
            actor=owner,
            sku=f"{prefix}-{index:02d}-{v_index}",
            name=variant.name,
            price=variant.price,
            compare_at_price=variant.compare_at_price,
            weight_grams=variant.weight_grams,
        )
    media.media_create(
        product=product,
        actor=owner,
        image=product_image(seed.name, seed.product_set),
        alt=seed.name,
    )
    products.product_submit_for_review(product=product, actor=owner)
    if seed.status == Product.Status.PUBLISHED:
        products.product_approve(product=product, actor=staff, note="Đạt (dữ liệu demo).")
    report.created["products"] += 1
    report.created["variants"] += len(seed.variants)
    return product


def _certificate(report, vendor, owner, staff, seed, category, index) -> OcopCertificate | None:
    if seed.stars is None:
        return None
    central = seed.stars == 5
    province = vendor.commune.province
    certificate = certificates.certificate_create(
        vendor=vendor,
        actor=owner,
        product_name=seed.name,
        product_set=category,
        decision_number=(
            f"{100 + index}/QĐ-BNNMT" if central else f"{1200 + index}/QĐ-UBND-{province.code}"
        ),
        decision_date=timezone.localdate() - datetime.timedelta(days=seed.certificate_age_days),
        issuing_body="Bộ Nông nghiệp và Môi trường" if central else f"UBND {province.name}",
        level="central" if central else "province",
        stars=seed.stars,
        score=seed.score,
        document=scanned_document(f"Quyết định công nhận OCOP – {seed.name}"),
    )
    if seed.certificate_status == "verified":
        certificates.certificate_verify(certificate=certificate, actor=staff)
    report.created["certificates"] += 1
    return certificate


def _stock(report, product, warehouse, showrooms, staff) -> None:
    """Deterministic quantities; Sơn La's and Thanh Hóa's showrooms hold their own
    province's products, Hà Nội's a selection from everywhere. A showroom holds a producer's
    goods under a consignment agreement, and every stock row starts with an opening movement,
    so that its quantity is the sum of its movements."""
    opened = []
    for variant in product.variants.all():
        rng = random.Random(zlib.crc32(variant.sku.encode()))
        holdings = [(warehouse, rng.randint(20, 150))]
        for showroom in showrooms:
            same_province = showroom.commune.province_id == warehouse.commune.province_id
            in_hanoi = showroom.commune.province_id == "01" and rng.random() < 0.5
            if same_province or in_hanoi:
                holdings.append((showroom, rng.randint(3, 30)))
        for location, quantity in holdings:
            if location.is_showroom:
                _agreement(report, product.vendor, location, staff)
            stock, created = Stock.objects.get_or_create(variant=variant, location=location)
            report.created["stock rows"] += created
            if created:
                opened.append((stock, quantity))
    if opened:
        ledger.stock_open(stocks_with_quantities=opened)
        report.created["stock movements"] += sum(1 for _stock, n in opened if n)


def _agreement(report, vendor, showroom, staff) -> ConsignmentAgreement:
    agreement = agreement_in_force(vendor_id=vendor.pk, showroom_id=showroom.pk)
    if agreement is not None:
        return agreement
    rate = COMMISSION_RATES[zlib.crc32(f"{vendor.tax_code}:{showroom.name}".encode()) % 4]
    agreement = consignment.consignment_agreement_create(
        actor=staff,
        vendor=vendor,
        showroom=showroom,
        commission_rate=rate,
        starts_on=timezone.localdate() - datetime.timedelta(days=AGREEMENTS_START_DAYS_AGO),
    )
    report.created["consignment agreements"] += 1
    return agreement


def _pending_application(report) -> User:
    seed = seed_data.PENDING_APPLICATION
    applicant = _user(report, seed.applicant_email, seed.applicant_name, PRODUCER_PASSWORD)
    report.credentials.append(("applicant", seed.applicant_email, PRODUCER_PASSWORD))
    if OnboardingApplication.objects.filter(applicant=applicant).exists():
        return applicant
    _submitted_application(
        applicant, seed, display_name=seed.display_name, code=tax_code(seed.tax_body)
    )
    report.created["applications"] += 1
    return applicant


def _submitted_application(applicant, seed, *, display_name, code):
    """Apply as a producer does: the form, the business registration, submit."""
    application = onboarding.application_create(
        applicant=applicant,
        legal_name=seed.legal_name,
        display_name=display_name,
        kind=seed.kind,
        tax_code=code,
        commune=seed.commune,
        street_address=seed.street_address,
        phone=seed.phone,
        email=applicant.email,
        story=seed.story,
    )
    onboarding.application_document_upload(
        application=application,
        actor=applicant,
        kind="business_registration",
        file=scanned_document(f"Giấy chứng nhận đăng ký – {seed.legal_name}"),
    )
    return onboarding.application_submit(application=application, actor=applicant)


def demo_counts() -> dict[str, int]:
    """Row counts a second run must leave unchanged."""
    return {
        "users": User.objects.count(),
        "producers": Vendor.objects.count(),
        "members": VendorMember.objects.count(),
        "applications": OnboardingApplication.objects.count(),
        "certificates": OcopCertificate.objects.count(),
        "products": Product.objects.count(),
        "published": Product.objects.published().count(),
        "variants": ProductVariant.objects.count(),
        "images": ProductMedia.objects.count(),
        "locations": Location.objects.count(),
        "stock rows": Stock.objects.count(),
        "stock movements": StockMovement.objects.count(),
        "showroom operators": ShowroomOperator.objects.count(),
        "showroom staff": ShowroomOperatorMember.objects.count(),
        "consignment agreements": ConsignmentAgreement.objects.count(),
        "orders": Order.objects.count(),
        "vouchers": Voucher.objects.count(),
        "delivered order parts": VendorOrder.objects.filter(
            status=VendorOrder.Status.DELIVERED
        ).count(),
        "reviews": ProductReview.objects.count(),
        "published reviews": ProductReview.objects.filter(
            status=ProductReview.Status.PUBLISHED
        ).count(),
        "review photos": ReviewPhoto.objects.count(),
        "producer replies": ReviewReply.objects.count(),
        "helpful votes": ReviewVote.objects.count(),
    }
