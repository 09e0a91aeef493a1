"""The national OCOP portal (ocopvietnam.gov.vn) as a source of certificate records, behind
one interface so that the cross-check never knows whether it talks to the portal's API or to
recorded answers (tests, the demo, a machine without the internet).

`NATIONAL_OCOP_REGISTRY` chooses: "http" (the portal's public API, `NATIONAL_OCOP_API_URL`) or
"recorded" (the JSON answers in `recorded/`, the default while DEBUG is on).
"""

from django.conf import settings

from vendors.national_registry.base import NationalProduct, NationalRegistry
from vendors.national_registry.portal import PortalRegistry, RecordedRegistry

__all__ = ["NationalProduct", "NationalRegistry", "registry"]


def registry() -> NationalRegistry:
    if settings.NATIONAL_OCOP_REGISTRY == "recorded":
        return RecordedRegistry()
    return PortalRegistry(base_url=settings.NATIONAL_OCOP_API_URL)
