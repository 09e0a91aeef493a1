"""The Elasticsearch search backend (SEARCH_BACKEND=elasticsearch).

Modules, in reading order:
- `analysis`: the analyzers that fold Vietnamese (and the edge n-grams for suggestions);
- `mapping`: the product index's Document (mapping), settings, and each product's `_source`;
- `queries`: request bodies for search, facets and suggestions, as pure functions;
- `indexing`: bulk writes, index creation, and the rebuild behind an alias;
- `live`: what the database says now (hidden products and producers, labels);
- `results`: answers turned into Facets and Suggestions;
- `backend`: `ElasticsearchBackend`, tying them together.
"""

from search.backends.elasticsearch.backend import ElasticsearchBackend

__all__ = ["ElasticsearchBackend"]
