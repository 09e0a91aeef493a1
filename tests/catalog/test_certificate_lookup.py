"""The public certificate lookup: found without diacritics, statuses as of today, one
criterion at a time, and throttled per address."""

import datetime
import threading

import pytest
from django.utils import timezone

from catalog.services.certificate_lookup import certificate_lookup
from marketplace.core.errors import ErrorCode, ServiceError
from marketplace.core.throttle import hit
from tests.catalog.helpers import refused
from tests.factories import CertificateFactory, VendorFactory
from tests.graphql.catalog_fixtures import Status, listing
from vendors.models import CertificateStatus, OcopCertificate, Vendor

pytestmark = pytest.mark.django_db

CLIENT = "203.113.1.7"


def lookup(**criteria):
    return certificate_lookup(client=CLIENT, **criteria).certificates


def certified(vendor, name, decision="1201/QĐ-UBND-14", **fields) -> OcopCertificate:
    """A published product and its certificate, both named `name`."""
    certificate = listing(vendor, name, **fields).certificate
    certificate.decision_number, certificate.product_name = decision, name
    certificate.save()
    return certificate


@pytest.fixture
def honey(vendor):
    return certified(vendor, "Mật ong rừng Vân Hồ", stars=4)


def test_a_decision_number_typed_without_diacritics_or_punctuation_finds_it(honey):
    for typed in ("1201/QD-UBND-14", "1201 qd ubnd 14", "1201/QĐ-UBND-14", "1201/qd-ubnd"):
        (found,) = lookup(decision_number=typed)
        assert found == honey, typed
    assert found.status == CertificateStatus.IN_FORCE
    assert [p.name for p in found.listed_products] == ["Mật ong rừng Vân Hồ"]
    assert lookup(decision_number="1202/QD-UBND") == []


def test_the_product_name_and_the_tax_code_find_it_too(honey, vendor):
    assert lookup(product_name="mat ong van ho") == [honey]
    assert lookup(product_name="rừng MẬT") == [honey]
    assert lookup(producer_tax_code=vendor.tax_code) == [honey]
    branch = VendorFactory(tax_code=f"{vendor.tax_code}-001")
    theirs = CertificateFactory(vendor=branch)
    assert set(lookup(producer_tax_code=vendor.tax_code)) == {honey, theirs}


def test_expired_and_revoked_certificates_are_shown_with_their_status(vendor):
    expired = certified(vendor, "Rượu cần Tân Lạc", stars=3, expired=True)
    revoked = CertificateFactory(vendor=vendor, product_name="Rượu cần Mường", revoked=True)
    found = {c.pk: c.status for c in lookup(product_name="ruou can")}
    assert found == {expired.pk: CertificateStatus.EXPIRED, revoked.pk: CertificateStatus.REVOKED}


def test_unverified_certificates_and_suspended_producers_stay_unknown(vendor):
    CertificateFactory(
        vendor=vendor, product_name="Chè chờ duyệt",
        verification_status=OcopCertificate.Verification.PENDING,
    )  # fmt: skip
    suspended = VendorFactory(status=Vendor.Status.SUSPENDED)
    CertificateFactory(vendor=suspended, product_name="Chè của cơ sở bị đình chỉ")
    assert lookup(product_name="che") == []


def test_only_published_products_are_listed_under_a_certificate(honey, vendor):
    listing(vendor, "Mật ong nháp", status=Status.DRAFT).__class__.objects.filter(
        name="Mật ong nháp"
    ).update(certificate=honey)
    (found,) = lookup(decision_number="1201/QD-UBND-14")
    assert [p.name for p in found.listed_products] == ["Mật ong rừng Vân Hồ"]


@pytest.mark.parametrize(
    ("criteria", "code", "field"),
    [
        ({}, ErrorCode.REQUIRED, None),
        ({"decision_number": "  "}, ErrorCode.REQUIRED, None),
        ({"decision_number": "12", "product_name": "mien"}, ErrorCode.INVALID, "product_name"),
        ({"decision_number": "/-"}, ErrorCode.INVALID, "decision_number"),
        ({"product_name": "ch"}, ErrorCode.INVALID, "product_name"),
        ({"producer_tax_code": "0101"}, ErrorCode.INVALID, "producer_tax_code"),
    ],
)
def test_a_lookup_that_means_nothing_says_why(criteria, code, field):
    with pytest.raises(ServiceError) as excinfo:
        lookup(**criteria)
    refused(excinfo, code, field)


