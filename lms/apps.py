from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_groups(sender, apps=None, **kwargs):
    from lms.groups import sync_group_permissions

    # ``migrate`` passes the migration state's apps; ``flush`` passes none and, like the
    # reference data of the data migrations, the groups stay flushed.
    if apps is not None:
        sync_group_permissions(apps, on_collections=True)


class LmsConfig(AppConfig):
    name = "lms"
    verbose_name = _("Training registry")

    def ready(self):
        # Once per migrate: post_migrate is sent once per app, this receiver takes lms's.
        # lms comes first, before other apps create their permissions, so
        # sync_group_permissions creates them itself.
        post_migrate.connect(_sync_groups, sender=self, dispatch_uid="lms_sync_groups")
