"""The permission matrix: every URL the project serves, asked by every role.

The routes come from Django's resolver (site, admin, Wagtail's snippet and model views,
the language-prefixed site), so a new view shows up here by itself, and the test fails
until EXPECTED (one row per project route) or a RULE (Wagtail's own admin, in bulk) says
who may open it. Each row gives every role's answer to a GET (or to the row's POST):

    200         exactly 200
    "ok"        any 2xx, or a 3xx that is not to a login page (an action that went through)
    "login"     a redirect to the site's sign-in page (anonymous on a private site page)
    "admin"     a redirect to Wagtail's admin sign-in: what Wagtail answers anonymous users
                AND signed-in users without admin access (learners) on every admin URL
    403, 404    exactly that status
    "no"        refused: 403, 404, or Wagtail's own permission-denied answer in the admin
                (a redirect to the admin dashboard /admin/ with "Sorry, you do not have
                permission"), whether for the role or because the object (E1, learner A's
                records) is outside the user's scope
    "!2xx"      anything but a 2xx (Wagtail's document URLs, with no document stored)
    400, 405    exactly that status (a bad or empty form post, a POST-only URL)
    500         a deliberate server error (Wagtail's /admin/failwhale/ for administrators)

URL arguments are filled from the matrix world (tests/matrix_fixtures.py): event ids are
E1 (trained by trainer X, police), session ids E1's first session, person ids learner A's,
attempt ids and uuids learner A's post-test attempt on E1, certificate ids learner A's
certificate of E1 and the police course. So trainer Y (judges) asked about E1 is the
"trainer of another event/sector" case, and learner B asked about learner A's things is
the "another learner" case.

The write actions (POSTs) are checked apart at the end: a refused POST changes nothing.
"""

import re
import uuid
from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import LocalePrefixPattern, RoutePattern
from django.utils import translation

from tests.matrix_fixtures import ROLES, build_world, role_clients, role_sessions

pytestmark = pytest.mark.django_db

A, B, X, Y, STAFF, ADMIN, ANON = (
    "learner_a",
    "learner_b",
    "trainer_x",
    "trainer_y",
    "staff",
    "admin",
    "anonymous",
)


# Routes -------------------------------------------------------------------------------------


