"""Packshot-style demo images drawn with Pillow: the product's silhouette (bottle, jar, pouch...,
see catalog.silhouettes) in its colour, lit from the left, with a label band, standing on a
studio sweep with a floor shadow and a film grain. No photo is shipped or downloaded.

Deterministic (the same name and product set give the same bytes: no Pillow noise effects,
which use the C library's unseeded rand()) and fast (about 10 ms at 600 px): shapes are drawn
as masks at twice the size and reduced, which is what anti-aliases their edges."""

import functools
import math
import random
import zlib

from PIL import Image, ImageChops, ImageDraw, ImageFilter

from demo.packshot_colours import RGB, darker, lighter, mix

SUPERSAMPLE = 2
FLOOR = 0.84  # where the drawings stand, as a share of the height
STAGE = 0.87  # where that floor lands in the image (drawings are stretched up from it)
CREAM = (248, 244, 232)
INK = (70, 64, 58)
GLASS = (222, 232, 236)
GREEN_LEAF = (58, 124, 60)
TERRACOTTA = (178, 96, 62)

Box = tuple[float, float, float, float]


@functools.lru_cache(maxsize=4)
def _grain(size: int) -> Image.Image:
    """A fixed grain around 128 (±10), added to every image with an offset per product."""
    noise = Image.frombytes("L", (size, size), random.Random(12).randbytes(size * size))
    grey = noise.point([118 + v * 20 // 255 for v in range(256)])
    return Image.merge("RGB", (grey, grey, grey))


def _profile(function) -> Image.Image:
    return Image.frombytes("L", (256, 1), bytes(function(i / 255) for i in range(256)))


@functools.lru_cache(maxsize=1)
def _profiles():
    """Across a round body lit from the left: how much of its colour (against its shade)
    shows, and where the highlight runs."""
    body = _profile(lambda t: round(255 * min(1.0, 0.25 + 0.95 * math.sin(math.pi * t) ** 0.6)))
    spec = _profile(lambda t: round(200 * math.exp(-(((t - 0.26) / 0.06) ** 2))))
    return body, spec


class Shot:
    """One image being drawn. Shapes are in fractions of the side; `sx`/`sy` stretch them
    about the centre line and the floor so that two products of a kind differ a little."""

    def __init__(self, size: int, colour: RGB, rng: random.Random):
        self.size, self.colour, self.rng = size, colour, rng
        self.sx = 1.08 + rng.random() * 0.12
        self.sy = 1.0 + rng.random() * 0.1
        self.image = self._background()

    def _background(self) -> Image.Image:
        """A studio sweep: a tint of the product's colour, darkest at the top, lightest just
        behind the product, a little deeper again towards the front of the floor."""
        top = mix(lighter(self.colour, 0.80), (228, 226, 222), 0.4)
        middle = mix(lighter(self.colour, 0.93), (250, 249, 246), 0.5)
        front = mix(middle, top, 0.35)
        image = Image.new("RGB", (self.size, self.size))
        draw = ImageDraw.Draw(image)
        turn = int(self.size * 0.7)
        for row in range(self.size):  # one line a row: faster than compositing gradients
            if row < turn:
                colour = mix(top, middle, math.sin(row / turn * math.pi / 2))
            else:
                colour = mix(middle, front, (row - turn) / (self.size - turn))
            draw.line((0, row, self.size, row), fill=colour)
        return image

    def x(self, value: float) -> float:
        return 0.5 + (value - 0.5) * self.sx

    def y(self, value: float) -> float:
        return STAGE - (FLOOR - value) * self.sy

    def _points(self, points, scale: int):
        return [(self.x(px) * scale, self.y(py) * scale) for px, py in points]

    def _extent(self, shapes, big: int) -> tuple[int, int, int, int]:
        """The pixel box (at the big scale, on even pixels) that holds every shape drawn."""
        xs, ys, pad = [], [], 2.0
        for shape in shapes:
            if shape[0].startswith("-"):
                continue  # a cut adds nothing
            if shape[0] in ("rect", "ellipse", "arc"):
                points = [shape[1][:2], shape[1][2:]]
            else:
                points = shape[1]
            if shape[0] in ("line", "arc"):
                pad = max(pad, (shape[2] if shape[0] == "line" else shape[4]) * big)
            for px, py in self._points(points, big):
                xs.append(px)
                ys.append(py)
        x0 = max(0, int(min(xs) - pad) // SUPERSAMPLE * SUPERSAMPLE)
        y0 = max(0, int(min(ys) - pad) // SUPERSAMPLE * SUPERSAMPLE)
        x1 = min(big, -(-int(max(xs) + pad + 1) // SUPERSAMPLE) * SUPERSAMPLE)
        y1 = min(big, -(-int(max(ys) + pad + 1) // SUPERSAMPLE) * SUPERSAMPLE)
        return x0, y0, max(x1, x0 + SUPERSAMPLE), max(y1, y0 + SUPERSAMPLE)

    def mask(self, *shapes) -> tuple[Image.Image, tuple[int, int]]:
        """Shapes: ("rect", box, radius), ("ellipse", box), ("poly", points),
        ("line", points, width), ("arc", box, start, end, width); a leading "-" cuts.
        Returns the mask of just the part of the image they cover, and where that part is:
        small masks keep an image at a few milliseconds."""
        big = self.size * SUPERSAMPLE
        ox, oy, ex, ey = self._extent(shapes, big)
        mask = Image.new("L", (ex - ox, ey - oy), 0)
        draw = ImageDraw.Draw(mask)

        def at(points):
            return [(px - ox, py - oy) for px, py in self._points(points, big)]

        for shape in shapes:
            op, fill = (shape[0][1:], 0) if shape[0].startswith("-") else (shape[0], 255)
            if op in ("rect", "ellipse", "arc"):
                (x0, y0), (x1, y1) = at([shape[1][:2], shape[1][2:]])
                box = (x0, y0, max(x0, x1), max(y0, y1))
                if op == "rect":
                    draw.rounded_rectangle(box, radius=shape[2] * big * self.sx, fill=fill)
                elif op == "ellipse":
                    draw.ellipse(box, fill=fill)
                else:
                    width = max(1, round(shape[4] * big))
                    draw.arc(box, shape[2], shape[3], fill=fill, width=width)
            elif op == "poly":
                draw.polygon(at(shape[1]), fill=fill)
            elif op == "line":
                width = max(1, round(shape[2] * big))
                draw.line(at(shape[1]), fill=fill, width=width, joint="curve")
        return mask.reduce(SUPERSAMPLE), (ox // SUPERSAMPLE, oy // SUPERSAMPLE)

    def paint(self, mask: Image.Image, at: tuple[int, int], colour: RGB, *, round_body=False):
        """Fill `mask` (placed at `at`) with `colour`; a round body is shaded across its width
        and highlit."""
        if not round_body:
            self.image.paste(colour, at, mask)
            return
        body, spec = _profiles()
        self.image.paste(darker(colour, 0.42), at, mask)
        across = ImageChops.multiply(mask, body.resize(mask.size))
        self.image.paste(colour, at, across)
        shine = ImageChops.multiply(mask, spec.resize(mask.size))
        self.image.paste(lighter(colour, 0.75), at, shine)

    def shape(self, colour: RGB, *shapes, round_body: bool = False) -> None:
        mask, at = self.mask(*shapes)
        self.paint(mask, at, colour, round_body=round_body)

    def shadow(self, half_width: float, depth: float = 0.035) -> None:
        """A soft floor shadow under the product, darker where it touches the floor: drawn
        at a quarter of the size, blurred, and scaled up over just its own band."""
        scale = 4
        small = max(8, self.size // scale)
        cx, floor, w = 0.5 * small, self.y(FLOOR) * small, half_width * self.sx * small
        h = depth * small
        top = max(0, int(floor - h * 2))
        band = Image.new("L", (small, max(1, min(small, int(floor + h * 2) + 1) - top)), 0)
        draw = ImageDraw.Draw(band)
        y = floor - top
        draw.ellipse((cx - w * 1.15, y - h, cx + w * 1.15, y + h), fill=90)
        draw.ellipse((cx - w, y - h * 0.4, cx + w, y + h * 0.5), fill=170)
        band = band.filter(ImageFilter.GaussianBlur(small / 70))
        band = band.resize((self.size, band.height * scale), Image.Resampling.BILINEAR)
        self.image.paste(darker(self.colour, 0.82), (0, top * scale), band)

    def label(self, box: Box, *, round_body: bool = True, emblem: bool = True) -> None:
        """A cream label with a band of the product's colour, a round emblem and lines that
        stand for its print (no words: a demo must not pass for a real brand)."""
        x0, y0, x1, y1 = box
        accent = darker(self.colour, 0.25)
        self.shape(CREAM, ("rect", box, 0.004), round_body=round_body)
        band = (y1 - y0) * 0.16
        self.shape(accent, ("rect", (x0, y0 + band * 0.5, x1, y0 + band * 1.3), 0))
        self.shape(accent, ("rect", (x0, y1 - band * 1.1, x1, y1 - band * 0.5), 0))
        cx, cy, w = (x0 + x1) / 2, (y0 + y1) / 2, (x1 - x0)
        if emblem:
            r = min(w * 0.14, (y1 - y0) * 0.16)
            self.shape(self.colour, ("ellipse", (cx - r, cy - r * 1.6, cx + r, cy + r * 0.4)))
            cy += r * 0.9
        lines = [("line", [(cx - w * 0.26, cy), (cx + w * 0.26, cy)], 0.011)]
        lines.append(("line", [(cx - w * 0.17, cy + 0.028), (cx + w * 0.17, cy + 0.028)], 0.007))
        self.shape(INK, *lines)

    def finish(self) -> Image.Image:
        """Add the film grain, shifted per product so that no two share the same pattern."""
        dx, dy = self.rng.randrange(self.size), self.rng.randrange(self.size)
        grain = ImageChops.offset(_grain(self.size), dx, dy)
        return ImageChops.add(self.image, grain, scale=1.0, offset=-128)


def seeded_rng(name: str, code: str) -> random.Random:
    return random.Random(zlib.crc32(f"{code}|{name}".encode()))
