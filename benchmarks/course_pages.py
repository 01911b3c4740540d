"""Query counts and page weight of the course and lesson pages for a signed-in learner.

Budgets (issue 4): at most 15 queries for each page, the same whatever the number of
lessons, learners and attempts; a lesson page under 120 KB on a first visit (HTML plus
the stylesheet and fonts it loads). Builds its data inside a transaction on the configured
database and rolls it back, so it leaves nothing behind:

    DATABASE_URL=sqlite:////tmp/courses.sqlite3 .venv/bin/python benchmarks/course_pages.py
"""

import os
import re
import sys
from decimal import Decimal
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.dev")
# The database in DATABASE_URL, else a scratch SQLite file (migrated below).
os.environ.setdefault("DATABASE_URL", "sqlite:////tmp/course_pages_benchmark.sqlite3")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.staticfiles import finders  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from assessments.models import Attempt, Quiz, QuizPurpose  # noqa: E402
from courses.learning.enrolment import enrol_person, record_lesson_completion  # noqa: E402
from courses.models import CourseIndexPage, CoursePage, CourseSectionPage, LessonPage  # noqa: E402
from lms.demo import (  # noqa: E402
    build_home_pages,
    ensure_locales,
    publish_page,
    publish_translation,
)
from lms.models import HomePage, Person, Province, Sector, Sex  # noqa: E402

QUERY_BUDGET = 15
WEIGHT_BUDGET = 120 * 1024
# How far the learner is: half the lessons read; every lesson read but the post-test not
# passed (no certificate yet); every lesson read and the post-test passed (certified).
IN_PROGRESS, READ_ALL, CERTIFIED = "in progress", "read all", "certified"
SCENARIOS = [
    # (lessons, other learners, attempts of the learner, the learner's state)
    (3, 0, 0, IN_PROGRESS),
    (12, 0, 0, IN_PROGRESS),
    (12, 200, 0, IN_PROGRESS),
    (12, 200, 40, IN_PROGRESS),
    (12, 200, 40, READ_ALL),
    (12, 200, 40, CERTIFIED),
]


class Rollback(Exception):
    pass


def person(n, user=None):
    return Person.objects.create(
        name_lo=f"ຜູ້ຮຽນ {n}",
        name_latin=f"Learner {n}",
        sex=Sex.FEMALE,
        sector=Sector.objects.get(code="police"),
        province=Province.objects.get(code="01"),
        user=user,
    )


def build(lessons, learners, attempts, state, n):
    ensure_locales()
    home = HomePage.objects.filter(locale__language_code="lo").first() or build_home_pages()
    index = CourseIndexPage.objects.filter(locale=home.locale).first()
    if index is None:
        index = CourseIndexPage(title="ຫຼັກສູດ", slug="courses")
        home.add_child(instance=index)
        publish_page(index)
        publish_translation(index, "en", title="Courses")
    section = CourseSectionPage(title=f"bench {n}", slug=f"bench-{n}")
    index.add_child(instance=section)
    publish_page(section)
    quiz = Quiz.objects.create(
        title_en="Post", title_lo="ຫຼັງ", purpose=QuizPurpose.POST, pass_mark=70, live=True
    )
    course = CoursePage(title=f"ຫຼັກສູດ {n}", slug=f"course-{n}", summary="ສະຫຼຸບ", post_test=quiz)
    section.add_child(instance=course)
    publish_page(course)
    paragraph = "<p>" + "ການກຳນົດຕົວຜູ້ຖືກເຄາະຮ້າຍ ແລະ ການສົ່ງຕໍ່. " * 60 + "</p>"
    for number in range(lessons):
        lesson = LessonPage(
            title=f"ບົດທີ {number + 1}", slug=f"lesson-{number}", body=[("paragraph", paragraph)]
        )
        course.add_child(instance=lesson)
        publish_page(lesson)
    # Demo courses exist in both languages, so the language switcher finds a translation.
    publish_translation(section, "en", title=f"bench {n}")
    publish_translation(course, "en", title=f"Course {n}")
    for lesson in course.lessons():
        publish_translation(lesson, "en", title=lesson.title)
    user = get_user_model().objects.create_user(username=f"bench-{n}", password="x")
    learner = person(n, user)
    enrolment = enrol_person(learner, course)
    for lesson in list(course.lessons())[: lessons // 2 if state == IN_PROGRESS else lessons]:
        record_lesson_completion(enrolment, lesson)
    for other in range(learners):
        enrolment = enrol_person(person(f"{n}-{other}"), course)
        record_lesson_completion(enrolment, course.lessons().first())
    Attempt.objects.bulk_create(
        Attempt(
            quiz=quiz,
            person=learner,
            status="submitted",
            submitted_at=timezone.now(),
            score_percent=Decimal(50),
            course=course,
        )
        for _ in range(attempts)
    )
    if state == CERTIFIED:
        # Passing the post-test after the last lesson issues the certificate.
        Attempt.objects.create(
            quiz=quiz,
            person=learner,
            status="submitted",
            submitted_at=timezone.now(),
            score_percent=Decimal(90),
            course=course,
        )
    return user, course


def count_queries(client, url):
    client.get(url, HTTP_HOST="localhost")  # warm the per-process caches (content types, sites)
    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, HTTP_HOST="localhost")
    assert response.status_code == 200, (url, response.status_code)
    if os.environ.get("SHOW_SQL"):
        for query in queries.captured_queries:
            print("   ", query["sql"][-200:])
    return len(queries), response.content


