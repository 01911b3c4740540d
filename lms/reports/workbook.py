"""The donor report workbook: one sheet per indicator with its disaggregations, no personal data.

Every sheet starts with the period, the filters and the time the file was generated, so
a printed or forwarded sheet still says what it counts.
"""

from __future__ import annotations

from django.apps import apps
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.models.events import EventType
from lms.models import InstitutionLevel, Province, Sector, Sex
from lms.reports.dashboard import GAIN_FIGURES, Dashboard
from lms.reports.exports import Sheet
from lms.reports.models import Indicator
from lms.reports.queries import ReportFilters


def describe_filters(filters: ReportFilters) -> list[tuple[str, str]]:
    """(label, value) for every filter that narrows the figures, in the active language."""
    described = []
    lookups = [
        ("programme", _("Programme"), apps.get_model("courses", "Programme")),
        ("province", _("Province"), Province),
        ("sector", _("Sector"), Sector),
        ("course", _("Course"), apps.get_model("courses", "CoursePage")),
    ]
    for name, label, model in lookups:
        pk = getattr(filters, name)
        if pk:
            obj = model.objects.filter(pk=pk).first()
            described.append((label, str(obj) if obj else pk))
    if filters.event_type:
        described.append((_("Event type"), str(EventType(filters.event_type).label)))
    if filters.sex:
        described.append((_("Sex"), str(Sex(filters.sex).label)))
    if filters.level:
        levels = dict(InstitutionLevel.choices)
        described.append((_("Institution level"), str(levels.get(filters.level, "–"))))
    if filters.event_ids is not None:
        described.append((_("Events"), _("Only the events you train")))
    return described


def preamble(period, filters: list[tuple[str, str]], title: str, submission=None) -> list:
    """The lines above a table: what it is, the period, the filters (``describe_filters``),
    when it was made."""
    lines = [
        (_("Report"), title),
        (_("Period"), f"{period.label} ({period.start.isoformat()} – {period.end.isoformat()})"),
        (_("Filters"), "; ".join(f"{label}: {value}" for label, value in filters) or _("None")),
        (_("Generated"), timezone.localtime().strftime("%Y-%m-%d %H:%M %Z")),
    ]
    if submission:
        submitted = timezone.localtime(submission.submitted_at)
        lines.append((_("Submitted"), submitted.strftime("%Y-%m-%d %H:%M %Z")))
    return lines


def donor_workbook_sheets(dashboard: Dashboard) -> list[Sheet]:
    total, women = _("Total"), _("Of which women")
    filters = describe_filters(dashboard.filters)

    def sheet(title, headers, rows):
        lines = preamble(dashboard.period, filters, title, dashboard.submission)
        return Sheet(title, headers, rows, lines)

    summary_rows = []
    for figure in dashboard.indicators:
        share = figure.share_of_target
        difference = figure.difference
        summary_rows.append(
            [
                str(figure.label),
                figure.shown_total,
                figure.shown_women,
                figure.target,
                round(share * 100, 1) if share is not None else None,
                difference["total"] if difference else None,
            ]
        )
    sheets = [
        sheet(
            _("Summary"),
            [
                _("Indicator"),
                total,
                women,
                _("Target"),
                _("Share of target (%)"),
                _("Change since submission"),
            ],
            summary_rows,
        )
    ]
    for column, indicator in [
        ("persons_trained", Indicator.PERSONS_TRAINED),
        ("new_persons_trained", Indicator.NEW_PERSONS_TRAINED),
        ("participations", Indicator.PARTICIPATIONS),
        ("person_hours", Indicator.PERSON_HOURS),
        ("events_held", Indicator.EVENTS_HELD),
    ]:
        headline = dashboard.indicator(indicator.value)
        rows = [[_("All"), "", headline.shown_total, headline.shown_women]]
        for breakdown in dashboard.breakdowns:
            if column not in {key for key, _label, _drill in breakdown.columns}:
                continue
            for row in breakdown.rows:
                cell = row[column]
                rows.append([str(breakdown.label), str(row["label"]), cell["total"], cell["women"]])
        if column == "events_held":
            courses = dashboard.indicator(Indicator.COURSES.value)
            rows.append([str(courses.label), "", courses.shown_total, None])
        headers = [_("Disaggregation"), _("Category"), total, women]
        sheets.append(sheet(str(indicator.label), headers, rows))
    certificates = [
        dashboard.indicator(Indicator.COMPLETION_CERTIFICATES.value),
        dashboard.indicator(Indicator.PARTICIPATION_CERTIFICATES.value),
    ]
    sheets.append(
        sheet(
            _("Certificates issued"),
            [_("Kind"), total, women],
            [[str(c.label), c.shown_total, c.shown_women] for c in certificates],
        )
    )
    sheets.append(
        sheet(
            _("Pre- and post-tests"),
            [_("Result"), _("All"), _("Women")],
            [
                [str(label), dashboard.gain.get(key), dashboard.gain_women.get(key)]
                for key, label in GAIN_FIGURES
            ],
        )
    )
    tot = [
        dashboard.indicator(Indicator.TOT_CERTIFIED.value),
        dashboard.indicator(Indicator.CASCADE_EVENTS.value),
    ]
    sheets.append(
        sheet(
            _("Trainers of trainers"),
            [_("Indicator"), total, women],
            [[str(f.label), f.shown_total, f.shown_women] for f in tot],
        )
    )
    return sheets
