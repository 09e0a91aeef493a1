"""ElasticsearchBackend: the contract of `search.backends.base` over one Elasticsearch cluster."""

from collections.abc import Callable, Iterable
from functools import cached_property

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone
from elasticsearch import Elasticsearch

from search.backends.base import (
    MAX_SUGGESTIONS,
    Facets,
    ProductDocument,
    SearchBackend,
    SearchFilters,
    SearchRequest,
    SearchResult,
    Suggestion,
)
from search.backends.elasticsearch import live
from search.backends.elasticsearch.indexing import ProductIndex
from search.backends.elasticsearch.queries import (
    facets_body,
    search_body,
    suggest_body,
    suggestion_words,
)
from search.backends.elasticsearch.results import facets_from, suggestions_from
from search.browse_generation import new_generation

MAX_SUGGESTION_LIMIT = 50


def extra_hits(limit: int) -> int:
    """How many more hits than asked for to fetch, to make up for ids the re-check drops."""
    return min(max(4, limit // 4), 50)


class ElasticsearchBackend(SearchBackend):
    name = "elasticsearch"

    def __init__(self, *, url: str = "", index_prefix: str = "ocop", client=None, refresh=True):
        """Nothing connects here: the client is made on first use (from `url`), unless one is
        given (tests pass a recording fake)."""
        self.url = url
        self.alias = f"{index_prefix}-products"
        self._client = client
        self._refresh = refresh

    @classmethod
    def from_settings(cls) -> "ElasticsearchBackend":
        return cls(url=settings.ELASTICSEARCH_URL, index_prefix=settings.ELASTICSEARCH_INDEX_PREFIX)

    @property
    def client(self):
        if self._client is None:
            if not self.url:
                raise ImproperlyConfigured(
                    "SEARCH_BACKEND=elasticsearch needs ELASTICSEARCH_URL (http://host:9200)."
                )
            self._client = Elasticsearch(self.url)
        return self._client

    def ping(self) -> bool:
        """Whether the cluster answers (for /healthz)."""
        return bool(self.client.ping())

    @cached_property
    def products(self) -> ProductIndex:
        return ProductIndex(self.client, self.alias, refresh=self._refresh)

    # -- writing -------------------------------------------------------------------------------

    def index(self, documents: Iterable[ProductDocument]) -> int:
        count = self.products.index(documents)
        new_generation()  # cached browsing answers are stale now
        return count

    def remove(self, product_ids: Iterable[int]) -> int:
        count = self.products.remove(product_ids)
        new_generation()
        return count

    def rebuild(
        self, documents: Iterable[ProductDocument], *, progress: Callable | None = None
    ) -> int:
        count = self.products.rebuild(documents, progress)
        new_generation()
        return count

    # -- reading -------------------------------------------------------------------------------

    def _search(self, body: dict) -> dict:
        # A missing index (nothing indexed yet) answers nothing rather than failing.
        return self.client.search(index=self.alias, body=body, ignore_unavailable=True).body

    def search(self, request: SearchRequest) -> SearchResult:
        """Hits from the index, with what the live rows hide left out by the query itself (so
        the total and the pages are exact), and the ids re-checked against the live rows once
        more: an id that is no longer public (deleted meanwhile, or hidden between the two
        steps) is dropped, a few extra hits make up for it, and the total loses it too. Only
        such a row outside the page asked for can make the total one too many, or a later page
        shift by one, until the index catches up."""
        body = search_body(
            request,
            today=timezone.localdate(),
            size=request.limit + extra_hits(request.limit),
            exclusions=live.hidden(),
            mean=live.mean_rating(),
        )
        hits = self._search(body).get("hits", {})
        ids = [int(hit["_id"]) for hit in hits.get("hits", [])]
        public = live.public_product_ids(ids)
        kept = [pk for pk in ids if pk in public]
        total = hits.get("total", {}).get("value", 0) - (len(ids) - len(kept))
        return SearchResult(product_ids=kept[: max(request.limit, 0)], total=max(total, 0))

    def facets(self, query: str, filters: SearchFilters) -> Facets:
        body = facets_body(query, filters, today=timezone.localdate(), exclusions=live.hidden())
        return facets_from(self._search(body).get("aggregations", {}), filters)

    def suggest(self, query: str, limit: int = MAX_SUGGESTIONS) -> list[Suggestion]:
        limit = min(max(limit, 0), MAX_SUGGESTION_LIMIT)
        if not limit or not suggestion_words(query):
            return []  # nothing typed (or nothing wanted): no request
        body = suggest_body(
            query, limit=limit, today=timezone.localdate(), exclusions=live.hidden()
        )
        return suggestions_from(self._search(body), query, limit)
