"""Pulls from each POS against recorded fixtures: tokens and their expiry, pagination, rate
limits, answers that cannot be read, and what a pull does to stock and to the report."""

import datetime
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection as db
from django.utils import timezone

from inventory.models import PosConnection, StockMovement
from inventory.services.pos_ingest import pos_connection_pull
from inventory.services.sync import SyncStatus
from tests.inventory.helpers import assert_ledger_balances, quantity_at
from tests.inventory.pos_support import (
    HARAVAN_API,
    KIOTVIET_API,
    fixture,
    kiotviet_token,
    sapo_api,
)

pytestmark = pytest.mark.django_db


def query(call) -> dict:
    return {k: v[0] for k, v in parse_qs(urlsplit(call.request.url).query).items()}


def on_hands_page(rows, total):
    return {"total": total, "pageSize": 100, "data": rows}


def on_hand_row(pid, code, on_hand, branch=1):
    inventory = {"branchId": branch, "onHand": float(on_hand), "reserved": 0}
    return {"id": pid, "code": code, "modifiedDate": "2025-06-01T08:00:00",
            "inventories": [inventory]}  # fmt: skip


# KiotViet ------------------------------------------------------------------------------------


def test_a_kiotviet_pull_sets_the_counts_and_reports_what_it_could_not(
    http, pauses, make_connection, pos_variants, showroom
):
    connection = make_connection("kiotviet")
    kiotviet_token(http)
    page = fixture("kiotviet_product_on_hands.json")
    page["data"] += [on_hand_row(1003, "KHAC-1", 4), on_hand_row(1004, "KHONG-CO", 2)]
    page["total"] = 4
    http.get(KIOTVIET_API + "productOnHands", json=page)

    report = pos_connection_pull(connection_id=connection.pk, full=True)

    assert quantity_at(showroom, pos_variants["CHE-1"]) == 50  # branch 1's, not branch 2's 7
    assert quantity_at(showroom, pos_variants["MO-1"]) == 12  # "onhand" spelled the other way
    assert quantity_at(showroom, pos_variants["KHAC-1"]) is None  # another producer's
    assert (report.applied, report.rejected) == (2, 2)
    assert {row["code"]: row["status"] for row in report.rows} == {
        "KHAC-1": SyncStatus.NOT_CONSIGNED,
        "KHONG-CO": SyncStatus.UNKNOWN_SKU,
    }
    connection.refresh_from_db()
    assert connection.status == PosConnection.Status.ACTIVE and connection.last_synced_at
    assert connection.last_report["applied"] == 2 and len(connection.last_report["rows"]) == 2
    request = http.calls[1].request
    assert request.headers["Retailer"] == "diembanocop"
    assert request.headers["Authorization"] == "Bearer token-1"
    assert query(http.calls[1])["branchIds"] == "1"
    assert_ledger_balances()


def test_kiotviet_pages_through_every_item(http, pauses, make_connection, make_variants, agreement):
    variants = make_variants(150)
    connection = make_connection("kiotviet")
    kiotviet_token(http)
    rows = [on_hand_row(5000 + i, v.sku, i + 1) for i, v in enumerate(variants)]
    http.get(KIOTVIET_API + "productOnHands", json=on_hands_page(rows[:100], 150))
    http.get(KIOTVIET_API + "productOnHands", json=on_hands_page(rows[100:], 150))

    report = pos_connection_pull(connection_id=connection.pk, full=True)

    assert report.applied == 150
    pages = [query(c) for c in http.calls if "productOnHands" in c.request.url]
    assert [(p["currentItem"], p["pageSize"]) for p in pages] == [("0", "100"), ("100", "100")]
    assert quantity_at(connection.location, variants[149]) == 150


