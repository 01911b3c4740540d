from django.db import migrations

from lms.groups import sync_group_permissions


def create_groups(apps, schema_editor):
    sync_group_permissions(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("lms", "0002_load_reference_data"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailimages", "0001_squashed_0021"),
        ("wagtaildocs", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
