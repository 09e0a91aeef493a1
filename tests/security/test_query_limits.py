"""Documents built to make the server work: floods of aliases, fragments that never end or
multiply, batches, introspection asked many times over, bodies too big or too deep. Each is
refused with a 400 and its code before anything runs (and the floods before validation, whose
overlapping-fields check is quadratic in their size)."""

import json
import time

import pytest
from graphql import get_introspection_query

from tests.graphql.client import GraphQLClient
from tests.security.support import TALLY, nothing_written, refused

pytestmark = pytest.mark.django_db

PRODUCTS = "products(first: 100) { edges { node { id name } } }"


def flood(count: int, field: str = PRODUCTS) -> str:
    return "{ " + " ".join(f"a{i}: {field}" for i in range(count)) + " }"


def send(query: str, variables=None):
    return GraphQLClient(sync_search=False).post(query, variables)


def test_500_aliases_of_a_full_page_of_products_are_refused_before_validation(monkeypatch):
    import marketplace.graphql.documents as documents

    validated = []
    monkeypatch.setattr(documents, "validate", lambda *a, **k: validated.append(a) or [])
    query = flood(500)
    send("{ __typename }")  # the first request of a process builds what every later one uses
    with nothing_written():
        started = time.perf_counter()
        response = send(query)
        elapsed = time.perf_counter() - started
    error = refused(response, status=400, code="QUERY_TOO_COMPLEX", says="the limit is 100000")
    assert error["extensions"]["cost"] > 100_000
    assert len(validated) == 1  # the warm-up's: the flood was refused on the measure alone
    TALLY.notes.append(f"500 aliases of products(first: 100) refused in {elapsed * 1000:.0f} ms")


def test_a_flood_of_cheap_fields_too_big_to_parse_is_refused_by_its_tokens():
    response = send(flood(4000, "__typename"))  # 12,000 tokens
    refused(response, status=400, code="QUERY_TOO_LARGE", says="10,000 tokens")


def test_a_query_padded_with_comments_or_blanks_is_refused_by_its_size():
    refused(send("{ __typename }\n" + "# padding\n" * 11_000), status=400, code="QUERY_TOO_LARGE")
    refused(send("{ __typename " + " " * 200_000 + "}"), status=400, code="QUERY_TOO_LARGE")


@pytest.mark.parametrize(
    "fragments",
    [
        "fragment A on Query { ...A }",
        "fragment A on Query { __typename ...B } fragment B on Query { ...A }",
        "fragment A on Query { ...B } fragment B on Query { ...C } fragment C on Query { ...A }",
        "fragment A on Product { vendor { products { edges { node { ...A } } } } }",
    ],
    ids=["itself", "mutual", "a ring of three", "through fields"],
)
def test_fragments_that_spread_themselves_are_refused(fragments):
    spread = "...A" if "on Query" in fragments else "products { edges { node { ...A } } }"
    response = send(f"query {{ {spread} }} {fragments}")
    refused(response, status=400, code="GRAPHQL_VALIDATION_FAILED", says="spreads itself")


def test_a_cycle_among_fragments_the_operation_never_spreads_is_refused_too():
    query = "{ __typename } fragment A on Query { ...B } fragment B on Query { ...A }"
    refused(send(query), status=400, code="GRAPHQL_VALIDATION_FAILED", says="spreads itself")


def test_fragments_that_double_at_every_level_are_measured_once_each():
    """F60 spreads F59 twice, which spreads F58 twice...: 2^60 spreads, which a measure that
    walks every spread would never finish; each fragment is measured once."""
    fragments = ["fragment F0 on Query { categories(first: 1) { totalCount } }"]
    fragments += [f"fragment F{i} on Query {{ ...F{i - 1} ...F{i - 1} }}" for i in range(1, 61)]
    response = send("{ ...F60 } " + " ".join(fragments))
    refused(response, status=400, code="QUERY_TOO_COMPLEX", says="more than 1,000,000,000,000,000")


