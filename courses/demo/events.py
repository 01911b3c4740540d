"""Demo training events: workshops across programmes, provinces and fiscal years FY2024-FY2026.

Seeded and idempotent: events are found by title and start date, participations and
marks are only added where missing, so running ``load_demo_data`` again changes
nothing. Attendance is realistic (most present, some late, a few absent or excused,
walk-ins who arrive after the first session), and a few deliberate duplicate people
are left in the registry for the duplicates screen.
"""

import random
from datetime import date, time, timedelta
from decimal import Decimal

from django.db import transaction

from courses.models import (
    Attendance,
    AttendanceStatus,
    CoursePage,
    EventSession,
    EventStatus,
    EventType,
    Participation,
    Programme,
    TrainingEvent,
)
from lms.models import Organisation, Person, PersonMerge, Province, Sector

SEED = 2024
# Morning and afternoon sittings of a workshop day.
DAY_SESSIONS = [(time(8, 30), time(11, 30)), (time(13, 30), time(16, 30))]

# (title_en, title_lo, sector codes)
TOPICS = [
    (
        "TIP concepts and the Lao legal framework",
        "ແນວຄວາມຄິດກ່ຽວກັບການຄ້າມະນຸດ ແລະ ກົດໝາຍຂອງ ສປປ ລາວ",
        ["police", "prosecutor", "judge", "defence"],
    ),
    (
        "Indicators of trafficking and victim identification",
        "ຕົວຊີ້ບອກການຄ້າມະນຸດ ແລະ ການລະບຸຕົວຜູ້ຖືກເຄາະຮ້າຍ",
        ["police", "social-welfare"],
    ),
    (
        "Investigation and evidence in trafficking cases",
        "ການສືບສວນ ແລະ ຫຼັກຖານໃນຄະດີການຄ້າມະນຸດ",
        ["police", "prosecutor"],
    ),
    (
        "Victim-centred and trauma-informed approaches",
        "ວິທີການທີ່ເອົາຜູ້ຖືກເຄາະຮ້າຍເປັນໃຈກາງ",
        ["police", "social-welfare", "defence"],
    ),
    (
        "Building the case beyond victim testimony",
        "ການສ້າງສຳນວນຄະດີນອກເໜືອຈາກຄຳໃຫ້ການຂອງຜູ້ຖືກເຄາະຮ້າຍ",
        ["prosecutor", "judge"],
    ),
    (
        "Adjudicating trafficking cases",
        "ການພິຈາລະນາຕັດສິນຄະດີການຄ້າມະນຸດ",
        ["judge"],
    ),
    (
        "Referral, protection and inter-agency coordination",
        "ການສົ່ງຕໍ່, ການປົກປ້ອງ ແລະ ການປະສານງານລະຫວ່າງຂະແໜງການ",
        ["police", "prosecutor", "social-welfare"],
    ),
    (
        "Fair-trial rights and legal aid for victims",
        "ສິດໃນການພິຈາລະນາຄະດີຢ່າງຍຸຕິທຳ ແລະ ການຊ່ວຍເຫຼືອທາງກົດໝາຍ",
        ["defence", "judge"],
    ),
]
TYPE_TITLES = {
    EventType.WORKSHOP: ("Workshop", "ກອງປະຊຸມຝຶກອົບຮົມ"),
    EventType.TOT: ("Training of trainers", "ຝຶກອົບຮົມຄູຝຶກ"),
    EventType.REFRESHER: ("Refresher", "ຝຶກອົບຮົມຄືນ"),
    EventType.STUDY_VISIT: ("Study visit", "ທັດສະນະສຶກສາ"),
}
VENUES = {
    "01": "Lao Plaza Hotel, Vientiane",
    "05": "Provincial Justice Department hall, Houayxay",
    "06": "Provincial Prosecutor Office meeting room, Luang Prabang",
    "12": "Provincial Police HQ training room, Thakhek",
    "13": "Savan Vegas conference room, Kaysone Phomvihane",
    "16": "Champasak Palace Hotel, Pakse",
    "03": "Provincial Court hall, Luang Namtha",
    "08": "Provincial Administration hall, Xayaboury",
}
# (programme, type, province, start date, days, status); the fiscal year runs Oct-Sep.
EVENTS = [
    ("charj", EventType.WORKSHOP, "01", date(2023, 11, 14), 3, EventStatus.HELD),
    ("charj", EventType.WORKSHOP, "13", date(2024, 1, 23), 3, EventStatus.HELD),
    ("mapp", EventType.WORKSHOP, "16", date(2024, 3, 5), 2, EventStatus.HELD),
    ("charj", EventType.TOT, "01", date(2024, 4, 22), 5, EventStatus.HELD),
    ("glo-act", EventType.WORKSHOP, "05", date(2024, 6, 11), 2, EventStatus.HELD),
    ("charj", EventType.REFRESHER, "12", date(2024, 8, 20), 1, EventStatus.HELD),
    ("mapp", EventType.STUDY_VISIT, "06", date(2024, 9, 17), 2, EventStatus.CANCELLED),
    ("charj", EventType.WORKSHOP, "06", date(2024, 10, 29), 3, EventStatus.HELD),
    ("charj", EventType.WORKSHOP, "16", date(2024, 12, 10), 3, EventStatus.HELD),
    ("glo-act", EventType.WORKSHOP, "01", date(2025, 1, 21), 2, EventStatus.HELD),
    ("mapp", EventType.WORKSHOP, "13", date(2025, 2, 25), 2, EventStatus.HELD),
    ("charj", EventType.TOT, "01", date(2025, 4, 8), 4, EventStatus.HELD),
    ("other", EventType.STUDY_VISIT, "05", date(2025, 5, 20), 2, EventStatus.HELD),
    ("charj", EventType.WORKSHOP, "08", date(2025, 7, 15), 3, EventStatus.HELD),
    ("charj", EventType.REFRESHER, "13", date(2025, 9, 9), 1, EventStatus.HELD),
    ("charj", EventType.WORKSHOP, "03", date(2025, 11, 18), 3, EventStatus.HELD),
    ("mapp", EventType.WORKSHOP, "12", date(2026, 1, 13), 2, EventStatus.HELD),
    ("glo-act", EventType.WORKSHOP, "16", date(2026, 2, 24), 3, EventStatus.HELD),
    ("charj", EventType.TOT, "01", date(2026, 4, 21), 4, EventStatus.HELD),
    ("charj", EventType.WORKSHOP, "06", date(2026, 6, 9), 3, EventStatus.HELD),
    ("charj", EventType.REFRESHER, "05", date(2026, 8, 4), 1, EventStatus.HELD),
    ("mapp", EventType.WORKSHOP, "01", date(2026, 9, 15), 2, EventStatus.HELD),
    # This week's workshop (for marking on a phone) and one still to come.
    ("charj", EventType.WORKSHOP, "01", date(2026, 11, 23), 3, EventStatus.PLANNED),
    ("charj", EventType.WORKSHOP, "13", date(2027, 1, 19), 3, EventStatus.PLANNED),
]

