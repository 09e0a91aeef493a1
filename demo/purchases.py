"""DEMO DATA: shoppers who bought, received and reviewed demo products, through the services
a shopper, a producer and staff use: checkout (cash on delivery), the producers confirm, ship
and mark delivered, the shoppers review (some with photos), producers reply, others find
reviews helpful and one reports a review. So the storefront shows real aggregates and sold
counts, the dashboard replies to write, and the admin a moderation queue.

Idempotent: a shopper who already has an order is left alone. Deterministic: every choice
comes from a random generator seeded with the shopper's email."""

import random
import zlib

from django.conf import settings

from catalog.models import Product, ProductVariant
from demo import review_data
from demo.images import review_photo
from inventory.models import Location, Stock
from marketplace.geography.models import Commune
from orders.models import Order, OrderLine, ShippingMethod, VendorOrder
from orders.selectors import delivery_groups
from orders.services import fulfilment
from orders.services.checkout import (
    LineInput,
    checkout_create,
    checkout_delivery_method_update,
    checkout_shipping_address_update,
)
from orders.services.complete import checkout_complete
from reviews.models import ProductReview
from reviews.services.feedback import review_reply_save, review_report, review_vote
from reviews.services.ratings import sold_counts_refresh
from reviews.services.reviews import review_create
from vendors.models import VendorMember

LINES_PER_ORDER = (2, 4)


def seed_purchases(report, *, shopper, reviewers) -> None:
    """Orders for the demo shopper (one delivered and not reviewed yet, so that the order
    page offers "Viết đánh giá"; one on its way) and for `reviewers`, who review what they
    received. Skipped once any of them has ordered."""
    people = [shopper, *reviewers]
    if Order.objects.filter(user__in=people).exists():
        return
    variants = _orderable_variants()
    owners = _owners()
    reviews = []
    for person, seed in zip(reviewers, review_data.REVIEWERS, strict=True):
        rng = _rng(person.email)
        for _order in range(seed.orders):
            order = _order_for(person, seed, variants, rng)
            _deliver(order, owners)
            report.created["demo orders"] += 1
            reviews += _review(report, person, order, rng)
    main_seed = review_data.ShopperSeed(
        shopper.email, shopper.full_name, "0912000100", "1 Tràng Tiền", "01"
    )
    rng = _rng(shopper.email)
    _deliver(_order_for(shopper, main_seed, variants, rng), owners)
    _deliver(_order_for(shopper, main_seed, variants, rng), owners, until="shipped")
    report.created["demo orders"] += 2
    _hold_two_for_staff(report, reviewers)
    _replies(report, reviews, owners)
    _votes_and_a_report(report, reviews, people)
    sold_counts_refresh()  # the daily job, at once: the cards show "Đã bán" from the start


def _rng(email: str) -> random.Random:
    return random.Random(zlib.crc32(email.encode()))


def _orderable_variants() -> list[ProductVariant]:
    """The first variant of every published product with enough units at its producer's
    warehouse, in a stable order."""
    stocked = Stock.objects.filter(location__kind=Location.Kind.WAREHOUSE, quantity__gte=15).values(
        "variant_id"
    )
    variants = (
        ProductVariant.objects.filter(product__status=Product.Status.PUBLISHED, pk__in=stocked)
        .select_related("product")
        .order_by("product__vendor_id", "product_id", "pk")
    )
    first = {}
    for variant in variants:
        first.setdefault(variant.product_id, variant)
    return list(first.values())


def _owners() -> dict[int, object]:
    members = VendorMember.objects.filter(role=VendorMember.Role.OWNER).select_related("user")
    return {member.vendor_id: member.user for member in members.order_by("pk")}


def _order_for(person, seed, variants, rng) -> Order:
    """A cash-on-delivery order of a few products, delivered by each producer's nationwide
    service to the shopper's address."""
    chosen = rng.sample(variants, rng.randint(*LINES_PER_ORDER))
    lines = [LineInput(variant.pk, rng.choice((1, 1, 2))) for variant in chosen]
    checkout = checkout_create(actor=person, lines=lines)
    checkout = checkout_shipping_address_update(
        actor=person,
        checkout=checkout,
        full_name=seed.full_name,
        phone=seed.phone,
        street_address=seed.street_address,
        commune=Commune.objects.filter(province_id=seed.province).order_by("code").first(),
    )
    for group in delivery_groups(checkout):
        method = next(
            option.target
            for option in group.options
            if isinstance(option.target, ShippingMethod) and option.target.is_nationwide
        )
        checkout_delivery_method_update(
            actor=person, checkout=checkout, vendor_id=group.vendor.pk, method=method
        )
    return checkout_complete(actor=person, checkout=checkout, payment_method="COD").order


