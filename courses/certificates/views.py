"""The learner's own certificate PDFs and the public verification page."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from wagtail.models import Locale

from courses.certificates.render import certificate_filename, render_certificate_pdf
from courses.models import Certificate
from courses.models.certificates import normalise_certificate_code
from lms.auth import signed_in_person


@login_required
def certificate_pdf(request, pk):
    person = signed_in_person(request)
    certificate = get_object_or_404(
        Certificate.objects.valid().select_related("person", "course", "event"),
        pk=pk,
        person=person,
    )
    return pdf_response(certificate, request)


def pdf_response(certificate, request) -> HttpResponse:
    response = HttpResponse(
        render_certificate_pdf(certificate, request), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="{certificate_filename(certificate)}"'
    return response


def verify_form(request):
    """Public: type the code printed on a certificate (any case, with or without dashes)."""
    code = normalise_certificate_code(request.GET.get("code", ""))
    if code:
        return redirect("courses:verify_certificate", code=code)
    response = render(request, "courses/course/verify_certificate.html", {"verdict": None})
    response["X-Robots-Tag"] = "noindex"
    return response


def verify_certificate(request, code):
    """Public: valid, revoked or unknown; name, course, date. Nothing else about the person."""
    canonical = normalise_certificate_code(code)
    if canonical != code:
        return redirect("courses:verify_certificate", code=canonical)
    certificate = (
        Certificate.objects.select_related("person", "course", "event").filter(code=code).first()
    )
    subject = None
    if certificate is None:
        verdict = "unknown"
    else:
        verdict = "valid" if certificate.is_valid else "revoked"
        if certificate.course_id:
            course = certificate.course
            locale_course = course.get_translation_or_none(Locale.get_active())
            subject = (locale_course or course).title
        else:
            subject = certificate.event.title
    response = render(
        request,
        "courses/course/verify_certificate.html",
        {"certificate": certificate, "subject": subject, "code": code, "verdict": verdict},
        status=404 if certificate is None else 200,
    )
    response["X-Robots-Tag"] = "noindex"
    return response
