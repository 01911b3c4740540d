"""A learner's attempts are theirs alone, and count only for the events they take part in
and the courses they are enrolled in."""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import translation

from assessments.attempts import AttemptNotAllowed, start_attempt
from assessments.models import Answer, Attempt, AttemptStatus, QuestionType
from courses.events.attendance import register_participant
from courses.learning.enrolment import enrol_person
from courses.models import ParticipationRole
from tests.factories import (
    QuestionFactory,
    QuizFactory,
    QuizTakerFactory,
    UserFactory,
    make_course,
    make_event,
)

pytestmark = pytest.mark.django_db


def url(name, **kwargs):
    with translation.override("lo"):
        return reverse(f"assessments:{name}", kwargs=kwargs)


def learner(username):
    return QuizTakerFactory(user=UserFactory(username=username), name_latin=username)


@pytest.fixture
def quiz():
    return QuizFactory(
        questions=[
            QuestionFactory(),
            QuestionFactory(kind=QuestionType.TRUE_FALSE, answer_true=True),
        ]
    )


@pytest.fixture
def alouny():
    return learner("alouny")


@pytest.fixture
def bounmy():
    return learner("bounmy")


# Events and courses ----------------------------------------------------------------------


def test_learner_cannot_take_a_quiz_for_an_event_they_are_not_in(client, alouny, quiz):
    event = make_event()
    client.force_login(alouny.user)
    start = url("start", pk=quiz.pk)
    assert client.get(start, {"event": event.pk}).status_code == 404
    assert client.post(start, {"event": event.pk}).status_code == 404
    assert not Attempt.objects.exists()


def test_a_trainer_role_at_the_event_does_not_make_a_participant(client, alouny, quiz):
    event = make_event()
    register_participant(event, alouny, role=ParticipationRole.TRAINER)
    client.force_login(alouny.user)
    assert client.post(url("start", pk=quiz.pk), {"event": event.pk}).status_code == 404
    assert not Attempt.objects.exists()


def test_participant_takes_the_quiz_for_their_event(client, alouny, quiz):
    event = make_event()
    register_participant(event, alouny)
    client.force_login(alouny.user)
    start = url("start", pk=quiz.pk)
    assert client.get(start, {"event": event.pk}).status_code == 200
    assert client.post(start, {"event": event.pk}).status_code == 302
    assert Attempt.objects.get().event == event


def test_learner_cannot_take_a_quiz_for_a_course_they_are_not_enrolled_in(
    client, home_pages, alouny, quiz
):
    course = make_course(home_pages["lo"], lessons=1)
    client.force_login(alouny.user)
    start = url("start", pk=quiz.pk)
    assert client.get(start, {"course": course.pk}).status_code == 404
    assert client.post(start, {"course": course.pk}).status_code == 404
    assert not Attempt.objects.exists()
    enrol_person(alouny, course)
    assert client.post(start, {"course": course.pk}).status_code == 302
    assert Attempt.objects.get().course_id == course.pk


def test_start_attempt_refuses_a_group_the_person_is_not_in(alouny, quiz):
    with pytest.raises(AttemptNotAllowed):
        start_attempt(quiz, alouny, event=make_event())
    assert not Attempt.objects.exists()


# Someone else's attempt --------------------------------------------------------------------


@pytest.fixture
def alounys_attempt(client, alouny, quiz):
    client.force_login(alouny.user)
    client.post(url("start", pk=quiz.pk))
    return Attempt.objects.get(person=alouny)


def test_another_learner_cannot_see_an_attempt_or_its_review(client, alounys_attempt, bounmy, quiz):
    client.post(url("attempt", public_id=alounys_attempt.public_id), {"action": "submit"})
    client.force_login(bounmy.user)
    for name in ("attempt", "review"):
        response = client.get(url(name, public_id=alounys_attempt.public_id))
        assert response.status_code == 404
        assert "alouny" not in response.content.decode()


def test_another_learners_post_changes_nothing(client, alounys_attempt, bounmy, quiz):
    true_false = quiz.quiz_questions.get(question__kind=QuestionType.TRUE_FALSE).question
    client.force_login(bounmy.user)
    page = url("attempt", public_id=alounys_attempt.public_id)
    for action in ("save", "submit"):
        response = client.post(page, {f"q{true_false.pk}": "false", "action": action})
        assert response.status_code == 404
    autosave = client.post(page, {f"q{true_false.pk}": "false"}, HTTP_X_AUTOSAVE="1")
    assert autosave.status_code == 404
    alounys_attempt.refresh_from_db()
    assert alounys_attempt.status == AttemptStatus.IN_PROGRESS
    assert not Answer.objects.exists()


def test_an_account_without_a_person_sees_no_attempt(client, alounys_attempt):
    client.force_login(User.objects.create_user("nobody", password="pw"))
    assert client.get(url("attempt", public_id=alounys_attempt.public_id)).status_code == 404
    assert client.get(url("review", public_id=alounys_attempt.public_id)).status_code == 404


def test_the_account_that_started_an_attempt_loses_it_with_its_person(
    client, alounys_attempt, alouny
):
    # The account is handed to someone else: the attempt stays Alouny's.
    user = alouny.user
    alouny.user = None
    alouny.save()
    QuizTakerFactory(user=user, name_latin="New holder")
    client.force_login(user)
    assert client.get(url("attempt", public_id=alounys_attempt.public_id)).status_code == 404