def test_the_kiotviet_token_is_reused_until_it_expires_then_renewed(
    http, pauses, make_connection, pos_variants
):
    connection = make_connection("kiotviet")
    kiotviet_token(http, token="token-1")
    http.get(KIOTVIET_API + "productOnHands", json=on_hands_page([], 0))
    pos_connection_pull(connection_id=connection.pk)
    pos_connection_pull(connection_id=connection.pk)
    assert sum("connect/token" in c.request.url for c in http.calls) == 1

    connection.refresh_from_db()
    assert connection.token_cache["access_token"] == "token-1"  # kept, encrypted
    with db.cursor() as cursor:
        cursor.execute(
            "SELECT token_cache, credentials FROM inventory_posconnection WHERE id = %s",
            [connection.pk],
        )
        token_cache, credentials = cursor.fetchone()
    assert "token-1" not in token_cache
    assert connection.credentials["client_secret"] not in credentials

    # Expired: the next pull asks for a new one first.
    connection.token_cache = {**connection.token_cache, "expires_at": timezone.now().isoformat()}
    connection.save(update_fields=["token_cache"])
    renewed = {"access_token": "token-2", "expires_in": 86400, "token_type": "Bearer"}
    http.replace("POST", "https://id.kiotviet.vn/connect/token", json=renewed)
    pos_connection_pull(connection_id=connection.pk)
    assert http.calls[-1].request.headers["Authorization"] == "Bearer token-2"
    body = parse_qs(http.calls[-2].request.body)
    assert body["grant_type"] == ["client_credentials"]
    assert body["scopes"] == ["PublicApi.Access"]


def test_a_token_refused_with_401_is_renewed_once(http, pauses, make_connection, pos_variants):
    connection = make_connection("kiotviet")
    connection.token_cache = {
        "access_token": "revoked",
        "expires_at": (timezone.now() + datetime.timedelta(hours=3)).isoformat(),
    }
    connection.save()
    kiotviet_token(http, token="token-2")
    http.get(KIOTVIET_API + "productOnHands", status=401, json={"message": "Unauthorized"})
    http.get(KIOTVIET_API + "productOnHands", json=fixture("kiotviet_product_on_hands.json"))

    report = pos_connection_pull(connection_id=connection.pk)

    assert report.applied == 2
    auth = [
        c.request.headers.get("Authorization") for c in http.calls if "kiotapi" in c.request.url
    ]
    assert auth == ["Bearer revoked", "Bearer token-2"]


def test_an_incremental_pull_asks_for_changes_since_the_last_one(
    http, pauses, make_connection, pos_variants
):
    connection = make_connection("kiotviet")
    connection.sync_cursor = datetime.datetime(2025, 6, 1, 3, 0, tzinfo=datetime.UTC)
    connection.save()
    kiotviet_token(http)
    http.get(KIOTVIET_API + "productOnHands", json=on_hands_page([], 0))
    pos_connection_pull(connection_id=connection.pk)
    assert query(http.calls[1])["lastModifiedFrom"] == "2025-06-01T10:00:00"  # Vietnam time
    connection.refresh_from_db()
    assert connection.sync_cursor > datetime.datetime(2025, 6, 1, tzinfo=datetime.UTC)


def test_429_with_retry_after_is_waited_out(http, pauses, make_connection, pos_variants):
    connection = make_connection("kiotviet")
    kiotviet_token(http)
    http.get(KIOTVIET_API + "productOnHands", status=429, headers={"Retry-After": "7"})
    http.get(KIOTVIET_API + "productOnHands", json=fixture("kiotviet_product_on_hands.json"))
    report = pos_connection_pull(connection_id=connection.pk)
    assert report.applied == 2
    assert 7 in pauses


def test_malformed_json_fails_the_pull_and_changes_nothing(
    http, pauses, make_connection, pos_variants, showroom
):
    connection = make_connection("kiotviet")
    kiotviet_token(http)
    http.get(KIOTVIET_API + "productOnHands", body='{"total": 2, "data": [{"id": 10', status=200)
    assert pos_connection_pull(connection_id=connection.pk) is None
    connection.refresh_from_db()
    assert connection.status == PosConnection.Status.FAILING
    assert connection.last_error.startswith("The POS answered something that could not be read")
    assert not StockMovement.objects.exists()
    assert connection.credentials["client_secret"] not in connection.last_error


