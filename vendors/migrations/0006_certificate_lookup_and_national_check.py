"""Folded columns for the public certificate lookup (filled in for existing rows), and the
findings of the cross-check against the national OCOP portal."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from marketplace.core.text import fold, lookup_key


def fill_lookup_columns(apps, schema_editor):
    Certificate = apps.get_model("vendors", "OcopCertificate")
    rows = list(Certificate.objects.only("pk", "decision_number", "product_name"))
    for row in rows:
        row.decision_number_key = lookup_key(row.decision_number)
        row.product_name_folded = fold(row.product_name)
    Certificate.objects.bulk_update(
        rows, ["decision_number_key", "product_name_folded"], batch_size=1000
    )


class Migration(migrations.Migration):

    dependencies = [
        ("vendors", "0005_certificate_expiry_reminder"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="ocopcertificate",
            name="decision_number_key",
            field=models.CharField(db_index=True, default="", editable=False, max_length=64),
        ),
        migrations.AddField(
            model_name="ocopcertificate",
            name="product_name_folded",
            field=models.CharField(default="", editable=False, max_length=255),
        ),
        migrations.RunPython(fill_lookup_columns, migrations.RunPython.noop, elidable=True),
        migrations.CreateModel(
            name="NationalCheckFinding",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("status", models.CharField(choices=[("open", "Waiting for review"), ("confirmed", "Confirmed: action taken"), ("dismissed", "Dismissed: no problem")], default="open", max_length=16)),
                ("differences", models.JSONField(default=list, verbose_name="differences")),
                ("national_id", models.CharField(max_length=64, verbose_name="national record")),
                ("national_record", models.JSONField(default=dict, verbose_name="national record as received")),
                ("checked_at", models.DateTimeField(verbose_name="checked at")),
                ("reviewed_at", models.DateTimeField(blank=True, null=True)),
                ("review_note", models.TextField(blank=True)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("certificate", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="national_findings", to="vendors.ocopcertificate")),
                ("reviewed_by", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL)),
            ],
            options={
                "verbose_name": "national cross-check finding",
                "verbose_name_plural": "national cross-check findings",
                "ordering": ["-checked_at", "pk"],
                "constraints": [models.UniqueConstraint(condition=models.Q(("status", "open")), fields=("certificate",), name="national_finding_one_open_per_certificate")],
            },
        ),
    ]
