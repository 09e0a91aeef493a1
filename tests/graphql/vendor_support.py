"""Helpers shared by the vendor, onboarding and certificate API tests."""

from graphql_relay import to_global_id

from vendors.models import (
    ApplicationDocument,
    OcopCertificate,
    OnboardingApplication,
    Vendor,
    VendorMember,
)

_TYPE_NAMES = {
    ApplicationDocument: "ApplicationDocument",
    OcopCertificate: "OcopCertificate",
    OnboardingApplication: "OnboardingApplication",
    Vendor: "Vendor",
    VendorMember: "VendorMembership",
}

ERRORS = "errors { field code message }"


def gid(obj) -> str:
    """The global ID clients see for a row."""
    return to_global_id(_TYPE_NAMES[type(obj)], obj.pk)


def codes(result: dict) -> list[tuple[str | None, str]]:
    """(field, code) of each error of a mutation payload."""
    return [(error["field"], error["code"]) for error in result["errors"]]


def in_english(make_client):
    """Wrap the `gql` fixture so requests ask for English: the API answers in the request's
    language (Vietnamese by default), and these tests read messages."""

    def make(user=None):
        client = make_client(user)
        client.client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        return client

    return make
