from django.urls import path

from vendors import views

app_name = "vendors"

urlpatterns = [
    path(
        "ho-so/<int:pk>/",
        views.application_document_download,
        name="application-document",
    ),
    path(
        "chung-nhan/<int:pk>/",
        views.certificate_document_download,
        name="certificate-document",
    ),
]
