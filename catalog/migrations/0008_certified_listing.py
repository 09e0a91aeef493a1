"""The programme statistics' narrow table, kept by triggers in the same transaction as the change
of a product, its certificate or its producer (PostgreSQL and SQLite), and filled once here.

The SELECT is catalog.statistics.LISTINGS_SELECT as it was when this migration was written
(migrations stay as they ran); tests compare the kept table with a rebuild from scratch.
"""

import django.db.models.deletion
from django.db import migrations, models

TABLE = "catalog_certifiedlisting"
COLUMNS = (
    "product_id, vendor_id, producer_kind, certificate_id, stars, decision_date, valid_until, "
    "revoked, revoked_at, province_id, legacy_province_id, product_set_id, sector_id"
)
SELECT = """SELECT p.id, p.vendor_id, v.kind, p.certificate_id, c.stars, c.decision_date,
    c.valid_until, c.revoked, c.revoked_at, m.province_id, m.legacy_province_id, p.category_id,
    g.parent_id
FROM catalog_product p
JOIN vendors_vendor v ON v.id = p.vendor_id
JOIN vendors_ocopcertificate c ON c.id = p.certificate_id
JOIN geography_commune m ON m.code = p.origin_commune_id
JOIN catalog_category s ON s.id = p.category_id
LEFT JOIN catalog_category g ON g.id = s.parent_id
WHERE p.status = 'published' AND v.status = 'active' AND c.verification_status = 'verified'"""


def _refill(where: str) -> list[str]:
    return [f"INSERT INTO {TABLE} ({COLUMNS}) {SELECT} AND {where}"]


# (name, event, table, columns whose change matters, statements); NEW and OLD are the row.
TRIGGERS = [
    ("catalog_listing_product_insert", "INSERT", "catalog_product", (), _refill("p.id = NEW.id")),
    (
        "catalog_listing_product_update",
        "UPDATE",
        "catalog_product",
        ("id", "status", "vendor_id", "certificate_id", "origin_commune_id", "category_id"),
        [f"DELETE FROM {TABLE} WHERE product_id = OLD.id", *_refill("p.id = NEW.id")],
    ),
    (
        "catalog_listing_product_delete",
        "DELETE",
        "catalog_product",
        (),
        [f"DELETE FROM {TABLE} WHERE product_id = OLD.id"],
    ),
    (
        "catalog_listing_certificate_update",
        "UPDATE",
        "vendors_ocopcertificate",
        ("verification_status", "revoked", "revoked_at", "stars", "decision_date", "valid_until"),
        [
            f"DELETE FROM {TABLE} WHERE certificate_id = NEW.id",
            *_refill("p.certificate_id = NEW.id"),
        ],
    ),
    (
        "catalog_listing_vendor_update",
        "UPDATE",
        "vendors_vendor",
        ("status", "kind"),
        [f"DELETE FROM {TABLE} WHERE vendor_id = NEW.id", *_refill("p.vendor_id = NEW.id")],
    ),
]


def _create_sql(vendor: str) -> list[str]:
    sql = []
    for name, event, table, columns, statements in TRIGGERS:
        body = "".join(f"{statement};\n" for statement in statements)
        if vendor == "postgresql":
            when = " OR ".join(f"OLD.{c} IS DISTINCT FROM NEW.{c}" for c in columns)
            sql.append(
                f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$\n"
                f"BEGIN\n{body}RETURN NULL;\nEND $$"
            )
            sql.append(
                f"CREATE TRIGGER {name} AFTER {event} ON {table} FOR EACH ROW"
                + (f" WHEN ({when})" if when else "")
                + f" EXECUTE FUNCTION {name}()"
            )
        else:
            when = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in columns)
            sql.append(
                f"CREATE TRIGGER {name} AFTER {event} ON {table} FOR EACH ROW"
                + (f" WHEN ({when})" if when else "")
                + f" BEGIN\n{body}END"
            )
    return sql


def _drop_sql(vendor: str) -> list[str]:
    sql = []
    for name, _event, table, _columns, _statements in TRIGGERS:
        if vendor == "postgresql":
            sql += [f"DROP TRIGGER IF EXISTS {name} ON {table}", f"DROP FUNCTION IF EXISTS {name}()"]
        else:
            sql.append(f"DROP TRIGGER IF EXISTS {name}")
    return sql


def create_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor not in {"postgresql", "sqlite"}:
        raise RuntimeError(f"No triggers for {vendor}: the statistics would go stale.")
    for statement in _create_sql(vendor):
        schema_editor.execute(statement)
    schema_editor.execute(f"DELETE FROM {TABLE}")
    schema_editor.execute(f"INSERT INTO {TABLE} ({COLUMNS}) {SELECT}")


def drop_triggers(apps, schema_editor):
    for statement in _drop_sql(schema_editor.connection.vendor):
        schema_editor.execute(statement)


class Migration(migrations.Migration):

    dependencies = [
        ('catalog', '0007_product_short_code_batch'),
        ('geography', '0002_load_geography'),
        ('vendors', '0006_certificate_lookup_and_national_check'),
    ]

    operations = [
        migrations.CreateModel(
            name='CertifiedListing',
            fields=[
                ('product', models.OneToOneField(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, primary_key=True, related_name='+', serialize=False, to='catalog.product')),
                ('producer_kind', models.CharField(max_length=32)),
                ('stars', models.PositiveSmallIntegerField()),
                ('decision_date', models.DateField()),
                ('valid_until', models.DateField()),
                ('revoked', models.BooleanField()),
                ('revoked_at', models.DateTimeField(null=True)),
                ('certificate', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='vendors.ocopcertificate')),
                ('legacy_province', models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='geography.legacyprovince')),
                ('product_set', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='catalog.category')),
                ('province', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='geography.province')),
                ('sector', models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='catalog.category')),
                ('vendor', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='vendors.vendor')),
            ],
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