# The demo trainer accounts (lms.demo.DEMO_USERS) and the sector each one trains. An event
# goes to the account of the first of its target sectors that has one: police events to
# "trainer", judges' and court events to "trainer_judge". Events of the GLO.ACT and other
# programmes are run by outside trainers with no account, so only programme staff act on them.
TRAINER_ACCOUNTS = {"police": "trainer", "judge": "trainer_judge"}
PROGRAMMES_WITHOUT_TRAINER_ACCOUNT = {"glo-act", "other"}


def trainer_account_for(programme: str, sector_codes: list[str]) -> str | None:
    """The username of the demo trainer account who trains such an event, if any."""
    if programme in PROGRAMMES_WITHOUT_TRAINER_ACCOUNT:
        return None
    return next((TRAINER_ACCOUNTS[code] for code in TRAINER_ACCOUNTS if code in sector_codes), None)


# Deliberate duplicates of registry people: (how the copy differs, fields that change).
DUPLICATES = [
    # Same phone, the Lao name typed with ຫລ / ໍ spelt differently and no romanised name.
    ("same-phone", {"name_latin": ""}),
    # Same Lao name and organisation, no phone given the second time.
    ("same-name-org", {"phone": "", "name_latin": ""}),
    # A romanised name spelt another way, another organisation, no phone.
    ("similar-romanised", {"phone": ""}),
]


