"""Fill the database with a seeded, realistic volume of training data for the report benchmark.

Default: 20,000 people, 1,500 events over fiscal years 2016-2020 and about 250,000
attendance marks, with pre/post tests and certificates for a share of the events. Rows
are written with bulk_create; ``--clear`` first removes what an earlier run generated
(people and events it made carry the SCALE_MARK in their names). It ends with ANALYZE
unless ``--no-analyze`` (the dashboard benchmark measures without fresh statistics).
"""

import datetime
import random
import time
from decimal import Decimal

from django.core.management.base import BaseCommand
from django.db import connection, transaction

from assessments.models import Attempt, Quiz
from courses.models import (
    Attendance,
    Certificate,
    EventSession,
    Participation,
    Programme,
    TrainingEvent,
)
from lms.lao import lao_matching_key, romanised_key
from lms.models import Organisation, Person, Province, Sector

SCALE_MARK = "[scale]"
FIRST_DAY = datetime.date(2015, 10, 1)  # FY2016 Q1
DAYS = 5 * 365
SESSION_TIMES = [(datetime.time(8), datetime.time(12)), (datetime.time(13), datetime.time(17))]
# Status shares per attendance mark: most come, a few are late, excused or absent.
STATUSES = ["present"] * 80 + ["late"] * 7 + ["excused"] * 5 + ["absent"] * 8


