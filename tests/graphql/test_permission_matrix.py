"""The permission matrix: every mutation × (anonymous, shopper, member of producer B, member of
producer A, marketplace staff), on targets of producer A built fresh for each case.

Each case is ALLOWED (no errors, the payload holds the object), DENIED (PERMISSION_DENIED: the
caller may see the target but not change it) or HIDDEN (NOT_FOUND, exactly the answer an unknown
ID gets: the caller may not even see it, like B's member on A's draft). For DENIED and HIDDEN,
every row of every table a mutation writes, and every stored file, is the same afterwards.

"Member of A" is A's owner; role rows add A's manager and A's member in the "staff" role (owners
and managers manage listings and certificates; only owners manage members). A new mutation
without a row fails `test_the_matrix_covers_every_mutation`.

The read matrix then checks that anonymous visitors, shoppers and B's member see nothing of A's
private data (drafts, applications, tax code, members, certificate scans...) where A's member and
staff do.

Apps' tokens (a scope-less app, an app of A with every scope, the same app of B) ask every row
here too: their column is tests/integrations/test_app_permission_matrix.py.
"""

import datetime
import itertools
import uuid
from collections.abc import Callable

import pytest
from django.urls import reverse
from django.utils import timezone
from graphql_relay import to_global_id

from catalog.models import Product
from inventory.models import Location, ShowroomOperatorMember, Stock
from inventory.services.ledger import stock_open
from inventory.services.tokens import new_raw_token
from inventory.services.transfers import TransferLineInput, transfer_create
from marketplace.accounts.tokens import create_refresh_token
from marketplace.graphql.schema import schema
from orders.models import Checkout
from promotions.models import Voucher
from tests.factories import (
    PASSWORD,
    AgreementFactory,
    CertificateFactory,
    LocationTokenFactory,
    OperatorFactory,
    OperatorMemberFactory,
    ShowroomFactory,
    UserFactory,
    VendorMemberFactory,
    WarehouseFactory,
    draft_application,
    product_set,
    submitted_application,
    with_registration,
)
from tests.files import pdf_upload, png_upload
from tests.graphql import (
    apps_matrix,
    carriers_matrix,
    fulfilment_matrix,
    pos_matrix,
    reviews_matrix,
    shipments_matrix,
    webhooks_matrix,
)
from tests.graphql.catalog_fixtures import Status, listing
from tests.graphql.permission_support import (
    ACTORS,
    ALLOWED,
    DENIED,
    HIDDEN,
    ROLE_ACTORS,
    Device,
    Inventory,
    MutationRow,
    ReadRow,
    World,
    expect,
    roles,
    showroom_roles,
    snapshot,
    unknown_id_like,
)
from tests.graphql.vendor_support import in_english
from vendors.models import OcopCertificate, Vendor, VendorMember

pytestmark = pytest.mark.django_db

A, D, H = ALLOWED, DENIED, HIDDEN
ERRORS = "errors { field code message }"


def gid(row, type_name: str | None = None) -> str:
    """The global ID of a row (types are named after their models, memberships aside)."""
    if type_name is None:
        type_name = "VendorMembership" if isinstance(row, VendorMember) else type(row).__name__
    return to_global_id(type_name, row.pk)


def op(variables: str, field: str, arguments: str, selection: str) -> str:
    return f"mutation({variables}) {{ {field}({arguments}) {{ {selection} {ERRORS} }} }}"


@pytest.fixture
def world(vendor, owner, other_vendor, other_owner, staff, shopper, fake_carrier) -> World:
    operator = OperatorFactory()
    return World(
        vendor_a=vendor,
        vendor_b=other_vendor,
        people={
            "anonymous": None,
            "shopper": shopper,
            "member_b": other_owner,
            "member_a": owner,
            "staff": staff,
            "manager_a": VendorMemberFactory(vendor=vendor, role=VendorMember.Role.MANAGER).user,
            "staff_role_a": VendorMemberFactory(vendor=vendor, role=VendorMember.Role.STAFF).user,
            "operator_manager": OperatorMemberFactory(
                operator=operator, role=ShowroomOperatorMember.Role.MANAGER
            ).user,
            "operator_clerk": OperatorMemberFactory(operator=operator).user,
            "device": Device(raw=new_raw_token()),
        },
        make_inventory=lambda w: _inventory(w, operator),
    )


def _inventory(w: World, operator) -> Inventory:
    product = listing(w.vendor_a, "Chè Shan tuyết kho", prices=(85_000,))
    variant = product.variants.get()
    warehouse = WarehouseFactory(vendor=w.vendor_a, name="Kho A")
    showroom = ShowroomFactory(operator=operator, name="Điểm bán OCOP")
    agreement = AgreementFactory(vendor=w.vendor_a, showroom=showroom)
    stock_open(
        stocks_with_quantities=[
            (Stock.objects.create(location=location, variant=variant), 40)
            for location in (warehouse, showroom)
        ]
    )
    LocationTokenFactory(location=showroom, raw=w.people["device"].raw)
    return Inventory(warehouse=warehouse, showroom=showroom, variant=variant, agreement=agreement)


@pytest.fixture
def gql(gql):
    make = in_english(gql)

    def client(actor=None):
        if not isinstance(actor, Device):
            return make(actor)
        device = make(None)
        device.client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {actor.raw}"
        return device

    return client


# --- targets of producer A, built fresh for every case --------------------------------------


def published(w: World) -> Product:
    return listing(w.vendor_a, "Chè Shan tuyết", prices=(85_000, 120_000), images=1)


def draft(w: World) -> Product:
    return listing(w.vendor_a, "Miến dong nháp", status=Status.DRAFT, images=1)


def on_published_and_draft(
    mutation: str,
    document: str,
    variables: Callable[[Product], dict],
    payload: str,
    *,
    target: str = "id",
    files: Callable[[], dict] | None = None,
    draft_roles: dict | None = None,
) -> list[MutationRow]:
    """The same mutation on a published product of A, which outsiders may see but not change,
    and on a draft, which they do not find; `variables(product)` names the target."""
    return [
        MutationRow(
            f"{mutation}[published]",
            mutation,
            document,
            lambda w: variables(published(w)),
            expect(D, D, D, A, A),
            payload=payload,
            target=target,
            files=files,
            roles=roles(A, D),
        ),
        MutationRow(
            f"{mutation}[draft]",
            mutation,
            document,
            lambda w: variables(draft(w)),
            expect(H, H, H, A, A),
            payload=payload,
            target=target,
            files=files,
            roles=draft_roles or {},
        ),
    ]


def pending(w: World) -> Product:
    return listing(w.vendor_a, "Mật ong bạc hà", status=Status.PENDING_REVIEW)


def pending_certificate(w: World) -> OcopCertificate:
    return CertificateFactory(
        vendor=w.vendor_a, verification_status=OcopCertificate.Verification.PENDING
    )


