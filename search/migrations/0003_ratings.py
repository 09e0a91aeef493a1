"""Buyers' ratings and units sold in the documents (see search.ranking). On PostgreSQL the
covering index of the public documents (migration 0002) is rebuilt with them, as lists sorted
by rating or sales and the rating facet read them. Products that already have ratings are
marked for reindexing, so that the periodic indexer fills their documents in."""

from django.db import migrations, models

DOCUMENTS = "search_productsearchdocument"
COLUMNS = (
    "vendor_id, category_id, sector_id, province_code, stars, stars_valid_until, min_price, "
    "in_stock, created_at, name_folded, name"
)


def _covering_index(schema_editor, columns: str) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS search_doc_public_idx")
    schema_editor.execute(
        f"CREATE INDEX search_doc_public_idx ON {DOCUMENTS} (product_id) INCLUDE ({columns}) "
        "WHERE is_public"
    )


def with_ratings(apps, schema_editor):
    _covering_index(schema_editor, f"{COLUMNS}, rating_average, rating_count, sold_count")


def without_ratings(apps, schema_editor):
    _covering_index(schema_editor, COLUMNS)


def mark_rated_products(apps, schema_editor):
    from django.utils import timezone

    Product = apps.get_model("catalog", "Product")
    Product.objects.filter(review_rating__isnull=False).update(reindex_requested_at=timezone.now())


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0002_postgres_full_text"),
        ("reviews", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="productsearchdocument",
            name="rating_average",
            field=models.FloatField(default=0),
        ),
        migrations.AddField(
            model_name="productsearchdocument",
            name="rating_count",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="productsearchdocument",
            name="sold_count",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.RunPython(with_ratings, without_ratings),
        migrations.RunPython(mark_rated_products, migrations.RunPython.noop),
    ]
