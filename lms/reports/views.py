"""Thin admin views: the dashboard, its drill-downs, exports, the donor workbook, locking
and reopening quarters.

Programme staff and Administrators (``reports.view_reports``) see every event; trainers
(``reports.view_own_event_reports``) see the figures of the events they train; anyone else
is refused. Locking (``reports.add_quartersubmission``) and reopening
(``reports.change_quartersubmission``) each ask for a confirmation first, on a page that
works without JavaScript.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lms.access import managed_events
from lms.reports import drilldowns, exports
from lms.reports.dashboard import (
    GAIN_COUNTS,
    GAIN_FIGURES,
    AlreadyLocked,
    FiguresChanged,
    ReopenRefused,
    build_breakdown,
    build_dashboard,
    figures_as_json,
    figures_digest,
    is_lockable,
    lock_preview,
    lock_quarter,
    reopen_quarter,
)
from lms.reports.forms import ReopenForm, ReportForm, filters_query
from lms.reports.models import QuarterSubmission
from lms.reports.periods import PeriodKind
from lms.reports.queries import DIMENSIONS
from lms.reports.workbook import describe_filters, donor_workbook_sheets, preamble

# Inline SVG charts, in pixels: a row per bar, bars at most BAR_WIDTH long.
CHART_ROW_HEIGHT = 22
BAR_WIDTH = 160
COLUMN_HEIGHT = 100


def report_event_ids(user) -> frozenset[int] | None:
    """None when the user sees every event; otherwise the events they may report on."""
    if user.has_perm("reports.view_reports"):
        return None
    if user.has_perm("reports.view_own_event_reports"):
        return frozenset(managed_events(user).values_list("pk", flat=True))
    raise PermissionDenied


def _read(request):
    event_ids = report_event_ids(request.user)
    # Bound even without parameters: the form's defaults pick the period to show.
    form = ReportForm(request.GET)
    if not form.is_valid():
        return form, None, None
    return form, form.get_period(), form.get_filters(event_ids)


def dashboard(request):
    form, period, filters = _read(request)
    context = {
        "form": form,
        "page_title": _("Capacity-building indicators"),
        "header_icon": "table",
    }
    if period is None:
        return render(request, "lms/reports/dashboard.html", context, status=400)
    data = build_dashboard(period, filters)
    base = {**period.as_query(), **filters_query(filters)}
    for figure in data.indicators:
        figure.url = _drill_url(figure.drill, base, **figure.drill_query)
        figure.women_url = _drill_url(figure.drill, {**base, "sex": "f"}, **figure.drill_query)
    tables = [_table(breakdown, base, period) for breakdown in data.breakdowns]
    can_lock = (
        request.user.has_perm("reports.add_quartersubmission")
        and data.submission is None
        and is_lockable(period, filters)
    )
    can_reopen = data.submission is not None and request.user.has_perm(
        "reports.change_quartersubmission"
    )
    context.update(
        dashboard=data,
        period=period,
        filter_lines=describe_filters(filters),
        gain_rows=[
            (label, data.gain.get(key), data.gain_women.get(key), 0 if key in GAIN_COUNTS else 2)
            for key, label in GAIN_FIGURES
        ],
        attempts_url=_drill_url("attempts", base),
        tables=tables,
        trend=next(table for table in tables if table["key"] == "quarter"),
        query=urlencode(base),
        can_lock=can_lock,
        can_reopen=can_reopen,
        lock_url=reverse("lms_reports:lock") + "?" + urlencode(base),
    )
    return render(request, "lms/reports/dashboard.html", context)


class DrilldownView(drilldowns.DrilldownView):
    """A drill-down of the dashboard, for the events the user may report on."""

    def read_request(self):
        form, period, filters = _read(self.request)
        if period is None:
            raise Http404
        return period, filters

    def export_language(self) -> str:
        return _export_language(self.request)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filter_lines"] = describe_filters(self.report_filters)
        return context


drilldown = DrilldownView.as_view()


def breakdown_export(request, key):
    form, period, filters = _read(request)
    if period is None:
        raise Http404
    if key not in DIMENSIONS:
        raise Http404
    with translation.override(_export_language(request)):
        breakdown, submission = build_breakdown(period, filters, key)
        headers = [str(breakdown.label)]
        for _key, label, _drill in breakdown.columns:
            headers += [str(label), _("Of which women")]
        rows = [
            [str(row["label"])]
            + [value for column, _l, _d in breakdown.columns for value in _pair(row[column])]
            for row in breakdown.rows
        ]
        sheet = exports.Sheet(
            str(breakdown.label),
            headers,
            rows,
            preamble(period, describe_filters(filters), str(breakdown.label), submission),
        )
        file_format = request.GET.get("export", "xlsx")
        return exports.download([sheet], f"{key}-{slugify(period.label)}", file_format)


def workbook(request):
    form, period, filters = _read(request)
    if period is None:
        raise Http404
    with translation.override(_export_language(request)):
        sheets = donor_workbook_sheets(build_dashboard(period, filters))
        return exports.download(sheets, f"charj-indicators-{slugify(period.label)}", "xlsx")


@require_http_methods(["GET", "POST"])
def lock(request):
    """GET: the figures that locking would freeze, to confirm; POST: lock the quarter."""
    if not request.user.has_perm("reports.add_quartersubmission"):
        raise PermissionDenied
    form = ReportForm(request.POST if request.method == "POST" else request.GET)
    if not form.is_valid() or form.cleaned_data["period"] != PeriodKind.FISCAL_QUARTER:
        messages.error(request, _("Choose a fiscal quarter to lock."))
        return redirect("lms_reports:dashboard")
    period = form.get_period()
    programme = form.cleaned_data.get("programme")
    query = {**period.as_query(), **({"programme": programme.pk} if programme else {})}
    back = reverse("lms_reports:dashboard") + "?" + urlencode(query)
    if request.method == "GET":
        return _lock_confirmation(request, period, programme, back)
    try:
        lock_quarter(
            period.year,
            period.quarter,
            programme,
            request.user,
            confirmed_digest=request.POST.get("figures") or None,
        )
    except AlreadyLocked:
        messages.error(request, _("This quarter has been submitted already."))
    except FiguresChanged:
        messages.warning(
            request,
            _(
                "The figures changed while you were checking them, so nothing was locked. "
                "Check them again as they are now."
            ),
        )
        return _lock_confirmation(request, period, programme, back, status=409)
    else:
        messages.success(request, _("The quarter's figures are frozen as submitted."))
    return redirect(back)


def _lock_confirmation(request, period, programme, back, status=200):
    data = lock_preview(period.year, period.quarter, programme)
    if data.submission is not None:
        messages.error(request, _("This quarter has been submitted already."))
        return redirect(back)
    context = {
        "page_title": _("Lock %(quarter)s as submitted?") % {"quarter": period.label},
        "header_icon": "lock",
        "period": period,
        "programme": programme,
        "dashboard": data,
        "digest": figures_digest(figures_as_json(data)),
        "back_url": back,
    }
    return render(request, "lms/reports/lock_confirm.html", context, status=status)


@require_http_methods(["GET", "POST"])
def reopen(request, pk: int):
    """GET: what reopening means, and the reason to give; POST: reopen the quarter."""
    if not request.user.has_perm("reports.change_quartersubmission"):
        raise PermissionDenied
    submission = get_object_or_404(
        QuarterSubmission.objects.select_related("programme", "submitted_by"), pk=pk
    )
    period = submission.period
    query = {
        **period.as_query(),
        **({"programme": submission.programme_id} if submission.programme_id else {}),
    }
    back = reverse("lms_reports:dashboard") + "?" + urlencode(query)
    if not submission.is_in_force:
        messages.error(request, _("This quarter has been reopened already."))
        return redirect(back)
    form = ReopenForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            reopen_quarter(submission, request.user, form.cleaned_data["reason"])
        except ReopenRefused as refusal:
            messages.error(request, str(refusal.args[0]))
        else:
            messages.success(
                request,
                _("The quarter is reopened: the dashboard shows its current figures again."),
            )
        return redirect(back)
    context = {
        "page_title": _("Reopen %(quarter)s?") % {"quarter": period.label},
        "header_icon": "lock-open",
        "submission": submission,
        "period": period,
        "form": form,
        "back_url": back,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "lms/reports/reopen_confirm.html", context, status=status)


def _table(breakdown, base, period) -> dict:
    """A breakdown with the drill-down link of every cell and its bar chart."""
    subperiods = period.subperiods() if breakdown.key == "quarter" else []
    rows = []
    for index, row in enumerate(breakdown.rows):
        query = dict(base)
        if subperiods:
            for name in ("period", "year", "quarter", "start", "end"):
                query.pop(name, None)
            query.update(subperiods[index].as_query())
        elif breakdown.filter_name:
            query[breakdown.filter_name] = row["key"] if row["key"] is not None else "none"
        cells = []
        for column, _label, drill in breakdown.columns:
            extra = (
                {"since": period.year_start.isoformat()} if column == "new_persons_trained" else {}
            )
            cells.append(
                {
                    "value": row[column],
                    "url": _drill_url(drill, query, **extra),
                    "women_url": _drill_url(drill, {**query, "sex": "f"}, **extra),
                }
            )
        rows.append({"label": row["label"], "cells": cells, "value": row["persons_trained"]})
    top = max((_plain(r["value"]["total"]) for r in rows), default=0) or 1
    for position, row in enumerate(rows):
        row["bar"] = round(BAR_WIDTH * _plain(row["value"]["total"]) / top, 1)
        row["women_bar"] = round(BAR_WIDTH * _plain(row["value"]["women"]) / top, 1)
        row["bar_end"] = row["bar"] + 124
        row["y"] = position * CHART_ROW_HEIGHT
        # The trend chart draws quarters as columns of at most COLUMN_HEIGHT pixels.
        row["column"] = round(COLUMN_HEIGHT * _plain(row["value"]["total"]) / top, 1)
        row["column_top"] = COLUMN_HEIGHT - row["column"] + 16
        row["x"] = position * 70
    return {
        "key": breakdown.key,
        "label": breakdown.label,
        "headers": [label for _key, label, _drill in breakdown.columns],
        "rows": rows,
        "chart_height": len(rows) * CHART_ROW_HEIGHT,
        "chart_width": len(rows) * 70,
        "export_url": reverse("lms_reports:breakdown_export", args=[breakdown.key]),
    }


def _drill_url(drill: str, base: dict, /, **extra) -> str:
    return reverse("lms_reports:drilldown", args=[drill]) + "?" + urlencode({**base, **extra})


def _export_language(request) -> str:
    """Exports may be asked for in either language (``lang``), whatever the admin's is."""
    requested = request.GET.get("lang")
    return requested if requested in dict(settings.LANGUAGES) else translation.get_language()


def _pair(cell):
    return [cell.get("total"), cell.get("women")]


def _plain(value) -> float:
    return float(value or 0)
