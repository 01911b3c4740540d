"""Demo courses load twice without duplicates; every course page renders in both languages."""

import pytest
from wagtail.models import Revision

from courses.demo import courses as demo_courses
from courses.models import Certificate, CoursePage, Enrolment, LessonCompletion, LessonPage
from lms import demo as core_demo

pytestmark = pytest.mark.django_db


def counts():
    return (
        CoursePage.objects.count(),
        LessonPage.objects.count(),
        Enrolment.objects.count(),
        LessonCompletion.objects.count(),
        Certificate.objects.count(),
        Revision.objects.count(),
    )


def test_demo_courses_are_idempotent_and_render_in_lao_and_english(client):
    core_demo.load()
    demo_courses.load()
    first = counts()
    demo_courses.load()
    assert counts() == first
    # Six courses with 3 to 6 lessons, each in Lao and English.
    assert first[0] == 12
    for course in CoursePage.objects.live():
        assert 3 <= course.lessons().count() <= 6
        assert client.get(course.url).status_code == 200
        assert client.get(course.lessons().last().url).status_code == 200
    for path in ("/lo/courses/", "/en/courses/"):
        assert client.get(path).status_code == 200
    # Learners at different stages: completed with a certificate, halfway, just enrolled.
    statuses = {
        (e.lessons_done, e.lessons_total)
        for e in Enrolment.objects.filter(person__user__username="learner").with_progress()
    }
    assert {(3, 3), (1, 3), (0, 3)} <= statuses
    assert Certificate.objects.filter(person__user__username="learner").valid().count() == 1
