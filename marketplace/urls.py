import re

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _

from frontend_templates.language import switch_language
from frontend_templates.login import LoginView
from inventory.views import pos_webhook
from marketplace.core.serving import serve_public_media
from marketplace.graphql.views import graphql_view
from marketplace.health import healthz
from orders.views import carrier_webhook

admin.site.site_header = _("OCOP Marketplace administration")
admin.site.site_title = _("OCOP Marketplace")
admin.site.index_title = _("Review and management")

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("ngon-ngu/", switch_language, name="language-switch"),
    path("graphql/", graphql_view(), name="graphql"),
    path("tai-lieu/", include("vendors.urls")),
    path("payments/", include("orders.urls")),
    path("thong-bao/", include("notifications.urls")),
    path(
        "integrations/<str:provider>/<int:connection_id>/webhook/",
        pos_webhook,
        name="pos-webhook",
    ),
    path(
        "webhooks/carriers/<str:carrier>/<str:webhook_key>/",
        carrier_webhook,
        name="carrier-webhook",
    ),
    path("tai-khoan/dang-nhap/", LoginView.as_view(), name="login"),
    path("tai-khoan/dang-xuat/", auth_views.LogoutView.as_view(next_page="login"), name="logout"),
    path("showroom/", include("frontend_templates.showroom_urls")),
    path("nha-san-xuat/", include("frontend_templates.dashboard.urls")),
    path("", include("marketplace.moved_urls")),
    path("", include("frontend_templates.shell_urls")),
    path("", include("frontend_templates.storefront.urls")),
]

if settings.SERVE_MEDIA:
    # Product images from the web process (development, a single small server); otherwise the
    # web server in front serves MEDIA_ROOT at MEDIA_URL.
    urlpatterns.append(
        re_path(
            r"^{}/(?P<path>.*)$".format(re.escape(settings.MEDIA_URL.strip("/"))),
            serve_public_media,
            name="media",
        )
    )
