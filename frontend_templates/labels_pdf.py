"""Printable QR labels: an A4 sheet of 24 (3 across, 8 down, 70 × 37 mm, the common
"24 per sheet" label stock), each with the QR code of the product's /q/ URL, its name with
Vietnamese diacritics, its stars, the producer and the short URL written out.

fpdf2 (pure Python, maintained, embeds a subset of a TrueType font) draws it; the QR code is
vector squares, sharp on any printer. The font is DejaVu Sans, which has every Vietnamese
letter: Debian's fonts-dejavu-core (`LABEL_FONT_DIR`), which .ci/run and the deploy install.
"""

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import qrcode
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from fpdf import FPDF

COLUMNS, ROWS = 3, 8
LABELS_PER_PAGE = COLUMNS * ROWS
LABEL_W, LABEL_H = 70.0, 37.0  # mm
PAGE_W, PAGE_H = 210.0, 297.0
TOP = (PAGE_H - ROWS * LABEL_H) / 2
PADDING = 2.5
QR_SIZE = LABEL_H - 2 * PADDING
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}


@dataclass(frozen=True)
class Label:
    name: str
    stars: int | None
    stars_text: str  # "OCOP 4 sao", in the page's language
    producer: str
    url: str  # absolute: what the QR code holds
    short_url: str  # what is printed: host and /q/<code>


@cache
def _font_paths() -> dict[str, Path]:
    folder = Path(settings.LABEL_FONT_DIR)
    paths = {style: folder / name for style, name in FONT_FILES.items()}
    missing = [str(path) for path in paths.values() if not path.exists()]
    if missing:
        raise ImproperlyConfigured(
            f"The label font is missing ({', '.join(missing)}): install Debian's "
            "fonts-dejavu-core or set LABEL_FONT_DIR to a folder with DejaVu Sans."
        )
    return paths


def labels_pdf(labels: list[Label], *, title: str) -> bytes:
    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_margins(0, 0, 0)
    pdf.set_title(title)
    pdf.set_creator("OCOP Marketplace")
    for style, path in _font_paths().items():
        pdf.add_font("DejaVu", style, str(path))
    for index, label in enumerate(labels):
        if index % LABELS_PER_PAGE == 0:
            pdf.add_page()
        slot = index % LABELS_PER_PAGE
        x = (slot % COLUMNS) * LABEL_W
        y = TOP + (slot // COLUMNS) * LABEL_H
        _draw_label(pdf, label, x, y)
    if not labels:
        pdf.add_page()
    return bytes(pdf.output())


def _draw_label(pdf: FPDF, label: Label, x: float, y: float) -> None:
    _draw_qr(pdf, label.url, x + PADDING, y + PADDING, QR_SIZE)
    text_x = x + PADDING + QR_SIZE + 1.5
    width = LABEL_W - (text_x - x) - PADDING
    pdf.set_xy(text_x, y + PADDING + 0.5)
    pdf.set_font("DejaVu", "B", 8)
    # At most three lines of name; a longer one is cut with an ellipsis.
    lines = pdf.multi_cell(width, 3.4, label.name, dry_run=True, output="LINES")
    if len(lines) > 3:
        lines = [*lines[:2], lines[2].rstrip()[:-1] + "…"]
    for line in lines:
        pdf.set_x(text_x)
        pdf.cell(width, 3.4, line, new_x="LEFT", new_y="NEXT")
    if label.stars:
        pdf.set_x(text_x)
        pdf.set_text_color(140, 110, 0)
        pdf.set_font("DejaVu", "B", 9)
        stars = "★" * label.stars + " "
        pdf.cell(pdf.get_string_width(stars), 4.6, stars)
        pdf.set_font("DejaVu", "B", 6.5)
        pdf.cell(width - pdf.get_string_width(stars), 4.6, label.stars_text, new_x="LEFT",
                 new_y="NEXT")  # fmt: skip
        pdf.set_x(text_x)
        pdf.set_text_color(0, 0, 0)
    pdf.set_font("DejaVu", "", 6.5)
    pdf.set_x(text_x)
    pdf.multi_cell(
        width, 2.9, label.producer, align="L", max_line_height=2.9, new_x="LEFT", new_y="NEXT"
    )
    pdf.set_xy(text_x, y + LABEL_H - PADDING - 3.2)
    pdf.set_font("DejaVu", "", 6.5)
    pdf.cell(width, 3.2, label.short_url)


def _draw_qr(pdf: FPDF, data: str, x: float, y: float, size: float) -> None:
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=1)
    code.add_data(data)
    code.make(fit=True)
    matrix = code.get_matrix()
    module = size / len(matrix)
    pdf.set_fill_color(0, 0, 0)
    for row_number, row in enumerate(matrix):
        column = 0
        while column < len(row):  # one rectangle per run of dark modules: a smaller file
            if not row[column]:
                column += 1
                continue
            start = column
            while column < len(row) and row[column]:
                column += 1
            pdf.rect(
                x + start * module,
                y + row_number * module,
                (column - start) * module + 0.01,
                module + 0.01,
                style="F",
            )
