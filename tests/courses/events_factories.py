"""Small builders for training-event tests: people, events with sessions, marks."""

import itertools
from datetime import date, time

from courses.events.attendance import record_attendance, register_participant
from courses.models import EventSession, EventStatus, Programme, TrainingEvent
from lms.models import Organisation, Person, Province, Sector, Sex

_phones = itertools.count(55550000)


def make_person(**fields) -> Person:
    defaults = {
        "name_lo": "ສົມພອນ ສີສຸລາດ",
        "name_latin": "Somphone Sisoulath",
        "sex": Sex.MALE,
        "sector": Sector.objects.get(code="police"),
        "organisation": Organisation.objects.get(key="atd"),
        "province": Province.objects.get(code="01"),
        "phone": f"020{next(_phones)}",
    }
    return Person.objects.create(**defaults | fields)


def make_event(*, session_hours=(4, 4), **fields) -> TrainingEvent:
    """An event with a session per entry of ``session_hours`` (hours, each from 08:00)."""
    defaults = {
        "title_en": "Victim identification workshop",
        "title_lo": "ກອງປະຊຸມຝຶກອົບຮົມ ການກຳນົດຕົວຜູ້ຖືກເຄາະຮ້າຍ",
        "programme": Programme.objects.get(code="charj"),
        "province": Province.objects.get(code="01"),
        "venue": "Lao Plaza Hotel",
        "start_date": date(2026, 3, 2),
        "end_date": date(2026, 3, 2 + max(len(session_hours) - 1, 0)),
        "status": EventStatus.HELD,
    }
    event = TrainingEvent.objects.create(**defaults | fields)
    for day, hours in enumerate(session_hours):
        minutes = int(hours * 60)
        EventSession.objects.create(
            event=event,
            date=date(2026, 3, 2 + day),
            start_time=time(8, 0),
            end_time=time(8 + minutes // 60, minutes % 60),
        )
    return event


def attend(event, person, statuses, **kwargs):
    """Register ``person`` and mark them with one status per session, in order."""
    participation = register_participant(event, person, **kwargs)
    for session, status in zip(
        event.sessions.order_by("date", "start_time"), statuses, strict=False
    ):
        record_attendance(participation, session, status)
    return participation
