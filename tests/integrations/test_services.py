"""Creating and managing apps and their tokens: staff for any producer or none, a producer's
owner for its own producer only, nobody else; bad input writes nothing."""

import pytest

from integrations.models import App, AppToken
from integrations.selectors import apps_visible_to
from integrations.services import (
    app_create,
    app_delete,
    app_token_create,
    app_token_revoke,
    app_update,
)
from marketplace.core.errors import ErrorCode, ServiceError
from tests.factories import VendorMemberFactory
from tests.integrations.support import app_with_token
from vendors.models import VendorMember

pytestmark = pytest.mark.django_db


def refused(code: ErrorCode, call, **kwargs) -> ServiceError:
    with pytest.raises(ServiceError) as error:
        call(**kwargs)
    assert error.value.codes[0] == code, error.value.errors
    return error.value


def test_staff_create_an_app_for_a_producer_or_for_none(staff, vendor):
    app = app_create(
        actor=staff, name=" Vietnam Post ", producer=vendor, scopes=["orders:read", "catalog:read"]
    )
    assert app.name == "Vietnam Post" and app.producer == vendor and app.is_active
    assert app.scopes == ["catalog:read", "orders:read"]  # the fixed order, each once
    assert app.scope_labels == ["catalog:read", "orders:read", f"producer:{vendor.pk}"]
    unscoped = app_create(actor=staff, name="Cổng OCOP quốc gia", scopes=["catalog:read"] * 2)
    assert unscoped.producer is None and unscoped.scopes == ["catalog:read"]
    assert unscoped.created_by == staff


def test_an_owner_creates_apps_for_its_own_producer_only(owner, vendor, other_vendor):
    app = app_create(actor=owner, name="Website HTX", producer=vendor, scopes=["stock:write"])
    assert app.producer == vendor and app.created_by == owner

    refused(ErrorCode.PERMISSION_DENIED, app_create, actor=owner, name="x", producer=other_vendor)
    refused(ErrorCode.PERMISSION_DENIED, app_create, actor=owner, name="x")  # no producer
    assert App.objects.count() == 1


@pytest.mark.parametrize("role", [VendorMember.Role.MANAGER, VendorMember.Role.STAFF])
def test_managers_and_staff_members_of_a_producer_cannot_create_apps(vendor, role):
    member = VendorMemberFactory(vendor=vendor, role=role).user
    refused(ErrorCode.PERMISSION_DENIED, app_create, actor=member, name="x", producer=vendor)
    assert not App.objects.exists()


def test_shoppers_and_anonymous_cannot_create_apps(shopper, vendor):
    for actor in (shopper, None):
        refused(ErrorCode.PERMISSION_DENIED, app_create, actor=actor, name="x", producer=vendor)
    assert not App.objects.exists()


def test_an_app_cannot_create_apps(vendor):
    from integrations.services import authenticate_app_token

    _app, _token, raw = app_with_token(producer=vendor, scopes=["catalog:read"])
    principal = authenticate_app_token(raw=raw)
    refused(ErrorCode.PERMISSION_DENIED, app_create, actor=principal, name="x", producer=vendor)
    assert App.objects.count() == 1


@pytest.mark.parametrize(
    ("name", "scopes", "field", "code"),
    [
        ("", [], "name", ErrorCode.REQUIRED),
        ("   ", [], "name", ErrorCode.REQUIRED),
        ("x" * 101, [], "name", ErrorCode.INVALID),
        ("Cổng", ["orders:delete"], "scopes", ErrorCode.INVALID),
        ("Cổng", ["producer:1"], "scopes", ErrorCode.INVALID),  # the producer is a field
        ("Cổng", ["CATALOG:READ"], "scopes", ErrorCode.INVALID),
        ("Cổng", ["orders:write"], "scopes", ErrorCode.INVALID),  # it finds parts by reading
    ],
)
def test_bad_names_and_scopes_are_refused_and_nothing_is_written(
    owner, vendor, name, scopes, field, code
):
    error = refused(code, app_create, actor=owner, name=name, producer=vendor, scopes=scopes)
    assert error.errors[0].field == field
    assert not App.objects.exists()


