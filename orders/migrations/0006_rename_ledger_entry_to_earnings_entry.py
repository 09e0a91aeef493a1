from django.db import migrations


class Migration(migrations.Migration):
    """The producers' money is named "earnings" (the stock ledger keeps "ledger"): the table is
    renamed with its rows; the next migration renames its related names and constraints."""

    dependencies = [
        ("orders", "0005_showroom_sales_in_the_ledger"),
    ]

    operations = [migrations.RenameModel("LedgerEntry", "EarningsEntry")]
