"""Values no client should send and some will: a megabyte of text, text the database cannot
store (NUL, lone UTF-16 surrogates), global IDs that are not, page sizes out of range. Each is
refused with its code (a 400 before anything runs, or an error on its field), never a 500."""

import base64
import json

import pytest
from graphql import GraphQLNonNull, get_named_type, is_enum_type, is_scalar_type
from graphql_relay import to_global_id

from marketplace.graphql.schema import schema
from tests.factories import ProductVariantFactory, StaffFactory, UserFactory
from tests.graphql.client import GraphQLClient
from tests.security.support import answered, nothing_written, payload_refused, refused

pytestmark = pytest.mark.django_db

MEGABYTE = "ố" * 1_048_576
REGISTER = """mutation($input: AccountRegisterInput!) {
  accountRegister(input: $input) { user { email } errors { field code } }
}"""
SEARCH = "query($q: String) { products(search: $q) { totalCount } }"
LOGIN = "mutation($e: String!, $p: String!) { tokenCreate(email: $e, password: $p) { token } }"


def register(**fields) -> dict:
    return {"input": {"email": "lan@example.vn", "password": "mien-dong-2025", **fields}}


LONG_VARIABLES = {
    "a search": (SEARCH, {"q": MEGABYTE}),
    "a full name": (REGISTER, register(fullName=MEGABYTE)),
    "a password": (REGISTER, register(password=MEGABYTE)),
    "an email": (LOGIN, {"e": MEGABYTE, "p": "x"}),
    "a key of the variables": (SEARCH, {MEGABYTE: "x"}),
}


@pytest.mark.parametrize(("query", "variables"), LONG_VARIABLES.values(), ids=LONG_VARIABLES)
def test_a_megabyte_of_text_is_refused_before_the_database(
    query, variables, django_assert_num_queries
):
    with nothing_written(), django_assert_num_queries(0):
        response = GraphQLClient(sync_search=False).post(query, variables)
    refused(response, status=400, code="INPUT_TOO_LONG", says="at most 100,000 are accepted")


def test_a_long_string_written_into_the_query_is_refused_too(settings):
    settings.GRAPHQL_MAX_STRING_LENGTH = 1_000
    query = '{ products(search: "%s") { totalCount } }' % ("a" * 1_001)
    refused(GraphQLClient().post(query), status=400, code="INPUT_TOO_LONG", says="in the query")


UNSTORABLE = {
    "NUL": "mien\x00dong",
    "a lone high surrogate": "\ud800",
    "a lone low surrogate": "\udfff",
    "a surrogate inside a word": "Mộc\udbffChâu",
    "surrogates in the wrong order": "\ude00\ud83d",
}


@pytest.mark.parametrize("text", UNSTORABLE.values(), ids=UNSTORABLE)
@pytest.mark.parametrize(
    ("query", "variables"),
    [
        (SEARCH, lambda text: {"q": text}),
        (REGISTER, lambda text: register(fullName=text)),
        (REGISTER, lambda text: register(email=f"lan{text}@example.vn")),
        (SEARCH, lambda text: {text: "x"}),
    ],
    ids=["a search", "a full name", "an email", "a variable's name"],
)
def test_text_the_database_cannot_store_is_invalid_in_variables(query, variables, text):
    """JSON carries lone surrogates ("\\ud800"); no encoding can store them, and PostgreSQL
    refuses U+0000."""
    with nothing_written():
        response = GraphQLClient(sync_search=False).post(query, variables(text))
    refused(response, status=400, code="INVALID", says="U+D800 to U+DFFF")


@pytest.mark.parametrize(
    "literal",
    [r"\u0000", r"\ud800", r"\uDFFF", r"\u{D800}", r"a\ud800\u0041", "\ud800", "\x00"],
    ids=["escaped NUL", "escaped high", "escaped low", "braced escape", "escape before another",
         "raw surrogate", "raw NUL"],
)  # fmt: skip
def test_text_the_database_cannot_store_is_invalid_in_the_query(literal):
    query = 'mutation { accountRegister(input: {email: "a@b.vn", password: "mien-dong-2025", ' + (
        f'fullName: "{literal}"}}) {{ errors {{ code }} }} }}'
    )
    with nothing_written():
        response = GraphQLClient().send(json.dumps({"query": query}))
    refused(response, status=400, code="INVALID")