def first_visit_weight(html: bytes) -> int:
    """HTML plus every stylesheet and font the page loads (fonts counted whole)."""
    total = len(html)
    text = html.decode()
    assets = re.findall(r'href="/static/([^"]+\.(?:css|woff2))"', text)
    for asset in set(assets):
        path = finders.find(asset)
        total += Path(path).stat().st_size
        if asset.endswith(".css"):
            css = Path(path).read_text()
            for font in set(re.findall(r'url\("\.\./fonts/([^"]+)"\)', css)):
                if f"fonts/{font}" not in " ".join(assets):
                    total += Path(finders.find(f"lms/fonts/{font}")).stat().st_size
    return total


def main():
    call_command("migrate", verbosity=0)
    rows = []
    try:
        with transaction.atomic():
            for n, (lessons, learners, attempts, state) in enumerate(SCENARIOS):
                user, course = build(lessons, learners, attempts, state, n)
                client = Client()
                client.force_login(user)
                course_queries, _ = count_queries(client, course.url)
                lesson = list(course.lessons())[lessons // 2]
                lesson_queries, html = count_queries(client, lesson.url)
                rows.append(
                    (lessons, learners, attempts, state, course_queries, lesson_queries, html)
                )
            raise Rollback
    except Rollback:
        pass
    print(
        f"{'lessons':>8} {'learners':>9} {'attempts':>9} {'learner':>12} {'course q':>9}"
        f" {'lesson q':>9} {'lesson KB':>10}"
    )
    for lessons, learners, attempts, state, course_q, lesson_q, html in rows:
        weight = first_visit_weight(html) / 1024
        print(
            f"{lessons:>8} {learners:>9} {attempts:>9} {state:>12} {course_q:>9}"
            f" {lesson_q:>9} {weight:>10.1f}"
        )
    # Constant means: the same for every size, for a learner in the same state.
    in_progress = [row for row in rows if row[3] == IN_PROGRESS]
    for label, column in (("course", 4), ("lesson", 5)):
        counts = {row[column] for row in in_progress}
        print(
            f"{label} page queries constant in lessons, learners and attempts:"
            f" {len(counts) == 1}; max over all states {max(row[column] for row in rows)}"
            f" (budget {QUERY_BUDGET})"
        )
    worst_weight = max(first_visit_weight(row[6]) for row in rows)
    print(f"lesson page first visit: {worst_weight / 1024:.1f} KB (budget 120 KB)")
    failures = []
    for label, column in (("course", 4), ("lesson", 5)):
        worst = max(row[column] for row in rows)
        constant = len({row[column] for row in in_progress}) == 1
        if worst > QUERY_BUDGET or not constant:
            failures.append(f"{label} page: {worst} queries, constant {constant}")
    if worst_weight > WEIGHT_BUDGET:
        failures.append(f"lesson page first visit {worst_weight / 1024:.1f} KB (budget 120 KB)")
    for failure in failures:
        print(f"MISSED: {failure} (budget {QUERY_BUDGET} queries)", file=sys.stderr)
    print("Within budget." if not failures else "OVER BUDGET.")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
