"""The pages of the quality bars, each with a client in the state a real visitor would be in, on
the demo data (`seed_demo`, alone or under the generated catalogue). Used by bench/pages.py and
tests/frontend/test_page_weight.py (`from bench.page_tour import page_tour`); Django is set up
first.

home, listing, product: an anonymous visitor. cart, checkout: a visitor with one item in the
cart. order: a demo order by its link. login: anonymous. dashboard home and listings: a demo
producer's member. showroom stock: a demo showroom clerk.
"""

from dataclasses import dataclass

PRODUCER_EMAIL = "htx-mien-dong-con-minh@ocop.demo"
CLERK_EMAIL = "banhang.sonla@ocop.demo"


@dataclass
class TourStop:
    name: str
    url: str
    client: object  # django.test.Client


def showcase_product():
    """The demo product with the most to show: a certificate with the most stars, and stock."""
    from catalog.models import Product

    published = Product.objects.filter(status=Product.Status.PUBLISHED).exclude(
        vendor__slug__startswith="gen-"
    )
    in_stock = published.filter(variants__stocks__quantity__gt=0).distinct()
    product = (
        in_stock.filter(certificate__isnull=False).order_by("-certificate__stars", "pk").first()
        or in_stock.order_by("pk").first()
    )
    if product is None:
        raise SystemExit("no published demo product in stock: run seed_demo first")
    return product


def clerk_showroom(clerk_user):
    """The first showroom where `clerk_user` works."""
    from inventory.models import Location

    return (
        Location.objects.filter(kind="showroom", operator__members__user=clerk_user)
        .order_by("pk")
        .first()
    )


def page_tour(make_client) -> list[TourStop]:
    """The ten pages, in the order a shopper, then a producer, then a clerk meet them.
    `make_client()` returns a new django.test.Client (with the test's or bench's options)."""
    from django.urls import reverse

    from marketplace.accounts.models import User
    from orders.models import Order

    product = showcase_product()
    variant = product.variants.filter(stocks__quantity__gt=0).order_by("pk").first()
    anonymous = make_client()
    shopper = make_client()
    added = shopper.post(reverse("storefront:cart-add"), {"variant_id": variant.pk})
    if added.status_code != 302:
        raise SystemExit(f"could not add {variant} to a cart ({added.status_code})")
    order = Order.objects.order_by("pk").first()
    if order is None:
        raise SystemExit("no order to show: run seed_demo first")

    producer = make_client()
    producer.force_login(User.objects.get(email=PRODUCER_EMAIL))
    clerk_user = User.objects.get(email=CLERK_EMAIL)
    clerk = make_client()
    clerk.force_login(clerk_user)
    showroom = clerk_showroom(clerk_user)
    return [
        TourStop("home", reverse("storefront:home"), anonymous),
        TourStop("listing", reverse("storefront:products"), anonymous),
        TourStop("product", reverse("storefront:product", args=[product.slug]), anonymous),
        TourStop("cart", reverse("storefront:cart"), shopper),
        TourStop("checkout", reverse("storefront:checkout"), shopper),
        TourStop("order", reverse("storefront:order", args=[order.token]), anonymous),
        TourStop("login", reverse("login"), make_client()),
        TourStop("dashboard home", reverse("dashboard:home"), producer),
        TourStop("dashboard listings", reverse("dashboard:products"), producer),
        TourStop("showroom stock", reverse("showroom:stock", args=[showroom.pk]), clerk),
    ]
