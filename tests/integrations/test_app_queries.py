"""Every root query, asked with an app's token about producer A's data: a scope-less app and
an app of producer B get exactly the answer an anonymous visitor gets (data and errors); the
app of A with every scope gets no error an anonymous visitor would not, and nothing crashes
on a principal that is not a person. A new query without a line here fails."""

import json
import re

import pytest
from django.utils import timezone
from graphql_relay import to_global_id

from integrations.webhooks.models import WebhookSubscription
from marketplace.graphql.schema import schema
from tests.factories import draft_application
from tests.graphql import test_permission_matrix as matrix
from tests.graphql.fulfilment_matrix import a_part
from tests.graphql.vendor_support import in_english
from tests.integrations.support import ALL_SCOPES, app_with_token
from tests.orders.helpers import ready_checkout

pytestmark = pytest.mark.django_db

world = matrix.world


def gid(type_name, pk):
    return to_global_id(type_name, pk)


# Each root query with arguments naming A's things and a small selection.
QUERIES = {
    "ocopStatistics": "{ ocopStatistics(groupBy: [STARS]) { rows { stars } errors { code } } }",
    "ocopCertificateLookup": '{ ocopCertificateLookup(productName: "chè") { errors { code } } }',
    "vendorOrders": "{ vendorOrders { totalCount } }",
    "pickups": "query($v: Vars!) { pickups(locationId: $v.showroom) { totalCount } }",
    "myBalance": "query($v: Vars!) { myBalance(vendorId: $v.vendor) { __typename } }",
    "myStatements": "query($v: Vars!) { myStatements(vendorId: $v.vendor) { __typename } }",
    "checkout": "query($v: Vars!) { checkout(token: $v.checkout) { email } }",
    "order": "query($v: Vars!) { order(token: $v.order) { number } }",
    "productFacets": "{ productFacets { __typename } }",
    "searchSuggestions": '{ searchSuggestions(query: "chè") { __typename } }',
    "showrooms": "{ showrooms { totalCount } }",
    "myLocations": "{ myLocations { name } }",
    "stockLevels": "query($v: Vars!) { stockLevels(locationId: $v.showroom) { totalCount } }",
    "transfers": "{ transfers { totalCount } }",
    "consignmentAgreements": "{ consignmentAgreements { totalCount } }",
    "posConnections": "query($v: Vars!) { posConnections(locationId: $v.showroom) { totalCount } }",
    "carrierAccounts": "query($v: Vars!) { carrierAccounts(vendorId: $v.vendor) { connected } }",
    "showroomDailyReport": "query($v: Vars!) { showroomDailyReport(locationId: $v.showroom, "
    "date: $v.today) { __typename } }",
    "products": "{ products { totalCount } }",
    "product": "query($v: Vars!) { product(id: $v.published) { name status } }",
    "categories": "{ categories { totalCount } }",
    "category": '{ category(slug: "nothing") { name } }',
    "vendors": "{ vendors { totalCount edges { node { name taxCode } } } }",
    "vendor": "query($v: Vars!) { vendor(id: $v.vendor) { name taxCode members { role } } }",
    "vendorApplications": "{ vendorApplications { totalCount } }",
    "vendorApplication": "query($v: Vars!) { vendorApplication(id: $v.application) { taxCode } }",
    "ocopCertificates": "{ ocopCertificates { totalCount } }",
    "provinces": "{ provinces { totalCount } }",
    "province": '{ province(code: "01") { name } }',
    "communes": '{ communes(province: "01", first: 1) { totalCount } }',
    "me": "{ me { email } }",
    "apps": "{ apps { totalCount } }",
    "app": "query($v: Vars!) { app(id: $v.app) { name } }",
    "webhookSubscriptions": "query($v: Vars!) { webhookSubscriptions(appId: $v.app) { id } }",
    "webhookDeliveries": "query($v: Vars!) { webhookDeliveries(subscriptionId: "
    "$v.subscription) { totalCount } }",
    "node": "query($v: Vars!) { node(id: $v.membership) { id } }",
}


def arranged(w) -> dict:
    """A's things the queries name, as variables (`$v.<name>` is spelt out below)."""
    inv = w.inventory
    guest = ready_checkout([(inv.variant, 1)])
    part = a_part(w)
    app = app_with_token(producer=w.vendor_a, name="Ứng dụng của A")[0]
    return {
        "vendor": gid("Vendor", w.vendor_a.pk),
        "showroom": gid("Location", inv.showroom.pk),
        "checkout": str(guest.token),
        "order": str(part.order.token),
        "today": timezone.localdate().isoformat(),
        "published": gid("Product", matrix.published(w).pk),
        "application": gid("OnboardingApplication", draft_application(w.owner_a).pk),
        "app": gid("App", app.pk),
        "subscription": gid("WebhookSubscription", a_subscription(w, app).pk),
        "membership": gid("VendorMembership", w.vendor_a.members.get(user=w.owner_a).pk),
    }


def a_subscription(w, app):
    """A webhook subscription of A's app (written as it is: that app has no scope to need)."""
    return WebhookSubscription.objects.create(
        app=app, target_url="https://hooks.example.vn/", events=["PRODUCT_UPDATED"],
        query="subscription { event { eventType } }",
    )  # fmt: skip


def document(query: str, values: dict) -> tuple[str, dict]:
    """GraphQL has no object variables: `$v.name` becomes `$name` of the right type."""
    types = {"today": "Date!", "checkout": "UUID!", "order": "UUID!"}
    used = [name for name in values if re.search(rf"\$v\.{name}\b", query)]
    if not used:
        return query, {}
    declared = ", ".join(f"${name}: {types.get(name, 'ID!')}" for name in used)
    query = re.sub(r"\$v\.(\w+)", r"$\1", query.replace("($v: Vars!)", f"({declared})"))
    return query, {name: values[name] for name in used}


def test_every_root_query_has_a_line():
    assert set(QUERIES) == set(schema.graphql_schema.query_type.fields)


@pytest.fixture
def ask(gql):
    make = in_english(gql)

    def send(raw, query, variables):
        client = make(None)
        if raw:
            client.client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {raw}"
        response = client.post(query, variables)
        assert response.status_code == 200, response.content
        return json.loads(response.content)

    return send


def test_apps_get_what_anonymous_visitors_get_and_nothing_crashes(world, ask):
    values = arranged(world)
    apps = {
        "app_none": app_with_token(producer=world.vendor_a, scopes=[])[2],
        "app_b": app_with_token(producer=world.vendor_b, scopes=ALL_SCOPES)[2],
        "app_a": app_with_token(producer=world.vendor_a, scopes=ALL_SCOPES)[2],
    }
    for name, query in QUERIES.items():
        query, variables = document(query, values)
        anonymous = ask(None, query, variables)
        for app in ("app_none", "app_b"):
            assert ask(apps[app], query, variables) == anonymous, (name, app)
        own = ask(apps["app_a"], query, variables)
        codes = {e.get("extensions", {}).get("code") for e in own.get("errors", [])}
        known = {e.get("extensions", {}).get("code") for e in anonymous.get("errors", [])}
        assert codes <= known, (name, own)
