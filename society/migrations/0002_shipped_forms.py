from django.db import migrations


def install(apps, schema_editor):
    from society import shipped

    shipped.install(
        apps.get_model("society", "ReturnForm"),
        apps.get_model("society", "ReturnField"),
        apps.get_model("society", "ReturnRule"),
    )


class Migration(migrations.Migration):
    dependencies = [("society", "0001_initial")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
