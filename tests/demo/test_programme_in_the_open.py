"""The issue's "done when", on the demo data: the lookup finds a demo certificate by its
decision number typed without diacritics, the expired product's card says "hết hiệu lực", and
the statistics page's per-province counts match a recount done here in plain Python."""

import re
from collections import Counter, defaultdict

import pytest
from django.core.management import call_command
from django.utils import timezone

from catalog.models import Product
from inventory.models import Location
from marketplace.core.text import fold
from vendors.models import OcopCertificate

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("seed_demo", verbosity=0)


def test_lookup_and_traceability_on_the_demo(client, demo):
    certificate = OcopCertificate.objects.get(product_name="Mật ong rừng Vân Hồ")
    typed = fold(certificate.decision_number).upper()  # "1201/QD-UBND-14"
    assert typed != certificate.decision_number
    html = client.get("/tra-cuu/", {"by": "decision", "q": typed}).content.decode()
    assert "Mật ong rừng Vân Hồ" in html and certificate.decision_number in html

    expired = Product.objects.get(name="Rượu cần Mường Tân Lạc")
    assert expired.certificate.valid_until < timezone.localdate()
    card = client.get(f"/q/{expired.short_code}").content.decode()
    assert "hết hiệu lực" in card.lower()


def test_statistics_per_province_match_an_independent_recount(client, demo):
    today = timezone.localdate()
    expected = defaultdict(Counter)
    for product in Product.objects.select_related("certificate", "vendor", "origin_commune"):
        certificate = product.certificate
        if (
            product.status == "published"
            and product.vendor.status == "active"
            and certificate is not None
            and certificate.verification_status == "verified"
            and not certificate.revoked
            and certificate.decision_date <= today <= certificate.valid_until
        ):
            counts = expected[product.origin_commune.province_id]
            counts["products"] += 1
            counts[f"stars_{certificate.stars}"] += 1
    producers = defaultdict(set)
    for product in Product.objects.filter(
        pk__in=[p.pk for p in Product.objects.published() if p.ocop_stars]
    ).select_related("origin_commune"):
        producers[product.origin_commune.province_id].add(product.vendor_id)
    showrooms = Counter(
        room.commune.province_id
        for room in Location.objects.select_related("commune")
        if room.kind == Location.Kind.SHOWROOM and room.is_active
    )
    assert len(expected) >= 5

    html = client.get("/thong-ke/").content.decode()
    for code in {*expected, *showrooms}:
        row = re.search(rf'<tr data-code="{code}">(.*?)</tr>', html).group(1)
        numbers = [int(n.replace(".", "")) for n in re.findall(r'class="number">([\d.]+)<', row)]
        counts = expected[code]
        assert numbers[:4] == [
            counts["products"],
            counts["stars_3"],
            counts["stars_4"],
            counts["stars_5"],
        ], code
        assert numbers[4] == len(producers[code]), code
        assert numbers[7] == showrooms[code], code
    total = re.search(r"<tfoot><tr><th[^>]*>[^<]*</th><td class=\"number\">([\d.]+)<", html)
    assert int(total.group(1)) == sum(c["products"] for c in expected.values())