def test_an_answer_of_the_wrong_shape_fails_the_pull(http, pauses, make_connection, pos_variants):
    connection = make_connection("kiotviet")
    kiotviet_token(http)
    http.get(KIOTVIET_API + "productOnHands", json={"data": "not a list"})
    assert pos_connection_pull(connection_id=connection.pk) is None
    assert not StockMovement.objects.exists()


def test_the_resync_command_pulls_everything(http, pauses, make_connection, pos_variants, capsys):
    connection = make_connection("kiotviet")
    connection.sync_cursor = timezone.now()
    connection.save()
    kiotviet_token(http)
    http.get(KIOTVIET_API + "productOnHands", json=fixture("kiotviet_product_on_hands.json"))
    call_command("pos_resync", str(connection.pk))
    assert "lastModifiedFrom" not in query(http.calls[1])
    assert "2 applied, 0 not applied" in capsys.readouterr().out
    with pytest.raises(CommandError):
        call_command("pos_resync", "999999")


# Sapo ----------------------------------------------------------------------------------------


def test_a_sapo_pull_reads_variants_then_levels_and_keeps_under_the_call_limit(
    http, pauses, make_connection, pos_variants, showroom
):
    connection = make_connection("sapo", mapping=PosConnection.Mapping.BARCODE)
    limits = {"X-Sapo-Api-Call-Limit": "39/40"}
    http.get(sapo_api() + "products.json", json=fixture("sapo_products.json"), headers=limits)
    http.get(sapo_api() + "inventory_levels.json", json=fixture("sapo_inventory_levels.json"))

    report = pos_connection_pull(connection_id=connection.pk)

    # By barcode: CHE-1's GTIN is known; CHE-2 has none, MO-1's barcode is not ours.
    assert quantity_at(showroom, pos_variants["CHE-1"]) == 40
    assert report.applied == 1 and report.rejected == 2
    levels = query(http.calls[1])
    assert levels["location_ids"] == "501" and levels["inventory_item_ids"] == "3001,3002,3003"
    assert http.calls[0].request.headers["X-Sapo-Access-Token"] == "haravan-or-sapo-token"
    # 39 of 40 used: it waited for calls to leak out before the next one (2 a second).
    assert pauses and pauses[0] == pytest.approx(1.0)


# Haravan -------------------------------------------------------------------------------------


def test_a_haravan_pull_pages_by_since_id_and_reports_negative_counts(
    http, pauses, make_connection, vendor, agreement, showroom
):
    from tests.factories import ProductVariantFactory

    small = ProductVariantFactory(product__vendor=vendor, sku="MIEN-500")
    large = ProductVariantFactory(product__vendor=vendor, sku="MIEN-1KG")
    connection = make_connection("haravan")
    page = fixture("haravan_inventory_locations.json")
    rows = page["inventory_locations"]
    # 250 rows a page: the first page is full, so it asks again after the last id.
    filler = [dict(rows[0], id=1 + i, loc_id=999) for i in range(248)]
    http.get(HARAVAN_API + "inventory_locations.json",
             json={"inventory_locations": filler + rows[:2]})  # fmt: skip
    negative = dict(rows[2], loc_id=1007284, id=2000000000, variant_id=1064240649)
    http.get(HARAVAN_API + "inventory_locations.json", json={"inventory_locations": [negative]})
    http.get(HARAVAN_API + "products.json", json=fixture("haravan_products.json"))

    report = pos_connection_pull(connection_id=connection.pk)

    pages = [query(c) for c in http.calls if "inventory_locations" in c.request.url]
    assert [p["since_id"] for p in pages] == ["0", "1006907070"]
    assert quantity_at(showroom, large) == 15
    # The small one was 0, then -3 in the second page: the newest (the -3) is not a count.
    assert quantity_at(showroom, small) is None
    assert [row["status"] for row in report.rows] == [SyncStatus.INVALID]
    assert "whole number of 0 or more" in report.rows[0]["message"]
    assert http.calls[0].request.headers["Authorization"] == "Bearer haravan-or-sapo-token"
    connection.refresh_from_db()
    assert connection.last_report["rows"][0]["quantity"] == -3
