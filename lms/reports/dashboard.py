"""The dashboard's figures for one period and set of filters, its targets and frozen quarters.

``build_dashboard`` runs the queries of lms/reports/queries.py and arranges their results:
headline indicators (total and of which women, target and share reached), pre/post
results and one table per breakdown. ``lock_quarter`` freezes those figures as submitted;
``reopen_quarter`` lifts a lock with a reason that is kept beside the earlier submission.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lms.db import create_or_take_existing
from lms.reports import queries
from lms.reports.models import Indicator, IndicatorTarget, QuarterSubmission
from lms.reports.periods import Period, PeriodKind, fiscal_quarter
from lms.reports.queries import DIMENSIONS, ReportFilters

# Breakdown tables in the order shown, with their headings.
BREAKDOWNS = [
    ("sector", _("By sector")),
    ("province", _("By province")),
    ("level", _("By institution level")),
    ("sex", _("By sex")),
    ("quarter", _("By quarter")),
    ("programme", _("By programme")),
]
BREAKDOWN_LABELS = dict(BREAKDOWNS)
# Columns of a breakdown table: (key, heading, drill-down kind).
BREAKDOWN_COLUMNS = [
    ("persons_trained", Indicator.PERSONS_TRAINED.label, "trained"),
    ("new_persons_trained", Indicator.NEW_PERSONS_TRAINED.label, "new"),
    ("participations", Indicator.PARTICIPATIONS.label, "participations"),
    ("person_hours", Indicator.PERSON_HOURS.label, "participations"),
    ("events_held", Indicator.EVENTS_HELD.label, "events"),
]
# Pre/post results shown beside the matched pairs (the keys of assessments.stats).
GAIN_FIGURES = [
    ("pairs", _("Matched pairs")),
    ("pre_only", _("Pre-test only")),
    ("post_only", _("Post-test only")),
    ("mean_pre", _("Mean pre-test score (%)")),
    ("mean_post", _("Mean post-test score (%)")),
    ("mean_gain", _("Mean gain (points)")),
    ("class_normalized_gain", _("Class-average normalized gain")),
    ("share_improved", _("Share improved")),
    ("share_passed", _("Share passed")),
    ("pre_100", _("Pre-test at 100% (gain undefined)")),
]
# The figures of GAIN_FIGURES that count people, shown without decimals.
GAIN_COUNTS = {"pairs", "pre_only", "post_only", "pre_100"}


@dataclass
class Figure:
    """One indicator: the current value, its target and, once locked, the submitted value."""

    key: str
    label: str
    total: Decimal | int | None
    women: Decimal | int | None = None
    drill: str = ""  # drill-down kind behind the number
    drill_query: dict = field(default_factory=dict)
    target: Decimal | None = None
    submitted: dict | None = None

    @property
    def share_of_target(self) -> Decimal | None:
        if not self.target or self.total is None:
            return None
        return Decimal(self.shown_total) / self.target

    @property
    def shown_total(self):
        """What the dashboard shows: the submitted figure once a quarter is locked."""
        return _number(self.submitted["total"]) if self.submitted else self.total

    @property
    def shown_women(self):
        if self.submitted and self.submitted.get("women") is not None:
            return _number(self.submitted["women"])
        return self.women

    @property
    def difference(self) -> dict | None:
        """Current minus submitted, where the data changed after locking."""
        if not self.submitted:
            return None
        total = _difference(self.total, self.submitted.get("total"))
        women = _difference(self.women, self.submitted.get("women"))
        if not total and not women:
            return None
        return {"total": total, "women": women}


@dataclass
class Breakdown:
    key: str
    label: str
    rows: list[dict]
    columns: list[tuple[str, str, str]]
    filter_name: str | None


@dataclass
class Dashboard:
    period: Period
    filters: ReportFilters
    indicators: list[Figure]
    gain: dict
    gain_women: dict
    breakdowns: list[Breakdown]
    submission: QuarterSubmission | None = None
    # The quarter's earlier submissions, since reopened, oldest first.
    history: list[QuarterSubmission] = field(default_factory=list)

    def indicator(self, key: str) -> Figure:
        return next(figure for figure in self.indicators if figure.key == key)


def build_dashboard(period: Period, filters: ReportFilters) -> Dashboard:
    facts = queries.participation_facts(period.year_start, period.end, filters)
    return _build(facts, period, filters)


def build_breakdown(
    period: Period, filters: ReportFilters, key: str
) -> tuple[Breakdown, QuarterSubmission | None]:
    """One breakdown table (as submitted, once locked) without the rest of the dashboard."""
    facts = queries.participation_facts(period.year_start, period.end, filters)
    (breakdown,), _figures = _breakdowns(facts, period, filters, [key])
    submission = submission_for(period, filters)
    if submission:
        _overlay_breakdown(breakdown, submission.figures)
    return breakdown, submission


def _breakdowns(facts, period: Period, filters: ReportFilters, keys: list[str]):
    """The breakdown tables of ``keys`` and the figures counted from the facts."""
    dimensions = [DIMENSIONS[key] for key in keys]
    figures = queries.fact_figures(facts, period, dimensions)
    breakdowns = []
    for key, dimension in zip(keys, dimensions, strict=True):
        columns = [
            column
            for column in BREAKDOWN_COLUMNS
            if (column[0] != "events_held" or dimension.event_field)
            and (column[0] != "new_persons_trained" or key == "quarter")
        ]
        rows = queries.breakdown_rows(figures, period, filters, dimension)
        breakdowns.append(
            Breakdown(key, BREAKDOWN_LABELS[key], rows, columns, dimension.filter_name)
        )
    return breakdowns, figures


def _build(facts, period: Period, filters: ReportFilters) -> Dashboard:
    start, end = period.start, period.end
    in_period = facts.in_period(start, end)
    # One statement counts every figure of the facts: persons, participations, hours and
    # each breakdown.
    breakdowns, counted = _breakdowns(facts, period, filters, [key for key, _ in BREAKDOWNS])
    persons = counted.persons
    # New persons per quarter are differences of cumulative counts since the year start,
    # so they add up to the period's.
    quarters = next(breakdown for breakdown in breakdowns if breakdown.key == "quarter")
    new = {
        sex: sum(row["new_persons_trained"][sex] for row in quarters.rows)
        for sex in ("total", "women")
    }
    participations = counted.participations
    hours = counted.person_hours
    held = queries.events(start, end, filters).aggregate(
        total=Count("pk", distinct=True),
        courses=Count("courses__translation_key", distinct=True),
    )
    certificates = queries.certificates(start, end, filters).aggregate(
        **{
            f"{kind}_{sex}": Count("pk", filter=Q(kind=kind) & sex_q)
            for kind in ("completion", "participation")
            for sex, sex_q in (("total", Q()), ("women", Q(person__sex=queries.FEMALE)))
        }
    )
    by_kind = {
        kind: {sex: certificates[f"{kind}_{sex}"] for sex in ("total", "women")}
        for kind in ("completion", "participation")
    }
    gain, gain_women = queries.knowledge_gain_of_all_and_women(in_period)
    tot = counted.tot
    cascade = queries.cascade_events(start, end, filters).aggregate(
        total=Count("pk", distinct=True)
    )

    def figure(indicator, values, drill, **drill_query):
        return Figure(
            indicator.value,
            indicator.label,
            values["total"],
            values.get("women"),
            drill,
            drill_query,
        )

    indicators = [
        figure(Indicator.PERSONS_TRAINED, persons, "trained"),
        figure(Indicator.NEW_PERSONS_TRAINED, new, "new"),
        figure(Indicator.PARTICIPATIONS, participations, "participations"),
        figure(Indicator.PERSON_HOURS, hours, "participations"),
        figure(Indicator.EVENTS_HELD, held, "events"),
        figure(Indicator.COURSES, {"total": held["courses"]}, "events"),
        figure(
            Indicator.COMPLETION_CERTIFICATES,
            by_kind["completion"],
            "certificates",
            kind="completion",
        ),
        figure(
            Indicator.PARTICIPATION_CERTIFICATES,
            by_kind["participation"],
            "certificates",
            kind="participation",
        ),
        figure(
            Indicator.MATCHED_PAIRS,
            {"total": gain["pairs"], "women": gain_women["pairs"]},
            "attempts",
        ),
        figure(
            Indicator.SHARE_IMPROVED,
            {
                "total": _percent(gain["share_improved"]),
                "women": _percent(gain_women["share_improved"]),
            },
            "attempts",
        ),
        figure(
            Indicator.SHARE_PASSED,
            {
                "total": _percent(gain["share_passed"]),
                "women": _percent(gain_women["share_passed"]),
            },
            "attempts",
        ),
        figure(
            Indicator.MEAN_GAIN,
            {"total": _rounded(gain["mean_gain"]), "women": _rounded(gain_women["mean_gain"])},
            "attempts",
        ),
        figure(Indicator.TOT_CERTIFIED, tot, "tot"),
        figure(Indicator.CASCADE_EVENTS, cascade, "cascade"),
    ]
    targets = dict(
        IndicatorTarget.objects.for_period(period, filters.programme).values_list(
            "indicator", "value"
        )
    )
    for indicator in indicators:
        indicator.target = targets.get(indicator.key)

    dashboard = Dashboard(period, filters, indicators, gain, gain_women, breakdowns)
    dashboard.submission = submission_for(period, filters)
    dashboard.history = reopened_submissions(period, filters)
    if dashboard.submission:
        _overlay(dashboard, dashboard.submission.figures)
    return dashboard


def is_lockable(period: Period, filters: ReportFilters) -> bool:
    """Whether these figures are a quarter's as submitted: a fiscal quarter of every event,
    narrowed at most to one programme."""
    return (
        period.kind == PeriodKind.FISCAL_QUARTER
        and filters.event_ids is None
        and filters.with_value(programme=None).is_empty
    )


def submission_for(period: Period, filters: ReportFilters) -> QuarterSubmission | None:
    """The frozen figures of a fiscal quarter, when the dashboard shows exactly what was locked."""
    if not is_lockable(period, filters):
        return None
    return (
        QuarterSubmission.objects.in_force()
        .for_quarter(period.year, period.quarter, filters.programme)
        .select_related("submitted_by")
        .first()
    )


def reopened_submissions(period: Period, filters: ReportFilters) -> list[QuarterSubmission]:
    """The earlier, reopened submissions of the quarter the dashboard shows, oldest first."""
    if not is_lockable(period, filters):
        return []
    return list(
        QuarterSubmission.objects.reopened()
        .for_quarter(period.year, period.quarter, filters.programme)
        .select_related("submitted_by", "reopened_by")
        .order_by("submitted_at", "pk")
    )


class AlreadyLocked(Exception):
    pass


class FiguresChanged(Exception):
    """The figures are no longer those the user confirmed; nothing was locked."""


def lock_preview(fiscal_year: int, quarter: int, programme) -> Dashboard:
    """The figures ``lock_quarter`` would freeze now, to be confirmed."""
    programme_id = programme.pk if programme else None
    return build_dashboard(
        fiscal_quarter(fiscal_year, quarter), ReportFilters(programme=programme_id)
    )


def figures_digest(figures: dict) -> str:
    """A short fingerprint of ``figures_as_json``: what a confirmation page showed."""
    text = json.dumps(figures, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def lock_quarter(
    fiscal_year: int, quarter: int, programme, user, confirmed_digest: str | None = None
) -> QuarterSubmission:
    """Freeze a fiscal quarter's figures (for one programme or all) as submitted.

    With ``confirmed_digest`` (``figures_digest`` of the figures the user was shown), refuse
    with FiguresChanged when the figures have changed since.
    """
    programme_id = programme.pk if programme else None
    existing = QuarterSubmission.objects.in_force().for_quarter(fiscal_year, quarter, programme_id)
    if existing.exists():
        raise AlreadyLocked
    dashboard = lock_preview(fiscal_year, quarter, programme)
    figures = figures_as_json(dashboard)
    if confirmed_digest is not None and confirmed_digest != figures_digest(figures):
        raise FiguresChanged

    def locked_by_another():
        raise AlreadyLocked

    # The unique constraints decide between two people locking the same quarter at once.
    row, _created = create_or_take_existing(
        QuarterSubmission,
        locked_by_another,
        fiscal_year=fiscal_year,
        quarter=quarter,
        programme_id=programme_id,
        figures=figures,
        submitted_by=user,
    )
    return row


class ReopenRefused(ValueError):
    pass


def reopen_quarter(submission: QuarterSubmission, user, reason: str) -> QuarterSubmission:
    """Reopen a locked quarter with a reason that is kept; it may then be locked again."""
    reason = (reason or "").strip()
    if not reason:
        raise ReopenRefused(_("Say why the quarter is reopened: the reason is kept."))
    with transaction.atomic():
        locked = QuarterSubmission.objects.select_for_update().get(pk=submission.pk)
        if locked.reopened_at is not None:
            raise ReopenRefused(_("This quarter has been reopened already."))
        locked.reopened_at = timezone.now()
        locked.reopened_by = user
        locked.reopen_reason = reason
        locked.save(update_fields=["reopened_at", "reopened_by", "reopen_reason"])
    return locked


def figures_as_json(dashboard: Dashboard) -> dict:
    return {
        "indicators": {
            figure.key: {"total": _text(figure.total), "women": _text(figure.women)}
            for figure in dashboard.indicators
        },
        "breakdowns": {
            breakdown.key: {
                str(row["key"]): {
                    column: {
                        "total": _text(row[column]["total"]),
                        "women": _text(row[column]["women"]),
                    }
                    for column, _label, _drill in breakdown.columns
                }
                for row in breakdown.rows
            }
            for breakdown in dashboard.breakdowns
        },
    }


def _overlay(dashboard: Dashboard, figures: dict) -> None:
    """Show the submitted figures; keep the current ones to show the difference."""
    for figure in dashboard.indicators:
        figure.submitted = figures["indicators"].get(figure.key)
    for breakdown in dashboard.breakdowns:
        _overlay_breakdown(breakdown, figures)


def _overlay_breakdown(breakdown: Breakdown, figures: dict) -> None:
    submitted_rows = figures["breakdowns"].get(breakdown.key, {})
    for row in breakdown.rows:
        submitted = submitted_rows.get(str(row["key"]), {})
        for column, _label, _drill in breakdown.columns:
            if column not in submitted:
                continue
            current = row[column]
            then = {k: _number(v) for k, v in submitted[column].items()}
            row[column] = {
                **then,
                "current": current,
                "difference": _difference(current["total"], submitted[column]["total"]),
            }


def _text(value) -> str | None:
    return None if value is None else str(value)


def _number(value):
    if value is None:
        return None
    number = Decimal(value)
    return int(number) if number == number.to_integral_value() and "." not in value else number


def _difference(current, submitted):
    if submitted is None and current is None:
        return None
    difference = Decimal(current or 0) - Decimal(submitted or 0)
    return difference or None


def _percent(share) -> Decimal | None:
    return None if share is None else (Decimal(str(share)) * 100).quantize(Decimal("0.1"))


def _rounded(value) -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(Decimal("0.1"))
