"""Sector trainer groups and their Wagtail page permissions on their sector's course section.

Each sector's trainers ("Police trainers", ...) may add, edit and publish pages only in
the course section of their sector, in every language tree; a police trainer cannot
change the judges' course. Granted by migration 0004 for existing sections and on every
save of a section page (see CoursesConfig.ready), so new sections are covered too.
"""

from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupPagePermission

from lms.groups import SECTOR_TRAINER_GROUPS

SECTION_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]


def grant_section_permissions(
    section, group_model=Group, permission_model=Permission, grant_model=GroupPagePermission
):
    """Give the section's sector group its page permissions there, and no other sector group.

    The model arguments let a data migration pass its historical models.
    """
    sector_groups = group_model.objects.filter(name__in=SECTOR_TRAINER_GROUPS.values())
    grant_model.objects.filter(page_id=section.pk, group__in=sector_groups).delete()
    sector = section.sector
    if sector is None or sector.code not in SECTOR_TRAINER_GROUPS:
        return
    group, _ = group_model.objects.get_or_create(name=SECTOR_TRAINER_GROUPS[sector.code])
    permissions = permission_model.objects.filter(
        content_type__app_label="wagtailcore", codename__in=SECTION_PAGE_PERMISSIONS
    )
    for permission in permissions:
        grant_model.objects.get_or_create(group=group, page_id=section.pk, permission=permission)


def section_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        grant_section_permissions(instance)
