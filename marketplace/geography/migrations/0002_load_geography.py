from django.db import migrations


def load(apps, schema_editor):
    from marketplace.geography.services import load_geography

    load_geography(apps=apps)


class Migration(migrations.Migration):
    dependencies = [("geography", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop, elidable=False)]
