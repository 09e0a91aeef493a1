"""Bulk writes and reads of many stock rows at once. PostgreSQL gets one statement with array
parameters (linear, and cheap for the driver); other databases use Django's bulk methods."""

from django.db import connection
from django.db.models import BooleanField
from django.db.models.expressions import RawSQL
from django.utils import timezone

from inventory.models import Stock, StockMovement


def update_quantities(stocks: list[Stock]) -> None:
    if connection.vendor != "postgresql":
        Stock.objects.bulk_update(stocks, ["quantity", "quantity_allocated"])
        return
    # Django's bulk_update builds one CASE per column, quadratic for thousands of rows;
    # unnest() joins the new values in one linear statement.
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE inventory_stock AS s SET quantity = v.quantity, "
            "quantity_allocated = v.allocated FROM ("
            "SELECT unnest(%s::bigint[]) AS id, unnest(%s::integer[]) AS quantity, "
            "unnest(%s::integer[]) AS allocated) AS v WHERE s.id = v.id",
            [
                pg_array([s.pk for s in stocks]),
                pg_array([s.quantity for s in stocks]),
                pg_array([s.quantity_allocated for s in stocks]),
            ],
        )


def insert_movements(movements: list[StockMovement]) -> None:
    if connection.vendor != "postgresql":
        StockMovement.objects.bulk_create(movements)
        return
    _insert_movements_unnest(movements)


def _insert_movements_unnest(movements: list[StockMovement]) -> None:
    """Thousands of movements in one statement, one array per column: bulk_create spends most
    of a 10,000-SKU sync preparing values one by one."""
    now = timezone.now()
    for movement in movements:
        movement.created_at = now
    fields = [f for f in StockMovement._meta.concrete_fields if not f.primary_key]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    arrays = ", ".join(f"unnest(%s::{f.db_type(connection)}[])" for f in fields)
    with connection.cursor() as cursor:
        # RETURNING gives the ids in insertion order, as for Django's own bulk_create.
        cursor.execute(
            f"INSERT INTO {StockMovement._meta.db_table} ({columns}) SELECT {arrays} RETURNING id",
            [pg_array([getattr(m, f.attname) for m in movements]) for f in fields],
        )
        for movement, (pk,) in zip(movements, cursor.fetchall(), strict=True):
            movement.pk = pk
            movement._state.adding = False


def filter_in(queryset, field_name: str, values):
    """queryset.filter(<field>__in=values). On PostgreSQL a large list goes as one array
    parameter: the driver's parsing of ten thousand placeholders costs more than the query."""
    values = list(values)
    if connection.vendor != "postgresql" or len(values) < 100:
        return queryset.filter(**{f"{field_name}__in": values})
    model = queryset.model
    field = model._meta.get_field(field_name)
    quote = connection.ops.quote_name
    column = f"{quote(model._meta.db_table)}.{quote(field.column)}"
    # text, not varchar(n): a cast to varchar(n) would cut a long value into a real one
    text = field.get_internal_type() in ("CharField", "TextField", "SlugField")
    condition = f"{column} = ANY(%s::{'text' if text else field.db_type(connection)}[])"
    return queryset.filter(RawSQL(condition, [pg_array(values)], output_field=BooleanField()))


def pg_array(values) -> str:
    """A PostgreSQL array literal, passed as one text parameter: quoting ten thousand values
    one by one in the driver costs more than the whole statement."""
    return "{" + ",".join(_pg_element(v) for v in values) + "}"


def _pg_element(value) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, int):
        return str(value)
    text = value.isoformat() if hasattr(value, "isoformat") else str(value)
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
