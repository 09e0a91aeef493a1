"""What the permission matrix needs: the people who ask, the outcomes, and snapshots of
everything a refused mutation must leave as it was."""

import enum
import os
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from graphql_relay import from_global_id, to_global_id

from catalog.models import Product, ProductEvent, ProductMedia, ProductVariant
from integrations.models import App, AppToken
from inventory.models import (
    ConsignmentAgreement,
    Location,
    LocationToken,
    PosConnection,
    PosItem,
    PosSale,
    PosSaleLine,
    PosSalePush,
    PosSkuMapping,
    PosWebhookEvent,
    ShowroomBankAccount,
    Stock,
    StockMovement,
    StockSyncRequest,
    Transfer,
    TransferLine,
)
from marketplace.accounts.models import User
from orders.models import (
    Allocation,
    CarrierAccount,
    Checkout,
    CheckoutDelivery,
    CheckoutLine,
    EarningsEntry,
    Order,
    OrderEvent,
    OrderLine,
    Payment,
    Payout,
    Refund,
    SentEmail,
    ShippingMethod,
    VendorOrder,
)
from reviews.models import (
    ProductRating,
    ProductReview,
    ReviewEvent,
    ReviewPhoto,
    ReviewReply,
    ReviewReport,
    ReviewVote,
)
from vendors.models import (
    ApplicationDocument,
    ApplicationEvent,
    OcopCertificate,
    OnboardingApplication,
    Vendor,
    VendorMember,
)


class Outcome(enum.Enum):
    ALLOWED = "allowed"  # no errors, and the payload holds the object
    DENIED = "PERMISSION_DENIED"  # the caller sees the target but may not change it
    HIDDEN = "NOT_FOUND"  # the caller may not see the target: the answer for an unknown ID


ALLOWED, DENIED, HIDDEN = Outcome.ALLOWED, Outcome.DENIED, Outcome.HIDDEN

# Who asks. "member_a" is the owner of producer A, whose data every row targets; "member_b"
# the owner of producer B. The role rows add A's manager and a member of A in the "staff" role
# (the producer's own staff, not the marketplace's); the inventory rows also the manager and a
# clerk of the operator that runs the showroom holding A's goods, and a device of that showroom
# (its location token).
ACTORS = ("anonymous", "shopper", "member_b", "member_a", "staff")
ROLE_ACTORS = ("manager_a", "staff_role_a", "operator_manager", "operator_clerk", "device")


MUTATION_ERRORS = "errors { field code message }"


def mutation_op(variables: str, field: str, arguments: str, selection: str) -> str:
    """One mutation with its variables, asking for `selection` and the payload's errors."""
    return f"mutation({variables}) {{ {field}({arguments}) {{ {selection} {MUTATION_ERRORS} }} }}"


def expect(anonymous, shopper, member_b, member_a, staff) -> dict[str, Outcome]:
    """One row of the matrix, in the order of its columns."""
    return dict(zip(ACTORS, (anonymous, shopper, member_b, member_a, staff), strict=True))


def roles(manager_a, staff_role_a) -> dict[str, Outcome]:
    return {"manager_a": manager_a, "staff_role_a": staff_role_a}


def showroom_roles(operator_manager, operator_clerk, device) -> dict[str, Outcome]:
    """The showroom's people and device, for the inventory rows."""
    return {
        "operator_manager": operator_manager,
        "operator_clerk": operator_clerk,
        "device": device,
    }


@dataclass(frozen=True)
class Device:
    """A showroom device as an actor: the token it sends (the row is made with the showroom)."""

    raw: str


@dataclass
class Inventory:
    """A's warehouse and a showroom holding A's goods on consignment, both with stock of a
    published variant of A; the device's token belongs to the showroom."""

    warehouse: Location
    showroom: Location
    variant: ProductVariant
    agreement: ConsignmentAgreement


