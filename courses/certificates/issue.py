"""Issuing and revoking certificates, and their public verification address."""

from decimal import Decimal

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.models import (
    Certificate,
    CertificateKind,
    CoursePage,
    Enrolment,
    ParticipationRole,
)
from lms.access import sees_everything
from lms.db import create_or_take_existing


class CertificateError(ValueError):
    pass


def certificate_hours(kind: str, course: CoursePage | None, event, person) -> Decimal:
    """Course study hours, or for an event the hours the person attended (all scheduled
    hours when attendance is not recorded)."""
    if event is None:
        return course.estimated_hours
    participation = event.participations.with_hours().filter(person=person).first()
    if participation is None:
        return Decimal(0)
    if kind == CertificateKind.PARTICIPATION or participation.attended_hours:
        return Decimal(participation.attended_hours or 0)
    return Decimal(participation.scheduled_hours or 0)


def met_completion_rule(person, *, course=None, event=None) -> bool:
    """Whether ``person`` completed: for an event, its "trained" rule
    (ParticipationQuerySet.trained); for a course, the completion rule in any language
    (EnrolmentQuerySet.completed)."""
    if event is not None:
        return event.participations.trained().filter(person=person).exists()
    return Enrolment.objects.for_course(course).filter(person=person).completed().exists()


def due_event_certificate(participation) -> str | None:
    """The certificate an event's participant is due, on a row annotated by
    ParticipationQuerySet.with_completion: completion to the trained (THE "trained" rule),
    participation to one who attended some of it but did not complete, none otherwise
    (trainers, and participants who attended no session)."""
    if participation.role != ParticipationRole.PARTICIPANT:
        return None
    if participation.is_trained:
        return CertificateKind.COMPLETION
    if participation.attended_hours > 0:
        return CertificateKind.PARTICIPATION
    return None


def took_part(person, *, course=None, event=None) -> bool:
    """Whether ``person`` is registered at the event, or enrolled in the course."""
    if event is not None:
        return event.participations.filter(person=person).exists()
    return Enrolment.objects.for_course(course).filter(person=person).exists()


def issue_certificate_by_hand(
    person, kind, *, course=None, event=None, issued_by, override_reason: str = ""
) -> Certificate:
    """Issue a certificate from the admin.

    A completion certificate goes only to someone who met the completion rule, a
    participation certificate only to someone who took part. Otherwise only programme
    staff or an administrator may issue it, with a reason kept on the certificate.
    """
    if course is None and event is None:
        raise CertificateError(_("Choose a course or an event."))
    # The event's rule would otherwise stand for a course it does not teach.
    if (
        course is not None
        and event is not None
        and not event.courses.filter(translation_key=course.translation_key).exists()
    ):
        raise CertificateError(
            _("%(course)s is not taught at %(event)s: choose one of the two.")
            % {"course": course, "event": event}
        )
    if kind == CertificateKind.COMPLETION:
        met = met_completion_rule(person, course=course, event=event)
        refusal = _("%(person)s has not met the completion rule.")
    else:
        met = took_part(person, course=course, event=event)
        refusal = _("%(person)s did not take part.")
    reason = (override_reason or "").strip()
    if not met:
        if not sees_everything(issued_by):
            raise CertificateError(refusal % {"person": person})
        if not reason:
            raise CertificateError(
                (refusal % {"person": person})
                + " "
                + _("To issue it all the same, give the reason for the exception.")
            )
    return issue_certificate(
        person,
        kind,
        course=course,
        event=event,
        issued_by=issued_by,
        override_reason="" if met else reason,
    )


def issue_certificate(
    person, kind, course=None, event=None, issued_by=None, override_reason: str = ""
) -> Certificate:
    """Issue a certificate; issuing the same one again returns the existing certificate.

    Callers check the rule first (courses.learning.enrolment.complete_if_done, or
    issue_certificate_by_hand in the admin); ``override_reason`` says why it was waived.
    """
    if course is None and event is None:
        raise CertificateError("A certificate is for a course or an event.")
    existing = Certificate.objects.filter(person=person, kind=kind)
    if event is not None:
        existing = existing.filter(event=event)
    else:
        existing = existing.for_course(course).filter(event__isnull=True)
    certificate = existing.first()
    if certificate:
        return certificate
    hours = certificate_hours(kind, course, event, person)
    row, _created = create_or_take_existing(
        Certificate,
        existing.get,
        person=person,
        kind=kind,
        course=course,
        event=event,
        hours=hours,
        issued_by=issued_by,
        override_reason=override_reason,
    )
    return row


def revoke_certificate(certificate: Certificate, reason: str, revoked_by=None) -> Certificate:
    """Mark a certificate revoked; its verification page then says so."""
    if not reason.strip():
        raise CertificateError("A reason is required to revoke a certificate.")
    certificate.revoked_at = timezone.now()
    certificate.revoke_reason = reason.strip()
    certificate.revoked_by = revoked_by
    certificate.save(update_fields=["revoked_at", "revoke_reason", "revoked_by"])
    return certificate


def verification_url(certificate: Certificate, request=None) -> str:
    path = reverse("courses:verify_certificate", kwargs={"code": certificate.code})
    if request is not None:
        return request.build_absolute_uri(path)
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path