def _deliver(order: Order, owners, *, until: str = "delivered") -> None:
    """Each producer's owner confirms, ships and (unless told) marks its part delivered."""
    parts = VendorOrder.objects.filter(order=order).select_related("order").order_by("pk")
    for part in parts:
        owner = owners[part.vendor_id]
        part = fulfilment.vendor_order_confirm(actor=owner, vendor_order=part)
        part = fulfilment.vendor_order_ship(
            actor=owner,
            vendor_order=part,
            carrier="Giao hàng tiết kiệm",
            tracking_number=f"DEMO{order.pk:04d}{part.pk:04d}",
        )
        if until == "delivered":
            fulfilment.vendor_order_mark_delivered(actor=owner, vendor_order=part)


def _review(report, person, order, rng) -> list[ProductReview]:
    written = []
    lines = OrderLine.objects.filter(vendor_order__order=order).select_related("variant")
    for line in lines.order_by("pk"):
        if rng.random() > review_data.REVIEWED_SHARE:
            continue
        stars = rng.choices(
            list(review_data.STAR_WEIGHTS), weights=list(review_data.STAR_WEIGHTS.values())
        )[0]
        title, body = rng.choice(review_data.TEXTS[stars])
        photos = []
        if rng.random() < review_data.PHOTO_SHARE:
            photos = [review_photo(line.product_name, n) for n in range(rng.randint(1, 2))]
        written.append(
            review_create(
                actor=person, order_line=line, rating=stars, title=title, body=body, photos=photos
            )
        )
        report.created["reviews"] += 1
        report.created["review photos"] += len(photos)
    return written


def _hold_two_for_staff(report, reviewers) -> None:
    """Two reviews the text checks hold (a phone number, a link; a banned word too when the
    list is configured), on lines their shoppers had not reviewed yet: the admin's queue."""
    texts = list(review_data.HELD_TEXTS)
    if settings.REVIEW_BANNED_WORDS:
        word = settings.REVIEW_BANNED_WORDS[0]
        texts.append(("Cẩn thận", f"Người bán này {word}, mọi người cân nhắc."))
    open_lines = OrderLine.objects.filter(
        vendor_order__order__user__in=reviewers, vendor_order__status=VendorOrder.Status.DELIVERED
    ).exclude(pk__in=ProductReview.objects.values("order_line_id"))
    for line, (title, body) in zip(
        open_lines.select_related("vendor_order__order__user").order_by("pk"), texts, strict=False
    ):
        review_create(
            actor=line.vendor_order.order.user, order_line=line, rating=3, title=title, body=body
        )
        report.created["reviews held for staff"] += 1


def _replies(report, reviews, owners) -> None:
    """Every unhappy review gets its producer's answer, about half of the happy ones."""
    for review in reviews:
        rng = _rng(f"reply:{review.order_line_id}")
        unhappy = review.rating <= 3
        if not unhappy and rng.random() > review_data.REPLIED_SHARE:
            continue
        vendor = review.product.vendor
        text = rng.choice(review_data.UNHAPPY_REPLIES if unhappy else review_data.HAPPY_REPLIES)
        review_reply_save(
            actor=owners[vendor.pk], review=review, body=text.format(vendor=vendor.name)
        )
        report.created["producer replies"] += 1


def _votes_and_a_report(report, reviews, people) -> None:
    """Other demo shoppers find the longer reviews helpful; one reports a review (one report
    keeps it published, and shows in the admin's "reported" queue)."""
    published = [r for r in reviews if r.status == ProductReview.Status.PUBLISHED]
    for review in published:
        rng = _rng(f"votes:{review.order_line_id}")
        voters = [p for p in people if p.pk != review.author_id]
        for voter in rng.sample(voters, rng.randint(0, 3 if len(review.body) > 60 else 1)):
            review_vote(actor=voter, review=review)
            report.created["helpful votes"] += 1
    low = [r for r in published if r.rating <= 2]
    if low:
        reporter = next(p for p in people if p.pk != low[0].author_id)
        review_report(actor=reporter, review=low[0], reason=review_data.REPORT_REASON)
        report.created["review reports"] += 1
