import io
from collections import Counter

import pytest
from django.core.files.storage import storages
from django.core.management import call_command
from django.db.models import F

from catalog.models import Category, Product, ProductVariant
from demo.generator.markers import CERTIFICATE_DOCUMENT, generated_showrooms, generated_vendors
from inventory.models import ConsignmentAgreement, Location, Stock, StockMovement
from inventory.selectors import agreement_in_force
from marketplace.core.ocop import scoring
from marketplace.core.validators import normalize_vn_phone
from marketplace.geography.models import Province
from tests.factories import AgreementFactory, StockFactory, VendorFactory
from tests.inventory.helpers import assert_ledger_balances
from vendors.models import OcopCertificate, Vendor, VendorKind, VendorMember
from vendors.validators import normalize_tax_code

pytestmark = pytest.mark.django_db

PRODUCTS = 300


def generate(*args):
    out = io.StringIO()
    call_command(
        "generate_catalogue", "--products", PRODUCTS, "--seed", 1, *args, verbosity=0, stdout=out
    )
    return out.getvalue()


def generated_products():
    return Product.objects.filter(vendor__in=generated_vendors())


def catalogue_snapshot():
    """What a run made, in creation order: enough to tell two runs apart."""
    return (
        list(generated_products().order_by("pk").values_list("name", "slug", "vendor__name")),
        list(
            ProductVariant.objects.filter(vendor__in=generated_vendors())
            .order_by("pk")
            .values_list("sku", "price")
        ),
    )


@pytest.fixture
def catalogue():
    output = generate()
    assert "Created:" in output
    return output


def test_every_product_is_published_with_a_current_certificate_in_its_star_band(catalogue):
    products = generated_products().select_related("certificate", "vendor").with_current_stars()
    assert products.count() == PRODUCTS
    for product in products:
        certificate = product.certificate
        band = scoring().band(certificate.stars)
        assert product.status == Product.Status.PUBLISHED
        assert product.published_at is not None
        assert product.current_stars == certificate.stars
        assert certificate.verification_status == OcopCertificate.Verification.VERIFIED
        assert band.min_score <= certificate.score <= band.max_score
        expected_level = "central" if certificate.stars == 5 else "province"
        assert certificate.level == expected_level
        assert certificate.product_set_id == product.category_id
        assert certificate.product_name == product.name
        assert certificate.document.name == CERTIFICATE_DOCUMENT
        assert product.origin_commune_id == product.vendor.commune_id
        assert 0 <= product.season_mask < 4096
    assert storages["private"].exists(CERTIFICATE_DOCUMENT)


def test_stars_follow_the_programme_proportions(catalogue):
    stars = Counter(
        OcopCertificate.objects.filter(vendor__in=generated_vendors()).values_list(
            "stars", flat=True
        )
    )
    assert stars == {3: 222, 4: 75, 5: 3}


def test_the_catalogue_spans_every_product_set_and_province(catalogue):
    products = generated_products()
    product_sets = Category.objects.filter(level=Category.Level.PRODUCT_SET)
    assert set(products.values_list("category", flat=True)) == set(
        product_sets.values_list("pk", flat=True)
    )
    provinces = set(products.values_list("origin_commune__province", flat=True))
    assert provinces == set(Province.objects.values_list("code", flat=True))


def test_producers_are_valid_and_each_has_an_owner(catalogue):
    vendors = generated_vendors()
    assert 130 < vendors.count() < 190  # about 1.86 products per producer
    assert {vendor.kind for vendor in vendors} == set(VendorKind.values)
    for vendor in vendors:
        assert normalize_tax_code(vendor.tax_code) == vendor.tax_code
        assert normalize_vn_phone(vendor.phone) == vendor.phone
        assert vendor.slug.startswith("gen-")
    assert VendorMember.objects.filter(vendor__in=vendors, role="owner").count() == vendors.count()
    assert len(set(vendors.values_list("tax_code", flat=True))) == vendors.count()


