"""Printing certificates: one PDF carries both languages, Lao above and English below, with a
QR code of the verification address; many certificates as one ZIP.
"""

import zipfile
from dataclasses import dataclass

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.text import slugify
from wagtail.models import Locale

from courses.certificates.issue import verification_url
from courses.models import Certificate, CertificateKind, CoursePage
from lms.pdf import render_pdf


@dataclass
class CertificateSide:
    """The certificate's text in one language."""

    language: str
    title: str
    name: str
    subject: str
    programme: str
    date: str
    hours: str
    signatory_name: str
    signatory_title: str


def _course_in(course: CoursePage, language: str) -> CoursePage:
    locale = Locale.objects.filter(language_code=language).first()
    translated = course.get_translation_or_none(locale) if locale else None
    return (translated or course).specific


def certificate_side(certificate: Certificate, language: str) -> CertificateSide:
    from lms.templatetags.lms_format import local_date, local_number

    person = certificate.person
    with translation.override(language):
        if certificate.event_id:
            event = certificate.event
            subject = event.title
            programme = event.programme.name if event.programme_id else settings.PROGRAMME_NAME
            course = certificate.course and _course_in(certificate.course, language)
        else:
            course = _course_in(certificate.course, language)
            subject = course.title
            programme = settings.PROGRAMME_NAME
        is_completion = certificate.kind == CertificateKind.COMPLETION
        title = (
            translation.gettext("Certificate of completion")
            if is_completion
            else translation.gettext("Certificate of participation")
        )
        return CertificateSide(
            language=language,
            title=title,
            name=person.name_lo if language == "lo" else (person.name_latin or person.name_lo),
            subject=subject,
            programme=str(programme),
            date=local_date(certificate.issued_at),
            hours=local_number(certificate.hours.normalize()),
            signatory_name=course.signatory_name if course else "",
            signatory_title=course.signatory_title if course else "",
        )


def qr_svg(url: str) -> str:
    return segno.make(url, error="m").svg_inline(scale=3, border=0)


def render_certificate_pdf(certificate: Certificate, request=None) -> bytes:
    """The bilingual PDF: Lao above, English below."""
    url = verification_url(certificate, request)
    html = render_to_string(
        "courses/course/certificate_pdf.html",
        {
            "certificate": certificate,
            "sides": [certificate_side(certificate, "lo"), certificate_side(certificate, "en")],
            "person": certificate.person,
            "verification_url": url,
            "qr": qr_svg(url),
        },
    )
    return render_pdf(html)


def certificate_filename(certificate: Certificate) -> str:
    name = slugify(certificate.person.name_latin) or f"person-{certificate.person_id}"
    return f"certificate-{name}-{certificate.code}.pdf"


def write_certificates_zip(certificates, target, progress=None) -> int:
    """Write one ZIP of the PDFs of ``certificates`` (a queryset), one file each, into the
    binary file ``target``; ``progress(done, total)`` after each. Returns how many."""
    total = certificates.count()
    done = 0
    # The PDFs are compressed already: stored as they are, the ZIP costs no extra time.
    with zipfile.ZipFile(target, "w", zipfile.ZIP_STORED) as archive:
        for certificate in certificates.select_related("person", "course", "event"):
            archive.writestr(certificate_filename(certificate), render_certificate_pdf(certificate))
            done += 1
            if progress is not None:
                progress(done, total)
    return done
