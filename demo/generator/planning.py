"""Producers and everything they own, as unsaved model instances linked to each other.

Everything here is drawn from one random.Random in a fixed order and reads nothing from the
database, so a seed gives the same catalogue whatever the batch size.
"""

import datetime
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from catalog.models import Category, Product, ProductVariant
from demo.generator import naming
from demo.generator.markers import CERTIFICATE_DOCUMENT, EMAIL_DOMAIN, VENDOR_SLUG_PREFIX
from demo.generator.vocabulary import PACKAGINGS, PRODUCT_SETS, ProductSetWords
from demo.generator.weights import LEGACY_PROVINCE_WEIGHTS
from inventory.models import ConsignmentAgreement, Location, Stock, StockMovement
from inventory.services.ledger import move
from marketplace.accounts.models import User
from marketplace.core.ocop import certificate_valid_until, scoring
from marketplace.core.text import fold, slugify_vi
from marketplace.geography.models import Commune, Province
from vendors.models import OcopCertificate, Vendor, VendorKind, VendorMember

# The real programme: about 17,300 products from 9,300 producers, 1.86 each on average.
PRODUCTS_PER_PRODUCER = {1: 55, 2: 25, 3: 10, 4: 5, 5: 2, 6: 1.5, 8: 1.5}
VARIANTS_PER_PRODUCT = {1: 10, 2: 20, 3: 40, 4: 20, 5: 10}
KIND_SHARES = {
    VendorKind.COOPERATIVE: 40,
    VendorKind.HOUSEHOLD: 30,
    VendorKind.ENTERPRISE: 25,
    VendorKind.COOPERATIVE_GROUP: 5,
}
FIVE_STAR_SHARE, FOUR_STAR_SHARE = 0.01, 0.25
PRIMARY_SET_SHARE = 0.8  # the rest come from the same sector: a tea maker adds herbal tea
CERTIFICATE_MAX_AGE_DAYS = 900  # about 30 months, so every certificate is still valid
OUT_OF_STOCK_SHARE = 0.05
SHOWROOM_STOCK_SHARE = 0.2
COMPARE_AT_SHARE = 0.1
# Showroom commissions, by the producer's serial (not drawn: the catalogue stays the same).
COMMISSION_RATES = (Decimal("10.00"), Decimal("12.00"), Decimal("15.00"), Decimal("20.00"))
AGREEMENT_AGE_DAYS = 365
CENTRAL_BODY = "Bộ Nông nghiệp và Môi trường"


@dataclass(frozen=True)
class Decision:
    """A recognition decision; one decision recognises many products of a province."""

    number: str
    date: datetime.date
    issuing_body: str


@dataclass
class Reference:
    """What the planner needs from the database, read once."""

    communes: list[Commune]
    communes_by_province: dict[str, list[Commune]]
    product_sets: dict[str, Category]
    showrooms_by_province: dict[str, list[int]]
    communes_by_legacy_province: dict[str, list[Commune]] = field(default_factory=dict)
    provincial_decisions: dict[str, list[Decision]] = field(default_factory=dict)
    central_decisions: list[Decision] = field(default_factory=list)


@dataclass
class Serials:
    """Counters and taken values that keep slugs and tax codes unique across runs."""

    vendor: int
    product: int
    product_slugs: set[str]
    tax_codes: Iterator[str]


@dataclass
class ProducerRows:
    """One producer and everything it owns, unsaved, linked by instances."""

    vendor: Vendor
    trade_mark: str
    owner: User
    member: VendorMember
    warehouse: Location
    certificates: list[OcopCertificate] = field(default_factory=list)
    products: list[Product] = field(default_factory=list)
    variants: list[ProductVariant] = field(default_factory=list)
    stocks: list[Stock] = field(default_factory=list)
    # The showrooms holding its goods, each under an agreement; an opening movement for every
    # stock row with something in it, so that quantities are the sum of their movements.
    agreements: list[ConsignmentAgreement] = field(default_factory=list)
    movements: list[StockMovement] = field(default_factory=list)

    def add_stock(self, variant: ProductVariant, quantity: int, location=None, showroom_id=None):
        if location is not None:
            stock = Stock(variant=variant, location=location)
        else:
            stock = Stock(variant=variant, location_id=showroom_id)
        self.stocks.append(stock)
        if quantity:
            self.movements.append(
                move(stock=stock, kind=StockMovement.Kind.OPENING, quantity_delta=quantity)
            )


def plan_decisions(rng: random.Random, today: datetime.date, reference: Reference, provinces):
    """A handful of decisions per province over the last 30 months, and a few central ones."""
    for province in provinces:
        body = f"UBND tỉnh {province.short_name}"
        if province.division_type == Province.DivisionType.CITY:
            body = f"UBND thành phố {province.short_name}"
        reference.provincial_decisions[province.code] = _decisions(
            rng, today, rng.randint(6, 14), "QĐ-UBND", body
        )
    reference.central_decisions = _decisions(rng, today, 5, "QĐ-BNNMT", CENTRAL_BODY)