def certificate_input(w: World) -> dict:
    return {
        "vendorId": gid(w.vendor_a),
        "productName": "Chè Shan tuyết Tà Xùa",
        "productSetId": gid(product_set("I.5.a"), "Category"),
        "decisionNumber": f"{uuid.uuid4().int % 10_000}/QĐ-UBND",
        "decisionDate": (timezone.localdate() - datetime.timedelta(days=30)).isoformat(),
        "issuingBody": "UBND tỉnh Sơn La",
        "level": "PROVINCE",
        "stars": 4,
        "score": 78,
        "document": None,
    }


def fresh_email() -> str:
    return f"moi-{uuid.uuid4().hex[:8]}@example.vn"


# --- the matrix ---------------------------------------------------------------------------
# Columns of `expect`: anonymous, shopper, member of B, member of A, staff.

ROWS = [
    # Listings: owners and managers of A, and staff (who may act for any producer). Others
    # are refused on a published product and find no draft at all.
    MutationRow(
        "productCreate",
        "productCreate",
        op("$input: ProductCreateInput!", "productCreate", "input: $input", "product { id }"),
        lambda w: {
            "input": {
                "vendorId": gid(w.vendor_a),
                "name": "Miến dong Na Rì",
                "categoryId": gid(product_set("I.3.b"), "Category"),
            }
        },
        expect(D, D, D, A, A),
        payload="product",
        target="input.vendorId",
        roles=roles(A, D),
    ),
    *on_published_and_draft(
        "productUpdate",
        op(
            "$id: ID!, $input: ProductUpdateInput!",
            "productUpdate",
            "id: $id, input: $input",
            "product { id }",
        ),
        lambda product: {"id": gid(product), "input": {"name": "Của người khác"}},
        payload="product",
        draft_roles=roles(A, D),
    ),
    *on_published_and_draft(
        "productArchive",
        op("$id: ID!", "productArchive", "id: $id", "product { id }"),
        lambda product: {"id": gid(product)},
        payload="product",
    ),
    MutationRow(
        "productSubmitForReview[draft]",
        "productSubmitForReview",
        op("$id: ID!", "productSubmitForReview", "id: $id", "product { id }"),
        lambda w: {"id": gid(draft(w))},
        expect(H, H, H, A, A),
        payload="product",
        roles=roles(A, D),
    ),
    # Moderation: staff only. A product under review is not public, so only its producer's
    # members know it exists (and are refused).
    MutationRow(
        "productApprove[pending]",
        "productApprove",
        op("$id: ID!, $note: String", "productApprove", "id: $id, note: $note", "product { id }"),
        lambda w: {"id": gid(pending(w)), "note": "Đạt"},
        expect(H, H, H, D, A),
        payload="product",
        roles=roles(D, D),
    ),
    MutationRow(
        "productReject[pending]",
        "productReject",
        op("$id: ID!, $note: String", "productReject", "id: $id, note: $note", "product { id }"),
        lambda w: {"id": gid(pending(w)), "note": "Thiếu ảnh"},
        expect(H, H, H, D, A),
        payload="product",
    ),
    *on_published_and_draft(
        "productVariantCreate",
        op(
            "$productId: ID!, $input: ProductVariantCreateInput!",
            "productVariantCreate",
            "productId: $productId, input: $input",
            "productVariant { id }",
        ),
        lambda product: {
            "productId": gid(product),
            "input": {"sku": "MD-500", "name": "Gói 500g", "price": 65_000},
        },
        payload="productVariant",
        target="productId",
    ),
    *on_published_and_draft(
        "productVariantUpdate",
        op(
            "$id: ID!, $input: ProductVariantUpdateInput!",
            "productVariantUpdate",
            "id: $id, input: $input",
            "productVariant { id }",
        ),
        lambda product: {"id": gid(product.variants.first()), "input": {"price": 1}},
        payload="productVariant",
    ),
    MutationRow(
        "productVariantDelete[published]",
        "productVariantDelete",
        op("$id: ID!", "productVariantDelete", "id: $id", "deletedId"),
        lambda w: {"id": gid(published(w).variants.last())},
        expect(D, D, D, A, A),
        payload="deletedId",
        roles=roles(A, D),
    ),
    MutationRow(
        "productVariantDelete[draft]",
        "productVariantDelete",
        op("$id: ID!", "productVariantDelete", "id: $id", "deletedId"),
        lambda w: {"id": gid(draft(w).variants.first())},
        expect(H, H, H, A, A),
        payload="deletedId",
    ),
    *on_published_and_draft(
        "productMediaCreate",
        op(
            "$productId: ID!, $image: Upload!",
            "productMediaCreate",
            "productId: $productId, image: $image",
            "media { id }",
        ),
        lambda product: {"productId": gid(product), "image": None},
        payload="media",
        target="productId",
        files=lambda: {"image": png_upload("anh.png")},
    ),
    *on_published_and_draft(
        "productMediaDelete",
        op("$id: ID!", "productMediaDelete", "id: $id", "deletedId"),
        lambda product: {"id": gid(product.media.first())},
        payload="deletedId",
    ),
    # Onboarding: anyone with an account applies; an application is its applicant's (here A's
    # owner, applying for another producer) and staff's to see. Staff decide, never the
    # applicant, and staff never edit someone's application.
    MutationRow(
        "vendorApplicationCreate",
        "vendorApplicationCreate",
        op(
            "$input: VendorApplicationInput!",
            "vendorApplicationCreate",
            "input: $input",
            "application { id }",
        ),
        lambda w: {"input": {"displayName": "HTX Mới", "phone": "0912345678"}},
        expect(D, A, A, A, A),
        payload="application",
        target=None,
    ),
    MutationRow(
        "vendorApplicationUpdate[draft]",
        "vendorApplicationUpdate",
        op(
            "$id: ID!, $input: VendorApplicationInput!",
            "vendorApplicationUpdate",
            "id: $id, input: $input",
            "application { id }",
        ),
        lambda w: {
            "id": gid(draft_application(w.owner_a)),
            "input": {"displayName": "Của người khác"},
        },
        expect(H, H, H, A, D),
        payload="application",
    ),
    MutationRow(
        "vendorApplicationSubmit[draft]",
        "vendorApplicationSubmit",
        op("$id: ID!", "vendorApplicationSubmit", "id: $id", "application { id }"),
        lambda w: {"id": gid(with_registration(draft_application(w.owner_a)))},
        expect(H, H, H, A, D),
        payload="application",
    ),
    MutationRow(
        "vendorDocumentUpload[draft]",
        "vendorDocumentUpload",
        op(
            "$applicationId: ID!, $kind: ApplicationDocumentKind!, $file: Upload!",
            "vendorDocumentUpload",
            "applicationId: $applicationId, kind: $kind, file: $file",
            "document { id }",
        ),
        lambda w: {
            "applicationId": gid(draft_application(w.owner_a)),
            "kind": "BUSINESS_REGISTRATION",
            "file": None,
        },
        expect(H, H, H, A, D),
        payload="document",
        target="applicationId",
        files=lambda: {"file": pdf_upload("giay-phep.pdf")},
    ),
    MutationRow(
        "vendorApplicationApprove[submitted]",
        "vendorApplicationApprove",
        op(
            "$id: ID!, $note: String",
            "vendorApplicationApprove",
            "id: $id, note: $note",
            "vendor { id }",
        ),
        lambda w: {"id": gid(submitted_application(w.owner_a)), "note": "Đạt"},
        expect(H, H, H, D, A),
        payload="vendor",
    ),
    MutationRow(
        "vendorApplicationReject[submitted]",
        "vendorApplicationReject",
        op(
            "$id: ID!, $note: String",
            "vendorApplicationReject",
            "id: $id, note: $note",
            "application { id }",
        ),
        lambda w: {"id": gid(submitted_application(w.owner_a)), "note": "Không phải OCOP"},
        expect(H, H, H, D, A),
        payload="application",
    ),
    MutationRow(
        "vendorApplicationRequestChanges[submitted]",
        "vendorApplicationRequestChanges",
        op(
            "$id: ID!, $note: String",
            "vendorApplicationRequestChanges",
            "id: $id, note: $note",
            "application { id }",
        ),
        lambda w: {"id": gid(submitted_application(w.owner_a)), "note": "Ghi rõ địa chỉ"},
        expect(H, H, H, D, A),
        payload="application",
    ),
    # The producer itself: owners, managers and staff edit it; owners (and staff) its members.
    MutationRow(
        "vendorUpdate",
        "vendorUpdate",
        op(
            "$id: ID!, $input: VendorUpdateInput!",
            "vendorUpdate",
            "id: $id, input: $input",
            "vendor { id }",
        ),
        lambda w: {"id": gid(w.vendor_a), "input": {"displayName": "HTX của người khác"}},
        expect(D, D, D, A, A),
        payload="vendor",
        roles=roles(A, D),
    ),
    MutationRow(
        "vendorMemberAdd",
        "vendorMemberAdd",
        op(
            "$vendorId: ID!, $email: String!, $role: VendorMemberRole!",
            "vendorMemberAdd",
            "vendorId: $vendorId, email: $email, role: $role",
            "membership { id }",
        ),
        lambda w: {"vendorId": gid(w.vendor_a), "email": UserFactory().email, "role": "OWNER"},
        expect(D, D, D, A, A),
        payload="membership",
        target="vendorId",
        roles=roles(D, D),
    ),
    MutationRow(
        "vendorMemberRemove",
        "vendorMemberRemove",
        op(
            "$membershipId: ID!",
            "vendorMemberRemove",
            "membershipId: $membershipId",
            "removedMembershipId",
        ),
        lambda w: {
            "membershipId": gid(
                VendorMemberFactory(vendor=w.vendor_a, role=VendorMember.Role.STAFF)
            )
        },
        expect(H, H, H, A, A),
        payload="removedMembershipId",
        target="membershipId",
        roles=roles(D, D),
    ),
    # Certificates: owners, managers (and staff) record them; staff review them. A pending
    # certificate is not public; a verified one is (its stars show), so outsiders are refused.
    MutationRow(
        "ocopCertificateCreate",
        "ocopCertificateCreate",
        op(
            "$input: OcopCertificateCreateInput!",
            "ocopCertificateCreate",
            "input: $input",
            "certificate { id }",
        ),
        lambda w: {"input": certificate_input(w)},
        expect(D, D, D, A, A),
        payload="certificate",
        target="input.vendorId",
        files=lambda: {"input.document": pdf_upload("quyet-dinh.pdf")},
        roles=roles(A, D),
    ),
    MutationRow(
        "ocopCertificateVerify[pending]",
        "ocopCertificateVerify",
        op(
            "$id: ID!, $note: String",
            "ocopCertificateVerify",
            "id: $id, note: $note",
            "certificate { id }",
        ),
        lambda w: {"id": gid(pending_certificate(w)), "note": "Khớp quyết định"},
        expect(H, H, H, D, A),
        payload="certificate",
        roles=roles(D, D),
    ),
    MutationRow(
        "ocopCertificateReject[pending]",
        "ocopCertificateReject",
        op(
            "$id: ID!, $note: String",
            "ocopCertificateReject",
            "id: $id, note: $note",
            "certificate { id }",
        ),
        lambda w: {"id": gid(pending_certificate(w)), "note": "Sai số quyết định"},
        expect(H, H, H, D, A),
        payload="certificate",
    ),
    MutationRow(
        "ocopCertificateRevoke[verified]",
        "ocopCertificateRevoke",
        op(
            "$id: ID!, $reason: String",
            "ocopCertificateRevoke",
            "id: $id, reason: $reason",
            "certificate { id }",
        ),
        lambda w: {"id": gid(CertificateFactory(vendor=w.vendor_a)), "reason": "Bị huỷ"},
        expect(D, D, D, D, A),
        payload="certificate",
    ),
    # Accounts are public: anyone may register, log in and refresh, logged in or not.
    MutationRow(
        "accountRegister",
        "accountRegister",
        op("$input: AccountRegisterInput!", "accountRegister", "input: $input", "user { id }"),
        lambda w: {
            "input": {"email": fresh_email(), "password": "Ocop-moi-2025!", "fullName": "Mới"}
        },
        expect(A, A, A, A, A),
        payload="user",
        target=None,
    ),
    MutationRow(
        "tokenCreate",
        "tokenCreate",
        op(
            "$email: String!, $password: String!",
            "tokenCreate",
            "email: $email, password: $password",
            "token refreshToken",
        ),
        lambda w: {"email": UserFactory().email, "password": PASSWORD},
        expect(A, A, A, A, A),
        payload="token",
        target=None,
    ),
    MutationRow(
        "tokenRefresh",
        "tokenRefresh",
        op("$refreshToken: String!", "tokenRefresh", "refreshToken: $refreshToken", "token"),
        lambda w: {"refreshToken": create_refresh_token(UserFactory())},
        expect(A, A, A, A, A),
        payload="token",
        target=None,
    ),
]

