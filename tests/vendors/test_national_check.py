"""The national OCOP portal connector (on recorded answers, through `responses`) and the
cross-check that flags what differs for staff without touching a certificate."""

import json
from pathlib import Path

import pytest
import requests
import responses
from django.core.management import call_command

from marketplace.core.errors import ErrorCode, ServiceError
from marketplace.core.http import ExternalServiceError, Failure, RetryPolicy, ServiceClient
from tests.factories import CertificateFactory, StaffFactory, VendorFactory
from vendors.models import NationalCheckFinding, OcopCertificate
from vendors.national_registry.portal import RECORDED, PortalRegistry, RecordedRegistry
from vendors.services.national_check import finding_resolve, national_cross_check
from vendors.tasks import PortalUnavailable, cross_check_national_registry

pytestmark = pytest.mark.django_db

BASE = "https://api.ocopvietnam.gov.vn/v1/public/"
LIST = BASE + "product-info/"


def recorded(name: str) -> dict:
    return json.loads((Path(RECORDED) / name).read_text(encoding="utf-8"))


def portal() -> PortalRegistry:
    client = ServiceClient(
        service="ocop-portal", base_url=BASE, retry=RetryPolicy(attempts=3), sleep=lambda s: None
    )
    return PortalRegistry(base_url=BASE, client=client)


@responses.activate
def test_a_search_follows_every_page_and_skips_what_is_not_a_product():
    responses.get(
        LIST, json=recorded("product-info-page-1.json"),
        match=[responses.matchers.query_param_matcher(
            {"search": "mat ong", "page_size": "50", "page": "1"})],
    )  # fmt: skip
    responses.get(
        LIST, json=recorded("product-info-page-2.json"),
        match=[responses.matchers.query_param_matcher(
            {"search": "mat ong", "page_size": "50", "page": "2"})],
    )  # fmt: skip
    found = list(portal().search("mat ong"))
    assert [p.id for p in found] == ["1001", "1002", "1003", "1004", "2001", "1005"]
    honey = found[2]
    assert (honey.name, honey.stars, honey.producer, honey.decision_number) == (
        "Mật ong rừng Vân Hồ", 3, "Hộ kinh doanh Mùa A Sử", "1201/QĐ-UBND-14",
    )  # fmt: skip
    assert str(found[1].issued_on) == "2026-05-16"  # dd/mm/yyyy read too
    assert found[5].stars == 4  # "4" as text
    missing = found[4]
    assert (missing.stars, missing.producer, missing.decision_number) == (None, None, None)


@responses.activate
def test_the_star_filter_is_sent_and_a_detail_is_read():
    wanted = {"search": "mien", "ocop_star": "4", "page_size": "50", "page": "1"}
    responses.get(
        LIST,
        json={"count": 0, "next": None, "results": []},
        match=[responses.matchers.query_param_matcher(wanted)],
    )
    responses.get(LIST + "1004/", json=recorded("product-info-detail-1004.json"))
    responses.get(LIST + "9999/", status=404, json={"detail": "Not found."})
    assert list(portal().search("mien", stars=4)) == []
    detail = portal().product("1004")
    assert detail.producer == "Hợp tác xã Miến dong Côn Minh"
    assert detail.decision_number == "1201/QĐ-UBND-19"
    assert portal().product("9999") is None


@responses.activate
def test_server_errors_are_retried_then_reported_as_unavailable():
    responses.get(LIST, status=503)
    with pytest.raises(ExternalServiceError) as excinfo:
        list(portal().search("mien"))
    assert excinfo.value.kind == Failure.UNAVAILABLE
    assert len(responses.calls) == 3
    responses.replace(responses.GET, LIST, body="<html>maintenance</html>", status=200)
    with pytest.raises(ExternalServiceError) as excinfo:
        list(portal().search("mien"))
    assert excinfo.value.kind == Failure.BAD_RESPONSE


@responses.activate
def test_a_timeout_then_an_answer_succeeds():
    responses.get(LIST, body=requests.exceptions.ConnectTimeout("slow"))
    responses.get(LIST, json={"count": 0, "next": None, "results": []})
    assert list(portal().search("che")) == []
    assert len(responses.calls) == 2


