"""The trainer's attendance marking page: one session on a phone, one tap per mark.

Works as plain form posts (each button submits the form and the page comes back at
the same row); with JavaScript, courses/static/courses/js/attendance-marking.js
queues taps on the phone and sends them one by one, so marks made without a
connection are sent when it returns.
"""

from datetime import UTC, datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404, HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from courses.events.attendance import (
    AttendanceError,
    mark_all_present,
    present_counts,
    record_attendance,
)
from courses.models import AttendanceStatus, EventSession, Participation
from courses.models.events import ATTENDED_STATUSES
from lms.access import managed_events
from lms.lao import sort_key
from lms.models import Sex

# The three statuses a trainer taps in the room; "excused" comes from a typed sign-in
# sheet or a correction in the admin's attendance listing.
ROOM_STATUSES = [AttendanceStatus.PRESENT, AttendanceStatus.LATE, AttendanceStatus.ABSENT]


def _wants_json(request) -> bool:
    return request.headers.get("X-Requested-With") == "fetch"


def _client_time(raw: str):
    """The tap time a phone sends, in milliseconds since the epoch; None if unusable."""
    try:
        return datetime.fromtimestamp(int(raw) / 1000, tz=UTC)
    except (TypeError, ValueError, OverflowError, OSError):
        return None


@login_required
@permission_required("courses.change_attendance", raise_exception=True)
@require_http_methods(["GET", "POST"])
def mark_session(request, session_id: int):
    # The event's sessions (for the navigation) and this one's event, in one query.
    # Only the sessions of an event the trainer manages (lms.access): any other is a 404,
    # and a mark posted to it changes nothing.
    sessions = list(
        EventSession.objects.filter(
            event__sessions=session_id, event__in=managed_events(request.user)
        )
        .select_related("event")
        .order_by("date", "start_time")
    )
    session = next((s for s in sessions if s.pk == session_id), None)
    if session is None:
        raise Http404
    if request.method == "POST":
        if request.POST.get("all_present"):
            marked = mark_all_present(session, marked_by=request.user)
            messages.success(
                request,
                ngettext(
                    "%(count)d person marked present. Tap the exceptions.",
                    "%(count)d people marked present. Tap the exceptions.",
                    marked,
                )
                % {"count": marked},
            )
            return redirect("events:mark_session", session_id=session.pk)
        return _save_mark(request, session)

    participations = list(
        Participation.objects.filter(event_id=session.event_id)
        .select_related("person", "organisation")
        .only(
            "pk",
            "sex",
            "walk_in",
            "person__name_lo",
            "person__name_latin",
            "organisation__abbreviation_lo",
            "organisation__name_lo",
        )
    )
    participations.sort(key=lambda p: sort_key(p.person.name_lo))
    marks = dict(session.attendances.values_list("participation_id", "status"))
    counts = {"total": 0, "women": 0, "men": 0}
    for participation in participations:
        participation.mark = marks.get(participation.pk, "")
        if participation.mark in ATTENDED_STATUSES:
            counts["total"] += 1
            counts["women" if participation.sex == Sex.FEMALE else "men"] += 1
    return render(
        request,
        "courses/events/mark_session.html",
        {
            "session": session,
            "event": session.event,
            "sessions": sessions,
            "participations": participations,
            "counts": counts,
            "statuses": ROOM_STATUSES,
            "unmarked": sum(1 for p in participations if not p.mark),
        },
    )


def _save_mark(request, session):
    participation_id, _sep, status = request.POST.get("mark", "").partition(":")
    participation = Participation.objects.filter(
        pk=participation_id if participation_id.isdigit() else None, event_id=session.event_id
    ).first()
    if participation is None:
        return HttpResponseBadRequest("Unknown participant")
    try:
        attendance = record_attendance(
            participation,
            session,
            status,
            marked_by=request.user,
            marked_at=_client_time(request.POST.get("marked_at")),
        )
    except AttendanceError:
        return HttpResponseBadRequest("Unknown status")
    if _wants_json(request):
        return JsonResponse(
            {
                "participation": participation.pk,
                "status": attendance.status,
                "counts": present_counts(session),
            }
        )
    url = reverse("events:mark_session", args=[session.pk])
    return redirect(f"{url}#p{participation.pk}")