# --- inventory: A's warehouse, and a showroom holding A's goods --------------------------
# A warehouse is seen only by A's members and staff (others get NOT_FOUND); showrooms are
# public, so outsiders are refused. Who works at a place (any member of A at the warehouse;
# the operator's manager, clerk and the showroom's device at the showroom) syncs, adjusts and
# sells there; only managers (A's owner and managers, the operator's manager) handle tokens.


def in_transit(w: World):
    inv = w.inventory
    return transfer_create(
        actor=w.owner_a,
        source=inv.warehouse,
        destination=inv.showroom,
        lines=[TransferLineInput(variant=inv.variant, quantity=3)],
    )


def sync_variables(location, w: World) -> dict:
    return {
        "input": {
            "locationId": gid(location),
            "mode": "SET",
            "idempotencyKey": uuid.uuid4().hex,
            "items": [{"sku": w.inventory.variant.sku, "quantity": 25}],
        }
    }


def adjust_variables(location, w: World) -> dict:
    return {
        "input": {
            "locationId": gid(location),
            "variantId": gid(w.inventory.variant, "ProductVariant"),
            "delta": -2,
            "reason": "Vỡ hộp",
        }
    }


def at_warehouse_and_showroom(
    mutation: str,
    document: str,
    variables: Callable[[Location, World], dict],
    payload: str,
    *,
    target: str = "id",
    warehouse: tuple[dict, dict],
    showroom: tuple[dict, dict],
) -> list[MutationRow]:
    """The same mutation at A's warehouse and at the showroom holding A's goods;
    `warehouse` and `showroom` are (expect, roles) there."""
    return [
        MutationRow(
            f"{mutation}[{place}]",
            mutation,
            document,
            lambda w, place=place: variables(getattr(w.inventory, place), w),
            outcomes,
            payload=payload,
            target=target,
            roles=role_outcomes,
        )
        for place, (outcomes, role_outcomes) in (("warehouse", warehouse), ("showroom", showroom))
    ]


