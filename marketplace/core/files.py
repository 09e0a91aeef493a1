"""Checking uploads by their content, not their name.

Documents (business registration, food-safety and OCOP certificate scans) are PDF, JPEG or PNG;
product images are JPEG, PNG or WebP. A file whose name claims another type than its content
(a PDF named `.png`) is refused, as are empty, oversized and undecodable files, images with more
pixels than MAX_IMAGE_PIXELS (decompression bombs: a few kilobytes declaring 20,000 × 20,000),
PDFs cut short, and polyglots (an image that a PDF reader would also open as a PDF).
"""

import math
import os
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from marketplace.core.errors import ErrorCode, ServiceError

DOCUMENT_TYPES = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}
IMAGE_TYPES = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}

# Extensions people use for each type.
_EXTENSIONS = {
    "pdf": {"pdf"},
    "jpg": {"jpg", "jpeg", "jpe", "jfif"},
    "png": {"png"},
    "webp": {"webp"},
}


@dataclass(frozen=True)
class CheckedFile:
    content_type: str
    extension: str
    size: int
    width: int | None = None
    height: int | None = None


def check_document(upload, *, field: str = "file") -> CheckedFile:
    """A PDF, JPEG or PNG of at most MAX_DOCUMENT_UPLOAD_BYTES, judged by its bytes."""
    checked = _check(upload, DOCUMENT_TYPES, settings.MAX_DOCUMENT_UPLOAD_BYTES, field)
    if checked.extension != "pdf":
        return _with_image_size(upload, checked, field)
    return checked


def check_image(upload, *, field: str = "image") -> CheckedFile:
    """A JPEG, PNG or WebP image that Pillow can decode, within the size and pixel limits."""
    checked = _check(upload, IMAGE_TYPES, settings.MAX_IMAGE_UPLOAD_BYTES, field)
    return _with_image_size(upload, checked, field)


def _check(upload, allowed: dict[str, str], max_bytes: int, field: str) -> CheckedFile:
    if upload is None:
        raise ServiceError.single(ErrorCode.REQUIRED, _("Choose a file to upload."), field)
    size = upload.size or 0
    if size == 0:
        raise ServiceError.single(ErrorCode.INVALID, _("The file is empty."), field)
    if size > max_bytes:
        raise ServiceError.single(
            ErrorCode.FILE_TOO_LARGE,
            _("The file is %(size)s; the limit is %(limit)s.")
            % {"size": size_label(size, round_up=True), "limit": size_label(max_bytes)},
            field,
        )
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    accepted = ", ".join(sorted({ext.upper() for ext in allowed.values()}))
    if kind is None or kind.mime not in allowed:
        raise ServiceError.single(
            ErrorCode.UNSUPPORTED_FILE_TYPE,
            _("Only %(accepted)s files are accepted; this file's content is %(found)s.")
            % {"accepted": accepted, "found": kind.mime if kind else _("not recognised")},
            field,
        )
    extension = allowed[kind.mime]
    _refuse_polyglot(head, extension, field)
    _refuse_lying_name(upload, extension, field)
    if extension == "pdf" and not _ends_like_pdf(upload, size):
        raise ServiceError.single(
            ErrorCode.INVALID, _("The PDF is incomplete or damaged and cannot be read."), field
        )
    return CheckedFile(content_type=kind.mime, extension=extension, size=size)


# PDF readers look for their header anywhere in a file's first kilobyte, and its end marker in
# the last one: a JPEG carrying "%PDF-" early on opens as a PDF too.
_PDF_MARKER = b"%PDF-"
PDF_HEADER_WINDOW = 1024


def _refuse_polyglot(head: bytes, extension: str, field: str) -> None:
    if extension != "pdf" and _PDF_MARKER in head[:PDF_HEADER_WINDOW]:
        raise ServiceError.single(
            ErrorCode.UNSUPPORTED_FILE_TYPE,
            _("The file is both %(found)s and PDF; send a plain %(found)s or a plain PDF.")
            % {"found": extension.upper()},
            field,
        )


def _refuse_lying_name(upload, extension: str, field: str) -> None:
    name_extension = os.path.splitext(getattr(upload, "name", "") or "")[1].lstrip(".").lower()
    if name_extension and name_extension not in _EXTENSIONS[extension]:
        raise ServiceError.single(
            ErrorCode.UNSUPPORTED_FILE_TYPE,
            _("The file is named .%(named)s but its content is %(found)s.")
            % {"named": name_extension, "found": extension.upper()},
            field,
        )


def _ends_like_pdf(upload, size: int) -> bool:
    upload.seek(max(size - 1024, 0))
    tail = upload.read(1024)
    upload.seek(0)
    return b"%%EOF" in tail


def size_label(size: int, *, round_up: bool = False) -> str:
    """A file size for people: "10 MB", "10.1 MB", "512 KB", "900 bytes".

    A refused file's size is rounded up and a limit down, so that a file just over the limit
    never reads as equal to it ("10.0 MB; the limit is 10 MB").
    """
    for unit, factor in (("MB", 1024 * 1024), ("KB", 1024)):
        if size >= factor:
            tenths = size * 10 / factor
            tenths = math.ceil(tenths) if round_up else math.floor(tenths)
            value = tenths / 10
            return f"{number_format(value, 0 if tenths % 10 == 0 else 1)} {unit}"
    return _("%(n)s bytes") % {"n": size}


def _with_image_size(upload, checked: CheckedFile, field: str) -> CheckedFile:
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            width, height = image.size
            if width * height > settings.MAX_IMAGE_PIXELS:
                raise ServiceError.single(
                    ErrorCode.INVALID,
                    _("The image is %(w)s×%(h)s pixels, which is too large.")
                    % {"w": width, "h": height},
                    field,
                )
            image.verify()
        # verify() checks a PNG's checksums but not a JPEG's data: decode the pixels too, so
        # that a truncated or corrupted image is refused now rather than failing later.
        upload.seek(0)
        with Image.open(upload) as image:
            image.load()
    except ServiceError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        # Pillow refuses before decoding anything (marketplace/core/uploads.py sets its limit).
        raise ServiceError.single(
            ErrorCode.INVALID,
            _("The image has more than %(limit)s pixels, which is too large.")
            % {"limit": number_format(settings.MAX_IMAGE_PIXELS, force_grouping=True)},
            field,
        ) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ServiceError.single(
            ErrorCode.INVALID, _("The image is damaged and cannot be read."), field
        ) from None
    finally:
        upload.seek(0)
    return CheckedFile(
        content_type=checked.content_type,
        extension=checked.extension,
        size=checked.size,
        width=width,
        height=height,
    )
