"""Names, numbers and prices that read like the real programme's, drawn from one random.Random."""

import random
from collections.abc import Iterator

from stdnum.vn import mst

from demo.generator.vocabulary import (
    BRAND_FIRST,
    BRAND_SECOND,
    GENERIC_TRADES,
    GIVEN_NAMES,
    MIDDLE_NAMES,
    MOBILE_PREFIXES,
    SOUTHERN_PROVINCE_FROM,
    STREETS,
    SURNAMES,
    UPLAND_PROVINCES,
    VILLAGE_WORDS,
    ProductSetWords,
)
from marketplace.core.text import fold
from marketplace.geography.models import Commune
from vendors.models import VendorKind

# Real tax codes start with a province code; no province uses 98, so generated codes never
# collide with real ones, nor with the factories' "01...".
TAX_CODE_PREFIX = "98"
MIN_PRICE, MAX_PRICE = 20_000, 1_500_000

_SURNAMES, _SURNAME_WEIGHTS = zip(*SURNAMES, strict=True)


def person_name(rng: random.Random) -> str:
    sex = rng.choice("mf")
    surname = rng.choices(_SURNAMES, _SURNAME_WEIGHTS)[0]
    return f"{surname} {rng.choice(MIDDLE_NAMES[sex])} {rng.choice(GIVEN_NAMES[sex])}"


def brand(rng: random.Random) -> str:
    first = rng.choice(BRAND_FIRST)
    second = rng.choice([word for word in BRAND_SECOND if word != first])
    return f"{first} {second}"


def phone(rng: random.Random) -> str:
    """A mobile number in E.164: +84 and nine digits."""
    return f"+84{rng.choice(MOBILE_PREFIXES)}{rng.randrange(10**7):07d}"


def tax_codes(taken: set[str]) -> Iterator[str]:
    """Fresh 10-digit tax codes in the generated range, skipping `taken` ones."""
    for serial in range(1, 10**7):  # serial digits may not all be 0
        body = f"{TAX_CODE_PREFIX}{serial:07d}"
        check = mst.calc_check_digit(body)
        # A body whose check digit would be 10 has no valid code at all.
        if len(check) == 1 and body + check not in taken:
            yield body + check
    raise RuntimeError("The generated tax-code range is exhausted.")


def place_name(rng: random.Random, commune: Commune) -> str:
    """Where a product says it is from: its commune, its province, or the pre-2025 province
    people still name it after ("Miến dong Bắc Kạn")."""
    roll = rng.random()
    if roll < 0.5:
        return commune.short_name
    former = commune.former_province_name
    if roll < 0.75 and former:
        return former
    return commune.province.short_name


def product_name(
    rng: random.Random, words: ProductSetWords, commune: Commune, trade_mark: str
) -> tuple[str, str]:
    """(product type, name): the name is like "Chè Shan tuyết Mộc Châu", "Mật ong bạc hà
    nguyên chất Bắc Kạn" or "Nước mắm Hương Quê"."""
    head = rng.choice(words.heads)
    roll = rng.random()
    if roll < 0.55:
        return head, f"{head} {place_name(rng, commune)}"
    if roll < 0.8:
        return head, f"{head} {rng.choice(words.qualifiers)} {place_name(rng, commune)}"
    return head, f"{head} {trade_mark}"


def producer_names(
    rng: random.Random,
    kind: str,
    words: ProductSetWords,
    commune: Commune,
    trade_mark: str,
    owner_name: str,
) -> tuple[str, str]:
    """(legal name, display name) as a producer of `kind` registers and calls itself."""
    trade = rng.choice(words.trades) if rng.random() < 0.7 else rng.choice(GENERIC_TRADES)
    place = commune.short_name
    if kind == VendorKind.COOPERATIVE:
        if rng.random() < 0.6:
            return f"Hợp tác xã {trade} {place}", f"HTX {trade} {place}"
        return f"Hợp tác xã {trade} {trade_mark}", f"HTX {trade_mark}"
    if kind == VendorKind.COOPERATIVE_GROUP:
        return f"Tổ hợp tác {trade} {place}", f"THT {trade} {place}"
    if kind == VendorKind.ENTERPRISE:
        form = rng.choice(("Công ty TNHH", "Công ty TNHH", "Công ty Cổ phần"))
        name = f"Công ty {trade_mark}" if rng.random() < 0.5 else f"{trade_mark} {place}"
        return f"{form} {trade} {trade_mark}", name
    return f"Hộ kinh doanh {owner_name}", f"Cơ sở {trade} {trade_mark}"


def street_address(rng: random.Random, commune: Commune) -> str:
    if commune.division_type == Commune.DivisionType.WARD:
        return f"Số {rng.randint(1, 300)} đường {rng.choice(STREETS)}"
    if commune.province_id in UPLAND_PROVINCES:
        village = rng.choice(("Bản", "Thôn"))
    elif commune.province_id >= SOUTHERN_PROVINCE_FROM:
        village = "Ấp"
    else:
        village = rng.choice(("Thôn", "Xóm"))
    if rng.random() < 0.3:
        return f"{village} {rng.randint(1, 15)}"
    return f"{village} {rng.choice(VILLAGE_WORDS)}"


def sku_prefix(head: str) -> str:
    """Initials of the product type, ASCII: "Chè Shan tuyết" -> "CST"."""
    return "".join(word[0] for word in fold(head).split() if word[0].isalnum()).upper()[:6]


def price(rng: random.Random, base: int, factor: float) -> int:
    """Whole đồng, rounded the way shops round: to 1,000 đ, or 5,000 đ above 200,000 đ."""
    raw = base * factor * rng.uniform(0.95, 1.05)
    step = 5_000 if raw > 200_000 else 1_000
    return min(MAX_PRICE, max(MIN_PRICE, round(raw / step) * step))


def season_mask(rng: random.Random) -> int:
    """A harvest season of two to four consecutive months, as a 12-bit month mask."""
    start, length = rng.randrange(12), rng.randint(2, 4)
    return sum(1 << ((start + offset) % 12) for offset in range(length))
