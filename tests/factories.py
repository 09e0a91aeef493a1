"""factory-boy factories for the domain. Reference data (communes, taxonomy) comes from the
migrations, so factories pick existing rows instead of inventing them."""

import datetime
import itertools
from decimal import Decimal

import factory
from django.utils import timezone
from stdnum.vn import mst

from catalog.models import Category, Product, ProductVariant
from inventory.models import (
    ConsignmentAgreement,
    Location,
    LocationToken,
    PosConnection,
    ShowroomOperator,
    ShowroomOperatorMember,
    Stock,
)
from inventory.models.devices import hash_token
from inventory.services.tokens import HINT_LENGTH, new_raw_token
from marketplace.accounts.models import User
from marketplace.core.ocop import certificate_valid_until
from marketplace.geography.models import Commune
from tests.files import pdf_bytes, pdf_upload
from vendors.models import OcopCertificate, Vendor, VendorMember
from vendors.services.onboarding import (
    application_create,
    application_document_upload,
    application_submit,
)

PASSWORD = "Ocop-test-2025!"

_tax_serials = itertools.count(1000001)


def valid_tax_code() -> str:
    """A fresh 10-digit tax code with a correct check digit."""
    while True:
        body = f"01{next(_tax_serials):07d}"
        check = mst.calc_check_digit(body)
        if len(check) == 1:
            return body + check


def commune(code: str = "03980") -> Commune:
    """Phường Mộc Châu, Sơn La, unless told otherwise."""
    return Commune.objects.select_related("province").get(code=code)


def product_set(code: str = "I.5.a") -> Category:
    """Chè tươi, chế biến (tea), unless told otherwise."""
    return Category.objects.get(level=Category.Level.PRODUCT_SET, code=code)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.vn")
    full_name = factory.Sequence(lambda n: f"Người dùng {n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class StaffFactory(UserFactory):
    is_staff = True


class VendorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Vendor

    legal_name = factory.Sequence(lambda n: f"Hợp tác xã Nông sản {n}")
    name = factory.Sequence(lambda n: f"HTX Nông sản {n}")
    slug = factory.Sequence(lambda n: f"htx-nong-san-{n}")
    kind = Vendor._meta.get_field("kind").choices[0][0]
    tax_code = factory.LazyFunction(valid_tax_code)
    commune = factory.LazyFunction(commune)
    street_address = "Tiểu khu 1"
    phone = "+84912345678"
    email = factory.Sequence(lambda n: f"producer{n}@example.vn")


class VendorMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VendorMember

    vendor = factory.SubFactory(VendorFactory)
    user = factory.SubFactory(UserFactory)
    role = VendorMember.Role.OWNER


class CertificateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OcopCertificate

    vendor = factory.SubFactory(VendorFactory)
    product_name = factory.Sequence(lambda n: f"Chè Shan tuyết {n}")
    product_set = factory.LazyFunction(product_set)
    decision_number = factory.Sequence(lambda n: f"{n}/QĐ-UBND")
    decision_date = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=90))
    issuing_body = "UBND tỉnh Sơn La"
    level = OcopCertificate.Level.PROVINCE
    stars = 4
    score = 75
    valid_until = factory.LazyAttribute(lambda o: certificate_valid_until(o.decision_date))
    document = factory.django.FileField(filename="decision.pdf", data=pdf_bytes())
    verification_status = OcopCertificate.Verification.VERIFIED


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product

    vendor = factory.SubFactory(VendorFactory)
    category = factory.LazyFunction(product_set)
    name = factory.Sequence(lambda n: f"Chè Shan tuyết Mộc Châu {n}")
    slug = factory.Sequence(lambda n: f"che-shan-tuyet-moc-chau-{n}")
    origin_commune = factory.LazyAttribute(lambda o: o.vendor.commune)
    status = Product.Status.PUBLISHED


class ProductVariantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProductVariant

    product = factory.SubFactory(ProductFactory)
    vendor = factory.LazyAttribute(lambda o: o.product.vendor)
    sku = factory.Sequence(lambda n: f"SKU-{n:05d}")
    name = "Hộp 200g"
    price = 150_000
    weight_grams = 250


class WarehouseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Location

    kind = Location.Kind.WAREHOUSE
    vendor = factory.SubFactory(VendorFactory)
    name = factory.LazyAttribute(lambda o: f"Kho {o.vendor.name}")
    commune = factory.LazyAttribute(lambda o: o.vendor.commune)


class StockFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Stock

    variant = factory.SubFactory(ProductVariantFactory)
    location = factory.SubFactory(
        WarehouseFactory, vendor=factory.SelfAttribute("..variant.vendor")
    )
    quantity = 10


class ShowroomOperatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ShowroomOperator

    name = factory.Sequence(lambda n: f"Trung tâm Xúc tiến Thương mại {n}")
    phone = "+842123852000"


OperatorFactory = ShowroomOperatorFactory


class ShowroomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Location

    kind = Location.Kind.SHOWROOM
    operator = factory.SubFactory(ShowroomOperatorFactory)
    name = factory.Sequence(lambda n: f"Điểm bán sản phẩm OCOP {n}")
    commune = factory.LazyFunction(commune)
    street_address = "Số 1 Đường Tô Hiệu"
    opening_hours = "T2–CN 7:30–21:00"
    pickup_enabled = True


class OperatorMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ShowroomOperatorMember

    operator = factory.SubFactory(ShowroomOperatorFactory)
    user = factory.SubFactory(UserFactory)
    role = ShowroomOperatorMember.Role.CLERK


class AgreementFactory(factory.django.DjangoModelFactory):
    """An agreement in force from today, open-ended."""

    class Meta:
        model = ConsignmentAgreement

    vendor = factory.SubFactory(VendorFactory)
    showroom = factory.SubFactory(ShowroomFactory)
    commission_rate = Decimal("15.00")
    starts_on = factory.LazyFunction(timezone.localdate)
    ends_on = None


class LocationTokenFactory(factory.django.DjangoModelFactory):
    """`LocationTokenFactory(raw=...)` to know the token; or use `location_token()`."""

    class Meta:
        model = LocationToken
        exclude = ["raw"]

    raw = factory.LazyFunction(new_raw_token)
    location = factory.SubFactory(ShowroomFactory)
    name = factory.Sequence(lambda n: f"Quầy thu ngân {n}")
    token_hash = factory.LazyAttribute(lambda o: hash_token(o.raw))
    token_hint = factory.LazyAttribute(lambda o: o.raw[:HINT_LENGTH])
    created_by = factory.SubFactory(StaffFactory)


class PosConnectionFactory(factory.django.DjangoModelFactory):
    """A KiotViet connection of a showroom by default; credentials for its provider."""

    class Meta:
        model = PosConnection

    location = factory.SubFactory(ShowroomFactory)
    provider = PosConnection.Provider.KIOTVIET
    account = "diembanocop"
    branch_id = "1"
    credentials = factory.LazyAttribute(
        lambda o: {
            "client_id": "83a5bcbe-3c39-458c-bdd9-128112cef3f7",
            "client_secret": "3B52F3A9DDE194966DAE2CE0A478B2DEC15254D6",
            "access_token": "haravan-or-sapo-token",
            "webhook_secret": "c2VjcmV0LWNoYW5nZS1tZQ==",
            "verify_token": "xac-minh-ocop",
        }
    )


def location_token(location=None, **fields) -> tuple[LocationToken, str]:
    """A device token and the raw string a device sends."""
    raw = new_raw_token()
    if location is not None:
        fields["location"] = location
    return LocationTokenFactory(raw=raw, **fields), raw


def application_details(**overrides) -> dict:
    """What an applicant types into the onboarding form (a valid, complete set)."""
    return {
        "legal_name": "Hợp tác xã Chè Shan tuyết Mộc Châu",
        "display_name": "HTX Chè Mộc Châu",
        "kind": "cooperative",
        "tax_code": valid_tax_code(),
        "commune": "03980",
        "street_address": "Tiểu khu 1",
        "phone": "0912 345 678",
        "email": "htx.moc.chau@example.vn",
        "story": "<p>Chè <strong>Shan tuyết</strong></p><script>alert(1)</script>",
        **overrides,
    }


def draft_application(applicant, **overrides):
    return application_create(applicant=applicant, **application_details(**overrides))


def with_registration(application):
    application_document_upload(
        application=application,
        actor=application.applicant,
        kind="business_registration",
        file=pdf_upload("giay-phep-kinh-doanh.pdf"),
    )
    return application


def submitted_application(applicant, **overrides):
    """An application through the real services: drafted, registration uploaded, submitted."""
    application = with_registration(draft_application(applicant, **overrides))
    return application_submit(application=application, actor=applicant)


def certificate_of_stars(*, vendor, category: str, stars: int | None, expired: bool = False):
    """A verified certificate of `stars` for the product set `category` (expired when told:
    decided long ago, ended yesterday), or None without stars; score and level fit the stars."""
    if not stars:
        return None
    certificate = CertificateFactory(
        vendor=vendor,
        product_set=product_set(category),
        level="central" if stars == 5 else "province",
        stars=stars,
        score={3: 60, 4: 80, 5: 95}[stars],
    )
    if expired:
        certificate.decision_date = timezone.localdate() - datetime.timedelta(days=1200)
        certificate.valid_until = timezone.localdate() - datetime.timedelta(days=1)
        certificate.save()
    return certificate
