"""The colour of a demo product, from the words of its name: green tea, amber honey, red chili.
Deterministic: the same name always gives the same colour."""

import colorsys
import zlib

from marketplace.core.text import fold

RGB = tuple[int, int, int]

# Folded words (whole words) -> colour; phrases are tried before single words.
# fmt: off
BY_WORD: tuple[tuple[str, RGB], ...] = (
    ("nuoc mam", (166, 98, 32)), ("nuoc tuong", (96, 48, 24)), ("tuong ot", (196, 36, 28)),
    ("mat ong", (214, 138, 28)), ("mat mia", (122, 62, 22)), ("mat hoa dua", (150, 88, 36)),
    ("duong phen", (226, 206, 160)), ("thot not", (176, 112, 48)),
    ("hong tra", (156, 58, 38)), ("o long", (140, 112, 44)), ("bach tra", (196, 186, 140)),
    ("shan tuyet", (86, 128, 64)), ("che xanh", (70, 140, 58)), ("tra xanh", (70, 140, 58)),
    ("hoa vang", (214, 170, 30)), ("hoa cuc", (230, 186, 40)), ("hoa hong", (208, 52, 84)),
    ("la sen", (84, 138, 72)), ("atiso", (64, 118, 62)), ("kho qua", (96, 150, 60)),
    ("ca phe", (96, 58, 36)), ("ca cao", (92, 52, 34)), ("so co la", (70, 40, 28)),
    ("ruou vang", (112, 26, 58)), ("nep cam", (96, 30, 72)), ("dau tam", (110, 28, 66)),
    ("tao meo", (176, 82, 40)), ("ba kich", (120, 40, 60)), ("ruou", (214, 198, 150)),
    ("nuoc khoang", (120, 180, 220)), ("nuoc suoi", (120, 180, 220)),
    ("nuoc kiem", (110, 170, 214)), ("nuoc uong", (120, 180, 220)), ("nuoc dua", (200, 214, 150)),
    ("chanh leo", (220, 160, 40)),
    ("dau nanh", (230, 210, 160)), ("gao lut", (150, 58, 44)), ("gao", (196, 160, 64)),
    ("gio bo", (190, 120, 110)), ("thit", (184, 72, 70)), ("tom", (226, 108, 68)),
    ("cua", (176, 88, 48)), ("trung", (222, 186, 148)), ("sua", (240, 232, 214)),
    ("ca", (140, 150, 160)),
    ("thanh long", (214, 36, 108)), ("khoai lang", (112, 52, 120)), ("dua luoi", (196, 200, 112)),
    ("sau rieng", (166, 170, 58)), ("buoi", (148, 188, 62)), ("cam", (238, 138, 30)),
    ("quyt", (240, 150, 30)), ("xoai", (244, 186, 40)), ("chuoi", (236, 200, 60)),
    ("vai", (186, 56, 52)), ("nhan", (200, 168, 110)), ("man", (140, 36, 80)),
    ("bo", (96, 130, 44)), ("chanh", (120, 176, 50)), ("mit", (204, 176, 60)),
    ("hong", (232, 120, 40)), ("dua", (120, 160, 70)), ("mang tay", (96, 150, 60)),
    ("ot", (200, 32, 30)), ("gac", (206, 62, 32)), ("nghe", (232, 168, 20)),
    ("gung", (214, 176, 96)), ("tieu", (60, 52, 48)), ("que", (150, 80, 40)),
    ("hoi", (122, 52, 30)), ("sa", (168, 196, 80)), ("toi den", (50, 40, 40)),
    ("linh chi", (142, 60, 30)), ("dong trung", (228, 138, 40)), ("sam", (196, 156, 90)),
    ("bac ha", (78, 176, 146)), ("tram", (116, 156, 90)), ("bo ket", (92, 52, 32)),
    ("tho cam", (168, 30, 50)), ("lua", (196, 58, 92)), ("cham", (40, 52, 112)),
    ("lanh", (206, 196, 174)), ("coi", (212, 186, 126)), ("non la", (218, 194, 136)),
    ("may tre", (198, 156, 88)), ("tre", (196, 160, 90)), ("luc binh", (170, 140, 80)),
    ("gom", (172, 92, 60)), ("son mai", (140, 30, 30)), ("go", (140, 90, 50)),
    ("giay do", (222, 206, 176)), ("lan", (196, 96, 196)), ("dao", (238, 138, 168)),
    ("mai", (244, 196, 30)), ("ly", (236, 170, 190)), ("koi", (238, 108, 40)),
    ("ca vang", (244, 168, 30)), ("ca koi", (238, 108, 40)), ("chim", (120, 96, 70)),
    ("do", (196, 40, 40)), ("tim", (112, 52, 130)), ("xanh", (62, 140, 70)),
    ("vang", (226, 176, 30)), ("den", (58, 50, 46)), ("trang", (232, 226, 214)),
)
# fmt: on
_ORDERED = sorted(BY_WORD, key=lambda row: -len(row[0].split()))  # stable: keeps the order above

# When no word matches: the kind's usual colour, shifted a little per product.
BY_KIND: dict[str, RGB] = {
    "bottle": (150, 92, 40),
    "dropper": (150, 88, 30),
    "jar": (200, 128, 40),
    "capsules": (70, 130, 80),
    "pouch": (170, 120, 70),
    "tin": (60, 110, 70),
    "box": (176, 40, 46),
    "bundle": (200, 176, 130),
    "fruit": (230, 140, 40),
    "tray": (190, 80, 70),
    "basket": (196, 156, 90),
    "vase": (70, 110, 150),
    "fabric": (150, 36, 60),
    "plant": (226, 80, 110),
    "fishbowl": (238, 118, 40),
    "ticket": (80, 150, 200),
}


def product_colour(name: str, kind: str) -> RGB:
    """The product's colour: by a word of its name, else its kind's; nudged per name so that
    two honeys are not the very same amber."""
    text = f" {fold(name)} "
    base = next((rgb for word, rgb in _ORDERED if f" {word} " in text), None)
    base = base or BY_KIND.get(kind, (120, 120, 120))
    digest = zlib.crc32(name.encode())
    h, light, s = colorsys.rgb_to_hls(*(c / 255 for c in base))
    h = (h + ((digest & 0xFF) / 255 - 0.5) * 0.04) % 1.0
    light = min(0.92, max(0.12, light + (((digest >> 8) & 0xFF) / 255 - 0.5) * 0.08))
    return tuple(round(c * 255) for c in colorsys.hls_to_rgb(h, light, s))


def mix(a: RGB, b: RGB, t: float) -> RGB:
    """`a` moved a share `t` of the way to `b`."""
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b, strict=True))


def darker(rgb: RGB, t: float) -> RGB:
    return mix(rgb, (0, 0, 0), t)


def lighter(rgb: RGB, t: float) -> RGB:
    return mix(rgb, (255, 255, 255), t)
