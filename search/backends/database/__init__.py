"""The database search backend (default): PostgreSQL full text and trigrams, or SQLite.

terms.py        query words, folding, typo corrections from the vocabulary
sql.py          SQL both databases share: visibility, filters, sorts, name tiers
postgres.py     matching and text rank on PostgreSQL's weighted search_vector
sqlite.py       matching on SQLite (LIKE on the folded words)
queries.py      search: a page of ids and the total in one statement
facets.py       facet counts in one statement
suggestions.py  as-you-type completions
indexing.py     documents, vocabulary and suggestions: index, remove, rebuild
"""

from collections.abc import Callable, Iterable

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
from search.backends.database import facets, indexing, queries, suggestions
from search.browse_generation import new_generation


class DatabaseBackend(SearchBackend):
    name = "database"

    def index(self, documents: Iterable[ProductDocument]) -> int:
        count = indexing.index(list(documents))
        new_generation()  # cached browsing answers are stale now
        return count

    def remove(self, product_ids: Iterable[int]) -> int:
        count = indexing.remove(list(product_ids))
        new_generation()
        return count

    def rebuild(
        self, documents: Iterable[ProductDocument], *, progress: Callable | None = None
    ) -> int:
        count = indexing.rebuild(documents, progress=progress)
        new_generation()
        return count

    def search(self, request: SearchRequest) -> SearchResult:
        return queries.search(request)

    def facets(self, query: str, filters: SearchFilters) -> Facets:
        return facets.facets(query, filters)

    def suggest(self, query: str, limit: int = MAX_SUGGESTIONS) -> list[Suggestion]:
        return suggestions.suggest(query, limit)
