from datetime import date

import pytest
from django.db.models import Count
from django.utils import translation

from courses.demo import events as demo_events
from courses.models import Attendance, EventStatus, Participation, TrainingEvent
from lms import demo as core_demo
from lms.people.merge import find_duplicate_groups

pytestmark = pytest.mark.django_db


def counts():
    return (
        TrainingEvent.objects.count(),
        Participation.objects.count(),
        Attendance.objects.count(),
    )


def test_demo_events_load_twice_without_duplicating_anything():
    core_demo.load()
    demo_events.load()
    first = counts()
    demo_events.load()
    assert counts() == first

    held = TrainingEvent.objects.held()
    assert held.count() >= 20
    assert held.values("programme").distinct().count() >= 4
    assert held.values("province").distinct().count() >= 6
    for start, end in [
        (date(2023, 10, 1), date(2024, 9, 30)),
        (date(2024, 10, 1), date(2025, 9, 30)),
        (date(2025, 10, 1), date(2026, 9, 30)),
    ]:
        assert held.in_period(start, end).exists()
    assert TrainingEvent.objects.filter(status=EventStatus.PLANNED).exists()
    statuses = dict(Attendance.objects.values_list("status").annotate(n=Count("pk")))
    assert statuses["present"] > statuses["late"] > 0
    assert statuses["absent"] > 0 and statuses["excused"] > 0
    assert Participation.objects.filter(walk_in=True).exists()
    with translation.override("en"):
        reasons = {str(group.reason) for group in find_duplicate_groups()}
    assert {"Same phone number", "Same Lao name and organisation", "Similar romanised name"} <= (
        reasons
    )
