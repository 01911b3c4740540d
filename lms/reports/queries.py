"""The capacity-building indicators as querysets that aggregate in the database.

Definitions (shared/domain/README.md, "Counting people trained"):
- a participation is a person at a held event, as a participant (trainers are not
  counted as trained); its sex, sector, organisation and province are the snapshot
  taken at the event, so a later transfer does not move a past training;
- a person is trained in an event when the participation met the event's completion
  rule (``ParticipationQuerySet.trained``);
- unique persons are distinct people in the period, never the sum of sub-periods;
  "new" persons in a quarter are those not trained earlier in the same year, computed
  as the difference of two cumulative distinct counts, so the quarters add up to the year;
- person-hours are the sum of attended session hours (present or late), trained or not;
- an event belongs to the period in which it ended.

Hours and the completion rule are computed once per request into a temporary table of
participation facts (``participation_facts``); every count is then one SQL aggregate
over it. The knowledge gain is assessments.stats's, over the tests of those facts.
Python only subtracts and arranges the results.
"""

from __future__ import annotations

import datetime
from contextlib import contextmanager
from dataclasses import dataclass, replace
from decimal import Decimal

from django.apps import apps
from django.db import connection
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from assessments.models import QuizPurpose
from assessments.stats import knowledge_gain as stats_knowledge_gain
from lms.models import InstitutionLevel, Person, Province, Sector, Sex
from lms.reports.models import ParticipationFact
from lms.reports.periods import Period

FEMALE = Sex.FEMALE.value
ZERO = Decimal("0")


def _model(name: str):
    app_label = "assessments" if name == "Attempt" else "courses"
    return apps.get_model(app_label, name)


@dataclass(frozen=True)
class ReportFilters:
    """What the dashboard is narrowed to; every field empty means everything."""

    programme: int | None = None
    province: int | None = None
    sector: int | None = None
    course: int | None = None  # a CoursePage id; its translations count as the same course
    event_type: str = ""
    sex: str = ""
    level: str = ""  # institution level of the organisation at the event; "none" for none
    # Restricts everything to these events (a trainer sees only their own); None: all events.
    event_ids: frozenset[int] | None = None

    def with_value(self, **values) -> ReportFilters:
        return replace(self, **values)

    @property
    def is_empty(self) -> bool:
        return not any(
            (self.programme, self.province, self.sector, self.course, self.event_type)
        ) and not (self.sex or self.level)


# Event filters ---------------------------------------------------------------------------


def _event_q(filters: ReportFilters, prefix: str = "") -> Q:
    """Conditions on the event itself (``prefix`` reaches it from another model)."""
    q = Q()
    if filters.programme:
        q &= Q(**{f"{prefix}programme": filters.programme})
    if filters.event_type:
        q &= Q(**{f"{prefix}event_type": filters.event_type})
    if filters.course:
        q &= Q(**{f"{prefix}courses__translation_key__in": _course_key(filters.course)})
    if filters.event_ids is not None:
        # An empty list would make Django drop the query altogether, and the facts table
        # still needs its SQL: no event has the id 0.
        q &= Q(**{f"{prefix}pk__in": filters.event_ids or [0]})
    return q


def _course_key(course_page_id: int) -> QuerySet:
    """The course's translation key as a subquery: its translations count as the same course."""
    return _model("CoursePage").objects.filter(pk=course_page_id).values("translation_key")


def _participation_q(filters: ReportFilters, prefix: str = "") -> Q:
    """Conditions on the participation snapshot."""
    q = Q()
    if filters.province:
        q &= Q(**{f"{prefix}province": filters.province})
    if filters.sector:
        q &= Q(**{f"{prefix}sector": filters.sector})
    if filters.sex:
        q &= Q(**{f"{prefix}sex": filters.sex})
    if filters.level == "none":
        q &= Q(**{f"{prefix}organisation__isnull": True})
    elif filters.level:
        q &= Q(**{f"{prefix}organisation__level": filters.level})
    return q


