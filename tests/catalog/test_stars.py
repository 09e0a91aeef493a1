import datetime

import pytest
from django.db.models import F
from django.utils import timezone

from catalog.models import Product
from tests.factories import CertificateFactory, ProductFactory
from vendors.models import OcopCertificate

pytestmark = pytest.mark.django_db

Verification = OcopCertificate.Verification
DAY = datetime.timedelta(days=1)


def today():
    return timezone.localdate()


def product_with(vendor, **certificate_fields):
    certificate = CertificateFactory(vendor=vendor, **certificate_fields)
    return ProductFactory(vendor=vendor, certificate=certificate)


def stars_both_ways(product, on=None):
    """(the property on a plain row, the annotation, the property on an annotated row)."""
    plain = Product.objects.get(pk=product.pk)
    annotated = Product.objects.with_current_stars(on).get(pk=product.pk)
    return plain.ocop_stars, annotated.current_stars, annotated.ocop_stars


CASES = {
    "verified": ({}, 4),
    "verified, 5 stars": ({"level": "central", "stars": 5, "score": 93}, 5),
    "verified, 3 stars": ({"stars": 3, "score": 55}, 3),
    "valid until today": ({"valid_until": "today"}, 4),
    "expired yesterday": ({"valid_until": "yesterday"}, None),
    "revoked": ({"revoked": True}, None),
    "pending": ({"verification_status": Verification.PENDING}, None),
    "rejected": ({"verification_status": Verification.REJECTED}, None),
    "revoked and expired": ({"revoked": True, "valid_until": "yesterday"}, None),
}


def resolve(fields):
    dates = {"today": today(), "yesterday": today() - DAY}
    if "valid_until" in fields:
        fields = {**fields, "valid_until": dates[fields["valid_until"]]}
        # Keep the decision date before the end of validity, as the database insists.
        fields.setdefault("decision_date", fields["valid_until"] - datetime.timedelta(days=400))
    return fields


@pytest.mark.parametrize("case", CASES)
def test_stars_only_while_verified_unrevoked_and_unexpired(vendor, case):
    fields, expected = CASES[case]
    product = product_with(vendor, **resolve(fields))

    assert stars_both_ways(product) == (expected, expected, expected)


def test_no_certificate_no_stars(vendor):
    product = ProductFactory(vendor=vendor)
    assert stars_both_ways(product) == (None, None, None)


def test_property_and_annotation_agree_on_every_product_at_once(vendor):
    """All the cases side by side in one query, so joins cannot mix products up."""
    made = {case: product_with(vendor, **resolve(fields)) for case, (fields, _) in CASES.items()}
    made["none"] = ProductFactory(vendor=vendor)

    annotated = {p.pk: p.current_stars for p in Product.objects.with_current_stars()}
    plain = {p.pk: p.ocop_stars for p in Product.objects.select_related("certificate")}

    assert annotated == plain
    assert {case: annotated[p.pk] for case, p in made.items()} == {
        **{case: expected for case, (_, expected) in CASES.items()},
        "none": None,
    }


def test_revoking_or_rejecting_later_removes_the_badge(vendor):
    product = product_with(vendor)
    assert stars_both_ways(product) == (4, 4, 4)

    OcopCertificate.objects.filter(pk=product.certificate_id).update(
        revoked=True, revoked_at=timezone.now(), revoked_reason="Vi phạm chất lượng"
    )
    assert stars_both_ways(product) == (None, None, None)

    OcopCertificate.objects.filter(pk=product.certificate_id).update(
        revoked=False, verification_status=Verification.REJECTED
    )
    assert stars_both_ways(product) == (None, None, None)


def test_verifying_a_pending_certificate_shows_the_badge(vendor):
    product = product_with(vendor, verification_status=Verification.PENDING)
    assert stars_both_ways(product) == (None, None, None)
    OcopCertificate.objects.filter(pk=product.certificate_id).update(
        verification_status=Verification.VERIFIED
    )
    assert stars_both_ways(product) == (4, 4, 4)


def test_the_annotation_can_ask_about_another_day(vendor):
    product = product_with(vendor, valid_until=today() + 10 * DAY)
    annotated = Product.objects.with_current_stars
    assert annotated(today() + 10 * DAY).get(pk=product.pk).current_stars == 4
    assert annotated(today() + 11 * DAY).get(pk=product.pk).current_stars is None
    assert annotated(today() + 11 * DAY).get(pk=product.pk).ocop_stars is None


def test_filtering_and_sorting_on_current_stars(vendor):
    five = product_with(vendor, level="central", stars=5, score=95)
    three = product_with(vendor, stars=3, score=60)
    four = product_with(vendor, stars=4, score=80)
    expired_five = product_with(
        vendor, level="central", stars=5, score=95, **resolve({"valid_until": "yesterday"})
    )
    unrated = ProductFactory(vendor=vendor)

    queryset = Product.objects.with_current_stars()
    assert set(queryset.filter(current_stars__gte=4)) == {five, four}
    assert set(queryset.filter(current_stars=5)) == {five}
    assert set(queryset.filter(current_stars__isnull=True)) == {expired_five, unrated}

    ranked = list(queryset.order_by(F("current_stars").desc(nulls_last=True), "pk"))
    assert ranked[:3] == [five, four, three]
    assert set(ranked[3:]) == {expired_five, unrated}

    ascending = list(queryset.order_by(F("current_stars").asc(nulls_last=True), "pk"))
    assert ascending[:3] == [three, four, five]
