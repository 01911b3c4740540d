from datetime import timedelta

import pytest
from django.utils import timezone

from courses.events.attendance import AttendanceError, present_counts, record_attendance
from courses.models import Attendance, AttendanceChange, AttendanceStatus
from lms.models import Sex
from tests.factories import PersonFactory, UserFactory, attend, make_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def trainer(db):
    return UserFactory(username="trainer")


def test_marking_twice_keeps_one_mark_and_the_later_wins(trainer):
    event = make_event(session_hours=(4,))
    participation = attend(event, PersonFactory(), [])
    session = event.sessions.get()
    record_attendance(participation, session, AttendanceStatus.ABSENT, marked_by=trainer)
    record_attendance(participation, session, AttendanceStatus.LATE, marked_by=trainer, note="bus")
    mark = Attendance.objects.get()
    assert (mark.status, mark.note) == (AttendanceStatus.LATE, "bus")
    change = AttendanceChange.objects.get()
    assert (change.old_status, change.new_status, change.changed_by) == ("absent", "late", trainer)


def test_resending_the_same_mark_is_not_logged_as_a_change():
    event = make_event(session_hours=(4,))
    participation = attend(event, PersonFactory(), [])
    session = event.sessions.get()
    for _ in range(3):
        record_attendance(participation, session, AttendanceStatus.PRESENT)
    assert Attendance.objects.count() == 1
    assert not AttendanceChange.objects.exists()


def test_a_mark_queued_offline_does_not_overwrite_a_later_correction():
    event = make_event(session_hours=(4,))
    participation = attend(event, PersonFactory(), [])
    session = event.sessions.get()
    tapped_offline = timezone.now() - timedelta(minutes=10)
    record_attendance(participation, session, AttendanceStatus.PRESENT)
    record_attendance(participation, session, AttendanceStatus.ABSENT, marked_at=tapped_offline)
    assert Attendance.objects.get().status == AttendanceStatus.PRESENT


def test_a_mark_from_a_phone_with_a_fast_clock_is_stored_as_now():
    event = make_event(session_hours=(4,))
    participation = attend(event, PersonFactory(), [])
    session = event.sessions.get()
    record_attendance(
        participation,
        session,
        AttendanceStatus.PRESENT,
        marked_at=timezone.now() + timedelta(days=2),
    )
    record_attendance(participation, session, AttendanceStatus.LATE)
    assert Attendance.objects.get().status == AttendanceStatus.LATE


def test_unknown_status_and_session_of_another_event_are_refused():
    event, other = make_event(session_hours=(4,)), make_event(session_hours=(4,))
    participation = attend(event, PersonFactory(), [])
    with pytest.raises(AttendanceError):
        record_attendance(participation, event.sessions.get(), "asleep")
    with pytest.raises(AttendanceError):
        record_attendance(participation, other.sessions.get(), AttendanceStatus.PRESENT)
    assert not Attendance.objects.exists()


def test_present_counts_split_women_and_men_and_count_late_as_present():
    event = make_event(session_hours=(4,))
    attend(event, PersonFactory(sex=Sex.FEMALE), [AttendanceStatus.PRESENT])
    attend(event, PersonFactory(sex=Sex.FEMALE), [AttendanceStatus.LATE])
    attend(event, PersonFactory(sex=Sex.FEMALE), [AttendanceStatus.EXCUSED])
    attend(event, PersonFactory(), [AttendanceStatus.PRESENT])
    attend(event, PersonFactory(), [AttendanceStatus.ABSENT])
    assert present_counts(event.sessions.get()) == {"total": 3, "women": 2, "men": 1}
