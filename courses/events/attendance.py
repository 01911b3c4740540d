"""Registering people for events and recording their attendance, one mark per session."""

from datetime import datetime

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from courses.models import (
    Attendance,
    AttendanceChange,
    AttendanceStatus,
    EventSession,
    Participation,
    ParticipationRole,
    TrainingEvent,
)
from courses.models.events import ATTENDED_STATUSES
from lms.db import create_or_take_existing
from lms.models import Person, Sex


class AttendanceError(ValueError):
    pass


def register_participant(
    event: TrainingEvent,
    person: Person,
    *,
    role: str = ParticipationRole.PARTICIPANT,
    walk_in: bool = False,
) -> Participation:
    """Add a person to an event (once), snapshotting their work details as they are now."""
    participation, _created = Participation.objects.get_or_create(
        event=event, person=person, defaults={"role": role, "walk_in": walk_in}
    )
    return participation


def record_attendance(
    participation: Participation,
    session: EventSession,
    status: str,
    *,
    marked_by=None,
    note: str = "",
    marked_at: datetime | None = None,
) -> Attendance:
    """Record a mark; the later of two marks for the same person and session wins.

    ``marked_at`` is when the trainer tapped (a phone sends it with marks queued
    offline); a mark older than the stored one is ignored, so a late-arriving queue
    never overwrites a correction. Every replaced mark is logged in AttendanceChange.
    """
    if status not in AttendanceStatus.values:
        raise AttendanceError(f"Unknown attendance status: {status!r}")
    if participation.event_id != session.event_id:
        raise AttendanceError("The session belongs to another event.")
    now = timezone.now()
    # A phone with a fast clock must not lock its marks against later corrections.
    marked_at = min(marked_at or now, now)
    note = (note or "").strip()[:255]
    with transaction.atomic():
        attendance = (
            Attendance.objects.select_for_update()
            .filter(participation=participation, session=session)
            .first()
        )
        if attendance is None:
            # Another request may create the mark between our read and insert.
            attendance, created = create_or_take_existing(
                Attendance,
                lambda: Attendance.objects.select_for_update().get(
                    participation=participation, session=session
                ),
                participation=participation,
                session=session,
                status=status,
                note=note,
                marked_by=marked_by,
                marked_at=marked_at,
            )
            if created:
                return attendance
        if marked_at < attendance.marked_at:
            return attendance
        if attendance.status == status and attendance.note == note:
            return attendance
        AttendanceChange.objects.create(
            attendance=attendance,
            old_status=attendance.status,
            new_status=status,
            old_note=attendance.note,
            new_note=note,
            changed_by=marked_by,
            changed_at=now,
        )
        attendance.status = status
        attendance.note = note
        attendance.marked_by = marked_by
        attendance.marked_at = marked_at
        attendance.save(update_fields=["status", "note", "marked_by", "marked_at"])
        return attendance


def mark_all_present(session: EventSession, *, marked_by=None) -> int:
    """Mark everyone registered for the event and not yet marked at ``session`` present, so
    the trainer only taps the exceptions; marks already made are kept. Returns how many."""
    now = timezone.now()
    unmarked = Participation.objects.filter(event_id=session.event_id).exclude(
        attendances__session=session
    )
    created = Attendance.objects.bulk_create(
        [
            Attendance(
                participation=participation,
                session=session,
                status=AttendanceStatus.PRESENT,
                marked_by=marked_by,
                marked_at=now,
            )
            for participation in unmarked
        ],
        # A mark another phone made meanwhile stays as it is.
        ignore_conflicts=True,
    )
    return len(created)


def present_counts(session: EventSession) -> dict[str, int]:
    """Present (or late) people at a session: total, women and men, counted in one query."""
    attended = Q(status__in=ATTENDED_STATUSES)
    counts = session.attendances.aggregate(
        total=Count("pk", filter=attended),
        women=Count("pk", filter=attended & Q(participation__sex=Sex.FEMALE)),
        men=Count("pk", filter=attended & Q(participation__sex=Sex.MALE)),
    )
    return {key: value or 0 for key, value in counts.items()}
