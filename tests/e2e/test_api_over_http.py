"""A real HTTP client against a real server: a producer joins, lists a product with an image,
staff approve both, and a shopper finds it — every step through /graphql/."""

import io

import pytest
import requests
from PIL import Image

from tests.factories import PASSWORD, StaffFactory, application_details

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True)]


class Api:
    def __init__(self, base_url: str):
        self.url = f"{base_url}/graphql/"
        self.session = requests.Session()
        self.session.headers["Accept-Language"] = "en"

    def call(self, query: str, variables: dict | None = None, token: str | None = None) -> dict:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        response = self.session.post(
            self.url, json={"query": query, "variables": variables or {}}, headers=headers
        )
        assert response.status_code == 200, response.text
        body = response.json()
        assert "errors" not in body, body
        return body["data"]

    def upload(self, query: str, variables: dict, path: str, file: tuple, token: str) -> dict:
        import json

        response = self.session.post(
            self.url,
            data={
                "operations": json.dumps({"query": query, "variables": variables}),
                "map": json.dumps({"0": [f"variables.{path}"]}),
            },
            files={"0": file},
            headers={"Authorization": f"Bearer {token}"},
        )
        assert response.status_code == 200, response.text
        return response.json()["data"]

    def login(self, email: str, password: str) -> str:
        result = self.call(
            "mutation($e: String!, $p: String!) { tokenCreate(email: $e, password: $p) "
            "{ token errors { code } } }",
            {"e": email, "p": password},
        )["tokenCreate"]
        assert result["errors"] == []
        return result["token"]


def ok(result: dict) -> dict:
    assert result["errors"] == [], result["errors"]
    return result


def pdf() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 40), "white").save(buffer, "PDF")
    return buffer.getvalue()


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (400, 300), (40, 120, 60)).save(buffer, "PNG")
    return buffer.getvalue()


def test_a_producer_joins_lists_and_sells_through_the_api(live_server):
    api = Api(live_server.url)
    staff = StaffFactory()
    staff_token = api.login(staff.email, PASSWORD)

    ok(api.call(
        "mutation($i: AccountRegisterInput!) { accountRegister(input: $i) { errors { code } } }",
        {"i": {"email": "hoa@htx.vn", "password": "mien-dong-2025", "fullName": "Hoa"}},
    )["accountRegister"])  # fmt: skip
    token = api.login("hoa@htx.vn", "mien-dong-2025")

    details = application_details()
    application = ok(api.call(
        "mutation($i: VendorApplicationInput!) { vendorApplicationCreate(input: $i) "
        "{ application { id } errors { code field } } }",
        {"i": {"legalName": details["legal_name"], "displayName": "HTX Miến dong Na Rì",
               "kind": "COOPERATIVE", "taxCode": details["tax_code"], "communeCode": "02155",
               "phone": details["phone"]}},
        token,
    )["vendorApplicationCreate"])["application"]  # fmt: skip
    ok(api.upload(
        "mutation($a: ID!, $f: Upload!) { vendorDocumentUpload(applicationId: $a, "
        "kind: BUSINESS_REGISTRATION, file: $f) { errors { code field message } } }",
        {"a": application["id"], "f": None}, "f",
        ("dang-ky-kinh-doanh.pdf", pdf(), "application/pdf"), token,
    )["vendorDocumentUpload"])  # fmt: skip
    ok(api.call(
        "mutation($a: ID!) { vendorApplicationSubmit(id: $a) { errors { code } } }",
        {"a": application["id"]}, token,
    )["vendorApplicationSubmit"])  # fmt: skip
    vendor = ok(api.call(
        "mutation($a: ID!) { vendorApplicationApprove(id: $a) { vendor { id } errors { code } } }",
        {"a": application["id"]}, staff_token,
    )["vendorApplicationApprove"])["vendor"]  # fmt: skip

    categories = api.call("{ categories(level: 3) { edges { node { id code } } } }")
    mien = next(e["node"]["id"] for e in categories["categories"]["edges"]
                if e["node"]["code"] == "I.3.c")  # fmt: skip
    product = ok(api.call(
        "mutation($i: ProductCreateInput!) { productCreate(input: $i) "
        "{ product { id slug } errors { code field } } }",
        {"i": {"vendorId": vendor["id"], "name": "Miến dong Na Rì", "categoryId": mien,
               "description": "<p>Sợi dai</p><script>alert(1)</script>"}},
        token,
    )["productCreate"])["product"]  # fmt: skip
    ok(api.call(
        "mutation($p: ID!, $i: ProductVariantCreateInput!) { productVariantCreate(productId: $p, "
        "input: $i) { errors { code field } } }",
        {"p": product["id"], "i": {"sku": "MD-500", "name": "Gói 500g", "price": 65000,
                                   "weightGrams": 520}},
        token,
    )["productVariantCreate"])  # fmt: skip
    ok(api.upload(
        'mutation($p: ID!, $f: Upload!) { productMediaCreate(productId: $p, image: $f, '
        'alt: "Miến dong") { errors { code field message } } }',
        {"p": product["id"], "f": None}, "f", ("mien.png", png(), "image/png"), token,
    )["productMediaCreate"])  # fmt: skip
    ok(api.call(
        "mutation($p: ID!) { productSubmitForReview(id: $p) { errors { code } } }",
        {"p": product["id"]}, token,
    )["productSubmitForReview"])  # fmt: skip
    ok(api.call(
        "mutation($p: ID!) { productApprove(id: $p) { errors { code } } }",
        {"p": product["id"]}, staff_token,
    )["productApprove"])  # fmt: skip

    found = api.call(
        '{ products(search: "mien dong", filter: {provinces: ["Bắc Kạn"]}) { totalCount edges '
        "{ node { name description vendor { name } origin { province { name } } "
        "pricing { priceRange { start { amount currency } } } thumbnail(size: 160) { url } } } } }"
    )["products"]
    assert found["totalCount"] == 1
    node = found["edges"][0]["node"]
    assert node["name"] == "Miến dong Na Rì"
    assert node["description"] == "<p>Sợi dai</p>"
    assert node["vendor"]["name"] == "HTX Miến dong Na Rì"
    assert node["origin"]["province"]["name"] == "Thái Nguyên"
    assert node["pricing"]["priceRange"]["start"] == {"amount": 65000, "currency": "VND"}
    image = requests.get(node["thumbnail"]["url"], timeout=10)
    assert image.status_code == 200 and image.headers["Content-Type"] == "image/webp"
