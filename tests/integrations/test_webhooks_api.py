"""Webhooks through /graphql/: the app's owner subscribes, reads the delivery log and sends a
delivery again; anyone else is refused and sees nothing."""

import pytest
from graphql_relay import to_global_id

from integrations.webhooks.models import WebhookDelivery, WebhookSubscription
from tests.factories import StaffFactory, UserFactory, VendorFactory, VendorMemberFactory
from tests.graphql.client import GraphQLClient, payload
from tests.integrations.webhooks_support import make_app, running_receiver, subscribe
from tests.orders.fulfilment_support import place, variant

pytestmark = pytest.mark.django_db

CREATE = """
mutation($input: WebhookSubscriptionCreateInput!) {
  webhookSubscriptionCreate(input: $input) {
    webhookSubscription { id appId app { name } targetUrl events isActive secret query }
    errors { field code message }
  }
}"""
UPDATE = """
mutation($id: ID!, $input: WebhookSubscriptionUpdateInput!) {
  webhookSubscriptionUpdate(id: $id, input: $input) {
    webhookSubscription { id events isActive targetUrl }
    errors { field code message }
  }
}"""
DELETE = """
mutation($id: ID!) { webhookSubscriptionDelete(id: $id) { deletedId errors { code } } }"""
DELIVERIES = """
query($id: ID!) {
  webhookDeliveries(subscriptionId: $id, first: 10) {
    totalCount
    edges { node { id deliveryId event status attempts responseCode responseTimeMs
                   responseBody payload createdAt finishedAt } }
  }
}"""
REDELIVER = """
mutation($id: ID!) {
  webhookRedeliver(deliveryId: $id) { delivery { status attempts } errors { field code } }
}"""


@pytest.fixture
def staff():
    return StaffFactory()


def gid(obj) -> str:
    return to_global_id(type(obj).__name__, obj.pk)


def test_staff_subscribe_an_app_and_change_and_delete_the_subscription(staff):
    app = make_app(staff)
    client = GraphQLClient(staff)
    created = payload(
        client.execute(
            CREATE,
            {"input": {"appId": gid(app), "targetUrl": "http://127.0.0.1:9/in",
                       "events": ["ORDER_CREATED", "PAYOUT_CREATED"]}},
        ),
        "webhookSubscriptionCreate",
    )["webhookSubscription"]  # fmt: skip
    subscription = WebhookSubscription.objects.get()
    assert created["appId"] == gid(app)
    assert created["app"] == {"name": app.name}
    assert created["secret"] == subscription.secret
    assert created["events"] == ["ORDER_CREATED", "PAYOUT_CREATED"]
    assert "... on PayoutCreated" in created["query"]

    updated = payload(
        client.execute(UPDATE, {"id": created["id"], "input": {"isActive": False}}),
        "webhookSubscriptionUpdate",
    )["webhookSubscription"]
    assert updated["isActive"] is False

    assert payload(client.execute(DELETE, {"id": created["id"]}), "webhookSubscriptionDelete")
    assert not WebhookSubscription.objects.exists()


def test_bad_input_comes_back_as_payload_errors_and_writes_nothing(staff, settings):
    settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS = False
    app = make_app(staff)
    client = GraphQLClient(staff)
    data = client.execute(
        CREATE,
        {"input": {"appId": gid(app), "targetUrl": "http://169.254.169.254/latest/",
                   "events": ["ORDER_CREATED"]}},
    )["webhookSubscriptionCreate"]  # fmt: skip
    assert data["webhookSubscription"] is None
    assert data["errors"][0]["field"] == "input.targetUrl"
    assert data["errors"][0]["code"] == "INVALID"

    data = client.execute(
        CREATE,
        {"input": {"appId": gid(app), "targetUrl": "https://[::1]/", "events": ["ORDER_PAID"],
                   "query": "subscription { event { ... on OrderPaid { order { secret } } } }"}},
    )["webhookSubscriptionCreate"]  # fmt: skip
    assert {(e["field"], e["code"]) for e in data["errors"]} <= {
        ("input.targetUrl", "INVALID"),
        ("input.query", "INVALID"),
    }
    assert not WebhookSubscription.objects.exists()


def test_others_are_refused_and_see_no_log(staff):
    vendor = VendorFactory()
    app = make_app(staff, producer=vendor)
    subscription = subscribe(staff, app, "http://127.0.0.1:9/")
    outsider = GraphQLClient(VendorMemberFactory(role="owner").user)
    data = outsider.execute(
        CREATE,
        {"input": {"appId": gid(app), "targetUrl": "http://127.0.0.1:9/",
                   "events": ["ORDER_CREATED"]}},
    )["webhookSubscriptionCreate"]  # fmt: skip
    # Another producer's app is not there for them (its ID cannot be probed).
    assert [(e["field"], e["code"]) for e in data["errors"]] == [("input.appId", "NOT_FOUND")]
    for client in (outsider, GraphQLClient(UserFactory()), GraphQLClient()):
        body = client.post(DELIVERIES, {"id": gid(subscription)}).json()
        assert body["data"]["webhookDeliveries"] is None
        assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"
        data = client.execute(DELETE, {"id": gid(subscription)})["webhookSubscriptionDelete"]
        assert data["errors"] == [{"code": "NOT_FOUND"}]
    assert WebhookSubscription.objects.count() == 1


def test_the_producers_owner_reads_the_log_and_redelivers(
    staff, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    mine = variant()
    owner = VendorMemberFactory(vendor=mine.vendor, role="owner").user
    app = make_app(staff, producer=mine.vendor)
    with running_receiver() as receiver:
        subscription = subscribe(owner, app, receiver.url)
        receiver.answers.extend([400, 400])
        with django_capture_on_commit_callbacks(execute=True):
            for _ in range(3):
                place([(mine, 1)])
        client = GraphQLClient(owner)
        with django_assert_max_num_queries(8):
            log = client.execute(DELIVERIES, {"id": gid(subscription)})["webhookDeliveries"]
        assert log["totalCount"] == 3
        nodes = [edge["node"] for edge in log["edges"]]
        assert [n["status"] for n in nodes] == ["SUCCEEDED", "FAILED", "FAILED"]
        assert nodes[1]["responseCode"] == 400
        assert nodes[1]["payload"]
        failed = WebhookDelivery.objects.filter(status="failed").first()
        with django_capture_on_commit_callbacks(execute=True):
            data = client.execute(REDELIVER, {"id": gid(failed)})["webhookRedeliver"]
        assert data["errors"] == []
        assert data["delivery"]["attempts"] == 1  # as the mutation returns: sent once it commits
        failed.refresh_from_db()
        assert (failed.status, failed.attempts) == ("succeeded", 2)
        assert len(receiver.requests) == 4


def test_the_endpoint_answers_the_webhook_root_with_nothing():
    """The Subscription type exists for webhook documents; asked over HTTP it has no event."""
    data = GraphQLClient().execute("subscription { event { eventType } }")
    assert data == {"event": None}
