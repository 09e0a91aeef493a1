from django.urls import path

from vendors import views

app_name = "vendors"

urlpatterns = [
    path(
        "documents/<int:pk>/",
        views.application_document_download,
        name="application-document",
    ),
    path(
        "certificates/<int:pk>/scan/",
        views.certificate_document_download,
        name="certificate-document",
    ),
]
