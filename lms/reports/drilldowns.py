"""The lists behind every number on the dashboard: people, participations, events, certificates.

Each drill-down is a queryset built from the same functions as the figure it explains
(lms/reports/queries.py) and the columns it shows and exports. These lists carry
personal data; the aggregate donor workbook never does.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from lms.models import Person
from lms.reports import queries
from lms.reports.exports import Column
from lms.reports.periods import Period
from lms.reports.queries import ReportFilters


def _yes_no(value: bool) -> str:
    return str(_("Yes") if value else _("No"))


def _name(obj) -> str:
    return obj.name if obj else ""


def _date(value) -> str:
    return value.isoformat() if value else ""


PERSON_COLUMNS = [
    Column(_("Name in Lao script"), lambda p: p.name_lo),
    Column(_("Romanised name"), lambda p: p.name_latin),
    Column(_("Sex"), lambda p: p.get_sex_display()),
    Column(_("Sector"), lambda p: _name(p.sector)),
    Column(_("Organisation"), lambda p: _name(p.organisation)),
    Column(_("Position"), lambda p: p.position),
    Column(_("Province"), lambda p: _name(p.province)),
    Column(_("Phone"), lambda p: p.phone),
]
PARTICIPATION_COLUMNS = [
    Column(_("Event"), lambda p: p.event.title),
    Column(_("End date"), lambda p: _date(p.event.end_date)),
    Column(_("Programme"), lambda p: _name(p.event.programme)),
    Column(_("Event province"), lambda p: _name(p.event.province)),
    Column(_("Name in Lao script"), lambda p: p.person.name_lo),
    Column(_("Romanised name"), lambda p: p.person.name_latin),
    Column(_("Sex at the event"), lambda p: p.get_sex_display()),
    Column(_("Sector at the event"), lambda p: _name(p.sector)),
    Column(_("Organisation at the event"), lambda p: _name(p.organisation)),
    Column(_("Province at the event"), lambda p: _name(p.province)),
    Column(_("Attended hours"), lambda p: p.attended_hours),
    Column(_("Scheduled hours"), lambda p: p.scheduled_hours),
    Column(_("Trained"), lambda p: _yes_no(p.is_trained)),
]
EVENT_COLUMNS = [
    Column(_("Event"), lambda e: e.title),
    Column(_("Event type"), lambda e: e.get_event_type_display()),
    Column(_("Programme"), lambda e: _name(e.programme)),
    Column(_("Province"), lambda e: _name(e.province)),
    Column(_("Start date"), lambda e: _date(e.start_date)),
    Column(_("End date"), lambda e: _date(e.end_date)),
    Column(_("Participants"), lambda e: e.participant_count),
    Column(_("Women"), lambda e: e.women_count),
]
CERTIFICATE_COLUMNS = [
    Column(_("Verification code"), lambda c: c.code),
    Column(_("Kind"), lambda c: c.get_kind_display()),
    Column(_("Name in Lao script"), lambda c: c.person.name_lo),
    Column(_("Romanised name"), lambda c: c.person.name_latin),
    Column(_("Sex"), lambda c: c.person.get_sex_display()),
    Column(_("Course or event"), lambda c: c.event.title if c.event else c.course.title),
    Column(_("Hours"), lambda c: c.hours),
    Column(_("Issued"), lambda c: _date(c.issued_at.date())),
]
ATTEMPT_COLUMNS = [
    Column(_("Name in Lao script"), lambda a: a.person.name_lo),
    Column(_("Romanised name"), lambda a: a.person.name_latin),
    Column(_("Sex"), lambda a: a.person.get_sex_display()),
    Column(_("Event"), lambda a: a.event.title if a.event else ""),
    Column(_("Test"), lambda a: a.quiz.get_purpose_display()),
    Column(_("Score (%)"), lambda a: a.score_percent),
    Column(_("Submitted"), lambda a: _date(a.submitted_at.date() if a.submitted_at else None)),
]


def _people(qs: QuerySet) -> QuerySet:
    return Person.objects.filter(pk__in=qs.values("person")).select_related(
        "sector", "organisation", "province"
    )


def _events(qs: QuerySet) -> QuerySet:
    return (
        qs.select_related("programme", "province")
        .annotate(
            participant_count=Count(
                "participations", filter=Q(participations__role="participant"), distinct=True
            ),
            women_count=Count(
                "participations",
                filter=Q(participations__role="participant", participations__sex="f"),
                distinct=True,
            ),
        )
        .order_by("end_date", "pk")
    )


def trained_people(facts: QuerySet, period: Period, filters: ReportFilters) -> QuerySet:
    return _people(queries.trained(facts, period.start, period.end)).order_by("name_latin", "pk")


def new_people(facts: QuerySet, period: Period, filters: ReportFilters) -> QuerySet:
    return (
        queries.new_persons_queryset(facts, period)
        .select_related("sector", "organisation", "province")
        .order_by("name_latin", "pk")
    )


def participation_list(facts: QuerySet, period: Period, filters: ReportFilters) -> QuerySet:
    Participation = apps.get_model("courses", "Participation")
    ids = facts.in_period(period.start, period.end).values("participation")
    return (
        Participation.objects.filter(pk__in=ids)
        .with_completion()
        .select_related(
            "event__programme", "event__province", "person", "sector", "organisation", "province"
        )
        .order_by("event__end_date", "event", "person__name_latin", "pk")
    )


def event_list(facts: QuerySet, period: Period, filters: ReportFilters) -> QuerySet:
    return _events(queries.events(period.start, period.end, filters))


def certificate_list(facts: QuerySet, period: Period, filters: ReportFilters, kind: str = ""):
    qs = queries.certificates(period.start, period.end, filters)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.select_related("person", "event", "course").order_by("issued_at", "pk")


def attempt_list(facts: QuerySet, period: Period, filters: ReportFilters) -> QuerySet:
    return (
        queries.attempts(facts, period.start, period.end)
        .select_related("person", "event", "quiz")
        .order_by("event", "person__name_latin", "quiz__purpose", "pk")
    )


def tot_people(facts: QuerySet, period: Period, filters: ReportFilters) -> QuerySet:
    return _people(queries.tot_trained(facts, period.start, period.end)).order_by(
        "name_latin", "pk"
    )


def cascade_list(facts: QuerySet, period: Period, filters: ReportFilters) -> QuerySet:
    return _events(queries.cascade_events(period.start, period.end, filters))


@dataclass(frozen=True)
class Drilldown:
    title: str
    build: Callable
    columns: list[Column]


DRILLDOWNS = {
    "trained": Drilldown(_("People trained"), trained_people, PERSON_COLUMNS),
    "new": Drilldown(_("People newly trained"), new_people, PERSON_COLUMNS),
    "participations": Drilldown(_("Participations"), participation_list, PARTICIPATION_COLUMNS),
    "events": Drilldown(_("Events held"), event_list, EVENT_COLUMNS),
    "certificates": Drilldown(_("Certificates issued"), certificate_list, CERTIFICATE_COLUMNS),
    "attempts": Drilldown(_("Pre- and post-tests"), attempt_list, ATTEMPT_COLUMNS),
    "tot": Drilldown(_("Trainers of trainers certified"), tot_people, PERSON_COLUMNS),
    "cascade": Drilldown(_("Events delivered by certified trainers"), cascade_list, EVENT_COLUMNS),
}