TOKEN_CREATE = op(
    "$locationId: ID!, $name: String!",
    "locationTokenCreate",
    "locationId: $locationId, name: $name",
    "token locationToken { id }",
)
TOKEN_REVOKE = op("$id: ID!", "locationTokenRevoke", "id: $id", "locationToken { id }")
STOCK_SYNC = op(
    "$input: StockSyncInput!", "stockSync", "input: $input", "results { sku status } replayed"
)
STOCK_ADJUST = op("$input: StockAdjustInput!", "stockAdjust", "input: $input", "stock { id }")

ROWS += [
    MutationRow(
        "locationTokenCreate[warehouse]",
        "locationTokenCreate",
        TOKEN_CREATE,
        lambda w: {"locationId": gid(w.inventory.warehouse), "name": "Máy kho"},
        expect(H, H, H, A, A),
        payload="locationToken",
        target="locationId",
        roles={**roles(A, D), **showroom_roles(H, H, H)},
    ),
    MutationRow(
        "locationTokenCreate[showroom]",
        "locationTokenCreate",
        TOKEN_CREATE,
        lambda w: {"locationId": gid(w.inventory.showroom), "name": "Quầy 2"},
        expect(D, D, D, D, A),
        payload="locationToken",
        target="locationId",
        roles={**roles(D, D), **showroom_roles(A, D, D)},
    ),
    *at_warehouse_and_showroom(
        "locationTokenRevoke",
        TOKEN_REVOKE,
        lambda location, w: {"id": gid(LocationTokenFactory(location=location))},
        payload="locationToken",
        warehouse=(expect(H, H, H, A, A), {**roles(A, D), **showroom_roles(H, H, H)}),
        showroom=(expect(H, H, H, H, A), {**roles(H, H), **showroom_roles(A, D, H)}),
    ),
    *at_warehouse_and_showroom(
        "stockSync",
        STOCK_SYNC,
        sync_variables,
        payload="results",
        target="input.locationId",
        warehouse=(expect(H, H, H, A, A), {**roles(A, A), **showroom_roles(H, H, H)}),
        showroom=(expect(D, D, D, D, A), {**roles(D, D), **showroom_roles(A, A, A)}),
    ),
    *at_warehouse_and_showroom(
        "stockAdjust",
        STOCK_ADJUST,
        adjust_variables,
        payload="stock",
        target="input.locationId",
        warehouse=(expect(H, H, H, A, A), {**roles(A, A), **showroom_roles(H, H, H)}),
        showroom=(expect(D, D, D, D, A), {**roles(D, D), **showroom_roles(A, A, A)}),
    ),
    MutationRow(
        "posSaleRecord[showroom]",
        "posSaleRecord",
        op("$input: PosSaleInput!", "posSaleRecord", "input: $input", "sale { id } replayed"),
        lambda w: {
            "input": {
                "locationId": gid(w.inventory.showroom),
                "clientSaleId": uuid.uuid4().hex,
                "lines": [{"sku": w.inventory.variant.sku, "quantity": 2, "unitPrice": 85_000}],
                "paidWith": "CASH",
            }
        },
        expect(D, D, D, D, A),
        payload="sale",
        target="input.locationId",
        roles={**roles(D, D), **showroom_roles(A, A, A)},
    ),
    MutationRow(
        "transferCreate[warehouse->showroom]",
        "transferCreate",
        op("$input: TransferCreateInput!", "transferCreate", "input: $input", "transfer { id }"),
        lambda w: {
            "input": {
                "sourceId": gid(w.inventory.warehouse),
                "destinationId": gid(w.inventory.showroom),
                "lines": [{"variantId": gid(w.inventory.variant, "ProductVariant"), "quantity": 4}],
                "note": "Chuyến sáng",
            }
        },
        expect(H, H, H, A, A),
        payload="transfer",
        target="input.sourceId",
        roles={**roles(A, A), **showroom_roles(H, H, H)},
    ),
    # Received at the destination: A's members see the transfer but do not work there.
    MutationRow(
        "transferReceive[in transit]",
        "transferReceive",
        op("$id: ID!", "transferReceive", "id: $id", "transfer { id }"),
        lambda w: {"id": gid(in_transit(w))},
        expect(H, H, H, D, A),
        payload="transfer",
        roles={**roles(D, D), **showroom_roles(A, A, A)},
    ),
    # Called off by the producer; the showroom sees it coming but may not cancel it.
    MutationRow(
        "transferCancel[in transit]",
        "transferCancel",
        op("$id: ID!", "transferCancel", "id: $id", "transfer { id }"),
        lambda w: {"id": gid(in_transit(w))},
        expect(H, H, H, A, A),
        payload="transfer",
        roles={**roles(A, A), **showroom_roles(D, D, D)},
    ),
    MutationRow(
        "consignmentAgreementCreate",
        "consignmentAgreementCreate",
        op(
            "$input: ConsignmentAgreementCreateInput!",
            "consignmentAgreementCreate",
            "input: $input",
            "agreement { id }",
        ),
        lambda w: {
            "input": {
                "vendorId": gid(w.vendor_a),
                "showroomId": gid(
                    ShowroomFactory(operator=w.inventory.showroom.operator), "Location"
                ),
                "commissionRate": "12.5",
                "startsOn": timezone.localdate().isoformat(),
            }
        },
        expect(D, D, D, D, A),
        payload="agreement",
        target="input.vendorId",
        roles={**roles(D, D), **showroom_roles(D, D, D)},
    ),
]


# --- checkout: a shopper's checkout is theirs (and staff's); a guest's is reachable by token ---


def shoppers_checkout(w: World, *, ready: bool = False):
    """The world's shopper's checkout of one of A's products, ready to complete when told."""
    from orders.models import ShippingMethod
    from orders.selectors import delivery_groups
    from orders.services import checkout as checkout_services
    from tests.orders.helpers import hanoi

    product = listing(w.vendor_a, "Miến dong Bình Liêu", stock=(20,))
    variant = product.variants.get()
    shopper = w.people["shopper"]
    checkout = checkout_services.checkout_create(
        actor=shopper, lines=[checkout_services.LineInput(variant.pk, 1)]
    )
    if ready:
        method = ShippingMethod.objects.create(vendor=w.vendor_a, name="GHTK", flat_price=30_000)
        checkout = checkout_services.checkout_shipping_address_update(
            actor=shopper,
            checkout=checkout,
            full_name="Nguyễn Thị Lan",
            phone="0912345678",
            street_address="12 Phố Huế",
            commune=hanoi(),
        )
        checkout_services.checkout_delivery_method_update(
            actor=shopper, checkout=checkout, vendor_id=w.vendor_a.pk, method=method
        )
        assert delivery_groups(checkout)
    return checkout, variant


