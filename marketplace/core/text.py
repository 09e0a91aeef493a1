"""Vietnamese text folding and slugs.

One folding function serves slugs, search and legacy-name lookups: NFC, lowercase, strip
diacritics, đ -> d. "Miến dong Bắc Kạn" -> "mien dong bac kan".
"""

import re
import unicodedata

from django.utils.text import slugify

_SPACES = re.compile(r"\s+")
_NOT_ALPHANUMERIC = re.compile(r"[^a-z0-9]+")


def fold(text: str) -> str:
    """Fold Vietnamese text for comparison: lowercase, no diacritics, đ -> d, single spaces."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFD", unicodedata.normalize("NFC", text).lower())
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    # "ð" is the Icelandic eth that legacy Vietnamese encodings often left where "đ" belongs.
    stripped = stripped.replace("đ", "d").replace("ð", "d")
    return _SPACES.sub(" ", unicodedata.normalize("NFC", stripped)).strip()


def slugify_vi(text: str, max_length: int = 200) -> str:
    """A URL slug from Vietnamese text: "Nước mắm Lê Gia" -> "nuoc-mam-le-gia"."""
    return slugify(fold(text))[:max_length].strip("-")


def lookup_key(text: str) -> str:
    """`fold(text)` with only letters and digits left, for codes people retype from paper:
    "1201/QĐ-UBND" and "1201 qd ubnd" both give "1201qdubnd"."""
    return _NOT_ALPHANUMERIC.sub("", fold(text))