def test_variants_are_priced_and_stocked_at_the_producers_warehouse(catalogue):
    variants = ProductVariant.objects.filter(vendor__in=generated_vendors())
    per_product = Counter(variants.values_list("product", flat=True))
    assert set(per_product.values()) <= {1, 2, 3, 4, 5}
    assert 2.5 < variants.count() / PRODUCTS < 3.5
    assert not variants.exclude(vendor=F("product__vendor")).exists()
    skus = list(variants.values_list("vendor", "sku"))
    assert len(skus) == len(set(skus))
    for price in variants.values_list("price", flat=True):
        assert price % 1000 == 0 and 20_000 <= price <= 1_500_000
    at_warehouse = Stock.objects.filter(
        variant__in=variants,
        location__kind=Location.Kind.WAREHOUSE,
        location__vendor=F("variant__vendor"),
    )
    assert at_warehouse.values("variant").distinct().count() == variants.count()
    assert at_warehouse.count() == variants.count()
    assert Stock.objects.filter(variant__in=variants, location__kind="showroom").exists()
    showroom_provinces = Location.objects.filter(kind="showroom").values("commune__province")
    assert showroom_provinces.distinct().count() == Province.objects.count()
    warehouses = Location.objects.filter(kind="warehouse", vendor__in=generated_vendors())
    assert warehouses.count() == generated_vendors().count()
    assert not warehouses.exclude(commune=F("vendor__commune")).exists()


def test_showroom_stock_is_consigned_and_every_row_opens_in_the_ledger(catalogue):
    assert_ledger_balances()
    variants = ProductVariant.objects.filter(vendor__in=generated_vendors())
    stocks = Stock.objects.filter(variant__in=variants)
    opening = StockMovement.objects.filter(stock__in=stocks, kind=StockMovement.Kind.OPENING)
    assert opening.count() == stocks.filter(quantity__gt=0).count()
    assert stocks.filter(quantity=0).exists()  # out of stock: no movement needed
    held = set(
        stocks.filter(location__kind="showroom")
        .values_list("variant__vendor_id", "location_id")
        .distinct()
    )
    assert held
    agreements = ConsignmentAgreement.objects.filter(vendor__in=generated_vendors())
    assert set(agreements.values_list("vendor_id", "showroom_id")) == held
    assert agreements.count() == len(held)
    for vendor_id, showroom_id in list(held)[:20]:
        assert agreement_in_force(vendor_id=vendor_id, showroom_id=showroom_id)


def test_reset_regenerates_the_same_catalogue_and_spares_other_rows():
    real_stock = StockFactory(quantity=0)
    # A real producer whose slug happens to start with "gen-" is not generated.
    lookalike = VendorFactory(slug="gen-12345-gen-coffee", name="Gen Coffee")
    generate()
    first = catalogue_snapshot()
    # A real producer consigns to a generated showroom: the showroom stays.
    showroom = generated_showrooms().first()
    real_agreement = AgreementFactory(vendor=lookalike, showroom=showroom)
    counts = (
        Vendor.objects.count(),
        Product.objects.count(),
        Stock.objects.count(),
        StockMovement.objects.count(),
        ConsignmentAgreement.objects.count(),
    )

    output = generate("--reset")

    assert f"{PRODUCTS} products" in output.split("Created:")[0]  # deleted the first run
    assert catalogue_snapshot() == first
    assert (
        Vendor.objects.count(),
        Product.objects.count(),
        Stock.objects.count(),
        StockMovement.objects.count(),
        ConsignmentAgreement.objects.count(),
    ) == counts
    assert_ledger_balances()
    assert Stock.objects.filter(pk=real_stock.pk).exists()
    assert Vendor.objects.filter(pk=lookalike.pk).exists()
    assert ConsignmentAgreement.objects.filter(pk=real_agreement.pk).exists()
    assert Location.objects.filter(pk=showroom.pk).exists()


def test_a_run_without_reset_adds_producers_with_new_slugs_and_tax_codes(catalogue):
    generate()

    assert generated_products().count() == 2 * PRODUCTS
    assert Location.objects.filter(kind="showroom").count() == Province.objects.count()
    tax_codes = list(Vendor.objects.values_list("tax_code", flat=True))
    assert len(tax_codes) == len(set(tax_codes))


def test_the_provinces_have_the_programmes_weights(catalogue):
    """Hà Nội leads by far, as in the programme, not the provinces with the most communes."""
    from catalog.statistics import Dimension, StatisticsFilter, catalogue_rows, catalogue_totals

    rows = catalogue_rows([Dimension.PROVINCE], StatisticsFilter())
    products = {row.keys[Dimension.PROVINCE].code: row.counts.products for row in rows}
    assert len(products) == 34  # every province has some
    assert max(products, key=products.get) == "01"
    assert products["01"] > 3 * products["14"]
    totals = catalogue_totals(StatisticsFilter())
    assert totals.by_stars[5] == round(totals.products * 0.01)
    assert totals.by_stars[4] == round(totals.products * 0.25)
    assert all(certificate.decision_number_key for certificate in OcopCertificate.objects.all())
