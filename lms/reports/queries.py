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

Hours and the completion rule are the participation facts (``participation_facts``): a
common table expression in front of each statement that reads them, so nothing is kept
on the database connection between statements; every count is one SQL aggregate over
them. The knowledge gain is assessments.stats's, over the tests of those facts.
Python only subtracts and arranges the results.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, replace
from decimal import Decimal

from django.apps import apps
from django.db import connections
from django.db.models import (
    BigIntegerField,
    Case,
    CharField,
    Count,
    Exists,
    Expression,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast
from django.db.models.sql import Query
from django.db.models.sql.compiler import SQLCompiler
from django.utils import timezone

from assessments.models import QuizPurpose
from assessments.stats import knowledge_gain as stats_knowledge_gain
from assessments.stats import knowledge_gains
from lms.models import InstitutionLevel, Person, Province, Sector, Sex
from lms.reports.models import (
    ParticipationFact,
    ParticipationFactQuerySet,
    met_completion_rule,
)
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


class _FactsCompiler(SQLCompiler):
    """Writes the facts as a common table expression in front of the statement reading them."""

    def as_sql(self, *args, **kwargs):
        sql, params = super().as_sql(*args, **kwargs)
        source = self.query.facts_source.get_compiler(connection=self.connection)
        source_sql, source_params = source.as_sql()
        table = self.connection.ops.quote_name(ParticipationFact._meta.db_table)
        # Read once, the facts are inlined: the database computes only the columns and rows
        # the statement needs. Read by several parts of one statement, they are computed once.
        keyword = "MATERIALIZED " if self.query.materialized else ""
        return f"WITH {table} AS {keyword}({source_sql}) {sql}", (*source_params, *params)


class _FactsQuery(Query):
    """A query of ParticipationFact whose table is its facts source, named in a WITH clause.

    Cloning keeps the class and ``facts_source``, so every queryset chained from the facts,
    and every subquery made of them, carries its own WITH clause.
    """

    materialized = False

    def __init__(self, model, facts_source: Query):
        super().__init__(model)
        self.facts_source = facts_source

    def get_compiler(self, using=None, connection=None, elide_empty=True):
        if connection is None:
            if using is None:
                raise ValueError("Need either using or connection")
            connection = connections[using]
        return _FactsCompiler(self, connection, using, elide_empty)


def _in_one_statement(facts: QuerySet, parts: list[QuerySet]) -> list[dict]:
    """The rows of ``parts`` (value querysets of ``facts`` with the same columns), read in one
    statement (UNION ALL) that computes the facts once for all of them."""
    bare = []
    for part in parts:
        part = part.all()
        part.query = part.query.chain(Query)  # a plain query: the statement holds the WITH
        bare.append(part)
    combined = bare[0].union(*bare[1:], all=True)
    combined.query = combined.query.chain(_FactsQuery)
    combined.query.facts_source = facts.query.facts_source
    combined.query.materialized = len(parts) > 1
    return list(combined)


def participation_facts(start: datetime.date, end: datetime.date, filters: ReportFilters):
    """The participation facts of the period and filters, as a ParticipationFact queryset.

    No table is made: every statement reading the facts computes them in a common table
    expression (``WITH lms_report_participation_facts AS (...)``), so the reports hold no
    state on the database connection and work through a transaction-pooling proxy
    (PgBouncer) or on a read replica.
    """
    source = _facts_source(start, end, filters).query
    query = _FactsQuery(ParticipationFact, source)
    return ParticipationFactQuerySet(ParticipationFact, query=query)


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


def _pair(event: str = "event", person: str = "person") -> ExpressionWrapper:
    """One integer per event and person (ids below 2**32), to match tests to participations."""
    return ExpressionWrapper(F(person) * Value(2**32) + F(event), output_field=BigIntegerField())


def attempts_of(facts: QuerySet) -> QuerySet:
    """Submitted pre- and post-tests taken by the people of ``facts`` at those events."""
    # Matched through an uncorrelated list of (event, person) pairs, read once: a correlated
    # subquery holding the facts' WITH clause would be run again for every attempt.
    return (
        _model("Attempt")
        .objects.submitted()
        .filter(quiz__purpose__in=[QuizPurpose.PRE, QuizPurpose.POST], event__isnull=False)
        .alias(pair=_pair())
        .filter(pair__in=facts.values(pair=_pair()))
    )


def attempts(facts: QuerySet, start: datetime.date, end: datetime.date) -> QuerySet:
    """Submitted pre- and post-tests taken at the period's events by its participants."""
    return attempts_of(facts.in_period(start, end))


def knowledge_gain(facts: QuerySet) -> dict:
    """The knowledge gain (assessments.stats, THE definition) of the tests of ``facts``."""
    # attempts_of selects by event and person: every test of a pair it touches is in it.
    return stats_knowledge_gain(attempts_of(facts), whole_pairs=True)


def knowledge_gain_of_all_and_women(facts: QuerySet) -> tuple[dict, dict]:
    """``knowledge_gain`` of ``facts`` and of its women's facts, in one pass over the tests."""
    women = Q(pair__in=facts.filter(sex=FEMALE).values(pair=_pair()))
    gains = knowledge_gains(attempts_of(facts), {"all": Q(), "women": women}, whole_pairs=True)
    return gains["all"], gains["women"]


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


def _counts(qs: QuerySet, part: str, key: str | Expression = "") -> QuerySet:
    """One row per value of ``key`` (one row for a text): persons trained, participations and
    hours, each in total and of which women; ``part`` names the figure in a combined statement."""
    trained_q = met_completion_rule()
    women = Q(sex=FEMALE)
    text = CharField()
    key = Value(key, output_field=text) if isinstance(key, str) else Cast(key, text)
    return (
        qs.order_by()
        .values(part=Value(part, output_field=CharField()), key=key)
        .annotate(
            persons=Count("person", distinct=True, filter=trained_q),
            persons_women=Count("person", distinct=True, filter=trained_q & women),
            participations=Count("pk"),
            participations_women=Count("pk", filter=women),
            hours=Sum("attended_hours"),
            hours_women=Sum("attended_hours", filter=women),
        )
    )


def _hours(value) -> Decimal:
    """Summed hours (a Decimal from the ORM's converters); zero where nothing was summed."""
    return ZERO if value is None else value


@dataclass
class FactFigures:
    """The figures counted from the participation facts, read in one statement.

    Each count is ``{"total": ..., "women": ...}``: ``persons`` trained, ``participations``
    and ``person_hours`` of the period, ``tot`` the people trained at trainings of trainers,
    ``by`` the same three per dimension and row value (as text), ``cumulative`` the people
    trained from the year's start to the end of each subperiod, ``earlier`` those trained
    in the year before the period.
    """

    persons: dict
    participations: dict
    person_hours: dict
    tot: dict
    by: dict[str, dict[str | None, dict]]
    cumulative: list[dict]
    earlier: dict


def fact_figures(facts: QuerySet, period: Period, dimensions: list[Dimension]) -> FactFigures:
    """Every figure of ``period`` counted from ``facts``, with the breakdowns of ``dimensions``."""
    start, end = period.start, period.end
    in_period = facts.in_period(start, end)
    parts = [
        _counts(in_period, "all"),
        _counts(in_period.filter(event__event_type="tot"), "tot"),
        *(
            _counts(in_period, f"by:{dimension.key}", _dimension_key(dimension, period))
            for dimension in dimensions
        ),
    ]
    if any(dimension.key == "quarter" for dimension in dimensions):
        # New persons per quarter: differences of cumulative distinct counts since the year
        # start, so they add up to the year.
        parts += [
            _counts(facts.in_period(period.year_start, sub.end), "cumulative", str(index))
            for index, sub in enumerate(period.subperiods())
        ]
        if start > period.year_start:
            day_before = start - datetime.timedelta(days=1)
            parts.append(_counts(facts.in_period(period.year_start, day_before), "earlier"))
    rows: dict[str, dict] = {}
    for row in _in_one_statement(facts, parts):
        rows.setdefault(row.pop("part"), {})[row.pop("key")] = {
            "persons": {"total": row["persons"], "women": row["persons_women"]},
            "participations": {
                "total": row["participations"],
                "women": row["participations_women"],
            },
            "person_hours": {"total": _hours(row["hours"]), "women": _hours(row["hours_women"])},
        }
    nobody = {"total": 0, "women": 0}
    headline = rows["all"][""]
    cumulative = rows.get("cumulative", {})
    return FactFigures(
        persons=headline["persons"],
        participations=headline["participations"],
        person_hours=headline["person_hours"],
        tot=rows["tot"][""]["persons"],
        by={dimension.key: rows.get(f"by:{dimension.key}", {}) for dimension in dimensions},
        cumulative=[
            cumulative[str(index)]["persons"] if str(index) in cumulative else nobody
            for index, _sub in enumerate(period.subperiods())
        ],
        earlier=rows.get("earlier", {}).get("", {}).get("persons", nobody),
    )


def _dimension_key(dimension: Dimension, period: Period):
    if dimension.key == "quarter":
        return _quarter_bucket(period, dimension.fact_field)
    return F(dimension.fact_field)


def _grouped_events(qs: QuerySet, period: Period, dimension: Dimension) -> dict:
    """{row value: events held} for one GROUP BY query."""
    field_name = dimension.event_field
    if dimension.key == "quarter":
        qs = qs.annotate(bucket=_quarter_bucket(period, field_name))
        field_name = "bucket"
    return dict(
        qs.order_by()
        .values(field_name)
        .annotate(total=Count("pk", distinct=True))
        .values_list(field_name, "total")
    )


def breakdown(
    facts: QuerySet, period: Period, filters: ReportFilters, dimension: Dimension
) -> list[dict]:
    """One row per value of ``dimension``: persons trained, new, participations, hours, events."""
    figures = fact_figures(facts, period, [dimension])
    return breakdown_rows(figures, period, filters, dimension)


def breakdown_rows(
    figures: FactFigures, period: Period, filters: ReportFilters, dimension: Dimension
) -> list[dict]:
    """The rows of ``dimension``'s table from ``figures`` (``fact_figures``), zeros included."""
    counted = figures.by[dimension.key]
    held = {}
    if dimension.event_field:
        held = _grouped_events(events(period.start, period.end, filters), period, dimension)
    nothing = {
        "persons": {"total": 0, "women": 0},
        "participations": {"total": 0, "women": 0},
        "person_hours": {"total": ZERO, "women": ZERO},
    }
    rows = []
    for value, label in dimension.rows(period):
        counts = counted.get(None if value is None else str(value), nothing)
        row = {
            "key": value,
            "label": label,
            "persons_trained": counts["persons"],
            "participations": counts["participations"],
            "person_hours": counts["person_hours"],
        }
        if dimension.event_field:
            row["events_held"] = {"total": held.get(value, 0), "women": None}
        rows.append(row)
    if dimension.key == "quarter":
        previous = figures.earlier
        for row, cumulative in zip(rows, figures.cumulative, strict=True):
            row["new_persons_trained"] = {
                sex: cumulative[sex] - previous[sex] for sex in ("total", "women")
            }
            previous = cumulative
    return rows
