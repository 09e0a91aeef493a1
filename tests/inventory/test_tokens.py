import datetime
import hashlib

import pytest
from django.utils import timezone

from inventory.models import LocationToken
from inventory.services.sync import SyncItem, stock_sync
from inventory.services.tokens import (
    authenticate_location_token,
    location_token_create,
    location_token_revoke,
)
from marketplace.core.errors import ErrorCode, ServiceError
from tests.factories import ShowroomFactory, location_token

pytestmark = pytest.mark.django_db


def test_the_hash_is_stored_and_the_raw_token_never(manager, showroom):
    token, raw = location_token_create(actor=manager, location=showroom, name=" Quầy 1 ")

    assert raw.startswith("ocop_loc_") and len(raw) > 40
    token.refresh_from_db()
    assert token.token_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert raw[:13] == token.token_hint and token.name == "Quầy 1"
    stored = LocationToken.objects.filter(pk=token.pk).values()[0]
    assert raw not in [str(value) for value in stored.values()]
    assert authenticate_location_token(raw=raw) == token


def test_tokens_differ(manager, showroom):
    raws = {location_token_create(actor=manager, location=showroom, name="x")[1] for _ in range(3)}
    assert len(raws) == 3


def test_wrong_or_foreign_strings_do_not_authenticate(device):
    _token, raw = device
    for attempt in (raw + "x", raw[:-1], "", None, "Bearer " + raw, raw.replace("ocop_loc_", "")):
        assert authenticate_location_token(raw=attempt) is None


def test_a_revoked_token_fails(manager, showroom, device):
    token, raw = device
    revoked = location_token_revoke(actor=manager, token=token)
    assert revoked.revoked_at is not None
    assert authenticate_location_token(raw=raw) is None
    assert location_token_revoke(actor=manager, token=token).revoked_at == revoked.revoked_at


def test_last_use_is_recorded_at_most_once_a_minute(device):
    token, raw = device
    assert token.last_used_at is None

    first = authenticate_location_token(raw=raw).last_used_at
    assert first is not None
    assert authenticate_location_token(raw=raw).last_used_at == first

    LocationToken.objects.filter(pk=token.pk).update(
        last_used_at=timezone.now() - datetime.timedelta(minutes=2)
    )
    assert authenticate_location_token(raw=raw).last_used_at > first
    token.refresh_from_db()
    assert token.last_used_at > first


def test_clerks_others_and_devices_cannot_create_or_revoke(clerk, other_owner, showroom, device):
    token, _raw = device
    for actor in (clerk, other_owner, token, None):
        with pytest.raises(ServiceError) as error:
            location_token_create(actor=actor, location=showroom, name="x")
        assert error.value.codes == [ErrorCode.PERMISSION_DENIED]
        with pytest.raises(ServiceError):
            location_token_revoke(actor=actor, token=token)
    assert LocationToken.objects.count() == 1


def test_staff_and_a_warehouse_owner_create_tokens(staff, owner, warehouse, showroom):
    assert location_token_create(actor=staff, location=showroom, name="x")[0].created_by == staff
    assert location_token_create(actor=owner, location=warehouse, name="x")[0].location == warehouse


@pytest.mark.parametrize(
    ("name", "code"), [("", ErrorCode.REQUIRED), ("x" * 101, ErrorCode.INVALID)]
)
def test_a_token_needs_a_name(manager, showroom, name, code):
    with pytest.raises(ServiceError) as error:
        location_token_create(actor=manager, location=showroom, name=name)
    assert error.value.codes == [code]


def test_a_token_cannot_sync_another_location(device, agreement):
    token, raw = device
    elsewhere = ShowroomFactory(operator=token.location.operator)
    with pytest.raises(ServiceError) as error:
        stock_sync(
            actor=authenticate_location_token(raw=raw),
            location=elsewhere,
            mode="SET",
            idempotency_key="k",
            items=[SyncItem("X", 1)],
        )
    assert error.value.codes == [ErrorCode.PERMISSION_DENIED]


def test_a_token_syncs_its_own_location_and_is_recorded(device, agreement, make_variants):
    token, raw = device
    make_variants(1)
    outcome = stock_sync(
        actor=authenticate_location_token(raw=raw),
        location=token.location,
        mode="SET",
        idempotency_key="k",
        items=[SyncItem("CHE-00000", 4)],
    )
    assert outcome.results[0].status == "APPLIED"
    assert token.movements.get().quantity_delta == 4


def test_the_factory_helper_gives_a_working_pair():
    token, raw = location_token()
    assert authenticate_location_token(raw=raw) == token