def test_fragments_nested_deeper_than_the_limit_are_refused_by_depth():
    fragments = [
        f"fragment F{i} on Product {{ vendor {{ products(first: 1) {{ edges {{ node {{ ...F{i + 1} "
        f"}} }} }} }} }}"
        for i in range(8)
    ] + ["fragment F8 on Product { name }"]
    query = "{ products(first: 1) { edges { node { ...F0 } } } } " + " ".join(fragments)
    refused(send(query), status=400, code="QUERY_TOO_DEEP", says="the limit is 12")


def test_a_deep_selection_is_refused_by_depth_not_by_the_parser_running_out_of_stack():
    query = "{ " + "products { edges { node { vendor { " * 200 + "name" + " } } } }" * 200 + " }"
    refused(send(query), status=400, code="QUERY_TOO_LARGE")  # 3,000 tokens deep
    shallow = "{ " + "vendors { edges { node { products { edges { node { vendor { " * 2
    refused(send(shallow + "name" + " } } } } } } }" * 2 + " }"), status=400, code="QUERY_TOO_DEEP")


@pytest.mark.parametrize(
    "body",
    [
        [{"query": "{ __typename }"}, {"query": "{ __typename }"}],
        [{"query": flood(10)}] * 50,
        [],
    ],
    ids=["two", "fifty floods", "empty"],
)
def test_batched_requests_are_refused_whole(body):
    response = GraphQLClient().send(json.dumps(body))
    refused(response, status=400, code="BATCHING_NOT_SUPPORTED", says="one operation per request")


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ('{"query": "{ __typename }", "variables": ' + "[" * 100_000 + "]" * 100_000 + "}", None),
        ('{"query": "{ __typename }", "variables": {"a": NaN}}', None),
        ('{"query": "{ __typename }", "variables": {"a": Infinity}}', None),
        (b'{"query": "\xff\xfe"}', None),
        ('{"query": {"nested": "object"}}', None),
        ('{"query": ["{ __typename }"]}', None),
    ],
    ids=["variables nested 100,000 deep", "NaN", "Infinity", "not UTF-8", "query object",
         "query list"],
)  # fmt: skip
def test_bodies_that_are_not_one_json_operation_are_400(body, code):
    refused(GraphQLClient().send(body), status=400, code=code or "BAD_REQUEST")


def test_a_body_beyond_the_upload_limit_is_413(settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1_000_000
    body = json.dumps({"query": "{ __typename }", "variables": {"a": "x" * 1_100_000}})
    refused(GraphQLClient().send(body), status=413, code="REQUEST_TOO_LARGE")


def test_the_standard_introspection_query_still_runs_graphiql_needs_it():
    body = GraphQLClient().execute(get_introspection_query(descriptions=True))
    assert len(body["__schema"]["types"]) > 100


def nested_fields(levels: int) -> str:
    return (
        '{ __type(name: "Query") { '
        + "fields { type { " * levels
        + "name"
        + " } }" * levels
        + " } }"
    )


@pytest.mark.parametrize(
    ("query", "code"),
    [
        (flood(300, "__schema { types { name kind fields { name args { name } } } }"),
         "QUERY_TOO_COMPLEX"),
        (nested_fields(12), "QUERY_TOO_COMPLEX"),
        # Cheap by its cost, but graphql-core's own rule stops introspection nested this deep.
        (nested_fields(4), "GRAPHQL_VALIDATION_FAILED"),
    ],
    ids=["300 aliases of __schema", "fields of fields, 12 deep", "fields of fields, 4 deep"],
)  # fmt: skip
def test_introspection_is_counted_in_the_cost(query, code):
    refused(send(query), status=400, code=code)


def test_introspection_costs_what_its_lists_hold(settings):
    settings.GRAPHQL_MAX_COST = 100
    refused(send("{ __schema { types { name } } }"), status=400, code="QUERY_TOO_COMPLEX")
    assert send("{ __typename }").status_code == 200