class Command(BaseCommand):
    help = "Generate people, events, sessions, participations and attendance at scale."

    def add_arguments(self, parser):
        parser.add_argument("--people", type=int, default=20_000)
        parser.add_argument("--events", type=int, default=1_500)
        parser.add_argument("--marks", type=int, default=250_000)
        parser.add_argument("--seed", type=int, default=2018)
        parser.add_argument("--clear", action="store_true", help="Remove earlier generated data.")
        parser.add_argument(
            "--no-analyze",
            action="store_true",
            help="Leave planner statistics as they are (benchmarks measure the worst case).",
        )

    def handle(self, *args, **options):
        started = time.perf_counter()
        rng = random.Random(options["seed"])
        if options["clear"]:
            self.clear()
        with transaction.atomic():
            people = self.make_people(rng, options["people"])
            self.make_events(rng, people, options["events"], options["marks"])
        # Fresh statistics, the best case: without them the planners guess from table sizes
        # alone. benchmarks/dashboard.py measures without them.
        if not options["no_analyze"]:
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        events = TrainingEvent.objects.filter(title_en__startswith=SCALE_MARK)
        self.stdout.write(
            f"people={Person.objects.filter(name_latin__startswith=SCALE_MARK).count()} "
            f"events={events.count()} "
            f"marks={Attendance.objects.filter(session__event__in=events).count()} "
            f"in {time.perf_counter() - started:.1f} s"
        )

    def clear(self):
        events = TrainingEvent.objects.filter(title_en__startswith=SCALE_MARK)
        Certificate.objects.filter(event__in=events).delete()
        Attempt.objects.filter(event__in=events).delete()
        Attendance.objects.filter(session__event__in=events).delete()
        Participation.objects.filter(event__in=events).delete()
        events.delete()
        Quiz.objects.filter(title_en__startswith=SCALE_MARK).delete()
        Person.objects.filter(name_latin__startswith=SCALE_MARK).delete()

    def make_people(self, rng, count):
        sectors = list(Sector.objects.all())
        provinces = list(Province.objects.all())
        organisations = {}
        for organisation in Organisation.objects.all():
            organisations.setdefault(organisation.sector_id, []).append(organisation)
        people = []
        for number in range(count):
            sector = rng.choice(sectors)
            organisation = rng.choice(organisations.get(sector.pk, [None]))
            name_lo = f"ທ່ານ {number:05d}"
            name_latin = f"{SCALE_MARK} Person {number:05d}"
            people.append(
                Person(
                    name_lo=name_lo,
                    name_latin=name_latin,
                    name_key=lao_matching_key(name_lo),
                    name_latin_key=lao_matching_key(name_latin),
                    name_latin_loose_key=romanised_key(name_latin),
                    sex="f" if rng.random() < 0.42 else "m",
                    sector=sector,
                    organisation=organisation,
                    province=(organisation and organisation.province) or rng.choice(provinces),
                )
            )
        return Person.objects.bulk_create(people, batch_size=2000)

    def make_events(self, rng, people, count, marks):
        programmes = list(Programme.objects.all())
        provinces = list(Province.objects.all())
        pre = Quiz.objects.create(title_en=f"{SCALE_MARK} pre", title_lo="ກ່ອນ", purpose="pre")
        post = Quiz.objects.create(title_en=f"{SCALE_MARK} post", title_lo="ຫຼັງ", purpose="post")
        events = []
        for number in range(count):
            start = FIRST_DAY + datetime.timedelta(days=rng.randrange(DAYS))
            days = rng.choice([1, 2, 2, 3])
            events.append(
                TrainingEvent(
                    title_en=f"{SCALE_MARK} Workshop {number}",
                    title_lo=f"ກອງປະຊຸມ {number}",
                    programme=rng.choice(programmes),
                    event_type="tot" if rng.random() < 0.1 else "workshop",
                    province=rng.choice(provinces),
                    start_date=start,
                    end_date=start + datetime.timedelta(days=days - 1),
                    status="held" if rng.random() < 0.95 else rng.choice(["planned", "cancelled"]),
                    post_test_required=rng.random() < 0.15,
                    # The tests given at the event: only the chosen post-test counts.
                    pre_test=pre,
                    post_test=post,
                )
            )
        events = TrainingEvent.objects.bulk_create(events, batch_size=1000)
        sessions = []
        for event in events:
            day_count = (event.end_date - event.start_date).days + 1
            for offset in range(day_count):
                for begin, end in SESSION_TIMES[: rng.choice([1, 2])]:
                    session = EventSession(
                        event=event,
                        date=event.start_date + datetime.timedelta(days=offset),
                        start_time=begin,
                        end_time=end,
                    )
                    session.hours = session.compute_hours()
                    sessions.append(session)
        sessions = EventSession.objects.bulk_create(sessions, batch_size=5000)
        by_event = {}
        for session in sessions:
            by_event.setdefault(session.event_id, []).append(session)

        held = [event for event in events if event.status == "held"]
        total_sessions = sum(len(by_event[event.pk]) for event in held)
        per_session = max(1, round(marks / total_sessions))
        trainer_pool = people[:300]
        participations, planned_marks = [], []
        for event in held:
            event_people = rng.sample(people, min(len(people), per_session + rng.randint(-5, 5)))
            event.trainers_chosen = rng.sample(trainer_pool, 2)
            for person in event_people:
                participations.append(
                    Participation(
                        event=event,
                        person=person,
                        sex=person.sex,
                        sector_id=person.sector_id,
                        organisation_id=person.organisation_id,
                        province_id=person.province_id,
                    )
                )
        participations = Participation.objects.bulk_create(participations, batch_size=5000)
        Through = TrainingEvent.trainers.through
        Through.objects.bulk_create(
            [
                Through(trainingevent_id=event.pk, person_id=trainer.pk)
                for event in held
                for trainer in event.trainers_chosen
            ],
            batch_size=5000,
            ignore_conflicts=True,
        )
        attempts, certificates = [], []
        tested = {event.pk for event in held if event.post_test_required or rng.random() < 0.3}
        certified = {event.pk for event in held if rng.random() < 0.3}
        for participation in participations:
            for session in by_event[participation.event_id]:
                planned_marks.append(
                    Attendance(
                        participation=participation, session=session, status=rng.choice(STATUSES)
                    )
                )
            if participation.event_id in tested:
                moment = datetime.datetime.combine(
                    participation.event.end_date, datetime.time(17), datetime.UTC
                )
                pre_score = Decimal(rng.randint(20, 80))
                post_score = min(Decimal(100), pre_score + rng.randint(-10, 40))
                for quiz, score in ((pre, pre_score), (post, post_score)):
                    attempts.append(
                        Attempt(
                            quiz=quiz,
                            person_id=participation.person_id,
                            event_id=participation.event_id,
                            status="submitted",
                            score_percent=score,
                            started_at=moment,
                            submitted_at=moment,
                        )
                    )
            if participation.event_id in certified:
                certificates.append(
                    Certificate(
                        person_id=participation.person_id,
                        event_id=participation.event_id,
                        kind=rng.choice(["completion"] * 4 + ["participation"]),
                        hours=Decimal(8),
                        issued_at=datetime.datetime.combine(
                            participation.event.end_date, datetime.time(12), datetime.UTC
                        ),
                    )
                )
        Attendance.objects.bulk_create(planned_marks, batch_size=10_000)
        Attempt.objects.bulk_create(attempts, batch_size=5000)
        Certificate.objects.bulk_create(certificates, batch_size=5000)