def _event_title(topic, event_type):
    type_en, type_lo = TYPE_TITLES[event_type]
    return f"{type_en}: {topic[0]}", f"{type_lo}: {topic[1]}"


def _respell(name_latin: str) -> str:
    """The romanised name as another clerk would write it (Souksavanh -> Suksavan)."""
    return (
        name_latin.replace("ou", "u").replace("Ou", "U").replace("ph", "p").removesuffix("h")
        if name_latin
        else name_latin
    )


def build_events(rng: random.Random) -> list[TrainingEvent]:
    programmes = {programme.code: programme for programme in Programme.objects.all()}
    provinces = {province.code: province for province in Province.objects.all()}
    sectors = {sector.code: sector for sector in Sector.objects.all()}
    courses = list(CoursePage.objects.filter(locale__language_code="lo").order_by("pk"))
    accounts = {
        person.user.username: person
        for person in Person.objects.filter(
            user__username__in=TRAINER_ACCOUNTS.values()
        ).select_related("user")
    }
    # Outside co-trainers without an account.
    colleagues = list(
        Person.objects.filter(sector__code="other", user__isnull=True).order_by("pk")[:4]
    )
    events = []
    for number, (programme, event_type, province, start, days, status) in enumerate(EVENTS):
        topic = TOPICS[number % len(TOPICS)]
        title_en, title_lo = _event_title(topic, event_type)
        event, created = TrainingEvent.objects.get_or_create(
            title_en=title_en,
            start_date=start,
            defaults={
                "title_lo": title_lo,
                "programme": programmes[programme],
                "event_type": event_type,
                "province": provinces[province],
                "venue": VENUES[province],
                "end_date": start + timedelta(days=days - 1),
                "planned_participants": rng.choice([20, 25, 30, 35]),
                "status": status,
                "min_attendance_share": Decimal("0.80"),
                # Trainers of trainers and every third event are certified on a post-test.
                "post_test_required": event_type == EventType.TOT or number % 3 == 0,
            },
        )
        if created:
            event.target_sectors.set([sectors[code] for code in topic[2]])
            if courses:
                event.courses.set(rng.sample(courses, k=min(len(courses), rng.choice([1, 2]))))
            trainers = [rng.choice(colleagues)] if colleagues else []
            account = accounts.get(trainer_account_for(programme, topic[2]))
            if account:
                trainers.insert(0, account)
            event.trainers.set(trainers)
            for day in range(days):
                for start_time, end_time in DAY_SESSIONS[: 1 if event_type == "refresher" else 2]:
                    EventSession.objects.create(
                        event=event,
                        date=start + timedelta(days=day),
                        start_time=start_time,
                        end_time=end_time,
                    )
        events.append(event)
    return events


def _status_for(profile: str, rng: random.Random) -> str:
    weights = {
        # Most people come to every session; some miss some; a few leave early.
        "steady": [92, 6, 1, 1],
        "patchy": [55, 15, 10, 20],
    }[profile]
    return rng.choices(
        [
            AttendanceStatus.PRESENT,
            AttendanceStatus.LATE,
            AttendanceStatus.EXCUSED,
            AttendanceStatus.ABSENT,
        ],
        weights,
    )[0]


