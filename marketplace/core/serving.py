"""Streaming stored files. A row whose file is gone from disk (a restore without the media
volume, a moved volume, a fresh clone with an old database) answers 404 and leaves a warning
naming the object and the path, so that operations can restore the file: never a 500."""

import logging
import re

from django.conf import settings
from django.http import FileResponse, Http404
from django.views import static

logger = logging.getLogger("marketplace.files")


def missing_file(kind: str, object_id, path: str, error: Exception | None = None) -> Http404:
    """Log the missing file and return the 404 to raise."""
    logger.warning(
        "Stored file missing: %s %s, path %r (%s)",
        kind,
        object_id,
        path,
        type(error).__name__ if error else "not found",
        extra={"object_type": kind, "object_id": object_id, "path": path},
    )
    return Http404("The file is not available.")


def open_stored(field_file, *, kind: str, object_id):
    """The open file behind a FileField's value, or Http404 (logged) when it cannot be read."""
    if not field_file:
        raise Http404
    try:
        return field_file.open("rb")
    except OSError as error:  # FileNotFoundError, IsADirectoryError, PermissionError, ...
        raise missing_file(kind, object_id, field_file.name, error) from None


def private_file_response(field_file, *, kind: str, object_id, content_type: str, filename: str):
    """A permission-checked file, shown inline, never cached, never sniffed."""
    handle = open_stored(field_file, kind=kind, object_id=object_id)
    response = FileResponse(handle, filename=filename, as_attachment=False)
    if content_type:
        response["Content-Type"] = content_type
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# products/<product>/image.jpg and products/<product>/thumbs/<media>-<size>.webp
_PRODUCT_MEDIA = re.compile(r"^products/(?P<product>\d+)/(?:thumbs/(?P<media>\d+)-\d+\.webp)?")


def serve_public_media(request, path: str):
    """MEDIA_ROOT's files (product images and thumbnails, logos) when the web process serves
    them (SERVE_MEDIA); a missing one is a logged 404 like a private file."""
    try:
        return static.serve(request, path, document_root=settings.MEDIA_ROOT)
    except Http404:
        match = _PRODUCT_MEDIA.match(path)
        if match is None:
            raise missing_file("media", None, path) from None
        if match["media"]:
            raise missing_file("product media", int(match["media"]), path) from None
        raise missing_file("product", int(match["product"]), path) from None
