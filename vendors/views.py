"""Private files, streamed only to people allowed to see them. A file missing on disk is a 404
with a warning in the logs (marketplace.files), never a 500."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from marketplace.core.errors import PermissionDeniedError
from marketplace.core.serving import private_file_response
from vendors.access import ALL_ROLES, require_application_reader, require_vendor_role
from vendors.models import ApplicationDocument, OcopCertificate


def application_document_download(request, pk: int):
    document = get_object_or_404(ApplicationDocument.objects.select_related("application"), pk=pk)
    try:
        require_application_reader(request.user, document.application)
    except PermissionDeniedError:
        raise Http404 from None  # do not reveal that the document exists
    return private_file_response(
        document.file,
        kind="application document",
        object_id=document.pk,
        content_type=document.content_type,
        filename=document.original_name,
    )


def certificate_document_download(request, pk: int):
    certificate = get_object_or_404(OcopCertificate.objects.select_related("vendor"), pk=pk)
    try:
        require_vendor_role(request.user, certificate.vendor, ALL_ROLES)
    except PermissionDeniedError:
        raise Http404 from None
    if not certificate.document:
        raise Http404
    return private_file_response(
        certificate.document,
        kind="certificate scan",
        object_id=certificate.pk,
        content_type="",
        filename=certificate.document.name.rsplit("/", 1)[-1],
    )