def participations(start: datetime.date, end: datetime.date, filters: ReportFilters) -> QuerySet:
    """Participants (not trainers) of held events that ended between ``start`` and ``end``."""
    Participation = _model("Participation")
    qs = (
        Participation.objects.held()
        .participants()
        .in_period(start, end)
        .filter(_event_q(filters, "event__"), _participation_q(filters))
    )
    # A course filter joins the event's courses: one event may teach several.
    return qs.distinct() if filters.course else qs


def _facts_source(start: datetime.date, end: datetime.date, filters: ReportFilters) -> QuerySet:
    """The rows of the facts table: snapshot, hours and the "trained" rule per participation.

    One row per participation, each subquery evaluated once: the inputs of the "trained"
    rule, which the facts' queryset applies with courses.models.events.completion_rule.
    """
    return (
        participations(start, end, filters)
        .with_completion()
        .order_by()
        .values(
            f_participation=F("pk"),
            f_person=F("person_id"),
            f_event=F("event_id"),
            f_sex=F("sex"),
            f_sector=F("sector_id"),
            f_province=F("province_id"),
            f_level=F("organisation__level"),
            f_programme=F("event__programme_id"),
            f_end_date=F("event__end_date"),
            f_attended=F("attended_hours"),
            f_scheduled=F("scheduled_hours"),
            f_share=F("event__min_attendance_share"),
            f_post_test_required=F("event__post_test_required"),
            f_passed=F("passed_post_test"),
        )
    )


@contextmanager
def participation_facts(start: datetime.date, end: datetime.date, filters: ReportFilters):
    """Fill the temporary facts table for the period and filters; yield its queryset.

    A temporary table belongs to the database connection, so concurrent requests on
    other connections never see each other's rows; it is dropped on the way out.
    """
    table = connection.ops.quote_name(ParticipationFact._meta.db_table)
    sql, params = _facts_source(start, end, filters).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {table}")
        cursor.execute(f"CREATE TEMPORARY TABLE {table} AS {sql}", params)
        # Pre/post tests are matched to participations by event and person.
        index = connection.ops.quote_name("lms_report_facts_event_person")
        cursor.execute(f"CREATE INDEX {index} ON {table} (f_event, f_person)")
    try:
        yield ParticipationFact.objects.all()
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {table}")


def trained(facts: QuerySet, start: datetime.date, end: datetime.date) -> QuerySet:
    """Facts of participations in the period that met their event's completion rule."""
    return facts.in_period(start, end).trained()


def events(start: datetime.date, end: datetime.date, filters: ReportFilters) -> QuerySet:
    """Held events that ended in the period; person filters keep events that had such people."""
    TrainingEvent = _model("TrainingEvent")
    qs = TrainingEvent.objects.held().in_period(start, end).filter(_event_q(filters))
    if filters.province:
        qs = qs.filter(province=filters.province)
    person_q = _participation_q(filters.with_value(province=None))
    if person_q:
        Participation = _model("Participation")
        qs = qs.filter(
            Exists(Participation.objects.participants().filter(person_q, event=OuterRef("pk")))
        )
    return qs.distinct() if filters.course else qs


def certificates(start: datetime.date, end: datetime.date, filters: ReportFilters) -> QuerySet:
    """Valid certificates issued in the period; event filters keep event certificates only."""
    Certificate = _model("Certificate")
    # A datetime range, not issued_at__date, so the database can compare without converting.
    first = timezone.make_aware(datetime.datetime.combine(start, datetime.time.min))
    after = timezone.make_aware(datetime.datetime.combine(end, datetime.time.min))
    after += datetime.timedelta(days=1)
    qs = Certificate.objects.valid().filter(issued_at__gte=first, issued_at__lt=after)
    if filters.programme or filters.event_type or filters.event_ids is not None:
        event_q = _event_q(filters.with_value(course=None), "event__")
        qs = qs.filter(event__isnull=False).filter(event_q)
    if filters.course:
        key = _course_key(filters.course)
        qs = qs.filter(
            Q(course__translation_key__in=key) | Q(event__courses__translation_key__in=key)
        )
    if filters.province:
        qs = qs.filter(
            Q(event__province=filters.province)
            | Q(event__isnull=True, person__province=filters.province)
        )
    # A certificate has no snapshot: the person's current details stand in for it.
    qs = qs.filter(_participation_q(filters.with_value(province=None), "person__"))
    return qs.distinct() if filters.course else qs


