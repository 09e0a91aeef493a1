from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from marketplace.graphql.views import graphql_view

admin.site.site_header = _("OCOP Marketplace administration")
admin.site.site_title = _("OCOP Marketplace")
admin.site.index_title = _("Review and management")

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("graphql/", graphql_view(), name="graphql"),
    path("vendors/", include("vendors.urls")),
    path("", include("frontend_templates.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