def test_a_real_emoji_surrogate_pair_is_fine():
    """ "\\ud83d\\ude00" in JSON is 😀, which is stored like any other character."""
    body = '{"query": "query($q: String) { products(search: $q) { totalCount } }", ' + (
        '"variables": {"q": "\\ud83d\\ude00"}}'
    )
    assert answered(GraphQLClient().send(body))["data"]["products"]["totalCount"] == 0


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode()


def node_types() -> list[str]:
    node = schema.graphql_schema.get_type("Node")
    return sorted(t.name for t in schema.graphql_schema.get_possible_types(node))


def malformed_ids(type_name: str) -> dict[str, str]:
    return {
        "empty": "",
        "not base64": "!!not-base64!!",
        "base64 of nothing useful": _b64(b"hello"),
        "no key": _b64(f"{type_name}:".encode()),
        "a key that is not a number": _b64(f"{type_name}:abc".encode()),
        "a negative key": _b64(f"{type_name}:-1".encode()),
        "a decimal key": _b64(f"{type_name}:1.5".encode()),
        "a key beyond 64 bits": _b64(f"{type_name}:{'9' * 30}".encode()),
        "two keys": _b64(f"{type_name}:1:2".encode()),
        "a type that does not exist": _b64(b"Nope:1"),
        "a type that is not a node": _b64(b"Money:1"),
        "not UTF-8": _b64(b"\xff\xfe:1"),
        "huge": _b64(f"{type_name}:{'1' * 60_000}".encode()),
    }


NODE_CASES = [
    pytest.param(type_name, value, id=f"{type_name}: {case}")
    for type_name in node_types()
    for case, value in malformed_ids(type_name).items()
]


@pytest.mark.parametrize(("type_name", "value"), NODE_CASES)
def test_node_answers_a_malformed_id_of_any_type_with_invalid_or_null(type_name, value):
    response = GraphQLClient().post("query($id: ID!) { node(id: $id) { id } }", {"id": value})
    body = response.json()
    if body.get("errors"):
        refused(response, status=200, code="INVALID")
        assert body["data"] == {"node": None}
    else:  # well formed, names no row (a negative key, Province:abc, ...)
        assert answered(response) == {"data": {"node": None}}


def _filler(arg_type) -> object:
    """A harmless value for a required argument other than the ID being attacked."""
    named = get_named_type(arg_type)
    if is_enum_type(named):
        return next(iter(named.values))
    return {
        "String": "x",
        "Int": 1,
        "Boolean": False,
        "UUID": "00000000-0000-0000-0000-000000000000",
        "Date": "2025-07-01",
        "Decimal": "1",
    }.get(named.name)


def fields_taking_ids():
    """Every query and mutation with an ID argument whose other required arguments are plain
    values (input objects are left to the fuzzer)."""
    found = []
    for root in (schema.graphql_schema.query_type, schema.graphql_schema.mutation_type):
        for name, field in root.fields.items():
            ids = [a for a, arg in field.args.items() if get_named_type(arg.type).name == "ID"]
            required = {
                a: _filler(arg.type)
                for a, arg in field.args.items()
                if isinstance(arg.type, GraphQLNonNull) and a not in ids
            }
            for other in ids:  # each ID is attacked in turn, the others well formed
                required[other] = to_global_id("Vendor", 1)
            if ids and name != "node" and None not in required.values():
                leaf = is_scalar_type(get_named_type(field.type)) or is_enum_type(
                    get_named_type(field.type)
                )
                found.append((root.name, name, ids, required, field.args, leaf))
    return found


def _operation(root, name, attacked, required, args, leaf) -> str:
    names = [attacked, *required]
    declared = ", ".join(f"${a}: {args[a].type}" for a in dict.fromkeys(names))
    passed = ", ".join(f"{a}: ${a}" for a in dict.fromkeys(names))
    if root == "Mutation":
        return f"mutation({declared}) {{ {name}({passed}) {{ errors {{ field code message }} }} }}"
    return f"query({declared}) {{ {name}({passed}){'' if leaf else ' { __typename }'} }}"