def attempts_of(facts: QuerySet) -> QuerySet:
    """Submitted pre- and post-tests taken by the people of ``facts`` at those events."""
    matching = facts.filter(event=OuterRef("event"), person=OuterRef("person"))
    return (
        _model("Attempt")
        .objects.submitted()
        .filter(quiz__purpose__in=[QuizPurpose.PRE, QuizPurpose.POST], event__isnull=False)
        .filter(Exists(matching))
    )


def attempts(facts: QuerySet, start: datetime.date, end: datetime.date) -> QuerySet:
    """Submitted pre- and post-tests taken at the period's events by its participants."""
    return attempts_of(facts.in_period(start, end))


def knowledge_gain(facts: QuerySet) -> dict:
    """The knowledge gain (assessments.stats, THE definition) of the tests of ``facts``."""
    # attempts_of selects by event and person: every test of a pair it touches is in it.
    return stats_knowledge_gain(attempts_of(facts), whole_pairs=True)


# Trainers of trainers --------------------------------------------------------------------


def tot_trained(facts: QuerySet, start: datetime.date, end: datetime.date) -> QuerySet:
    """Trained facts at training-of-trainers events."""
    return trained(facts, start, end).filter(event__event_type="tot")


def cascade_events(start: datetime.date, end: datetime.date, filters: ReportFilters) -> QuerySet:
    """Held events delivered by someone trained at a training of trainers that ended earlier."""
    TrainingEvent = _model("TrainingEvent")
    Participation = _model("Participation")

    def certified_before(event_start):
        return (
            Participation.objects.held()
            .participants()
            .filter(person=OuterRef("person"), event__event_type="tot")
            .filter(event__end_date__lt=event_start)
            .trained()
        )

    through = TrainingEvent.trainers.through
    listed = through.objects.filter(trainingevent=OuterRef("pk")).filter(
        Exists(certified_before(OuterRef(OuterRef("start_date"))))
    )
    as_role = Participation.objects.filter(role="trainer", event=OuterRef("pk")).filter(
        Exists(certified_before(OuterRef(OuterRef("start_date"))))
    )
    return events(start, end, filters).filter(Exists(listed) | Exists(as_role))


# Counting ---------------------------------------------------------------------------------


def count_persons(qs: QuerySet) -> dict:
    """Distinct people in ``qs`` and how many of them are women, in one query."""
    return qs.aggregate(
        total=Count("person", distinct=True),
        women=Count("person", distinct=True, filter=Q(sex=FEMALE)),
    )


def count_rows(qs: QuerySet) -> dict:
    return qs.aggregate(total=Count("pk"), women=Count("pk", filter=Q(sex=FEMALE)))


def sum_hours(qs: QuerySet) -> dict:
    hours = Coalesce(Sum("attended_hours"), Value(ZERO))
    women = Coalesce(Sum("attended_hours", filter=Q(sex=FEMALE)), Value(ZERO))
    return qs.aggregate(total=hours, women=women)


def new_persons_queryset(facts: QuerySet, period: Period) -> QuerySet:
    """The people trained in ``period`` and not earlier in its year, for the drill-down."""
    earlier = Person.objects.none().values("pk")
    if period.start > period.year_start:
        day_before = period.start - datetime.timedelta(days=1)
        earlier = trained(facts, period.year_start, day_before).values("person")
    return Person.objects.filter(
        pk__in=trained(facts, period.start, period.end).values("person")
    ).exclude(pk__in=earlier)


