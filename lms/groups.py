"""The four user groups and the permissions each holds.

Created by migration lms.0003 and brought up to date after every ``migrate`` (see
LmsConfig.ready), so an app that adds models only extends GROUP_PERMISSIONS.
"""

LEARNERS = "Learners"
TRAINERS = "Trainers"
PROGRAMME_STAFF = "Programme staff"
ADMINISTRATORS = "Administrators"

# Group -> list of "app_label.codename" permissions. Administrators get every permission.
GROUP_PERMISSIONS = {
    LEARNERS: [],
    TRAINERS: [
        "wagtailadmin.access_admin",
        "lms.view_province",
        "lms.view_sector",
        "lms.view_organisation",
        "lms.view_rank",
        "lms.add_person",
        "lms.change_person",
        "lms.view_person",
        "wagtailimages.add_image",
        "wagtailimages.choose_image",
        "wagtaildocs.add_document",
        "wagtaildocs.choose_document",
    ],
    PROGRAMME_STAFF: [
        "wagtailadmin.access_admin",
        "lms.view_province",
        "lms.view_sector",
        "lms.add_organisation",
        "lms.change_organisation",
        "lms.view_organisation",
        "lms.view_rank",
        "lms.add_person",
        "lms.change_person",
        "lms.view_person",
    ],
    ADMINISTRATORS: "__all__",
}


def sync_group_permissions(apps):
    """Create the groups and grant their permissions; safe to run any number of times."""
    from django.contrib.auth.management import create_permissions

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    # Permissions are normally created after all migrations run; create them now so
    # a fresh database gets its groups complete in one migrate.
    for app_config in apps.get_app_configs():
        models_module = getattr(app_config, "models_module", None)
        app_config.models_module = models_module or True  # historical apps have none
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = models_module

    for name, perms in GROUP_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        if perms == "__all__":
            group.permissions.set(Permission.objects.all())
            continue
        for perm in perms:
            app_label, codename = perm.split(".")
            permission = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if permission:
                group.permissions.add(permission)
