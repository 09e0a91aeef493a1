"""Fuzzing the schema with schemathesis: whatever a client sends, never a server error.

Every query and mutation field gets FUZZ_EXAMPLES generated operations (30 by default, about
1,600 in all; `make fuzz` sends more), each anonymous, as staff, as a producer's owner, as a
showroom operator's manager, as a showroom device (its location token) or as a shopper, through
the WSGI application inside the test database, which holds producers, products, certificates,
applications, a showroom with consigned stock, a transfer, a sale, device tokens, and delivered
order lines of the shopper's, one of them reviewed. Most ID
arguments are swapped for IDs of those rows, so that mutations get past NOT_FOUND into the
services. Each response must:

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
from inventory.models import Location, ShowroomOperatorMember, Stock
from marketplace.accounts.tokens import create_access_token
from tests.factories import (
    AgreementFactory,
    CertificateFactory,
    OperatorFactory,
    OperatorMemberFactory,
    StaffFactory,
    UserFactory,
    VendorFactory,
    VendorMemberFactory,
    commune,
    draft_application,
    location_token,
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
# Percentages (commission rates) are sent as strings or numbers, sensible or not.
schemathesis.graphql.scalar(
    "Decimal",
    st.one_of(
        st.decimals(min_value=-1000, max_value=1000, places=2).map(lambda d: nodes.String(str(d))),
        st.integers(min_value=-(2**31), max_value=2**31 - 1).map(nodes.Int),
        st.floats(allow_nan=False, allow_infinity=False).map(nodes.Float),
        st.text(max_size=12).map(nodes.String),
    ),
)


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
    inventory = _seed_inventory(vendor, published)
    reviews = _seed_reviews(published)
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
        *inventory["rows"],
        *reviews["rows"],
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
    identities = {
        "anonymous": None,
        "staff": staff,
        "owner": owner,
        "operator": inventory["manager"],
        "device": inventory["device"],
        "shopper": reviews["shopper"],
    }
    return identities, ids


def _seed_inventory(vendor, published) -> dict:
    """A showroom holding the producer's goods on consignment, with stock, a transfer in
    transit, a sale, device tokens and the operator's manager: what inventory operations name.
    The device identity's own token is not among the IDs (a fuzzed revoke would silence it)."""
    from inventory.services.ledger import stock_open
    from inventory.services.pos import PosLine, pos_sale_record
    from inventory.services.transfers import TransferLineInput, transfer_create

    room = showroom("Điểm bán OCOP Sơn La", "03980")
    room.operator = OperatorFactory()
    room.save()
    manager = OperatorMemberFactory(
        operator=room.operator, role=ShowroomOperatorMember.Role.MANAGER
    ).user
    agreement = AgreementFactory(vendor=vendor, showroom=room)
    variant = published.variants.order_by("pk").first()
    warehouse = Location.objects.get(kind=Location.Kind.WAREHOUSE, vendor=vendor)
    stock_open(stocks_with_quantities=[(Stock.objects.create(location=room, variant=variant), 50)])
    stock_open(
        stocks_with_quantities=[
            (stock, 100) for stock in Stock.objects.filter(location=warehouse, quantity=0)
        ]
    )
    staff_actor = StaffFactory()
    transfer = transfer_create(
        actor=staff_actor,
        source=warehouse,
        destination=room,
        lines=[TransferLineInput(variant=variant, quantity=2)],
    )
    sale = pos_sale_record(
        actor=staff_actor,
        location=room,
        client_sale_id="fuzz-1",
        lines=[PosLine(sku=variant.sku, quantity=1, unit_price=variant.price)],
        paid_with="cash",
    ).sale
    named, _raw = location_token(room)
    _own, raw = location_token(room)
    rows = [
        ("Location", room),
        ("Stock", Stock.objects.get(location=room, variant=variant)),
        ("LocationToken", named),
        ("Transfer", transfer),
        ("ConsignmentAgreement", agreement),
        ("PosSale", sale),
    ]
    return {"rows": rows, "manager": manager, "device": raw}


def _seed_reviews(published) -> dict:
    """A shopper with two delivered lines of the published product, one of them reviewed (with
    a reply): what review operations name."""
    from tests.graphql.reviews_support import review_of
    from tests.reviews.support import bought

    shopper = UserFactory()
    item = published.variants.order_by("pk").first()
    reviewed, open_line = (bought(item, shopper=shopper) for _ in range(2))
    review = review_of(
        reviewed, reply=(VendorMemberFactory(vendor=published.vendor).user, "Cảm ơn")
    )
    rows = [("ProductReview", review), ("OrderLine", open_line), ("OrderLine", reviewed)]
    return {"rows": rows, "shopper": shopper}


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
    "locationId": "Location",
    "sourceId": "Location",
    "destinationId": "Location",
    "showroomId": "Location",
    "variantId": "ProductVariant",
    "orderLineId": "OrderLine",
}
ROOT_ID_TYPES = [
    ("productVariant", "ProductVariant"),
    ("productMedia", "ProductMedia"),
    ("product", "Product"),
    ("vendorApplication", "OnboardingApplication"),
    ("vendor", "Vendor"),
    ("ocopCertificate", "OcopCertificate"),
    ("category", "Category"),
    ("locationToken", "LocationToken"),
    ("transfer", "Transfer"),
    ("review", "ProductReview"),
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


def _header(user) -> dict:
    if user is None:
        return {}
    if isinstance(user, str):  # a showroom device's location token
        return {"Authorization": f"Bearer {user}"}
    return {"Authorization": f"Bearer {create_access_token(user)}"}


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
    headers = {name: _header(user) for name, user in identities.items()}
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


def test_a_thumbnail_of_size_null_is_the_default_size(gql, vendor):
    product = listing(vendor, "Chè Shan tuyết", images=1)
    query = "query($id: ID!) { product(id: $id) { thumbnail(size: null) { url } } }"
    data = gql().execute(query, {"id": to_global_id("Product", product.pk)})
    assert data["product"]["thumbnail"]["url"].endswith("/thumbs/0-320.webp")


def test_review_photo_url_of_size_null_is_the_original(gql):
    from tests.files import png_upload
    from tests.graphql.reviews_support import line_of, review_of

    line = line_of()
    review_of(line, photos=[png_upload()])
    query = (
        "query($id: ID!) { product(id: $id) "
        "{ reviews { edges { node { photos { url(size: null) } } } } } }"
    )
    data = gql().execute(query, {"id": to_global_id("Product", line.variant.product_id)})
    [edge] = data["product"]["reviews"]["edges"]
    assert edge["node"]["photos"][0]["url"].endswith(".png")
