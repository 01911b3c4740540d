"""The question bank's rules: how many choices are correct, and who may delete a question."""

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from assessments.attempts import start_attempt
from assessments.models import Answer, Question, QuizQuestion, correct_choice_error
from lms import groups
from tests.assessments.test_admin import choice_forms
from tests.factories import QuestionFactory, QuizFactory, QuizTakerFactory, make_user

pytestmark = pytest.mark.django_db

ADD = reverse("wagtailsnippets_assessments_question:add")


def question_form(kind, choices):
    return {
        "kind": kind,
        "difficulty": 2,
        "stem_lo": "ມາດຕາໃດ?",
        "stem_en": "Which article?",
        "feedback_lo": "",
        "feedback_en": "",
        "accepted_answers": "",
        **choice_forms(choices),
    }


@pytest.fixture
def trainer(client):
    user = make_user("trainer-q", groups.TRAINERS)
    client.force_login(user)
    return user


@pytest.mark.parametrize(
    ("kind", "correct"),
    [("single", (True, True)), ("single", (False, False)), ("multiple", (False, False))],
)
def test_a_question_with_the_wrong_number_of_correct_choices_is_refused(
    client, trainer, kind, correct
):
    choices = [("ມາດຕາ 2", "Article 2", correct[0]), ("ມາດຕາ 41", "Article 41", correct[1])]
    response = client.post(ADD, question_form(kind, choices))
    assert response.status_code == 200
    # The message in the language the admin answered in (Lao by default).
    with translation.override(response.headers.get("Content-Language", "lo")):
        message = str(correct_choice_error(kind, sum(correct)))
    assert escape(message) in response.content.decode()
    assert not Question.objects.exists()


def test_a_question_with_its_correct_choices_is_saved_with_its_writer(client, trainer):
    choices = [("ມາດຕາ 2", "Article 2", True), ("ມາດຕາ 41", "Article 41", False)]
    response = client.post(ADD, question_form("single", choices))
    assert response.status_code == 302, response.content.decode()[:2000]
    question = Question.objects.get()
    assert question.created_by == trainer
    assert [c.is_correct for c in question.choices.all()] == [True, False]


def delete(client, question):
    url = reverse("wagtailsnippets_assessments_question:delete", args=[question.pk])
    return client.post(url)


def test_a_trainer_deletes_their_own_unused_question(client, trainer):
    question = QuestionFactory(created_by=trainer)
    delete(client, question)
    assert not Question.objects.filter(pk=question.pk).exists()


def test_a_trainer_may_not_delete_another_trainers_question(client, trainer):
    other = make_user("trainer-other", groups.TRAINERS)
    question = QuestionFactory(created_by=other)
    assert delete(client, question).status_code in (302, 403)
    assert Question.objects.filter(pk=question.pk).exists()


@pytest.mark.parametrize("answered", [True, False])
def test_a_question_an_attempt_used_stays(client, trainer, answered):
    question = QuestionFactory(created_by=trainer)
    attempt = start_attempt(QuizFactory(questions=[question]), QuizTakerFactory())
    if answered:
        Answer.objects.create(attempt=attempt, question=question, response={"choice": 0})
    # Taken out of the quiz since: the attempt still shows it, so it is not deleted.
    QuizQuestion.objects.filter(question=question).delete()
    assert delete(client, question).status_code in (302, 403)
    assert Question.objects.filter(pk=question.pk).exists()


def test_administrators_delete_an_unused_question_of_anyone(client):
    client.force_login(make_user("admin-q", groups.ADMINISTRATORS))
    question = QuestionFactory(created_by=make_user("trainer-other", groups.TRAINERS))
    delete(client, question)
    assert not Question.objects.filter(pk=question.pk).exists()
