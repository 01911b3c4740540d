"""The lists behind every number on the dashboard: people, participations, events, certificates.

Each drill-down is a queryset built from the same functions as the figure it explains
(lms/reports/queries.py) and the columns it shows and exports. These lists carry
personal data; the aggregate donor workbook never does.

``DrilldownView`` shows one as a Wagtail report (its table, pages and escaped XLSX/CSV
export); lms/reports/views.py says who may see which events and reads the period.
"""

from __future__ import annotations

import io
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import translation
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui import tables
from wagtail.admin.widgets import HeaderButton

from lms.admin_viewsets import ReportView
from lms.models import Person
from lms.reports import queries
from lms.reports.exports import XLSX_TYPE, Column
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


# The drill-down as a Wagtail report ------------------------------------------------------

PAGE_SIZE = 100
CSV_TYPE = "text/csv; charset=utf-8"
CERTIFICATE_KINDS = ("completion", "participation")


class DrilldownColumn(tables.Column):
    cell_template_name = "lms/reports/includes/drilldown_cell.html"


class DrilldownView(ReportView):
    """One drill-down (``kind`` in the URL) for the period and filters of the query string.

    Its queryset reads the participation facts (queries.participation_facts), computed
    inside each statement: nothing outlives a query. Subclasses give
    ``read_request`` (the period and filters, refusing who may not see them) and may give
    ``export_language``.
    """

    template_name = "lms/reports/drilldown.html"
    header_icon = "list-ul"
    paginate_by = PAGE_SIZE
    table_classname = "reports-table"
    index_url_name = "lms_reports:drilldown"
    dashboard_url_name = "lms_reports:dashboard"

    def read_request(self) -> tuple[Period, ReportFilters]:
        raise NotImplementedError

    def export_language(self) -> str:
        return translation.get_language()

    def dispatch(self, request, *args, **kwargs):
        self.kind = kwargs["kind"]
        self.drill = DRILLDOWNS.get(self.kind)
        if self.drill is None:
            raise Http404
        self.period, self.report_filters = self.read_request()
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def facts(self) -> QuerySet:
        return queries.participation_facts(
            self.period.year_start, self.period.end, self.report_filters
        )

    def get_queryset(self):
        extra = {}
        if self.kind == "certificates" and self.request.GET.get("kind") in CERTIFICATE_KINDS:
            extra["kind"] = self.request.GET["kind"]
        return self.drill.build(self.facts, self.period, self.report_filters, **extra)

    def get_page_title(self):
        return self.drill.title

    def get_index_url(self):
        return reverse(self.index_url_name, args=[self.kind])

    @cached_property
    def dashboard_url(self) -> str:
        query = self.request.GET.copy()
        for name in ("p", "export", "lang", "kind", "since", "ordering"):
            query.pop(name, None)
        return reverse(self.dashboard_url_name) + "?" + query.urlencode()

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": self.dashboard_url, "label": _("Indicators")},
            {"url": "", "label": self.get_page_title()},
        ]

    @cached_property
    def no_results_message(self):
        return _("Nothing to list for this period and these filters.")

    # The columns: the drill-down's own, shown and exported alike.

    @cached_property
    def columns(self):
        return [
            DrilldownColumn(f"column_{index}", label=column.header, accessor=column.value)
            for index, column in enumerate(self.drill.columns)
        ]

    @cached_property
    def list_export(self):
        return [column.name for column in self.columns]

    @cached_property
    def export_headings(self):
        return {column.name: column.label for column in self.columns}

    def to_row_dict(self, item):
        return OrderedDict((column.name, column.accessor(item)) for column in self.columns)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if not self.is_export:
            context["rows"] = [
                list(self.to_row_dict(item).values()) for item in context["object_list"]
            ]
        context["period"] = self.period
        context["dashboard_url"] = self.dashboard_url
        return context

    # The export: in the language asked for (``lang``).

    def get_filename(self):
        return f"{self.kind}-{slugify(self.period.label)}"

    # The downloads stand in the header, in the admin's language and in Lao.
    header_more_buttons = []

    def get_header_buttons(self):
        buttons = [
            HeaderButton(_("Download XLSX"), url=self.get_export_url("xlsx"), icon_name="download"),
            HeaderButton(_("Download CSV"), url=self.get_export_url("csv"), icon_name="download"),
        ]
        for file_format in ("xlsx", "csv"):
            buttons.append(
                HeaderButton(
                    f"{file_format.upper()} ພາສາລາວ",
                    url=self.get_export_url(file_format) + "&lang=lo",
                    icon_name="download",
                    attrs={"lang": "lo"},
                )
            )
        return buttons + super().get_header_buttons()

    def as_spreadsheet(self, queryset, spreadsheet_format):
        with translation.override(self.export_language()):
            return super().as_spreadsheet(queryset.iterator(chunk_size=2000), spreadsheet_format)

    def get_heading(self, queryset, field):
        return str(self.export_headings[field])

    def write_xlsx_response(self, queryset):
        output = io.BytesIO()
        self.write_xlsx(queryset, output)
        return self._attachment(output.getvalue(), XLSX_TYPE, "xlsx")

    def write_csv_response(self, queryset):
        # Wagtail's rows come encoded; the byte-order mark may not.
        content = b"".join(
            chunk.encode("utf-8") if isinstance(chunk, str) else chunk
            for chunk in self.stream_csv(queryset)
        )
        return self._attachment(content, CSV_TYPE, "csv")

    def _attachment(self, content: bytes, content_type: str, extension: str) -> HttpResponse:
        response = HttpResponse(content, content_type=content_type)
        filename = f"{self.get_filename()}.{extension}"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
