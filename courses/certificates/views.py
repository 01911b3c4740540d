"""The learner's own certificate PDFs and the public verification page."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from wagtail.models import Locale

from courses.certificates.render import certificate_filename, render_certificate_pdf
from courses.models import Certificate
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


def verify_certificate(request, code):
    """Public: valid or revoked, name, course, date. Nothing else about the person."""
    certificate = (
        Certificate.objects.select_related("person", "course", "event")
        .filter(code=code.strip().upper())
        .first()
    )
    subject = None
    if certificate:
        if certificate.course_id:
            course = certificate.course
            locale_course = course.get_translation_or_none(Locale.get_active())
            subject = (locale_course or course).title
        else:
            subject = certificate.event.title
    response = render(
        request,
        "courses/course/verify_certificate.html",
        {"certificate": certificate, "subject": subject, "code": code},
        status=200 if certificate else 404,
    )
    response["X-Robots-Tag"] = "noindex"
    return response