def _walk(patterns, prefix="", namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            part = (
                "[lang]/" if isinstance(entry.pattern, LocalePrefixPattern) else str(entry.pattern)
            )
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from _walk(entry.url_patterns, prefix + part, inner)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
            yield prefix + str(entry.pattern), name, entry


def project_routes() -> dict[str, tuple[str, str | None, URLPattern]]:
    """Every served URL pattern by its key: its namespaced name, or its route if unnamed."""
    routes = {}
    for route, name, pattern in _walk(get_resolver().url_patterns):
        key = name or f"route:{route}"
        if key in routes:
            key = f"{key} ({route})"
        routes[key] = (route, name, pattern)
    return routes


def _arguments(route: str, pattern: URLPattern) -> list[tuple[str, str]]:
    """(name, converter) of each argument of the route."""
    if isinstance(pattern.pattern, RoutePattern):
        return [(name, conv) for conv, name in re.findall(r"<(?:(\w+):)?(\w+)>", route)] or []
    return [(name, "str") for name in re.compile(pattern.pattern.regex.pattern).groupindex]


# Expectations -------------------------------------------------------------------------------


def row(*, anonymous, learner_a, learner_b=None, trainer_x, trainer_y=None, staff, admin):
    """One route's answers; learner B and trainer Y answer as A and X unless told."""
    return {
        ANON: anonymous,
        A: learner_a,
        B: learner_a if learner_b is None else learner_b,
        X: trainer_x,
        Y: trainer_x if trainer_y is None else trainer_y,
        STAFF: staff,
        ADMIN: admin,
    }


def public(code=200):
    """A public page: the same answer for everyone."""
    return dict.fromkeys(ROLES, code)


def site(*, a, b=None, x=None, y=None, staff=None, admin=None):
    """A private site page: anonymous is sent to sign in; others default to learner A's."""
    return row(
        anonymous="login",
        learner_a=a,
        learner_b=a if b is None else b,
        trainer_x=a if x is None else x,
        trainer_y=(a if x is None else x) if y is None else y,
        staff=a if staff is None else staff,
        admin=a if admin is None else admin,
    )


def admin(*, x, y=None, staff, admin="ok"):
    """An admin page: anonymous and learners get Wagtail's admin sign-in redirect."""
    return row(
        anonymous="admin",
        learner_a="admin",
        trainer_x=x,
        trainer_y=y,
        staff=staff,
        admin=admin,
    )


# Shorthands for the common admin rows.
EVERY_ADMIN_USER = admin(x=200, staff=200, admin=200)
ADMIN_ONLY = admin(x="no", staff="no", admin=200)
STAFF_AND_ADMIN = admin(x="no", staff=200, admin=200)
# E1 (or an object of E1 / of learner A): its trainer X and staff may, trainer Y may not.
E1_OBJECT = admin(x=200, y="no", staff=200, admin=200)
# Deleting the matrix's object, which records stand on: the administrator is shown the list
# of those records and nothing is deleted (409); everyone else is refused.
ADMIN_ONLY_KEPT = admin(x="no", staff="no", admin=409)


def snippet_rows(model, *, list_, add, edit, delete, history=None, usage=None, copy=None, extra=()):
    """The rows of one snippet viewset's views (list, add, edit, delete, usage, history, copy)."""
    history = edit if history is None else history
    rows = {
        "list": list_,
        "list_results": list_,
        "add": add,
        "edit": edit,
        "delete": delete,
        "usage": edit if usage is None else usage,
        "history": history,
        "history_results": history,
        "copy": add if copy is None else copy,
    }
    rows.update(dict(extra))
    return {f"wagtailsnippets_{model}:{view}": answer for view, answer in rows.items()}


def chooser_rows(model, answer, chosen=None):
    """A snippet chooser's views; ``chosen`` is the answer for one object (the matrix's)."""
    rows = {
        f"wagtailsnippetchoosers_{model}:{view}": answer
        for view in ("choose", "choose_results", "chosen_multiple", "create")
    }
    rows[f"wagtailsnippetchoosers_{model}:chosen"] = answer if chosen is None else chosen
    return rows


# Wagtail's choosers answer every admin user (they check admin access only); the lists
# of non-personal things (tags, vignettes, glossary terms) are shown to staff too.
CHOOSER = admin(x="ok", staff="ok", admin="ok")


# Reference lists every trainer and staff member reads (choosers, filters) but only
# administrators change.
REFERENCE = {
    "list_": EVERY_ADMIN_USER,
    "add": ADMIN_ONLY,
    "edit": ADMIN_ONLY,
    "delete": ADMIN_ONLY,
    "history": ADMIN_ONLY,
}

EXPECTED: dict[str, dict] = {
    # --- Public site ------------------------------------------------------------------
    "wagtail_serve": public(),  # the home page; every live page answers the same way
    "search": public(),
    "login": public(),
    # The load balancer's probe: database, cache, storage, task worker (lms.health).
    "health": public(),
    "courses:register": row(  # signed-in users are sent to their learning page
        anonymous=200, learner_a="ok", trainer_x="ok", staff="ok", admin="ok"
    ),
    "courses:password_reset": public(),
    "courses:password_reset_done": public(),
    "courses:password_reset_complete": public(),
    "courses:password_reset_confirm": public(),  # an invalid link: a page that says so
    "courses:set_password_with_code": public(),
    "courses:verify_certificate": public(),  # learner A's certificate code
    "courses:verify_form": public(),
    "switch_language": public("ok"),
    "logout": public(405),  # POST only (Django's LogoutView)
    "wagtailcore_login": public(),
    "wagtailcore_authenticate_with_password": public(404),  # no page restriction exists
    # --- Learners' own pages ------------------------------------------------------------
    # Trainers are officials with a registry record: they learn and take quizzes too.
    # Staff and administrators without one have no learning page.
    "courses:my_learning": site(a=200),
    "courses:enrol": site(a="ok", x="ok", staff=404, admin=404),  # POST
    "courses:complete_lesson": site(a="ok", b=404, x=404, staff=404, admin=404),  # POST
    "courses:certificate_pdf": site(a=200, b=404, x=404, staff=404, admin=404),
    "assessments:start": site(a="ok", x="ok", staff="no", admin="no"),
    "assessments:attempt": site(a="ok", b=404, x=404, staff=404, admin=404),
    "assessments:confirm": site(a="ok", b=404, x=404, staff=404, admin=404),
    "assessments:review": site(a=200, b=404, x=404, staff=404, admin=404),
    # --- Attendance marking on a phone (site URL, admin users only) ------------------------
    "events:mark_session": site(a=403, x=200, y="no", staff=200, admin=200),
    # --- Admin: home, account, the admin's own sign-in ------------------------------------
    "wagtailadmin_home": EVERY_ADMIN_USER,
    "wagtailadmin_account": EVERY_ADMIN_USER,
    "wagtailadmin_login": public("ok"),  # signed-in admin users are sent on to the admin
    "wagtailadmin_logout": admin(x=405, staff=405, admin=405),  # POST only
    "wagtailadmin_password_reset": public(),
    "wagtailadmin_password_reset_done": public(),
    "wagtailadmin_password_reset_confirm": public(),
    "wagtailadmin_password_reset_complete": public(),
    "wagtailadmin_sprite": public(),
    "wagtailadmin_javascript_catalog": public(),
    "route:admin/^.*/$": admin(x=404, staff=404, admin=404),  # unknown admin URLs
    "route:admin/test404/": EVERY_ADMIN_USER,  # Wagtail's "page not found" template, 200
    "wagtailadmin_error_test": admin(x=500, staff=500, admin=500),  # raises on purpose
    # --- Training events --------------------------------------------------------------
    **snippet_rows(
        "courses_trainingevent",
        list_=EVERY_ADMIN_USER,  # each trainer's list holds only their events
        add=EVERY_ADMIN_USER,
        edit=E1_OBJECT,
        delete=STAFF_AND_ADMIN,
        copy=E1_OBJECT,
    ),
    **snippet_rows(
        "courses_attendance",  # the mark is E1's
        list_=EVERY_ADMIN_USER,
        # Marks are made on the marking page or by import, never added here, not even by
        # administrators (courses.events.admin.AttendancePermissionPolicy).
        add=admin(x="no", staff="no", admin="no"),
        edit=E1_OBJECT,
        delete=ADMIN_ONLY,
        copy=admin(x="no", staff="no", admin="no"),
    ),
    **snippet_rows(
        "courses_programme",
        list_=EVERY_ADMIN_USER,
        add=ADMIN_ONLY,
        edit=ADMIN_ONLY,
        delete=ADMIN_ONLY_KEPT,
    ),
    "events_admin:event": E1_OBJECT,
    "events_admin:import": E1_OBJECT,
    "events_admin:export": E1_OBJECT,
    "events_admin:signin_pdf": E1_OBJECT,
    "events_admin:duplicates": STAFF_AND_ADMIN,
    "events_admin:merges": STAFF_AND_ADMIN,  # the merge log (a report view)
    "events_admin:merge": admin(x="no", staff="ok", admin="ok"),  # POST
    "events_admin:undo": admin(x="no", staff=404, admin=404),  # POST; no merge to undo
    # --- Registry ---------------------------------------------------------------------
    **snippet_rows(
        "lms_person",  # learner A: a police official at trainer X's event
        list_=EVERY_ADMIN_USER,  # each trainer's list holds only their people
        add=EVERY_ADMIN_USER,
        edit=E1_OBJECT,
        delete=ADMIN_ONLY,
        copy=E1_OBJECT,
    ),
    **snippet_rows(
        "lms_organisation",
        list_=EVERY_ADMIN_USER,
        add=STAFF_AND_ADMIN,
        edit=STAFF_AND_ADMIN,
        delete=ADMIN_ONLY_KEPT,
    ),
    **snippet_rows("lms_province", **{**REFERENCE, "delete": ADMIN_ONLY_KEPT}),
    **snippet_rows("lms_sector", **{**REFERENCE, "delete": ADMIN_ONLY_KEPT}),
    **snippet_rows("lms_rank", **REFERENCE),
    # --- Learner accounts and certificates ------------------------------------------------
    "courses_admin:learner_accounts": EVERY_ADMIN_USER,
    "courses_admin:learner_accounts_results": EVERY_ADMIN_USER,
    "courses_admin:workshop_accounts": E1_OBJECT,
    "courses_admin:access_code": admin(x="ok", y="no", staff="ok", admin="ok"),  # POST
    # Registration claims: each trainer sees the claims on their people; no claim with
    # the id asked exists, so the POSTs answer 404 to those allowed in.
    "courses_admin:claims": EVERY_ADMIN_USER,
    "courses_admin:claims_results": EVERY_ADMIN_USER,
    "courses_admin:claim_confirm": admin(x=404, staff=404, admin=404),  # POST
    "courses_admin:claim_reject": admin(x=404, staff=404, admin=404),  # POST
    # Sign-in lockouts: staff and administrators unlock; no lockout with the id asked.
    "courses_admin:lockouts": STAFF_AND_ADMIN,
    "courses_admin:lockout_unlock": admin(x="no", staff=404, admin=404),  # POST
    "courses_admin:certificates": EVERY_ADMIN_USER,  # each trainer sees their events' only
    "courses_admin:certificates_results": EVERY_ADMIN_USER,
    "courses_admin:certificate_pdf": E1_OBJECT,
    "courses_admin:certificate_zip": E1_OBJECT,  # ?event=E1
    "courses_admin:certificate_issue": EVERY_ADMIN_USER,
    "courses_admin:event_certificates": E1_OBJECT,  # GET: the preview; POST confirms
    "courses_admin:certificate_revoke": admin(x="no", staff=200, admin=200),
    # --- Files prepared in the background (lms.jobs): the one who asked, and administrators.
    "jobs:status": admin(x=200, y="no", staff="no", admin=200),  # trainer X's job
    "jobs:file": admin(x=200, y="no", staff="no", admin=200),
    # --- Quizzes ---------------------------------------------------------------------
    **snippet_rows(
        "assessments_quiz",
        list_=EVERY_ADMIN_USER,
        add=admin(x=200, staff="no", admin=200),
        edit=admin(x=200, staff="no", admin=200),
        delete=ADMIN_ONLY_KEPT,
        history=admin(x=200, staff="no", admin=200),
        extra={
            "preview_on_add": admin(x="ok", staff="no", admin="ok"),
            "preview_on_edit": admin(x="ok", staff="no", admin="ok"),
        },
    ),
    **snippet_rows(
        "assessments_question",
        list_=EVERY_ADMIN_USER,
        add=admin(x=200, staff="no", admin=200),
        edit=admin(x=200, staff="no", admin=200),
        delete=ADMIN_ONLY_KEPT,
        history=admin(x=200, staff="no", admin=200),
        extra={
            "preview_on_add": admin(x="ok", staff="no", admin="ok"),
            "preview_on_edit": admin(x="ok", staff="no", admin="ok"),
        },
    ),
    **snippet_rows(
        "assessments_vignette",
        list_=admin(x=200, staff="no", admin=200),
        add=admin(x=200, staff="no", admin=200),
        edit=admin(x=200, staff="no", admin=200),
        delete=ADMIN_ONLY,
    ),
    **snippet_rows(
        "assessments_tag",
        list_=admin(x=200, staff="no", admin=200),
        add=admin(x=200, staff="no", admin=200),
        edit=ADMIN_ONLY,
        delete=ADMIN_ONLY,
        usage=admin(x="no", staff="no", admin=200),
        history=admin(x=200, staff="no", admin=200),
    ),
    **snippet_rows(
        "assessments_attempt",  # learner A's post-test on E1
        list_=EVERY_ADMIN_USER,  # each trainer sees their events' and courses' attempts
        add=EVERY_ADMIN_USER,  # a paper result typed in (staff import paper results too)
        edit=admin(x=200, y="no", staff="no", admin=200),
        delete=ADMIN_ONLY,
        history=E1_OBJECT,
        usage=admin(x=200, y="no", staff="no", admin=200),  # Wagtail asks for change
        copy=E1_OBJECT,
        extra={"inspect": E1_OBJECT},
    ),
    # Trainers' quiz tools. Results and analysis count only the attempts of the viewer's
    # events and courses; ?event=E1 names trainer X's event. Papers print any quiz.
    "assessments_admin:results": E1_OBJECT,  # ?event=E1
    "assessments_admin:analysis": EVERY_ADMIN_USER,
    "assessments_admin:paper": EVERY_ADMIN_USER,
    "assessments_admin:import_scores": EVERY_ADMIN_USER,
    "assessments_admin:import_questions": admin(x=200, staff="no", admin=200),
    # --- Manual: glossary and translation status --------------------------------------
    **snippet_rows(
        "courses_glossaryterm",
        list_=admin(x=200, staff="no", admin=200),
        add=admin(x=200, staff="no", admin=200),
        edit=admin(x=200, staff="no", admin=200),
        delete=ADMIN_ONLY,
    ),
    "courses_translation_status": admin(x=200, staff="no", admin=200),
    "courses_translation_status_results": admin(x=200, staff="no", admin=200),
    # --- Indicator reports --------------------------------------------------------------
    # Trainers see the figures of the events they train (reports.view_own_event_reports).
    "lms_reports:dashboard": EVERY_ADMIN_USER,
    "lms_reports:drilldown": EVERY_ADMIN_USER,  # kind=trained
    "lms_reports:breakdown_export": EVERY_ADMIN_USER,  # key=sector
    "lms_reports:workbook": EVERY_ADMIN_USER,
    "lms_reports:lock": admin(x="no", staff="ok", admin="ok"),  # POST, empty: "choose a quarter"
    # GET: the confirmation with the reason field; the world's locked quarter.
    "lms_reports:reopen": admin(x="no", staff=200, admin=200),
    "indicator_targets:index": STAFF_AND_ADMIN,
    "indicator_targets:index_results": STAFF_AND_ADMIN,
    "indicator_targets:add": STAFF_AND_ADMIN,
    "indicator_targets:edit": STAFF_AND_ADMIN,
    "indicator_targets:delete": STAFF_AND_ADMIN,
    "indicator_targets:history": STAFF_AND_ADMIN,
    "indicator_targets:history_results": STAFF_AND_ADMIN,
    "indicator_targets:usage": STAFF_AND_ADMIN,
    "indicator_targets:copy": STAFF_AND_ADMIN,
    # --- Snippet choosers (inside forms) ------------------------------------------------
    # Choosing a person or an attempt shows a name: one outside the user's scope (learner A
    # for trainer Y) is refused.
    **chooser_rows("lms_person", CHOOSER, chosen=E1_OBJECT),
    # Course chooser: the user's courses only (lms.access.managed_courses); never creates.
    "courses_chooser:choose": CHOOSER,
    "courses_chooser:choose_results": CHOOSER,
    "courses_chooser:chosen_multiple": CHOOSER,
    "courses_chooser:chosen": E1_OBJECT,  # the police course (ROUTE_KWARGS)
    "courses_chooser:create": admin(x="no", staff="no", admin="no"),
    # Account chooser (the person form's "user"): administrators only, learners' accounts.
    "lms_user_chooser:choose": CHOOSER,  # others get an empty list
    "lms_user_chooser:choose_results": CHOOSER,
    "lms_user_chooser:chosen_multiple": CHOOSER,
    "lms_user_chooser:chosen": admin(x="no", staff="no", admin=200),
    "lms_user_chooser:create": admin(x="no", staff="no", admin="no"),
    **chooser_rows("assessments_attempt", CHOOSER, chosen=E1_OBJECT),
    **chooser_rows("lms_organisation", CHOOSER),
    **chooser_rows("lms_province", CHOOSER),
    **chooser_rows("lms_sector", CHOOSER),
    **chooser_rows("lms_rank", CHOOSER),
    **chooser_rows("courses_trainingevent", CHOOSER, chosen=E1_OBJECT),
    **chooser_rows("courses_programme", CHOOSER),
    **chooser_rows("courses_glossaryterm", CHOOSER),
    **chooser_rows("courses_attendance", CHOOSER, chosen=E1_OBJECT),
    **chooser_rows("assessments_quiz", CHOOSER),
    **chooser_rows("assessments_question", CHOOSER),
    **chooser_rows("assessments_vignette", CHOOSER),
    **chooser_rows("assessments_tag", CHOOSER),
    # Wagtail's list of snippet types sends everyone on to the dashboard (each snippet
    # type has its own menu item).
    "wagtailsnippets:index": admin(x="ok", staff="ok", admin="ok"),
}

# Wagtail's own admin, classified in bulk. A rule names what it covers and the one thing
# checked: anonymous users and learners are refused (Wagtail's admin sign-in redirect);
# what trainers, staff and administrators get there is Wagtail's own permission system.
WAGTAIL_BUILT_IN = "wagtail built-in admin: staff/admin only as Wagtail decides"
RULES: list[tuple[str, Callable[[str, str], bool]]] = [
    (
        WAGTAIL_BUILT_IN,
        lambda key, route: (
            route.startswith("admin/")
            and key.split(":")[0]
            in {
                "wagtailadmin_pages",
                "wagtailadmin_workflows",
                "wagtailadmin_reports",
                "wagtailadmin_api",
                "wagtailadmin_collections",
                "wagtailadmin_editing_sessions",
                "wagtailusers_users",
                "wagtailusers_groups",
                "wagtailsites",
                "wagtaillocales",
                "wagtailredirects",
                "wagtailsettings",
                "wagtailforms",
                "wagtailembeds",
                "wagtailimages",
                "wagtailimages_chooser",
                "wagtaildocs",
                "wagtaildocs_chooser",
                "simple_translation",
                "wagtailadmin_explore_root",
                "wagtailadmin_explore",
                "wagtailadmin_explore_results",
                "wagtail_bulk_action",
                "wagtailadmin_choose_page",
                "wagtailadmin_choose_page_child",
                "wagtailadmin_choose_page_search",
                "wagtailadmin_choose_page_chosen_multiple",
                "wagtailadmin_choose_page_external_link",
                "wagtailadmin_choose_page_email_link",
                "wagtailadmin_choose_page_phone_link",
                "wagtailadmin_choose_page_anchor_link",
                "wagtailadmin_tag_autocomplete",
                "wagtailadmin_tag_model_autocomplete",
                "wagtailadmin_dismissibles",
                "wagtailadmin_block_preview",
            }
        ),
    ),
    (
        "wagtail documents outside the admin: private documents as Wagtail decides",
        lambda key, route: route.startswith("documents/"),
    ),
]
RULE_EXPECTED = {ANON: "admin", A: "admin"}
# Documents served outside the admin: none exists, so anonymous and learners get 404.
RULE_EXPECTED_OUTSIDE_ADMIN = {ANON: "!2xx", A: "!2xx"}


def rule_for(key: str, route: str) -> str | None:
    return next((name for name, applies in RULES if applies(key, route)), None)


# Requests: URL arguments and POST bodies --------------------------------------------------

SNIPPET_OBJECTS = {
    "lms_person": lambda w: w.people.a,
    "lms_organisation": lambda w: w.organisation,
    "lms_province": lambda w: w.province,
    "lms_sector": lambda w: w.sector,
    "lms_rank": lambda w: w.rank,
    "courses_trainingevent": lambda w: w.e1,
    "courses_attendance": lambda w: w.e1_mark,
    "courses_programme": lambda w: w.e1.programme,
    "courses_glossaryterm": lambda w: w.glossary,
    "assessments_quiz": lambda w: w.quiz,
    "assessments_question": lambda w: w.quiz.quiz_questions.first().question,
    "assessments_vignette": lambda w: w.vignette,
    "assessments_tag": lambda w: w.tag,
    "assessments_attempt": lambda w: w.attempt,
    "indicator_targets": lambda w: w.target,
}
# Per-route arguments, where the argument's name alone does not say which object.
ROUTE_KWARGS = {
    "courses_admin:event_certificates": lambda w: {"pk": w.e1.pk},
    "lms_reports:reopen": lambda w: {"pk": w.submission.pk},
    "jobs:status": lambda w: {"pk": w.job.pk},
    "jobs:file": lambda w: {"pk": w.job.pk},
    "courses_chooser:chosen": lambda w: {"pk": w.course.pk},
    "lms_user_chooser:chosen": lambda w: {"pk": w.people.a.user_id},
    "courses:enrol": lambda w: {"course_id": w.course.pk},
    "courses:complete_lesson": lambda w: {"lesson_id": w.lesson.pk},
    "courses:certificate_pdf": lambda w: {"pk": w.certificate.pk},
    "courses:verify_certificate": lambda w: {"code": w.certificate.code},
    "courses:password_reset_confirm": lambda w: {"uidb64": "MQ", "token": "set-password"},
    "wagtailadmin_password_reset_confirm": lambda w: {"uidb64": "MQ", "token": "x-y"},
    "assessments:start": lambda w: {"pk": w.quiz.pk},
    "assessments_admin:analysis": lambda w: {"pk": w.quiz.pk},
    "assessments_admin:paper": lambda w: {"pk": w.quiz.pk, "form": "A", "document": "test"},
    "courses_admin:claim_confirm": lambda w: {"claim_id": 999999},
    "courses_admin:claim_reject": lambda w: {"claim_id": 999999},
    "courses_admin:lockout_unlock": lambda w: {"attempt_id": 999999},
    "courses_admin:certificate_pdf": lambda w: {"pk": w.certificate.pk},
    "courses_admin:certificate_revoke": lambda w: {"pk": w.certificate.pk},
    "events_admin:export": lambda w: {"pk": w.e1.pk, "file_format": "xlsx"},
    "events_admin:undo": lambda w: {"pk": 999999},
    "lms_reports:drilldown": lambda w: {"kind": "trained"},
    "lms_reports:breakdown_export": lambda w: {"key": "sector"},
    "wagtailcore_authenticate_with_password": lambda w: {
        "page_view_restriction_id": 999999,
        "page_id": w.home.pk,
    },
}
# Arguments by name, for the rest.
KWARG_DEFAULTS = {
    "event_id": lambda w: w.e1.pk,
    "session_id": lambda w: w.e1_session.pk,
    "person_id": lambda w: w.people.a.pk,
    "public_id": lambda w: w.attempt.public_id,
    "course_id": lambda w: w.course.pk,
    "attempt_id": lambda w: w.attempt.pk,
    "certificate_id": lambda w: w.certificate.pk,
    "quiz_id": lambda w: w.quiz.pk,
    "lesson_id": lambda w: w.lesson.pk,
    "page_id": lambda w: w.home.pk,
}
# Fixed URLs for what cannot be reversed.
LITERAL_URLS = {
    "wagtail_serve": lambda w: w.home.url,
    "route:admin/^.*/$": lambda w: "/admin/no-such-page/",
    "route:admin/test404/": lambda w: "/admin/test404/",
    "wagtaildocs_serve": lambda w: "/documents/999999/missing.pdf",
}
QUERY = {
    "courses_admin:certificate_zip": lambda w: f"?event={w.e1.pk}",
    "assessments_admin:results": lambda w: f"?event={w.e1.pk}",
    "switch_language": lambda w: "?language=en&next=/",
}
# Routes asked with a POST in the matrix (POST-only views), and the body sent.
POST_BODY = {
    "courses:enrol": lambda w: {},
    "courses:complete_lesson": lambda w: {},
    "logout": lambda w: None,  # asked with a GET: Django's LogoutView answers 405
    "events_admin:merge": lambda w: {},
    "events_admin:undo": lambda w: {},
    "courses_admin:access_code": lambda w: {},
    "courses_admin:claim_confirm": lambda w: {},
    "courses_admin:claim_reject": lambda w: {},
    "courses_admin:lockout_unlock": lambda w: {},
    "lms_reports:lock": lambda w: {},
}
DEFAULT_BY_CONVERTER = {"int": 1, "str": "x", "slug": "x", "path": "x", "uuid": uuid.UUID(int=1)}


def url_for(world, key, route, name, pattern) -> str:
    if key in LITERAL_URLS:
        return LITERAL_URLS[key](world)
    arguments = _arguments(route, pattern)
    if key in ROUTE_KWARGS:
        kwargs = ROUTE_KWARGS[key](world)
    else:
        model = key.split(":")[0].removeprefix("wagtailsnippets_")
        model = model.removeprefix("wagtailsnippetchoosers_")
        kwargs = {}
        for argument, converter in arguments:
            if argument == "pk" and model in SNIPPET_OBJECTS:
                kwargs[argument] = SNIPPET_OBJECTS[model](world).pk
            elif argument in KWARG_DEFAULTS:
                kwargs[argument] = KWARG_DEFAULTS[argument](world)
            elif argument == "pk" and key.startswith("events_admin:"):
                kwargs[argument] = world.e1.pk
            else:
                kwargs[argument] = DEFAULT_BY_CONVERTER.get(converter, "x")
    with translation.override("en"):
        try:
            url = reverse(name, kwargs=kwargs)
        except NoReverseMatch:
            # Wagtail's own routes with narrow patterns (revisions "1...2"): any id will do
            # for a check that the caller is refused before the view runs.
            url = reverse(name, kwargs=dict.fromkeys(kwargs, "1"))
    return url + (QUERY[key](world) if key in QUERY else "")


# The world and the clients ---------------------------------------------------------------


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The matrix world, built once for the module in a transaction rolled back at its end;
    each test runs inside it in a savepoint of its own."""
    with django_db_blocker.unblock(), transaction.atomic():
        built = build_world()
        from assessments.models import Tag, Vignette
        from lms.reports.models import IndicatorTarget, QuarterSubmission

        built.vignette = Vignette.objects.create(title_en="A case", title_lo="ກໍລະນີ")
        built.tag = Tag.objects.create(code="tip-law", kind="topic", name_en="Law", name_lo="ກົດໝາຍ")
        built.target = IndicatorTarget.objects.create(
            indicator="persons_trained", period_kind="fy", year=2026, value=100
        )
        built.submission = QuarterSubmission.objects.create(
            fiscal_year=2026, quarter=1, figures={"indicators": {}, "breakdowns": {}}
        )
        built.job = _ready_job(built.users.trainer_x)
        built.sessions = role_sessions(built)
        yield built
        transaction.set_rollback(True)


def _ready_job(user):
    """A ZIP trainer X asked for, built."""
    from django.core.files.base import ContentFile

    from lms.jobs.models import FileJob, JobStatus

    job = FileJob(
        requested_by=user,
        builder="matrix",
        key="matrix",
        title="Certificates",
        language="lo",
        status=JobStatus.READY,
        filename="certificates.zip",
    )
    job.save()  # the file's name holds the job's date
    job.file.save("certificates.zip", ContentFile(b"PK\x05\x06" + b"\0" * 18))
    return job


@pytest.fixture
def clients(world):
    return role_clients(world.sessions)


PROJECT_ADMIN_NAMESPACES = {
    "courses_admin",
    "events_admin",
    "assessments_admin",
    "lms_reports",
    "jobs",
}


def answer_matches(expected, response) -> bool:
    status = response.status_code
    location = response.get("Location", "") if 300 <= status < 400 else ""
    to_site_login = "/account/login/" in location
    to_admin_login = location.startswith("/admin/login/")
    if expected == "ok":
        return 200 <= status < 300 or (
            300 <= status < 400 and not (to_site_login or to_admin_login)
        )
    if expected == "login":
        return to_site_login
    if expected == "admin":
        return to_admin_login
    if expected == "no":
        return status in (403, 404) or (status == 302 and location == "/admin/")
    if expected == "403/404":
        return status in (403, 404)
    if expected == "!2xx":
        return not 200 <= status < 300
    return status == expected


def describe(response) -> str:
    location = response.get("Location", "")
    return f"{response.status_code}{' -> ' + location if location else ''}"


# The tests ---------------------------------------------------------------------------------

ROUTES = project_routes()


def test_every_route_is_classified():
    unclassified = sorted(
        f"{key}  [{route}]"
        for key, (route, _name, _pattern) in ROUTES.items()
        if key not in EXPECTED and rule_for(key, route) is None
    )
    assert not unclassified, (
        "Routes with no row in EXPECTED and no RULE (say who may open them):\n  "
        + "\n  ".join(unclassified)
    )


def test_every_row_names_a_served_route():
    stale = sorted(set(EXPECTED) - set(ROUTES))
    assert not stale, "Rows for routes the project no longer serves:\n  " + "\n  ".join(stale)


def _ask(client, world, key, url):
    body = POST_BODY[key](world) if key in POST_BODY else None
    if body is None:
        return client.get(url)
    return client.post(url, body)


@pytest.mark.parametrize("key", sorted(ROUTES))
def test_matrix(world, clients, key):
    route, name, pattern = ROUTES[key]
    if key in EXPECTED:
        expected = EXPECTED[key]
    else:
        rule = rule_for(key, route)
        assert rule, f"{key} [{route}] is unclassified"
        expected = RULE_EXPECTED if route.startswith("admin/") else RULE_EXPECTED_OUTSIDE_ADMIN
    url = url_for(world, key, route, name, pattern)
    # The project's own admin views refuse with 403 (lms.admin_auth), never Wagtail's redirect.
    strict = key.split(":")[0] in PROJECT_ADMIN_NAMESPACES
    wrong = []
    for role, answer in expected.items():
        answer = "403/404" if strict and answer == "no" else answer
        response = _ask(clients[role], world, key, url)
        if not answer_matches(answer, response):
            wrong.append(f"{role}: expected {answer!r}, got {describe(response)}")
    assert not wrong, f"{key} {url}\n  " + "\n  ".join(wrong)


# Write actions: a refused POST changes nothing ---------------------------------------------


def _refused(response) -> bool:
    """403/404, Wagtail's permission-denied redirect, or a redirect to sign in."""
    location = response.get("Location", "")
    return response.status_code in (403, 404) or (
        response.status_code == 302
        and (location == "/admin/" or "/login/" in location or "/account/login/" in location)
    )


def _admin_url(name, *args):
    with translation.override("en"):
        return reverse(name, args=args)


def _signin_import(client, w):
    """Upload a one-row sign-in sheet to E1, then confirm it with the token it was given."""
    url = _admin_url("events_admin:import", w.e1.pk)
    sheet = (
        "Lao name,Sex,Organisation,Phone,Session 1,Session 2\nວິໄລ ພົມມະວົງ,ຊ,ATD,02077771234,✓,✓\n"
    )
    first = client.post(url, {"sheet": SimpleUploadedFile("sheet.csv", sheet.encode())})
    # The token is the one the preview page carries in its form (lms.uploads, no session).
    token = (first.context.get("token") if first.context else None) or "none"
    second = client.post(url, {"action": "confirm", "token": token})
    return first if _refused(first) else second


def _issue_event_certificates(client, w):
    """Open E1's certificates preview, then confirm the list it showed."""
    url = _admin_url("courses_admin:event_certificates", w.e1.pk)
    first = client.get(url)
    plan = first.context.get("plan") if first.status_code == 200 and first.context else None
    second = client.post(url, {"plan": plan.fingerprint if plan else "none"})
    return first if _refused(first) else second


def _score_import(client, w):
    """Preview a paper score for E1's official, then confirm it."""
    url = _admin_url("assessments_admin:import_scores")
    scores = SimpleUploadedFile(
        "scores.csv", f"phone,name,score\n{w.people.official.phone},,55\n".encode()
    )
    data = {"action": "preview", "file": scores, "quiz": w.quiz.pk, "form": "A", "event": w.e1.pk}
    first = client.post(url, data)
    outcome = first.context.get("outcome") if first.context else None
    second = client.post(url, {"action": "confirm", "token": (outcome and outcome.token) or "none"})
    return first if _refused(first) else second


def _post(name, *args, data):
    """A POST to the URL named ``name``; ``args`` and ``data`` are functions of the world."""

    def send(client, w):
        return client.post(_admin_url(name, *(arg(w) for arg in args)), data(w))

    return send


def _count(model_label, **lookups):
    from django.apps import apps

    def count(w):
        resolved = {key: value(w) if callable(value) else value for key, value in lookups.items()}
        return apps.get_model(model_label).objects.filter(**resolved).count()

    return count


def _refused_or_not_offered(response) -> bool:
    """Refused, or the form shown again (200) because the event asked for is not among the
    ones it offers the user: the choice lists are narrowed to what the user manages."""
    return _refused(response) or response.status_code == 200


# action -> (send, what to measure, roles whose POST must change it, roles refused[, how a
# refusal may answer]).
WRITE_ACTIONS = {
    "reopen a locked quarter": (
        _post(
            "lms_reports:reopen",
            lambda w: w.submission.pk,
            data=lambda w: {"reason": "Attendance corrected"},
        ),
        _count("reports.QuarterSubmission", reopened_at__isnull=False),
        (STAFF,),
        (ANON, A, X, Y),
    ),
    "issue E1's certificates in one action": (
        _issue_event_certificates,
        _count("courses.Certificate", event=lambda w: w.e1),
        (X, STAFF),
        (ANON, A, Y),
    ),
    "prepare the ZIP of E1's certificates": (
        lambda client, w: client.post(
            _admin_url("courses_admin:certificate_zip") + f"?event={w.e1.pk}", {}
        ),
        _count("jobs.FileJob", requested_by__isnull=False, status="queued"),
        (X, STAFF),
        (ANON, A, Y),
    ),
    "register a participant in E1": (
        _post(
            "events_admin:event",
            lambda w: w.e1.pk,
            data=lambda w: {"action": "add", "person": w.people.walk_in.pk},
        ),
        _count("courses.Participation", event=lambda w: w.e1),
        (X, STAFF),
        (ANON, A, Y),
    ),
    "remove a participant from E1": (
        _post(
            "events_admin:event",
            lambda w: w.e1.pk,
            data=lambda w: {"action": "remove", "participation": w.e1_unmarked.pk},
        ),
        _count("courses.Participation", event=lambda w: w.e1),
        (STAFF,),
        (ANON, A, Y),
    ),
    "mark attendance at E1": (
        _post(
            "events:mark_session",
            lambda w: w.e1_session.pk,
            data=lambda w: {"mark": f"{w.e1_official.pk}:absent"},
        ),
        _count("courses.Attendance", status="absent", session=lambda w: w.e1_session),
        (X, STAFF),
        (ANON, A, Y),
    ),
    "import and confirm a sign-in sheet for E1": (
        _signin_import,
        _count("courses.Participation", event=lambda w: w.e1),
        (X, STAFF),
        (ANON, A, Y),
    ),
    "issue a certificate of E1": (
        _post(
            "courses_admin:certificate_issue",
            data=lambda w: {
                "kind": "participation",
                "person": w.people.official.pk,
                "event": w.e1.pk,
            },
        ),
        _count("courses.Certificate"),
        (X, STAFF),
        (ANON, A, Y),
        _refused_or_not_offered,
    ),
    "revoke learner A's certificate": (
        _post(
            "courses_admin:certificate_revoke",
            lambda w: w.certificate.pk,
            data=lambda w: {"reason": "Issued by mistake"},
        ),
        _count("courses.Certificate", revoked_at__isnull=False),
        (STAFF,),
        (ANON, A, X, Y),
    ),
    "import paper scores for E1": (
        _score_import,
        _count("assessments.Attempt"),
        (X, STAFF),
        (ANON, A, Y),
        _refused_or_not_offered,
    ),
    "issue an access code for learner A": (
        _post("courses_admin:access_code", lambda w: w.people.a.pk, data=lambda w: {}),
        _count("courses.AccessCode"),
        (X, STAFF),
        (ANON, B, Y),
    ),
    "edit learner A's registry record": (
        _post(
            "wagtailsnippets_lms_person:edit",
            lambda w: w.people.a.pk,
            data=lambda w: {"name_lo": "ທ່ານ ປ່ຽນ", "name_latin": "Changed", "sex": "f"},
        ),
        _count("lms.Person", name_latin="Changed"),
        (),
        (ANON, A, B, Y),
    ),
    "delete E3 (no trainer account)": (
        _post("wagtailsnippets_courses_trainingevent:delete", lambda w: w.e3.pk, data=lambda w: {}),
        _count("courses.TrainingEvent"),
        (STAFF,),
        (ANON, A, X, Y),
    ),
}
WRITE_CASES = [
    (action, role, allowed)
    for action, (_send, _measure, allowed_roles, refused_roles, *_how) in WRITE_ACTIONS.items()
    for role, allowed in [(r, True) for r in allowed_roles] + [(r, False) for r in refused_roles]
]


@pytest.mark.parametrize(("action", "role", "allowed"), WRITE_CASES)
def test_write_action(world, clients, action, role, allowed):
    send, measure, _allowed, _refused_roles, *how = WRITE_ACTIONS[action]
    is_refusal = how[0] if how else _refused
    before = measure(world)
    response = send(clients[role], world)
    after = measure(world)
    if allowed:
        assert after != before, (
            f"{role}: {action} went through but changed nothing ({describe(response)})"
        )
    else:
        assert is_refusal(response), f"{role}: {action} was not refused: {describe(response)}"
        assert after == before, f"{role}: a refused {action} changed {before} to {after}"