ID_FIELD_CASES = [
    pytest.param(root, name, attacked, required, args, leaf, value, id=f"{name}.{attacked}: {case}")
    for root, name, ids, required, args, leaf in fields_taking_ids()
    for attacked in ids
    for case, value in malformed_ids("Product").items()
    if case in ("empty", "not base64", "a key that is not a number", "a key beyond 64 bits")
]


@pytest.mark.parametrize(("root", "name", "attacked", "required", "args", "leaf", "value"),
                         ID_FIELD_CASES)  # fmt: skip
def test_every_id_argument_refuses_a_malformed_id_as_staff(
    root, name, attacked, required, args, leaf, value
):
    """As staff, who gets past every permission check to where the ID is read: a mutation
    answers with a payload error, a query with an error or nothing."""
    required = {a: v for a, v in required.items() if a != attacked}
    query = _operation(root, name, attacked, required, args, leaf)
    staff = GraphQLClient(StaffFactory())
    with nothing_written():
        response = staff.post(query, {attacked: value, **required})
    body = response.json()
    if body.get("errors"):
        refused(response, status=200, code=body["errors"][0]["extensions"]["code"])
    elif root == "Mutation":
        errors = body["data"][name]["errors"]
        payload_refused(response, name, code=errors[0]["code"] if errors else "(none)")
    else:
        assert answered(response)["data"][name] in (None, [])


CONNECTIONS = sorted(
    name
    for name, field in schema.graphql_schema.query_type.fields.items()
    if get_named_type(field.type).name.endswith("Connection")
    and not any(isinstance(arg.type, GraphQLNonNull) for arg in field.args.values())
)


@pytest.mark.parametrize("connection", CONNECTIONS)
@pytest.mark.parametrize(
    ("argument", "value"),
    [("first", 2_147_483_647), ("first", -1), ("last", -2_147_483_648), ("first", 101)],
)
def test_page_sizes_out_of_range_are_invalid_on_every_connection(connection, argument, value):
    query = f"query($n: Int) {{ {connection}({argument}: $n) {{ totalCount }} }}"
    response = GraphQLClient(UserFactory(), sync_search=False).post(query, {"n": value})
    refused(response, status=200, code="INVALID", says="must be between 0 and 100")
    assert response.json()["data"] == {connection: None}


@pytest.mark.parametrize(
    ("first", "code"),
    [("2147483648", "BAD_USER_INPUT"), ("1e12", "BAD_USER_INPUT"), ('"ten"', "BAD_USER_INPUT")],
)
def test_page_sizes_that_are_no_int_are_refused_before_running(first, code):
    body = '{"query": "query($n: Int) { products(first: $n) { totalCount } }", ' + (
        f'"variables": {{"n": {first}}}}}'
    )
    refused(GraphQLClient().send(body), status=400, code=code)
    literal = "{ products(first: 1000000000000) { totalCount } }"
    refused(GraphQLClient().post(literal), status=400, code="GRAPHQL_VALIDATION_FAILED")


@pytest.mark.parametrize(
    "cursor",
    ["garbage", _b64(b"arrayconnection:-5"), _b64(b"arrayconnection:" + b"9" * 40), "", "=="],
)
def test_cursors_that_point_nowhere_give_an_empty_or_first_page(cursor):
    ProductVariantFactory()
    response = GraphQLClient().post(
        "query($c: String) { products(first: 5, after: $c) { totalCount edges { cursor } } }",
        {"c": cursor},
    )
    assert answered(response)["data"]["products"]["totalCount"] == 1


def test_an_id_with_a_huge_key_in_a_mutation_is_not_found():
    response = GraphQLClient(StaffFactory()).post(
        "mutation($id: ID!) { productArchive(id: $id) { errors { field code } } }",
        {"id": to_global_id("Product", 10**30)},
    )
    assert response.json()["data"]["productArchive"]["errors"] == [
        {"field": "id", "code": "NOT_FOUND"}
    ]
