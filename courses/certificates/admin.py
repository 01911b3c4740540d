"""Admin views of certificates: the list (a Wagtail report, filtered, searched and exported
as XLSX or CSV), PDF, ZIP per course or event, revoke, issue a participation certificate.
Mounted by courses/wagtail_hooks.py.
"""

from collections import OrderedDict

import django_filters
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import ButtonsColumnMixin, Column, TitleColumn
from wagtail.admin.widgets import HeaderButton, ListingButton
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.widgets import AdminSnippetChooser

from courses.certificates.archive import start_certificates_zip
from courses.certificates.bulk import (
    PlanChanged,
    issue_event_certificates,
    plan_event_certificates,
)
from courses.certificates.issue import (
    CertificateError,
    issue_certificate_by_hand,
    revoke_certificate,
)
from courses.certificates.views import pdf_response
from courses.choosers import course_chooser_viewset
from courses.models import (
    Certificate,
    CertificateKind,
    CoursePage,
    TrainingEvent,
)
from lms.access import (
    managed_certificates,
    managed_courses,
    managed_events,
    managed_people,
    sees_everything,
)
from lms.admin_menu import PermissionMenuItem
from lms.admin_viewsets import ReportView
from lms.models import Person
from lms.templatetags.lms_format import local_date, local_number

TEMPLATES = "courses/course/admin/"


class RevokeCertificateForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Recorded with the certificate; the public page only says it was revoked."),
    )


def _course_choices(user):
    """The Lao copies of the courses ``user`` manages (lms.access)."""
    return CoursePage.objects.filter(
        locale__language_code="lo", pk__in=managed_courses(user)
    ).order_by("title")


class ScopedChoicesMixin:
    """Offers, and accepts, only the courses and events the user manages."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = _course_choices(user)
        self.fields["event"].queryset = managed_events(user)


# The list: a Wagtail report of the certificates the user may see --------------------------


class CertificateFilterSet(WagtailFilterSet):
    """Course and event choices are the user's own (lms.access): another one is invalid."""

    course = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Course"),
        queryset=lambda request: _course_choices(request.user),
        method="filter_course",
    )
    event = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Training event"),
        queryset=lambda request: managed_events(request.user),
    )
    kind = django_filters.ChoiceFilter(
        label=gettext_lazy("Kind"),
        choices=CertificateKind.choices,
        empty_label=gettext_lazy("All"),
        widget=forms.RadioSelect,
    )
    # "Valid: yes / no" rather than "Valid / Revoked": the page never offers revoking to
    # those who may not revoke, not even as a filter's word.
    valid = django_filters.ChoiceFilter(
        label=gettext_lazy("Valid"),
        choices=[("yes", gettext_lazy("Yes")), ("no", gettext_lazy("No"))],
        empty_label=gettext_lazy("All"),
        widget=forms.RadioSelect,
        method="filter_valid",
    )

    class Meta:
        model = Certificate
        fields = []

    def filter_course(self, queryset, name, course):
        # A course's certificates whichever language tree they were issued in.
        return queryset.for_course(course)

    def filter_valid(self, queryset, name, value):
        return queryset.valid() if value == "yes" else queryset.revoked()


def search_certificates(certificates, query):
    """A verification code (exactly) or part of the person's Lao or romanised name."""
    query = (query or "").strip()
    if not query:
        return certificates
    return certificates.filter(
        Q(code__iexact=query)
        | Q(person__name_lo__icontains=query)
        | Q(person__name_latin__icontains=query)
    )


def filtered_certificates(request):
    """The certificates ``request.user`` may see (lms.access.managed_certificates), filtered
    and searched as the list's query string says; None when a filter is not the user's."""
    filters = CertificateFilterSet(
        request.GET,
        queryset=managed_certificates(request.user).select_related("person", "course", "event"),
        request=request,
    )
    if not filters.is_valid():
        return None, filters
    return search_certificates(filters.qs, request.GET.get("q")), filters


def _subject(certificate):
    return certificate.event.title if certificate.event_id else certificate.course.title