@pytest.fixture
def honey():
    vendor = VendorFactory(legal_name="Hộ kinh doanh Mùa A Sử", name="Mật ong Vân Hồ")
    return CertificateFactory(
        vendor=vendor, product_name="Mật ong rừng Vân Hồ", decision_number="1201/QĐ-UBND-14",
        stars=4, score=81,
    )  # fmt: skip


def test_the_cross_check_flags_a_difference_with_the_evidence_and_changes_nothing(honey):
    before = OcopCertificate.objects.values().get(pk=honey.pk)
    report = national_cross_check(actor=StaffFactory(), source=RecordedRegistry())
    (finding,) = report.flagged
    assert finding.differences == [{"field": "stars", "ours": "4", "national": "3"}]
    assert finding.national_id == "1003"
    assert finding.national_record["manufacturer"]["name"] == "Hộ kinh doanh Mùa A Sử"
    assert finding.status == NationalCheckFinding.Status.OPEN
    assert OcopCertificate.objects.values().get(pk=honey.pk) == before
    # A second run refreshes the open finding rather than adding another.
    national_cross_check(actor=None, source=RecordedRegistry())
    assert NationalCheckFinding.objects.filter(certificate=honey).count() == 1


def test_matching_records_and_records_it_cannot_find_are_not_flagged():
    vendor = VendorFactory(legal_name="Hợp tác xã Miến dong Côn Minh")
    CertificateFactory(vendor=vendor, product_name="Miến dong Bắc Kạn",
                       decision_number="1201/QD-UBND-19")  # fmt: skip
    CertificateFactory(vendor=vendor, product_name="Miến dong lạ")
    report = national_cross_check(actor=None, source=RecordedRegistry())
    assert (report.checked, report.matched, report.not_found, report.flagged) == (2, 1, 1, [])


def test_a_portal_outage_stops_the_run_and_the_task_retries(honey, monkeypatch):
    class Down:
        def search(self, text, stars=None):
            raise ExternalServiceError("ocop-portal", Failure.UNAVAILABLE, "503")

    report = national_cross_check(actor=None, source=Down())
    assert report.aborted and report.checked == 0
    monkeypatch.setattr("vendors.services.national_check.registry", lambda: Down())
    with pytest.raises(PortalUnavailable):
        cross_check_national_registry.run()


def test_only_staff_run_it_and_close_findings(honey, owner):
    with pytest.raises(ServiceError) as excinfo:
        national_cross_check(actor=owner, source=RecordedRegistry())
    assert excinfo.value.codes == [ErrorCode.PERMISSION_DENIED]
    (finding,) = national_cross_check(actor=None, source=RecordedRegistry()).flagged
    staff = StaffFactory()
    closed = finding_resolve(finding=finding, actor=staff, status="dismissed", note="Đã gọi HTX.")
    assert (closed.status, closed.reviewed_by) == ("dismissed", staff)
    with pytest.raises(ServiceError) as excinfo:
        finding_resolve(finding=finding, actor=staff, status="confirmed")
    assert excinfo.value.codes == [ErrorCode.INVALID_TRANSITION]


def test_the_demo_mismatch_is_flagged_from_the_recorded_answers(settings, client):
    """Done when: the national cross-check flags the deliberately mismatched demo certificate."""
    call_command("seed_demo", verbosity=0)
    settings.NATIONAL_OCOP_REGISTRY = "recorded"
    staff = StaffFactory(is_superuser=True)
    client.force_login(staff)
    response = client.post(
        "/admin/vendors/ocopcertificate/",
        {"action": "cross_check_national",
         "_selected_action": list(OcopCertificate.objects.values_list("pk", flat=True))},
        follow=True,
    )  # fmt: skip
    assert response.status_code == 200
    (finding,) = NationalCheckFinding.objects.all()
    assert finding.certificate.product_name == "Mật ong rừng Vân Hồ"
    assert finding.differences == [{"field": "stars", "ours": "4", "national": "3"}]
    queue = client.get("/admin/vendors/nationalcheckfinding/").content.decode()
    assert "Mật ong rừng Vân Hồ" in queue
    home = client.get("/admin/").content.decode()
    assert "Sai khác so với Hệ thống thông tin OCOP quốc gia" in home