# Breakdowns -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Dimension:
    """A way to split the figures: the participation field, the event field, the choices."""

    key: str
    fact_field: str  # the ParticipationFact field people are grouped by
    event_field: str | None  # the TrainingEvent field events are grouped by, if they are
    # The filter a row of this dimension adds to drill-down links (ReportFilters field).
    filter_name: str | None

    def rows(self, period: Period) -> list[tuple[object, str]]:
        """(value, label) for every row shown, zeros included."""
        if self.key == "sector":
            return [(s.pk, s.name) for s in Sector.objects.all()]
        if self.key == "province":
            return [(p.pk, p.name) for p in Province.objects.all()]
        if self.key == "level":
            return [*((v, str(label)) for v, label in InstitutionLevel.choices), (None, "–")]
        if self.key == "sex":
            return [(v, str(label)) for v, label in Sex.choices]
        if self.key == "programme":
            return [(p.pk, p.name) for p in _model("Programme").objects.all()]
        if self.key == "quarter":
            return [(index, sub.label) for index, sub in enumerate(period.subperiods())]
        raise ValueError(self.key)


DIMENSIONS = {
    "sector": Dimension("sector", "sector", None, "sector"),
    "province": Dimension("province", "province", "province", "province"),
    "level": Dimension("level", "level", None, "level"),
    "sex": Dimension("sex", "sex", None, "sex"),
    "quarter": Dimension("quarter", "end_date", "end_date", None),
    "programme": Dimension("programme", "programme", "programme", "programme"),
}


def _quarter_bucket(period: Period, date_field: str) -> Case:
    return Case(
        *(
            When(**{f"{date_field}__range": (sub.start, sub.end)}, then=Value(index))
            for index, sub in enumerate(period.subperiods())
        ),
        output_field=IntegerField(),
    )


def _grouped(qs: QuerySet, period: Period, group_field: str, dimension: Dimension, **aggregates):
    """{row value: {aggregate name: value}} for one GROUP BY query."""
    if dimension.key == "quarter":
        qs = qs.annotate(bucket=_quarter_bucket(period, group_field))
        group_field = "bucket"
    return {
        row.pop(group_field): row
        for row in qs.order_by().values(group_field).annotate(**aggregates)
    }


def breakdown(
    facts: QuerySet, period: Period, filters: ReportFilters, dimension: Dimension
) -> list[dict]:
    """One row per value of ``dimension``: persons trained, new, participations, hours, events."""
    start, end = period.start, period.end
    field_name = dimension.fact_field
    persons = _grouped(
        trained(facts, start, end),
        period,
        field_name,
        dimension,
        total=Count("person", distinct=True),
        women=Count("person", distinct=True, filter=Q(sex=FEMALE)),
    )
    in_period = _grouped(
        facts.in_period(start, end),
        period,
        field_name,
        dimension,
        participations=Count("pk"),
        participations_women=Count("pk", filter=Q(sex=FEMALE)),
        hours=Sum("attended_hours"),
        hours_women=Sum("attended_hours", filter=Q(sex=FEMALE)),
    )
    held = {}
    if dimension.event_field:
        held = _grouped(
            events(start, end, filters),
            period,
            dimension.event_field,
            dimension,
            total=Count("pk", distinct=True),
        )
    rows = []
    for value, label in dimension.rows(period):
        counts = in_period.get(value, {})
        row = {
            "key": value,
            "label": label,
            "persons_trained": persons.get(value, {"total": 0, "women": 0}),
            "participations": {
                "total": counts.get("participations", 0),
                "women": counts.get("participations_women", 0),
            },
            "person_hours": {
                "total": counts.get("hours") or ZERO,
                "women": counts.get("hours_women") or ZERO,
            },
        }
        if dimension.event_field:
            row["events_held"] = {"total": held.get(value, {"total": 0})["total"], "women": None}
        rows.append(row)
    if dimension.key == "quarter":
        _add_new_per_quarter(facts, rows, period)
    return rows


def _add_new_per_quarter(facts: QuerySet, rows: list[dict], period: Period) -> None:
    """New persons per quarter: differences of cumulative distinct counts since the year start."""
    year_start = period.year_start
    previous = {"total": 0, "women": 0}
    if period.start > year_start:
        previous = count_persons(
            trained(facts, year_start, period.start - datetime.timedelta(days=1))
        )
    for row, sub in zip(rows, period.subperiods(), strict=True):
        cumulative = count_persons(trained(facts, year_start, sub.end))
        row["new_persons_trained"] = {k: cumulative[k] - previous[k] for k in ("total", "women")}
        previous = cumulative
