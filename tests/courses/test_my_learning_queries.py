"""The "My learning" page reads the same number of queries whatever the number of enrolments.

Counted as a test can: the second request after a warm-up one, with Django's
CaptureQueriesContext. The learner's enrolments mix courses in progress (each with a next
lesson to show) and completed ones (post-test passed, certificate issued), in Lao and in
English, where every course and lesson is shown in its English translation.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from assessments.models import QuizPurpose
from courses.learning.enrolment import enrol_person, record_lesson_completion
from tests.factories import LearnerFactory, QuizFactory, make_course, submit_attempt

pytestmark = pytest.mark.django_db


def enrol(home, learner, number):
    """Even numbers: a course of three lessons, one read (in progress). Odd numbers: a
    course of one lesson with a post-test, both done (completed, with a certificate)."""
    if number % 2 == 0:
        course = make_course(home, lessons=3, translate=True)
        record_lesson_completion(enrol_person(learner, course), course.lessons().first())
        return course
    post = QuizFactory(purpose=QuizPurpose.POST)
    course = make_course(home, lessons=1, translate=True, post_test=post)
    submit_attempt(post, learner, 90, course=course)
    record_lesson_completion(enrol_person(learner, course), course.lessons().first())
    return course


def count_queries(client, language):
    with translation.override(language):
        url = reverse("courses:my_learning")
    client.get(url)  # warm the per-process caches (content types, sites, locales)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response


@pytest.mark.parametrize("language", ["lo", "en"])
def test_my_learning_takes_as_many_queries_for_5_enrolments_as_for_1(client, home_pages, language):
    learner = LearnerFactory()
    client.force_login(learner.user)
    enrol(home_pages["lo"], learner, 0)
    one, response = count_queries(client, language)
    assert len(response.context["in_progress"]) == 1
    for number in range(1, 5):
        enrol(home_pages["lo"], learner, number)
    five, response = count_queries(client, language)
    assert len(response.context["in_progress"]) == 3
    assert len(response.context["completed"]) == 2
    assert len(response.context["certificates"]) == 2
    html = response.content.decode()
    # Shown in the language of the request, each in-progress course with its next lesson.
    assert html.count("Lesson ບົດທີ 2" if language == "en" else "ບົດທີ 2") == 3
    assert (html.count("Identifying victims") > 0) == (language == "en")
    assert five == one