class CertificateCodeColumn(ButtonsColumnMixin, TitleColumn):
    """The code, with the certificate's PDF, its public page and (if allowed) revoking."""

    def get_buttons(self, certificate, parent_context):
        buttons = [
            ListingButton(
                "PDF",
                url=reverse("courses_admin:certificate_pdf", args=[certificate.pk]),
                priority=10,
            ),
            ListingButton(
                _("Verification page"),
                url=reverse("courses:verify_certificate", args=[certificate.code]),
                priority=20,
            ),
        ]
        user = parent_context["request"].user
        if certificate.is_valid and user.has_perm("courses.change_certificate"):
            buttons.append(
                ListingButton(
                    _("Revoke"),
                    url=reverse("courses_admin:certificate_revoke", args=[certificate.pk]),
                    priority=30,
                )
            )
        return buttons


class CertificateStatusColumn(Column):
    cell_template_name = TEMPLATES + "cells/certificate_status.html"


def _status(certificate) -> str:
    return str(_("Valid") if certificate.is_valid else _("Revoked"))


class CertificateListView(ReportView):
    """Every certificate the user may see: a trainer those of their events and their
    sectors' courses, programme staff and administrators all of them."""

    model = Certificate
    page_title = gettext_lazy("Certificates")
    header_icon = "doc-full-inverse"
    index_url_name = "courses_admin:certificates"
    index_results_url_name = "courses_admin:certificates_results"
    filterset_class = CertificateFilterSet
    permission_policy = ModelPermissionPolicy(Certificate)
    permission_required = "view"
    is_searchable = True
    default_ordering = "-issued_at"
    export_filename = "certificates"
    list_export = [
        "code",
        "person.name_lo",
        "person.name_latin",
        "kind",
        "subject",
        "hours",
        "issued_at",
        "status",
        "revoke_reason",
        "override_reason",
    ]
    export_headings = {
        "code": gettext_lazy("Verification code"),
        "person.name_lo": gettext_lazy("Name in Lao script"),
        "person.name_latin": gettext_lazy("Romanised name"),
        "kind": gettext_lazy("Kind"),
        "subject": gettext_lazy("Course or event"),
        "hours": gettext_lazy("Hours"),
        "issued_at": gettext_lazy("Issued"),
        "status": gettext_lazy("Status"),
        "override_reason": gettext_lazy("Exception to the rule"),
    }
    columns = [
        CertificateCodeColumn("code", label=gettext_lazy("Code"), sort_key="code"),
        Column("person", label=gettext_lazy("Person")),
        Column("kind", label=gettext_lazy("Kind"), accessor="get_kind_display"),
        Column("subject", label=gettext_lazy("Course or event"), accessor=_subject),
        Column("hours", label=gettext_lazy("Hours"), accessor=lambda c: local_number(c.hours)),
        Column(
            "issued_at",
            label=gettext_lazy("Issued"),
            accessor=lambda c: local_date(c.issued_at, "short"),
            sort_key="issued_at",
        ),
        CertificateStatusColumn("status", label=gettext_lazy("Status")),
    ]

    def get_queryset(self):
        # Filtered afterwards by ReportView.get_filtered_queryset.
        certificates = managed_certificates(self.request.user).select_related(
            "person", "course", "event"
        )
        return self.search_queryset(self.order_queryset(certificates))

    def search_queryset(self, queryset):
        return search_certificates(queryset, self.search_query)

    @cached_property
    def no_results_message(self):
        return _("No certificate matches.")

    def to_row_dict(self, certificate):
        return OrderedDict(
            (
                ("code", certificate.code),
                ("person.name_lo", certificate.person.name_lo),
                ("person.name_latin", certificate.person.name_latin),
                ("kind", certificate.get_kind_display()),
                ("subject", _subject(certificate)),
                ("hours", certificate.hours),
                ("issued_at", timezone.localtime(certificate.issued_at).date()),
                ("status", _status(certificate)),
                ("revoke_reason", certificate.revoke_reason),
                ("override_reason", certificate.override_reason),
            )
        )

    def get_header_buttons(self):
        buttons = []
        if self.request.user.has_perm("courses.add_certificate"):
            buttons.append(
                HeaderButton(
                    _("Issue a certificate"),
                    url=reverse("courses_admin:certificate_issue"),
                    icon_name="plus",
                )
            )
        if self.zip_query:
            buttons.append(
                HeaderButton(
                    _("Download all as ZIP"),
                    url=reverse("courses_admin:certificate_zip") + "?" + self.zip_query,
                    icon_name="download",
                )
            )
        return buttons + super().get_header_buttons()

    @cached_property
    def zip_query(self) -> str:
        """The list's filters and search, once a course or an event is chosen."""
        if not (self.filters and self.filters.is_valid()):
            return ""
        data = self.filters.form.cleaned_data
        if not data.get("course") and not data.get("event"):
            return ""
        query = self.request.GET.copy()
        for name in ("p", "export", "ordering", "_w_filter_fragment"):
            query.pop(name, None)
        return query.urlencode()


