"""An event's certificates in one action: who is due which certificate, who already holds
it and who is due none (and why), then issuing them all at once.

Issuing creates certificate rows only; their PDFs are rendered when downloaded
(courses.certificates.render). ``issue_event_certificates`` is what a background task
would call.
"""

import hashlib
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from courses.certificates.issue import (
    CertificateError,
    due_event_certificate,
    issue_certificate,
)
from courses.models import (
    Certificate,
    CertificateKind,
    EventStatus,
    Participation,
    ParticipationRole,
    TrainingEvent,
)
from lms.templatetags.lms_format import local_number, local_percent


@dataclass
class CertificateCandidate:
    """One participant of the event and the certificate they are due."""

    # Annotated by ParticipationQuerySet.with_completion, person selected.
    participation: Participation
    # The kind due (CertificateKind), or "" when none is.
    kind: str
    # Why no completion certificate (or none at all); empty for the trained.
    reason: str
    # The certificate of the kind due (or a completion one) the person already holds.
    held: Certificate | None = None

    @property
    def person(self):
        return self.participation.person


@dataclass
class EventCertificatePlan:
    """What one confirm would issue for an event, and what it would leave as it is."""

    event: TrainingEvent
    completion: list[CertificateCandidate] = field(default_factory=list)
    participation: list[CertificateCandidate] = field(default_factory=list)
    already: list[CertificateCandidate] = field(default_factory=list)
    not_qualified: list[CertificateCandidate] = field(default_factory=list)
    # Why nothing may be issued for the event at all (a cancelled event); empty otherwise.
    refusal: str = ""

    def to_issue(self, kind: str | None = None) -> list[CertificateCandidate]:
        if self.refusal:
            return []
        if kind == CertificateKind.COMPLETION:
            return list(self.completion)
        if kind == CertificateKind.PARTICIPATION:
            return list(self.participation)
        return self.completion + self.participation

    @property
    def fingerprint(self) -> str:
        """Names what a confirm would issue: a confirm of another list issues nothing."""
        pairs = sorted((c.kind, c.participation.person_id) for c in self.to_issue())
        return hashlib.sha256(repr(pairs).encode()).hexdigest()[:16]


def _reason(participation, kind: str) -> str:
    """Why ``participation`` is due no completion certificate (or none at all)."""
    if participation.role != ParticipationRole.PARTICIPANT:
        return _("Trainer at this event.")
    if participation.scheduled_hours <= 0:
        return _("The event has no sessions.")
    event = participation.event
    if not participation.attended_hours:
        return _("Attended no session.")
    if not participation.met_attendance:
        return _("Attended %(attended)s of %(scheduled)s hours; the rule asks for %(share)s.") % {
            "attended": local_number(participation.attended_hours.normalize()),
            "scheduled": local_number(participation.scheduled_hours.normalize()),
            "share": local_percent(event.min_attendance_share),
        }
    if event.post_test_required and event.post_test_id is None:
        return _("The event requires a post-test but none is chosen.")
    if event.post_test_required and not participation.passed_post_test:
        return _("Has not passed the post-test.")
    return ""


def plan_event_certificates(event: TrainingEvent) -> EventCertificatePlan:
    """Each participant of ``event`` in one list: completion or participation certificate to
    issue, already holding it, or due none (with the reason)."""
    plan = EventCertificatePlan(event=event)
    if event.status == EventStatus.CANCELLED:
        plan.refusal = _("The event is cancelled: no certificates are issued for it.")
    held: dict[int, dict[str, Certificate]] = {}
    for certificate in Certificate.objects.filter(event=event).order_by("issued_at"):
        held.setdefault(certificate.person_id, {}).setdefault(certificate.kind, certificate)
    participations = (
        Participation.objects.filter(event=event)
        .with_completion()
        .select_related("person", "event")
        .order_by("person__name_lo", "pk")
    )
    for participation in participations:
        kind = due_event_certificate(participation) or ""
        candidate = CertificateCandidate(participation, kind, _reason(participation, kind))
        own = held.get(participation.person_id, {})
        # A completion certificate stands for participation too.
        candidate.held = (own.get(kind) or own.get(CertificateKind.COMPLETION)) if kind else None
        if not kind:
            plan.not_qualified.append(candidate)
        elif candidate.held is not None:
            plan.already.append(candidate)
        elif kind == CertificateKind.COMPLETION:
            plan.completion.append(candidate)
        else:
            plan.participation.append(candidate)
    return plan


class PlanChanged(CertificateError):
    """The certificates due are no longer those the confirming user was shown."""

    def __init__(self, plan: EventCertificatePlan):
        super().__init__("The certificates due have changed.")
        self.plan = plan


def issue_event_certificates(
    event: TrainingEvent, kind: str | None, user, *, expected: str | None = None
) -> list[Certificate]:
    """Issue, in one transaction, the certificates of ``kind`` (both kinds when None) due at
    ``event`` and not yet held; returns the certificates created.

    The event row is locked first, so a second request (a double submit) waits and then
    finds them issued; the unique constraint on (person, kind, event) stands behind it.
    A cancelled event raises CertificateError. With ``expected`` (the fingerprint of the
    plan the user confirmed), a plan that has changed since raises PlanChanged and issues
    nothing.
    """
    with transaction.atomic():
        TrainingEvent.objects.select_for_update().filter(pk=event.pk).first()
        plan = plan_event_certificates(event)
        if plan.refusal:
            raise CertificateError(plan.refusal)
        if expected is not None and expected != plan.fingerprint:
            raise PlanChanged(plan)
        issued_before = set(event.certificates.values_list("pk", flat=True))
        certificates = [
            issue_certificate(candidate.person, candidate.kind, event=event, issued_by=user)
            for candidate in plan.to_issue(kind)
        ]
        # issue_certificate hands back one issued meanwhile as it is: not counted as new.
        return [c for c in certificates if c.pk not in issued_before]
