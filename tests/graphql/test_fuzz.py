"""Fuzzing the schema with schemathesis: whatever a client sends, never a server error.

Every query and mutation field gets FUZZ_EXAMPLES generated operations (30 by default, about
1,300 in all; `make fuzz` sends more), each anonymous, as staff or as a producer's owner, through
the WSGI application inside the test database, which holds producers, products, certificates
and applications. Most ID arguments are swapped for IDs of those rows, so that mutations get past
NOT_FOUND into the services. Each response must:

- not be a 5xx;
- be a JSON object with `data` or `errors`;
- carry no INTERNAL_ERROR: an exception in a resolver is answered 200 with "Internal error.",
  but it is a server error all the same.

Hypothesis runs derandomized, so every run sends the same operations (only the primary keys in
the IDs depend on the database). Every failure is collected and reported at the end with its
operation, query, identity and traceback.
"""

import json
import logging
import os
import sys
import time
import traceback
from collections import Counter
from dataclasses import dataclass, field

import graphql
import pytest
import schemathesis
from django.core import signals
from django.db import DatabaseError, close_old_connections, transaction
from graphql_relay import to_global_id
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis.config import SchemathesisConfig
from schemathesis.graphql import nodes

from catalog.models import ProductMedia
from inventory.models import Location
from marketplace.accounts.tokens import create_access_token
from tests.factories import (
    CertificateFactory,
    StaffFactory,
    UserFactory,
    VendorFactory,
    VendorMemberFactory,
    commune,
    draft_application,
    submitted_application,
)
from tests.graphql.catalog_fixtures import Status, listing, showroom
from vendors.models import OcopCertificate, Vendor, VendorMember

pytestmark = [
    pytest.mark.fuzz,
    pytest.mark.django_db,
    # Generated emails become cache keys of the login throttle; locmem and Redis take any key.
    pytest.mark.filterwarnings("ignore::django.core.cache.backends.base.CacheKeyWarning"),
]

DEFAULT_EXAMPLES = 30
# Per operation; FUZZ_EXAMPLES can only raise it, so that the run never drops below 1,000.
EXAMPLES = max(int(os.environ.get("FUZZ_EXAMPLES") or 0), DEFAULT_EXAMPLES)
MINIMUM_OPERATIONS = 1000

# `Upload` arguments cannot hold a file in a query document: the server reads a literal as null
# (no multipart request), and the mutations must say so in their payload.
schemathesis.graphql.scalar("Upload", st.text(max_size=20).map(nodes.String))


@dataclass
class Problem:
    operation: str
    identity: str
    query: str
    what: str
    tracebacks: list[str] = field(default_factory=list)

    def key(self) -> tuple[str, str]:
        last_line = self.tracebacks[-1].strip().splitlines()[-1] if self.tracebacks else self.what
        return (self.operation, last_line)

    def report(self) -> str:
        parts = [f"{self.operation} as {self.identity}: {self.what}", self.query]
        parts += [tb[-3000:] for tb in self.tracebacks]
        return "\n".join(parts)


class _Tracebacks(logging.Handler):
    """Keeps the tracebacks that the endpoint logs (resolver failures) and Django logs (500s)."""

    def __init__(self):
        super().__init__(level=logging.ERROR)
        self.seen: list[str] = []

    def emit(self, record):
        if record.exc_info:
            self.seen.append("".join(traceback.format_exception(*record.exc_info)))