certificate_list = CertificateListView.as_view()
certificate_list_results = CertificateListView.as_view(results_only=True)


@permission_required("courses.view_certificate", raise_exception=True)
def certificate_download(request, pk):
    certificate = get_object_or_404(
        managed_certificates(request.user).select_related("person", "course", "event"), pk=pk
    )
    return pdf_response(certificate, request)


@permission_required("courses.view_certificate", raise_exception=True)
def certificate_zip(request):
    """All valid certificates of one course or one event (as the list is filtered), as one
    ZIP built by the worker: GET shows how many, POST queues it and opens its status page."""
    certificates, filters = filtered_certificates(request)
    if certificates is None:
        # The choices are the user's own events and courses: anything else is not found.
        raise Http404
    data = filters.form.cleaned_data
    if not data.get("course") and not data.get("event"):
        messages.error(request, _("Choose a course or an event to download its certificates."))
        return redirect("courses_admin:certificates")
    subject = data.get("event") or data.get("course")
    certificates = certificates.valid()
    if request.method == "POST":
        if not certificates.exists():
            messages.error(request, _("No valid certificate to put in the ZIP."))
            return redirect(reverse("courses_admin:certificates") + "?" + request.GET.urlencode())
        job = start_certificates_zip(request.user, certificates, subject)
        return redirect("jobs:status", pk=job.pk)
    return render(
        request,
        "courses/certificates/certificate_zip.html",
        {
            "subject": subject,
            "count": certificates.count(),
            "query": request.GET.urlencode(),
            "list_url": reverse("courses_admin:certificates") + "?" + request.GET.urlencode(),
        },
    )


@permission_required("courses.change_certificate", raise_exception=True)
def certificate_revoke(request, pk):
    certificate = get_object_or_404(
        managed_certificates(request.user).select_related("person"), pk=pk
    )
    form = RevokeCertificateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        revoke_certificate(certificate, form.cleaned_data["reason"], revoked_by=request.user)
        messages.success(request, _("The certificate is revoked."))
        return redirect("courses_admin:certificates")
    return render(
        request, TEMPLATES + "certificate_revoke.html", {"certificate": certificate, "form": form}
    )