def _lines_vars(w: World, quantity: int) -> dict:
    checkout, variant = shoppers_checkout(w)
    return {
        "token": str(checkout.token),
        "lines": [{"variantId": gid(variant, "ProductVariant"), "quantity": quantity}],
    }


def _address_vars(w: World) -> dict:
    from tests.orders.helpers import hanoi

    checkout, _variant = shoppers_checkout(w)
    return {
        "token": str(checkout.token),
        "address": {
            "fullName": "Người khác",
            "phone": "0987654321",
            "streetAddress": "1 Tràng Tiền",
            "communeCode": hanoi().code,
        },
    }


def _delivery_vars(w: World) -> dict:
    from orders.models import ShippingMethod

    checkout, _variant = shoppers_checkout(w)
    method = ShippingMethod.objects.create(vendor=w.vendor_a, name="Viettel Post")
    return {
        "token": str(checkout.token),
        "vendor": gid(w.vendor_a),
        "method": gid(method, "ShippingMethod"),
    }


def _note_vars(w: World) -> dict:
    checkout, _variant = shoppers_checkout(w)
    return {"token": str(checkout.token), "vendor": gid(w.vendor_a), "note": "Gói kỹ"}


def _invoice_vars(w: World) -> dict:
    checkout, _variant = shoppers_checkout(w)
    return {
        "token": str(checkout.token),
        "invoice": {
            "companyName": "Công ty Sen Vàng",
            "taxCode": "0100233488",
            "email": "ketoan@senvang.vn",
            "address": "Hà Nội",
        },
    }


def _token_vars(w: World) -> dict:
    checkout, _variant = shoppers_checkout(w)
    return {"token": str(checkout.token)}


def _voucher_vars(w: World) -> dict:
    Voucher.objects.create(code="OCOP10", kind=Voucher.Kind.PERCENTAGE, value=10)
    return {**_token_vars(w), "code": "ocop10"}


def _voucher_applied_vars(w: World) -> dict:
    variables = _voucher_vars(w)
    Checkout.objects.filter(token=variables["token"]).update(voucher_code="OCOP10")
    return {"token": variables["token"]}


SHOPPERS_OWN = expect(D, A, D, D, A)
CHECKOUT_SELECTION = "checkout { token }"

ROWS += [
    MutationRow(
        "checkoutCreate",
        "checkoutCreate",
        op("$input: CheckoutCreateInput!", "checkoutCreate", "input: $input", CHECKOUT_SELECTION),
        lambda w: {
            "input": {
                "lines": [
                    {
                        "variantId": gid(
                            listing(w.vendor_a, "Chè", stock=(5,)).variants.get(),
                            "ProductVariant",
                        ),
                        "quantity": 1,
                    }
                ]
            }
        },
        expect(A, A, A, A, A),
        payload="checkout",
        target=None,
    ),
    MutationRow(
        "checkoutLinesAdd",
        "checkoutLinesAdd",
        op(
            "$token: UUID!, $lines: [CheckoutLineInput!]!",
            "checkoutLinesAdd",
            "token: $token, lines: $lines",
            CHECKOUT_SELECTION,
        ),
        lambda w: _lines_vars(w, 1),
        SHOPPERS_OWN,
        payload="checkout",
        target=None,
    ),
    MutationRow(
        "checkoutLinesUpdate",
        "checkoutLinesUpdate",
        op(
            "$token: UUID!, $lines: [CheckoutLineInput!]!",
            "checkoutLinesUpdate",
            "token: $token, lines: $lines",
            CHECKOUT_SELECTION,
        ),
        lambda w: _lines_vars(w, 0),
        SHOPPERS_OWN,
        payload="checkout",
        target=None,
    ),
    MutationRow(
        "checkoutEmailUpdate",
        "checkoutEmailUpdate",
        op(
            "$token: UUID!",
            "checkoutEmailUpdate",
            'token: $token, email: "x@y.vn"',
            CHECKOUT_SELECTION,
        ),
        lambda w: {"token": str(shoppers_checkout(w)[0].token)},
        SHOPPERS_OWN,
        payload="checkout",
        target=None,
    ),
    MutationRow(
        "checkoutShippingAddressUpdate",
        "checkoutShippingAddressUpdate",
        op(
            "$token: UUID!, $address: ShippingAddressInput!",
            "checkoutShippingAddressUpdate",
            "token: $token, shippingAddress: $address",
            CHECKOUT_SELECTION,
        ),
        _address_vars,
        SHOPPERS_OWN,
        payload="checkout",
        target=None,
    ),
    MutationRow(
        "checkoutDeliveryMethodUpdate",
        "checkoutDeliveryMethodUpdate",
        op(
            "$token: UUID!, $vendor: ID!, $method: ID!",
            "checkoutDeliveryMethodUpdate",
            "token: $token, vendorId: $vendor, deliveryMethodId: $method",
            CHECKOUT_SELECTION,
        ),
        _delivery_vars,
        SHOPPERS_OWN,
        payload="checkout",
        target=None,
    ),
    MutationRow(
        "checkoutNoteUpdate",
        "checkoutNoteUpdate",
        op(
            "$token: UUID!, $vendor: ID!, $note: String!",
            "checkoutNoteUpdate",
            "token: $token, vendorId: $vendor, note: $note",
            CHECKOUT_SELECTION,
        ),
        _note_vars,
        SHOPPERS_OWN,
        payload="checkout",
        target=None,
    ),
    MutationRow(
        "checkoutInvoiceUpdate",
        "checkoutInvoiceUpdate",
        op(
            "$token: UUID!, $invoice: InvoiceRequestInput!",
            "checkoutInvoiceUpdate",
            "token: $token, invoiceRequest: $invoice",
            CHECKOUT_SELECTION,
        ),
        _invoice_vars,
        SHOPPERS_OWN,
        payload="checkout",
        target=None,
    ),
    MutationRow(
        "checkoutInvoiceClear",
        "checkoutInvoiceClear",
        op("$token: UUID!", "checkoutInvoiceClear", "token: $token", CHECKOUT_SELECTION),
        _token_vars,
        SHOPPERS_OWN,
        payload="checkout",
        target=None,
    ),
    MutationRow(
        "checkoutVoucherApply",
        "checkoutVoucherApply",
        op(
            "$token: UUID!, $code: String!",
            "checkoutVoucherApply",
            "token: $token, code: $code",
            CHECKOUT_SELECTION,
        ),
        _voucher_vars,
        SHOPPERS_OWN,
        payload="checkout",
        target=None,
    ),
    MutationRow(
        "checkoutVoucherRemove",
        "checkoutVoucherRemove",
        op("$token: UUID!", "checkoutVoucherRemove", "token: $token", CHECKOUT_SELECTION),
        _voucher_applied_vars,
        SHOPPERS_OWN,
        payload="checkout",
        target=None,
    ),
    MutationRow(
        "checkoutComplete",
        "checkoutComplete",
        op(
            "$token: UUID!", "checkoutComplete", "token: $token, paymentMethod: COD", "order { id }"
        ),
        lambda w: {"token": str(shoppers_checkout(w, ready=True)[0].token)},
        SHOPPERS_OWN,
        payload="order",
        target=None,
    ),
]

