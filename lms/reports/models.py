"""Targets beside the actual figures, and quarters frozen as submitted to the donor.

Models of the ``reports`` app; their tables keep the names the ``lms`` app gave them.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from lms.reports.periods import (
    Period,
    PeriodKind,
    calendar_year,
    fiscal_quarter,
    fiscal_year,
)

__all__ = [
    "Indicator",
    "IndicatorTarget",
    "ParticipationFact",
    "QuarterSubmission",
    "TargetPeriod",
]


class Indicator(models.TextChoices):
    PERSONS_TRAINED = "persons_trained", _("Unique persons trained")
    NEW_PERSONS_TRAINED = "new_persons_trained", _("New persons trained")
    PARTICIPATIONS = "participations", _("Participations")
    PERSON_HOURS = "person_hours", _("Person-hours")
    EVENTS_HELD = "events_held", _("Events held")
    COURSES = "courses", _("Distinct courses")
    COMPLETION_CERTIFICATES = "completion_certificates", _("Completion certificates")
    PARTICIPATION_CERTIFICATES = "participation_certificates", _("Participation certificates")
    MATCHED_PAIRS = "matched_pairs", _("Matched pre/post pairs")
    SHARE_IMPROVED = "share_improved", _("Share with increased knowledge (%)")
    SHARE_PASSED = "share_passed", _("Share reaching the pass mark (%)")
    MEAN_GAIN = "mean_gain", _("Mean gain (points)")
    TOT_CERTIFIED = "tot_certified", _("Trainers of trainers certified")
    CASCADE_EVENTS = "cascade_events", _("Events delivered by certified trainers")


class TargetPeriod(models.TextChoices):
    FISCAL_YEAR = PeriodKind.FISCAL_YEAR, _("US fiscal year")
    FISCAL_QUARTER = PeriodKind.FISCAL_QUARTER, _("US fiscal quarter")
    CALENDAR_YEAR = PeriodKind.CALENDAR_YEAR, _("Lao calendar year")


class IndicatorTargetQuerySet(models.QuerySet):
    def for_period(self, period: Period, programme=None):
        """Targets set for exactly this period and programme (None: all programmes)."""
        if period.kind not in TargetPeriod.values:
            return self.none()
        return self.filter(
            period_kind=period.kind,
            year=period.year,
            quarter=period.quarter or 0,
            programme=programme,
        )


class IndicatorTarget(models.Model):
    """The figure a programme set out to reach for one indicator in one period."""

    indicator = models.CharField(_("indicator"), max_length=40, choices=Indicator.choices)
    programme = models.ForeignKey(
        "courses.Programme",
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="indicator_targets",
        help_text=_("Leave empty for a target across all programmes."),
    )
    period_kind = models.CharField(_("period"), max_length=2, choices=TargetPeriod.choices)
    # Fiscal years are named after the year they end in: FY2018 = Oct 2017 to Sep 2018.
    year = models.PositiveSmallIntegerField(_("year"))
    # 1..4 for a fiscal quarter, 0 for a whole year.
    quarter = models.PositiveSmallIntegerField(
        _("quarter"),
        default=0,
        choices=[(0, "–"), (1, "Q1"), (2, "Q2"), (3, "Q3"), (4, "Q4")],
        help_text=_("Only for a fiscal quarter."),
    )
    value = models.DecimalField(
        _("target"),
        max_digits=12,
        decimal_places=2,
        help_text=_("People, hours, events or certificates; a percentage for shares."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = IndicatorTargetQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "period_kind", "quarter", "indicator"]
        verbose_name = _("indicator target")
        verbose_name_plural = _("indicator targets")
        db_table = "lms_indicatortarget"
        # One target per indicator, programme (or all programmes) and period. A null
        # programme is never equal to another null, so "all programmes" has its own rule.
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "programme", "period_kind", "year", "quarter"],
                condition=models.Q(programme__isnull=False),
                name="lms_one_target_per_programme_period",
                violation_error_message=_(
                    "A target for this indicator, programme and period exists already."
                ),
            ),
            models.UniqueConstraint(
                fields=["indicator", "period_kind", "year", "quarter"],
                condition=models.Q(programme__isnull=True),
                name="lms_one_target_per_period",
                violation_error_message=_(
                    "A target for this indicator, programme and period exists already."
                ),
            ),
        ]
        permissions = [
            ("view_reports", _("Can see every capacity-building report")),
            ("view_own_event_reports", _("Can see the reports of the events they train")),
        ]

    def __str__(self):
        return f"{self.get_indicator_display()} {self.period.label}: {self.value}"

    @property
    def period(self) -> Period:
        if self.period_kind == TargetPeriod.FISCAL_QUARTER:
            return fiscal_quarter(self.year, self.quarter)
        if self.period_kind == TargetPeriod.FISCAL_YEAR:
            return fiscal_year(self.year)
        return calendar_year(self.year)

    def clean(self):
        if self.period_kind == TargetPeriod.FISCAL_QUARTER and not self.quarter:
            raise ValidationError({"quarter": _("Choose the quarter of the fiscal year.")})
        if self.period_kind != TargetPeriod.FISCAL_QUARTER:
            self.quarter = 0


class QuarterSubmissionQuerySet(models.QuerySet):
    def in_force(self):
        """Submissions not reopened: at most one per quarter and programme."""
        return self.filter(reopened_at__isnull=True)

    def reopened(self):
        return self.filter(reopened_at__isnull=False)

    def for_quarter(self, fiscal_year: int, quarter: int, programme_id: int | None):
        """Every submission of one fiscal quarter, for one programme (None: all programmes)."""
        return self.filter(fiscal_year=fiscal_year, quarter=quarter, programme_id=programme_id)


class QuarterSubmission(models.Model):
    """A fiscal quarter's figures as submitted to the donor, frozen against later changes."""

    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"))
    programme = models.ForeignKey(
        "courses.Programme",
        verbose_name=_("programme"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="quarter_submissions",
    )
    # {"indicators": {key: {"total": "12", "women": "5"}}, "breakdowns": {...}}: the
    # dashboard's figures at the moment of locking, decimals kept as strings.
    figures = models.JSONField(_("figures"))
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    # Reopened quarters keep their submission, with who reopened it, when and why; the
    # quarter can then be locked again (a new submission).
    reopened_at = models.DateTimeField(_("reopened at"), null=True, blank=True)
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reopened by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reopen_reason = models.TextField(_("reason for reopening"), blank=True)

    objects = QuarterSubmissionQuerySet.as_manager()

    class Meta:
        ordering = ["-fiscal_year", "-quarter"]
        verbose_name = _("submitted quarter")
        verbose_name_plural = _("submitted quarters")
        db_table = "lms_quartersubmission"
        # A quarter is locked once per programme, and once for all programmes, until reopened.
        constraints = [
            models.UniqueConstraint(
                fields=["fiscal_year", "quarter", "programme"],
                condition=models.Q(programme__isnull=False, reopened_at__isnull=True),
                name="lms_one_submission_per_programme_quarter",
            ),
            models.UniqueConstraint(
                fields=["fiscal_year", "quarter"],
                condition=models.Q(programme__isnull=True, reopened_at__isnull=True),
                name="lms_one_submission_per_quarter",
            ),
        ]

    def __str__(self):
        return f"{self.period.label} ({self.programme or _('all programmes')})"

    @property
    def period(self) -> Period:
        return fiscal_quarter(self.fiscal_year, self.quarter)

    @property
    def is_in_force(self) -> bool:
        return self.reopened_at is None


def met_completion_rule() -> models.Q:
    """THE "trained" rule (courses.models.events.completion_rule) over the facts' columns."""
    from courses.models.events import completion_rule

    return completion_rule(
        models.F("min_attendance_share"),
        required="post_test_required",
        passed="passed_post_test",
    )


class ParticipationFactQuerySet(models.QuerySet):
    def in_period(self, start, end):
        return self.filter(end_date__range=(start, end))

    def trained(self):
        """Facts that met the completion rule: THE rule of ParticipationQuerySet.trained."""
        return self.filter(met_completion_rule())


class ParticipationFact(models.Model):
    """One participation of the period being reported, as a row of a common table expression.

    No such table exists: ``lms.reports.queries.participation_facts`` names its rows (the
    participations, their snapshot, their attended and scheduled hours and whether they
    passed the event's post-test) in a WITH clause in front of each statement reading them,
    so reports keep nothing on the database connection between statements.
    """

    participation = models.OneToOneField(
        "courses.Participation",
        primary_key=True,
        on_delete=models.DO_NOTHING,
        db_column="f_participation",
        db_constraint=False,
        related_name="+",
    )
    person = models.ForeignKey(
        "lms.Person", models.DO_NOTHING, db_column="f_person", db_constraint=False, related_name="+"
    )
    event = models.ForeignKey(
        "courses.TrainingEvent",
        models.DO_NOTHING,
        db_column="f_event",
        db_constraint=False,
        related_name="+",
    )
    sex = models.CharField(max_length=1, db_column="f_sex")
    sector = models.ForeignKey(
        "lms.Sector", models.DO_NOTHING, db_column="f_sector", db_constraint=False, related_name="+"
    )
    province = models.ForeignKey(
        "lms.Province",
        models.DO_NOTHING,
        db_column="f_province",
        db_constraint=False,
        related_name="+",
    )
    level = models.CharField(max_length=12, null=True, db_column="f_level")
    programme = models.ForeignKey(
        "courses.Programme",
        models.DO_NOTHING,
        db_column="f_programme",
        db_constraint=False,
        related_name="+",
    )
    end_date = models.DateField(db_column="f_end_date")
    attended_hours = models.DecimalField(max_digits=9, decimal_places=2, db_column="f_attended")
    scheduled_hours = models.DecimalField(max_digits=9, decimal_places=2, db_column="f_scheduled")
    min_attendance_share = models.DecimalField(max_digits=3, decimal_places=2, db_column="f_share")
    post_test_required = models.BooleanField(db_column="f_post_test_required")
    # Whether the event's chosen post-test was passed (assessments.passing), where required.
    passed_post_test = models.BooleanField(db_column="f_passed")

    objects = ParticipationFactQuerySet.as_manager()

    class Meta:
        managed = False
        db_table = "lms_report_participation_facts"
        default_permissions = ()

    def __str__(self):
        return f"{self.participation_id}"
