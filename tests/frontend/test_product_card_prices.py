"""A product card's price: "from" the cheapest when the product comes in several sizes, the
price alone when there is one (the cards count variants in their row, not by loading them)."""

import pytest

from frontend_templates.selectors import card_products
from tests.factories import ProductFactory, ProductVariantFactory

pytestmark = pytest.mark.django_db


def test_cards_say_from_the_cheapest_only_when_there_are_several_sizes(client, settings):
    settings.SEARCH_BACKEND = "database"
    several = ProductFactory(name="Chè nhiều cỡ")
    ProductVariantFactory(product=several, price=250_000)
    ProductVariantFactory(product=several, price=120_000)
    single = ProductFactory(name="Chè một cỡ")
    ProductVariantFactory(product=single, price=90_000)

    cards = {p.name: p for p in card_products([several.pk, single.pk])}
    page = client.get("/").content.decode()

    assert (cards["Chè nhiều cỡ"].variant_count, cards["Chè một cỡ"].variant_count) == (2, 1)
    assert "từ 120.000\xa0₫" in page
    assert "90.000\xa0₫" in page and "từ 90.000" not in page
