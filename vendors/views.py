"""Private files, streamed only to people allowed to see them."""

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404

from marketplace.core.errors import PermissionDeniedError
from vendors.models import ApplicationDocument, OcopCertificate
from vendors.services.access import ALL_ROLES, require_application_reader, require_vendor_role


def application_document_download(request, pk: int):
    document = get_object_or_404(ApplicationDocument.objects.select_related("application"), pk=pk)
    try:
        require_application_reader(request.user, document.application)
    except PermissionDeniedError:
        raise Http404 from None  # do not reveal that the document exists
    return _stream(document.file, document.content_type, document.original_name)


def certificate_document_download(request, pk: int):
    certificate = get_object_or_404(OcopCertificate.objects.select_related("vendor"), pk=pk)
    try:
        require_vendor_role(request.user, certificate.vendor, ALL_ROLES)
    except PermissionDeniedError:
        raise Http404 from None
    if not certificate.document:
        raise Http404
    return _stream(certificate.document, "", certificate.document.name.rsplit("/", 1)[-1])


def _stream(field_file, content_type: str, filename: str) -> FileResponse:
    response = FileResponse(field_file.open("rb"), filename=filename, as_attachment=False)
    if content_type:
        response["Content-Type"] = content_type
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