ROWS += fulfilment_matrix.ROWS  # fulfilment and settlement: tests/graphql/fulfilment_matrix.py
ROWS += pos_matrix.ROWS  # a showroom's POS set-up: tests/graphql/pos_matrix.py
ROWS += reviews_matrix.ROWS  # reviews: tests/graphql/reviews_matrix.py
ROWS += apps_matrix.ROWS  # apps and their tokens: tests/graphql/apps_matrix.py
ROWS += webhooks_matrix.ROWS  # webhook subscriptions: tests/graphql/webhooks_matrix.py
ROWS += shipments_matrix.ROWS  # carrier shipments: tests/graphql/shipments_matrix.py
ROWS += carriers_matrix.ROWS  # carrier accounts: tests/graphql/carriers_matrix.py

ROWS_BY_NAME = {row.name: row for row in ROWS}
assert len(ROWS_BY_NAME) == len(ROWS), "row names must be unique"

CASES = [
    pytest.param(
        row,
        actor,
        id=f"{row.name}-{actor}",
        marks=[pytest.mark.xfail(strict=True, reason=row.xfail[actor])]
        if actor in row.xfail
        else [],
    )
    for row in ROWS
    for actor, _outcome in row.outcomes().items()
]


def test_the_matrix_covers_every_mutation():
    mutations = set(schema.graphql_schema.mutation_type.fields)
    covered = {row.mutation for row in ROWS}
    assert covered - mutations == set(), "rows for mutations the schema no longer has"
    assert mutations - covered == set(), "mutations without a row in the permission matrix"
    for row in ROWS:
        assert set(row.expect) == set(ACTORS), row.name
        assert set(row.roles) <= set(ROLE_ACTORS), row.name


def send(client, row: MutationRow, variables: dict) -> dict:
    if row.files is None:
        response = client.post(row.document, variables)
    else:
        response = client.upload(row.document, variables, row.files())
    assert response.status_code == 200, response.content
    body = response.json()
    assert "errors" not in body, body["errors"]
    return body["data"][row.mutation]


def replaced(variables: dict, path: str, value) -> dict:
    """`variables` with the value at the dotted `path` replaced."""
    head, _, rest = path.partition(".")
    copy = dict(variables)
    copy[head] = replaced(copy[head], rest, value) if rest else value
    return copy


def value_at(variables: dict, path: str):
    for key in path.split("."):
        variables = variables[key]
    return variables


def check_case(world: World, row: MutationRow, actor: str, client) -> None:
    variables = row.arrange(world)
    outcome = row.outcomes()[actor]
    before = snapshot()
    result = send(client, row, variables)
    if outcome is ALLOWED:
        assert result["errors"] == [], result["errors"]
        assert result[row.payload] is not None
        return
    assert [error["code"] for error in result["errors"]] == [outcome.value], result["errors"]
    assert result[row.payload] is None
    assert snapshot() == before, "a refused mutation changed something"
    if outcome is HIDDEN:
        # Exactly the answer for an ID that names nothing: nothing tells the target exists.
        seen_id = value_at(variables, row.target)
        unknown = unknown_id_like(seen_id)
        other = send(client, row, replaced(variables, row.target, unknown))
        assert other["errors"] == [
            {**error, "message": error["message"].replace(seen_id, unknown)}
            for error in result["errors"]
        ]


@pytest.mark.parametrize(("row", "actor"), CASES)
def test_mutation(world, gql, row, actor, fake_carrier):
    check_case(world, row, actor, gql(world.people[actor]))


# --- holes and leaks beyond the matrix -------------------------------------------------------


def test_a_member_of_b_cannot_attach_a_certificate_of_a_to_bs_own_products(world, gql):
    """B acts on its own product, naming A's certificate: A's certificate looks unknown."""
    certificate = CertificateFactory(vendor=world.vendor_a, product_set=product_set("I.3.b"))
    own = listing(world.vendor_b, "Miến của B", category="I.3.b")
    client = gql(world.people["member_b"])
    before = snapshot()
    for document, variables, mutation in (
        (
            ROWS_BY_NAME["productUpdate[published]"].document,
            {"id": gid(own), "input": {"certificateId": gid(certificate)}},
            "productUpdate",
        ),
        (
            ROWS_BY_NAME["productCreate"].document,
            {
                "input": {
                    "vendorId": gid(world.vendor_b),
                    "name": "Miến mới của B",
                    "categoryId": gid(product_set("I.3.b"), "Category"),
                    "certificateId": gid(certificate),
                }
            },
            "productCreate",
        ),
    ):
        result = client.post(document, variables).json()["data"][mutation]
        assert [(e["field"], e["code"]) for e in result["errors"]] == [
            ("certificateId", "NOT_FOUND")
        ]
    assert snapshot() == before


@pytest.mark.parametrize("actor", ["anonymous", "shopper", "member_b"])
@pytest.mark.parametrize("via", ["productCreate", "productUpdate[published]"])
def test_an_outsider_cannot_probe_for_a_producers_hidden_certificates(world, gql, via, actor):
    row = ROWS_BY_NAME[via]
    variables = row.arrange(world)
    hidden = pending_certificate(world)
    client = gql(world.people[actor])
    answers = [
        send(client, row, replaced(variables, "input.certificateId", certificate_id))["errors"]
        for certificate_id in (gid(hidden), unknown_id_like(gid(hidden)))
    ]
    hidden_answer, unknown_answer = (
        [(error["field"], error["code"]) for error in errors] for errors in answers
    )
    assert hidden_answer == unknown_answer


# A suspended producer is hidden from everyone but its members and staff: acting on it must
# look like acting on a producer that does not exist.
SUSPENDED_ROWS = ["vendorUpdate", "vendorMemberAdd", "ocopCertificateCreate", "productCreate"]


@pytest.mark.parametrize(
    ("row", "actor"),
    [
        pytest.param(ROWS_BY_NAME[name], actor, id=f"{name}-{actor}")
        for name, actor in itertools.product(SUSPENDED_ROWS, ("anonymous", "shopper", "member_b"))
    ],
)
def test_outsiders_cannot_tell_a_suspended_producer_exists(world, gql, row, actor):
    world.vendor_a.status = Vendor.Status.SUSPENDED
    world.vendor_a.save()
    check_case(world, _hidden(row), actor, gql(world.people[actor]))


