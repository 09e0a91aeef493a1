"""Old addresses of pages that moved when URLs took one language rule.

The rule: what a person opens in the address bar (pages, files they download) has a
Vietnamese path without diacritics; technical endpoints that programs call (`/graphql/`,
`/payments/…`, `/integrations/…`, `/healthz`, `/admin/`, `/i18n/`) stay English. Bookmarks,
printed links and scripts that used an old path keep working: GET and HEAD answer 301, other
methods 308 so that a form or a script's POST is repeated at the new address with its body.
"""

from django.http import HttpResponsePermanentRedirect
from django.http.response import HttpResponseRedirectBase
from django.urls import path, reverse


class HttpResponsePermanentRedirectKeepMethod(HttpResponseRedirectBase):
    status_code = 308


def moved_to(pattern_name):
    """A view answering every request to an old path with the new one (same query string)."""

    def view(request, **kwargs):
        location = reverse(pattern_name, kwargs=kwargs)
        query = request.META.get("QUERY_STRING", "")
        if query:
            location = f"{location}?{query}"
        if request.method in ("GET", "HEAD"):
            return HttpResponsePermanentRedirect(location)
        return HttpResponsePermanentRedirectKeepMethod(location)

    view.csrf_exempt = True  # it only points elsewhere; the new address checks the token
    return view


# (old path, new URL name), old paths as they were before the rule.
MOVED = [
    ("accounts/login/", "login"),
    ("accounts/logout/", "logout"),
    ("showroom/<int:pk>/import/", "showroom:import"),
    ("showroom/<int:pk>/export.csv", "showroom:export"),
    ("vendors/documents/<int:pk>/", "vendors:application-document"),
    ("vendors/certificates/<int:pk>/scan/", "vendors:certificate-document"),
]

urlpatterns = [path(old, moved_to(new)) for old, new in MOVED]
