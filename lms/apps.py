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
        _allow_lao_slugs()

        from wagtail.signals import page_published

        from lms.translation import page_published as synchronise_on_publish

        page_published.connect(synchronise_on_publish, dispatch_uid="lms_synchronise_translations")

        from lms import reference_choices
        from lms.models import Organisation, Province, Sector

        reference_choices.connect(Organisation, Province, Sector)

        from lms import page_cache

        page_cache.connect_signals()


def _allow_lao_slugs():
    """Let page slugs spell Lao words whole.

    Django's Unicode slug rule (``\\w``) has no room for combining marks, and Lao writes
    most vowels and every tone mark as one: "ການຄ້າ" would have to be "ການຄາ". Page slugs
    take the same rule with Lao's block added (lms.page_forms makes such slugs).
    """
    from django.core.validators import validate_unicode_slug
    from wagtail.models import Page

    from lms.lao import validate_lao_slug

    field = Page._meta.get_field("slug")
    field.validators[:] = [
        validate_lao_slug if validator is validate_unicode_slug else validator
        for validator in field.validators
    ]
