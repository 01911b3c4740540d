"""THE pass mark and "passed the post-test" (assessments.passing), on hand-built cases."""

from decimal import Decimal

import pytest

from assessments.models import Attempt, AttemptStatus, QuizPurpose
from assessments.passing import (
    attempt_pass_mark,
    has_passed_course_post_test,
    has_passed_event_post_test,
    pass_mark_for,
)
from courses.models import Enrolment, Participation
from tests.factories import (
    LearnerFactory,
    QuizFactory,
    attend,
    make_course,
    make_event,
    submit_attempt,
    translate_course,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("where", "expected"),
    [
        ("event", Decimal(50)),  # the event's mark overrides the quiz's 80
        ("course", Decimal(60)),  # the course's mark overrides the quiz's 80
        ("both", Decimal(50)),  # the event's before the course's
        ("nowhere", Decimal(80)),  # the quiz's own
    ],
)
def test_the_pass_mark_is_the_mark_of_where_the_test_is_taken(home_pages, where, expected):
    quiz = QuizFactory(purpose=QuizPurpose.POST, pass_mark=Decimal(80))
    event = make_event(post_test_pass_mark=Decimal(50))
    course = make_course(home_pages["lo"], lessons=1, pass_mark=Decimal(60))
    at = {
        "event": {"event": event},
        "course": {"course": course},
        "both": {"event": event, "course": course},
        "nowhere": {},
    }[where]
    attempt = submit_attempt(quiz, LearnerFactory(), 75, **at)
    assert attempt.pass_mark == expected
    assert pass_mark_for(quiz, at.get("event"), at.get("course")) == expected
    in_sql = Attempt.objects.annotate(mark=attempt_pass_mark()).get(pk=attempt.pk).mark
    assert in_sql == expected
    assert attempt.is_passed is (Decimal(75) >= expected)


EVENT_CASES = [
    # (taken, score, event mark, quiz mark, passed)
    ("chosen", 65, 60, 80, True),  # the event's pass mark overrides the quiz's
    ("chosen", 60, 60, 80, True),  # exactly the mark
    ("chosen", 59, 60, 50, False),  # the quiz's lower mark does not help
    ("another post quiz", 100, 60, 50, False),  # not the event's chosen post-test
    ("chosen at another event", 100, 60, 50, False),
    ("chosen, in progress", 100, 60, 50, False),
]


@pytest.mark.parametrize(("taken", "score", "event_mark", "quiz_mark", "passed"), EVENT_CASES)
def test_passed_the_event_post_test(taken, score, event_mark, quiz_mark, passed):
    chosen = QuizFactory(purpose=QuizPurpose.POST, pass_mark=Decimal(quiz_mark))
    other = QuizFactory(purpose=QuizPurpose.POST, pass_mark=Decimal(quiz_mark))
    event = make_event(
        session_hours=(4,),
        post_test=chosen,
        post_test_required=True,
        post_test_pass_mark=Decimal(event_mark),
    )
    elsewhere = make_event(session_hours=(4,), post_test=chosen)
    person = LearnerFactory()
    attend(event, person, ["present"])
    quiz = other if taken == "another post quiz" else chosen
    where = elsewhere if taken == "chosen at another event" else event
    status = AttemptStatus.IN_PROGRESS if "in progress" in taken else AttemptStatus.SUBMITTED
    submit_attempt(quiz, person, score, event=where, status=status)

    assert has_passed_event_post_test(event, person) is passed
    row = Participation.objects.with_completion().get(event=event, person=person)
    assert row.passed_post_test is passed
    assert row.is_trained is passed


def test_an_event_without_a_chosen_post_test_has_nobody_passing_it():
    quiz = QuizFactory(purpose=QuizPurpose.POST)
    event = make_event(session_hours=(4,), post_test_required=True)
    person = LearnerFactory()
    attend(event, person, ["present"])
    submit_attempt(quiz, person, 100, event=event)
    assert not has_passed_event_post_test(event, person)
    assert not Participation.objects.trained().filter(person=person).exists()


COURSE_CASES = [
    # (where the attempt was made, score, course mark, quiz mark, passed)
    ("this course", 65, 60, 80, True),  # the course's pass mark overrides the quiz's
    ("this course", 70, 80, 60, False),  # the quiz's lower mark does not help
    ("this course in English", 80, 80, 60, True),  # a translation is the same course
    ("outside any course", 80, 80, 60, True),
    ("at a workshop", 65, 60, 80, True),  # held to the course's mark, not the event's 90
    ("another course", 100, 60, 60, False),
]


@pytest.mark.parametrize(("where", "score", "course_mark", "quiz_mark", "passed"), COURSE_CASES)
def test_passed_the_course_post_test_uses_the_courses_pass_mark(
    home_pages, where, score, course_mark, quiz_mark, passed
):
    quiz = QuizFactory(purpose=QuizPurpose.POST, pass_mark=Decimal(quiz_mark))
    course = make_course(
        home_pages["lo"], lessons=1, post_test=quiz, pass_mark=Decimal(course_mark)
    )
    other = make_course(home_pages["lo"], lessons=1, post_test=quiz)
    person = LearnerFactory()
    enrolment = Enrolment.objects.create(person=person, course=course)
    at = {
        "this course": {"course": course},
        "outside any course": {},
        "at a workshop": {"event": make_event(post_test_pass_mark=Decimal(90))},
        "another course": {"course": other},
    }.get(where)
    if where == "this course in English":
        at = {"course": translate_course(course)}
    submit_attempt(quiz, person, score, **at)

    assert has_passed_course_post_test(course, person) is passed
    annotated = Enrolment.objects.with_status().get(pk=enrolment.pk)
    assert annotated.post_test_passed is passed


def test_a_course_without_a_post_test_asks_for_none(home_pages):
    course = make_course(home_pages["lo"], lessons=1)
    person = LearnerFactory()
    enrolment = Enrolment.objects.create(person=person, course=course)
    assert has_passed_course_post_test(course, person)
    assert Enrolment.objects.with_status().get(pk=enrolment.pk).post_test_passed


def test_a_pre_test_at_the_pass_mark_is_not_the_post_test(home_pages):
    pre, post = QuizFactory(purpose=QuizPurpose.PRE), QuizFactory(purpose=QuizPurpose.POST)
    course = make_course(home_pages["lo"], lessons=1, pre_test=pre, post_test=post)
    person = LearnerFactory()
    submit_attempt(pre, person, 100, course=course)
    assert not has_passed_course_post_test(course, person)
