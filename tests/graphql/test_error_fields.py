"""Services name error fields in domain terms (snake_case); the mutation base turns them into the
API's camelCase input paths in one place, with a per-mutation override where the names differ."""

import graphene
import pytest

from marketplace.core.errors import ErrorCode, FieldError, ServiceError
from marketplace.graphql.core.mutations import BaseMutation, api_field, to_graphql_errors
from marketplace.graphql.core.types import Error
from orders.models import Checkout, Order
from tests.graphql.client import GraphQLClient, payload
from tests.graphql.test_checkout_api import ADDRESS, ADDRESS_INPUT, COMPLETE, CREATE, vid
from tests.orders.helpers import hanoi, variant_in_stock


@pytest.mark.parametrize(
    ("domain", "api"),
    [
        ("email", "email"),
        ("commune_code", "communeCode"),
        ("delivery_method_id", "deliveryMethodId"),
        ("lines.0.variant_id", "lines.0.variantId"),
        ("lines.12.quantity", "lines.12.quantity"),
        ("deliveryMethodId", "deliveryMethodId"),  # already camelCase: left alone
        (None, None),
        ("", None),
    ],
)
def test_snake_case_becomes_camel_case_part_by_part(domain, api):
    assert api_field(domain) == api


def test_an_override_renames_the_whole_name_or_its_first_part():
    renames = {"commune": "communeCode", "product_set": "productSetId"}
    assert api_field("commune", renames) == "communeCode"
    assert api_field("product_set.0.unit_price", renames) == "productSetId.0.unitPrice"
    assert api_field("full_name", renames) == "fullName"  # not named: the generic rule


def test_codes_and_messages_pass_through():
    [error] = to_graphql_errors([FieldError(ErrorCode.NOT_FOUND, "Không có.", "vendor_id")])
    assert (error.field, error.code, error.message) == ("vendorId", "NOT_FOUND", "Không có.")


class Renamed(BaseMutation):
    ok = graphene.Boolean()
    error_fields = {"commune": "communeCode"}

    class Arguments:
        fail = graphene.Boolean(required=True)

    @classmethod
    def perform(cls, root, info, fail):
        if fail:
            raise ServiceError(
                [
                    FieldError(ErrorCode.REQUIRED, "a", "commune"),
                    FieldError(ErrorCode.INVALID, "b", "street_address"),
                    FieldError(ErrorCode.INVALID, "c"),
                ]
            )
        return {"ok": True}


class _Mutations(graphene.ObjectType):
    renamed = Renamed.Field()


class _Query(graphene.ObjectType):
    ping = graphene.String()


def test_a_mutation_maps_its_errors_in_one_place():
    schema = graphene.Schema(query=_Query, mutation=_Mutations, types=[Error])
    result = schema.execute("mutation { renamed(fail: true) { ok errors { field code } } }")
    assert result.errors is None
    assert result.data["renamed"]["errors"] == [
        {"field": "communeCode", "code": "REQUIRED"},
        {"field": "streetAddress", "code": "INVALID"},
        {"field": None, "code": "INVALID"},
    ]
    fine = schema.execute("mutation { renamed(fail: false) { ok errors { field } } }")
    assert fine.data["renamed"] == {"ok": True, "errors": []}


@pytest.mark.django_db
def test_checkout_errors_keep_their_api_names():
    """The services now say `full_name`, `commune_code`, `payment_method`; the API still says
    what it always did."""
    client = GraphQLClient(sync_search=False)
    token = payload(
        client.execute(
            CREATE,
            {
                "input": {
                    "email": "a@b.vn",
                    "lines": [{"variantId": vid(variant_in_stock()), "quantity": 1}],
                }
            },
        ),
        "checkoutCreate",
    )["checkout"]["token"]
    bad = client.execute(
        ADDRESS,
        {
            "token": token,
            "address": {**ADDRESS_INPUT, "fullName": "", "streetAddress": "", "communeCode": ""},
        },
    )["checkoutShippingAddressUpdate"]
    assert {(e["field"], e["code"]) for e in bad["errors"]} == {
        ("fullName", "REQUIRED"),
        ("streetAddress", "REQUIRED"),
        ("communeCode", "REQUIRED"),
    }
    unknown = client.execute(
        ADDRESS, {"token": token, "address": {**ADDRESS_INPUT, "communeCode": "99999"}}
    )["checkoutShippingAddressUpdate"]
    assert unknown["errors"] == [{"field": "communeCode", "code": "NOT_FOUND"}]
    payload(
        client.execute(
            ADDRESS, {"token": token, "address": {**ADDRESS_INPUT, "communeCode": hanoi().code}}
        ),
        "checkoutShippingAddressUpdate",
    )
    unready = client.execute(COMPLETE, {"token": token, "method": "COD"})["checkoutComplete"]
    assert [e["field"] for e in unready["errors"]] == ["deliveryMethod"]
    unconfigured = client.execute(COMPLETE, {"token": token, "method": "VNPAY"})["checkoutComplete"]
    assert [(e["field"], e["code"]) for e in unconfigured["errors"]] == [
        ("paymentMethod", "INVALID")
    ]
    assert Checkout.objects.filter(token=token).exists() and not Order.objects.exists()
