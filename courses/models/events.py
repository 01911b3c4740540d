"""Training events: programmes, events, sessions, participations and attendance.

A person's completion of an event ("trained") is derived, never stored: attended
hours over scheduled hours against the event's rule, plus a passed post-test where
the event requires one. ``ParticipationQuerySet`` computes it in the database so
reports can count and group trained people without loading rows.
"""

from datetime import datetime
from decimal import Decimal

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import (
    BooleanField,
    Case,
    DecimalField,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from lms.i18n import TranslatedField
from lms.models import Sex

__all__ = [
    "Attendance",
    "AttendanceChange",
    "AttendanceStatus",
    "EventSession",
    "EventStatus",
    "EventType",
    "Participation",
    "ParticipationQuerySet",
    "ParticipationRole",
    "Programme",
    "TrainingEvent",
    "TrainingEventQuerySet",
]

HOURS = DecimalField(max_digits=7, decimal_places=2)
ZERO_HOURS = Value(Decimal("0.00"), output_field=HOURS)
# Hours are stored to the hundredth; a tolerance below that keeps "exactly 80%" a pass
# on databases that compare decimals as binary floats (SQLite).
SHARE_TOLERANCE = Decimal("0.001")


class Programme(models.Model):
    """A donor programme an event belongs to (CHARJ, MAPP, GLO.ACT, other)."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=100)
    name_lo = models.CharField(_("name (Lao)"), max_length=100)
    active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Inactive programmes are not offered for new events."),
    )

    name = TranslatedField("name_lo", "name_en")

    class Meta:
        ordering = ["code"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")

    def __str__(self):
        return self.name


class EventType(models.TextChoices):
    WORKSHOP = "workshop", _("Workshop")
    TOT = "tot", _("Training of trainers")
    REFRESHER = "refresher", _("Refresher")
    STUDY_VISIT = "study_visit", _("Study visit")


class EventStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


class TrainingEventQuerySet(models.QuerySet):
    def held(self):
        return self.filter(status=EventStatus.HELD)

    def in_period(self, start, end):
        """Events that ended between ``start`` and ``end`` (dates, inclusive)."""
        return self.filter(end_date__range=(start, end))

    def with_scheduled_hours(self):
        return self.annotate(
            scheduled_hours=Coalesce(
                Subquery(
                    EventSession.objects.filter(event=OuterRef("pk"))
                    .values("event")
                    .annotate(total=Sum("hours"))
                    .values("total"),
                    output_field=HOURS,
                ),
                ZERO_HOURS,
            )
        )


class TrainingEvent(ClusterableModel):
    """A workshop, training of trainers, refresher or study visit held in a province."""

    title_en = models.CharField(_("title (English)"), max_length=255)
    title_lo = models.CharField(_("title (Lao)"), max_length=255)
    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="events"
    )
    event_type = models.CharField(
        _("event type"), max_length=20, choices=EventType.choices, default=EventType.WORKSHOP
    )
    province = models.ForeignKey(
        "lms.Province",
        verbose_name=_("province"),
        on_delete=models.PROTECT,
        related_name="training_events",
    )
    venue = models.CharField(_("venue"), max_length=255, blank=True)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    courses = models.ManyToManyField(
        "courses.CoursePage", verbose_name=_("courses taught"), related_name="events", blank=True
    )
    trainers = models.ManyToManyField(
        "lms.Person", verbose_name=_("trainers"), related_name="events_trained", blank=True
    )
    target_sectors = models.ManyToManyField(
        "lms.Sector", verbose_name=_("target sectors"), related_name="training_events", blank=True
    )
    planned_participants = models.PositiveIntegerField(_("planned participants"), default=0)
    status = models.CharField(
        _("status"), max_length=12, choices=EventStatus.choices, default=EventStatus.PLANNED
    )
    # Share of the scheduled hours (0..1) a participant must attend to count as trained.
    min_attendance_share = models.DecimalField(
        _("minimum attendance share"),
        max_digits=3,
        decimal_places=2,
        default=Decimal("0.80"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))],
        help_text=_("Share of scheduled hours to attend, from 0 to 1 (0.80 means 80%)."),
    )
    post_test_required = models.BooleanField(
        _("post-test required"),
        default=False,
        help_text=_("Participants count as trained only once they pass the post-test."),
    )
    # Percent (0..100) a post-test score must reach.
    post_test_pass_mark = models.DecimalField(
        _("post-test pass mark (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("70"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    pre_test = models.ForeignKey(
        "assessments.Quiz",
        verbose_name=_("pre-test"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events_as_pre_test",
    )
    post_test = models.ForeignKey(
        "assessments.Quiz",
        verbose_name=_("post-test"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events_as_post_test",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    title = TranslatedField("title_lo", "title_en")

    objects = TrainingEventQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "title_en"]
        verbose_name = _("training event")
        verbose_name_plural = _("training events")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")), name="courses_event_ends_after_start"
            )
        ]

    def __str__(self):
        return f"{self.title} ({self.start_date:%Y-%m-%d})"

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end date cannot be before the start date.")})

    def recorded_counts(self) -> dict[str, int]:
        """What the reports stand on: participations, attendance marks, quiz attempts and
        certificates of this event. Any of them keeps the event from being deleted."""
        attempt_model = apps.get_model("assessments", "Attempt")
        return {
            "participations": self.participations.count(),
            "attendance": Attendance.objects.filter(participation__event=self).count(),
            "attempts": attempt_model.objects.filter(event=self).count(),
            "certificates": self.certificates.count(),
        }


class EventSession(models.Model):
    """One sitting of an event (usually a morning, an afternoon or a day)."""

    # A parental key so the admin edits sessions inline on the event form.
    event = ParentalKey(
        TrainingEvent, verbose_name=_("event"), on_delete=models.CASCADE, related_name="sessions"
    )
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("start time"))
    end_time = models.TimeField(_("end time"))
    # Length in hours, computed from the times on save.
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=2, editable=False)
    title = models.CharField(_("title"), max_length=255, blank=True)

    class Meta:
        ordering = ["date", "start_time"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")

    def __str__(self):
        label = f"{self.date:%Y-%m-%d} {self.start_time:%H:%M}-{self.end_time:%H:%M}"
        return f"{label} {self.title}".strip()

    def save(self, *args, **kwargs):
        self.hours = self.compute_hours()
        super().save(*args, **kwargs)

    def clean(self):
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            raise ValidationError({"end_time": _("The session must end after it starts.")})
        event = getattr(self, "event", None) if self.event_id else None
        if event and self.date and not event.start_date <= self.date <= event.end_date:
            raise ValidationError({"date": _("The session must fall within the event's dates.")})

    def compute_hours(self) -> Decimal:
        start = datetime.combine(self.date, self.start_time)
        end = datetime.combine(self.date, self.end_time)
        seconds = max((end - start).total_seconds(), 0)
        return (Decimal(seconds) / Decimal(3600)).quantize(Decimal("0.01"))


class ParticipationRole(models.TextChoices):
    PARTICIPANT = "participant", _("Participant")
    TRAINER = "trainer", _("Trainer")


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Present")
    LATE = "late", _("Late")
    EXCUSED = "excused", _("Excused")
    ABSENT = "absent", _("Absent")


# Statuses that count as attended hours. An excused absence is still training not
# received: it counts against the attendance share like any other absence.
ATTENDED_STATUSES = (AttendanceStatus.PRESENT, AttendanceStatus.LATE)


def met_attendance_share(share=None) -> Q:
    """Attended hours reach ``share`` (0..1) of the scheduled hours, on rows annotated by
    ``ParticipationQuerySet.with_hours``. The event's share by default; a course's share
    (CoursePage.min_attendance_share) when a workshop taught the course."""
    share = F("event__min_attendance_share") if share is None else share
    return Q(scheduled_hours__gt=0) & Q(
        attended_hours__gte=F("scheduled_hours") * share - SHARE_TOLERANCE
    )


def completion_rule(
    share=None, *, required="event__post_test_required", passed="passed_post_test"
) -> Q:
    """THE "trained" rule, over rows with ``attended_hours`` and ``scheduled_hours``
    (ParticipationQuerySet.with_hours, or the reports' facts table): the share of the
    scheduled hours attended and, where ``required``, the chosen post-test ``passed``."""
    return met_attendance_share(share) & (Q(**{required: False}) | Q(**{passed: True}))


class ParticipationQuerySet(models.QuerySet):
    def held(self):
        return self.filter(event__status=EventStatus.HELD)

    def in_period(self, start, end):
        """Participations in events that ended between ``start`` and ``end`` (inclusive)."""
        return self.filter(event__end_date__range=(start, end))

    def participants(self):
        return self.filter(role=ParticipationRole.PARTICIPANT)

    def for_event(self, event):
        return self.filter(event=event)

    def with_hours(self):
        """Annotate ``attended_hours`` (present or late) and ``scheduled_hours`` of the event."""
        # No ordering: the models' default orderings would join participations, events and
        # people into every subquery.
        attended = (
            Attendance.objects.filter(participation=OuterRef("pk"), status__in=ATTENDED_STATUSES)
            .order_by()
            .values("participation")
            .annotate(total=Sum("session__hours"))
            .values("total")
        )
        scheduled = (
            EventSession.objects.filter(event=OuterRef("event"))
            .order_by()
            .values("event")
            .annotate(total=Sum("hours"))
            .values("total")
        )
        return self.annotate(
            attended_hours=Coalesce(Subquery(attended, output_field=HOURS), ZERO_HOURS),
            scheduled_hours=Coalesce(Subquery(scheduled, output_field=HOURS), ZERO_HOURS),
        )

    def with_completion(self):
        """Annotate hours plus ``met_attendance``, ``passed_post_test`` and ``is_trained``:
        THE "trained" rule (the reports' facts table stores ``is_trained`` as it is).

        Trained: attended at least the event's minimum share of the scheduled hours and,
        where the event requires it, passed the event's chosen post-test
        (assessments.passing). The post-test is looked up only where it is required.
        """
        from assessments.passing import passed_event_post_test

        return (
            self.with_hours()
            .annotate(
                met_attendance=ExpressionWrapper(
                    met_attendance_share(), output_field=BooleanField()
                ),
                # Looked up only where the event requires it.
                passed_post_test=Case(
                    When(event__post_test_required=True, then=passed_event_post_test()),
                    default=Value(False),
                    output_field=BooleanField(),
                ),
            )
            .annotate(is_trained=ExpressionWrapper(completion_rule(), output_field=BooleanField()))
        )

    def trained(self):
        """Participations that met their event's completion rule."""
        return self.with_completion().filter(completion_rule())

    def meeting_share(self, share):
        """Participations whose attended hours reach ``share`` (a value or an expression)."""
        return self.with_hours().filter(met_attendance_share(share))


class Participation(models.Model):
    """A person at an event, with their work details as they were at the event."""

    # Protected: an event with participants is marked cancelled, never deleted.
    event = models.ForeignKey(
        TrainingEvent,
        verbose_name=_("event"),
        on_delete=models.PROTECT,
        related_name="participations",
    )
    person = models.ForeignKey(
        "lms.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="participations",
    )
    role = models.CharField(
        _("role"),
        max_length=12,
        choices=ParticipationRole.choices,
        default=ParticipationRole.PARTICIPANT,
    )
    # Snapshot of the person at the event: reports count these, not the person's
    # current details, so a later promotion or transfer does not rewrite history.
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    sector = models.ForeignKey(
        "lms.Sector", verbose_name=_("sector"), on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(
        "lms.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    position = models.CharField(_("position"), max_length=200, blank=True)
    province = models.ForeignKey(
        "lms.Province", verbose_name=_("province"), on_delete=models.PROTECT, related_name="+"
    )
    walk_in = models.BooleanField(
        _("walk-in"), default=False, help_text=_("Came without being registered beforehand.")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ParticipationQuerySet.as_manager()

    # Merging two people at one event keeps the kept person's participation with the
    # marks of both (lms.people.merge).
    merge_children = (("courses.Attendance", "participation", "session"),)

    class Meta:
        ordering = ["event", "person__name_lo"]
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [
            models.UniqueConstraint(fields=["event", "person"], name="courses_one_participation")
        ]

    def __str__(self):
        return f"{self.person} @ {self.event}"

    def save(self, *args, **kwargs):
        if self._state.adding and not self.sex:
            self.take_snapshot()
        super().save(*args, **kwargs)

    def take_snapshot(self):
        """Copy the person's current sex, sector, organisation, position and province."""
        person = self.person
        self.sex = person.sex
        self.sector_id = person.sector_id
        self.organisation_id = person.organisation_id
        self.position = person.position
        self.province_id = person.province_id

    @property
    def is_woman(self) -> bool:
        return self.sex == Sex.FEMALE


class Attendance(models.Model):
    """One participant's mark for one session; one row per pair, the latest mark wins."""

    participation = models.ForeignKey(
        Participation,
        verbose_name=_("participation"),
        on_delete=models.CASCADE,
        related_name="attendances",
    )
    session = models.ForeignKey(
        EventSession,
        verbose_name=_("session"),
        on_delete=models.CASCADE,
        related_name="attendances",
    )
    status = models.CharField(_("status"), max_length=10, choices=AttendanceStatus.choices)
    note = models.CharField(_("note"), max_length=255, blank=True)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("marked by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # When the mark was made (on the trainer's phone when it was queued offline).
    marked_at = models.DateTimeField(_("marked at"), default=timezone.now)

    class Meta:
        ordering = ["session", "participation"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(
                fields=["participation", "session"], name="courses_one_attendance_mark"
            )
        ]

    def __str__(self):
        return f"{self.participation.person} {self.session}: {self.get_status_display()}"


class AttendanceChange(models.Model):
    """The log of a mark replaced by another one for the same person and session."""

    attendance = models.ForeignKey(
        Attendance, verbose_name=_("attendance"), on_delete=models.CASCADE, related_name="changes"
    )
    old_status = models.CharField(_("old status"), max_length=10, choices=AttendanceStatus.choices)
    new_status = models.CharField(_("new status"), max_length=10, choices=AttendanceStatus.choices)
    old_note = models.CharField(_("old note"), max_length=255, blank=True)
    new_note = models.CharField(_("new note"), max_length=255, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)

    class Meta:
        ordering = ["-changed_at"]
        verbose_name = _("attendance change")
        verbose_name_plural = _("attendance changes")

    def __str__(self):
        return f"{self.attendance_id}: {self.old_status} → {self.new_status}"
