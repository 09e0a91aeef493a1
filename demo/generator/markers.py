"""How generated rows are told apart from real ones, so that --reset deletes only them."""

from django.db.models import QuerySet

from inventory.models import Location
from marketplace.accounts.models import User
from vendors.models import Vendor

# A producer is generated when its slug is "gen-<serial>-..." and its email is in the
# generated domain: a real producer called "Gen ..." gets the slug "gen-..." but not both.
VENDOR_SLUG_PREFIX = "gen-"
VENDOR_SLUG_PATTERN = r"^gen-([0-9]{5,})-"
EMAIL_DOMAIN = "gen.ocop.example"  # .example is reserved (RFC 2606): mail never leaves
SHOWROOM_MARKER = "(dữ liệu tạo tự động)"
CERTIFICATE_DOCUMENT = "certificates/generated/decision.pdf"


def generated_vendors() -> QuerySet[Vendor]:
    return Vendor.objects.filter(
        slug__regex=VENDOR_SLUG_PATTERN, email__endswith=f"@{EMAIL_DOMAIN}"
    )


def generated_owners() -> QuerySet[User]:
    return User.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}")


def generated_showrooms() -> QuerySet[Location]:
    return Location.objects.filter(
        kind=Location.Kind.SHOWROOM, vendor__isnull=True, name__endswith=SHOWROOM_MARKER
    )
