"""THE "trained" rule (ParticipationQuerySet.with_completion) and THE course-completion rule
(EnrolmentQuerySet.with_status), on hand-built cases."""

from decimal import Decimal

import pytest

from assessments.models import QuizPurpose
from courses.certificates.issue import met_completion_rule
from courses.learning.enrolment import enrol_person
from courses.models import Enrolment, LessonCompletion, Participation
from courses.models.events import SHARE_TOLERANCE
from tests.factories import (
    LearnerFactory,
    QuizFactory,
    attend,
    make_course,
    make_event,
    submit_attempt,
)

pytestmark = pytest.mark.django_db

P, A = "present", "absent"


def test_failing_the_chosen_post_test_and_passing_another_post_quiz_is_not_trained():
    chosen, other = QuizFactory(purpose=QuizPurpose.POST), QuizFactory(purpose=QuizPurpose.POST)
    event = make_event(post_test=chosen, post_test_required=True)
    person = LearnerFactory()
    attend(event, person, [P, P])
    submit_attempt(chosen, person, 40, event=event)
    submit_attempt(other, person, 100, event=event)

    assert not Participation.objects.trained().filter(person=person).exists()
    row = Participation.objects.with_completion().get(person=person)
    assert row.met_attendance and not row.passed_post_test and not row.is_trained
    assert not met_completion_rule(person, event=event)


@pytest.mark.parametrize(
    ("marks", "share", "required", "score", "trained"),
    [
        ([P, P, P, P], "0.80", False, None, True),
        ([P, P, P, A], "0.80", False, None, False),  # 75% of the hours
        ([P, P, P, A], "0.75", False, None, True),  # exactly the event's share
        ([P, P, P, P], "0.80", True, None, False),  # required post-test not taken
        ([P, P, P, P], "0.80", True, 69, False),  # below the event's 70
        ([P, P, P, P], "0.80", True, 70, True),
        ([P, P, A, A], "0.80", True, 100, False),  # passed but absent half the time
        (["late", "late", "excused", P], "0.80", False, None, False),  # excused is absent
    ],
)
def test_trained_rule(marks, share, required, score, trained):
    quiz = QuizFactory(purpose=QuizPurpose.POST, pass_mark=Decimal(90))
    event = make_event(
        session_hours=(2, 2, 2, 2),
        min_attendance_share=Decimal(share),
        post_test=quiz,
        post_test_required=required,
        post_test_pass_mark=Decimal(70),
    )
    person = LearnerFactory()
    attend(event, person, marks)
    if score is not None:
        submit_attempt(quiz, person, score, event=event)
    assert Participation.objects.trained().filter(person=person).exists() is trained
    assert met_completion_rule(person, event=event) is trained


def test_the_share_tolerance_is_below_a_hundredth_of_an_hour():
    # Hours are stored to the hundredth: the tolerance must never turn a real shortfall
    # of 0.01 hour into a pass.
    assert Decimal("0") < SHARE_TOLERANCE < Decimal("0.01")


def read_all(enrolment):
    for lesson in enrolment.course.lessons():
        LessonCompletion.objects.get_or_create(enrolment=enrolment, lesson=lesson)


@pytest.mark.parametrize(
    ("marks", "course_share", "complete"),
    [
        ([P, P, P, P, P], None, True),  # no attendance asked for
        ([P, P, P, P, A], "0.80", True),  # exactly 80% of the workshop's hours
        ([P, P, P, A, A], "0.80", False),  # 60%
        (None, "0.80", False),  # never at a workshop teaching the course
    ],
)
def test_course_completion_asks_for_the_courses_attendance_share(
    home_pages, marks, course_share, complete
):
    share = Decimal(course_share) if course_share else None
    course = make_course(home_pages["lo"], lessons=2, min_attendance_share=share)
    person = LearnerFactory()
    if marks is not None:
        workshop = make_event(session_hours=(2, 2, 2, 2, 2))
        workshop.courses.add(course)
        attend(workshop, person, marks)
    enrolment = Enrolment.objects.create(person=person, course=course)
    read_all(enrolment)

    assert enrolment.is_complete() is complete
    assert Enrolment.objects.with_status().get(pk=enrolment.pk).is_complete() is complete
    assert Enrolment.objects.completed().filter(pk=enrolment.pk).exists() is complete
    assert met_completion_rule(person, course=course) is complete


def test_course_completion_uses_the_courses_pass_mark_not_the_quizs(home_pages):
    quiz = QuizFactory(purpose=QuizPurpose.POST, pass_mark=Decimal(90))
    course = make_course(home_pages["lo"], lessons=1, post_test=quiz, pass_mark=Decimal(60))
    person = LearnerFactory()
    enrolment = enrol_person(person, course)
    read_all(enrolment)
    assert not enrolment.is_complete()
    submit_attempt(quiz, person, 65, course=course)
    assert enrolment.is_complete()
    assert met_completion_rule(person, course=course)


def test_the_course_page_shows_completion_by_the_same_rule(client, home_pages):
    course = make_course(home_pages["lo"], lessons=1, min_attendance_share=Decimal("0.80"))
    person = LearnerFactory()
    enrolment = enrol_person(person, course)
    read_all(enrolment)
    client.force_login(person.user)
    assert client.get(course.url).context["is_complete"] is False
    workshop = make_event(session_hours=(4,))
    workshop.courses.add(course)
    attend(workshop, person, [P])
    assert client.get(course.url).context["is_complete"] is True