def test_an_address_is_throttled_after_the_limit_and_others_are_not(honey, settings):
    settings.OCOP_LOOKUP_RATE_LIMIT = 3
    for _ in range(3):
        lookup(product_name="mat ong")
    with pytest.raises(ServiceError) as excinfo:
        lookup(product_name="mat ong")
    assert excinfo.value.codes == [ErrorCode.THROTTLED]
    assert 1 <= excinfo.value.retry_after <= settings.OCOP_LOOKUP_RATE_WINDOW_SECONDS
    assert certificate_lookup(client="198.51.100.2", product_name="mat ong").certificates


def test_the_counter_is_atomic_under_concurrent_requests():
    """Twenty requests at once from one address: exactly the limit get through."""
    allowed, start = [], threading.Barrier(20)

    def request():
        start.wait()
        allowed.append(hit("test", CLIENT, limit=7, window_seconds=60).allowed)

    threads = [threading.Thread(target=request) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert allowed.count(True) == 7


def test_a_new_window_starts_a_new_count():
    now = 1_000_000.0
    assert hit("test", CLIENT, limit=1, window_seconds=60, now=now).allowed
    assert not hit("test", CLIENT, limit=1, window_seconds=60, now=now + 1).allowed
    assert hit("test", CLIENT, limit=1, window_seconds=60, now=now + 60).allowed


def test_two_queries_whatever_the_number_of_results(vendor, django_assert_max_num_queries):
    for number in range(8):
        certified(vendor, f"Chè Shan tuyết số {number}", stars=3)
    with django_assert_max_num_queries(2):
        found = lookup(product_name="che shan")
        assert len(found) == 8
        assert all(c.vendor.commune.province.short_name and c.listed_products for c in found)


def test_statuses_are_as_of_the_day_asked(honey):
    later = honey.valid_until + datetime.timedelta(days=1)
    result = certificate_lookup(client=CLIENT, product_name="mat ong", today=later)
    assert result.certificates[0].status == CertificateStatus.EXPIRED
    assert result.checked_on == later != timezone.localdate()


LOOKUP = """query($decision: String, $name: String, $taxCode: String) {
  ocopCertificateLookup(decisionNumber: $decision, productName: $name, producerTaxCode: $taxCode) {
    checkedOn truncated errors { field code message }
    certificates { id productName stars level status decisionNumber decisionDate validUntil
      issuingBody productSet { code name } sector { code name }
      holder { vendorId name legalName kind province { code name } }
      products { id name slug traceabilityUrl } }
  }
}"""


def test_the_api_answers_in_two_queries_and_reports_errors_and_throttling(
    vendor, settings, django_assert_max_num_queries
):
    from tests.graphql.client import GraphQLClient

    for number in range(5):
        certified(vendor, f"Mật ong số {number}", stars=4)
    client = GraphQLClient(sync_search=False)
    with django_assert_max_num_queries(2):
        data = client.execute(LOOKUP, {"decision": "1201 QD UBND 14"})["ocopCertificateLookup"]
    assert data["errors"] == [] and len(data["certificates"]) == 5
    first = data["certificates"][0]
    assert (first["status"], first["level"], first["sector"]["code"]) == (
        "IN_FORCE",
        "PROVINCE",
        "I",
    )
    assert first["products"][0]["traceabilityUrl"].startswith("http://testserver/q/")
    data = client.execute(LOOKUP, {})["ocopCertificateLookup"]
    assert [e["code"] for e in data["errors"]] == ["REQUIRED"]
    settings.OCOP_LOOKUP_RATE_LIMIT = 1
    data = client.execute(LOOKUP, {"name": "mat ong"})["ocopCertificateLookup"]
    assert [e["code"] for e in data["errors"]] == ["THROTTLED"] and data["certificates"] == []