def build_attendance(event: TrainingEvent, rng: random.Random):
    """Register 16-32 people of the target sectors, mostly local; mark them if it was held."""
    # A planned event has its people registered and no marks yet; an event that already
    # has people keeps them.
    if event.status == EventStatus.CANCELLED or Participation.objects.filter(event=event).exists():
        return
    held = event.status == EventStatus.HELD
    sessions = list(event.sessions.order_by("date", "start_time"))
    people = list(
        Person.objects.filter(sector__in=event.target_sectors.all(), user__isnull=True).order_by(
            "pk"
        )
    )
    local = [person for person in people if person.province_id == event.province_id]
    others = [person for person in people if person.province_id != event.province_id]
    size = min(len(people), rng.randint(16, 32))
    chosen = rng.sample(local, k=min(len(local), size * 2 // 3))
    chosen += rng.sample(others, k=min(len(others), size - len(chosen)))
    walk_ins = set(rng.sample([p.pk for p in chosen], k=min(len(chosen), rng.randint(1, 3))))
    if not held:
        walk_ins = set()

    existing = {
        participation.person_id: participation
        for participation in Participation.objects.filter(event=event)
    }
    for person in chosen:
        if person.pk not in existing:
            existing[person.pk] = Participation.objects.create(
                event=event, person=person, walk_in=person.pk in walk_ins
            )
    if not held:
        return
    marked = set(
        Attendance.objects.filter(session__event=event).values_list(
            "participation_id", "session_id"
        )
    )
    marks = []
    for person in chosen:
        participation = existing[person.pk]
        profile = rng.choices(["steady", "patchy", "dropout"], [78, 17, 5])[0]
        # Walk-ins arrive after the first session; dropouts leave after the first day.
        first = 1 if participation.walk_in and len(sessions) > 1 else 0
        for index, session in enumerate(sessions):
            late_arrival = index < first
            left_early = profile == "dropout" and session.date > sessions[0].date
            if late_arrival or left_early:
                status = AttendanceStatus.ABSENT
            else:
                status = _status_for("patchy" if profile == "patchy" else "steady", rng)
            if (participation.pk, session.pk) not in marked:
                marks.append(
                    Attendance(
                        participation=participation,
                        session=session,
                        status=status,
                        note="ມາຮອດຫຼັງພາກທຳອິດ" if index == first and first else "",
                    )
                )
    Attendance.objects.bulk_create(marks)


def build_duplicates(events: list[TrainingEvent], rng: random.Random):
    """Copies of three registry people, each at an event of their own, left to be merged."""
    held = [event for event in events if event.status == EventStatus.HELD]
    candidates = list(
        Person.objects.filter(user__isnull=True, participations__isnull=False)
        .exclude(phone="")
        .distinct()
        .order_by("pk")[:50]
    )
    originals = []
    for kind, _changes in DUPLICATES:
        # A respelling only differs for names with "ou", "ph" or a final "h".
        fits = [
            person
            for person in candidates
            if person not in originals
            and (kind != "similar-romanised" or _respell(person.name_latin) != person.name_latin)
        ]
        if fits:
            originals.append(fits[0])
    merged_labels = set(
        PersonMerge.objects.filter(undone_at__isnull=True).values_list("removed_label", flat=True)
    )
    other_organisation = Organisation.objects.filter(key="moj").first()
    for original, (kind, changes) in zip(originals, DUPLICATES, strict=False):
        name_lo = original.name_lo.replace("ຫຼ", "ຫລ").replace("ຳ", "ໍາ")
        fields = {
            "name_lo": name_lo,
            "name_latin": original.name_latin,
            "sex": original.sex,
            "sector": original.sector,
            "organisation": original.organisation,
            "position": original.position,
            "province": original.province,
            "phone": original.phone,
        } | changes
        if kind == "similar-romanised":
            fields["name_lo"] = original.name_lo
            fields["name_latin"] = _respell(original.name_latin)
            fields["organisation"] = other_organisation or original.organisation
        copy = (
            Person.objects.filter(
                name_lo=fields["name_lo"], name_latin=fields["name_latin"], phone=fields["phone"]
            )
            .exclude(pk=original.pk)
            .first()
        )
        if copy is None:
            candidate = Person(**fields)
            if str(candidate) in merged_labels:
                continue  # merged by staff already; do not bring it back
            candidate.save()
            copy = candidate
        attended = set(original.participations.values_list("event_id", flat=True))
        event = next((e for e in held if e.pk not in attended), None)
        if event and not copy.participations.exists():
            participation = Participation.objects.create(event=event, person=copy)
            Attendance.objects.bulk_create(
                Attendance(participation=participation, session=session, status="present")
                for session in event.sessions.all()
            )


@transaction.atomic
def load():
    rng = random.Random(SEED)
    events = build_events(rng)
    for event in events:
        build_attendance(event, random.Random(f"{SEED}-{event.pk}-{event.start_date}"))
    build_duplicates(events, rng)