@pytest.mark.parametrize("actor", ["member_a", "staff"])
@pytest.mark.parametrize("name", SUSPENDED_ROWS)
def test_members_and_staff_still_act_for_a_suspended_producer(world, gql, name, actor):
    world.vendor_a.status = Vendor.Status.SUSPENDED
    world.vendor_a.save()
    check_case(world, ROWS_BY_NAME[name], actor, gql(world.people[actor]))


def _hidden(row: MutationRow) -> MutationRow:
    return MutationRow(
        row.name,
        row.mutation,
        row.document,
        row.arrange,
        expect(H, H, H, A, A),
        row.payload,
        row.target,
        row.files,
    )


# --- the read matrix ------------------------------------------------------------------------

VENDOR_PRIVATE = """
query($id: ID!) {
  vendor(id: $id) {
    name taxCode phone email status commissionRate members { role user { email } }
  }
}"""


def _private_vendor(w: World, arranged: dict, sees: bool) -> dict:
    vendor = w.vendor_a
    if not sees:
        return {
            "vendor": {
                "name": vendor.name,
                "taxCode": None,
                "phone": None,
                "email": None,
                "status": None,
                "commissionRate": None,
                "members": None,
            }
        }
    members = vendor.members.select_related("user").order_by("pk")
    return {
        "vendor": {
            "name": vendor.name,
            "taxCode": vendor.tax_code,
            "phone": vendor.phone,
            "email": vendor.email,
            "status": "ACTIVE",
            "commissionRate": str(vendor.commission_rate),
            "members": [
                {"role": member.role.upper(), "user": {"email": member.user.email}}
                for member in members
            ],
        }
    }


def _arrange_vendor(w: World) -> dict:
    return {"variables": {"id": gid(w.vendor_a)}}


def _arrange_vendor_search(w: World) -> dict:
    return {"variables": {"search": w.vendor_a.name}}


def _vendor_search(w: World, arranged: dict, sees: bool) -> dict:
    private = _private_vendor(w, arranged, sees)["vendor"]
    return {
        "vendors": {
            "edges": [{"node": {k: private[k] for k in ("name", "taxCode", "phone", "email")}}]
        }
    }


def _arrange_published(w: World) -> dict:
    product = published(w)
    product.review_note = "Đạt, ảnh đẹp"
    product.save()
    return {"variables": {"id": gid(product)}, "product": product}


def _arrange_draft(w: World) -> dict:
    product = draft(w)
    return {"variables": {"id": gid(product), "slug": product.slug}, "product": product}


def _arrange_drafts_of_a(w: World) -> dict:
    product = draft(w)
    return {"variables": {"vendors": [gid(w.vendor_a)]}, "product": product}


def _arrange_draft_parts(w: World) -> dict:
    product = draft(w)
    return {
        "variables": {
            "variant": gid(product.variants.first()),
            "media": gid(product.media.first()),
        },
        "product": product,
    }


def _arrange_certificates(w: World) -> dict:
    verified = CertificateFactory(vendor=w.vendor_a, review_note="Khớp quyết định")
    hidden = pending_certificate(w)
    return {
        "variables": {"verified": gid(verified), "pending": gid(hidden), "vendor": gid(w.vendor_a)},
        "verified": verified,
        "pending": hidden,
    }


def _certificate_nodes(w: World, arranged: dict, sees: bool) -> dict:
    verified = arranged["verified"]
    url = "http://testserver" + reverse("vendors:certificate-document", args=[verified.pk])
    return {
        "verified": {
            "decisionNumber": verified.decision_number,
            "reviewNote": verified.review_note if sees else None,
            "documentUrl": url if sees else None,
        },
        "pending": {"decisionNumber": arranged["pending"].decision_number} if sees else None,
    }


def _certificate_list(w: World, arranged: dict, sees: bool) -> dict:
    shown = [arranged["pending"], arranged["verified"]] if sees else [arranged["verified"]]
    return {
        "ocopCertificates": {
            "edges": [
                {"node": {"id": gid(c), "verificationStatus": c.verification_status.upper()}}
                for c in sorted(shown, key=lambda c: (c.decision_date, c.pk), reverse=True)
            ]
        }
    }


def _arrange_expired(w: World) -> dict:
    product = listing(w.vendor_a, "Chè hết hạn", stars=4, expired=True)
    return {"variables": {"id": gid(product)}, "product": product}


def _arrange_application(w: World) -> dict:
    application = with_registration(draft_application(w.owner_a))
    return {
        "variables": {
            "id": gid(application),
            "document": gid(application.documents.get(), "ApplicationDocument"),
        },
        "application": application,
    }


def _application(w: World, arranged: dict, sees: bool) -> dict:
    application = arranged["application"]
    shown = {"displayName": application.display_name, "taxCode": application.tax_code}
    return {
        "vendorApplication": shown if sees else None,
        "node": shown if sees else None,
        "document": {"kind": "BUSINESS_REGISTRATION"} if sees else None,
    }


def _arrange_private_nodes(w: World) -> dict:
    membership = w.vendor_a.members.get(user=w.owner_a)
    warehouse = Location.objects.create(
        kind=Location.Kind.WAREHOUSE,
        vendor=w.vendor_a,
        name="Kho A",
        commune=w.vendor_a.commune,
        street_address="Tiểu khu 1",
    )
    return {
        "variables": {"membership": gid(membership), "warehouse": gid(warehouse)},
        "warehouse": warehouse,
    }


def _arrange_suspended(w: World) -> dict:
    w.vendor_a.status = Vendor.Status.SUSPENDED
    w.vendor_a.save()
    return {"variables": {"id": gid(w.vendor_a), "slug": w.vendor_a.slug}}


