"""Builders for course tests: a course tree in Lao (optionally translated), learners, attempts."""

import itertools
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from assessments.models import Attempt, Quiz, QuizPurpose
from courses.models import CourseIndexPage, CoursePage, CourseSectionPage, LessonPage
from lms.demo import publish_page, publish_translation
from lms.models import Person, Province, Sector, Sex

_numbers = itertools.count(1)


def course_index(home) -> CourseIndexPage:
    index = CourseIndexPage.objects.filter(locale=home.locale).first()
    if index is None:
        index = CourseIndexPage(title="ຫຼັກສູດ", slug="courses")
        home.add_child(instance=index)
        index = publish_page(index)
    return index


def course_section(home, sector_code=None) -> CourseSectionPage:
    index = course_index(home)
    sector = Sector.objects.get(code=sector_code) if sector_code else None
    section = CourseSectionPage.objects.child_of(index).filter(sector=sector).first()
    if section is None:
        slug = sector_code or "core"
        section = CourseSectionPage(title=f"ພາກ {slug}", slug=slug, sector=sector)
        index.add_child(instance=section)
        section = publish_page(section)
    return section


def make_course(home, *, sector_code="police", lessons=3, translate=False, **fields) -> CoursePage:
    """A live Lao course with ``lessons`` live lessons; with English translations if asked."""
    n = next(_numbers)
    section = course_section(home, sector_code)
    defaults = {
        "title": f"ຫຼັກສູດ ການກຳນົດຕົວຜູ້ຖືກເຄາະຮ້າຍ {n}",
        "slug": f"course-{n}",
        "summary": "ສະຫຼຸບຫຼັກສູດ",
        "estimated_hours": Decimal("4.5"),
        "signatory_name": "ທ່ານ ສົມພອນ",
    }
    course = CoursePage(**defaults | fields)
    section.add_child(instance=course)
    course = publish_page(course)
    for number in range(1, lessons + 1):
        lesson = LessonPage(
            title=f"ບົດທີ {number}",
            slug=f"lesson-{number}",
            body=[("paragraph", f"<p>ເນື້ອໃນບົດທີ {number}</p>")],
            estimated_minutes=10,
        )
        course.add_child(instance=lesson)
        publish_page(lesson)
    if translate:
        translate_course(course)
    return course


def translate_course(course: CoursePage):
    """Publish the English translations of the course's ancestors, the course and its lessons."""
    for ancestor in course.get_ancestors().filter(depth__gte=2).specific():
        publish_translation(ancestor, "en", title=f"EN {ancestor.title}")
    english = publish_translation(
        course, "en", title=f"Identifying victims {course.pk}", summary="Course summary"
    )
    for lesson in course.lessons():
        publish_translation(lesson, "en", title=f"Lesson {lesson.title}")
    return english


def make_learner(name_lo=None, sector_code="police", username=None, **fields):
    n = next(_numbers)
    user = get_user_model().objects.create_user(
        username=username or f"learner{n}", password="a-Long-enough-passw0rd"
    )
    person = Person.objects.create(
        name_lo=name_lo or f"ນັກຮຽນ ທີ {n}",
        name_latin=f"Learner {n}",
        sex=Sex.FEMALE,
        sector=Sector.objects.get(code=sector_code),
        province=Province.objects.get(code="01"),
        user=user,
        **fields,
    )
    return person


def make_quiz(purpose=QuizPurpose.POST, **fields) -> Quiz:
    defaults = {
        "title_en": f"Quiz {purpose}",
        "title_lo": f"ແບບທົດສອບ {purpose}",
        "purpose": purpose,
        "pass_mark": Decimal(70),
        "live": True,
    }
    return Quiz.objects.create(**defaults | fields)


def submit_attempt(quiz, person, score, course=None) -> Attempt:
    return Attempt.objects.create(
        quiz=quiz,
        person=person,
        course=course,
        status="submitted",
        submitted_at=timezone.now(),
        score_percent=Decimal(score),
    )
