"""Calling /graphql/ over HTTP the way clients do, as anyone."""

import json

from django.test import Client

from marketplace.accounts.tokens import create_access_token

_SEARCHED = ("products", "productFacets", "searchSuggestions")


def sync_search_index(query: str = "products") -> None:
    """Rows made by factories skip the services that mark them for the search index: before a
    request that reads the public catalogue, index everything, as the periodic task would."""
    if any(name in query for name in _SEARCHED):
        from search.services import rebuild_index

        rebuild_index()


class GraphQLClient:
    """Speaks as `user` (a fresh access token each request), or sends `token` as it is (a
    device's, or a forged one)."""

    def __init__(self, user=None, *, token: str | None = None, sync_search: bool = True):
        self.client = Client()
        self.user = user
        self.token = token
        self.sync_search = sync_search

    def headers(self) -> dict:
        if self.token is not None:
            return {"HTTP_AUTHORIZATION": f"Bearer {self.token}"}
        if self.user is None or not getattr(self.user, "is_authenticated", False):
            return {}
        return {"HTTP_AUTHORIZATION": f"Bearer {create_access_token(self.user)}"}

    def send(self, body, content_type: str = "application/json"):
        """A raw body, as an attacker would write it (a str or bytes, not necessarily JSON)."""
        return self.client.post("/graphql/", body, content_type=content_type, **self.headers())

    def post(self, query: str, variables: dict | None = None):
        """The raw response."""
        if self.sync_search:
            sync_search_index(query)
        return self.client.post(
            "/graphql/",
            json.dumps({"query": query, "variables": variables or {}}),
            content_type="application/json",
            **self.headers(),
        )

    def upload(self, query: str, variables: dict, files: dict):
        """A multipart request: `files` maps variable paths ("image", "input.document") to
        uploaded files."""
        if self.sync_search:
            sync_search_index(query)
        file_map = {str(i): [f"variables.{path}"] for i, path in enumerate(files)}
        data = {
            "operations": json.dumps({"query": query, "variables": variables}),
            "map": json.dumps(file_map),
        }
        data.update({str(i): upload for i, upload in enumerate(files.values())})
        return self.client.post("/graphql/", data, **self.headers())

    def execute(self, query: str, variables: dict | None = None) -> dict:
        """`data` of a successful response; fails the test on any GraphQL error."""
        response = self.post(query, variables)
        body = response.json()
        assert response.status_code == 200, body
        assert "errors" not in body, body["errors"]
        return body["data"]


def payload(data: dict, mutation: str) -> dict:
    """The payload of a mutation, asserting nothing went wrong."""
    result = data[mutation]
    assert result["errors"] == [], result["errors"]
    return result