def _decisions(rng, today, count, suffix, body) -> list[Decision]:
    return [
        Decision(
            number=f"{rng.randint(100, 3999)}/{suffix}",
            date=today - datetime.timedelta(days=rng.randint(7, CERTIFICATE_MAX_AGE_DAYS)),
            issuing_body=body,
        )
        for _ in range(count)
    ]


def star_quota(rng: random.Random, products: int) -> list[int]:
    """Stars in the programme's proportions, exactly: 1% five, a quarter four, the rest three."""
    five = round(products * FIVE_STAR_SHARE)
    four = round(products * FOUR_STAR_SHARE)
    stars = [5] * five + [4] * four + [3] * (products - five - four)
    rng.shuffle(stars)
    return stars


class CataloguePlanner:
    def __init__(self, rng, reference: Reference, serials: Serials, today: datetime.date):
        self.rng, self.reference, self.serials, self.today = rng, reference, serials, today
        self.set_codes = sorted(reference.product_sets)
        self.set_weights = [PRODUCT_SETS[code].weight for code in self.set_codes]
        # Where producers are: the programme's weights by pre-2025 province.
        self.legacy_codes = sorted(
            code
            for code in reference.communes_by_legacy_province
            if code in LEGACY_PROVINCE_WEIGHTS
        )
        self.legacy_weights = [LEGACY_PROVINCE_WEIGHTS[code] for code in self.legacy_codes]

    def producers(self, stars: list[int]) -> Iterator[ProducerRows]:
        """Producers until the products add up. The first ones cover every province and every
        product set, so that even a small catalogue spans the country and the taxonomy."""
        rng, reference = self.rng, self.reference
        provinces, first_sets = sorted(reference.communes_by_province), list(self.set_codes)
        rng.shuffle(provinces)
        rng.shuffle(first_sets)
        made, number = 0, 0
        while made < len(stars):
            if number < len(provinces):
                commune = rng.choice(reference.communes_by_province[provinces[number]])
            elif self.legacy_codes:
                legacy = rng.choices(self.legacy_codes, self.legacy_weights)[0]
                commune = rng.choice(reference.communes_by_legacy_province[legacy])
            else:
                commune = rng.choice(reference.communes)
            if number < len(first_sets):
                primary = first_sets[number]
            else:
                primary = rng.choices(self.set_codes, self.set_weights)[0]
            count = min(_weighted(rng, PRODUCTS_PER_PRODUCER), len(stars) - made)
            rows = self._producer(commune, primary)
            for product_number in range(1, count + 1):
                self._add_product(rows, self._product_set(primary), product_number, stars[made])
                made += 1
            number += 1
            yield rows

    def _product_set(self, primary: str) -> str:
        if self.rng.random() < PRIMARY_SET_SHARE:
            return primary
        sector = primary.split(".")[0]
        codes = [code for code in self.set_codes if code.split(".")[0] == sector]
        weights = [PRODUCT_SETS[code].weight for code in codes]
        return self.rng.choices(codes, weights)[0]

    def _producer(self, commune: Commune, primary: str) -> ProducerRows:
        rng, serials = self.rng, self.serials
        serials.vendor += 1
        code = f"{VENDOR_SLUG_PREFIX}{serials.vendor:05d}"
        kind = _weighted(rng, KIND_SHARES)
        trade_mark, owner_name = naming.brand(rng), naming.person_name(rng)
        legal_name, name = naming.producer_names(
            rng, kind, PRODUCT_SETS[primary], commune, trade_mark, owner_name
        )
        address = naming.street_address(rng, commune)
        vendor = Vendor(
            legal_name=legal_name,
            name=name,
            slug=f"{code}-{slugify_vi(name, max_length=180)}",
            kind=kind,
            tax_code=next(serials.tax_codes),
            commune=commune,
            street_address=address,
            phone=naming.phone(rng),
            email=f"lienhe.{code}@{EMAIL_DOMAIN}",
            story=f"<p>{legal_name}, {commune}. Dữ liệu tạo tự động để thử sàn ở quy mô lớn.</p>",
        )
        vendor.fold_names()  # bulk_create skips save(), which keeps the search columns
        # Nobody logs in as a generated owner: the password is unusable.
        owner = User(
            email=f"{code}@{EMAIL_DOMAIN}", full_name=owner_name, password=make_password(None)
        )
        return ProducerRows(
            vendor=vendor,
            trade_mark=trade_mark,
            owner=owner,
            member=VendorMember(vendor=vendor, user=owner, role=VendorMember.Role.OWNER),
            warehouse=Location(
                kind=Location.Kind.WAREHOUSE,
                name=f"Kho {name}",
                vendor=vendor,
                commune=commune,
                street_address=address,
            ),
        )

    def _add_product(self, rows: ProducerRows, set_code: str, number: int, stars: int) -> None:
        rng, vendor = self.rng, rows.vendor
        commune, words = vendor.commune, PRODUCT_SETS[set_code]
        category = self.reference.product_sets[set_code]
        head, name = self._unique_product_name(rows, words)
        if stars == 5:
            decision = rng.choice(self.reference.central_decisions)
            level = OcopCertificate.Level.CENTRAL
        else:
            decision = rng.choice(self.reference.provincial_decisions[commune.province_id])
            level = OcopCertificate.Level.PROVINCE
        band = scoring().band(stars)
        # Yesterday at the latest, so that no product is published later today.
        yesterday = self.today - datetime.timedelta(days=1)
        published_on = min(yesterday, decision.date + datetime.timedelta(rng.randint(7, 60)))
        published_at = datetime.datetime.combine(
            published_on,
            datetime.time(rng.randint(7, 20), rng.randrange(60)),
            tzinfo=timezone.get_current_timezone(),
        )
        certificate = OcopCertificate(
            vendor=vendor,
            product_name=name,
            product_set=category,
            decision_number=decision.number,
            decision_date=decision.date,
            issuing_body=decision.issuing_body,
            level=level,
            stars=stars,
            score=rng.randint(band.min_score, band.max_score),
            valid_until=certificate_valid_until(decision.date),
            document=CERTIFICATE_DOCUMENT,
            verification_status=OcopCertificate.Verification.VERIFIED,
            reviewed_at=published_at,
        )
        certificate.fold_fields()  # bulk_create skips save(), which fills the lookup columns
        product = Product(
            vendor=vendor,
            category=category,
            name=name,
            name_folded=fold(name),  # bulk_create skips the services, which fill it
            slug=self._product_slug(name),
            description=f"<p>{name}: sản phẩm OCOP {stars} sao của {vendor.name}, {commune}.</p>",
            origin_commune=commune,
            certificate=certificate,
            status=Product.Status.PUBLISHED,
            season_mask=naming.season_mask(rng) if rng.random() < words.seasonal else 0,
            published_at=published_at,
        )
        rows.certificates.append(certificate)
        rows.products.append(product)
        self._add_variants(rows, product, words, f"{naming.sku_prefix(head)}-{number:02d}")

    def _unique_product_name(self, rows: ProducerRows, words: ProductSetWords):
        """(head, name) that no other product of the producer has: a certificate is unique per
        producer, decision and product name."""
        taken = {product.name for product in rows.products}
        for _ in range(10):
            head, name = naming.product_name(self.rng, words, rows.vendor.commune, rows.trade_mark)
            if name not in taken:
                return head, name
        return head, f"{name} {len(taken) + 1}"

    def _product_slug(self, name: str) -> str:
        base = slugify_vi(name, max_length=240)
        while True:
            self.serials.product += 1
            slug = f"{base}-{self.serials.product}"
            if slug not in self.serials.product_slugs:
                self.serials.product_slugs.add(slug)
                return slug

    def _add_variants(self, rows, product, words: ProductSetWords, sku_prefix: str) -> None:
        rng = self.rng
        count = _weighted(rng, VARIANTS_PER_PRODUCT)
        packagings = sorted(
            rng.sample(PACKAGINGS[words.packagings], count), key=lambda p: p.price_factor
        )
        base_price = rng.randint(*words.base_price)
        showrooms = self.reference.showrooms_by_province.get(product.origin_commune.province_id)
        for position, packaging in enumerate(packagings):
            price = naming.price(rng, base_price, packaging.price_factor)
            compare_at = None
            if rng.random() < COMPARE_AT_SHARE:
                compare_at = naming.price(rng, price, rng.uniform(1.15, 1.3))
            variant = ProductVariant(
                product=product,
                vendor=rows.vendor,
                sku=f"{sku_prefix}-{position + 1}",
                name=packaging.name,
                price=price,
                compare_at_price=compare_at if compare_at and compare_at > price else None,
                weight_grams=packaging.weight_grams,
                position=position,
            )
            rows.variants.append(variant)
            quantity = 0 if rng.random() < OUT_OF_STOCK_SHARE else rng.randint(1, 200)
            rows.add_stock(variant, quantity, location=rows.warehouse)
            if showrooms and rng.random() < SHOWROOM_STOCK_SHARE:
                showroom = rng.choice(showrooms)
                quantity = rng.randint(1, 40)
                self._consign(rows, showroom)
                rows.add_stock(variant, quantity, showroom_id=showroom)

    def _consign(self, rows: ProducerRows, showroom_id: int) -> None:
        """An agreement in force between the producer and the showroom, once per pair."""
        if any(agreement.showroom_id == showroom_id for agreement in rows.agreements):
            return
        rows.agreements.append(
            ConsignmentAgreement(
                vendor=rows.vendor,
                showroom_id=showroom_id,
                commission_rate=COMMISSION_RATES[self.serials.vendor % len(COMMISSION_RATES)],
                starts_on=self.today - datetime.timedelta(days=AGREEMENT_AGE_DAYS),
            )
        )


def _weighted(rng: random.Random, weights: dict):
    return rng.choices(list(weights), list(weights.values()))[0]