READS = [
    ReadRow("vendor(id) private fields", VENDOR_PRIVATE, _arrange_vendor, _private_vendor),
    ReadRow(
        "vendors(filter) private fields",
        "query($search: String) { vendors(filter: {search: $search}) { edges { node { "
        "name taxCode phone email } } } }",
        _arrange_vendor_search,
        _vendor_search,
    ),
    ReadRow(
        "product(id) status and review note",
        "query($id: ID!) { product(id: $id) { name status reviewNote } }",
        _arrange_published,
        lambda w, a, sees: {
            "product": {
                "name": a["product"].name,
                "status": "PUBLISHED" if sees else None,
                "reviewNote": "Đạt, ảnh đẹp" if sees else None,
            }
        },
    ),
    ReadRow(
        "product(id|slug) of a draft",
        "query($id: ID!, $slug: String!) { byId: product(id: $id) { name status } "
        "bySlug: product(slug: $slug) { name } }",
        _arrange_draft,
        lambda w, a, sees: {
            "byId": {"name": a["product"].name, "status": "DRAFT"} if sees else None,
            "bySlug": {"name": a["product"].name} if sees else None,
        },
    ),
    ReadRow(
        "products(filter: {statuses}) drafts",
        "query($vendors: [ID!]) { products(filter: {vendors: $vendors, statuses: [DRAFT, "
        "PENDING_REVIEW, REJECTED, ARCHIVED]}) { totalCount edges { node { name } } } }",
        _arrange_drafts_of_a,
        lambda w, a, sees: {
            "products": {
                "totalCount": 1 if sees else 0,
                "edges": [{"node": {"name": a["product"].name}}] if sees else [],
            }
        },
    ),
    ReadRow(
        "vendor.products(filter: {statuses}) drafts",
        "query($id: ID!) { vendor(id: $id) { products(filter: {statuses: [DRAFT]}) { "
        "totalCount edges { node { name } } } } }",
        lambda w: {"variables": {"id": gid(w.vendor_a)}, "product": draft(w)},
        lambda w, a, sees: {
            "vendor": {
                "products": {
                    "totalCount": 1 if sees else 0,
                    "edges": [{"node": {"name": a["product"].name}}] if sees else [],
                }
            }
        },
    ),
    ReadRow(
        "node(id) of a draft",
        "query($id: ID!) { node(id: $id) { ... on Product { name } } }",
        _arrange_draft,
        lambda w, a, sees: {"node": {"name": a["product"].name} if sees else None},
    ),
    ReadRow(
        "node(id) of a draft's variant and image",
        "query($variant: ID!, $media: ID!) { "
        "variant: node(id: $variant) { ... on ProductVariant { sku } } "
        "media: node(id: $media) { ... on ProductMedia { alt } } }",
        _arrange_draft_parts,
        lambda w, a, sees: {
            "variant": {"sku": a["product"].variants.first().sku} if sees else None,
            "media": {"alt": a["product"].media.first().alt} if sees else None,
        },
    ),
    ReadRow(
        "OcopCertificate documentUrl and review note; a pending one",
        "query($verified: ID!, $pending: ID!) { "
        "verified: node(id: $verified) { ... on OcopCertificate { decisionNumber reviewNote "
        "documentUrl } } "
        "pending: node(id: $pending) { ... on OcopCertificate { decisionNumber } } }",
        _arrange_certificates,
        _certificate_nodes,
    ),
    ReadRow(
        "ocopCertificates(filter: {vendor})",
        "query($vendor: ID) { ocopCertificates(filter: {vendor: $vendor}) { edges { node { "
        "id verificationStatus } } } }",
        _arrange_certificates,
        _certificate_list,
    ),
    ReadRow(
        "Product.certificate when it is not current",
        "query($id: ID!) { product(id: $id) { ocopStars certificate { isCurrent } } }",
        _arrange_expired,
        lambda w, a, sees: {
            "product": {
                "ocopStars": None,
                "certificate": {"isCurrent": False} if sees else None,
            }
        },
    ),
    ReadRow(
        "vendorApplication(id), node(id) and its document",
        "query($id: ID!, $document: ID!) { "
        "vendorApplication(id: $id) { displayName taxCode } "
        "node(id: $id) { ... on OnboardingApplication { displayName taxCode } } "
        "document: node(id: $document) { ... on ApplicationDocument { kind } } }",
        _arrange_application,
        _application,
    ),
    ReadRow(
        "vendorApplications",
        "{ vendorApplications { totalCount edges { node { displayName } } } }",
        _arrange_application,
        lambda w, a, sees: {
            "vendorApplications": {
                "totalCount": 1 if sees else 0,
                "edges": [{"node": {"displayName": a["application"].display_name}}] if sees else [],
            }
        },
    ),
    ReadRow(
        "node(id) of a membership and a warehouse",
        "query($membership: ID!, $warehouse: ID!) { "
        "membership: node(id: $membership) { ... on VendorMembership { role } } "
        "warehouse: node(id: $warehouse) { ... on Location { name kind } } }",
        _arrange_private_nodes,
        lambda w, a, sees: {
            "membership": {"role": "OWNER"} if sees else None,
            "warehouse": {"name": "Kho A", "kind": "WAREHOUSE"} if sees else None,
        },
    ),
    ReadRow(
        "node(id) of a member's account",
        "query($id: ID!) { node(id: $id) { ... on User { email } } }",
        lambda w: {"variables": {"id": gid(w.owner_a, "User")}},
        lambda w, a, sees: {"node": {"email": w.owner_a.email} if sees else None},
    ),
    ReadRow(
        "vendor(id|slug) of a suspended producer",
        "query($id: ID!, $slug: String!) { byId: vendor(id: $id) { name status } "
        "bySlug: vendor(slug: $slug) { name } }",
        _arrange_suspended,
        lambda w, a, sees: {
            "byId": {"name": w.vendor_a.name, "status": "SUSPENDED"} if sees else None,
            "bySlug": {"name": w.vendor_a.name} if sees else None,
        },
    ),
]


def _arrange_inventory_records(w: World) -> dict:
    inv = w.inventory
    stock = Stock.objects.get(location=inv.warehouse, variant=inv.variant)
    token = LocationTokenFactory(location=inv.warehouse, name="Máy kho")
    transfer = in_transit(w)
    return {
        "variables": {
            "stock": gid(stock),
            "token": gid(token),
            "transfer": gid(transfer),
            "agreement": gid(inv.agreement, "ConsignmentAgreement"),
        },
        "transfer": transfer,
    }


READS += [
    ReadRow(
        "node(id) of A's warehouse stock, its device token, a transfer and an agreement",
        "query($stock: ID!, $token: ID!, $transfer: ID!, $agreement: ID!) { "
        "stock: node(id: $stock) { ... on Stock { quantity location { name } } } "
        "token: node(id: $token) { ... on LocationToken { name } } "
        "transfer: node(id: $transfer) { ... on Transfer { status lines { quantitySent } } } "
        "agreement: node(id: $agreement) { ... on ConsignmentAgreement { commissionRate } } }",
        _arrange_inventory_records,
        lambda w, a, sees: {
            "stock": {"quantity": 37, "location": {"name": "Kho A"}} if sees else None,
            "token": {"name": "Máy kho"} if sees else None,
            "transfer": {"status": "IN_TRANSIT", "lines": [{"quantitySent": 3}]} if sees else None,
            "agreement": {"commissionRate": "15.00"} if sees else None,
        },
    ),
    ReadRow(
        "transfers and consignmentAgreements of A",
        "{ transfers { totalCount edges { node { status } } } "
        "consignmentAgreements { totalCount edges { node { commissionRate } } } }",
        _arrange_inventory_records,
        lambda w, a, sees: {
            "transfers": {
                "totalCount": 1 if sees else 0,
                "edges": [{"node": {"status": "IN_TRANSIT"}}] if sees else [],
            },
            "consignmentAgreements": {
                "totalCount": 1 if sees else 0,
                "edges": [{"node": {"commissionRate": "15.00"}}] if sees else [],
            },
        },
    ),
]


READS += fulfilment_matrix.READS
READS += reviews_matrix.READS

READS += apps_matrix.READS


@pytest.mark.parametrize(
    ("row", "actor"),
    [pytest.param(row, actor, id=f"{row.name}-{actor}") for row in READS for actor in ACTORS],
)
def test_read(world, gql, row, actor):
    arranged = row.arrange(world)
    data = gql(world.people[actor]).execute(row.document, arranged["variables"])
    assert data == row.expected(world, arranged, actor in row.insiders)
