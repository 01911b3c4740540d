"""Create the sector trainer groups and give each its page permissions on its sector's
course sections (courses.permissions)."""

from django.db import migrations

from courses.permissions import SECTOR_TRAINER_GROUPS, grant_section_permissions


def create_sector_trainer_groups(apps, schema_editor):
    from lms.groups import sync_group_permissions

    # Creates the wagtailcore page permissions on a fresh database.
    sync_group_permissions(apps)
    Group = apps.get_model("auth", "Group")
    for name in SECTOR_TRAINER_GROUPS.values():
        Group.objects.get_or_create(name=name)
    CourseSectionPage = apps.get_model("courses", "CourseSectionPage")
    for section in CourseSectionPage.objects.select_related("sector"):
        grant_section_permissions(
            section,
            group_model=Group,
            permission_model=apps.get_model("auth", "Permission"),
            grant_model=apps.get_model("wagtailcore", "GroupPagePermission"),
        )


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0005_keep_lao_marks_in_sqlite_search"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.RunPython(create_sector_trainer_groups, migrations.RunPython.noop),
    ]
