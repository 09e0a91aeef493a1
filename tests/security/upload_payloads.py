"""Hostile uploads, made on the fly: each is a few kilobytes except the 30 MB one."""

import functools
import io
import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests.files import image_bytes


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


@functools.cache
def bomb_png(side: int = 20_000) -> bytes:
    """A valid 1-bit PNG of side × side pixels: 50 MB of zero rows deflate to ~50 KB, and
    decoding it as Pillow would (one byte a pixel) takes 400 MB."""
    row = b"\x00" * (1 + (side + 7) // 8)  # filter type 0, then the packed bits
    compressor = zlib.compressobj(9)
    data = b"".join(compressor.compress(row) for _ in range(side)) + compressor.flush()
    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", data)
        + _png_chunk(b"IEND", b"")
    )


SVG_WITH_SCRIPT = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">'
    b"<script>alert(document.cookie)</script><rect width='10' height='10'/></svg>"
)


def polyglot_jpeg_pdf() -> bytes:
    """A JPEG that decodes as a picture and, with "%PDF-" in its first kilobyte (a comment
    segment), opens in a PDF reader too."""
    jpeg = image_bytes("JPEG", size=(64, 64))
    pdf = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n"
    comment = b"\xff\xfe" + struct.pack(">H", len(pdf) + 2) + pdf
    return jpeg[:2] + comment + jpeg[2:] + b"\n%%EOF\n"


def truncated_jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.effect_noise((256, 256), 60).convert("RGB").save(buffer, "JPEG")
    content = buffer.getvalue()
    return content[: len(content) * 3 // 4]


def thirty_megabytes() -> bytes:
    """A JPEG's first bytes, then 30 MB: refused by size before anything reads it."""
    return image_bytes("JPEG") + b"\x00" * (30 * 1024 * 1024)


# name, content type, content, the code an image upload gets, and words of its message.
CASES = {
    "decompression bomb": ("bomb.png", "image/png", bomb_png, "INVALID", "pixels"),
    "svg with script": ("logo.svg", "image/svg+xml", lambda: SVG_WITH_SCRIPT,
                        "UNSUPPORTED_FILE_TYPE", "not recognised"),
    "polyglot jpeg/pdf": ("scan.jpg", "image/jpeg", polyglot_jpeg_pdf,
                          "UNSUPPORTED_FILE_TYPE", "both JPG and PDF"),
    "30 MB": ("big.jpg", "image/jpeg", thirty_megabytes, "FILE_TOO_LARGE", "limit is 10 MB"),
    "truncated jpeg": ("cut.jpg", "image/jpeg", truncated_jpeg, "INVALID", "damaged"),
    "html named .jpg": ("photo.jpg", "image/jpeg",
                        lambda: b"<html><script>alert(1)</script></html>" * 10,
                        "UNSUPPORTED_FILE_TYPE", "not recognised"),
    "png named .pdf": ("scan.pdf", "application/pdf", lambda: image_bytes("PNG"),
                       "UNSUPPORTED_FILE_TYPE", "named .pdf"),
}  # fmt: skip


def hostile_upload(case: str) -> SimpleUploadedFile:
    name, content_type, content, _code, _words = CASES[case]
    return SimpleUploadedFile(name, content(), content_type=content_type)
