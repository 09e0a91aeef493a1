"""The product index: its mapping (an `elasticsearch.dsl` Document), settings, and sources.

One document per product, `_id` = the product id. Texts are searched through the folding
analyzer; ids and codes are keywords for filters and facets; numbers and dates for sorting,
ranges and the score. Non-public products are indexed too (with `is_public: false`, which every
query filters out), so that the index mirrors the catalogue and a product's state can change in
either direction with one write.

Sub-fields of the name: `name.sort` (the folded name, to sort on), `name.words` (its folded
words, to tell names that begin with the query) and `name.suggest` (edge n-grams for
as-you-type suggestions; the producer's name has one too). These are the "suggestion fields":
categories and provinces are suggested from their own tables (see `results`).
"""

import unicodedata

from elasticsearch.dsl import (
    Boolean,
    Date,
    Document,
    Float,
    Index,
    Integer,
    Keyword,
    Long,
    MetaField,
    Text,
)

from search.backends.base import ProductDocument
from search.backends.elasticsearch.analysis import (
    vi_autocomplete,
    vi_autocomplete_search,
    vi_sort,
    vi_text,
    vi_words,
)

# Deep pages are asked for with from/size; a catalogue of tens of thousands of products stays
# well inside this window (Elasticsearch's default of 10,000 would not).
MAX_RESULT_WINDOW = 100_000

INDEX_SETTINGS = {
    # Tens of thousands of small documents: one shard scores with one set of term statistics
    # and answers faster than several.
    "number_of_shards": 1,
    "max_result_window": MAX_RESULT_WINDOW,
}


def _suggest() -> Text:
    return Text(analyzer=vi_autocomplete, search_analyzer=vi_autocomplete_search)


# Every query word may be the start of a word: `index_prefixes` indexes the first 1 to 10 letters
# of each word as terms of their own, so those prefix queries are single term lookups (and run
# even where `search.allow_expensive_queries` is off).
PREFIXES = {"min_chars": 1, "max_chars": 10}


def _matched(**options) -> Text:
    """A text field that queries must match (see `queries.MATCH_FIELDS`)."""
    return Text(analyzer=vi_text, index_prefixes=PREFIXES, **options)


class ProductIndexDocument(Document):
    product_id = Long()
    slug = Keyword()
    name = _matched(
        fields={
            "sort": Keyword(normalizer=vi_sort),
            "words": Keyword(normalizer=vi_words),
            "suggest": _suggest(),
        },
    )
    vendor_id = Keyword()
    vendor_name = _matched(fields={"suggest": _suggest()})  # the producer
    vendor_slug = Keyword()
    category_id = Keyword()  # the product set
    group_id = Keyword()
    sector_id = Keyword()
    category_names = _matched()  # product set, group, sector
    province_code = Keyword()
    province_name = _matched()
    legacy_province_names = _matched()  # of the origin commune, if renamed
    commune_name = _matched()
    description = Text(analyzer=vi_text)  # only scores
    stars = Integer()  # of the certificate, current only while stars_valid_until >= today
    stars_valid_until = Date(format="strict_date")
    min_price = Long()
    max_price = Long()
    in_stock = Boolean()
    created_at = Date()
    is_public = Boolean()
    # Buyers' reviews and units sold (see search.ranking): sorting, the rating score, a facet.
    rating_average = Float()
    rating_count = Integer()
    sold_count = Integer()

    class Meta:
        dynamic = MetaField("strict")  # a field not mapped above is a bug, not a new field


def index_body() -> dict:
    """Settings (with the analysis) and mappings of a new product index."""
    index = Index("products")  # the name is the caller's; only the body is used
    index.settings(**INDEX_SETTINGS)
    index.mapping(ProductIndexDocument._doc_type.mapping)
    return index.to_dict()


def _nfc(text: str) -> str:
    # The analyzers compare code points: store composed text, as queries are composed too.
    return unicodedata.normalize("NFC", text or "")


def source_for(document: ProductDocument) -> dict:
    """The `_source` of one product, JSON-ready (empty values left out, as missing fields)."""
    source = ProductIndexDocument(
        product_id=document.product_id,
        slug=document.slug,
        name=_nfc(document.name),
        vendor_id=str(document.vendor_id),
        vendor_name=_nfc(document.vendor_name),
        vendor_slug=document.vendor_slug,
        category_id=str(document.category_id),
        group_id=str(document.group_id),
        sector_id=str(document.sector_id),
        category_names=[_nfc(name) for name in document.category_names],
        province_code=document.province_code,
        province_name=_nfc(document.province_name),
        legacy_province_names=[_nfc(name) for name in document.legacy_province_names],
        commune_name=_nfc(document.commune_name),
        description=_nfc(document.description),
        stars=document.stars,
        stars_valid_until=document.stars_valid_until,
        min_price=document.min_price,
        max_price=document.max_price,
        in_stock=document.in_stock,
        created_at=document.created_at,
        is_public=document.is_public,
        rating_average=document.rating_average,
        rating_count=document.rating_count,
        sold_count=document.sold_count,
    ).to_dict()
    for name in ("stars_valid_until", "created_at"):
        if name in source:
            source[name] = source[name].isoformat()
    return source
