"""The dashboard's period selector and filters, read from the query string."""

from __future__ import annotations

import datetime
from dataclasses import replace

from django import forms
from django.apps import apps
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lms.models import InstitutionLevel, Province, Sector, Sex
from lms.reports.periods import (
    Period,
    PeriodKind,
    calendar_year,
    date_range,
    fiscal_quarter,
    fiscal_quarter_of,
    fiscal_year,
    fiscal_year_of,
)
from lms.reports.queries import ReportFilters

FILTER_NAMES = ("programme", "province", "sector", "course", "event_type", "sex", "level")


class ReportForm(forms.Form):
    period = forms.ChoiceField(label=_("Period"), choices=PeriodKind.choices, required=False)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, required=False)
    quarter = forms.TypedChoiceField(
        label=_("Quarter"),
        choices=[(q, f"Q{q}") for q in range(1, 5)],
        coerce=int,
        required=False,
    )
    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    programme = forms.ModelChoiceField(
        label=_("Programme"), queryset=None, required=False, empty_label=_("All programmes")
    )
    province = forms.ModelChoiceField(
        label=_("Province"),
        queryset=Province.objects.all(),
        required=False,
        empty_label=_("All provinces"),
    )
    sector = forms.ModelChoiceField(
        label=_("Sector"),
        queryset=Sector.objects.all(),
        required=False,
        empty_label=_("All sectors"),
    )
    course = forms.ModelChoiceField(
        label=_("Course"), queryset=None, required=False, empty_label=_("All courses")
    )
    event_type = forms.ChoiceField(label=_("Event type"), required=False)
    # Set by the links of the "by sex" and "by institution level" tables, not shown as fields.
    sex = forms.ChoiceField(
        choices=[("", "")] + Sex.choices, required=False, widget=forms.HiddenInput
    )
    level = forms.ChoiceField(
        choices=[("", ""), ("none", "–")] + InstitutionLevel.choices,
        required=False,
        widget=forms.HiddenInput,
    )
    since = forms.DateField(required=False, widget=forms.HiddenInput)

    def __init__(self, data=None, **kwargs):
        super().__init__(data, **kwargs)
        from courses.models.events import EventType

        self.fields["programme"].queryset = apps.get_model("courses", "Programme").objects.all()
        self.fields["course"].queryset = self._courses()
        self.fields["event_type"].choices = [("", _("All event types")), *EventType.choices]

    @staticmethod
    def _courses():
        from wagtail.models import Locale

        CoursePage = apps.get_model("courses", "CoursePage")
        locale = Locale.get_active()
        return CoursePage.objects.filter(locale=locale).order_by("title")

    def clean(self):
        data = super().clean()
        kind = data.get("period") or PeriodKind.FISCAL_YEAR
        # Without a choice, report on the last completed quarter (and its fiscal year):
        # that is the report due to donors, while the running quarter is still incomplete.
        last_quarter_end = fiscal_quarter_of(timezone.localdate()).start - datetime.timedelta(1)
        year = data.get("year")
        if kind == PeriodKind.RANGE:
            if not data.get("start") or not data.get("end"):
                raise forms.ValidationError(_("Enter both dates of the range."))
            if data["end"] < data["start"]:
                raise forms.ValidationError(_("The end date cannot be before the start date."))
        if kind == PeriodKind.FISCAL_QUARTER and not data.get("quarter"):
            data["quarter"] = fiscal_quarter_of(last_quarter_end).quarter
        if not year:
            data["year"] = (
                last_quarter_end.year
                if kind == PeriodKind.CALENDAR_YEAR
                else fiscal_year_of(last_quarter_end)
            )
        data["period"] = kind
        return data

    def get_period(self) -> Period:
        data = self.cleaned_data
        kind = data["period"]
        if kind == PeriodKind.FISCAL_QUARTER:
            period = fiscal_quarter(data["year"], data["quarter"])
        elif kind == PeriodKind.CALENDAR_YEAR:
            period = calendar_year(data["year"])
        elif kind == PeriodKind.RANGE:
            period = date_range(data["start"], data["end"])
        else:
            period = fiscal_year(data["year"])
        if data.get("since") and data["since"] <= period.start:
            period = replace(period, since=data["since"])
        return period

    def get_filters(self, event_ids=None) -> ReportFilters:
        data = self.cleaned_data
        return ReportFilters(
            programme=data["programme"].pk if data.get("programme") else None,
            province=data["province"].pk if data.get("province") else None,
            sector=data["sector"].pk if data.get("sector") else None,
            course=data["course"].pk if data.get("course") else None,
            event_type=data.get("event_type") or "",
            sex=data.get("sex") or "",
            level=data.get("level") or "",
            event_ids=event_ids,
        )


def filters_query(filters: ReportFilters) -> dict:
    """The GET parameters that select ``filters`` (the inverse of ``ReportForm``)."""
    return {
        name: getattr(filters, name)
        for name in FILTER_NAMES
        if getattr(filters, name) not in (None, "")
    }


class ReopenForm(forms.Form):
    """The reason a locked quarter is reopened, kept with its submission."""

    reason = forms.CharField(
        label=_("Why is the quarter reopened?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("For example, the attendance of an event was corrected after submission."),
        error_messages={"required": _("Say why the quarter is reopened: the reason is kept.")},
    )
