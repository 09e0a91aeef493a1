"""A change of a product's rating or units sold refreshes its search document: the reviews
app marks the product in the transaction of the change, through the outbox as the catalogue
does, in bulk for the daily sold counts."""

from catalog.models import Product
from marketplace.core.models import REINDEX_HANDLER
from marketplace.outbox.models import OutboxMessage
from reviews.services.ratings import sold_counts_refresh
from reviews.services.reviews import review_create, review_moderate
from search.backends import get_backend
from search.backends.base import SearchFilters, SearchRequest
from search.models import ProductSearchDocument
from search.services import index_requested_products, rebuild_index
from tests.factories import StaffFactory
from tests.orders.fulfilment_support import variant
from tests.reviews.support import bought, delivered_days_ago, shopper_of


def reindex_messages() -> int:
    return OutboxMessage.objects.filter(handler=REINDEX_HANDLER).count()


def from_stars(minimum: int) -> list[int]:
    request = SearchRequest(filters=SearchFilters(rating_gte=minimum))
    return get_backend().search(request).product_ids


def test_a_published_review_reaches_the_index(db):
    tea = variant(quantity=20)
    line = bought(tea)
    rebuild_index()
    index_requested_products()
    assert from_stars(1) == []

    review_create(actor=shopper_of(line), order_line=line, rating=5, title="Chè ngon")

    assert Product.objects.get(pk=tea.product_id).reindex_requested_at is not None
    assert index_requested_products() == 1
    assert from_stars(5) == [tea.product_id]
    document = ProductSearchDocument.objects.get(product_id=tea.product_id)
    assert (document.rating_average, document.rating_count) == (5.0, 1)


def test_a_review_held_for_moderation_changes_nothing_until_published(db):
    tea = variant(quantity=20)
    line = bought(tea)
    index_requested_products()
    before = reindex_messages()

    review = review_create(
        actor=shopper_of(line), order_line=line, rating=4, body="Gọi 0912 345 678 nhé"
    )

    assert review.status == "pending"
    assert reindex_messages() == before
    assert Product.objects.get(pk=tea.product_id).reindex_requested_at is None
    review_moderate(actor=StaffFactory(), review=review, action="PUBLISH", reason="Ổn")
    assert reindex_messages() == before + 1
    index_requested_products()
    assert from_stars(4) == [tea.product_id]


def test_the_daily_sold_counts_mark_what_changed_in_bulk(db, monkeypatch):
    monkeypatch.setattr("reviews.services.ratings.REINDEX_BATCH", 2)
    items = [variant(quantity=20) for _ in range(5)]
    for item in items:
        bought(item, quantity=2)
    index_requested_products()
    before = reindex_messages()

    assert sold_counts_refresh() == 5

    assert reindex_messages() == before + 3  # 5 products, 2 per message
    index_requested_products()
    documents = ProductSearchDocument.objects.filter(product_id__in=[i.product_id for i in items])
    assert sorted(documents.values_list("sold_count", flat=True)) == [2] * 5
    first = get_backend().search(SearchRequest(sort="best_selling", limit=5)).product_ids
    assert set(first) == {item.product_id for item in items}

    assert sold_counts_refresh() == 5  # nothing changed: nothing to reindex
    assert reindex_messages() == before + 3


def test_the_daily_sold_counts_cost_the_same_for_2_or_6_products(db):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def refresh_cost(products: int) -> int:
        for _ in range(products):
            bought(variant(quantity=20), quantity=1)
        with CaptureQueriesContext(connection) as queries:
            sold_counts_refresh()
        return len(queries.captured_queries)

    assert refresh_cost(2) == refresh_cost(4)  # 2 new, then 4 more


def test_a_product_no_longer_sold_goes_back_to_0_and_is_reindexed(db):
    line = bought(variant(quantity=20), quantity=3)
    sold_counts_refresh()
    index_requested_products()
    product_id = line.variant.product_id
    assert ProductSearchDocument.objects.get(product_id=product_id).sold_count == 3

    delivered_days_ago(line, 400)  # out of the last 12 months
    sold_counts_refresh()
    assert Product.objects.get(pk=product_id).reindex_requested_at is not None
    index_requested_products()
    assert ProductSearchDocument.objects.get(product_id=product_id).sold_count == 0
