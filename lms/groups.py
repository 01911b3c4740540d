"""The four user groups and the permissions each holds.

Created by migration lms.0003 and brought up to date after every ``migrate`` (see
LmsConfig.ready), so an app that adds models only extends GROUP_PERMISSIONS.
"""

LEARNERS = "Learners"
TRAINERS = "Trainers"
PROGRAMME_STAFF = "Programme staff"
ADMINISTRATORS = "Administrators"

# Sector code -> the group of that sector's trainers, who edit its course section
# (courses/permissions.py) and act on its courses (lms/access.py).
SECTOR_TRAINER_GROUPS = {
    "police": "Police trainers",
    "prosecutor": "Prosecutor trainers",
    "judge": "Judge trainers",
    "defence": "Defence attorney trainers",
    "social-welfare": "Social welfare trainers",
}

# Apps whose permissions Wagtail reads per collection (GroupCollectionPermission), never from
# the group's own permissions: a group's permissions of these apps hold on the root collection.
COLLECTION_APPS = {"wagtailimages", "wagtaildocs"}

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
        # The manual: trainer notes in case studies, and the glossary.
        "courses.view_trainer_notes",
        "courses.add_glossaryterm",
        "courses.change_glossaryterm",
        "courses.view_glossaryterm",
        # Translate pages from the page menu (wagtail.contrib.simple_translation).
        "simple_translation.submit_translation",
        # Training events: plan them, register people, mark and import attendance.
        "courses.view_programme",
        "courses.add_trainingevent",
        "courses.change_trainingevent",
        "courses.view_trainingevent",
        "courses.add_participation",
        "courses.change_participation",
        "courses.view_participation",
        "courses.add_attendance",
        "courses.change_attendance",
        "courses.view_attendance",
        # The indicator reports of the events they train.
        "reports.view_own_event_reports",
        # Certificates: issue participation certificates, download them (course pages are
        # granted per sector subtree, see courses/permissions.py).
        "courses.add_certificate",
        "courses.view_certificate",
        "courses.view_enrolment",
        # Quizzes: build the question bank, print papers, import paper results, item analysis.
        "assessments.view_quiz",
        "assessments.add_quiz",
        "assessments.change_quiz",
        "assessments.view_question",
        "assessments.add_question",
        "assessments.change_question",
        "assessments.delete_question",
        "assessments.view_vignette",
        "assessments.add_vignette",
        "assessments.change_vignette",
        "assessments.view_tag",
        "assessments.add_tag",
        "assessments.view_attempt",
        "assessments.add_attempt",
        "assessments.change_attempt",
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
        # The manual's trainer notes (staff observe and co-train workshops).
        "courses.view_trainer_notes",
        # Training events and the registry's duplicate merges.
        "courses.view_programme",
        "courses.add_trainingevent",
        "courses.change_trainingevent",
        "courses.delete_trainingevent",
        "courses.view_trainingevent",
        "courses.add_participation",
        "courses.change_participation",
        "courses.delete_participation",
        "courses.view_participation",
        "courses.add_attendance",
        "courses.change_attendance",
        "courses.view_attendance",
        "lms.add_personmerge",
        "lms.view_personmerge",
        # Indicator reports, targets, and locking and reopening submitted quarters.
        "reports.view_reports",
        "reports.add_indicatortarget",
        "reports.change_indicatortarget",
        "reports.delete_indicatortarget",
        "reports.view_indicatortarget",
        "reports.add_quartersubmission",
        "reports.change_quartersubmission",
        "reports.view_quartersubmission",
        # Certificates: issue, download and revoke.
        "courses.add_certificate",
        "courses.change_certificate",
        "courses.view_certificate",
        "courses.view_enrolment",
        # Quizzes: pre/post results and item analysis; import paper results.
        "assessments.view_quiz",
        "assessments.view_question",
        "assessments.view_attempt",
        "assessments.add_attempt",
    ],
    ADMINISTRATORS: "__all__",
}


def sync_group_permissions(apps, on_collections=False):
    """Create the groups and grant their permissions; safe to run any number of times.

    Collection permissions only with ``on_collections`` (after ``migrate``, see LmsConfig):
    migrations run before Wagtail's own migrations copy model permissions to collections,
    which would then meet ours.
    """
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
        wanted = {tuple(perm.split(".")) for perm in perms}
        # One query for the group's permissions rather than one per permission.
        candidates = Permission.objects.filter(
            codename__in={codename for _app, codename in wanted}
        ).select_related("content_type")
        granted = [p for p in candidates if (p.content_type.app_label, p.codename) in wanted]
        group.permissions.add(*granted)
        if on_collections:
            _grant_on_root_collection(
                apps, group, [p for p in granted if p.content_type.app_label in COLLECTION_APPS]
            )


def _grant_on_root_collection(apps, group, permissions):
    """Hold ``permissions`` on the root collection, so they cover every image and document."""
    if not permissions:
        return
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    root = Collection.objects.filter(depth=1).first()
    if root is None:
        return
    for permission in permissions:
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=root, permission=permission
        )
