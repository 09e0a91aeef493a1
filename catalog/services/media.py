"""Product images: checked with Pillow, stored with WebP thumbnails at fixed sizes."""

import io

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Count, Max
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from PIL import Image, ImageOps

from catalog.lock_objects import lock_product_row
from catalog.models import ProductMedia
from catalog.thumbnails import THUMBNAIL_SIZES
from marketplace.core.errors import ErrorCode, ServiceError
from marketplace.core.files import check_image
from vendors.access import require_vendor_role

MAX_IMAGES_PER_PRODUCT = 20


def media_create(*, product, actor, image, alt: str = "") -> ProductMedia:
    require_vendor_role(actor, product.vendor)
    checked = check_image(image, field="image")
    alt = (alt or "").strip()[:255] or product.name
    written: list[str] = []  # files to remove again if anything below fails
    try:
        with transaction.atomic():
            # Lock the product: two uploads at once must not both take the last free place.
            lock_product_row(product)
            existing = ProductMedia.objects.filter(product_id=product.pk).aggregate(
                count=Count("pk"), last=Max("position")
            )
            if existing["count"] >= MAX_IMAGES_PER_PRODUCT:
                raise ServiceError.single(
                    ErrorCode.INVALID,
                    ngettext(
                        "A product has at most %(n)s image.",
                        "A product has at most %(n)s images.",
                        MAX_IMAGES_PER_PRODUCT,
                    )
                    % {"n": MAX_IMAGES_PER_PRODUCT},
                    "image",
                )
            position = 0 if existing["last"] is None else existing["last"] + 1
            media = ProductMedia(product=product, alt=alt, position=position)
            media.image.save(f"image.{checked.extension}", image, save=False)
            written.append(media.image.name)
            media.save()
            media.thumbnails = make_thumbnails(media=media, written=written)
            media.save(update_fields=["thumbnails"])
    except BaseException:
        for name in written:
            default_storage.delete(name)
        raise
    return media


def media_delete(*, media, actor) -> None:
    require_vendor_role(actor, media.product.vendor)
    names = [media.image.name, *media.thumbnails.values()]
    with transaction.atomic():
        media.delete()
        transaction.on_commit(lambda: [default_storage.delete(name) for name in names if name])


def make_thumbnails(*, media: ProductMedia, written: list[str] | None = None) -> dict[str, str]:
    """The product image's thumbnails (see `write_thumbnails`)."""
    return write_thumbnails(
        image=media.image,
        name_pattern=f"products/{media.product_id}/thumbs/{media.pk}-{{size}}.webp",
        written=written,
    )


def write_thumbnails(
    *, image, name_pattern: str, written: list[str] | None = None
) -> dict[str, str]:
    """Write one WebP of the stored `image` (an ImageField file) per size no larger than the
    original, plus the first size at least as large, under `name_pattern` (with a `{size}`
    placeholder); returns {size: storage name}. The WebP copies carry no EXIF (no camera
    position). Each name written is appended to `written`."""
    written = [] if written is None else written
    try:
        with image.open("rb") as source, Image.open(source) as original:
            upright = ImageOps.exif_transpose(original)  # decodes the whole image
            transparent = upright.mode in ("RGBA", "LA", "PA") or "transparency" in upright.info
            decoded = upright.convert("RGBA" if transparent else "RGB")
    except (
        OSError,
        SyntaxError,
        ValueError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
    ):
        # Pillow's quick check passes some damaged files (a cut-off JPEG); decoding does not.
        raise ServiceError.single(
            ErrorCode.INVALID, _("The image is damaged and cannot be read."), "image"
        ) from None
    names: dict[str, str] = {}
    for size in THUMBNAIL_SIZES:
        copy = decoded.copy()
        copy.thumbnail((size, size), Image.Resampling.LANCZOS)
        buffer = io.BytesIO()
        copy.save(buffer, "WEBP", quality=80, method=4)
        name = name_pattern.format(size=size)
        if default_storage.exists(name):
            default_storage.delete(name)
        names[str(size)] = default_storage.save(name, ContentFile(buffer.getvalue()))
        written.append(names[str(size)])
        if size >= max(decoded.size):
            break
    return names