def test_an_unknown_scope_names_the_fixed_list(owner, vendor):
    error = refused(
        ErrorCode.INVALID, app_create, actor=owner, name="x", producer=vendor, scopes=["admin"]
    )
    assert "catalog:read, orders:read, orders:write, stock:write" in error.errors[0].message


def test_update_changes_what_is_given_and_refuses_bad_scopes(owner, vendor):
    app = app_create(actor=owner, name="Website", producer=vendor, scopes=["catalog:read"])
    app = app_update(actor=owner, app=app, scopes=["orders:write", "orders:read"])
    assert app.name == "Website" and app.scopes == ["orders:read", "orders:write"]
    app = app_update(actor=owner, app=app, name="Website mới", is_active=False)
    app.refresh_from_db()
    assert (app.name, app.is_active, app.scopes) == (
        "Website mới",
        False,
        ["orders:read", "orders:write"],
    )

    refused(ErrorCode.INVALID, app_update, actor=owner, app=app, scopes=["everything"])
    refused(ErrorCode.REQUIRED, app_update, actor=owner, app=app, name=" ")
    app.refresh_from_db()
    assert app.name == "Website mới" and app.scopes == ["orders:read", "orders:write"]


def test_only_staff_and_the_producers_owners_manage_an_app(
    owner, vendor, other_owner, staff, shopper
):
    app = app_create(actor=owner, name="Website", producer=vendor, scopes=["catalog:read"])
    manager = VendorMemberFactory(vendor=vendor, role=VendorMember.Role.MANAGER).user
    token, _raw = app_token_create(actor=owner, app=app)
    for actor in (other_owner, manager, shopper, None):
        refused(ErrorCode.PERMISSION_DENIED, app_update, actor=actor, app=app, name="Đổi")
        refused(ErrorCode.PERMISSION_DENIED, app_token_create, actor=actor, app=app)
        refused(ErrorCode.PERMISSION_DENIED, app_token_revoke, actor=actor, token=token)
        refused(ErrorCode.PERMISSION_DENIED, app_delete, actor=actor, app=app)
    app.refresh_from_db()
    assert app.name == "Website" and AppToken.objects.get().revoked_at is None
    assert app_update(actor=staff, app=app, name="Đổi bởi sàn").name == "Đổi bởi sàn"


def test_a_staff_app_for_no_producer_is_managed_by_staff_only(staff, owner):
    app = app_create(actor=staff, name="Cổng quốc gia", scopes=["catalog:read"])
    refused(ErrorCode.PERMISSION_DENIED, app_update, actor=owner, app=app, name="x")
    assert app_update(actor=staff, app=app, name="Cổng").name == "Cổng"


def test_tokens_are_shown_once_revoked_once_and_go_with_their_app(owner, vendor):
    app = app_create(actor=owner, name="Website", producer=vendor)
    first, raw_first = app_token_create(actor=owner, app=app)
    second, raw_second = app_token_create(actor=owner, app=app)
    assert raw_first != raw_second and first.token_hash != second.token_hash
    assert first.created_by == owner and first.is_active

    revoked = app_token_revoke(actor=owner, token=first)
    assert revoked.revoked_at is not None and not revoked.is_active
    again = app_token_revoke(actor=owner, token=first)
    assert again.revoked_at == revoked.revoked_at  # revoking twice keeps the first time

    app_delete(actor=owner, app=app)
    assert not App.objects.exists() and not AppToken.objects.exists()


def test_apps_are_visible_to_staff_and_their_producers_owners(owner, vendor, other_owner, staff):
    mine = app_create(actor=owner, name="Website", producer=vendor)
    theirs = app_with_token(producer=None)[0]
    manager = VendorMemberFactory(vendor=vendor, role=VendorMember.Role.MANAGER).user
    assert set(apps_visible_to(staff)) == {mine, theirs}
    assert list(apps_visible_to(owner)) == [mine]
    for nobody in (other_owner, manager, None):
        assert not apps_visible_to(nobody).exists()