class IssueCertificateForm(ScopedChoicesMixin, forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind"),
        choices=CertificateKind.choices,
        initial=CertificateKind.PARTICIPATION,
    )
    # Searchable choosers, scoped like the field's queryset (lms.choosers, courses.choosers).
    person = forms.ModelChoiceField(
        label=gettext_lazy("Person"),
        queryset=Person.objects.none(),
        widget=AdminSnippetChooser(Person),
    )
    course = forms.ModelChoiceField(
        label=gettext_lazy("Course"),
        queryset=CoursePage.objects.none(),
        required=False,
        widget=course_chooser_viewset.widget_class(),
    )
    event = forms.ModelChoiceField(
        label=gettext_lazy("Training event"),
        queryset=TrainingEvent.objects.none(),
        required=False,
    )
    override_reason = forms.CharField(
        label=gettext_lazy("Reason for the exception"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=gettext_lazy(
            "Only when the person has not met the rule: why the certificate is issued all "
            "the same. Kept on the certificate."
        ),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["person"].queryset = managed_people(user)
        if not sees_everything(user):
            # Only programme staff and administrators may waive the rule.
            del self.fields["override_reason"]

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("course") and not cleaned.get("event"):
            raise forms.ValidationError(_("Choose a course or an event."))
        return cleaned


@permission_required("courses.add_certificate", raise_exception=True)
def certificate_issue(request):
    form = IssueCertificateForm(request.POST or None, initial=request.GET.dict(), user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            certificate = issue_certificate_by_hand(
                data["person"],
                data["kind"],
                course=data["course"],
                event=data["event"],
                issued_by=request.user,
                override_reason=data.get("override_reason", ""),
            )
        except CertificateError as error:
            form.add_error(None, str(error))
        else:
            message = _("Certificate %(code)s issued.") % {"code": certificate.code}
            if certificate.override_reason:
                message += " " + _("Exception to the rule: %(reason)s") % {
                    "reason": certificate.override_reason
                }
            messages.success(request, message)
            return redirect("courses_admin:certificates")
    return render(request, TEMPLATES + "certificate_issue.html", {"form": form})


# An event's certificates in one action ------------------------------------------------


def _render_event_certificates(request, event, plan):
    # The ZIP of any number of certificates: the worker builds it (courses.certificates.archive).
    valid = event.certificates.valid().count()
    return render(
        request,
        "courses/certificates/event_certificates.html",
        {"event": event, "plan": plan, "valid_count": valid, "zip_query": f"event={event.pk}"},
    )


@permission_required("courses.add_certificate", raise_exception=True)
def event_certificates(request, pk):
    """Who at an event is due a completion or a participation certificate, who holds one
    and who is due none; one confirm issues them all (courses.certificates.bulk)."""
    event = get_object_or_404(
        managed_events(request.user).select_related("programme", "province"), pk=pk
    )
    if request.method != "POST":
        return _render_event_certificates(request, event, plan_event_certificates(event))
    try:
        created = issue_event_certificates(
            event, None, request.user, expected=request.POST.get("plan", "")
        )
    except PlanChanged as change:
        if not change.plan.to_issue():
            messages.info(request, _("Nothing to issue: everyone due a certificate holds it."))
            return redirect("courses_admin:event_certificates", pk=event.pk)
        messages.warning(
            request, _("The list has changed since it was shown: check it and confirm again.")
        )
        return _render_event_certificates(request, event, change.plan)
    except CertificateError as refusal:
        messages.error(request, str(refusal))
        return redirect("courses_admin:event_certificates", pk=event.pk)
    if not created:
        messages.info(request, _("Nothing to issue: everyone due a certificate holds it."))
    else:
        kinds = [certificate.kind for certificate in created]
        messages.success(
            request,
            _(
                "Certificates issued: %(completion)s of completion, "
                "%(participation)s of participation."
            )
            % {
                "completion": local_number(kinds.count(CertificateKind.COMPLETION)),
                "participation": local_number(kinds.count(CertificateKind.PARTICIPATION)),
            },
        )
    return redirect("courses_admin:event_certificates", pk=event.pk)


# Mounted under /admin/learning/ by courses/wagtail_hooks.py.
urlpatterns = [
    path("certificates/", certificate_list, name="certificates"),
    path("certificates/results/", certificate_list_results, name="certificates_results"),
    path("certificates/<int:pk>/pdf/", certificate_download, name="certificate_pdf"),
    path("certificates/<int:pk>/revoke/", certificate_revoke, name="certificate_revoke"),
    path("certificates/zip/", certificate_zip, name="certificate_zip"),
    path("certificates/issue/", certificate_issue, name="certificate_issue"),
    path("certificates/event/<int:pk>/", event_certificates, name="event_certificates"),
]


@hooks.register("register_admin_menu_item")
def register_certificates_menu_item():
    return PermissionMenuItem(
        gettext_lazy("Certificates"),
        reverse("courses_admin:certificates"),
        icon_name="doc-full-inverse",
        order=320,
        permissions=("courses.view_certificate",),
    )