@pytest.fixture
def wsgi_in_test_transaction():
    """Django's handler closes the connection at each request's start and end, which would break
    the test's transaction; its test client disconnects the same receivers."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.fixture
def tracebacks():
    handler = _Tracebacks()
    loggers = [logging.getLogger("marketplace.graphql"), logging.getLogger("django.request")]
    for logger in loggers:
        logger.addHandler(handler)
    try:
        yield handler
    finally:
        for logger in loggers:
            logger.removeHandler(handler)


def seed() -> tuple[dict[str, object], dict[str, list[str]]]:
    """Producers with every kind of row a query or mutation can name: the identities to send
    requests as, and the global IDs of the rows."""
    staff = StaffFactory()
    vendor = VendorFactory()
    owner = VendorMemberFactory(vendor=vendor).user
    manager = VendorMemberFactory(vendor=vendor, role=VendorMember.Role.MANAGER)
    suspended = VendorFactory(status=Vendor.Status.SUSPENDED)
    VendorMemberFactory(vendor=suspended)
    published = listing(vendor, "Chè Shan tuyết", prices=(85_000, 120_000), stock=(5, 0), stars=4)
    listing(vendor, "Miến dong", status=Status.DRAFT, images=1, category="I.3.b")
    listing(vendor, "Mật ong bạc hà", status=Status.PENDING_REVIEW, stars=5, category="I.4.a")
    listing(suspended, "Cam sành", status=Status.PUBLISHED)
    pending = CertificateFactory(
        vendor=vendor, verification_status=OcopCertificate.Verification.PENDING
    )
    showroom("Điểm bán OCOP Sơn La", "03980")
    draft = draft_application(owner)
    submitted = submitted_application(UserFactory())
    rows = [
        ("Vendor", vendor),
        ("Vendor", suspended),
        ("VendorMembership", manager),
        ("OnboardingApplication", draft),
        ("OnboardingApplication", submitted),
        ("ApplicationDocument", submitted.documents.first()),
        ("OcopCertificate", pending),
        ("OcopCertificate", published.certificate),
        ("Product", published),
        ("ProductVariant", published.variants.first()),
        ("ProductMedia", ProductMedia.objects.first()),
        ("Category", published.category),
        ("Category", published.category.parent),
        ("Location", Location.objects.filter(kind=Location.Kind.WAREHOUSE).first()),
        ("Location", Location.objects.filter(kind=Location.Kind.SHOWROOM).first()),
        ("User", owner),
    ]
    rows += [("Product", product) for product in vendor.products.order_by("pk")]
    rows += [("Province", commune("03980").province), ("Commune", commune("03980"))]
    # In the order of the rows, not of the IDs: primary keys differ from run to run, and the
    # n-th ID must name the same row every time.
    ids: dict[str, list[str]] = {}
    for type_name, row in rows:
        of_type = ids.setdefault(type_name, [])
        if to_global_id(type_name, row.pk) not in of_type:
            of_type.append(to_global_id(type_name, row.pk))
    identities = {"anonymous": None, "staff": staff, "owner": owner}
    return identities, ids


# Which type an ID argument (or input field) names, so that the swapped-in IDs fit: by its name,
# and for `id` by the root field it belongs to (the first matching prefix).
ID_TYPES = {
    "vendorId": "Vendor",
    "vendor": "Vendor",
    "vendors": "Vendor",
    "categoryId": "Category",
    "productSetId": "Category",
    "parent": "Category",
    "categories": "Category",
    "certificateId": "OcopCertificate",
    "productId": "Product",
    "applicationId": "OnboardingApplication",
    "membershipId": "VendorMembership",
}
ROOT_ID_TYPES = [
    ("productVariant", "ProductVariant"),
    ("productMedia", "ProductMedia"),
    ("product", "Product"),
    ("vendorApplication", "OnboardingApplication"),
    ("vendor", "Vendor"),
    ("ocopCertificate", "OcopCertificate"),
    ("category", "Category"),
]
# How often a generated ID is replaced by one of a seeded row, and how often that row is of any
# type rather than the one the argument names.
KNOWN_ID_RATE = 0.85
ANY_TYPE_RATE = 0.15


def id_type(root_field: str, name: str) -> str | None:
    if name != "id":
        return ID_TYPES.get(name)
    return next((type_ for prefix, type_ in ROOT_ID_TYPES if root_field.startswith(prefix)), None)


def nul_allowed() -> bool:
    """Generated text may hold U+0000: the endpoint refuses it before PostgreSQL (which cannot
    store it) sees it. FUZZ_NUL=0 leaves it out."""
    return os.environ.get("FUZZ_NUL", "1") == "1"


def with_known_ids(query: str, client_schema, ids: dict[str, list[str]], random) -> str:
    """`query` with most of its ID literals (arguments and input fields, lists too) replaced
    by IDs of seeded rows, mostly of the type the argument names."""
    type_info = graphql.TypeInfo(client_schema)
    every_id = [i for of_type in ids.values() for i in of_type]

    class SwapIds(graphql.Visitor):
        def __init__(self):
            super().__init__()
            self.fields: list[str] = []
            self.names: list[str] = []

        def enter_field(self, node, *_):
            self.fields.append(node.name.value)

        def leave_field(self, *_):
            self.fields.pop()

        def enter_argument(self, node, *_):
            self.names.append(node.name.value)

        enter_object_field = enter_argument

        def leave_argument(self, *_):
            self.names.pop()

        leave_object_field = leave_argument

        def _swap(self, node, *_):
            input_type = type_info.get_input_type()
            if input_type is None or graphql.get_named_type(input_type).name != "ID":
                return None
            if random.random() >= KNOWN_ID_RATE:
                return None
            fitting = ids.get(id_type(self.fields[0], self.names[-1]) or "")
            pool = fitting if fitting and random.random() >= ANY_TYPE_RATE else every_id
            return graphql.StringValueNode(value=random.choice(pool))

        enter_string_value = _swap
        enter_int_value = _swap

    document = graphql.visit(graphql.parse(query), graphql.TypeInfoVisitor(type_info, SwapIds()))
    return graphql.print_ast(document)


def problem_with(response) -> str | None:
    if response.status_code >= 500:
        return f"HTTP {response.status_code}"
    try:
        body = json.loads(response.content)
    except ValueError:
        return f"HTTP {response.status_code} with a body that is not JSON"
    if not isinstance(body, dict) or not ({"data", "errors"} & set(body)):
        return f"HTTP {response.status_code}, a JSON {type(body).__name__} without data or errors"
    internal = [
        error
        for error in body.get("errors") or ()
        if isinstance(error, dict)
        and (error.get("extensions") or {}).get("code") == "INTERNAL_ERROR"
    ]
    if internal:
        return f"INTERNAL_ERROR at {[error.get('path') for error in internal]}"
    return None


def fuzz(operation, schema, headers, ids, sent: Counter, problems: list, tracebacks) -> None:
    """Send EXAMPLES generated operations of one field; count them and collect the failures."""

    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(
        case=operation.as_strategy(),
        identity=st.sampled_from(sorted(headers)),
        random=st.randoms(use_true_random=False),
    )
    def send(case, identity, random):
        case.body = with_known_ids(case.body, schema.client_schema, ids, random)
        sent[operation.label] += 1
        logged = len(tracebacks.seen)
        try:
            # A savepoint: a database error (PostgreSQL aborts the transaction) is reported
            # once, not again by every request after it.
            with transaction.atomic():
                response = case.call(headers=headers[identity])
            what = problem_with(response)
        except DatabaseError:
            what = "the transaction was left broken"
            tracebacks.seen.append(traceback.format_exc())
        if what is not None:
            problems.append(
                Problem(operation.label, identity, case.body, what, tracebacks.seen[logged:])
            )

    send()


def test_no_operation_makes_a_server_error(wsgi_in_test_transaction, tracebacks, capsys):
    from marketplace.wsgi import application

    identities, ids = seed()
    headers = {
        name: {"Authorization": f"Bearer {create_access_token(user)}"} if user else {}
        for name, user in identities.items()
    }
    config = SchemathesisConfig.from_dict({"generation": {"allow-x00": nul_allowed()}})
    schema = schemathesis.graphql.from_wsgi("/graphql/", application, config=config)
    operations = [result.ok() for result in schema.get_all_operations()]
    expected = {
        f"{root}.{name}"
        for root, fields in (
            ("Query", schema.client_schema.query_type.fields),
            ("Mutation", schema.client_schema.mutation_type.fields),
        )
        for name in fields
    }
    assert {operation.label for operation in operations} == expected

    sent: Counter[str] = Counter()
    problems: list[Problem] = []
    started = time.monotonic()
    for operation in operations:
        fuzz(operation, schema, headers, ids, sent, problems, tracebacks)

    elapsed = time.monotonic() - started
    total = sum(sent.values())
    with capsys.disabled():
        sys.stdout.write(
            f"\nfuzz: {total} operations ({len(operations)} fields × up to {EXAMPLES}) "
            f"in {elapsed:.1f}s, {len(problems)} failing\n"
        )
    distinct = {}
    for problem in problems:
        distinct.setdefault(problem.key(), problem)
    assert not distinct, f"{len(distinct)} distinct server errors:\n\n" + "\n\n".join(
        problem.report() for problem in distinct.values()
    )
    assert total >= MINIMUM_OPERATIONS, sent
    assert all(sent[operation.label] > 0 for operation in operations), sent


# --- Found by fuzzing ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "+",
        "",
        "not an id",
        to_global_id("Product", "abc"),  # a key of the wrong kind
        to_global_id("String", 1),  # a type of the schema without IDs
        to_global_id("Nothing", 1),  # no such type
    ],
)
def test_node_with_a_malformed_id_is_a_client_error(gql, value):
    response = gql().post("query($id: ID!) { node(id: $id) { id } }", {"id": value})
    body = response.json()
    assert response.status_code == 200
    assert body["data"] == {"node": None}
    (error,) = body["errors"]
    assert error["extensions"] == {"code": "INVALID"}
    assert error["path"] == ["node"]


@pytest.mark.parametrize(
    "value", [to_global_id("Product", 999_999), to_global_id("Product", 10**30)]
)
def test_node_with_an_id_that_names_nothing_is_null(gql, value):
    body = gql().post("query($id: ID!) { node(id: $id) { id } }", {"id": value}).json()
    assert body == {"data": {"node": None}}


NUL_CASES = [
    ('query { vendors(filter: {search: "a\\u0000"}) { totalCount } }', None),
    ('query { products(search: "a\\u0000") { totalCount } }', None),
    ('query { province(code: "\\u0000") { code } }', None),
    ('query { communes(province: "\\u0000") { totalCount } }', None),
    (
        'mutation { tokenCreate(email: "a\\u0000@example.vn", password: "x") { errors { code } } }',
        None,
    ),
    (
        'mutation { vendorApplicationCreate(input: {displayName: "HTX\\u0000"}) '
        "{ errors { code } } }",
        "shopper",
    ),
]


@pytest.mark.parametrize(("query", "who"), NUL_CASES)
def test_text_with_a_nul_character_is_refused_not_a_server_error(gql, request, query, who):
    """PostgreSQL cannot store U+0000; the endpoint refuses it in literals and variables."""
    user = request.getfixturevalue(who) if who else None
    response = gql(user).post(query)
    assert problem_with(response) is None, response.content
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"] == "INVALID"


def test_a_nul_character_in_variables_is_refused_too(gql):
    response = gql().post(
        "query($q: String) { products(search: $q) { totalCount } }", {"q": "mien\x00dong"}
    )
    assert response.status_code == 400
    assert "NUL" in response.json()["errors"][0]["message"]
