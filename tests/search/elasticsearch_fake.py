"""A fake Elasticsearch cluster for tests without a server, intercepted at the client.

`FakeElasticsearch` is the real `elasticsearch.Elasticsearch` client (so every API method and
`elasticsearch.helpers` run their own code: parameter checks, NDJSON serialisation of bulk
requests, chunking) whose `perform_request` — the one method every request goes through —
records the request and answers it from a small in-memory model of indices and aliases, or from
canned search responses. Nothing is sent over the network.
"""

import json
from dataclasses import dataclass

from elastic_transport import (
    ApiResponseMeta,
    HeadApiResponse,
    HttpHeaders,
    NodeConfig,
    ObjectApiResponse,
)
from elasticsearch import Elasticsearch

_NODE = NodeConfig("http", "elasticsearch.invalid", 9200)


@dataclass
class Recorded:
    endpoint: str  # "search", "bulk", "indices.create", ...
    method: str
    path: str
    params: dict
    body: object  # a dict, or for bulk the list of NDJSON lines decoded


class FakeElasticsearch(Elasticsearch):
    """The state: `aliases_of` (index name -> its aliases), `documents` (index -> {id: source}), and
    `search_responses` answered in order (an empty result once they run out)."""

    def __init__(self, *, search_responses: list[dict] | None = None):
        super().__init__("http://elasticsearch.invalid:9200")
        self.aliases_of: dict[str, set[str]] = {}
        self.documents: dict[str, dict[str, dict]] = {}
        self.search_responses: list[dict] = list(search_responses or [])
        self.requests: list[Recorded] = []

    # The helpers call `client.options(...)` for per-request settings: keep this one client.
    def options(self, **kwargs):
        return self

    def calls(self, endpoint: str) -> list[Recorded]:
        return [request for request in self.requests if request.endpoint == endpoint]

    def endpoints(self) -> list[str]:
        return [request.endpoint for request in self.requests]

    # -- the interception ----------------------------------------------------------------------

    def perform_request(
        self,
        method,
        path,
        *,
        params=None,
        headers=None,
        body=None,
        endpoint_id=None,
        path_parts=None,
    ):
        request = Recorded(endpoint_id, method, path, dict(params or {}), _decoded(body))
        self.requests.append(request)
        status, answer = getattr(self, "_" + endpoint_id.replace(".", "_"))(
            request, dict(path_parts or {})
        )
        meta = ApiResponseMeta(
            status=status, http_version="1.1", headers=HttpHeaders(), duration=0.0, node=_NODE
        )
        if method == "HEAD":
            return HeadApiResponse(meta=meta)
        return ObjectApiResponse(body=answer, meta=meta)

    # -- a tiny cluster ------------------------------------------------------------------------

    def resolve(self, name: str) -> list[str]:
        """The indices a name stands for (itself, or the indices holding it as an alias)."""
        if name in self.aliases_of:
            return [name]
        return sorted(index for index, aliases in self.aliases_of.items() if name in aliases)

    def _indices_exists(self, request, parts):
        names = _names(parts["index"])
        return (200 if all(self.resolve(name) for name in names) else 404), None

    def _indices_exists_alias(self, request, parts):
        names = _names(parts["name"])
        found = any(name in aliases for name in names for aliases in self.aliases_of.values())
        return (200 if found else 404), None

    def _indices_get_alias(self, request, parts):
        name = parts["name"]
        holding = {
            index: {"aliases": {name: {}}}
            for index, aliases in self.aliases_of.items()
            if name in aliases
        }
        return (200 if holding else 404), holding

    def _indices_create(self, request, parts):
        index = parts["index"]
        self.aliases_of[index] = set((request.body or {}).get("aliases", {}))
        self.documents[index] = {}
        return 200, {"acknowledged": True, "shards_acknowledged": True, "index": index}

    def _indices_delete(self, request, parts):
        for index in _names(parts["index"]):
            self.aliases_of.pop(index, None)
            self.documents.pop(index, None)
        return 200, {"acknowledged": True}

    def _indices_update_aliases(self, request, parts):
        for action in request.body["actions"]:
            ((kind, spec),) = action.items()
            if kind == "add":
                self.aliases_of[spec["index"]].add(spec["alias"])
            elif kind == "remove":
                self.aliases_of[spec["index"]].discard(spec["alias"])
            elif kind == "remove_index":
                self.aliases_of.pop(spec["index"], None)
                self.documents.pop(spec["index"], None)
        return 200, {"acknowledged": True}

    def _indices_put_mapping(self, request, parts):
        return 200, {"acknowledged": True}

    def _indices_put_settings(self, request, parts):
        return 200, {"acknowledged": True}

    def _indices_refresh(self, request, parts):
        return 200, {"_shards": {"total": 1, "successful": 1, "failed": 0}}

    def _bulk(self, request, parts):
        items = []
        lines = iter(request.body)
        for line in lines:
            ((operation, meta),) = line.items()
            indices = self.resolve(meta["_index"])
            if len(indices) != 1:
                items.append({operation: {**meta, "status": 404, "error": {"type": "index"}}})
                if operation != "delete":
                    next(lines)
                continue
            documents = self.documents[indices[0]]
            if operation == "delete":
                found = documents.pop(meta["_id"], None) is not None
                status = 200 if found else 404
                result = "deleted" if found else "not_found"
            else:
                status = 200 if meta["_id"] in documents else 201
                result = "updated" if status == 200 else "created"
                documents[meta["_id"]] = next(lines)
            items.append(
                {
                    operation: {
                        "_index": indices[0],
                        "_id": meta["_id"],
                        "status": status,
                        "result": result,
                    }
                }
            )
        errors = any(item[op]["status"] >= 300 for item in items for op in item)
        return 200, {"took": 1, "errors": errors, "items": items}

    def _search(self, request, parts):
        if self.search_responses:
            return 200, self.search_responses.pop(0)
        return 200, search_response([])


def _names(value) -> list[str]:
    if isinstance(value, list | tuple):
        return list(value)
    return value.split(",")


def _decoded(body):
    """Bulk bodies arrive as the helpers' NDJSON lines (bytes); others as dicts."""
    if isinstance(body, list | tuple):
        return [json.loads(line) if isinstance(line, bytes | str) else line for line in body]
    return body


def search_response(ids, *, total: int | None = None, aggregations=None, sorts=None) -> dict:
    """What Elasticsearch answers to a search for these product ids (`_source: false`)."""
    hits = []
    for i, product_id in enumerate(ids):
        hit = {"_index": "ocop-products-1", "_id": str(product_id), "_score": None}
        if sorts is not None:
            hit["sort"] = sorts[i]
        hits.append(hit)
    response = {
        "took": 1,
        "timed_out": False,
        "hits": {
            "total": {"value": len(ids) if total is None else total, "relation": "eq"},
            "max_score": None,
            "hits": hits,
        },
    }
    if aggregations is not None:
        response["aggregations"] = aggregations
    return response
