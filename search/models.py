"""Tables of the database search backend: the documents, their vocabulary, and suggestions.

PostgreSQL adds to the document table a weighted `search_vector` (a generated column over the
folded texts, through an immutable unaccent wrapper) and GIN indexes, in migrations that only
run there; SQLite matches the words of `text_a` and `text_b` instead.
"""

from django.db import models


class ProductSearchDocument(models.Model):
    product = models.OneToOneField(
        "catalog.Product", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    name = models.CharField(max_length=255)
    name_folded = models.CharField(max_length=255)
    # Folded words (letters and digits only, one space apart) by weight: A the name; B producer,
    # categories, province, its pre-2025 names, commune; C the description. Every query word
    # must match a word of A or B; the description only adds to the rank.
    text_a = models.TextField()
    text_b = models.TextField()
    text_c = models.TextField(blank=True)
    vendor_id = models.BigIntegerField(db_index=True)
    category_id = models.BigIntegerField(db_index=True)
    group_id = models.BigIntegerField()
    sector_id = models.BigIntegerField()
    province_code = models.CharField(max_length=2, db_index=True)
    stars = models.PositiveSmallIntegerField(null=True)
    stars_valid_until = models.DateField(null=True)
    min_price = models.PositiveBigIntegerField(null=True)
    max_price = models.PositiveBigIntegerField(null=True)
    in_stock = models.BooleanField(default=False)
    created_at = models.DateTimeField()
    is_public = models.BooleanField(default=False, db_index=True)
    # Buyers' reviews and sales (see search.ranking): 0 without any.
    rating_average = models.FloatField(default=0)
    rating_count = models.PositiveIntegerField(default=0)
    sold_count = models.PositiveIntegerField(default=0)
    indexed_at = models.DateTimeField(auto_now=True)

    # On PostgreSQL, migration 0002 adds the generated `search_vector` and its GIN index, and a
    # covering index of the public documents (every column that filters, sorts and facets
    # read; 0003 adds the ratings), so that lists and facets without a text query never read
    # the wide rows.

    def __str__(self):
        return self.name


class SearchTerm(models.Model):
    """Every folded word of the public documents' A and B texts, with how many documents have
    it: typo-tolerant search corrects a word the index does not know to the known words one edit
    away."""

    word = models.CharField(max_length=64, primary_key=True)
    document_count = models.PositiveIntegerField(default=0)

    def __str__(self):
        return self.word


class SearchSuggestion(models.Model):
    """What as-you-type completion offers: product names, producers, categories, provinces."""

    class Kind(models.TextChoices):
        PRODUCT = "product"
        VENDOR = "vendor"
        CATEGORY = "category"
        PROVINCE = "province"

    kind = models.CharField(max_length=16, choices=Kind.choices)
    target = models.CharField(max_length=255, help_text="slug, or province code")
    label = models.CharField(max_length=255)
    # Folded words of the label, one space apart: a query matches the start of any of them.
    label_folded = models.CharField(max_length=255, db_index=True)
    weight = models.IntegerField(default=0, help_text="Higher first (stars, product counts).")
    # The product and/or producer it stands for, re-checked when suggesting (like search results,
    # a product unpublished or a producer suspended a second ago is never suggested).
    product_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    vendor_id = models.BigIntegerField(null=True, blank=True, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "target", "label_folded"], name="search_suggestion_unique"
            )
        ]

    def __str__(self):
        return f"{self.kind}: {self.label}"
