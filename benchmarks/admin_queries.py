"""Query counts of the People listing in the Wagtail admin and of a learner's "My learning".

Budgets (issue "Cheaper pages on the way"): the People listing (/admin/snippets/lms/person/)
at most 10 queries for 20 rows, for programme staff and for a trainer, and the same for 2
rows as for 20; "My learning" the same number of queries whatever the number of
enrolments (in progress and completed), in Lao and in English. Counted as the tests count
(tests/lms/test_people_listing_queries.py, tests/courses/test_my_learning_queries.py): the
second request after a warm-up one, in Django's CaptureQueriesContext.

Migrates the database when needed, builds its data inside a transaction and rolls it back,
so it leaves nothing behind; exits with status 1 when a budget is missed:

    .venv/bin/python benchmarks/admin_queries.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lms_bench .venv/bin/python benchmarks/...

Without DATABASE_URL it uses sqlite:////tmp/admin_queries.sqlite3. SHOW_SQL=1 prints the
queries of each count.
"""

import os
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.dev")
os.environ.setdefault("DATABASE_URL", "sqlite:////tmp/admin_queries.sqlite3")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import translation  # noqa: E402

from assessments.models import QuizPurpose  # noqa: E402
from courses.learning.enrolment import enrol_person, record_lesson_completion  # noqa: E402
from lms import groups  # noqa: E402
from lms.demo import build_home_pages, ensure_locales  # noqa: E402
from lms.models import HomePage, Rank  # noqa: E402
from tests.factories import (  # noqa: E402
    LearnerFactory,
    PersonFactory,
    QuizFactory,
    UserFactory,
    make_course,
    submit_attempt,
)

LISTING = "/admin/snippets/lms/person/"
LISTING_BUDGET = 10
ROWS = (2, 20)
ENROLMENTS = (1, 5, 10)
SECTORS = ("police", "judge")


class Rollback(Exception):
    pass


def count_queries(client, url):
    client.get(url, HTTP_HOST="localhost")  # warm the per-process caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, HTTP_HOST="localhost")
    assert response.status_code == 200, (url, response.status_code)
    if os.environ.get("SHOW_SQL"):
        for query in queries.captured_queries:
            print("   ", query["sql"][:160])
    return len(queries)


def add_people(start, count):
    """People of the trainer's sectors, each with another organisation, province and rank."""
    ranks = [*Rank.objects.order_by("pk"), None]
    organisations = ["atd", "prosecutor-provincial", None]
    provinces = ["01", "13", "06"]
    for n in range(start, start + count):
        PersonFactory(
            name_lo=f"ທ່ານ ທົດລອງ {n}",
            name_latin=f"Bench person {n:02}",
            sector_code=SECTORS[n % len(SECTORS)],
            organisation_key=organisations[n % len(organisations)],
            province_code=provinces[n % len(provinces)],
            rank=ranks[n % len(ranks)],
        )


def people_listing():
    """{(who, rows): queries} for programme staff and a trainer of the police and judges."""
    staff = UserFactory(username="bench-staff", groups=[groups.PROGRAMME_STAFF])
    trainer_groups = [groups.TRAINERS, *(groups.SECTOR_TRAINER_GROUPS[s] for s in SECTORS)]
    trainer = UserFactory(username="bench-trainer", groups=trainer_groups)
    clients = {}
    for who, user in (("staff", staff), ("trainer", trainer)):
        clients[who] = Client()
        clients[who].force_login(user)
    counts, listed = {}, 0
    for rows in ROWS:
        # The database may hold other people already; only 20 rows show on a page anyway.
        add_people(listed, rows - listed)
        listed = rows
        for who, client in clients.items():
            counts[who, rows] = count_queries(client, LISTING)
    return counts


def enrol(home, learner, number):
    """Even numbers: a course of three lessons, one read (in progress). Odd: a course of
    one lesson and a post-test, both done (completed, certificate issued)."""
    post = QuizFactory(purpose=QuizPurpose.POST) if number % 2 else None
    course = make_course(home, lessons=1 if post else 3, translate=True, post_test=post)
    if post:
        submit_attempt(post, learner, 90, course=course)
    record_lesson_completion(enrol_person(learner, course), course.lessons().first())


def my_learning():
    """{(language, enrolments): queries} for one learner enrolling course after course."""
    ensure_locales()
    home = HomePage.objects.filter(locale__language_code="lo").first() or build_home_pages()
    learner = LearnerFactory(user__username="bench-learner")
    client = Client()
    client.force_login(learner.user)
    counts, enrolled = {}, 0
    for enrolments in ENROLMENTS:
        while enrolled < enrolments:
            enrol(home, learner, enrolled)
            enrolled += 1
        for language in ("lo", "en"):
            with translation.override(language):
                url = reverse("courses:my_learning")
            counts[language, enrolments] = count_queries(client, url)
    return counts


def main() -> int:
    call_command("migrate", verbosity=0)
    try:
        with transaction.atomic():
            listing, learning = people_listing(), my_learning()
            raise Rollback
    except Rollback:
        pass
    failures = []
    print(f"People listing ({LISTING}), budget <= {LISTING_BUDGET} queries, constant in rows")
    print(f"{'user':>10} " + " ".join(f"{f'{rows} rows':>9}" for rows in ROWS) + "  verdict")
    for who in ("staff", "trainer"):
        counts = [listing[who, rows] for rows in ROWS]
        ok = max(counts) <= LISTING_BUDGET and len(set(counts)) == 1
        print(f"{who:>10} " + " ".join(f"{n:>9}" for n in counts) + f"  {'ok' if ok else 'MISSED'}")
        if not ok:
            failures.append(f"People listing as {who}: {counts} (budget {LISTING_BUDGET})")
    print()
    print("My learning, budget: constant in the number of enrolments")
    header = " ".join(f"{f'{n} enrolled':>11}" for n in ENROLMENTS)
    print(f"{'language':>10} {header}  verdict")
    for language in ("lo", "en"):
        counts = [learning[language, n] for n in ENROLMENTS]
        ok = len(set(counts)) == 1
        print(
            f"{language:>10} "
            + " ".join(f"{n:>11}" for n in counts)
            + f"  {'ok' if ok else 'MISSED'}"
        )
        if not ok:
            failures.append(f"My learning in {language}: {counts} (budget: constant)")
    for failure in failures:
        print(f"MISSED: {failure}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
