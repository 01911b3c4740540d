"""Write, as JSON, what a database holds and what the dashboard makes of it.

Run by tests/test_migrations_forward.py with the venv's python, once with the code as it
stood before issue 12's refactoring and once with the current code, on the same database:

    python dump_figures.py <tree> <output.json> [--add-inflated-post-test]

``<tree>`` is the code to use (a checkout of the old commit, or the repository itself);
DATABASE_URL and DJANGO_SETTINGS_MODULE come from the environment. Both trees have the
same reporting API (lms.reports.dashboard, lms.reports.periods, lms.reports.queries).

``--add-inflated-post-test`` (old code only) first writes the demo's dashboards as
``demo_dashboards``, then adds the case the refactoring fixed (see ``add_inflated_case``)
and describes it as ``case``, before the rows and dashboards of the database as it is then.
"""

import datetime
import json
import os
import sys
from decimal import Decimal
from pathlib import Path

tree = Path(sys.argv[1]).resolve()
output = Path(sys.argv[2])
# The tree's packages first: the venv's editable install points at the repository.
sys.path.insert(0, str(tree))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.test")

import django  # noqa: E402

django.setup()

import lms  # noqa: E402

if not Path(lms.__file__).resolve().is_relative_to(tree):
    raise SystemExit(f"lms imported from {lms.__file__}, not from {tree}")

from django.apps import apps  # noqa: E402
from django.db import connection  # noqa: E402

from lms.reports.dashboard import build_dashboard, figures_as_json  # noqa: E402
from lms.reports.periods import fiscal_year, fiscal_year_of  # noqa: E402
from lms.reports.queries import ReportFilters  # noqa: E402


def row_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        counts = {}
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
        return counts


def content_types() -> dict[str, int]:
    """Every content type's id by app label and model."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    return {
        f"{app}.{model}": pk
        for pk, app, model in ContentType.objects.values_list("pk", "app_label", "model")
    }


def permissions() -> dict[str, int]:
    """Every permission's id by app label, model and codename."""
    Permission = apps.get_model("auth", "Permission")
    rows = Permission.objects.values_list(
        "pk", "content_type__app_label", "content_type__model", "codename"
    )
    return {f"{app}.{model}.{codename}": pk for pk, app, model, codename in rows}


def grants() -> list[list[str]]:
    """The groups' permissions: [group, collection ("" for a model permission), app label
    and model, codename], for model permissions and Wagtail's collection permissions."""
    Group = apps.get_model("auth", "Group")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    model_grants = Group.permissions.through.objects.values_list(
        "group__name",
        "permission__content_type__app_label",
        "permission__content_type__model",
        "permission__codename",
    )
    collection_grants = GroupCollectionPermission.objects.values_list(
        "group__name",
        "collection__name",
        "permission__content_type__app_label",
        "permission__content_type__model",
        "permission__codename",
    )
    return sorted(
        [[group, "", f"{app}.{model}", codename] for group, app, model, codename in model_grants]
        + [
            [group, collection, f"{app}.{model}", codename]
            for group, collection, app, model, codename in collection_grants
        ]
    )


def rounded(value):
    """The gain's statistics as text: floats rounded, so SQL and Python averages compare."""
    if isinstance(value, float):
        return f"{value:.6f}"
    return None if value is None else str(value)


def dashboards() -> dict[str, dict]:
    """The dashboard of every fiscal year holding an event with participants, for all
    programmes and for each programme."""
    Participation = apps.get_model("courses", "Participation")
    Programme = apps.get_model("courses", "Programme")
    end_dates = Participation.objects.values_list("event__end_date", flat=True).distinct()
    years = sorted({fiscal_year_of(day) for day in end_dates})
    programmes = [None, *Programme.objects.order_by("pk").values_list("pk", flat=True)]
    figures = {}
    for year in years:
        for programme in programmes:
            dashboard = build_dashboard(fiscal_year(year), ReportFilters(programme=programme))
            figures[f"FY{year}/programme={programme or 'all'}"] = {
                **figures_as_json(dashboard),
                "gain": {key: rounded(value) for key, value in dashboard.gain.items()},
                "gain_women": {key: rounded(value) for key, value in dashboard.gain_women.items()},
            }
    return figures


def add_inflated_case() -> dict:
    """One passed post-test at an event that is not the event's chosen post-test.

    The participant attended enough and failed the chosen post-test (the event requires
    one), and is trained nowhere else in that fiscal year: the old code counted them
    trained, because it took any quiz with purpose "post" at the event. The extra attempt
    is submitted before the failed one, so the last post-test, which the knowledge gain
    pairs, is still the failed one. Not at a training of trainers, so only the "trained"
    figures can move (not the trainers certified or the cascade events).
    """
    TrainingEvent = apps.get_model("courses", "TrainingEvent")
    Participation = apps.get_model("courses", "Participation")
    Attempt = apps.get_model("assessments", "Attempt")
    Quiz = apps.get_model("assessments", "Quiz")
    events = TrainingEvent.objects.filter(
        status="held", post_test_required=True, post_test__isnull=False
    ).exclude(event_type="tot")
    candidates = (
        Participation.objects.filter(event__in=events, role="participant")
        .with_completion()
        .filter(met_attendance=True, is_trained=False)
        .select_related("event")
        .order_by("pk")
    )
    for participation in candidates:
        event = participation.event
        failed = (
            Attempt.objects.filter(
                person=participation.person_id,
                event=event,
                quiz=event.post_test_id,
                status="submitted",
                score_percent__lt=event.post_test_pass_mark,
            )
            .order_by("submitted_at")
            .first()
        )
        year = fiscal_year(fiscal_year_of(event.end_date))
        trained_elsewhere = (
            Participation.objects.filter(person=participation.person_id)
            .in_period(year.start, year.end)
            .trained()
            .exists()
        )
        other_post_test = (
            Quiz.objects.filter(purpose="post").exclude(pk=event.post_test_id).order_by("pk")
        ).first()
        if failed is None or trained_elsewhere or other_post_test is None:
            continue
        Attempt.objects.create(
            quiz=other_post_test,
            person_id=participation.person_id,
            event=event,
            status="submitted",
            started_at=failed.submitted_at - datetime.timedelta(minutes=30),
            submitted_at=failed.submitted_at - datetime.timedelta(minutes=1),
            score_percent=Decimal(100),
        )
        trained_now = Participation.objects.filter(pk=participation.pk).trained().exists()
        if not trained_now:
            raise SystemExit("the old code did not count the extra post-test")
        return {
            "event": event.pk,
            "person": participation.person_id,
            "fiscal_year": year.year,
            "programme": event.programme_id,
        }
    raise SystemExit("no participant who attended and failed a chosen post-test")


if "--add-inflated-post-test" in sys.argv[3:]:
    demo_dashboards = dashboards()
    case = add_inflated_case()
else:
    demo_dashboards = case = None

# Rows first: building a dashboard makes a temporary table.
result = {
    "demo_dashboards": demo_dashboards,
    "case": case,
    "rows": row_counts(),
    "content_types": content_types(),
    "permissions": permissions(),
    "grants": grants(),
    "dashboards": dashboards(),
}
output.write_text(json.dumps(result, indent=1, sort_keys=True))
