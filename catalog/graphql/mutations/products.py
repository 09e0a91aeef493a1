"""Producers list products and send them for review; staff approve or reject them."""

import graphene
from django.utils.translation import gettext as _

from catalog.graphql.mutations.common import visible_product
from catalog.graphql.types import ProductType
from catalog.models import Category
from catalog.services import products as services
from marketplace.core.errors import ErrorCode, ServiceError
from marketplace.geography.models import Commune
from marketplace.graphql.core.ids import get_by_id
from marketplace.graphql.core.mutations import BaseMutation, user_of
from vendors.selectors import certificates_visible_to, vendors_visible_to

# The global ID type of certificates (the vendors' `OcopCertificate` type).
CERTIFICATE_TYPE = "OcopCertificate"


class ProductInputFields:
    """Fields a producer edits, shared by create and update."""

    description = graphene.String(description="HTML; scripts and unknown tags are removed.")
    origin_commune_code = graphene.String(
        description="Five-digit commune code where it is made; the producer's commune when "
        "left out on create."
    )
    certificate_id = graphene.ID(
        description="One of the producer's OCOP certificates for this product set; null "
        "detaches it."
    )
    season_months = graphene.List(
        graphene.NonNull(graphene.Int), description="Months 1-12 in season; empty for all year."
    )
    gtin = graphene.String(description="Barcode number (GTIN-8/12/13/14).")
    batch = graphene.String(
        description='The batch or season its traceability card shows ("Vụ xuân 2025, lô 03").'
    )


class ProductCreateInput(ProductInputFields, graphene.InputObjectType):
    vendor_id = graphene.ID(required=True, description="The producer listing it.")
    name = graphene.String(required=True)
    category_id = graphene.ID(required=True, description="A product set (level 3).")


class ProductUpdateInput(ProductInputFields, graphene.InputObjectType):
    name = graphene.String()
    category_id = graphene.ID(description="A product set (level 3).")


def _service_fields(info, vendor, data: dict) -> dict:
    """The service's keyword arguments for the input fields sent (absent ones stay as they
    are; an explicit null is passed on for the service to judge)."""
    fields = {}
    for key, value in data.items():
        if key == "vendor_id":
            continue
        if key == "category_id":
            fields["category"] = (
                None
                if value is None
                else get_by_id(Category.objects.all(), value, "Category", field="category_id")
            )
        elif key == "certificate_id":
            # Only the producer's own certificates, and only those the caller may see: another's,
            # or a pending one shown to an outsider, is NOT_FOUND, as if it did not exist.
            fields["certificate"] = (
                None
                if value is None
                else get_by_id(
                    certificates_visible_to(user_of(info)).filter(vendor_id=vendor.pk),
                    value,
                    CERTIFICATE_TYPE,
                    field="certificate_id",
                )
            )
        elif key == "origin_commune_code":
            fields["origin_commune"] = _commune(value)
        else:
            fields[key] = value
    return fields


def _commune(code):
    commune = Commune.objects.filter(code=(code or "").strip()).first() if code else None
    if commune is None:
        raise ServiceError.single(
            ErrorCode.NOT_FOUND,
            _("There is no commune with code %(code)s.") % {"code": code or '""'},
            "origin_commune_code",
        )
    return commune


class ProductPayload(BaseMutation):
    product = graphene.Field(ProductType)
    # The service names the product's fields; the client sent their IDs and codes.
    error_fields = {
        "category": "categoryId",
        "certificate": "certificateId",
        "origin_commune": "originCommuneCode",
    }

    class Meta:
        abstract = True


class ProductCreate(ProductPayload):
    class Arguments:
        input = ProductCreateInput(required=True)

    class Meta:
        description = "List a product as a draft (owners and managers of the producer)."

    @classmethod
    def perform(cls, root, info, input):
        vendor = get_by_id(
            vendors_visible_to(user_of(info)), input["vendor_id"], "Vendor", field="vendor_id"
        )
        # On create, null means "not given": the origin defaults to the producer's commune.
        given = {key: value for key, value in input.items() if value is not None}
        fields = _service_fields(info, vendor, given)
        product = services.product_create(vendor=vendor, actor=user_of(info), **fields)
        return {"product": product}


class ProductUpdate(ProductPayload):
    class Arguments:
        id = graphene.ID(required=True)
        input = ProductUpdateInput(required=True)

    class Meta:
        description = "Change a product's details; fields left out stay as they are."

    @classmethod
    def perform(cls, root, info, id, input):
        product = visible_product(info, id)
        fields = _service_fields(info, product.vendor, dict(input))
        product = services.product_update(product=product, actor=user_of(info), **fields)
        return {"product": product}


def _transition(name: str, service, description: str, *, note: graphene.String | None = None):
    """A mutation moving one product through its review workflow: it finds the product the
    caller may see and calls `service`, which judges the caller's rights. `note` is the note
    argument, or None when the step takes no note."""
    arguments = {"id": graphene.ID(required=True)}
    if note is not None:
        arguments["note"] = note

    def perform(cls, root, info, id, **data):
        if note is not None:
            data["note"] = data.get("note") or ""
        product = service(product=visible_product(info, id), actor=user_of(info), **data)
        return {"product": product}

    return type(
        name,
        (ProductPayload,),
        {
            "__module__": __name__,
            "Arguments": type("Arguments", (), arguments),
            "Meta": type("Meta", (), {"description": description}),
            "perform": classmethod(perform),
        },
    )


ProductArchive = _transition(
    "ProductArchive",
    services.product_archive,
    "Take a product off the marketplace.",
    note=graphene.String(),
)
ProductSubmitForReview = _transition(
    "ProductSubmitForReview",
    services.product_submit_for_review,
    "Send a draft (or a rejected product, fixed) to staff for review.",
)
ProductApprove = _transition(
    "ProductApprove",
    services.product_approve,
    "Publish a product under review (staff).",
    note=graphene.String(),
)
ProductReject = _transition(
    "ProductReject",
    services.product_reject,
    "Send a product under review back to its producer (staff).",
    note=graphene.String(description="Why, for the producer (required)."),
)
