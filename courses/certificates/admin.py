"""Admin views of certificates: list, PDF, ZIP per course or event, revoke, issue a
participation certificate. Mounted by courses/wagtail_hooks.py.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks

from courses.certificates.issue import (
    CertificateError,
    issue_certificate_by_hand,
    revoke_certificate,
)
from courses.certificates.render import certificates_zip
from courses.certificates.views import pdf_response
from courses.models import (
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
from lms.models import Person

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


class CertificateFilterForm(ScopedChoicesMixin, forms.Form):
    q = forms.CharField(label=gettext_lazy("Search"), required=False)
    course = forms.ModelChoiceField(
        label=gettext_lazy("Course"), queryset=CoursePage.objects.none(), required=False
    )
    event = forms.ModelChoiceField(
        label=gettext_lazy("Training event"),
        queryset=TrainingEvent.objects.none(),
        required=False,
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind"),
        choices=[("", "---------")] + CertificateKind.choices,
        required=False,
    )


def filtered_certificates(data, user):
    """The certificates ``user`` may see (lms.access.managed_certificates), filtered."""
    certificates = managed_certificates(user).select_related("person", "course", "event")
    if data.get("q"):
        q = data["q"].strip()
        certificates = certificates.filter(
            Q(code__iexact=q) | Q(person__name_lo__icontains=q) | Q(person__name_latin__icontains=q)
        )
    if data.get("course"):
        certificates = certificates.for_course(data["course"])
    if data.get("event"):
        certificates = certificates.filter(event=data["event"])
    if data.get("kind"):
        certificates = certificates.filter(kind=data["kind"])
    return certificates


@permission_required("courses.view_certificate", raise_exception=True)
def certificate_list(request):
    form = CertificateFilterForm(request.GET or None, user=request.user)
    data = form.cleaned_data if form.is_valid() else {}
    page = Paginator(filtered_certificates(data, request.user), 50).get_page(request.GET.get("p"))
    return render(
        request,
        TEMPLATES + "certificate_list.html",
        {"form": form, "page_obj": page, "zip_query": request.GET.urlencode()},
    )


@permission_required("courses.view_certificate", raise_exception=True)
def certificate_download(request, pk):
    certificate = get_object_or_404(
        managed_certificates(request.user).select_related("person", "course", "event"), pk=pk
    )
    return pdf_response(certificate, request)


@permission_required("courses.view_certificate", raise_exception=True)
def certificate_zip(request):
    """All valid certificates of one course or one event, as one ZIP."""
    form = CertificateFilterForm(request.GET, user=request.user)
    if not form.is_valid():
        # The choices are the user's own events and courses: anything else is not found.
        raise Http404
    data = form.cleaned_data
    if not data.get("course") and not data.get("event"):
        messages.error(request, _("Choose a course or an event to download its certificates."))
        return redirect("courses_admin:certificates")
    certificates = filtered_certificates(data, request.user).valid()
    subject = data.get("event") or data.get("course")
    response = HttpResponse(certificates_zip(certificates, request), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="certificates-{subject.pk}.zip"'
    return response


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
    person = forms.ModelChoiceField(label=gettext_lazy("Person"), queryset=Person.objects.none())
    course = forms.ModelChoiceField(
        label=gettext_lazy("Course"), queryset=CoursePage.objects.none(), required=False
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


# Mounted under /admin/learning/ by courses/wagtail_hooks.py.
urlpatterns = [
    path("certificates/", certificate_list, name="certificates"),
    path("certificates/<int:pk>/pdf/", certificate_download, name="certificate_pdf"),
    path("certificates/<int:pk>/revoke/", certificate_revoke, name="certificate_revoke"),
    path("certificates/zip/", certificate_zip, name="certificate_zip"),
    path("certificates/issue/", certificate_issue, name="certificate_issue"),
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
