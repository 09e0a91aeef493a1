"""The database backend's search structures.

Everywhere: `text_all` goes (SQLite reads `text_a` and `text_b`, the texts a query must match),
and so does the (is_public, name_folded) index; suggestions remember the product and producer
they stand for.

On PostgreSQL only (SQLite migrates without them): the `unaccent` and `pg_trgm` extensions; an
IMMUTABLE `ocop_unaccent(text)` wrapper (unaccent itself is only STABLE, so it cannot appear in
a generated column or an index); the weighted `search_vector` generated from the folded texts
with the `simple` configuration, and its GIN index; a covering index of the public documents
(every column that filters, sorts and facets read: lists and facets without a text query scan
it instead of the wide rows); trigram GIN indexes for typo candidates and suggestions; and two
small partial indexes on the catalogue's tables, holding only the products not published and
the producers not active, with which every search re-checks the live rows in a fraction of a
millisecond. A column that the generated one reads cannot be altered while it exists: reverse
this migration first if text_a, text_b or text_c ever change type.
"""

from django.db import migrations, models

DOCUMENTS = "search_productsearchdocument"
TERMS = "search_searchterm"
SUGGESTIONS = "search_searchsuggestion"


def _vector(column: str, weight: str) -> str:
    return (
        f"setweight(to_tsvector('simple'::regconfig, ocop_unaccent(coalesce({column}, ''))), "
        f"'{weight}')"
    )


def create_postgres_objects(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    execute = schema_editor.execute
    execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
            "WHERE e.extname = 'unaccent'"
        )
        schema = schema_editor.quote_name(cursor.fetchone()[0])
    execute(
        "CREATE OR REPLACE FUNCTION ocop_unaccent(text) RETURNS text "
        "LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS "
        f"$$ SELECT {schema}.unaccent('{schema}.unaccent'::regdictionary, $1) $$"
    )
    execute(
        f"ALTER TABLE {DOCUMENTS} ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ("
        f"{_vector('text_a', 'A')} || {_vector('text_b', 'B')} || {_vector('text_c', 'C')}"
        ") STORED"
    )
    execute(f"CREATE INDEX search_doc_vector_idx ON {DOCUMENTS} USING gin (search_vector)")
    execute(
        f"CREATE INDEX search_doc_public_idx ON {DOCUMENTS} (product_id) INCLUDE ("
        "vendor_id, category_id, sector_id, province_code, stars, stars_valid_until, min_price, "
        "in_stock, created_at, name_folded, name) WHERE is_public"
    )
    execute(f"CREATE INDEX search_term_word_trgm_idx ON {TERMS} USING gin (word gin_trgm_ops)")
    execute(f"CREATE INDEX search_term_word_prefix_idx ON {TERMS} (word varchar_pattern_ops)")
    execute(
        f"CREATE INDEX search_suggestion_label_trgm_idx ON {SUGGESTIONS} "
        "USING gin (label_folded gin_trgm_ops)"
    )
    execute(
        "CREATE INDEX search_unlisted_product_idx ON catalog_product (id) "
        "WHERE status <> 'published'"
    )
    execute(
        "CREATE INDEX search_inactive_vendor_idx ON vendors_vendor (id) WHERE status <> 'active'"
    )


def drop_postgres_objects(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for index in (
        "search_doc_public_idx",
        "search_inactive_vendor_idx",
        "search_unlisted_product_idx",
        "search_suggestion_label_trgm_idx",
        "search_term_word_prefix_idx",
        "search_term_word_trgm_idx",
        "search_doc_vector_idx",
    ):
        schema_editor.execute(f"DROP INDEX IF EXISTS {index}")
    schema_editor.execute(f"ALTER TABLE {DOCUMENTS} DROP COLUMN IF EXISTS search_vector")
    schema_editor.execute("DROP FUNCTION IF EXISTS ocop_unaccent(text)")
    # The extensions stay: other things may use them, and they are harmless.


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_initial"),
        ("catalog", "0006_reindex_marks"),
        ("vendors", "0004_reindex_marks"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="productsearchdocument", name="search_doc_public_name_idx"
        ),
        migrations.RemoveField(model_name="productsearchdocument", name="text_all"),
        migrations.AddField(
            model_name="searchsuggestion",
            name="product_id",
            field=models.BigIntegerField(blank=True, db_index=True, null=True),
        ),
        migrations.AddField(
            model_name="searchsuggestion",
            name="vendor_id",
            field=models.BigIntegerField(blank=True, db_index=True, null=True),
        ),
        migrations.RunPython(create_postgres_objects, drop_postgres_objects),
    ]
