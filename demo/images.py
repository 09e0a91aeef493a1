"""Illustrations for the demo, drawn with Pillow (no photos are shipped or downloaded): product
packshots (see demo.packshots), scanned documents and shoppers' review photos."""

import io
import textwrap
import zlib
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw, ImageFont

from catalog.silhouettes import kind_for
from demo.packshot_colours import product_colour
from demo.packshot_shapes import DRAWINGS
from demo.packshots import Shot, seeded_rng
from marketplace.core.text import fold

_FONT_PATHS = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf",
)
_PALETTE = (
    (46, 125, 50), (0, 105, 92), (21, 101, 192), (106, 27, 154),
    (191, 54, 12), (130, 119, 23), (93, 64, 55), (173, 20, 87),
)  # fmt: skip


def _font(size: int):
    for path in _FONT_PATHS:
        if Path(path).exists():
            return ImageFont.truetype(path, size), True
    return ImageFont.load_default(size=size), False


def product_image(name: str, product_set: str, *, size: int = 600) -> SimpleUploadedFile:
    """A square packshot-style JPEG of the product: the silhouette of its product set's kind
    (catalog.silhouettes) in a colour from its name. The same name and set give the same bytes."""
    kind = kind_for(product_set, name)
    shot = Shot(size, product_colour(name, kind), seeded_rng(name, product_set))
    DRAWINGS[kind](shot, product_set)
    buffer = io.BytesIO()
    shot.finish().save(buffer, "JPEG", quality=84, optimize=False)
    return SimpleUploadedFile("product.jpg", buffer.getvalue(), content_type="image/jpeg")


def scanned_document(title: str) -> SimpleUploadedFile:
    """A one-page PDF standing in for a scanned decision or registration."""
    image = Image.new("RGB", (620, 877), (255, 255, 255))
    draw = ImageDraw.Draw(image)
    font, unicode_ok = _font(22)
    draw.text((40, 60), title if unicode_ok else fold(title), font=font, fill=(0, 0, 0))
    draw.text((40, 110), "DEMO", font=font, fill=(200, 0, 0))
    buffer = io.BytesIO()
    image.save(buffer, "PDF")
    return SimpleUploadedFile("scan.pdf", buffer.getvalue(), content_type="application/pdf")


def review_photo(name: str, index: int, *, size: int = 480) -> SimpleUploadedFile:
    """A shopper's "photo" of what arrived: the package on a wooden table, labelled demo."""
    rng_color = _PALETTE[zlib.crc32(f"{name}:{index}".encode()) % len(_PALETTE)]
    image = Image.new("RGB", (size, size * 3 // 4), (181, 136, 99))
    draw = ImageDraw.Draw(image)
    width, height = image.size
    for y in range(0, height, 24):  # the table's grain
        draw.line((0, y + index * 3 % 24, width, y + 6), fill=(160, 116, 82), width=3)
    box = (width * 0.22, height * 0.18, width * 0.78, height * 0.82)
    draw.rounded_rectangle(box, radius=18, fill=rng_color, outline=(255, 255, 255), width=4)
    font, unicode_ok = _font(size // 20)
    small_font, _unicode = _font(size // 32)
    text = name if unicode_ok else fold(name).title()
    y = height * 0.42
    for line in textwrap.wrap(text, width=16)[:3]:
        line_width = draw.textlength(line, font=font)
        draw.text(((width - line_width) / 2, y), line, font=font, fill=(255, 255, 255))
        y += size / 17
    note = "Ảnh của khách – dữ liệu demo" if unicode_ok else "Anh cua khach - du lieu demo"
    draw.text((width * 0.03, height * 0.92), note, font=small_font, fill=(255, 255, 255))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=82)
    return SimpleUploadedFile(f"review-{index}.jpg", buffer.getvalue(), content_type="image/jpeg")