@dataclass
class World:
    """Producer A (whose data every row targets) and producer B, and who asks."""

    vendor_a: Vendor
    vendor_b: Vendor
    people: dict[str, User | Device | None]
    # Builds A's warehouse and the showroom on first use (only inventory rows need them).
    make_inventory: Callable[["World"], Inventory] | None = None
    _inventory: Inventory | None = None

    @property
    def owner_a(self) -> User:
        return self.people["member_a"]

    @property
    def inventory(self) -> Inventory:
        if self._inventory is None:
            self._inventory = self.make_inventory(self)
        return self._inventory


@dataclass(frozen=True)
class MutationRow:
    """One mutation on a target of producer A, and what each actor gets."""

    name: str  # unique: the mutation and which target ("productUpdate[draft]")
    mutation: str  # the root field
    document: str
    arrange: Callable[[World], dict]  # builds the target fresh; returns the variables
    expect: dict[str, Outcome]
    payload: str  # the payload field holding the object when allowed
    target: str | None = "id"  # the variable holding the target's ID (for HIDDEN)
    files: Callable[[], dict] | None = None  # variable path -> upload, for multipart requests
    roles: dict[str, Outcome] = field(default_factory=dict)
    xfail: dict[str, str] = field(default_factory=dict)  # actor -> why it is a known hole

    def outcomes(self) -> dict[str, Outcome]:
        return {**self.expect, **self.roles}


@dataclass(frozen=True)
class ReadRow:
    """A query about producer A's private data: `expected(world, arranged, sees)` is the whole
    `data` that insiders (sees=True) and outsiders (sees=False) get."""

    name: str
    document: str
    arrange: Callable[[World], dict]  # builds the data; returns what `variables` and
    # `expected` need (its "variables" entry is sent)
    expected: Callable[[World, dict, bool], dict]
    insiders: tuple[str, ...] = ("member_a", "staff")


# Every table a mutation of this schema writes to, and the files it stores.
SNAPSHOT_MODELS = (
    User,
    Vendor,
    VendorMember,
    OnboardingApplication,
    ApplicationEvent,
    ApplicationDocument,
    OcopCertificate,
    Product,
    ProductEvent,
    ProductVariant,
    ProductMedia,
    Location,
    Stock,
    StockMovement,
    StockSyncRequest,
    LocationToken,
    PosSale,
    PosSaleLine,
    PosConnection,
    PosSkuMapping,
    PosItem,
    PosWebhookEvent,
    PosSalePush,
    ShowroomBankAccount,
    Transfer,
    TransferLine,
    ConsignmentAgreement,
    Checkout,
    CheckoutLine,
    CheckoutDelivery,
    CarrierAccount,
    ShippingMethod,
    Order,
    VendorOrder,
    OrderLine,
    Allocation,
    Payment,
    OrderEvent,
    Refund,
    EarningsEntry,
    Payout,
    SentEmail,
    ProductReview,
    ReviewPhoto,
    ReviewReply,
    ReviewReport,
    ReviewVote,
    ReviewEvent,
    ProductRating,
    App,
    AppToken,
)
# Columns that a request changes whoever makes it: a device's or an app's token records its
# last use.
UNSNAPSHOTTED = {LocationToken: {"last_used_at"}, AppToken: {"last_used_at"}}


def stored_files() -> list[str]:
    found = []
    for root in (settings.MEDIA_ROOT, settings.PRIVATE_MEDIA_ROOT):
        for folder, _dirs, names in os.walk(root):
            found += [os.path.join(folder, name) for name in names]
    return sorted(found)


def snapshot() -> dict:
    """Every row (every column) of every table a mutation may write, and the stored files."""
    state = {
        model._meta.label: [
            {k: v for k, v in row.items() if k not in UNSNAPSHOTTED.get(model, ())}
            for row in model.objects.order_by("pk").values()
        ]
        for model in SNAPSHOT_MODELS
    }
    state["files"] = stored_files()
    return state


def unknown_id_like(global_id: str) -> str:
    """An ID of the same type as `global_id` that names nothing."""
    type_name, _pk = from_global_id(global_id)
    return to_global_id(type_name, 2_000_000_000)
